package cnes

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzRecordReader compares recordReader with encoding/csv (Comma ';',
// ReuseRecord, LazyQuotes as the input bit says) on arbitrary input:
// the same records, field positions, offsets and errors, up to the first
// error that is not csv.ErrFieldCount (the loader stops there). The one
// deliberate difference: a quoted field still open at the end of the
// input is reported at its opening quote (ErrUnclosedQuote, which matches
// csv.ErrQuote), where encoding/csv reports the end of the input.
func FuzzRecordReader(f *testing.F) {
	for _, s := range []string{
		"\"a\";\"b\"\n\"1\";\"2\"\n",
		"a;b\r\nc;d\r\n\r\n\ne;f",
		"\"a\nb\";c\n\"x\"\"y\";z\n",
		"\"a\";\"b\n",
		"a\"b;c\n",
		"\"a\"b;c\n",
		"\"\";\"\"\n\"\"\n;;\n",
		"a;b\n\"unclosed;x\ny;z\n",
		"x\r",
		"\"a\"\r\n\"b\r\nc\"\r\n",
		";\n\"\n",
	} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	if files, _ := filepath.Glob("testdata/malformed/*.csv"); len(files) > 0 {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil && len(b) < 4096 {
				f.Add(false, b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, lazy bool, data []byte) {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.Comma = ';'
		cr.ReuseRecord = true
		cr.LazyQuotes = lazy
		rr := newRecordReader(bytes.NewReader(data), 1<<30, lazy)
		for n := 0; n < 1000; n++ {
			want, werr := cr.Read()
			got, gerr := rr.read()
			if werr == io.EOF || gerr == io.EOF {
				if werr != gerr {
					t.Fatalf("record %d: csv %v, recordReader %v", n, werr, gerr)
				}
				return
			}
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("record %d: csv %v, recordReader %v", n, werr, gerr)
			}
			if werr != nil {
				var we *csv.ParseError
				var ge *readError
				if !errors.As(werr, &we) || !errors.As(gerr, &ge) {
					t.Fatalf("record %d: error types %T %T", n, werr, gerr)
				}
				if !errors.Is(ge.err, we.Err) || ge.startLine != we.StartLine {
					t.Fatalf("record %d: csv %v, recordReader %v (record from line %d)", n, werr, gerr, ge.startLine)
				}
				if errors.Is(ge.err, ErrUnclosedQuote) {
					return // reported at the opening quote, on purpose
				}
				if ge.line != we.Line || ge.col != we.Column {
					t.Fatalf("record %d: csv %v, recordReader line %d column %d", n, werr, ge.line, ge.col)
				}
				if !errors.Is(werr, csv.ErrFieldCount) {
					return // the loader stops at the first other error
				}
				if got != nil {
					t.Fatalf("record %d: a record with the wrong field count is returned", n)
				}
				continue // not built by recordReader
			}
			if !reflect.DeepEqual(want, got) && !(len(want) == 0 && len(got) == 0) {
				t.Fatalf("record %d: csv %q, recordReader %q", n, want, got)
			}
			for i := range want {
				wl, wc := cr.FieldPos(i)
				gl, gc := rr.fieldPos(i)
				if wl != gl || wc != gc {
					t.Fatalf("record %d field %d: csv at %d:%d, recordReader at %d:%d", n, i, wl, wc, gl, gc)
				}
			}
			if cr.InputOffset() != rr.inputOffset() {
				t.Fatalf("record %d: offset csv %d, recordReader %d", n, cr.InputOffset(), rr.inputOffset())
			}
		}
	})
}

// TestRecordLimit: a line, or a record whose quoted field holds line
// breaks, past the limit fails as soon as the limit is passed; a quote
// that is never closed is reported where it opened.
func TestRecordLimit(t *testing.T) {
	tests := []struct {
		name            string
		in              string
		line, col, from int
		quote           bool
	}{
		{"long line", "a;b\n" + strings.Repeat("x", 5000) + "\n", 2, 0, 2, false},
		{"field with line breaks", "a;b\n\"1\";\"" + strings.Repeat("xxxxxxxxx\n", 500) + "\"\n", 2, 5, 2, true},
		{"never closed", "a;b\n1;2\n\"3\";\"4\n" + strings.Repeat("5;6\n", 2000), 3, 5, 3, true},
		{"second line of a quoted field", "a;b\n\"1\n\";" + strings.Repeat("y", 5000) + "\n", 2, 1, 2, true},
		{"after a quoted field", "a;b\n\"1\n\";y\n" + strings.Repeat("y", 5000) + "\n", 4, 0, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &countReader{r: strings.NewReader(tt.in)}
			rr := newRecordReader(src, 1000, false)
			var err error
			for err == nil {
				_, err = rr.read()
			}
			var re *readError
			var le *LimitError
			if !errors.As(err, &re) || !errors.Is(err, ErrRecordTooLong) || !errors.As(err, &le) || le.Limit != 1000 {
				t.Fatalf("err = %v, want ErrRecordTooLong", err)
			}
			if re.line != tt.line || re.col != tt.col || re.startLine != tt.from || le.Quote != tt.quote || errors.Is(err, csv.ErrQuote) != tt.quote {
				t.Errorf("error at %d:%d from %d (quote %v), want %d:%d from %d (quote %v)", re.line, re.col, re.startLine, le.Quote, tt.line, tt.col, tt.from, tt.quote)
			}
			if src.n > 1000+64<<10+4096 {
				t.Errorf("read %d bytes before failing", src.n)
			}
		})
	}
	// At the end of the file, the unclosed quote is reported where it
	// opened.
	rr := newRecordReader(strings.NewReader("a;b\n1;\"2\n3\n4\n"), 1000, false)
	rr.read()
	_, err := rr.read()
	var re *readError
	if !errors.As(err, &re) || !errors.Is(err, ErrUnclosedQuote) || !errors.Is(err, csv.ErrQuote) || re.line != 2 || re.col != 3 {
		t.Errorf("unclosed quote: %v at %+v", err, re)
	}
}

type countReader struct {
	r io.Reader
	n int
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

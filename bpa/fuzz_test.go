package bpa

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func addGoldenSeeds(f *testing.F) {
	for _, v := range Versions {
		if b, err := os.ReadFile(goldenPath(v)); err == nil {
			f.Add(b)
		}
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "broken", "*.bpa"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// FuzzReader: no input panics or hangs; every line is a record or a
// *ParseError, unless the input is not a BPA file at all (ErrEmpty,
// ErrNotBPA), which stops the reader at once; a record that parses writes
// back to the same bytes (except the bpa-go variant, which is never
// written).
func FuzzReader(f *testing.F) {
	addGoldenSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := NewReader(bytes.NewReader(data))
		rd.MaxLineLength = 512
		for {
			v, err := rd.ReadView()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *ParseError
				if errors.As(err, &pe) {
					continue
				}
				if (errors.Is(err, ErrEmpty) || errors.Is(err, ErrNotBPA)) && v.Line() == 0 && rd.LineNumber() <= len(data) {
					if _, again := rd.ReadView(); again != err {
						t.Fatalf("a fatal error must stick: %v, then %v", err, again)
					}
					break
				}
				t.Fatalf("non-parse error %v", err)
			}
			_ = v.AppendJSON(nil)
			rec, err := v.Decode()
			if err != nil {
				continue
			}
			if i, ok := rec.(*Individualizado); ok && i.Version == V353 {
				continue
			}
			out, err := rec.AppendText(nil)
			if err != nil {
				// Control characters and undefined bytes are kept on read
				// and refused on write.
				if errors.Is(err, ErrControl) || errors.Is(err, ErrUnencodable) {
					continue
				}
				t.Fatalf("line %d: write after read: %v", v.Line(), err)
			}
			if !bytes.Equal(out, v.Bytes()) {
				t.Fatalf("line %d: round trip\n got %q\nwant %q", v.Line(), out, v.Bytes())
			}
			_ = ValidateRecord(rec, nil)
		}
		_ = rd.Problems()
	})
}

// FuzzJSON: decoding arbitrary JSON never panics; what decodes encodes
// back to an object that decodes to the same bytes; and every line of a
// BPA input round-trips through JSON exactly.
func FuzzJSON(f *testing.F) {
	addGoldenSeeds(f)
	f.Add([]byte(`{"tipo":"02","prd_cnes":"1234567","prd_qt":"1"}`))
	f.Add([]byte(`{"tipo":"03","prd_nmpac":"JOSÉ \u0081","prd_sem_cpf":"S"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		line, _, err := AppendJSONLine(nil, data, 0)
		if err == nil {
			v := View{line: line, typ: recordTypeOf(line)}
			if v.typ == TypeIndividualizado {
				v.ver = Version(len(line))
			}
			again, _, err := AppendJSONLine(nil, v.AppendJSON(nil), 0)
			if err != nil || !bytes.Equal(again, line) {
				t.Fatalf("JSON round trip of %q: %v\n got %q\nwant %q", data, err, again, line)
			}
		}
		var js bytes.Buffer
		if ToJSON(&js, bytes.NewReader(data)) != nil {
			return
		}
		var back bytes.Buffer
		if err := FromJSON(&back, &js); err != nil {
			t.Fatalf("FromJSON(ToJSON): %v", err)
		}
		var want bytes.Buffer
		rd := NewReader(bytes.NewReader(data))
		for {
			v, err := rd.ReadView()
			if err != nil {
				break
			}
			want.Write(v.Bytes())
			want.WriteString("\r\n")
		}
		if !bytes.Equal(back.Bytes(), want.Bytes()) {
			t.Fatalf("bytes differ after the JSON round trip")
		}
	})
}

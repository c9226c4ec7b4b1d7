package bpa

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestNotBPA: input whose first line is not a 01#BPA# header is one error,
// ErrNotBPA naming the file, and nothing else: no rejected lines, no
// problems.
func TestNotBPA(t *testing.T) {
	golden := strings.Split(string(readGolden(t, V350)), "\r\n")
	inputs := map[string]string{
		"text":        "hello world\nsecond line\n",
		"csv":         "CO_CNES;NO_FANTASIA\r\n1234567;POSTO\r\n",
		"no header":   join(golden[1:4]),
		"utf-16":      "\xFF\xFE0\x001\x00#\x00",
		"lower case":  strings.Replace(join(golden[:4]), "01#BPA#", "01#bpa#", 1),
		"long binary": strings.Repeat("\x00\x01", 10000),
		"blank first": "\r\n" + join(golden[1:4]),
	}
	for name, in := range inputs {
		rd := NewReader(strings.NewReader(in))
		rd.File = "PAX.JAN"
		var errs []error
		for _, err := range rd.All() {
			if err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) != 1 || !errors.Is(errs[0], ErrNotBPA) || isParseError(errs[0]) {
			t.Errorf("%s: errors %v, want one ErrNotBPA", name, errs)
			continue
		}
		if got := errs[0].Error(); !strings.HasPrefix(got, "bpa: PAX.JAN: not a BPA file") {
			t.Errorf("%s: message %q does not name the file once", name, got)
		}
		if _, err := rd.ReadView(); err != errs[0] {
			t.Errorf("%s: the error must stick, got %v", name, err)
		}
		if ps, err := Validate(strings.NewReader(in)); !errors.Is(err, ErrNotBPA) || len(ps) != 0 {
			t.Errorf("%s: Validate = %v, %v; want no problems and ErrNotBPA", name, ps, err)
		}
		if _, err := Decode(strings.NewReader(in)); !errors.Is(err, ErrNotBPA) || strings.Count(err.Error(), "\n") != 0 {
			t.Errorf("%s: Decode = %v", name, err)
		}
		if err := ToJSON(io.Discard, strings.NewReader(in)); !errors.Is(err, ErrNotBPA) {
			t.Errorf("%s: ToJSON = %v", name, err)
		}
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestNotBPAStopsEarly: a huge input with no line end is refused after
// its first buffer, not read to the end.
func TestNotBPAStopsEarly(t *testing.T) {
	in := &countingReader{r: &repeatReader{'x', 1 << 30}}
	start := time.Now()
	_, err := NewReader(in).Read()
	t.Logf("1 GiB without a line end: %v after reading %d KiB in %v", err, in.n>>10, time.Since(start))
	if !errors.Is(err, ErrNotBPA) || in.n > 1<<20 || time.Since(start) > time.Second {
		t.Errorf("%v after reading %d bytes in %v", err, in.n, time.Since(start))
	}
}

func TestEmptyInput(t *testing.T) {
	for _, in := range []string{"", "\r\n", "\n\n\n", "\xEF\xBB\xBF", "\x1a", "\xEF\xBB\xBF\r\n\x1a"} {
		rd := NewReader(strings.NewReader(in))
		_, err := rd.Read()
		if !errors.Is(err, ErrEmpty) || isParseError(err) || err.Error() != "bpa: empty file" {
			t.Errorf("%q: %v, want ErrEmpty", in, err)
		}
		if ps, err := Validate(strings.NewReader(in)); !errors.Is(err, ErrEmpty) || len(ps) != 0 {
			t.Errorf("%q: Validate = %v, %v", in, ps, err)
		}
	}
	// A header alone is a file with no production.
	f, err := Decode(bytes.NewReader(readGolden(t, V350)[:132]))
	if err != nil || len(f.Records) != 0 || f.Header.Competencia.IsZero() {
		t.Errorf("header only: %+v, %v; want the header and no error", f, err)
	}
}

// TestReaderFileName: Reader.File names the input in every error, taken
// from an *os.File by NewReader.
func TestReaderFileName(t *testing.T) {
	lines := strings.Split(string(readGolden(t, V350)), "\r\n")
	lines[2] = set(lines[2], 60, "X")
	path := filepath.Join(t.TempDir(), "PASMS.DEZ")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	rd := NewReader(in)
	if rd.File != path {
		t.Fatalf("File = %q, want %q", rd.File, path)
	}
	var got []string
	for _, err := range rd.All() {
		if err != nil {
			got = append(got, err.Error())
		}
	}
	want := "bpa: " + path + ": line 3, column 60 (prd_cnspac): non-digit in a numeric field"
	if len(got) != 1 || got[0] != want {
		t.Errorf("errors %q, want %q", got, want)
	}
	var pe *ParseError
	rd2 := NewReader(strings.NewReader(strings.Join(lines, "\r\n")))
	for _, err := range rd2.All() {
		if errors.As(err, &pe) && pe.File != "" {
			t.Errorf("File %q without a name", pe.File)
		}
	}
}

// linesReader yields head and then n copies of line without holding them.
type linesReader struct {
	head, line []byte
	n          int
	off        int
}

func (r *linesReader) Read(p []byte) (int, error) {
	w := 0
	for w < len(p) {
		if len(r.head) > 0 {
			k := copy(p[w:], r.head)
			r.head, w = r.head[k:], w+k
			continue
		}
		if r.n == 0 {
			break
		}
		k := copy(p[w:], r.line[r.off:])
		w, r.off = w+k, r.off+k
		if r.off == len(r.line) {
			r.off, r.n = 0, r.n-1
		}
	}
	if w == 0 {
		return 0, io.EOF
	}
	return w, nil
}

// TestTooManyLines: one line over MaxLines after the header is an explicit
// limit error at that line, in bounded time and memory; MaxLines lines
// are read.
func TestTooManyLines(t *testing.T) {
	lines := strings.Split(string(readGolden(t, V350)), "\r\n")
	in := &linesReader{head: []byte(lines[0] + "\r\n"), line: []byte(lines[1] + "\r\n"), n: MaxLines + 1}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	rd := NewReader(in)
	rd.File = "big.bpa"
	views := 0
	var err error
	for {
		var v View
		if v, err = rd.ReadView(); err != nil {
			break
		}
		if v.Type() == TypeConsolidado {
			views++
		}
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooManyLines) || isParseError(err) || views != MaxLines {
		t.Fatalf("after %d lines: %v, want ErrTooManyLines after %d", views, err, MaxLines)
	}
	if want := "bpa: big.bpa: line 1000001: a BPA file holds at most 999999 production lines (cbc_lin has 6 digits)"; err.Error() != want {
		t.Errorf("message %q\nwant %q", err, want)
	}
	grown := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d lines rejected at the limit in %v, %d KiB allocated", MaxLines+1, elapsed, grown>>10)
	if grown > 1<<20 || elapsed > 5*time.Second {
		t.Errorf("limit reached with %d bytes allocated in %v", grown, elapsed)
	}
}

// TestValidateLayoutOther: BPA-I lines of two layouts in one file are an
// error in Validate on the lines of the minority layout; the reader only
// warns.
func TestValidateLayoutOther(t *testing.T) {
	base := strings.Split(strings.TrimSuffix(string(readGolden(t, V350)), "\r\n"), "\r\n")
	tests := []struct {
		name  string
		lines []string
		want  []int // lines reported with CodeLayoutOther
	}{
		// One 350 and one 349 line under a 12/2025 header: the header's
		// layout wins the tie.
		{"tie", []string{base[0], base[1], base[2], base[3][:349]}, []int{4}},
		// The damaged line comes first: the majority decides.
		{"first damaged", []string{base[0], base[2][:349], base[3], base[2], base[3]}, []int{2}},
		{"one layout", base, nil},
	}
	for _, tt := range tests {
		data := join(tt.lines)
		ps, err := Validate(strings.NewReader(data), CodeHeaderLines, CodeControl, CodeHeaderFolhas, CodeSlot)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, p := range ps {
			if p.Code == CodeLayoutOther {
				if p.Severity != Erro || !strings.Contains(p.Facts, "layout") {
					t.Errorf("%s: %v", tt.name, p)
				}
				got = append(got, p.Line)
			}
		}
		if !slicesEqual(got, tt.want) {
			t.Errorf("%s: CodeLayoutOther at %v, want %v (%v)", tt.name, got, tt.want, ps)
		}
		rd := NewReader(strings.NewReader(data))
		for range rd.All() {
		}
		for _, p := range rd.Problems() {
			if p.Code == CodeLayoutOther || p.Severity == Erro {
				t.Errorf("%s: the reader reports %v; it only warns", tt.name, p)
			}
		}
		if ps, _ := Validate(strings.NewReader(data), CodeLayoutOther); codesOf(ps, CodeLayoutOther) != 0 {
			t.Errorf("%s: Skip", tt.name)
		}
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func codesOf(ps []Problem, code string) int {
	n := 0
	for _, p := range ps {
		if p.Code == code {
			n++
		}
	}
	return n
}

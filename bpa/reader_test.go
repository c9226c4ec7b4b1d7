package bpa

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type wantErr struct {
	line, column int
	field        string
	err          error
}

type brokenCase struct {
	name     string
	make     func(lines []string) string // from the golden 350 file's lines (without CR LF)
	errs     []wantErr
	warnings []string // problem codes from Reader.Problems, in order
	fatal    error    // the error that stops the reader, if any
}

func join(lines []string) string { return strings.Join(lines, "\r\n") + "\r\n" }

func set(s string, pos int, v string) string { return s[:pos-1] + v + s[pos-1+len(v):] }

var brokenCases = []brokenCase{
	{name: "lf-only", make: func(l []string) string { return strings.Join(l, "\n") + "\n" }, warnings: []string{CodeLF}},
	{name: "no-final-crlf", make: func(l []string) string { return strings.TrimSuffix(join(l), "\r\n") }, warnings: []string{CodeNoFinalEOL}},
	{name: "bom", make: func(l []string) string { return "\xEF\xBB\xBF" + join(l) }, warnings: []string{CodeBOM}},
	{name: "utf8-name", make: func(l []string) string {
		l[2] = strings.Replace(l[2], "CONCEI\xc7\xc3O", "CONCEIÇÃO", 1)
		return join(l)
	}, errs: []wantErr{{3, 128, "", ErrUTF8}}, warnings: []string{CodeControl}},
	{name: "short-line", make: func(l []string) string { l[1] = l[1][:40]; return join(l) },
		errs: []wantErr{{2, 0, "", ErrLength}}, warnings: []string{CodeControl}},
	{name: "long-bpac", make: func(l []string) string { l[1] += "X"; return join(l) },
		errs: []wantErr{{2, 49, "", ErrLength}}, warnings: []string{CodeControl}},
	{name: "bad-length-bpai", make: func(l []string) string { l[3] = l[3][:90]; return join(l) },
		errs: []wantErr{{4, 0, "", ErrLength}}, warnings: []string{CodeControl}},
	{name: "unknown-type", make: func(l []string) string { l[1] = set(l[1], 1, "04"); return join(l) },
		errs: []wantErr{{2, 1, "", ErrRecordType}}, warnings: []string{CodeHeaderLines, CodeControl}},
	{name: "bad-digit", make: func(l []string) string {
		l[2] = set(l[2], 60, "X")
		l[3] = set(l[3], 86, " 23")
		return join(l)
	}, errs: []wantErr{{3, 60, "prd_cnspac", ErrNotDigits}, {4, 86, "prd_idade", ErrNotDigits}}},
	{name: "right-padded-num", make: func(l []string) string { l[2] = set(l[2], 76, "5300  "); return join(l) },
		errs: []wantErr{{3, 80, "prd_ibge", ErrNotDigits}}},
	{name: "bad-competencia", make: func(l []string) string { l[1] = set(l[1], 10, "202513"); return join(l) },
		errs: []wantErr{{2, 10, "prd_cmp", ErrCompetencia}}},
	{name: "bad-marker", make: func(l []string) string { l[0] = set(l[0], 3, "#BPX#"); return join(l) },
		fatal: ErrNotBPA},
	{name: "no-header", make: func(l []string) string { return join(l[1:]) }, fatal: ErrNotBPA},
	{name: "second-header", make: func(l []string) string { return join(append(l, l[0])) },
		errs: []wantErr{{5, 1, "", ErrHeaderPos}}},
	{name: "empty-lines", make: func(l []string) string { return join([]string{l[0], l[1], "", l[2], l[3]}) },
		warnings: []string{CodeEmptyLine}},
	{name: "header-totals", make: func(l []string) string { l[0] = set(l[0], 14, "000009"); l[0] = set(l[0], 26, "1111"); return join(l) },
		warnings: []string{CodeHeaderLines, CodeControl}},
	{name: "v353", make: func(l []string) string { l[2] += "N  "; l[3] += "   "; return join(l) },
		warnings: []string{CodeLayout353}},
	{name: "mixed-layouts", make: func(l []string) string { l[3] = l[3][:349]; return join(l) },
		warnings: []string{CodeLayoutOld, CodeLayoutMixed}},
	// Trailing blanks trimmed by the writer: completed, with a warning.
	{name: "trimmed-lines", make: func(l []string) string {
		l[0] = strings.TrimRight(l[0], " ")
		l[3] = strings.TrimRight(l[3][:338]+strings.Repeat(" ", 12), " ")
		return join(l)
	}, warnings: []string{CodeShortLine}},
	// A last line cut off without its line end is not completed.
	{name: "truncated-last-line", make: func(l []string) string { l[3] = l[3][:300]; return strings.Join(l, "\r\n") },
		errs: []wantErr{{4, 0, "", ErrLength}}, warnings: []string{CodeNoFinalEOL, CodeControl}},
	// UTF-8 whose byte count is another layout's length (351) is still UTF-8.
	{name: "utf8-valid-length", make: func(l []string) string {
		l[2] = strings.Replace(l[2], "CONCEI\xc7\xc3O", "CONCEIÇÃ", 1)
		return join(l)
	}, errs: []wantErr{{3, 128, "", ErrUTF8}}, warnings: []string{CodeControl}},
	// Old Mac line ends, CR alone.
	{name: "cr-only", make: func(l []string) string { return strings.Join(l, "\r") + "\r" }, warnings: []string{CodeCR}},
	{name: "cr-only-no-final", make: func(l []string) string { return strings.Join(l, "\r") },
		warnings: []string{CodeCR, CodeNoFinalEOL}},
	{name: "ctrl-z", make: func(l []string) string { return join(l) + "\x1a" }, warnings: []string{CodeNoFinalEOL, CodeEOFMarker}},
}

func TestBrokenFiles(t *testing.T) {
	base := strings.Split(strings.TrimSuffix(string(readGolden(t, V350)), "\r\n"), "\r\n")
	for _, tc := range brokenCases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", "broken", tc.name+".bpa")
			if *update {
				lines := append([]string(nil), base...)
				if err := os.WriteFile(path, []byte(tc.make(lines)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			rd := NewReader(bytes.NewReader(data))
			var errs []wantErr
			records := 0
			var fatal error
			for rec, err := range rd.All() {
				if err != nil {
					var pe *ParseError
					if !errors.As(err, &pe) {
						fatal = err
						break
					}
					errs = append(errs, wantErr{pe.Line, pe.Column, pe.Field, pe.Err})
					continue
				}
				records++
				_ = rec
			}
			if !errors.Is(fatal, tc.fatal) || (fatal == nil) != (tc.fatal == nil) {
				t.Fatalf("reading stopped with %v, want %v", fatal, tc.fatal)
			}
			if len(errs) != len(tc.errs) {
				t.Fatalf("errors = %v, want %v", errs, tc.errs)
			}
			for i, w := range tc.errs {
				g := errs[i]
				if g.line != w.line || g.column != w.column || g.field != w.field || !errors.Is(g.err, w.err) {
					t.Errorf("error %d = line %d col %d field %q %v; want line %d col %d field %q %v",
						i, g.line, g.column, g.field, g.err, w.line, w.column, w.field, w.err)
				}
			}
			var codes []string
			for _, p := range rd.Problems() {
				codes = append(codes, p.Code)
			}
			if strings.Join(codes, " ") != strings.Join(tc.warnings, " ") {
				t.Errorf("problems = %v, want %v", rd.Problems(), tc.warnings)
			}
			if want := 4 - len(tc.errs); tc.fatal == nil && tc.name != "second-header" && records != want {
				t.Errorf("read %d records, want %d (a bad line must not stop the reader)", records, want)
			}
		})
	}
}

// repeatReader yields n bytes of c without holding them.
type repeatReader struct {
	c byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = r.c
	}
	r.n -= k
	return k, nil
}

// TestHugeLine: a 10 MB line is an error, not an allocation, and the
// reader goes on with the next line.
func TestHugeLine(t *testing.T) {
	golden := readGolden(t, V350)
	first := bytes.Index(golden, []byte("\r\n")) + 2
	in := io.MultiReader(bytes.NewReader(golden[:first]), &repeatReader{'0', 10 << 20}, strings.NewReader("\r\n"), bytes.NewReader(golden[first:]))
	rd := NewReader(in)
	var got []string
	for rec, err := range rd.All() {
		switch {
		case errors.Is(err, ErrLineTooLong):
			var pe *ParseError
			errors.As(err, &pe)
			got = append(got, "too-long@"+strconv.Itoa(pe.Line))
		case err != nil:
			t.Fatal(err)
		default:
			got = append(got, rec.Type().String())
		}
	}
	if want := "01 too-long@2 02 03 03"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
	if rd.br.Size() > 64<<10 {
		t.Errorf("buffer grew to %d", rd.br.Size())
	}
}

func TestParseErrorMessage(t *testing.T) {
	e := &ParseError{Line: 7, Column: 60, Field: "prd_cnspac", Err: ErrNotDigits}
	if got, want := e.Error(), "bpa: line 7, column 60 (prd_cnspac): non-digit in a numeric field"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, ErrNotDigits) {
		t.Error("errors.Is")
	}
	if got := (&ParseError{Line: 2, Err: ErrRecordType}).Error(); !strings.HasPrefix(got, "bpa: line 2: unknown record type") {
		t.Errorf("Error() = %q", got)
	}
}

// TestReaderV353 reads bpa-go's variant as the 2026 layout plus reserved bytes.
func TestReaderV353(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "broken", "v353.bpa"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	r := f.Records[1].(*Individualizado)
	if r.Version != V353 || r.SituacaoRua != "N" || r.SemCPF != "N" {
		t.Errorf("got version %v sit %q sem %q", r.Version, r.SituacaoRua, r.SemCPF)
	}
	if _, err := r.AppendText(nil); !errors.Is(err, ErrVersion) {
		t.Errorf("writing V353: %v, want ErrVersion", err)
	}
}

func TestReadViewZeroAlloc(t *testing.T) {
	lines := strings.Split(string(readGolden(t, V350)), "\r\n")
	data := []byte(strings.Repeat(lines[2]+"\r\n", 100))
	r := bytes.NewReader([]byte(lines[0] + "\r\n"))
	rd := NewReader(r)
	if v, err := rd.ReadView(); err != nil || v.Type() != TypeHeader { // init buffers
		t.Fatal(v, err)
	}
	r.Reset(data)
	n := 0
	allocs := testing.AllocsPerRun(10, func() {
		for {
			v, err := rd.ReadView()
			if err != nil {
				break
			}
			if _, ok := v.ControlTerm(); ok {
				n++
			}
		}
		r.Reset(data)
		rd.eof = false
	})
	if allocs != 0 || n == 0 {
		t.Errorf("ReadView allocates %.1f per 100 lines (%d lines read)", allocs, n)
	}
}

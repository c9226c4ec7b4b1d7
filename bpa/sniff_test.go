package bpa

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-sus/sus/sigtap"
)

func TestSniffHeader(t *testing.T) {
	var good []byte
	good = append(good, validHeaderLine()...)
	good = append(good, "\r\n02…"...)
	for _, c := range []struct {
		name string
		in   []byte
		err  error
	}{
		{"header", good, nil},
		{"BOM", append([]byte("\xef\xbb\xbf"), good...), nil},
		{"LF only", []byte(validHeaderLine() + "\n"), nil},
		{"no line end", []byte(validHeaderLine()), nil},
		{"CR only", []byte(validHeaderLine() + "\r02…\r"), nil},
		{"trailing blanks trimmed", []byte(strings.TrimRight(validHeaderLine(), " ") + "\r\n02…"), nil},
		{"empty", nil, ErrEmpty},
		{"white space", []byte(" \r\n\r\n"), ErrEmpty},
		{"other file", []byte("hello\nworld\n"), ErrNotBPA},
		{"BPA-C first", []byte("029990001202601\r\n"), ErrNotBPA},
	} {
		h, err := SniffHeader(c.in)
		if c.err == nil {
			if err != nil || h == nil || h.Competencia.String() != "202601" || h.Line != 1 {
				t.Errorf("%s: %+v, %v", c.name, h, err)
			}
			continue
		}
		if !errors.Is(err, c.err) || h != nil {
			t.Errorf("%s: %v, want %v", c.name, err, c.err)
		}
	}
	// A trimmed header cut off without a line end is not completed.
	if h, err := SniffHeader([]byte(strings.TrimRight(validHeaderLine(), " "))); err == nil || h != nil {
		t.Errorf("a short header without a line end: %+v, %v", h, err)
	}
	// A damaged header is a parse error of line 1.
	bad := []byte(validHeaderLine())
	copy(bad[7:13], "2026AB")
	var pe *ParseError
	if _, err := SniffHeader(bad); !errors.As(err, &pe) || pe.Line != 1 {
		t.Errorf("damaged header: %v", err)
	}
}

func FuzzSniffHeader(f *testing.F) {
	f.Add([]byte(validHeaderLine() + "\r\n"))
	f.Add([]byte("01#BPA#"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := SniffHeader(b)
		if (h == nil) == (err == nil) {
			t.Fatalf("header %v with error %v", h, err)
		}
	})
}

// validHeaderLine is a header of competência 01/2026 without line end.
func validHeaderLine() string {
	var buf bytes.Buffer
	if err := Encode(&buf, Header{Competencia: sigtap.MustParseCompetencia("202601"), DestinoTipo: "E", Versao: "GOSUS"}, nil, nil); err != nil {
		panic(err)
	}
	line, _, _ := strings.Cut(buf.String(), "\r\n")
	return line
}

// Tell BPA files from other files by their first bytes, as a tool picking
// the BPA files of a folder does.
func ExampleSniffHeader() {
	for _, start := range []string{
		validHeaderLine() + "\r\n02…",
		"CNES;NOME\r\n",
		"",
	} {
		h, err := SniffHeader([]byte(start))
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println("BPA file of", h.Competencia.Format())
	}
	// Output:
	// BPA file of 01/2026
	// not a BPA file: the first line is not a 01#BPA# header
	// empty file
}

package sigtap

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Layout describes the fixed-width records of one SIGTAP table, as its
// <table>_layout.txt (or its block of layout.txt) gives them. The loader
// reads positions and types from the release itself, so a release that adds
// a column still loads.
type Layout struct {
	Table   string   // table name, e.g. "tb_procedimento"
	Columns []Column // in file order, contiguous from position 1
}

// Column is one column of a layout.
type Column struct {
	Name  string // e.g. "CO_PROCEDIMENTO"
	Start int    // first byte, 1-based
	Len   int    // width in bytes
	Type  string // Oracle type name as written: "VARCHAR2", "CHAR", "NUMBER"
}

// End returns the last byte position (1-based, inclusive).
func (c Column) End() int { return c.Start + c.Len - 1 }

// Numeric reports whether the column is a NUMBER: zero-padded digits with
// no sign or decimal point (any decimals are implied).
func (c Column) Numeric() bool { return c.Type == "NUMBER" }

// Width returns the record width (the last column's end), 0 for an empty
// layout.
func (l *Layout) Width() int {
	if len(l.Columns) == 0 {
		return 0
	}
	return l.Columns[len(l.Columns)-1].End()
}

// Index returns the position of the named column in Columns, or −1.
func (l *Layout) Index(name string) int {
	for i, c := range l.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Equal reports whether l and o describe the same table and columns.
func (l *Layout) Equal(o *Layout) bool {
	if l == nil || o == nil {
		return l == o
	}
	if l.Table != o.Table || len(l.Columns) != len(o.Columns) {
		return false
	}
	for i := range l.Columns {
		if l.Columns[i] != o.Columns[i] {
			return false
		}
	}
	return true
}

// layoutHeader is the first line of every layout file.
const layoutHeader = "Coluna,Tamanho,Inicio,Fim,Tipo"

// Bounds that keep a hostile layout from asking for absurd records.
const (
	maxColumns     = 1000
	maxRecordWidth = 1 << 20
)

// ParseLayout parses one <table>_layout.txt: the header
// "Coluna,Tamanho,Inicio,Fim,Tipo" and one line per column. Positions are
// 1-based and inclusive, Fim−Inicio+1 must equal Tamanho, and the columns
// must be contiguous from 1. LF or CRLF line ends are accepted. Errors are
// *ParseError wrapping ErrLayout, with the line number.
func ParseLayout(table string, b []byte) (*Layout, error) {
	file := table + "_layout.txt"
	lines := splitLines(b)
	// Trailing empty lines are tolerated.
	for len(lines) > 0 && len(bytes.TrimSpace(lines[len(lines)-1])) == 0 {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: empty file", ErrLayout)}
	}
	return parseLayoutLines(table, file, lines, 1)
}

// ParseLayouts parses the global layout.txt: for each table its name on a
// line, the header, its column lines and a blank line. It returns the
// layouts in file order.
func ParseLayouts(b []byte) ([]*Layout, error) {
	const file = "layout.txt"
	lines := splitLines(b)
	var out []*Layout
	seen := map[string]bool{}
	for i := 0; i < len(lines); {
		if len(bytes.TrimSpace(lines[i])) == 0 {
			i++
			continue
		}
		start := i
		for i < len(lines) && len(bytes.TrimSpace(lines[i])) != 0 {
			i++
		}
		block := lines[start:i]
		name := string(bytes.TrimSpace(block[0]))
		if !isIdent(name) {
			return nil, &ParseError{File: file, Line: start + 1, Value: shorten(block[0]), Err: fmt.Errorf("%w: table name expected", ErrLayout)}
		}
		if seen[name] {
			return nil, &ParseError{File: file, Line: start + 1, Value: name, Err: fmt.Errorf("%w: table listed twice", ErrLayout)}
		}
		seen[name] = true
		if len(block) < 2 {
			return nil, &ParseError{File: file, Line: start + 1, Value: name, Err: fmt.Errorf("%w: table without header", ErrLayout)}
		}
		l, err := parseLayoutLines(name, file, block[1:], start+2)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
		if len(out) > maxColumns {
			return nil, &ParseError{File: file, Line: start + 1, Err: fmt.Errorf("%w: too many tables", ErrLayout)}
		}
	}
	if len(out) == 0 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: no table", ErrLayout)}
	}
	return out, nil
}

// parseLayoutLines parses the header and column lines; first is the line
// number of lines[0].
func parseLayoutLines(table, file string, lines [][]byte, first int) (*Layout, error) {
	bad := func(i int, line []byte, msg string) error {
		return &ParseError{File: file, Line: first + i, Value: shorten(line), Err: fmt.Errorf("%w: %s", ErrLayout, msg)}
	}
	hdr := bytes.Split(lines[0], []byte{','})
	for k := range hdr {
		hdr[k] = bytes.TrimSpace(hdr[k])
	}
	if !strings.EqualFold(string(bytes.Join(hdr, []byte{','})), layoutHeader) {
		return nil, bad(0, lines[0], "header "+layoutHeader+" expected")
	}
	if len(lines) == 1 {
		return nil, bad(0, lines[0], "no column")
	}
	if len(lines)-1 > maxColumns {
		return nil, bad(0, lines[0], "too many columns")
	}
	l := &Layout{Table: table, Columns: make([]Column, 0, len(lines)-1)}
	next := 1
	for i := 1; i < len(lines); i++ {
		line := lines[i]
		f := bytes.Split(line, []byte{','})
		if len(f) != 5 {
			return nil, bad(i, line, "five comma-separated fields expected")
		}
		for k := range f {
			f[k] = bytes.TrimSpace(f[k])
		}
		name, typ := string(f[0]), string(f[4])
		if !isIdent(name) {
			return nil, bad(i, line, "invalid column name")
		}
		if !isIdent(typ) {
			return nil, bad(i, line, "invalid type")
		}
		size, ok1 := layoutInt(f[1])
		start, ok2 := layoutInt(f[2])
		end, ok3 := layoutInt(f[3])
		switch {
		case !ok1 || !ok2 || !ok3:
			return nil, bad(i, line, "Tamanho, Inicio and Fim must be positive integers")
		case end-start+1 != size:
			return nil, bad(i, line, "Fim−Inicio+1 differs from Tamanho")
		case start != next:
			return nil, bad(i, line, "column does not start right after the previous one")
		case end > maxRecordWidth:
			return nil, bad(i, line, "record too wide")
		}
		if l.Index(name) >= 0 {
			return nil, bad(i, line, "duplicate column")
		}
		l.Columns = append(l.Columns, Column{Name: name, Start: start, Len: size, Type: typ})
		next = end + 1
	}
	return l, nil
}

func layoutInt(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 8 {
		return 0, false
	}
	n, err := strconv.Atoi(string(b))
	return n, err == nil && n > 0
}

func isIdent(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// splitLines splits on LF, dropping one CR before each LF and the empty
// piece after a final LF.
func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		var line []byte
		if i < 0 {
			line, b = b, nil
		} else {
			line, b = b[:i], b[i+1:]
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		out = append(out, line)
	}
	return out
}

// AppendText appends the <table>_layout.txt form of l: the header and one
// line per column, each ended by CRLF, byte for byte as DATASUS writes it.
func (l *Layout) AppendText(dst []byte) []byte {
	dst = append(dst, layoutHeader...)
	dst = append(dst, '\r', '\n')
	for _, c := range l.Columns {
		dst = append(dst, c.Name...)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(c.Len), 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(c.Start), 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(c.End()), 10)
		dst = append(dst, ',')
		dst = append(dst, c.Type...)
		dst = append(dst, '\r', '\n')
	}
	return dst
}

// AppendLayouts appends the layout.txt form of ls: for each layout its
// table name, its AppendText form and a blank line.
func AppendLayouts(dst []byte, ls []*Layout) []byte {
	for _, l := range ls {
		dst = append(dst, l.Table...)
		dst = append(dst, '\r', '\n')
		dst = l.AppendText(dst)
		dst = append(dst, '\r', '\n')
	}
	return dst
}

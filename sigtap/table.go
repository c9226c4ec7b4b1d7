package sigtap

import (
	"fmt"
	"io"
	"unsafe"
)

// colCompetencia is the column every dated table carries; the loader
// checks it and the writer fills it from the release competência.
const colCompetencia = "DT_COMPETENCIA"

// tableMeta is what every table knows about itself.
type tableMeta struct {
	name     string
	layout   *Layout // nil when the release has no layout for the table
	present  bool    // the data file was found (an empty file is present)
	file     string  // data entry name
	comp     [6]byte // DT_COMPETENCIA of the rows, when compSeen
	compSeen bool
	compLine int // a line holding comp, for error messages
}

// anyTable is implemented by typed and generic tables.
type anyTable interface {
	meta() *tableMeta
	len() int
	// decode fills the table from the data file (size bytes, as
	// declared). want, when not nil, is the DT_COMPETENCIA every row must
	// hold; b caps the rows.
	decode(r io.Reader, size int64, want []byte, b *budget) ([]*ParseError, error)
	// appendLine appends row i as a fixed-width line (no line end);
	// comp fills DT_COMPETENCIA (spaces when nil).
	appendLine(dst []byte, i int, comp []byte) ([]byte, error)
	// subset returns a copy holding the rows where keep is true (all rows
	// when keep is nil).
	subset(keep []bool) anyTable
}

// Plan slots for layout columns that are not schema columns.
const (
	slotComp  = -1
	slotExtra = -2 // slotExtra - k is extra value k
)

// typed is a table decoded into a slice of T, in file order. Layout
// columns the schema does not know are kept as the bytes read (checked
// like a generic table's) in extra, so that a release that adds a column
// still loads and writes back unchanged.
type typed[T any] struct {
	tableMeta
	sch    *schema[T]
	plan   []int // per layout column: schema column, slotComp or extra slot
	rows   []T
	extraW int   // bytes of the extra columns of one row
	extraO []int // offset of extra slot k in a row's extra bytes
	extra  []byte
}

func (t *typed[T]) meta() *tableMeta { return &t.tableMeta }
func (t *typed[T]) len() int         { return len(t.rows) }

// newTyped resolves the layout against the schema: every required column
// must be present.
func newTyped[T any](m tableMeta, s *schema[T]) (*typed[T], error) {
	t := &typed[T]{tableMeta: m, sch: s}
	if m.layout == nil {
		return t, nil
	}
	found := make([]bool, len(s.cols))
	nextra := 0
	for _, c := range m.layout.Columns {
		slot := -100
		if c.Name == colCompetencia {
			slot = slotComp
		}
		for k := range s.cols {
			if s.cols[k].name == c.Name {
				slot, found[k] = k, true
			}
		}
		if slot == -100 {
			slot = slotExtra - nextra
			nextra++
			t.extraO = append(t.extraO, t.extraW)
			t.extraW += c.Len
		}
		t.plan = append(t.plan, slot)
	}
	for k, c := range s.cols {
		if c.req && !found[k] {
			return nil, &ParseError{File: m.layout.Table + "_layout.txt", Field: c.name, Err: ErrMissingColumn}
		}
	}
	return t, nil
}

// expectedRows is how many rows a file of size bytes holds at width,
// bounded by the row cap: the capacity to allocate up front.
func expectedRows(size int64, width int, b *budget) int {
	return int(min(size/int64(width+2), int64(b.maxRows))) + 1
}

func (t *typed[T]) decode(r io.Reader, size int64, want []byte, b *budget) ([]*ParseError, error) {
	l := t.layout
	width := l.Width()
	t.rows = make([]T, 0, expectedRows(size, width, b))
	type step struct {
		s, e int
		k    int
		off  uintptr
		dec  func(unsafe.Pointer, []byte, *arena) error
	}
	var steps []step
	compAt := -1
	var extras []int // layout column index of each extra slot
	for i, p := range t.plan {
		c := l.Columns[i]
		switch {
		case p >= 0:
			steps = append(steps, step{c.Start - 1, c.End(), p, t.sch.cols[p].off, t.sch.cols[p].c.dec})
		case p == slotComp:
			compAt = i
		default:
			extras = append(extras, i)
		}
	}
	if len(extras) > 0 {
		t.extra = make([]byte, 0, cap(t.rows)*t.extraW)
	}
	cols := t.sch.cols
	var ar arena
	ck := compChecker{meta: &t.tableMeta, want: want}
	var compS, compE int
	if compAt >= 0 {
		compS, compE = l.Columns[compAt].Start-1, l.Columns[compAt].End()
	}
	warns, err := eachLine(r, t.file, width, b, func(line []byte, n int) error {
		if len(t.rows) < cap(t.rows) {
			t.rows = t.rows[:len(t.rows)+1] // fresh, zeroed capacity
		} else {
			t.rows = append(t.rows, *new(T))
		}
		row := unsafe.Pointer(&t.rows[len(t.rows)-1])
		for _, st := range steps {
			b := line[st.s:st.e]
			if err := st.dec(unsafe.Add(row, st.off), b, &ar); err != nil {
				return &ParseError{File: t.file, Line: n, Column: st.s + 1, Field: cols[st.k].name, Value: shorten(b), Err: err}
			}
		}
		if compAt >= 0 {
			if ck.want == nil || string(line[compS:compE]) != string(ck.want) {
				if err := ck.check(line, &l.Columns[compAt], n); err != nil {
					return err
				}
			}
		}
		for _, ci := range extras {
			c := &l.Columns[ci]
			b := line[c.Start-1 : c.End()]
			if err := checkGeneric(b, c); err != nil {
				return &ParseError{File: t.file, Line: n, Column: c.Start, Field: c.Name, Value: shorten(b), Err: err}
			}
			t.extra = append(t.extra, b...)
		}
		return nil
	})
	return warns, err
}

func (t *typed[T]) appendLine(dst []byte, i int, comp []byte) ([]byte, error) {
	row := &t.rows[i]
	for k := range t.layout.Columns {
		c := &t.layout.Columns[k]
		var err error
		switch p := t.plan[k]; {
		case p >= 0:
			col := &t.sch.cols[p]
			dst, err = col.c.enc(dst, unsafe.Add(unsafe.Pointer(row), col.off), c)
		case p == slotComp:
			dst, err = appendComp(dst, comp, c)
		default:
			o := i*t.extraW + t.extraO[slotExtra-p]
			dst = append(dst, t.extra[o:o+c.Len]...)
		}
		if err != nil {
			return dst, &ParseError{File: t.file, Line: i + 1, Column: c.Start, Field: c.Name, Err: err}
		}
	}
	return dst, nil
}

func (t *typed[T]) subset(keep []bool) anyTable {
	n := &typed[T]{tableMeta: t.tableMeta, sch: t.sch, plan: t.plan, extraW: t.extraW, extraO: t.extraO}
	for i := range t.rows {
		if keep == nil || keep[i] {
			n.rows = append(n.rows, t.rows[i])
			if t.extraW > 0 {
				n.extra = append(n.extra, t.extra[i*t.extraW:(i+1)*t.extraW]...)
			}
		}
	}
	return n
}

// generic is a table the package has no schema for, kept as the bytes
// read (each field checked at load) so that it can be queried by name and
// written back. Its memory is the size of its data, whatever its layout.
type generic struct {
	tableMeta
	width int
	n     int
	data  []byte // n rows of width bytes (no line ends), DT_COMPETENCIA as read
}

func (g *generic) meta() *tableMeta { return &g.tableMeta }
func (g *generic) len() int         { return g.n }

// line returns row i as read.
func (g *generic) line(i int) []byte { return g.data[i*g.width : (i+1)*g.width] }

// value returns the text of column c of row i (see decodeGeneric).
func (g *generic) value(i int, c *Column) (string, error) {
	return decodeGeneric(g.line(i)[c.Start-1:c.End()], c)
}

func (g *generic) decode(r io.Reader, size int64, want []byte, b *budget) ([]*ParseError, error) {
	l := g.layout
	g.width = l.Width()
	g.data = make([]byte, 0, expectedRows(size, g.width, b)*g.width)
	ck := compChecker{meta: &g.tableMeta, want: want}
	return eachLine(r, g.file, g.width, b, func(line []byte, n int) error {
		for i := range l.Columns {
			c := &l.Columns[i]
			if c.Name == colCompetencia {
				if err := ck.check(line, c, n); err != nil {
					return err
				}
				continue
			}
			b := line[c.Start-1 : c.End()]
			if err := checkGeneric(b, c); err != nil {
				return &ParseError{File: g.file, Line: n, Column: c.Start, Field: c.Name, Value: shorten(b), Err: err}
			}
		}
		g.data = append(g.data, line...)
		g.n++
		return nil
	})
}

func (g *generic) appendLine(dst []byte, i int, comp []byte) ([]byte, error) {
	line := g.line(i)
	for k := range g.layout.Columns {
		c := &g.layout.Columns[k]
		if c.Name != colCompetencia {
			dst = append(dst, line[c.Start-1:c.End()]...)
			continue
		}
		var err error
		if dst, err = appendComp(dst, comp, c); err != nil {
			return dst, &ParseError{File: g.file, Line: i + 1, Column: c.Start, Field: c.Name, Err: err}
		}
	}
	return dst, nil
}

func (g *generic) subset(keep []bool) anyTable {
	n := &generic{tableMeta: g.tableMeta, width: g.width}
	for i := 0; i < g.n; i++ {
		if keep == nil || keep[i] {
			n.data = append(n.data, g.line(i)...)
			n.n++
		}
	}
	return n
}

// appendComp writes DT_COMPETENCIA (AAAAMM, space-padded to the width).
func appendComp(dst []byte, comp []byte, c *Column) ([]byte, error) {
	if comp == nil {
		return padSpaces(dst, c.Len), nil
	}
	if c.Len < len(comp) {
		return dst, errValue
	}
	return padSpaces(append(dst, comp...), c.Len-len(comp)), nil
}

// compChecker checks that every row of a table holds the same
// DT_COMPETENCIA, equal to want when the release competência is already
// known.
type compChecker struct {
	meta *tableMeta
	want []byte
}

func (k *compChecker) check(line []byte, c *Column, n int) error {
	b := line[c.Start-1 : c.End()]
	v := b
	if len(v) > 6 && isSpaces(v[6:]) {
		v = v[:6]
	}
	m := k.meta
	if !m.compSeen {
		if _, err := ParseCompetenciaBytes(v); err != nil || len(v) != 6 {
			return &ParseError{File: m.file, Line: n, Column: c.Start, Field: c.Name, Value: shorten(b), Err: fmt.Errorf("%w: not AAAAMM", ErrCompetencia)}
		}
		copy(m.comp[:], v)
		m.compSeen, m.compLine = true, n
		if k.want == nil {
			k.want = m.comp[:]
		}
	}
	if string(v) != string(k.want) {
		return &ParseError{File: m.file, Line: n, Column: c.Start, Field: c.Name, Value: shorten(b),
			Err: fmt.Errorf("%w: %s, expected %s", ErrCompetencia, v, k.want)}
	}
	return nil
}

func isSpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' {
			return false
		}
	}
	return true
}

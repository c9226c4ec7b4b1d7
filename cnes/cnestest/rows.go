package cnestest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"unicode/utf8"

	"github.com/go-sus/sus/cnes"
)

// tableWriter writes one registry file in the real dialect: ';'
// separated, every field (header included) in '"', Latin-1, LF (or CRLF).
type tableWriter struct {
	t    cnes.Table
	cols []string       // header as written
	idx  map[string]int // normalised name → position
	vals []string
	buf  bytes.Buffer
	eol  string
	rows int
	err  error
}

func newTableWriter(t cnes.Table, minimal, crlf bool, r *rand.Rand) *tableWriter {
	w := &tableWriter{t: t, eol: "\n", idx: map[string]int{}}
	if crlf {
		w.eol = "\r\n"
	}
	w.cols = t.Header()
	if minimal {
		// Shuffle until no column keeps the first place, so that only
		// binding by name can read the file.
		req := t.Required()
		w.cols = slices.Clone(req)
		for w.cols[0] == req[0] {
			r.Shuffle(len(w.cols), func(i, j int) { w.cols[i], w.cols[j] = w.cols[j], w.cols[i] })
		}
	}
	for i, c := range w.cols {
		w.idx[cnes.NormalizeHeader(c)] = i
	}
	w.vals = make([]string, len(w.cols))
	w.line(w.cols)
	return w
}

// set fills a column by its normalised name; columns not written (minimal
// mode) are ignored.
func (w *tableWriter) set(name, v string) {
	if i, ok := w.idx[name]; ok {
		w.vals[i] = v
	} else if _, known := knownColumn[name]; !known {
		w.fail(fmt.Errorf("cnestest: %s has no column %s", w.t.Name(), name))
	}
}

// end writes the row and clears the values.
func (w *tableWriter) end() {
	w.line(w.vals)
	clear(w.vals)
	w.rows++
}

func (w *tableWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *tableWriter) line(fields []string) {
	for i, f := range fields {
		if i > 0 {
			w.buf.WriteByte(';')
		}
		w.buf.WriteByte('"')
		for j := 0; j < len(f); {
			c := f[j]
			if c < utf8.RuneSelf {
				if c == '"' {
					w.buf.WriteByte('"')
				}
				w.buf.WriteByte(c)
				j++
				continue
			}
			r, n := utf8.DecodeRuneInString(f[j:])
			if r > 0xff || r == utf8.RuneError {
				w.fail(fmt.Errorf("cnestest: %q is not Latin-1", r))
				r = '?'
			}
			w.buf.WriteByte(byte(r))
			j += n
		}
		w.buf.WriteByte('"')
	}
	w.buf.WriteString(w.eol)
}

// knownColumn holds every normalised column name of the real headers, so
// that set can tell a typo from a column left out by minimal mode.
var knownColumn = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, t := range cnes.Tables() {
		for _, h := range t.Header() {
			m[cnes.NormalizeHeader(h)] = struct{}{}
		}
	}
	return m
}()

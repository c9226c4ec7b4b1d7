package remessatest

import (
	"errors"
	"fmt"
	"io"

	"github.com/go-sus/sus/bpa"
)

// ErrSplit reports a WriteTo on a production that needs several files.
var ErrSplit = errors.New("remessatest: the production is split into several files: use WriteFiles")

// WriteTo writes the production as one complete BPA file — header with its
// totals, then every line, CR LF, Windows-1252 — to w. It draws the lines
// twice (totals, then lines) and holds none of them. A production of
// more than PerFile lines fails with ErrSplit.
func (p *Production) WriteTo(w io.Writer) (int64, error) {
	if p.Parts() > 1 {
		return 0, fmt.Errorf("%w (%d lines, %d per file)", ErrSplit, p.lines(), p.perFile)
	}
	cw := &countWriter{w: w}
	err := p.WriteFiles(func(int) (io.Writer, error) { return cw, nil })
	return cw.n, err
}

// WriteFiles writes the production as Parts() BPA files, asking create for
// the writer of each part (0, 1, …) when its first line is due. Closing
// what create returns is the caller's business.
func (p *Production) WriteFiles(create func(part int) (io.Writer, error)) error {
	headers, err := p.Headers()
	if err != nil {
		return err
	}
	g := p.newGenerator()
	var bw *bpa.Writer
	part := -1
	for range p.lines() {
		rec, _ := g.next()
		if g.l.part != part {
			if bw != nil {
				if err := bw.Close(); err != nil {
					return err
				}
			}
			part = g.l.part
			out, err := create(part)
			if err != nil {
				return err
			}
			bw = bpa.NewWriterTotals(out, headers[part])
			bw.Version = p.version
		}
		if err := bw.Write(rec); err != nil {
			return err
		}
	}
	return bw.Close()
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

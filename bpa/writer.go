package bpa

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// ErrTotalsMismatch is returned by Close of a writer made with
// NewWriterTotals when the header given does not match the records written.
var ErrTotalsMismatch = errors.New("header totals do not match the records written")

// WriteOptions are the writer's explicit policies. The zero value is strict.
type WriteOptions struct {
	// FoldASCII folds every text (ALFA) value to upper-case ASCII without
	// accents (charset.FoldASCII) before writing, for receivers that only
	// accept ASCII. Without it a character Windows-1252 cannot hold is an
	// error naming the field.
	FoldASCII bool
	// Truncate cuts text values longer than their field. Without it an
	// over-long value is an error naming the field and its maximum. NUM
	// values are never truncated.
	Truncate bool
	// Version is the BPA-I layout for records whose Version is 0. Zero
	// means VersionFor(header competência).
	Version Version
	// FolhaRule selects how cbc_flh is counted.
	FolhaRule FolhaRule
}

func (o *WriteOptions) encoder(h *Header) encoder {
	e := encoder{fold: o.FoldASCII, truncate: o.Truncate, version: o.Version}
	if e.version == 0 {
		e.version = VersionFor(h.Competencia)
	}
	return e
}

// Writer writes a BPA file record by record: CR LF after every line, exact
// widths, Windows-1252 bytes. The header's cbc_lin, cbc_flh and
// cbc_smt_vrf are computed from the records written:
//
//   - NewWriter takes an io.WriteSeeker (a file): it writes the header
//     first with the totals it knows, and rewrites it in place at Close.
//   - NewWriterTotals takes any io.Writer and a header whose totals the
//     caller computed beforehand (with Totals, e.g. in a first pass); Close
//     checks them and returns ErrTotalsMismatch when they differ.
//
// For a production held in memory, Encode is simpler: it computes the
// totals first. Errors are *FieldError naming the line and field; after an
// error the Writer keeps returning it.
type Writer struct {
	WriteOptions // set before the first Write

	w       *bufio.Writer
	ws      io.WriteSeeker
	start   int64
	header  Header
	fixed   bool // totals given by the caller
	started bool
	closed  bool
	enc     encoder
	totals  Totals
	buf     []byte
	err     error
}

// NewWriter returns a Writer that patches the header at Close; w must be
// positioned where the file starts.
func NewWriter(w io.WriteSeeker, h Header) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), ws: w, header: h}
}

// NewWriterTotals returns a Writer that writes h as given; Close verifies
// that h.Lines, h.Folhas and h.Control match the records written.
func NewWriterTotals(w io.Writer, h Header) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), header: h, fixed: true}
}

func (w *Writer) begin() error {
	w.started = true
	w.enc = w.WriteOptions.encoder(&w.header)
	w.totals.Rule = w.FolhaRule
	if w.ws != nil {
		off, err := w.ws.Seek(0, io.SeekCurrent)
		if err != nil {
			return err
		}
		w.start = off
	}
	return w.writeHeader()
}

func (w *Writer) writeHeader() error {
	var err error
	w.buf, err = w.enc.appendHeader(w.buf[:0], &w.header)
	if err != nil {
		return withLine(err, 1)
	}
	w.buf = append(w.buf, '\r', '\n')
	_, err = w.w.Write(w.buf)
	return err
}

func withLine(err error, line int) error {
	if fe, ok := err.(*FieldError); ok {
		fe.Line = line
	}
	return err
}

// Write writes one production record (*Consolidado or *Individualizado).
func (w *Writer) Write(rec Record) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return ErrClosed
	}
	if !w.started {
		if w.err = w.begin(); w.err != nil {
			return w.err
		}
	}
	if w.totals.lines >= MaxLines {
		w.err = ErrTooManyLines
		return w.err
	}
	line := w.totals.lines + 2
	var err error
	switch r := rec.(type) {
	case *Consolidado:
		w.buf, err = w.enc.appendConsolidado(w.buf[:0], r)
	case *Individualizado:
		w.buf, err = w.enc.appendIndividualizado(w.buf[:0], r)
	case *Header:
		err = &FieldError{Field: "cbc_hdr", Err: errors.New("the header is given to NewWriter, not written")}
	default:
		err = fmt.Errorf("bpa: unknown record type %T", rec)
	}
	if err != nil {
		// A bad value rejects this record only; the writer goes on.
		return withLine(err, line)
	}
	w.totals.Add(rec)
	w.buf = append(w.buf, '\r', '\n')
	if _, err := w.w.Write(w.buf); err != nil {
		w.err = err
	}
	return w.err
}

// Header returns the header with the totals of the records written so far.
func (w *Writer) Header() Header {
	h := w.header
	if !w.fixed {
		_ = w.totals.Apply(&h)
	}
	return h
}

// Totals returns the running totals.
func (w *Writer) Totals() *Totals { return &w.totals }

// Close flushes the output and completes the header: it is rewritten in
// place (NewWriter) or checked (NewWriterTotals). It does not close the
// underlying writer.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	if w.err == nil && !w.started {
		w.err = w.begin()
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		w.err = err
		return err
	}
	if w.fixed {
		h := w.header
		if h.Lines != w.totals.Lines() || h.Folhas != w.totals.Folhas() || h.Control != w.totals.Control() {
			w.err = fmt.Errorf("%w: header says %d lines, %d folhas, control %d; records give %d, %d, %d",
				ErrTotalsMismatch, h.Lines, h.Folhas, h.Control, w.totals.Lines(), w.totals.Folhas(), w.totals.Control())
		}
		return w.err
	}
	if err := w.totals.Apply(&w.header); err != nil {
		w.err = err
		return err
	}
	end, err := w.ws.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = w.ws.Seek(w.start, io.SeekStart)
	}
	if err == nil {
		err = w.writeHeader()
	}
	if err == nil {
		err = w.w.Flush()
	}
	if err == nil {
		_, err = w.ws.Seek(end, io.SeekStart)
	}
	w.err = err
	return err
}

// Encode writes a complete file: the header h with cbc_lin, cbc_flh and
// cbc_smt_vrf computed from recs, then recs, each line ending in CR LF.
// Headers inside recs are an error. opts may be nil. Nothing is written
// when a record cannot be encoded or there are more than MaxLines records.
func Encode(w io.Writer, h Header, recs []Record, opts *WriteOptions) error {
	if opts == nil {
		opts = &WriteOptions{}
	}
	t := Totals{Rule: opts.FolhaRule}
	e := opts.encoder(&h)
	var buf []byte
	var err error
	for i, rec := range recs {
		switch r := rec.(type) {
		case *Consolidado:
			buf, err = e.appendConsolidado(buf[:0], r)
		case *Individualizado:
			buf, err = e.appendIndividualizado(buf[:0], r)
		default:
			err = fmt.Errorf("bpa: record %d: %T is not a production record", i, rec)
		}
		if err != nil {
			return withLine(err, i+2)
		}
		t.Add(rec)
	}
	if err := t.Apply(&h); err != nil {
		return err
	}
	bw := NewWriterTotals(w, h)
	bw.WriteOptions = *opts
	for _, rec := range recs {
		if err := bw.Write(rec); err != nil {
			return err
		}
	}
	return bw.Close()
}

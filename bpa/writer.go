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
	// Number numbers the records that have no folha/seq (both 0) as a
	// Numberer does, in the order they are written: the next free slot of
	// their numbering key, PerFolhaC or PerFolhaI lines per folha. Their
	// Folha and Seq are set. Without it such a record is an error
	// (ErrNotNumbered), as Validate would reject it.
	Number bool
	// PerFolhaC and PerFolhaI are the lines per folha for Number (0 means
	// 20 and 99, BPA-Mag's numbering).
	PerFolhaC, PerFolhaI int
}

func (o *WriteOptions) encoder(h *Header) encoder {
	e := encoder{fold: o.FoldASCII, truncate: o.Truncate, version: o.Version, defaults: true}
	if e.version == 0 {
		e.version = VersionFor(h.Competencia)
	}
	return e
}

// numberer returns the Numberer of the Number option, or nil.
func (o *WriteOptions) numberer() *Numberer {
	if !o.Number {
		return nil
	}
	return &Numberer{PerFolhaC: o.PerFolhaC, PerFolhaI: o.PerFolhaI, taken: map[NumberingKey]map[int]bool{}}
}

// checkNumbering returns the error Validate's numbering rules would give
// rec (line is its line in the output): folha and seq 0 — unless n numbers
// it —, outside 001–999 or outside 01–20 (BPA-C) / 01–99 (BPA-I). With n,
// a given slot is reserved so that n numbers around it.
func checkNumbering(rec Record, n *Numberer, line int) error {
	f, s := slotOf(rec)
	if f == 0 && s == 0 && n != nil {
		if err := n.Number(rec); err != nil {
			return &FieldError{Line: line, Field: "prd_flh", Err: err}
		}
		return nil
	}
	maxSeq := MaxSeqI
	if rec.Type() == TypeConsolidado {
		maxSeq = MaxSeqC
	}
	switch {
	case f == 0:
		return &FieldError{Line: line, Field: "prd_flh", Err: ErrNotNumbered}
	case f < 0 || f > MaxFolha:
		return &FieldError{Line: line, Field: "prd_flh", Err: fmt.Errorf("%w: folha %d outside 001–999", ErrRange, f)}
	case s == 0:
		return &FieldError{Line: line, Field: "prd_seq", Err: ErrNotNumbered}
	case s < 0 || s > maxSeq:
		return &FieldError{Line: line, Field: "prd_seq", Err: fmt.Errorf("%w: seq %d outside 01–%02d", ErrRange, s, maxSeq)}
	}
	if n != nil {
		n.take(KeyOf(rec), f, s)
	}
	return nil
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
// totals first.
//
// The Writer fails closed: it writes no record that Validate would reject
// for its numbering — folha or seq 0 (ErrNotNumbered, unless
// WriteOptions.Number numbers it), out of range (ErrRange) or a folha/seq
// slot already written in the same numbering key (ErrDuplicate) — and it
// applies the defaults Build applies (an empty prd_org is written "BPA").
// Errors are *FieldError naming the line and field; a bad record is not
// written and the Writer goes on. I/O errors stop it.
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
	num     *Numberer // WriteOptions.Number
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
	w.num = w.WriteOptions.numberer()
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
// With WriteOptions.Number, an unnumbered record gets its Folha and Seq.
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
		if err = checkNumbering(r, w.num, line); err == nil {
			w.buf, err = w.enc.appendConsolidado(w.buf[:0], r)
		}
	case *Individualizado:
		if err = checkNumbering(r, w.num, line); err == nil {
			w.buf, err = w.enc.appendIndividualizado(w.buf[:0], r)
		}
	case *Header:
		err = &FieldError{Field: "cbc_hdr", Err: errors.New("the header is given to NewWriter, not written")}
	default:
		err = fmt.Errorf("bpa: unknown record type %T", rec)
	}
	if err == nil && w.totals.add(rec, true) {
		f, s := slotOf(rec)
		err = &FieldError{Field: "prd_seq", Err: fmt.Errorf("%w: folha %03d seq %02d (%s)", ErrDuplicate, f, s, KeyOf(rec))}
	}
	if err != nil {
		// A bad value rejects this record only; the writer goes on.
		return withLine(err, line)
	}
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
// opts may be nil. Encode checks and writes like a Writer (same numbering
// rules, same defaults; with opts.Number it sets the Folha and Seq of the
// unnumbered records), but all or nothing: nothing is written when a
// record is not a production record, cannot be encoded or numbered, or
// there are more than MaxLines records.
func Encode(w io.Writer, h Header, recs []Record, opts *WriteOptions) error {
	if opts == nil {
		opts = &WriteOptions{}
	}
	// First pass: every check, numbering and the totals, writing nothing.
	check := &Writer{WriteOptions: *opts, w: bufio.NewWriterSize(io.Discard, 512), header: h, fixed: true}
	for i, rec := range recs {
		switch rec.(type) {
		case *Consolidado, *Individualizado:
		default:
			return fmt.Errorf("bpa: record %d: %T is not a production record", i, rec)
		}
		if err := check.Write(rec); err != nil {
			return err
		}
	}
	if check.err == nil && !check.started {
		check.err = check.begin() // the header alone
	}
	if check.err != nil {
		return check.err
	}
	if err := check.totals.Apply(&h); err != nil {
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

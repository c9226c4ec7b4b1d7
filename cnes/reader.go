package cnes

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/go-sus/sus/internal/ident"
)

// DefaultMaxRecordBytes caps one record of a registry file: a line, or
// several when a quoted field holds line breaks. Real records are a few
// hundred bytes, and the Oracle schema bounds them: the widest table
// (tbEstabelecimento, 56 columns) cannot hold more than 56 × 4000 bytes
// (VARCHAR2's maximum), about 219 KiB. 1 MiB leaves a wide margin, and
// keeps a corrupt file without line breaks, or a quote that is never
// closed, from being buffered whole.
const DefaultMaxRecordBytes = 1 << 20

// tableReader streams one registry file with recordReader and binds the
// columns of its table by header name. It is the row decoder that the
// loader and FuzzTableReader drive.
type tableReader struct {
	file      string
	t         Table
	cols      []column
	cr        *recordReader
	idx       []int // column id → record index; -1 when absent
	rec       []string
	utf8      bool         // the file started with a UTF-8 byte-order mark
	soft      []ParseError // tolerated problems of the current record (values: most are only counted)
	headerLen int
	utf8Seen  bool       // a text field that looks UTF-8 was already reported
	pipe      *pipe      // set by start: records come from a producer goroutine
	recPos    []fieldPos // positions of the current record's fields (pipe mode)
	nread     int64      // records returned by next (inline mode)
}

// newTableReader reads and binds the header. The csv dialect is the
// registry's: ';' separator, every field in '"' (RFC 4180 quoting, so
// a quote inside a field must be doubled), LF or CRLF. LazyQuotes stays
// off unless asked for: a stray quote fails with the line and column
// instead of silently merging fields. A record larger than maxRecord
// bytes (DefaultMaxRecordBytes when ≤ 0) fails with ErrRecordTooLong.
func newTableReader(file string, t Table, r io.Reader, lazyQuotes bool, maxRecord int) (*tableReader, error) {
	if maxRecord <= 0 {
		maxRecord = DefaultMaxRecordBytes
	}
	tr := &tableReader{file: file, t: t, cols: tableDefs[t].cols}
	tr.cr = newRecordReader(r, maxRecord, lazyQuotes)
	br := tr.cr.br
	head, err := br.Peek(512) // short files return what there is
	if err != nil && len(head) == 0 {
		if errors.Is(err, io.EOF) {
			return nil, &ParseError{File: file, Err: ErrEmptyFile}
		}
		return nil, fileErr(file, err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		tr.utf8 = true
		br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")), bytes.IndexByte(head, 0) >= 0:
		// UTF-16 (with or without its byte-order mark) or binary.
		return nil, &ParseError{File: file, StartLine: 1, Line: 1, Err: ErrEncoding}
	}
	header, err := tr.cr.read()
	if err == io.EOF {
		return nil, &ParseError{File: file, Err: ErrEmptyFile}
	}
	if err != nil {
		return nil, tr.readErr(err)
	}
	if err := tr.bind(header); err != nil {
		return nil, err
	}
	return tr, nil
}

// bind maps the table's columns onto header positions.
func (tr *tableReader) bind(header []string) error {
	tr.headerLen = len(header)
	pos := make(map[string]int, len(header))
	dup := map[string]bool{}
	for i, h := range header {
		if strings.IndexByte(h, 0) >= 0 || !utf8.ValidString(h) && tr.utf8 {
			return &ParseError{File: tr.file, StartLine: 1, Line: 1, Err: ErrEncoding}
		}
		n := NormalizeHeader(h)
		if _, seen := pos[n]; seen {
			dup[n] = true
			continue
		}
		pos[n] = i
	}
	tr.idx = make([]int, len(tr.cols))
	var errs []error
	for id, c := range tr.cols {
		i, ok := pos[c.name]
		switch {
		case !ok && c.required:
			errs = append(errs, &ParseError{File: tr.file, StartLine: 1, Line: 1, Field: c.name, Err: ErrMissingColumn})
			i = -1
		case !ok:
			i = -1
		case dup[c.name]:
			errs = append(errs, &ParseError{File: tr.file, StartLine: 1, Line: 1, Field: c.name, Err: ErrDuplicateColumn})
		}
		tr.idx[id] = i
	}
	return errors.Join(errs...)
}

// has reports whether the column was in the header.
func (tr *tableReader) has(col int) bool { return tr.idx[col] >= 0 }

// next reads the next record. It returns false at the end of the file.
// A record with the wrong number of fields is skipped: next returns true
// with no record (tr.rec nil) and the warning in tr.soft, so that the
// caller drains the warnings of a file of bad rows as they come. Any other
// read error is fatal for the file.
func (tr *tableReader) next() (bool, error) {
	if tr.pipe != nil {
		return tr.nextAsync()
	}
	rec, err := tr.cr.read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		if isFieldCount(err) {
			tr.rec = nil
			tr.soft = append(tr.soft, tr.readErrValue(err.(*readError)))
			return true, nil
		}
		return false, tr.readErr(err)
	}
	tr.rec = rec
	tr.nread++
	return true, nil
}

// get returns the raw field of a column ("" when the column is absent).
func (tr *tableReader) get(col int) string {
	i := tr.idx[col]
	if i < 0 {
		return ""
	}
	return tr.rec[i]
}

// fieldErr builds the error of one field of the current record. The value
// is quoted for plain columns only (see column.value), at most 40 bytes of
// it, and never when it has the shape of a CPF or a CNS.
func (tr *tableReader) fieldErr(col int, err error) *ParseError {
	pe := tr.fieldErrValue(col, err)
	return &pe
}

// fieldErrValue is fieldErr without the allocation.
func (tr *tableReader) fieldErrValue(col int, err error) ParseError {
	c := tr.cols[col]
	pe := ParseError{File: tr.file, Field: c.name, Err: err}
	if i := tr.idx[col]; i >= 0 && i < len(tr.rec) {
		pe.Line, pe.Column = tr.fieldPos(i)
		pe.StartLine, _ = tr.fieldPos(0)
		pe.Value = quoteValue(c.value, tr.rec[i], tr.utf8)
	}
	return pe
}

// quoteValue returns what an error may show of a field's value v.
func quoteValue(k valueKind, v string, utf8Input bool) string {
	switch k {
	case personalValue:
		return ""
	case maskedValue:
		return ident.MaskTail(trimSpaces(v), 2)
	}
	if len(v) > 40 {
		v = v[:40]
	}
	if n := ident.Normalize(trimSpaces(v)); (len(n) == 11 || len(n) == 15) && ident.AllDigits(n) {
		return ident.MaskTail(n, 2) // the shape of a CPF or a CNS
	}
	return text(v, utf8Input)
}

// text decodes a kept text column of the current record. A field that is
// valid UTF-8 with multi-byte sequences in a file without a byte-order
// mark was most likely re-saved as UTF-8: it is decoded as UTF-8 and
// reported once per file (ErrEncoding), never silently turned into
// mojibake. A field longer than maxText bytes is reported (ErrLength) and
// read as empty: no registry name is that long, and the loader keeps
// these fields.
func (tr *tableReader) text(col int) string {
	s := tr.get(col)
	if len(s) > maxText {
		tr.softErr(col, ErrLength)
		return ""
	}
	if !tr.utf8 && !isASCII(s) && utf8.ValidString(s) {
		if !tr.utf8Seen {
			tr.utf8Seen = true
			tr.softErr(col, ErrEncoding)
		}
		return text(s, true)
	}
	return text(s, tr.utf8)
}

// maxText caps the kept text columns (NO_FANTASIA, NO_REFERENCIA,
// NO_PROFISSIONAL: VARCHAR2 of 60 to 100 bytes in DIC2025).
const maxText = 255

// softErr records a tolerated problem in a field of the current record.
func (tr *tableReader) softErr(col int, err error) {
	tr.soft = append(tr.soft, tr.fieldErrValue(col, err))
}

// takeSoft returns and clears the soft errors gathered so far.
func (tr *tableReader) takeSoft() []ParseError {
	s := tr.soft
	tr.soft = tr.soft[:0:0]
	return s
}

// readErrValue is the *ParseError of re, as a value.
func (tr *tableReader) readErrValue(re *readError) ParseError {
	return ParseError{File: tr.file, StartLine: re.startLine, Line: re.line, Column: re.col, Err: re.err}
}

// readErr turns an error of the record reader into a *ParseError.
func (tr *tableReader) readErr(err error) *ParseError {
	if re, ok := err.(*readError); ok {
		pe := tr.readErrValue(re)
		return &pe
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe
	}
	return fileErr(tr.file, err).(*ParseError)
}

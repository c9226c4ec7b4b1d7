package cnes

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// DefaultMaxLineBytes caps one line of a registry file. Real lines are a
// few hundred bytes; the cap keeps a corrupt file without line breaks from
// being buffered whole.
const DefaultMaxLineBytes = 1 << 20

// tableReader streams one registry file with encoding/csv and binds the
// columns of its table by header name. It is the row decoder that the
// loader and FuzzTableReader drive.
type tableReader struct {
	file      string
	t         Table
	cols      []column
	cr        *csv.Reader
	idx       []int // column id → record index; -1 when absent
	rec       []string
	utf8      bool // the file started with a UTF-8 byte-order mark
	soft      []*ParseError
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
// instead of silently merging fields.
func newTableReader(file string, t Table, r io.Reader, lazyQuotes bool, maxLine int) (*tableReader, error) {
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	br := bufio.NewReaderSize(&lineLimiter{r: r, max: maxLine}, 64<<10)
	tr := &tableReader{file: file, t: t, cols: tableDefs[t].cols}
	head, err := br.Peek(512) // short files return what there is
	if err != nil && len(head) == 0 {
		if errors.Is(err, io.EOF) {
			return nil, &ParseError{File: file, Err: ErrEmptyFile}
		}
		return nil, &ParseError{File: file, Err: err}
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		tr.utf8 = true
		br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")), bytes.IndexByte(head, 0) >= 0:
		// UTF-16 (with or without its byte-order mark) or binary.
		return nil, &ParseError{File: file, Line: 1, Err: ErrEncoding}
	}
	tr.cr = csv.NewReader(br)
	tr.cr.Comma = ';'
	tr.cr.ReuseRecord = true
	tr.cr.LazyQuotes = lazyQuotes
	header, err := tr.cr.Read()
	if err == io.EOF {
		return nil, &ParseError{File: file, Err: ErrEmptyFile}
	}
	if err != nil {
		return nil, tr.csvErr(err)
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
			return &ParseError{File: tr.file, Line: 1, Err: ErrEncoding}
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
			errs = append(errs, &ParseError{File: tr.file, Line: 1, Field: c.name, Err: ErrMissingColumn})
			i = -1
		case !ok:
			i = -1
		case dup[c.name]:
			errs = append(errs, &ParseError{File: tr.file, Line: 1, Field: c.name, Err: ErrDuplicateColumn})
		}
		tr.idx[id] = i
	}
	return errors.Join(errs...)
}

// has reports whether the column was in the header.
func (tr *tableReader) has(col int) bool { return tr.idx[col] >= 0 }

// next reads the next record. It returns false at the end of the file.
// A record with the wrong number of fields is returned as a soft error
// (the record is skipped); any other csv error is fatal for the file.
func (tr *tableReader) next() (bool, error) {
	if tr.pipe != nil {
		return tr.nextAsync()
	}
	for {
		rec, err := tr.cr.Read()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				tr.soft = append(tr.soft, tr.csvErr(err))
				continue
			}
			return false, tr.csvErr(err)
		}
		tr.rec = rec
		tr.nread++
		return true, nil
	}
}

// get returns the raw field of a column ("" when the column is absent).
func (tr *tableReader) get(col int) string {
	i := tr.idx[col]
	if i < 0 {
		return ""
	}
	return tr.rec[i]
}

// fieldErr builds the error of one field of the current record.
func (tr *tableReader) fieldErr(col int, err error) *ParseError {
	c := tr.cols[col]
	pe := &ParseError{File: tr.file, Field: c.name, Err: err}
	if i := tr.idx[col]; i >= 0 && i < len(tr.rec) {
		pe.Line, pe.Column = tr.fieldPos(i)
		if !c.personal {
			v := tr.rec[i]
			if len(v) > 40 {
				v = v[:40]
			}
			pe.Value = text(v, tr.utf8)
		}
	}
	return pe
}

// text decodes a kept text column of the current record. A field that is
// valid UTF-8 with multi-byte sequences in a file without a byte-order
// mark was most likely re-saved as UTF-8: it is decoded as UTF-8 and
// reported once per file (ErrEncoding), never silently turned into
// mojibake.
func (tr *tableReader) text(col int) string {
	s := tr.get(col)
	if !tr.utf8 && !isASCII(s) && utf8.ValidString(s) {
		if !tr.utf8Seen {
			tr.utf8Seen = true
			tr.softErr(col, ErrEncoding)
		}
		return text(s, true)
	}
	return text(s, tr.utf8)
}

// softErr records a tolerated problem in a field of the current record.
func (tr *tableReader) softErr(col int, err error) {
	tr.soft = append(tr.soft, tr.fieldErr(col, err))
}

// takeSoft returns and clears the soft errors gathered so far.
func (tr *tableReader) takeSoft() []*ParseError {
	s := tr.soft
	tr.soft = tr.soft[:0:0]
	return s
}

func (tr *tableReader) csvErr(err error) *ParseError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: tr.file, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return &ParseError{File: tr.file, Err: err}
}

// lineLimiter fails a read when a line grows past max bytes, so that a
// file without line breaks is never buffered whole by encoding/csv.
type lineLimiter struct {
	r   io.Reader
	max int
	run int // bytes since the last '\n'
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if n > 0 {
		if i := bytes.IndexByte(p[:n], '\n'); i >= 0 {
			if l.run+i > l.max {
				return 0, ErrLineTooLong
			}
			l.run = n - bytes.LastIndexByte(p[:n], '\n') - 1
		} else {
			l.run += n
		}
		if l.run > l.max {
			return 0, ErrLineTooLong
		}
	}
	return n, err
}

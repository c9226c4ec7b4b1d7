package cnes

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// recordReader reads the CSV dialect of the registry files: ';'
// separator, '"' quoting (a quote inside a quoted field is doubled), LF or
// CRLF line ends. It behaves as encoding/csv's Reader with Comma ';',
// FieldsPerRecord 0 (the first record, the header, sets the count) and
// ReuseRecord — record for record, position for position, error for error
// (FuzzRecordReader compares the two) — except in two ways that bound its
// memory on hostile input:
//
//   - a record (one line, or several when a quoted field holds line
//     breaks) larger than max bytes fails with ErrRecordTooLong as soon as
//     the limit is passed, instead of being buffered whole;
//   - a quoted field still open at the end of the file, or when the
//     limit is passed, is reported at the line and column of its opening
//     quote (ErrUnclosedQuote), not at the end of the file.
type recordReader struct {
	br       *bufio.Reader
	lazy     bool  // csv LazyQuotes
	max      int   // cap on the raw bytes of one record
	nfields  int   // fields per record, set by the first record
	line     int   // lines read
	offset   int64 // bytes read
	lastSize int   // raw size of the last line read
	raw      []byte
	fcErr    readError  // the csv.ErrFieldCount error, reused
	buf      []byte     // the current record's unquoted bytes
	ends     []int      // end of each field in buf
	pos      []fieldPos // position of each field
	rec      []string
}

// readError is a position error of the record reader; tableReader turns
// it into a *ParseError naming the file.
type readError struct {
	startLine, line, col int
	err                  error
}

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// errLong is readLine's signal that the line passed its budget.
var errLong = errors.New("line past the record limit")

func newRecordReader(r io.Reader, max int, lazy bool) *recordReader {
	return &recordReader{br: bufio.NewReaderSize(r, 64<<10), max: max, lazy: lazy}
}

// readLine reads one line of at most budget bytes (it may read one buffer
// more before it notices), normalising CRLF to LF like encoding/csv.
func (r *recordReader) readLine(budget int) ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.raw = append(r.raw[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(r.raw) > budget {
				return nil, errLong
			}
			line, err = r.br.ReadSlice('\n')
			r.raw = append(r.raw, line...)
		}
		line = r.raw
	}
	n := len(line)
	if n > 0 && err == io.EOF {
		err = nil
		// Like encoding/csv: a trailing \r before the end of the file is
		// dropped.
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	r.line++
	r.offset += int64(n)
	r.lastSize = n
	if m := len(line); m >= 2 && line[m-2] == '\r' && line[m-1] == '\n' {
		line[m-2] = '\n'
		line = line[:m-1]
	}
	return line, err
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// read returns the next record, io.EOF at the end of the input, or an
// error. A record with the wrong number of fields is not returned: only a
// *readError wrapping csv.ErrFieldCount, valid until the next read
// (encoding/csv returns the record too). The fields are substrings of one
// string allocated for the record: they stay valid after the next read.
func (r *recordReader) read() ([]string, error) {
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = r.readLine(r.max)
		if errRead == errLong {
			return nil, r.tooLong(r.line+1, r.line+1, 0, false)
		}
		if errRead == nil && len(line) == lengthNL(line) {
			line = nil
			continue // skip empty lines
		}
		break
	}
	if errRead == io.EOF {
		return nil, errRead
	}
	start := r.offset - int64(r.lastSize)
	recLine := r.line
	if r.offset-start > int64(r.max) {
		return nil, r.tooLong(recLine, recLine, 0, false)
	}
	r.buf = r.buf[:0]
	r.ends = r.ends[:0]
	r.pos = r.pos[:0]
	pos := fieldPos{line: int32(r.line), col: 1}
	var err error
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// Unquoted field.
			i := bytes.IndexByte(line, ';')
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if !r.lazy {
				if j := bytes.IndexByte(field, '"'); j >= 0 {
					err = &readError{startLine: recLine, line: r.line, col: int(pos.col) + j, err: csv.ErrBareQuote}
					break parseField
				}
			}
			r.buf = append(r.buf, field...)
			r.ends = append(r.ends, len(r.buf))
			r.pos = append(r.pos, pos)
			if i >= 0 {
				line = line[i+1:]
				pos.col += int32(i + 1)
				continue parseField
			}
			break parseField
		}
		// Quoted field.
		open := pos
		line = line[1:]
		pos.col++
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				r.buf = append(r.buf, line[:i]...)
				line = line[i+1:]
				pos.col += int32(i + 1)
				switch {
				case len(line) > 0 && line[0] == '"': // "" is a quote
					r.buf = append(r.buf, '"')
					line = line[1:]
					pos.col++
				case len(line) > 0 && line[0] == ';': // end of field
					line = line[1:]
					pos.col++
					r.ends = append(r.ends, len(r.buf))
					r.pos = append(r.pos, open)
					continue parseField
				case lengthNL(line) == len(line): // end of line
					r.ends = append(r.ends, len(r.buf))
					r.pos = append(r.pos, open)
					break parseField
				case r.lazy: // a bare quote, kept
					r.buf = append(r.buf, '"')
				default:
					err = &readError{startLine: recLine, line: r.line, col: int(pos.col) - 1, err: csv.ErrQuote}
					break parseField
				}
			case len(line) > 0:
				// The line ends inside the field: go on with the next one.
				r.buf = append(r.buf, line...)
				if errRead != nil {
					break parseField
				}
				pos.col += int32(len(line))
				line, errRead = r.readLine(r.max - int(r.offset-start))
				if errRead == errLong || r.offset-start > int64(r.max) {
					return nil, r.tooLong(recLine, int(open.line), int(open.col), true)
				}
				if len(line) > 0 {
					pos.line++
					pos.col = 1
				}
				if errRead == io.EOF {
					errRead = nil
				}
			default:
				// The input ends inside the field.
				if !r.lazy && errRead == nil {
					err = &readError{startLine: recLine, line: int(open.line), col: int(open.col), err: ErrUnclosedQuote}
					break parseField
				}
				r.ends = append(r.ends, len(r.buf))
				r.pos = append(r.pos, open)
				break parseField
			}
		}
	}
	if err == nil {
		err = errRead
	}
	if r.nfields == 0 {
		r.nfields = len(r.ends)
	} else if len(r.ends) != r.nfields && err == nil {
		// The record is skipped by the loader: no need to build it, nor
		// to allocate its error (valid until the next read).
		r.fcErr = readError{startLine: recLine, line: recLine, col: 1, err: csv.ErrFieldCount}
		return nil, &r.fcErr
	}
	// One string per record, sliced into the fields.
	str := string(r.buf)
	if cap(r.rec) < len(r.ends) {
		r.rec = make([]string, len(r.ends))
	}
	r.rec = r.rec[:len(r.ends)]
	prev := 0
	for i, end := range r.ends {
		r.rec[i] = str[prev:end]
		prev = end
	}
	return r.rec, err
}

// isFieldCount reports whether err is the wrong-field-count error of read.
func isFieldCount(err error) bool {
	re, ok := err.(*readError)
	return ok && re.err == csv.ErrFieldCount
}

// tooLong builds the error of a record past the limit.
func (r *recordReader) tooLong(startLine, line, col int, quoted bool) error {
	return &readError{startLine: startLine, line: line, col: col,
		err: &LimitError{Option: "MaxRecordBytes", Limit: int64(r.max), Err: ErrRecordTooLong, Quote: quoted}}
}

// fieldPos returns the line and column of field i of the last record.
func (r *recordReader) fieldPos(i int) (line, col int) {
	if i < 0 || i >= len(r.pos) {
		return 0, 0
	}
	return int(r.pos[i].line), int(r.pos[i].col)
}

// inputOffset returns the input offset after the last record.
func (r *recordReader) inputOffset() int64 { return r.offset }

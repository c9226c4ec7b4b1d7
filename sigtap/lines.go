package sigtap

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
)

// chunkPool recycles the read buffers of eachLine.
var chunkPool = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// eachLine calls fn for each record read from r, checking that every line
// has exactly width bytes. It streams: the data is inflated and decoded a
// chunk at a time, while the chunk is still in cache. LF line ends, a
// missing final line end and trailing empty lines are accepted with a
// warning. (A record that swallowed a line break is caught by the field
// decoders: no field may hold LF.) The budget caps the rows of the table
// and of the release, and its context is checked every few thousand rows.
func eachLine(r io.Reader, file string, width int, b *budget, fn func(line []byte, n int) error) ([]*ParseError, error) {
	bp := chunkPool.Get().(*[]byte)
	defer chunkPool.Put(bp)
	if len(*bp) < 2*(width+2) {
		*bp = make([]byte, 2*(width+2))
	}
	buf := *bp
	var warns []*ParseError
	warn := func(line int, msg string) {
		warns = append(warns, &ParseError{File: file, Line: line, Err: errors.New(msg)})
	}
	start, end := 0, 0
	eof := false
	lf, n := 0, 0
	for {
		// Consume the complete lines in buf[start:end].
		for start < end {
			var line []byte
			data := buf[start:end]
			if len(data) >= width+2 && data[width] == '\r' && data[width+1] == '\n' {
				line = data[:width]
				start += width + 2
			} else {
				i := bytes.IndexByte(data, '\n')
				switch {
				case i >= 0:
					line = data[:i]
					start += i + 1
					if len(line) > 0 && line[len(line)-1] == '\r' {
						line = line[:len(line)-1]
					} else {
						lf++
					}
				case !eof && len(data) <= width+1:
					goto more // the line may continue in the next chunk
				case !eof:
					line = data // longer than any valid line: report it
					start = end
				default:
					line = data
					start = end
					warn(n+1, "last line has no line end")
				}
				if len(line) == 0 && onlyLineEnds(buf[start:end]) {
					rest := false
					if !eof {
						var err error
						if rest, err = drainLineEnds(r); err != nil {
							return warns, err
						}
					}
					if !rest {
						warn(n+1, "empty lines at the end of the file")
						goto done
					}
				}
				if len(line) != width {
					col := min(len(line), width) + 1
					return warns, &ParseError{File: file, Line: n + 1, Column: col, Value: shorten(line),
						Err: fmt.Errorf("%w: %d bytes, layout says %d", ErrLineLength, len(line), width)}
				}
			}
			n++
			if n&rowBatch == 0 {
				if err := b.countRows(file, n, rowBatch+1); err != nil {
					return warns, err
				}
			}
			if n > b.maxRows {
				return warns, &ParseError{File: file, Line: n, Err: countLimit(b.maxRows, "rows", "MaxRows")}
			}
			if err := fn(line, n); err != nil {
				return warns, err
			}
		}
	more:
		if eof {
			break
		}
		copy(buf, buf[start:end])
		end -= start
		start = 0
		for end < len(buf) && !eof {
			k, err := r.Read(buf[end:])
			end += k
			if err == io.EOF {
				eof = true
			} else if err != nil {
				return warns, err
			}
		}
	}
done:
	if err := b.countRows(file, n, n&rowBatch); err != nil {
		return warns, err
	}
	if lf > 0 {
		warn(0, fmt.Sprintf("%d lines end in LF instead of CRLF", lf))
	}
	return warns, nil
}

// rowBatch+1 rows are counted against the release total at a time, and
// the context is checked as often.
const rowBatch = 4095

// countRows adds k rows of file (which has n so far) to the release total
// and checks the cap (an error about the release as a whole) and the
// context (an error about file).
func (b *budget) countRows(file string, n, k int) error {
	if b.rows.Add(int64(k)) > int64(b.maxTotalRows) {
		return &ParseError{Err: countLimit(b.maxTotalRows, "rows in the release", "MaxTotalRows")}
	}
	if err := b.ctx.Err(); err != nil {
		return &ParseError{File: file, Line: n, Err: err}
	}
	return nil
}

func onlyLineEnds(b []byte) bool {
	for _, c := range b {
		if c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// drainLineEnds reads the rest of r and reports whether anything but line
// ends follows.
func drainLineEnds(r io.Reader) (bool, error) {
	var tmp [512]byte
	for {
		k, err := r.Read(tmp[:])
		if !onlyLineEnds(tmp[:k]) {
			return true, nil
		}
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
}

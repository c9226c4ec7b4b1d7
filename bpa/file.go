package bpa

import (
	"errors"
	"fmt"
	"io"
)

// File is a whole BPA file in memory.
type File struct {
	Header  Header
	Records []Record // *Consolidado and *Individualizado, in file order
}

// Encode writes f with Encode (totals recomputed from the records).
func (f *File) Encode(w io.Writer, opts *WriteOptions) error {
	return Encode(w, f.Header, f.Records, opts)
}

// MaxReadErrors caps the parse errors Decode joins into its error.
const MaxReadErrors = 100

// Decode reads a whole BPA file into memory; it is the pair of Encode.
// Lines that cannot be parsed are left out and their *ParseError joined
// into the returned error (at most MaxReadErrors, then a count), together
// with the File of the lines that could be read. An error that stops the
// Reader (I/O, ErrNotBPA, ErrEmpty, ErrTooManyLines) is returned alone.
// For files of millions of lines, use a Reader.
func Decode(r io.Reader) (*File, error) {
	rd := NewReader(r)
	f := &File{}
	var errs []error
	n := 0
	for rec, err := range rd.All() {
		if err != nil {
			if !isParseError(err) {
				return f, err
			}
			if n++; n <= MaxReadErrors {
				errs = append(errs, err)
			}
			continue
		}
		if h, ok := rec.(*Header); ok {
			f.Header = *h
			continue
		}
		f.Records = append(f.Records, rec)
	}
	if n > MaxReadErrors {
		errs = append(errs, fmt.Errorf("bpa: %d more bad lines", n-MaxReadErrors))
	}
	return f, errors.Join(errs...)
}

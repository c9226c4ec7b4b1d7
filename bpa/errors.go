package bpa

import (
	"errors"
	"strconv"

	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/internal/errfmt"
	"github.com/go-sus/sus/internal/fixed"
)

// Sentinel errors, usable with errors.Is on a *ParseError or *FieldError.
var (
	// Input that is not a BPA file (reader; reading stops).
	ErrEmpty  = errors.New("empty file")
	ErrNotBPA = errors.New("not a BPA file: the first line is not a 01#BPA# header")

	// Structure of a line (reader).
	ErrLineTooLong = errors.New("line longer than the maximum line length")
	ErrRecordType  = errors.New("unknown record type (bytes 1-2 must be 01, 02 or 03)")
	ErrLength      = errors.New("wrong line length for the record type")
	ErrUTF8        = errors.New("line is UTF-8, not Windows-1252: multi-byte characters shift the columns")
	ErrNotDigits   = fixed.ErrNotDigits
	ErrMarker      = errors.New(`header marker is not "#BPA#"`)
	ErrHeaderPos   = errors.New("header record (01) after the first line")
	ErrCompetencia = errors.New("invalid competência (AAAAMM)")

	// Writing.
	ErrTooLong      = fixed.ErrTooLong
	ErrUnencodable  = charset.ErrUnencodable
	ErrControl      = errors.New("control character in a text field")
	ErrNegative     = errors.New("negative value")
	ErrNotInLayout  = errors.New("field does not exist in the record's layout version")
	ErrVersion      = errors.New("layout version cannot be written")
	ErrRange        = errors.New("value outside the field's domain")
	ErrTooManyLines = errors.New("a BPA file holds at most 999999 production lines (cbc_lin has 6 digits)")
	ErrFolhas       = errors.New("a numbering key holds at most 999 folhas")
	ErrDuplicate    = errors.New("folha/seq slot used twice")
	ErrNotNumbered  = errors.New("folha/seq is 0: number the record (Build, a Numberer or WriteOptions.Number)")
	ErrClosed       = errors.New("writer closed")

	// JSON bridge.
	ErrJSON = errors.New("invalid JSON record")
)

// ParseError reports a problem in one line of a BPA file (or of a JSON-lines
// file), like encoding/csv.ParseError. It never contains field values, so it
// can be logged without exposing personal data.
type ParseError struct {
	File   string // Reader.File ("" when not known)
	Line   int    // 1-based line number
	Column int    // 1-based byte position in the line (0 when not known)
	Field  string // canonical field name ("" when not about one field)
	Err    error  // a sentinel of this package or a wrapped cause
}

// Error formats the error like the module's other parsers:
// "bpa: FILE: line 7, column 60 (prd_cnspac): …".
func (e *ParseError) Error() string {
	return errfmt.Format(errfmt.Pos{Pkg: "bpa", File: e.File, Line: e.Line, Column: e.Column, Field: e.Field}, e.Err)
}

// Unwrap returns Err.
func (e *ParseError) Unwrap() error { return e.Err }

// fileError is an error about the whole input that stops the reader: not
// a BPA file, empty, over the line limit. It unwraps to its sentinel.
type fileError struct {
	file string
	line int
	err  error
}

func (e *fileError) Error() string {
	return errfmt.Format(errfmt.Pos{Pkg: "bpa", File: e.file, Line: e.line}, e.err)
}

func (e *fileError) Unwrap() error { return e.err }

// FieldError reports a value the writer cannot put into a field: too long,
// not digits, a character Windows-1252 cannot hold, out of range. Line is
// the line the record would have had in the output (0 when not known).
type FieldError struct {
	Line  int
	Field string
	Err   error
}

// Error names the field and the reason, never the value.
func (e *FieldError) Error() string {
	s := "bpa: "
	if e.Line > 0 {
		s += "line " + strconv.Itoa(e.Line) + ": "
	}
	return s + "field " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

package sigtap

import (
	"errors"
	"strconv"
	"strings"

	"github.com/go-sus/sus/internal/safezip"
)

// Sentinel errors of the loader, writer and queries, usable with errors.Is.
// Parse failures come wrapped in a *ParseError that says where.
var (
	// ErrLayout reports a malformed *_layout.txt or layout.txt.
	ErrLayout = errors.New("sigtap: malformed layout")
	// ErrMissingColumn reports a typed table whose layout lacks a
	// required column.
	ErrMissingColumn = errors.New("sigtap: required column missing from the layout")
	// ErrLineLength reports a data line whose length is not the layout
	// width.
	ErrLineLength = errors.New("sigtap: line length differs from the layout width")
	// ErrNumber reports a NUMBER (or numeric code) field that is not all
	// digits, or too large for its type.
	ErrNumber = errors.New("sigtap: invalid number")
	// ErrCode reports a code field that does not have the shape of its
	// type (procedure code, CBO, CID, one-letter domain).
	ErrCode = errors.New("sigtap: invalid code")
	// ErrEncoding reports a byte that Windows-1252 does not define (0x81,
	// 0x8D, 0x8F, 0x90, 0x9D) or text that Windows-1252 cannot hold.
	ErrEncoding = errors.New("sigtap: not Windows-1252")
	// ErrCompetencia reports a DT_COMPETENCIA that differs from the
	// release competência (or between tables), or a release whose
	// competência cannot be determined.
	ErrCompetencia = errors.New("sigtap: competência mismatch")
	// ErrDuplicate reports a duplicate key in a table that needs unique
	// keys (tb_procedimento).
	ErrDuplicate = errors.New("sigtap: duplicate key")
	// ErrNoRelease reports a source with no SIGTAP table in it.
	ErrNoRelease = errors.New("sigtap: no SIGTAP table found")
	// ErrTableAbsent reports a query or write that needs a table the
	// release does not have.
	ErrTableAbsent = errors.New("sigtap: table absent from the release")
	// ErrUnknownProcedure reports a procedure code that is not in the
	// release (Subset).
	ErrUnknownProcedure = errors.New("sigtap: procedure not in the release")
	// ErrTooLarge reports a ZIP entry or archive that inflates past the
	// loader's caps (the same value as safezip.ErrTooLarge).
	ErrTooLarge = safezip.ErrTooLarge
)

// ParseError locates a problem in a release file, like
// encoding/csv.ParseError. Lines and columns are 1-based; zero means "not
// about a line / column".
type ParseError struct {
	File   string // entry name ("tb_procedimento.txt", "layout.txt")
	Line   int    // line number
	Column int    // byte column where the field starts
	Field  string // layout column name (CO_PROCEDIMENTO …)
	Value  string // the offending text, shortened (SIGTAP holds no personal data)
	Err    error  // one of the sentinels, or an I/O error
}

// Error returns "file: line N, column C (FIELD): cause: \"value\"".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(": line ")
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteString(", column ")
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	if e.Field != "" {
		b.WriteString(" (")
		b.WriteString(e.Field)
		b.WriteString(")")
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if e.Value != "" {
		b.WriteString(": ")
		b.WriteString(strconv.Quote(e.Value))
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// shorten bounds the Value kept in errors.
func shorten(b []byte) string {
	const max = 40
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// Warning is something the loader accepted but reports: a file with LF
// line ends, a table with no layout, a layout file that disagrees with
// layout.txt, rows that reference unknown procedures, unsafe ZIP entries.
type Warning struct {
	File    string // entry name, "" for the release as a whole
	Line    int    // 0 when not about one line
	Message string
}

// String returns "file: line N: message".
func (w Warning) String() string {
	s := w.Message
	if w.Line > 0 {
		s = "line " + strconv.Itoa(w.Line) + ": " + s
	}
	if w.File != "" {
		s = w.File + ": " + s
	}
	return s
}

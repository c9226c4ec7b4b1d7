package sigtap

import (
	"errors"
	"io/fs"
	"strconv"

	"github.com/go-sus/sus/internal/errfmt"
	"github.com/go-sus/sus/internal/safeio"
)

// Sentinel errors of the loader, writer and queries, usable with errors.Is.
// Parse failures come wrapped in a *ParseError that says where (and adds
// the "sigtap: " prefix, which the sentinels that only travel inside one
// therefore lack).
var (
	// ErrLayout reports a malformed *_layout.txt or layout.txt.
	ErrLayout = errors.New("malformed layout")
	// ErrMissingColumn reports a typed table whose layout lacks a
	// required column.
	ErrMissingColumn = errors.New("required column missing from the layout")
	// ErrLineLength reports a data line whose length is not the layout
	// width.
	ErrLineLength = errors.New("line length differs from the layout width")
	// ErrNumber reports a NUMBER (or numeric code) field that is not all
	// digits, or too large for its type.
	ErrNumber = errors.New("invalid number")
	// ErrCode reports a code field that does not have the shape of its
	// type (procedure code, CBO, CID, one-letter domain).
	ErrCode = errors.New("invalid code")
	// ErrEncoding reports a byte that Windows-1252 does not define (0x81,
	// 0x8D, 0x8F, 0x90, 0x9D) or text that Windows-1252 cannot hold.
	ErrEncoding = errors.New("not Windows-1252")
	// ErrCompetencia reports a DT_COMPETENCIA that differs from the
	// release competência (or between tables), or a release whose
	// competência cannot be determined.
	ErrCompetencia = errors.New("competência mismatch")
	// ErrDuplicate reports a duplicate key in a table that needs unique
	// keys (tb_procedimento).
	ErrDuplicate = errors.New("duplicate key")
	// ErrNoRelease reports a source with no SIGTAP table in it.
	ErrNoRelease = errors.New("no SIGTAP table found")
	// ErrTableAbsent reports a query or write that needs a table the
	// release does not have.
	ErrTableAbsent = errors.New("sigtap: table absent from the release")
	// ErrUnknownProcedure reports a procedure code that is not in the
	// release (Subset).
	ErrUnknownProcedure = errors.New("sigtap: procedure not in the release")
	// ErrTooLarge reports an input past one of the loader's caps
	// (LoadOptions.MaxFileBytes, MaxTotalBytes, MaxLayoutBytes, MaxRows,
	// MaxTotalRows, MaxFiles): the message names the file, the limit
	// and the option that sets it.
	ErrTooLarge = safeio.ErrTooLarge
	// ErrNotRegular reports a FIFO, device or socket where the loader
	// expected a file: it is refused before reading (a FIFO would block
	// the load forever).
	ErrNotRegular = safeio.ErrNotRegular
)

// ParseError locates a problem in a release file, like
// encoding/csv.ParseError. Lines and columns are 1-based; zero means "not
// about a line / column". File is the entry name inside the release
// ("tb_procedimento.txt"); the errors of Open, OpenSet and LoadSet put the
// path of the release before it ("TabelaUnificada_202512_v2601221256.zip/
// tb_procedimento.txt"), so that they name the file a person can find.
//
// Warnings (what the loader accepted but reports) are *ParseError values
// too: Release.Warnings.
type ParseError struct {
	File   string // entry name ("tb_procedimento.txt", "layout.txt"), with the release path before it in errors of Open, OpenSet, LoadSet
	Line   int    // line number
	Column int    // byte column where the field starts
	Field  string // layout column name (CO_PROCEDIMENTO …)
	Value  string // the offending text, shortened (SIGTAP holds no personal data)
	Err    error  // one of the sentinels, an I/O error, or the warning
}

// Error returns
// "sigtap: file: line N, column C (FIELD): cause: \"value\"", leaving out
// the parts that are unknown.
func (e *ParseError) Error() string {
	return errfmt.Format(errfmt.Pos{Pkg: "sigtap", File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value}, e.Err)
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

// fileErr returns err as a *ParseError about file. A *fs.PathError gives
// its cause (its path is the file already) and a *ParseError is kept.
func fileErr(file string, err error) error {
	if err == nil {
		return nil
	}
	if pe, ok := err.(*ParseError); ok {
		return pe
	}
	if pe, ok := err.(*fs.PathError); ok {
		err = pe.Err
	}
	return &ParseError{File: file, Err: err}
}

// withSource puts the path of the release, src, before the file of a
// *ParseError (and makes any other error a *ParseError about src).
func withSource(err error, src string) error {
	if err == nil || src == "" {
		return err
	}
	pe, ok := err.(*ParseError)
	if !ok {
		return fileErr(src, err)
	}
	c := *pe
	if c.File == "" {
		c.File = src
	} else {
		c.File = src + "/" + c.File
	}
	return &c
}

// limitError reports an input past one of the caps of LoadOptions. It
// wraps ErrTooLarge (through a *safeio.LimitError for the byte caps).
type limitError struct {
	msg    string // "larger than the limit of 64 MiB", "more than 1048576 rows"
	option string // the LoadOptions field that sets the cap; "" for a fixed one
	err    error
}

func (e *limitError) Error() string {
	if e.option == "" {
		return e.msg
	}
	return e.msg + " (LoadOptions." + e.option + ")"
}

func (e *limitError) Unwrap() error { return e.err }

// bytesLimit is the error of a byte cap of limit set by option.
func bytesLimit(limit int64, option, what string) *limitError {
	le := &safeio.LimitError{Limit: limit}
	msg := le.Error()
	if what != "" {
		msg = what + " " + msg
	}
	return &limitError{msg: msg, option: option, err: le}
}

// countLimit is the error of a cap of limit rows or files set by option.
func countLimit(limit int, what, option string) *limitError {
	return &limitError{msg: "more than " + strconv.Itoa(limit) + " " + what, option: option, err: ErrTooLarge}
}

// warnings keeps the first max warnings of a load and counts them all.
type warnings struct {
	max  int
	list []*ParseError
	n    int
}

// add records w.
func (ws *warnings) add(w *ParseError) {
	ws.n++
	if len(ws.list) < ws.max {
		ws.list = append(ws.list, w)
	}
}

// warn records a warning about file (line 0 when not about a line).
func (ws *warnings) warn(file string, line int, msg string) {
	ws.add(&ParseError{File: file, Line: line, Err: errors.New(msg)})
}

// merge adds the warnings of o.
func (ws *warnings) merge(o *warnings) {
	for _, w := range o.list {
		ws.add(w)
	}
	ws.n += o.n - len(o.list)
}

package cnes

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"

	"github.com/go-sus/sus/internal/errfmt"
	"github.com/go-sus/sus/internal/safeio"
)

// Sentinel errors of the registry loader, usable with errors.Is. The
// loaders return them inside a *ParseError (or, for Registry, wrapped
// with the "cnes: " prefix), so they carry no prefix of their own. Field
// value errors reuse the identifier sentinels (ErrEmpty, ErrLength,
// ErrCharacters); CSV syntax errors are encoding/csv's (csv.ErrQuote,
// csv.ErrBareQuote, csv.ErrFieldCount).
var (
	// ErrMissingTable: a table the load needs (tbEstabelecimento) is not
	// in the input.
	ErrMissingTable = errors.New("table not found")
	// ErrDuplicateTable: two files match the same table.
	ErrDuplicateTable = errors.New("more than one file for the table")
	// ErrMissingColumn: a required (★) column is not in the header.
	ErrMissingColumn = errors.New("required column missing from the header")
	// ErrDuplicateColumn: a bound column appears twice in the header.
	ErrDuplicateColumn = errors.New("column appears twice in the header")
	// ErrEmptyFile: the file has no header line.
	ErrEmptyFile = errors.New("empty file (no header line)")
	// ErrEncoding: the file is not in the Latin-1 dialect of the registry
	// (UTF-16, NUL bytes in the header).
	ErrEncoding = errors.New("not a Latin-1 text file")
	// ErrRecordTooLong: a record — one line, or several when a quoted
	// field holds line breaks — is larger than LoadOptions.MaxRecordBytes.
	// The error is a *LimitError; when the record was inside a quoted
	// field, it also matches ErrUnclosedQuote and points at the opening
	// quote.
	ErrRecordTooLong = errors.New("record larger than the limit")
	// ErrFileTooLarge: a table file (or ZIP member) is larger than
	// LoadOptions.MaxFileBytes, or the files read are larger in all than
	// LoadOptions.MaxTotalBytes (a *LimitError names which).
	ErrFileTooLarge = errors.New("input larger than the limit")
	// ErrNotRegular: the path or a table file is not a regular file (a
	// FIFO, a device, a socket): it is refused before it is read.
	ErrNotRegular = safeio.ErrNotRegular
	// ErrDate: a date is neither DD/MM/YYYY nor DD-mon-YYYY[ HH:MM:SS].
	ErrDate = errors.New("invalid date")
	// ErrCompetencia: the competência cannot be told from the file names,
	// or the files disagree with each other or with LoadOptions.Competencia.
	ErrCompetencia = errors.New("competência missing or inconsistent")
	// ErrDuplicateCompetencia: a Registry already holds the competência.
	ErrDuplicateCompetencia = errors.New("competência already loaded")
	// ErrDuplicateKey: a second row for an establishment (CO_CNES or
	// CO_UNIDADE) or a team key already loaded; the first row is kept and
	// the duplicate is reported as a warning.
	ErrDuplicateKey = errors.New("duplicate key, row ignored")
	// ErrUnclosedQuote: a quoted field is still open at the end of the
	// file (or when the record passes LoadOptions.MaxRecordBytes). The
	// *ParseError points at the line and column of the opening quote.
	// errors.Is(ErrUnclosedQuote, csv.ErrQuote) is true.
	ErrUnclosedQuote error = &quoteError{}
)

type quoteError struct{}

func (*quoteError) Error() string { return "quoted field not closed" }

// Is makes ErrUnclosedQuote match csv.ErrQuote, the error encoding/csv
// reports for the same input.
func (*quoteError) Is(target error) bool { return target == csv.ErrQuote }

// LimitError is the cause of a load stopped by one of the caps of
// LoadOptions. Its message names the limit and the option that sets it:
// "record larger than the limit of 1 MiB (LoadOptions.MaxRecordBytes)".
type LimitError struct {
	Option string // the LoadOptions field: "MaxRecordBytes", "MaxFileBytes", "MaxTotalBytes"
	Limit  int64  // its value, in bytes
	Err    error  // ErrRecordTooLong or ErrFileTooLarge
	// Quote is set when the record passed the limit inside a quoted
	// field (most likely a quote that is never closed): the *ParseError
	// points at the opening quote.
	Quote bool
}

// Error names the limit and the option: "record larger than the limit of
// 1 MiB (LoadOptions.MaxRecordBytes)".
func (e *LimitError) Error() string {
	msg := fmt.Sprintf("%v of %s (LoadOptions.%s)", e.Err, safeio.FormatBytes(e.Limit), e.Option)
	if e.Quote {
		msg += ", inside the quoted field opened here: unclosed quote?"
	}
	return msg
}

// Unwrap returns Err, and ErrUnclosedQuote when Quote is set.
func (e *LimitError) Unwrap() []error {
	if e.Quote {
		return []error{e.Err, ErrUnclosedQuote}
	}
	return []error{e.Err}
}

// ParseError reports a problem at a place in one of the registry files,
// like encoding/csv.ParseError. The loaders return their errors as
// *ParseError (File names the file, ZIP member or path; Line is 0 when the
// problem is not about a line) — or an errors.Join of them when a header
// lacks several columns — and every warning is one. Personal data (CNS, CPF,
// names) is never quoted: Value is empty for those columns, and masked
// when a CNPJ column holds something else.
type ParseError struct {
	File string // file or ZIP member name (or the path given to Open)
	// StartLine is the line where the record began; it differs from Line
	// when a quoted field holds line breaks (as in encoding/csv).
	StartLine int
	Line      int    // 1-based line (0 when not about a line)
	Column    int    // 1-based byte column (0 when unknown)
	Field     string // normalised column name, when about a field
	Value     string // the offending value, for non-personal columns only
	Err       error  // the cause: a sentinel of this package, csv.ErrQuote, …
}

// Error formats the error as
// `cnes: tbEquipe202601.csv: line 7, column 60 (DT_ATIVACAO): invalid date: "31/02/2025"`,
// adding "(record from line N)" when the record began on an earlier line.
func (e *ParseError) Error() string {
	err := e.Err
	if err != nil && e.StartLine > 0 && e.Line > 0 && e.StartLine != e.Line {
		err = fmt.Errorf("%w (record from line %d)", err, e.StartLine)
	}
	return errfmt.Format(errfmt.Pos{Pkg: "cnes", File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value}, err)
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// fileErr returns err as a *ParseError about file name, keeping an
// existing *ParseError and dropping the path an *fs.PathError repeats.
func fileErr(name string, err error) error {
	if err == nil {
		return nil
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		err = fmt.Errorf("%s: %w", pathErr.Op, pathErr.Err)
	}
	return &ParseError{File: name, Err: err}
}

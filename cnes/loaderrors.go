package cnes

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors of the registry loader, usable with errors.Is. Field
// value errors reuse the identifier sentinels (ErrEmpty, ErrLength,
// ErrCharacters).
var (
	// ErrMissingTable: a table the load needs (tbEstabelecimento) is not
	// in the input.
	ErrMissingTable = errors.New("cnes: table not found")
	// ErrDuplicateTable: two members match the same table.
	ErrDuplicateTable = errors.New("cnes: more than one file for the table")
	// ErrMissingColumn: a required (★) column is not in the header.
	ErrMissingColumn = errors.New("cnes: required column missing from the header")
	// ErrDuplicateColumn: a bound column appears twice in the header.
	ErrDuplicateColumn = errors.New("cnes: column appears twice in the header")
	// ErrEmptyFile: the file has no header line.
	ErrEmptyFile = errors.New("cnes: empty file (no header line)")
	// ErrEncoding: the file is not in the Latin-1 dialect of the registry
	// (UTF-16, NUL bytes in the header).
	ErrEncoding = errors.New("cnes: not a Latin-1 text file")
	// ErrLineTooLong: a line exceeds LoadOptions.MaxLineBytes.
	ErrLineTooLong = errors.New("cnes: line too long")
	// ErrDate: a date is neither DD/MM/YYYY nor DD-mon-YYYY[ HH:MM:SS].
	ErrDate = errors.New("cnes: invalid date")
	// ErrCompetencia: the competência cannot be told from the file names,
	// or the files disagree with each other or with LoadOptions.Competencia.
	ErrCompetencia = errors.New("cnes: competência missing or inconsistent")
	// ErrDuplicateCompetencia: a Registry already holds the competência.
	ErrDuplicateCompetencia = errors.New("cnes: competência already loaded")
	// ErrDuplicateKey: a second row for an establishment (CO_CNES or
	// CO_UNIDADE) or a team key already loaded; the first row is kept and
	// the duplicate is reported as a warning.
	ErrDuplicateKey = errors.New("cnes: duplicate key, row ignored")
)

// ParseError reports a problem at a place in one of the registry files,
// like encoding/csv.ParseError. Personal data (CNS, CPF, names) is never
// quoted: Value is empty for those columns.
type ParseError struct {
	File   string // member or file name
	Line   int    // 1-based line (0 when not about a line)
	Column int    // 1-based byte column of the field (0 when unknown)
	Field  string // normalised column name, when about a field
	Value  string // the offending value, for non-personal columns only
	Err    error  // the cause: a sentinel of this package, csv.ErrQuote, …
}

// Error formats the error as
// "tbEquipe202601.csv: line 7, column 60 (DT_ATIVACAO "31/02/2025"): cnes: invalid date".
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
		if e.Value != "" {
			b.WriteString(" ")
			b.WriteString(strconv.Quote(e.Value))
		}
		b.WriteString(")")
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

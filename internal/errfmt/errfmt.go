// Package errfmt formats the position errors of every parser of the
// module one way, like encoding/csv's ParseError:
//
//	pkg: FILE: line L, column C (field): cause: "value"
//
// Parts that are unknown (empty file, zero line or column, no field, no
// value) are left out. The package prefix appears once: sentinel errors
// wrapped as the cause carry none.
package errfmt

import (
	"strconv"
	"strings"
)

// Pos is where a problem is.
type Pos struct {
	Pkg    string // package prefix: "bpa", "sigtap", "cnes"
	File   string // file or archive member name
	Line   int    // 1-based line, 0 when not about a line
	Column int    // 1-based byte column, 0 when unknown
	Field  string // field or column name
	Value  string // the offending text, already masked or shortened; "" for none
}

// Format returns the message for an error at p caused by err.
func Format(p Pos, err error) string {
	var b strings.Builder
	if p.Pkg != "" {
		b.WriteString(p.Pkg)
		b.WriteString(": ")
	}
	if p.File != "" {
		b.WriteString(p.File)
	}
	if p.Line > 0 {
		if p.File != "" {
			b.WriteString(": ")
		}
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(p.Line))
		if p.Column > 0 {
			b.WriteString(", column ")
			b.WriteString(strconv.Itoa(p.Column))
		}
	}
	if p.Field != "" {
		if p.File != "" || p.Line > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('(')
		b.WriteString(p.Field)
		b.WriteByte(')')
	}
	if p.File != "" || p.Line > 0 || p.Field != "" {
		b.WriteString(": ")
	}
	if err != nil {
		b.WriteString(strings.TrimPrefix(err.Error(), p.Pkg+": "))
	} else {
		b.WriteString("error")
	}
	if p.Value != "" {
		b.WriteString(": ")
		b.WriteString(strconv.Quote(p.Value))
	}
	return b.String()
}

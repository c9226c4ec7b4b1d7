package autorizacao

import (
	"strings"

	"github.com/go-sus/sus/internal/ident"
)

// Faixa is a range of AIH/APAC numbers that a state manager hands out to a
// municipality or establishment (Portaria SAES 2025 Arts. 16–17 for the
// Agora Tem Especialistas numberings; Portaria SAS 735/2008 for general
// ranges). Both ends share positions 1–5 (UF, year, kind) and the range
// runs over the sequence (positions 6–12), ends included. The zero value
// is the empty faixa.
type Faixa struct {
	first, last Number
}

const faixaType = "faixa"

// NewFaixa returns the faixa from first to last, which must be valid
// numbers (Check), share positions 1–5 (else ErrFaixaPrefix) and be in
// order (else ErrRange).
func NewFaixa(first, last Number) (Faixa, error) {
	for _, a := range [2]Number{first, last} {
		if err := a.Check(); err != nil {
			return Faixa{}, ident.NewError(faixaType, a.String(), err)
		}
	}
	if [5]byte(first[:5]) != [5]byte(last[:5]) {
		return Faixa{}, ident.NewError(faixaType, first.String()+"-"+last.String(), ErrFaixaPrefix)
	}
	if first.Sequence() > last.Sequence() {
		return Faixa{}, ident.NewError(faixaType, first.String()+"-"+last.String(), ErrRange)
	}
	return Faixa{first: first, last: last}, nil
}

// ParseFaixa parses "FROM-TO", the first and last numbers of a faixa
// separated by a hyphen. Each number may be written with its check digit
// (13 digits, which must then be correct) or without it (the first 12
// digits), plain or with the display mask, and spaces around the hyphen are
// ignored:
//
//	3525900000011-3525900001009
//	352590000001-352590000100
//	35.25.9.0.000.001-1 - 35.25.9.0.001.000-9
//
// Because the mask also uses hyphens, the text is split at the one hyphen
// that leaves 12 or 13 digits on each side; when there is no such hyphen
// or more than one, the error wraps ErrFormat. Errors are *ValueError.
func ParseFaixa(s string) (Faixa, error) {
	if strings.TrimSpace(s) == "" {
		return Faixa{}, ident.NewError(faixaType, s, ErrEmpty)
	}
	if len(s) > 64 {
		return Faixa{}, ident.NewError(faixaType, s, ErrLength)
	}
	var from, to string
	found := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '-' {
			continue
		}
		l, r := ident.Normalize(s[:i]), ident.Normalize(s[i+1:])
		if (len(l) == 12 || len(l) == 13) && (len(r) == 12 || len(r) == 13) {
			from, to = l, r
			found++
		}
	}
	if found != 1 {
		return Faixa{}, ident.NewError(faixaType, s, ErrFormat)
	}
	first, err := parseFaixaEnd(from)
	if err != nil {
		return Faixa{}, ident.NewError(faixaType, s, err)
	}
	last, err := parseFaixaEnd(to)
	if err != nil {
		return Faixa{}, ident.NewError(faixaType, s, err)
	}
	return NewFaixa(first, last)
}

// parseFaixaEnd reads 12 digits (check digit appended) or 13 (checked).
func parseFaixaEnd(n string) (Number, error) {
	if !ident.AllDigits(n) {
		return Number{}, ErrCharacters
	}
	if len(n) == 13 {
		return Parse(n)
	}
	var v uint64
	for i := 0; i < len(n); i++ {
		v = v*10 + uint64(n[i]-'0')
	}
	return autFromPrefix(v, 0), nil
}

// MustParseFaixa is like ParseFaixa but panics on error.
func MustParseFaixa(s string) Faixa {
	f, err := ParseFaixa(s)
	if err != nil {
		panic(err)
	}
	return f
}

// IsZero reports whether f is the zero (empty) faixa.
func (f Faixa) IsZero() bool { return f.first.IsZero() }

// First returns the first number of f.
func (f Faixa) First() Number { return f.first }

// Last returns the last number of f.
func (f Faixa) Last() Number { return f.last }

// Len returns how many numbers f holds (0 for the zero faixa).
func (f Faixa) Len() int {
	if f.IsZero() {
		return 0
	}
	return f.last.Sequence() - f.first.Sequence() + 1
}

// Kind returns the kind of the numbers of f (5th digit).
func (f Faixa) Kind() Kind { return f.first.Kind() }

// IsPrograma reports whether f is a range of the Agora Tem Especialistas
// numbering (5th digit 8 or 9).
func (f Faixa) IsPrograma() bool { return f.Kind().IsPrograma() }

// Contains reports whether a has the UF, year and kind of f and a sequence
// between its ends. It does not look at the check digit: use Check for
// that.
func (f Faixa) Contains(a Number) bool {
	if f.IsZero() || [5]byte(a[:5]) != [5]byte(f.first[:5]) {
		return false
	}
	s := a.Sequence()
	return s >= f.first.Sequence() && s <= f.last.Sequence()
}

// Check returns nil when a is a valid number (Number.Check) inside f,
// the sentinel of Number.Check otherwise, or ErrNotInFaixa.
func (f Faixa) Check(a Number) error {
	if err := a.Check(); err != nil {
		return err
	}
	if !f.Contains(a) {
		return ErrNotInFaixa
	}
	return nil
}

// CheckPrograma is Check plus the rule of Portaria SAES 2025 Art. 14 I: a
// number for an Agora Tem Especialistas attendance carries the 5th digit 8
// (AIH) or 9 (APAC); otherwise it returns ErrNotPrograma.
func (f Faixa) CheckPrograma(a Number) error {
	if err := f.Check(a); err != nil {
		return err
	}
	if !a.Kind().IsPrograma() {
		return ErrNotPrograma
	}
	return nil
}

// String returns "FROM-TO" with both numbers in full (13 digits), the form
// ParseFaixa reads; "" for the zero faixa.
func (f Faixa) String() string {
	if f.IsZero() {
		return ""
	}
	return f.first.String() + "-" + f.last.String()
}

// MarshalText implements encoding.TextMarshaler with String.
func (f Faixa) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseFaixa; empty
// text gives the zero faixa.
func (f *Faixa) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*f = Faixa{}
		return nil
	}
	v, err := ParseFaixa(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

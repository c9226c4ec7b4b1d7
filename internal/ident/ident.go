// Package ident holds what the identifier types of cns, cnes and sigtap
// share: the sentinel errors, the error type that masks the offending value,
// normalisation and the modulus-11 helpers.
package ident

import (
	"errors"
	"strings"
)

// Sentinel errors, re-exported by the public packages.
var (
	ErrEmpty      = errors.New("empty value")
	ErrLength     = errors.New("wrong length")
	ErrCharacters = errors.New("invalid characters")
	ErrCheckDigit = errors.New("check digit mismatch")
	ErrKind       = errors.New("unknown kind (first digit)")
	ErrRepeated   = errors.New("all digits equal")
	ErrRange      = errors.New("value out of range")
)

// Error reports an invalid identifier. Value holds the input with all but
// its last characters masked, so the error can be logged safely.
type Error struct {
	Type  string // "CNS", "CPF", "CNPJ", …
	Value string // masked input
	Err   error  // one of the sentinels
}

// Error returns "invalid TYPE MASKED: reason".
func (e *Error) Error() string {
	if e.Value == "" {
		return "invalid " + e.Type + ": " + e.Err.Error()
	}
	return "invalid " + e.Type + " " + e.Value + ": " + e.Err.Error()
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// NewError builds an *Error, masking value.
func NewError(typ, value string, err error) *Error {
	return &Error{Type: typ, Value: MaskTail(value, 2), Err: err}
}

// MaskTail replaces every character of s but the last keep by '*'. Inputs
// longer than 32 characters are shortened so that errors stay bounded.
func MaskTail(s string, keep int) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) > 32 {
		r = r[len(r)-32:]
	}
	out := make([]rune, len(r))
	for i := range r {
		if i >= len(r)-keep {
			out[i] = r[i]
		} else {
			out[i] = '*'
		}
	}
	return string(out)
}

// Normalize removes the separators people type in identifiers ('.', '-',
// '/', spaces and tabs) and returns the rest unchanged. It does not
// allocate when s has no separator.
func Normalize(s string) string {
	if strings.IndexAny(s, ".-/ \t") < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '.', '-', '/', ' ', '\t':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// AllDigits reports whether b is non-empty and holds only ASCII digits.
func AllDigits[T ~string | ~[]byte](b T) bool {
	if len(b) == 0 {
		return false
	}
	for i := 0; i < len(b); i++ {
		if b[i] < '0' || b[i] > '9' {
			return false
		}
	}
	return true
}

// AllSame reports whether every byte of b equals the first.
func AllSame(b []byte) bool {
	for i := 1; i < len(b); i++ {
		if b[i] != b[0] {
			return false
		}
	}
	return true
}

// Mod11DV computes a check digit with convention (a): weights are applied
// to the values of digits (value = byte - '0'), r = sum mod 11, and the
// digit is 11-r, or 0 when r < 2. It is used by CPF, CNPJ (with the
// alphanumeric values of IN RFB 2.229/2024) and SIGTAP procedure codes.
func Mod11DV(values []byte, weights []int) byte {
	s := 0
	for i, c := range values {
		s += int(c-'0') * weights[i]
	}
	r := s % 11
	if r < 2 {
		return '0'
	}
	return byte('0' + 11 - r)
}

// UnmarshalText is the shared body of the identifier types'
// encoding.TextUnmarshaler: empty text gives the zero value, anything else
// goes through parse.
func UnmarshalText[T any](dst *T, b []byte, parse func(string) (T, error)) error {
	if len(b) == 0 {
		var zero T
		*dst = zero
		return nil
	}
	v, err := parse(string(b))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// Must returns v, panicking on err: the body of the MustParse… helpers.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Motivo returns the reason of an identifier error in Portuguese, for the
// findings people read in reports ("dígito verificador não confere"). It
// matches the sentinels with errors.Is; an error wrapping none of them
// gives "valor inválido". Go error values themselves stay in English.
func Motivo(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrEmpty):
		return "valor vazio"
	case errors.Is(err, ErrLength):
		return "tamanho incorreto"
	case errors.Is(err, ErrCharacters):
		return "caracteres inválidos"
	case errors.Is(err, ErrCheckDigit):
		return "dígito verificador não confere"
	case errors.Is(err, ErrKind):
		return "tipo desconhecido (primeiro dígito)"
	case errors.Is(err, ErrRepeated):
		return "todos os dígitos iguais"
	case errors.Is(err, ErrRange):
		return "valor fora do intervalo permitido"
	}
	return "valor inválido"
}

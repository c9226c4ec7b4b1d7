package cnes

import (
	"math/rand/v2"

	"github.com/go-sus/sus/internal/ident"
)

// Code is a CNES establishment code: 7 ASCII digits, written zero-padded
// (BPA prd-cnes). The layout says the last digit is a check digit, but its
// algorithm is not published, so only length and digits are checked.
type Code [7]byte

// ParseCode parses a CNES code. Shorter all-digit inputs are zero-padded on
// the left ("12345" → "0012345"), as the registry and BPA files do.
func ParseCode(s string) (Code, error) {
	var c Code
	n := ident.Normalize(s)
	switch {
	case n == "":
		return c, ident.NewError("CNES", s, ErrEmpty)
	case len(n) > len(c):
		return c, ident.NewError("CNES", s, ErrLength)
	case !ident.AllDigits(n):
		return c, ident.NewError("CNES", s, ErrCharacters)
	}
	padLeft(c[:], n)
	return c, nil
}

// MustParseCode is like ParseCode but panics on error.
func MustParseCode(s string) Code { return ident.Must(ParseCode(s)) }

func padLeft(dst []byte, s string) {
	off := len(dst) - len(s)
	for i := 0; i < off; i++ {
		dst[i] = '0'
	}
	copy(dst[off:], s)
}

// IsZero reports whether c is the zero value.
func (c Code) IsZero() bool { return c == Code{} }

// Valid reports whether c holds 7 digits.
func (c Code) Valid() bool { return ident.AllDigits(c[:]) }

// String returns the 7 digits ("" for the zero value).
func (c Code) String() string {
	if c.IsZero() {
		return ""
	}
	return string(c[:])
}

// MarshalText implements encoding.TextMarshaler.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseCode.
func (c *Code) UnmarshalText(b []byte) error { return ident.UnmarshalText(c, b, ParseCode) }

// RandomCode returns a 7-digit code drawn from r (never all zeros).
func RandomCode(r *rand.Rand) Code {
	var c Code
	for c.IsZero() || ident.AllSame(c[:]) {
		for i := range c {
			c[i] = byte('0' + r.IntN(10))
		}
	}
	return c
}

// INE is the Identificador Nacional de Equipe: 10 ASCII digits, zero-padded
// (BPA prd_ine, from 08/2015). No check digit is known.
type INE [10]byte

// ParseINE parses an INE; shorter all-digit inputs are zero-padded on the
// left, since the registry may store them without leading zeros.
func ParseINE(s string) (INE, error) {
	var c INE
	n := ident.Normalize(s)
	switch {
	case n == "":
		return c, ident.NewError("INE", s, ErrEmpty)
	case len(n) > len(c):
		return c, ident.NewError("INE", s, ErrLength)
	case !ident.AllDigits(n):
		return c, ident.NewError("INE", s, ErrCharacters)
	}
	padLeft(c[:], n)
	if ident.AllSame(c[:]) && c[0] == '0' {
		// "0000000000" is what generators write for "no team"; SIA answers
		// EQUIPE INVALIDA OU OBRIGATORIA.
		return INE{}, ident.NewError("INE", s, ErrRepeated)
	}
	return c, nil
}

// MustParseINE is like ParseINE but panics on error.
func MustParseINE(s string) INE { return ident.Must(ParseINE(s)) }

// IsZero reports whether c is the zero value.
func (c INE) IsZero() bool { return c == INE{} }

// Valid reports whether c holds 10 digits, not all zero.
func (c INE) Valid() bool {
	return ident.AllDigits(c[:]) && !(ident.AllSame(c[:]) && c[0] == '0')
}

// String returns the 10 digits ("" for the zero value).
func (c INE) String() string {
	if c.IsZero() {
		return ""
	}
	return string(c[:])
}

// MarshalText implements encoding.TextMarshaler.
func (c INE) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseINE.
func (c *INE) UnmarshalText(b []byte) error { return ident.UnmarshalText(c, b, ParseINE) }

// RandomINE returns a valid INE drawn from r.
func RandomINE(r *rand.Rand) INE {
	var c INE
	for !c.Valid() {
		for i := range c {
			c[i] = byte('0' + r.IntN(10))
		}
	}
	return c
}

package cns

import (
	"math/rand/v2"

	"github.com/go-sus/sus/internal/ident"
)

// CPF is a Cadastro de Pessoas Físicas number: 11 ASCII digits. The zero
// value is "no CPF".
type CPF [11]byte

var cpfWeights1 = []int{10, 9, 8, 7, 6, 5, 4, 3, 2}
var cpfWeights2 = []int{11, 10, 9, 8, 7, 6, 5, 4, 3, 2}

// ParseCPF parses s, ignoring dots, hyphens and spaces ("574.627.402-06"),
// and returns the CPF when it is valid. Errors wrap ErrEmpty, ErrLength,
// ErrCharacters, ErrRepeated or ErrCheckDigit.
func ParseCPF(s string) (CPF, error) {
	var c CPF
	n := ident.Normalize(s)
	switch {
	case n == "":
		return c, ident.NewError("CPF", s, ErrEmpty)
	case !ident.AllDigits(n):
		// Characters first: a letter typed in the value is the error to
		// report, whatever the length.
		return c, ident.NewError("CPF", s, ErrCharacters)
	case len(n) != len(c):
		return c, ident.NewError("CPF", s, ErrLength)
	}
	copy(c[:], n)
	if err := c.Check(); err != nil {
		return CPF{}, ident.NewError("CPF", s, err)
	}
	return c, nil
}

// MustParseCPF is like ParseCPF but panics on error.
func MustParseCPF(s string) CPF { return ident.Must(ParseCPF(s)) }

// IsZero reports whether c is the zero value (no CPF).
func (c CPF) IsZero() bool { return c == CPF{} }

// Valid reports whether c is a valid CPF.
func (c CPF) Valid() bool { return c.Check() == nil }

// Check returns nil when c is valid, or the sentinel explaining why not. It
// does not allocate.
func (c CPF) Check() error {
	switch {
	case c.IsZero():
		return ErrEmpty
	case !ident.AllDigits(c[:]):
		return ErrCharacters
	case ident.AllSame(c[:]):
		return ErrRepeated
	case ident.Mod11DV(c[:9], cpfWeights1) != c[9] || ident.Mod11DV(c[:10], cpfWeights2) != c[10]:
		return ErrCheckDigit
	}
	return nil
}

// String returns the 11 digits, or "" for the zero value.
func (c CPF) String() string {
	if c.IsZero() {
		return ""
	}
	return string(c[:])
}

// Format returns the mask "000.000.000-00".
func (c CPF) Format() string {
	if c.IsZero() {
		return ""
	}
	return string(c[0:3]) + "." + string(c[3:6]) + "." + string(c[6:9]) + "-" + string(c[9:11])
}

// Masked returns "***.***.789-01": only the last five digits are shown.
func (c CPF) Masked() string {
	if c.IsZero() {
		return ""
	}
	b := [14]byte{'*', '*', '*', '.', '*', '*', '*', '.', c[6], c[7], c[8], '-', c[9], c[10]}
	return string(b[:])
}

// MarshalText implements encoding.TextMarshaler (the 11 digits).
func (c CPF) MarshalText() ([]byte, error) {
	if c.IsZero() {
		return []byte{}, nil
	}
	return append([]byte(nil), c[:]...), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseCPF; empty
// text gives the zero value.
func (c *CPF) UnmarshalText(b []byte) error { return ident.UnmarshalText(c, b, ParseCPF) }

// RandomCPF returns a valid CPF drawn from r.
func RandomCPF(r *rand.Rand) CPF {
	var c CPF
	for {
		for i := 0; i < 9; i++ {
			c[i] = byte('0' + r.IntN(10))
		}
		if !ident.AllSame(c[:9]) {
			break
		}
	}
	c[9] = ident.Mod11DV(c[:9], cpfWeights1)
	c[10] = ident.Mod11DV(c[:10], cpfWeights2)
	return c
}

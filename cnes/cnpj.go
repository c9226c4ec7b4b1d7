package cnes

import (
	"math/rand/v2"

	"github.com/go-sus/sus/internal/ident"
)

// CNPJ is a Cadastro Nacional da Pessoa Jurídica number: 14 ASCII
// characters. Positions 1–12 (root and branch) are digits, or, in the
// alphanumeric CNPJ issued from July 2026 (IN RFB 2.229/2024), digits or
// upper-case letters; positions 13–14 are modulus-11 check digits computed
// on the values ASCII(c)−48. Numeric CNPJs keep their old check digits, so
// one type and one algorithm serve both.
type CNPJ [14]byte

// CNPJKind tells a numeric CNPJ from an alphanumeric one.
type CNPJKind uint8

// CNPJ kinds.
const (
	CNPJNumeric CNPJKind = iota + 1
	CNPJAlphanumeric
)

// String returns "numeric" or "alphanumeric".
func (k CNPJKind) String() string {
	switch k {
	case CNPJNumeric:
		return "numeric"
	case CNPJAlphanumeric:
		return "alphanumeric"
	}
	return "unknown"
}

var (
	cnpjWeights1 = []int{5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	cnpjWeights2 = []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
)

// ParseCNPJ parses s, ignoring dots, slashes, hyphens and spaces and
// upper-casing letters ("12.abc.345/01de-35"), and returns the CNPJ when it
// is valid. Errors wrap ErrEmpty, ErrLength, ErrCharacters, ErrRepeated or
// ErrCheckDigit.
func ParseCNPJ(s string) (CNPJ, error) {
	var c CNPJ
	n := ident.Normalize(s)
	switch {
	case n == "":
		return c, ident.NewError("CNPJ", s, ErrEmpty)
	case len(n) != len(c):
		return c, ident.NewError("CNPJ", s, ErrLength)
	}
	for i := 0; i < len(n); i++ {
		b := n[i]
		if b >= 'a' && b <= 'z' {
			b -= 'a' - 'A'
		}
		c[i] = b
	}
	if err := c.Check(); err != nil {
		return CNPJ{}, ident.NewError("CNPJ", s, err)
	}
	return c, nil
}

// MustParseCNPJ is like ParseCNPJ but panics on error.
func MustParseCNPJ(s string) CNPJ { return ident.Must(ParseCNPJ(s)) }

// IsZero reports whether c is the zero value (no CNPJ).
func (c CNPJ) IsZero() bool { return c == CNPJ{} }

// Kind returns CNPJAlphanumeric when the base holds a letter, else
// CNPJNumeric.
func (c CNPJ) Kind() CNPJKind {
	for _, b := range c[:12] {
		if b >= 'A' && b <= 'Z' {
			return CNPJAlphanumeric
		}
	}
	return CNPJNumeric
}

// Valid reports whether c is a valid CNPJ.
func (c CNPJ) Valid() bool { return c.Check() == nil }

// Check returns nil when c is valid, or the sentinel explaining why not.
// It does not allocate.
func (c CNPJ) Check() error {
	if c.IsZero() {
		return ErrEmpty
	}
	for i, b := range c {
		digit := b >= '0' && b <= '9'
		if !(digit || (i < 12 && b >= 'A' && b <= 'Z')) {
			return ErrCharacters
		}
	}
	if ident.AllSame(c[:]) && c[0] == '0' {
		return ErrRepeated
	}
	if ident.Mod11DV(c[:12], cnpjWeights1) != c[12] || ident.Mod11DV(c[:13], cnpjWeights2) != c[13] {
		return ErrCheckDigit
	}
	return nil
}

// String returns the 14 characters ("" for the zero value).
func (c CNPJ) String() string {
	if c.IsZero() {
		return ""
	}
	return string(c[:])
}

// Format returns the mask "00.000.000/0000-00" ("12.ABC.345/01DE-35").
func (c CNPJ) Format() string {
	if c.IsZero() {
		return ""
	}
	return string(c[0:2]) + "." + string(c[2:5]) + "." + string(c[5:8]) + "/" + string(c[8:12]) + "-" + string(c[12:14])
}

// Masked returns the CNPJ with its root hidden: "**.***.***/0001-35".
func (c CNPJ) Masked() string {
	if c.IsZero() {
		return ""
	}
	return "**.***.***/" + string(c[8:12]) + "-" + string(c[12:14])
}

// MarshalText implements encoding.TextMarshaler.
func (c CNPJ) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseCNPJ.
func (c *CNPJ) UnmarshalText(b []byte) error { return ident.UnmarshalText(c, b, ParseCNPJ) }

const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// RandomCNPJ returns a valid numeric CNPJ of a head office (branch 0001)
// drawn from r.
func RandomCNPJ(r *rand.Rand) CNPJ { return randomCNPJ(r, 10) }

// RandomCNPJAlnum returns a valid alphanumeric CNPJ (root of 8 characters
// from [0-9A-Z] with at least one letter, branch 0001) drawn from r.
func RandomCNPJAlnum(r *rand.Rand) CNPJ { return randomCNPJ(r, len(alnum)) }

func randomCNPJ(r *rand.Rand, n int) CNPJ {
	var c CNPJ
	for {
		for i := 0; i < 8; i++ {
			c[i] = alnum[r.IntN(n)]
		}
		if n == 10 && !ident.AllSame(c[:8]) {
			break
		}
		if n > 10 && CNPJ(c).Kind() == CNPJAlphanumeric {
			break
		}
	}
	copy(c[8:12], "0001")
	c[12] = ident.Mod11DV(c[:12], cnpjWeights1)
	c[13] = ident.Mod11DV(c[:13], cnpjWeights2)
	return c
}

package cns

import (
	"math/rand/v2"

	"github.com/go-sus/sus/internal/ident"
)

// Kind tells a definitive CNS from a provisional one.
type Kind uint8

// Kinds of CNS, decided by the first digit.
const (
	KindUnknown     Kind = iota
	KindDefinitive       // first digit 1 or 2
	KindProvisional      // first digit 7, 8 or 9
)

// String returns "definitive", "provisional" or "unknown".
func (k Kind) String() string {
	switch k {
	case KindDefinitive:
		return "definitive"
	case KindProvisional:
		return "provisional"
	}
	return "unknown"
}

// KindOf returns the kind a CNS starting with digit d would have.
func KindOf(d byte) Kind {
	switch d {
	case '1', '2':
		return KindDefinitive
	case '7', '8', '9':
		return KindProvisional
	}
	return KindUnknown
}

// CNS is a Cartão Nacional de Saúde number: 15 ASCII digits. The zero value
// is "no CNS". A CNS obtained from ParseCNS is valid; one built by
// conversion from bytes (as the bpa reader does) may not be, and Valid or
// Check tells.
type CNS [15]byte

// ParseCNS parses s, ignoring spaces, dots and hyphens, and returns the CNS
// when it is valid. Errors wrap ErrEmpty, ErrLength, ErrCharacters, ErrKind
// or ErrCheckDigit.
func ParseCNS(s string) (CNS, error) {
	var c CNS
	n := ident.Normalize(s)
	switch {
	case n == "":
		return c, ident.NewError("CNS", s, ErrEmpty)
	case !ident.AllDigits(n):
		// Characters first: a letter typed in the value is the error to
		// report, whatever the length.
		return c, ident.NewError("CNS", s, ErrCharacters)
	case len(n) != len(c):
		return c, ident.NewError("CNS", s, ErrLength)
	}
	copy(c[:], n)
	if err := c.check(); err != nil {
		return CNS{}, ident.NewError("CNS", s, err)
	}
	return c, nil
}

// MustParseCNS is like ParseCNS but panics on error. For tests and
// package-level variables.
func MustParseCNS(s string) CNS { return ident.Must(ParseCNS(s)) }

// IsZero reports whether c is the zero value (no CNS).
func (c CNS) IsZero() bool { return c == CNS{} }

// Kind returns the kind of c by its first digit.
func (c CNS) Kind() Kind { return KindOf(c[0]) }

// Valid reports whether c is a valid CNS (digits, kind and check digit).
func (c CNS) Valid() bool { return c.Check() == nil }

// Check returns nil when c is valid, or the sentinel that explains why not
// (ErrEmpty, ErrCharacters, ErrKind, ErrCheckDigit). It does not allocate.
func (c CNS) Check() error {
	if c.IsZero() {
		return ErrEmpty
	}
	if !ident.AllDigits(c[:]) {
		return ErrCharacters
	}
	return c.check()
}

func (c CNS) check() error {
	switch c.Kind() {
	case KindDefinitive:
		if !definitiveOK(c) {
			return ErrCheckDigit
		}
	case KindProvisional:
		if weightedSum(c[:])%11 != 0 {
			return ErrCheckDigit
		}
	default:
		return ErrKind
	}
	return nil
}

// weightedSum returns Σ d[i]·(15−i).
func weightedSum(d []byte) int {
	s := 0
	for i, b := range d {
		s += int(b-'0') * (15 - i)
	}
	return s
}

// definitiveOK applies the e-SUS validaCns routine: the last four digits
// must be the 000/001 filler and DV computed from the 11-digit PIS.
func definitiveOK(c CNS) bool {
	filler, dv := definitiveTail(c[:11])
	return c[11] == '0' && c[12] == '0' && c[13] == filler && c[14] == dv
}

// definitiveTail computes the filler digit ('0' or '1') and check digit of a
// definitive CNS from its 11-digit PIS.
func definitiveTail(pis []byte) (filler, dv byte) {
	s := weightedSum(pis)
	d := 11 - s%11
	if d == 11 {
		d = 0
	}
	if d == 10 {
		s += 2
		d = 11 - s%11
		return '1', byte('0' + d)
	}
	return '0', byte('0' + d)
}

// String returns the 15 digits, or "" for the zero value.
func (c CNS) String() string {
	if c.IsZero() {
		return ""
	}
	return string(c[:])
}

// Format returns the human mask "000 0000 0000 0000".
func (c CNS) Format() string {
	if c.IsZero() {
		return ""
	}
	b := make([]byte, 0, 18)
	b = append(b, c[0:3]...)
	b = append(b, ' ')
	b = append(b, c[3:7]...)
	b = append(b, ' ')
	b = append(b, c[7:11]...)
	b = append(b, ' ')
	b = append(b, c[11:15]...)
	return string(b)
}

// Masked returns the CNS with all but its last four digits hidden,
// "*** **** **** 0005", for logs and error messages.
func (c CNS) Masked() string {
	if c.IsZero() {
		return ""
	}
	b := [18]byte{'*', '*', '*', ' ', '*', '*', '*', '*', ' ', '*', '*', '*', '*', ' ', c[11], c[12], c[13], c[14]}
	return string(b[:])
}

// MarshalText implements encoding.TextMarshaler (the 15 digits; empty for
// the zero value).
func (c CNS) MarshalText() ([]byte, error) {
	if c.IsZero() {
		return []byte{}, nil
	}
	return append([]byte(nil), c[:]...), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseCNS; empty
// text gives the zero value.
func (c *CNS) UnmarshalText(b []byte) error { return ident.UnmarshalText(c, b, ParseCNS) }

// RandomCNS returns a valid definitive CNS (first digit 1 or 2) drawn from r.
func RandomCNS(r *rand.Rand) CNS {
	var c CNS
	c[0] = byte('1' + r.IntN(2))
	for i := 1; i < 11; i++ {
		c[i] = byte('0' + r.IntN(10))
	}
	c[11], c[12] = '0', '0'
	c[13], c[14] = definitiveTail(c[:11])
	return c
}

// RandomProvisionalCNS returns a valid provisional CNS (first digit 7, 8 or
// 9) drawn from r.
func RandomProvisionalCNS(r *rand.Rand) CNS {
	var c CNS
	for {
		c[0] = byte('7' + r.IntN(3))
		for i := 1; i < 14; i++ {
			c[i] = byte('0' + r.IntN(10))
		}
		d := (11 - weightedSum(c[:14])%11) % 11
		if d < 10 {
			c[14] = byte('0' + d)
			return c
		}
	}
}

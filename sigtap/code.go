package sigtap

import (
	"github.com/go-sus/sus/internal/ident"
)

// Code is a SIGTAP procedure code: 10 ASCII digits GG SS FF NNN D — grupo,
// subgrupo, forma de organização, sequence inside the forma and a
// modulus-11 check digit (weights 10..2 on the first nine digits, D = 11 −
// sum mod 11, and 0 when the remainder is 0 or 1). It is written
// "02.04.03.018-8" for people. The zero value means "no procedure".
type Code [10]byte

var codeWeights = []int{10, 9, 8, 7, 6, 5, 4, 3, 2}

// CodeCheckDigit returns the check digit of the first nine digits of a
// procedure code. first9 must hold nine ASCII digits.
func CodeCheckDigit(first9 []byte) byte { return ident.Mod11DV(first9[:9], codeWeights) }

// ParseCode parses "0204030188" or "02.04.03.018-8" and returns the code
// when its check digit matches. Errors wrap ErrEmpty, ErrLength,
// ErrCharacters or ErrCheckDigit.
func ParseCode(s string) (Code, error) {
	var c Code
	n := ident.Normalize(s)
	switch {
	case n == "":
		return c, &ValueError{Type: "procedimento", Err: ErrEmpty}
	case len(n) != len(c):
		return c, &ValueError{Type: "procedimento", Value: truncate(s), Err: ErrLength}
	case !ident.AllDigits(n):
		return c, &ValueError{Type: "procedimento", Value: truncate(s), Err: ErrCharacters}
	}
	copy(c[:], n)
	if CodeCheckDigit(c[:9]) != c[9] {
		return Code{}, &ValueError{Type: "procedimento", Value: truncate(s), Err: ErrCheckDigit}
	}
	return c, nil
}

// MustParseCode is like ParseCode but panics on error.
func MustParseCode(s string) Code { return ident.Must(ParseCode(s)) }

// IsZero reports whether c is the zero value.
func (c Code) IsZero() bool { return c == Code{} }

// Valid reports whether c has 10 digits and a matching check digit.
func (c Code) Valid() bool { return c.Check() == nil }

// Check returns nil for a valid code or the sentinel that explains why not.
// It does not allocate.
func (c Code) Check() error {
	switch {
	case c.IsZero():
		return ErrEmpty
	case !ident.AllDigits(c[:]):
		return ErrCharacters
	case CodeCheckDigit(c[:9]) != c[9]:
		return ErrCheckDigit
	}
	return nil
}

// Group returns the two-digit grupo ("02").
func (c Code) Group() string { return string(c[0:2]) }

// Subgroup returns the four-digit grupo+subgrupo key ("0204"), the key of
// tb_sub_grupo.
func (c Code) Subgroup() string { return string(c[0:4]) }

// Forma returns the six-digit grupo+subgrupo+forma key ("020403"), the key
// of tb_forma_organizacao.
func (c Code) Forma() string { return string(c[0:6]) }

// Sequence returns the three-digit number inside the forma ("018").
func (c Code) Sequence() string { return string(c[6:9]) }

// CheckDigit returns the last digit as a byte.
func (c Code) CheckDigit() byte { return c[9] }

// Uint64 returns the code as an integer (0204030188 → 204030188), the value
// added up by the BPA header control field.
func (c Code) Uint64() uint64 {
	var n uint64
	for _, b := range c {
		n = n*10 + uint64(b-'0')
	}
	return n
}

// String returns the ten digits ("" for the zero value).
func (c Code) String() string {
	if c.IsZero() {
		return ""
	}
	return string(c[:])
}

// Format returns "02.04.03.018-8".
func (c Code) Format() string {
	if c.IsZero() {
		return ""
	}
	return string(c[0:2]) + "." + string(c[2:4]) + "." + string(c[4:6]) + "." + string(c[6:9]) + "-" + string(c[9:10])
}

// MarshalText implements encoding.TextMarshaler (ten digits).
func (c Code) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseCode.
func (c *Code) UnmarshalText(b []byte) error { return ident.UnmarshalText(c, b, ParseCode) }

// CBO is a Classificação Brasileira de Ocupações code as used by SUS: six
// upper-case characters, usually digits, but about thirty codes carry a
// letter (2231F9, 2235C1). The zero value means "no CBO".
type CBO [6]byte

// ParseCBO parses a CBO, upper-casing letters and ignoring a dash or dot
// ("2251-25" → "225125").
func ParseCBO(s string) (CBO, error) {
	var c CBO
	n := ident.Normalize(s)
	switch {
	case n == "":
		return c, &ValueError{Type: "CBO", Err: ErrEmpty}
	case len(n) != len(c):
		return c, &ValueError{Type: "CBO", Value: truncate(s), Err: ErrLength}
	}
	for i := 0; i < len(n); i++ {
		c[i] = upper(n[i])
	}
	if !c.Valid() {
		return CBO{}, &ValueError{Type: "CBO", Value: truncate(s), Err: ErrCharacters}
	}
	return c, nil
}

// MustParseCBO is like ParseCBO but panics on error.
func MustParseCBO(s string) CBO { return ident.Must(ParseCBO(s)) }

// IsZero reports whether c is the zero value.
func (c CBO) IsZero() bool { return c == CBO{} }

// Valid reports whether c holds six characters from [0-9A-Z].
func (c CBO) Valid() bool {
	for _, b := range c {
		if !(b >= '0' && b <= '9' || b >= 'A' && b <= 'Z') {
			return false
		}
	}
	return true
}

// String returns the six characters ("" for the zero value).
func (c CBO) String() string {
	if c.IsZero() {
		return ""
	}
	return string(c[:])
}

// MarshalText implements encoding.TextMarshaler.
func (c CBO) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseCBO.
func (c *CBO) UnmarshalText(b []byte) error { return ident.UnmarshalText(c, b, ParseCBO) }

// CID is a CID-10 code as written in SUS files: no dot, three characters
// for a category (A00) or four for a subcategory (A000). It is stored as
// four bytes, the fourth being a space for categories — exactly as the
// fixed-width files hold it. The zero value means "no CID".
type CID [4]byte

// ParseCID parses "A00", "A000" or "A00.0" (dot removed), upper-casing
// letters. The accepted pattern is [A-Z][0-9][0-9][0-9A-Z]?: the SUS tables
// hold a few subcategories ending in a letter or X.
func ParseCID(s string) (CID, error) {
	var c CID
	n := ident.Normalize(s)
	switch {
	case n == "":
		return c, &ValueError{Type: "CID", Err: ErrEmpty}
	case len(n) != 3 && len(n) != 4:
		return c, &ValueError{Type: "CID", Value: truncate(s), Err: ErrLength}
	}
	c[3] = ' '
	for i := 0; i < len(n); i++ {
		c[i] = upper(n[i])
	}
	if !c.Valid() {
		return CID{}, &ValueError{Type: "CID", Value: truncate(s), Err: ErrCharacters}
	}
	return c, nil
}

// MustParseCID is like ParseCID but panics on error.
func MustParseCID(s string) CID { return ident.Must(ParseCID(s)) }

// IsZero reports whether c is the zero value.
func (c CID) IsZero() bool { return c == CID{} }

// Valid reports whether c matches [A-Z][0-9][0-9]([0-9A-Z]| ).
func (c CID) Valid() bool {
	isDigit := func(b byte) bool { return b >= '0' && b <= '9' }
	return c[0] >= 'A' && c[0] <= 'Z' && isDigit(c[1]) && isDigit(c[2]) &&
		(c[3] == ' ' || isDigit(c[3]) || c[3] >= 'A' && c[3] <= 'Z')
}

// Category returns the three-character category of c (A000 → A00).
func (c CID) Category() CID { return CID{c[0], c[1], c[2], ' '} }

// String returns the code without padding ("A00" or "A000").
func (c CID) String() string {
	switch {
	case c.IsZero():
		return ""
	case c[3] == ' ':
		return string(c[:3])
	}
	return string(c[:])
}

// MarshalText implements encoding.TextMarshaler.
func (c CID) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseCID.
func (c *CID) UnmarshalText(b []byte) error { return ident.UnmarshalText(c, b, ParseCID) }

package autorizacao

import (
	"github.com/go-sus/sus/internal/ident"
)

// CMD is an authorization number of the CMD (Conjunto Mínimo de
// Dados) system for the Agora Tem Especialistas complementary component:
// 24 characters plus one check digit, written with the mask
// 999999-A-99-99-999999-9999999-D (Portaria SAES 2025 Art. 14 II). The
// groups, 1-based positions without hyphens (docs/identifiers.md §6):
//
//	group 1     1–6    6 digits
//	group 2     7      1 character, digit or letter A–Z
//	group 3     8–9    2 digits
//	identifier  10–11  2 digits, the special identifier of the component
//	                   (Anexo VI of the Portaria; Art. 15)
//	group 5     12–17  6 digits, 000000 for the complementary component
//	                   (Art. 15 sole paragraph)
//	group 6     18–24  7 digits
//	check digit 25     1 character, digit or letter (unknown which)
//
// The meaning of groups 1–3 and 6, the list of identifiers and the check
// digit algorithm are in Anexos V and VI, which go-sus does not have
// (docs/identifiers.md §10.4). So go-sus checks the structure only and NEVER
// checks the check digit on its own: VerifyDV takes the algorithm as a
// CMDCheckDigit function and answers DVNotChecked without one.
//
// The zero value means "no number".
type CMD [25]byte

const cmdType = "CMD authorization"

// cmdGroups gives [start, end) of each mask group in the 25 characters.
var cmdGroups = [7][2]int{{0, 6}, {6, 7}, {7, 9}, {9, 11}, {11, 17}, {17, 24}, {24, 25}}

// ParseCMD parses a CMD authorization number written as 25
// characters or with the mask (31 characters, hyphens exactly where the
// mask has them). Letters may be lower case and are stored upper case. It
// checks the structure only — lengths, digits where the mask has 9 —
// and not the check digit (see VerifyDV). Errors are *ValueError wrapping
// ErrEmpty, ErrLength, ErrFormat (hyphens misplaced) or ErrCharacters.
func ParseCMD(s string) (CMD, error) {
	var a CMD
	switch len(s) {
	case 0:
		return a, ident.NewError(cmdType, s, ErrEmpty)
	case 25:
		copy(a[:], s)
	case 31:
		j := 0
		for g, r := range cmdGroups {
			if g > 0 {
				if s[j] != '-' {
					return CMD{}, ident.NewError(cmdType, s, ErrFormat)
				}
				j++
			}
			j += copy(a[r[0]:r[1]], s[j:j+r[1]-r[0]])
		}
	default:
		return a, ident.NewError(cmdType, s, ErrLength)
	}
	a.upper()
	if err := a.Check(); err != nil {
		return CMD{}, ident.NewError(cmdType, s, err)
	}
	return a, nil
}

// MustParseCMD is like ParseCMD but panics on error.
func MustParseCMD(s string) CMD {
	a, err := ParseCMD(s)
	if err != nil {
		panic(err)
	}
	return a
}

// cmdAlnum reports whether position i (0-based) may hold a letter.
func cmdAlnum(i int) bool { return i == 6 || i == 24 }

// Check returns nil when a is well formed (digits where the mask has 9,
// digits or upper-case letters at positions 7 and 25), ErrEmpty for the
// zero value, ErrCharacters otherwise. It does not look at the check digit
// (see VerifyDV) and does not allocate.
func (a CMD) Check() error {
	if a.IsZero() {
		return ErrEmpty
	}
	if a.badIn(0, len(a)) {
		return ErrCharacters
	}
	return nil
}

// badIn reports whether a character in a[lo:hi] breaks the mask.
func (a *CMD) badIn(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		c := a[i]
		if !(c >= '0' && c <= '9' || cmdAlnum(i) && c >= 'A' && c <= 'Z') {
			return true
		}
	}
	return false
}

// upper folds ASCII lower-case letters to upper case.
func (a *CMD) upper() {
	for i, c := range a {
		a[i] = cmdUpper(c)
	}
}

func cmdUpper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// Valid reports whether a is well formed (Check). The check digit is not
// verified.
func (a CMD) Valid() bool { return a.Check() == nil }

// IsZero reports whether a is the zero value.
func (a CMD) IsZero() bool { return a == CMD{} }

// Identifier returns positions 10–11, the special identifier of the
// complementary component (Anexo VI, Art. 15).
func (a CMD) Identifier() string { return string(a[9:11]) }

// ComplementaryZeros reports whether positions 12–17 are all zeros, as Art.
// 15 sole paragraph requires of numbers of the complementary component.
func (a CMD) ComplementaryZeros() bool { return string(a[11:17]) == "000000" }

// CheckComplementar returns nil when a is well formed and positions 12–17
// are zeros, as the complementary component requires; ErrFormat wrapped
// in a *ValueError when they are not.
func (a CMD) CheckComplementar() error {
	if err := a.Check(); err != nil {
		return err
	}
	if !a.ComplementaryZeros() {
		return ident.NewError(cmdType, a.String(), errNotZeros)
	}
	return nil
}

var errNotZeros = &cmdZerosError{}

// cmdZerosError explains ErrFormat for positions 12–17.
type cmdZerosError struct{}

// Error implements the error interface.
func (*cmdZerosError) Error() string {
	return "positions 12–17 must be 000000 for the complementary component"
}

// Unwrap returns ErrFormat.
func (*cmdZerosError) Unwrap() error { return ErrFormat }

// CheckDigit returns position 25 as a character.
func (a CMD) CheckDigit() byte { return a[24] }

// Parts returns the groups of a.
func (a CMD) Parts() CMDParts {
	g := func(i int) string { return string(a[cmdGroups[i][0]:cmdGroups[i][1]]) }
	return CMDParts{
		Group1: g(0), Group2: g(1), Group3: g(2), Identifier: g(3),
		Group5: g(4), Group6: g(5), CheckDigit: g(6),
	}
}

// String returns the 25 characters without hyphens, "" for the zero value.
func (a CMD) String() string {
	if a.IsZero() {
		return ""
	}
	return string(a[:])
}

// Format returns the masked form 999999-A-99-99-999999-9999999-D (31
// characters), "" for the zero value.
func (a CMD) Format() string {
	if a.IsZero() {
		return ""
	}
	b := make([]byte, 0, 31)
	for g, r := range cmdGroups {
		if g > 0 {
			b = append(b, '-')
		}
		b = append(b, a[r[0]:r[1]]...)
	}
	return string(b)
}

// MarshalText implements encoding.TextMarshaler: the 25 characters, empty
// for the zero value.
func (a CMD) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with
// ParseCMD; empty text gives the zero value.
func (a *CMD) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*a = CMD{}
		return nil
	}
	v, err := ParseCMD(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

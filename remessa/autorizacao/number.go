package autorizacao

import (
	"github.com/go-sus/sus/internal/ident"
)

// autorizacaoType names AIH/APAC numbers in errors.
const autorizacaoType = "AIH/APAC"

// Number is an AIH or APAC authorization number of SIH/SIA: 13 ASCII
// digits laid out as
//
//	positions 1–2   UF (IBGE code of the state; 99 for CNRAC AIH)
//	positions 3–4   year (last two digits)
//	position  5     kind of number (Kind: 1 AIH, 2 APAC, 8/9 programme …)
//	positions 6–12  sequence, ascending from 0000001
//	position  13    check digit (CheckDigit)
//
// (docs/identifiers.md §5; Portarias SAS 567/2005, 492/2008, 735/2008; Portaria
// SAES 2025 Art. 14 I). AIH and APAC share the structure and the check
// digit, and the 5th digit tells which instrument a number belongs to, so
// one type serves both (see Kind.IsAIH and IsAPAC).
//
// The zero value means "no number". A value from Parse or
// New is valid; one filled from a file field by conversion
// (copy(a[:], field), as the BPA prd-naut field holds it) may not be, and
// Check tells.
type Number [13]byte

// Parse parses an AIH/APAC number, ignoring the separators of
// the display mask (dots, hyphens, slashes, spaces), and returns it when it
// has 13 digits and a correct check digit. Errors are *ValueError wrapping
// ErrEmpty, ErrLength, ErrCharacters or a *CheckDigitError (ErrCheckDigit).
//
// An unknown UF or 5th digit is not an error: see Warnings.
func Parse(s string) (Number, error) {
	var a Number
	n := ident.Normalize(s)
	switch {
	case n == "":
		return a, ident.NewError(autorizacaoType, s, ErrEmpty)
	case len(n) != len(a):
		return a, ident.NewError(autorizacaoType, s, ErrLength)
	case !ident.AllDigits(n):
		return a, ident.NewError(autorizacaoType, s, ErrCharacters)
	}
	copy(a[:], n)
	if want := a.wantDV(); a[12] != want {
		return Number{}, ident.NewError(autorizacaoType, s, &CheckDigitError{Got: a[12], Want: want})
	}
	return a, nil
}

// MustParse is like Parse but panics on error. For
// tests and package-level variables.
func MustParse(s string) Number {
	a, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

// New builds the number with UF uf (0–99), year yy (two
// digits, 0–99), 5th digit kind (0–9) and sequence seq (0–9 999 999), and
// appends its check digit. Out-of-range parts give a *ValueError wrapping
// ErrRange. Use Kind.Digit for the kind:
//
//	autorizacao.New(35, 25, autorizacao.KindAPACPrograma.Digit(), 1)
func New(uf, yy, kind, seq int) (Number, error) {
	if uf < 0 || uf > 99 || yy < 0 || yy > 99 || kind < 0 || kind > 9 || seq < 0 || seq > autMaxSequence {
		return Number{}, &ValueError{Type: autorizacaoType, Err: ErrRange}
	}
	return autFromPrefix(uint64(uf)*1e10+uint64(yy)*1e8+uint64(kind)*1e7, uint64(seq)), nil
}

// autMaxSequence is the largest sequence (positions 6–12, seven digits).
const autMaxSequence = 9_999_999

// autFromPrefix builds a number from the value of its first 5 digits times
// 10⁷ plus the sequence; both must be in range.
func autFromPrefix(prefix, seq uint64) Number {
	var a Number
	n := prefix + seq
	for i := 11; i >= 0; i-- {
		a[i] = byte('0' + n%10)
		n /= 10
	}
	a[12] = CheckDigit(prefix + seq)
	return a
}

// CheckDigit returns the check digit (ASCII '0'–'9') of an
// AIH/APAC number whose first 12 digits, read as an integer, are n:
// the remainder of n divided by 11, with remainder 10 written as 0.
//
// Source: the SIH manual as quoted by the GERAIH range calculator
// (docs/identifiers.md §5.3, "DV = int(n[0:12]) mod 11, 10 → 0"); GERAIH's own
// code truncates the prefix, which is a bug, so the rule as written is
// followed. Open question (docs/identifiers.md §10.1): no source states the
// APAC check digit; it is assumed to be the same because both numberings
// were defined together (Portarias SAS 567/2005 and 735/2008) and Portaria
// SAS 492/2008 gives one structure for both. This is the only place the
// rule is written in go-sus.
//
// The rule detects every change of the check digit itself and every single
// changed digit or adjacent transposition in the first 12 digits (10ᵏ ≡ ±1
// mod 11, so the remainder always changes) except when the remainder moves
// between 0 and 10, which both give check digit 0.
func CheckDigit(n uint64) byte {
	r := n % 11
	if r == 10 {
		r = 0
	}
	return byte('0' + r)
}

// body returns the value of the first 12 digits; a must hold digits.
func (a Number) body() uint64 {
	var n uint64
	for _, c := range a[:12] {
		n = n*10 + uint64(c-'0')
	}
	return n
}

func (a Number) wantDV() byte { return CheckDigit(a.body()) }

// IsZero reports whether a is the zero value (no number).
func (a Number) IsZero() bool { return a == Number{} }

// Valid reports whether a holds 13 digits with a correct check digit. It
// does not allocate.
func (a Number) Valid() bool { return a.Check() == nil }

// Check returns nil when a is valid, or the sentinel that tells why not:
// ErrEmpty (zero value), ErrCharacters or ErrCheckDigit. It does not
// allocate; use Parse for an error that carries the expected
// digit.
func (a Number) Check() error {
	if a.IsZero() {
		return ErrEmpty
	}
	if !ident.AllDigits(a[:]) {
		return ErrCharacters
	}
	if a[12] != a.wantDV() {
		return ErrCheckDigit
	}
	return nil
}

// Warnings returns the findings of the second validation layer, which are
// warnings because the sets of values are not closed: ErrUF when positions
// 1–2 are not an IBGE UF code nor 99, ErrKind when the 5th digit
// is not in the known set. Each is an *Warning. It returns nil
// for a number without findings and for a number that fails Check.
func (a Number) Warnings() []error {
	if a.Check() != nil {
		return nil
	}
	var w []error
	if !KnownUF(a.UF()) {
		w = append(w, &Warning{Number: a, Err: ErrUF})
	}
	if a.Kind() == KindUnknown {
		w = append(w, &Warning{Number: a, Err: ErrKind})
	}
	return w
}

// Warning is a finding of Number.Warnings: the number is
// valid but a part of it has no known meaning. It shows the number in
// full (authorization numbers are not personal data) and unwraps to ErrUF
// or ErrKind.
type Warning struct {
	Number Number
	Err    error // ErrUF or ErrKind
}

// Error implements the error interface.
func (w *Warning) Error() string {
	n := w.Number
	switch w.Err {
	case ErrUF:
		return "AIH/APAC " + n.Format() + ": UF " + string(n[0:2]) + " is " + ErrUF.Error()
	case ErrKind:
		return "AIH/APAC " + n.Format() + ": 5th digit " + string(n[4]) + " is not a known kind (1, 2, 3, 5, 6, 8, 9)"
	}
	return "AIH/APAC " + n.Format() + ": " + w.Err.Error()
}

// Unwrap returns Err.
func (w *Warning) Unwrap() error { return w.Err }

// Message says the same as Error in Portuguese, without the number, for
// the people who read the finding: "UF 18 não é um código de UF do IBGE
// (nem 99)". Error stays English (a Go error value).
func (w *Warning) Message() string {
	n := w.Number
	switch w.Err {
	case ErrUF:
		return "UF " + string(n[0:2]) + " não é um código de UF do IBGE (nem 99)"
	case ErrKind:
		return "5º dígito " + string(n[4]) + " não corresponde a um tipo conhecido (1, 2, 3, 5, 6, 8, 9)"
	}
	return "número com parte de significado desconhecido"
}

// KnownUF reports whether uf is an IBGE state code (11–17, 21–29, 31–33,
// 35, 41–43, 50–53) or 99, the code CNRAC AIH numbers use.
func KnownUF(uf int) bool {
	switch {
	case uf >= 11 && uf <= 17, uf >= 21 && uf <= 29, uf >= 31 && uf <= 33, uf == 35,
		uf >= 41 && uf <= 43, uf >= 50 && uf <= 53, uf == 99:
		return true
	}
	return false
}

// two returns the value of two digits; non-digits give garbage, as for
// any invalid number.
func autDigits2(b []byte) int { return int(b[0]-'0')*10 + int(b[1]-'0') }

// UF returns positions 1–2 as a number (35 for São Paulo), or −1 when a
// does not hold digits there.
func (a Number) UF() int {
	if !ident.AllDigits(a[0:2]) {
		return -1
	}
	return autDigits2(a[0:2])
}

// Year returns positions 3–4 (the last two digits of the year), or −1.
func (a Number) Year() int {
	if !ident.AllDigits(a[2:4]) {
		return -1
	}
	return autDigits2(a[2:4])
}

// Kind returns the kind of number named by the 5th digit.
func (a Number) Kind() Kind { return KindOfDigit(int(a[4]) - '0') }

// Describe names the kind of a followed by the digit that names it,
// "APAC Agora Tem Especialistas (5th digit 9)", as the examples/remessa CLI
// prints it.
func (a Number) Describe() string {
	if a.IsZero() {
		return "no number"
	}
	return a.Kind().String() + " (5th digit " + string(a[4]) + ")"
}

// Sequence returns positions 6–12 as a number, or −1.
func (a Number) Sequence() int {
	if !ident.AllDigits(a[5:12]) {
		return -1
	}
	n := 0
	for _, c := range a[5:12] {
		n = n*10 + int(c-'0')
	}
	return n
}

// CheckDigit returns position 13 as an ASCII character.
func (a Number) CheckDigit() byte { return a[12] }

// String returns the 13 digits, or "" for the zero value.
func (a Number) String() string {
	if a.IsZero() {
		return ""
	}
	return string(a[:])
}

// Format returns the display mask UU.YY.T.S.SSS.SSS-D printed in
// Portaria SAS 737/2010 ("35.25.9.0.000.001-1"), or "" for the zero
// value. Parse reads it back.
func (a Number) Format() string {
	if a.IsZero() {
		return ""
	}
	return string(a.AppendFormat(make([]byte, 0, 19)))
}

// AppendFormat appends the display mask of a to dst (nothing for the zero
// value).
func (a Number) AppendFormat(dst []byte) []byte {
	if a.IsZero() {
		return dst
	}
	return append(dst, a[0], a[1], '.', a[2], a[3], '.', a[4], '.', a[5], '.',
		a[6], a[7], a[8], '.', a[9], a[10], a[11], '-', a[12])
}

// MarshalText implements encoding.TextMarshaler: the 13 digits, empty for
// the zero value.
func (a Number) MarshalText() ([]byte, error) {
	if a.IsZero() {
		return []byte{}, nil
	}
	return append([]byte(nil), a[:]...), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with Parse;
// empty text gives the zero value.
func (a *Number) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*a = Number{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

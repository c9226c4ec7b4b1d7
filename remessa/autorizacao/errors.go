package autorizacao

import (
	"errors"
	"strconv"

	"github.com/go-sus/sus/internal/ident"
)

// Sentinel errors shared with the identifier packages (cns, cnes, sigtap):
// the same values, so errors.Is(err, cns.ErrCheckDigit) also matches.
var (
	ErrEmpty      = ident.ErrEmpty
	ErrLength     = ident.ErrLength
	ErrCharacters = ident.ErrCharacters
	ErrCheckDigit = ident.ErrCheckDigit
	ErrRange      = ident.ErrRange
)

// Sentinel errors of authorization numbers and faixas.
var (
	// ErrUF: positions 1–2 of an AIH/APAC number are not an IBGE UF code
	// nor 99 (a warning, see Number.Warnings).
	ErrUF = errors.New("not an IBGE UF code (nor 99)")
	// ErrKind: the 5th digit of an AIH/APAC number is not in the
	// known set 1, 2, 3, 5, 6, 8, 9 (a warning, see Number.Warnings).
	ErrKind = errors.New("unknown kind of authorization number (5th digit)")
	// ErrFaixaPrefix: the two ends of a faixa differ in UF, year or kind.
	ErrFaixaPrefix = errors.New("faixa ends differ in UF, year or kind (positions 1–5)")
	// ErrFaixaExhausted: every number of the faixa has been issued or used.
	ErrFaixaExhausted = errors.New("faixa exhausted")
	// ErrNotInFaixa: the number is outside the faixa.
	ErrNotInFaixa = errors.New("number outside the faixa")
	// ErrNotPrograma: the number does not carry the Agora Tem
	// Especialistas digit (5th digit 8 in an AIH, 9 in an APAC).
	ErrNotPrograma = errors.New("not an Agora Tem Especialistas number (5th digit 8 or 9)")
	// ErrFormat: separators in the wrong places (CMD mask, faixa text).
	ErrFormat = errors.New("malformed text")
	// ErrNoCheckDigit: a CMD number was built without a check digit and
	// without a check-digit function (see CMDCheckDigit).
	ErrNoCheckDigit = errors.New("no check digit given and no algorithm available")
)

// ValueError reports an invalid value; its Value is masked like every
// identifier error of the module (only the last two characters shown).
// Use errors.As to get it and errors.Is to test its sentinel.
type ValueError = ident.Error

// CheckDigitError reports a wrong check digit together with the digit the
// rule gives. It unwraps to ErrCheckDigit.
type CheckDigitError struct {
	Got, Want byte // ASCII characters
}

// Error implements the error interface.
func (e *CheckDigitError) Error() string {
	return "check digit is " + strconv.QuoteRune(rune(e.Got)) + ", the rule gives " + strconv.QuoteRune(rune(e.Want))
}

// Unwrap returns ErrCheckDigit.
func (e *CheckDigitError) Unwrap() error { return ErrCheckDigit }

package sigtap

import "github.com/go-sus/sus/internal/ident"

// Sentinel errors for value types, usable with errors.Is. They are the same
// values as cns.ErrLength and friends.
var (
	ErrEmpty      = ident.ErrEmpty
	ErrLength     = ident.ErrLength
	ErrCharacters = ident.ErrCharacters
	ErrCheckDigit = ident.ErrCheckDigit
	ErrRange      = ident.ErrRange
)

// ValueError reports an invalid value (competência, procedure code, CBO,
// CID); its Value is masked like every identifier error of the module.
type ValueError = ident.Error

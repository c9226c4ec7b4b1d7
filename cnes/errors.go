package cnes

import "github.com/go-sus/sus/internal/ident"

// Sentinel errors, usable with errors.Is. They are the same values as
// cns.ErrLength and friends.
var (
	ErrEmpty      = ident.ErrEmpty
	ErrLength     = ident.ErrLength
	ErrCharacters = ident.ErrCharacters
	ErrCheckDigit = ident.ErrCheckDigit
	ErrRepeated   = ident.ErrRepeated
)

// ValueError reports an invalid identifier; its Value is masked.
type ValueError = ident.Error

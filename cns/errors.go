package cns

import "github.com/go-sus/sus/internal/ident"

// Sentinel errors, usable with errors.Is. The same values are exported by
// the cnes and sigtap packages.
var (
	ErrEmpty      = ident.ErrEmpty
	ErrLength     = ident.ErrLength
	ErrCharacters = ident.ErrCharacters
	ErrCheckDigit = ident.ErrCheckDigit
	ErrKind       = ident.ErrKind
	ErrRepeated   = ident.ErrRepeated
)

// ValueError reports an invalid identifier; its Value is masked. Use
// errors.As to get it and errors.Is to test its sentinel.
type ValueError = ident.Error

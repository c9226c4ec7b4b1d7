// Package demodata embeds the small synthetic "world" that the demo, the
// examples and the tests run on: a subset of two real SIGTAP releases (the
// procedures listed in sigtap/README.md and everything they reference), a
// synthetic CNES registry in the real distribution format whose
// establishments, professionals, CBOs, services and habilitações match that
// subset, and BPA files generated from them with known planted errors.
//
// Nothing here is real personal data: every CNS, CPF and name is
// generated.
package demodata

import (
	"embed"
	"io/fs"
)

// FS holds the world: sigtap/, cnes/ and bpa/.
//
//go:embed sigtap cnes bpa
var FS embed.FS

// SIGTAP returns the sigtap/ folder of FS, which holds the two release
// ZIPs of the world: what sigtap.LoadSet reads.
func SIGTAP() fs.FS {
	sub, err := fs.Sub(FS, "sigtap")
	if err != nil {
		panic(err) // a constant, valid path
	}
	return sub
}

package remessatest

import (
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

// DemoWorld is the small demo world bundled with the module (package
// demo), loaded: what the demo command and the examples run on.
type DemoWorld struct {
	// SIGTAP holds the subsets of the releases 202512 and 202601.
	SIGTAP *sigtap.Set
	// CNES holds the synthetic registry of both competências.
	CNES *cnes.Registry
	// Name is the demo BPA file's name (demo.FileName, PADEMO.JAN) and
	// File its content (processing month DemoMvm).
	Name string
	File []byte
	// Lines are its production lines, in file order, each with the
	// críticas of severity erro or aviso remessa.Checker must raise
	// (demo/bpa/PLANTED.md).
	Lines []DemoLine
}

// Demo loads the bundled demo world.
func Demo() (*DemoWorld, error) {
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil)
	if err != nil {
		return nil, err
	}
	reg, err := cnes.LoadRegistry(demo.CNES(), nil)
	if err != nil {
		return nil, err
	}
	_, lines, err := BuildDemo()
	if err != nil {
		return nil, err
	}
	return &DemoWorld{SIGTAP: set, CNES: reg, Name: demo.FileName, File: demo.BPA(), Lines: lines}, nil
}

package main

import (
	"bytes"
	"fmt"
	"io/fs"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

func init() {
	register("demo", command{usage: `demo [-html OUT] [-json]
    Runs the whole flow on the bundled demo world (no arguments needed): a
    synthetic month of production (PADEMO.JAN, processing month 01/2026) of
    fake establishments, checked against a subset of the real SIGTAP releases
    12/2025 and 01/2026 and a synthetic CNES registry, with planted errors
    (remessa/remessatest/demo/bpa/PLANTED.md). Prints the report.
      -html OUT   also write the HTML page to OUT (atomically)
      -json       JSON lines instead of text (as check -json)
    Exit status 0 when the demo ran — its rejected lines are planted, so
    unlike check it does not exit 1 for them; 2 on usage or I/O errors (an
    unwritable OUT).
`, run: runDemo})
}

func runDemo(e *env, args []string) int {
	fs := e.flags("demo")
	htmlOut := fs.String("html", "", "also write the HTML report to this file")
	asJSON := fs.Bool("json", false, "JSON lines instead of text")
	if c := e.flagsOnly("demo", fs, args); c != proceed {
		return c
	}
	if *htmlOut != "" {
		if err := cli.CheckOutput(*htmlOut); err != nil {
			return e.ioFail("demo", err)
		}
	}
	ck, data, err := demoChecker()
	if err != nil {
		return e.ioFail("demo", err)
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "demonstração do go-sus: %s conferido com o SIGTAP %v e o CNES %v (mundo sintético incluído)\n\n",
			ck.File, ck.SIGTAP.Competencias(), ck.CNES.Competencias())
	}
	if code := e.report("demo", ck, bytes.NewReader(data), *asJSON, *htmlOut); code == exitError {
		return exitError
	}
	if *htmlOut != "" && !*asJSON {
		fmt.Fprintf(e.stdout, "\nRelatório HTML gravado em %s\n", *htmlOut)
	}
	return exitOK
}

// demoChecker loads the embedded world and returns a checker and the demo
// BPA file.
func demoChecker() (*remessa.Checker, []byte, error) {
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil)
	if err != nil {
		return nil, nil, err
	}
	reg, _ := cnes.NewRegistry()
	dirs, err := fs.ReadDir(demo.FS, "cnes")
	if err != nil {
		return nil, nil, err
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		sub, err := fs.Sub(demo.FS, "cnes/"+d.Name())
		if err != nil {
			return nil, nil, err
		}
		s, err := cnes.Load(sub, nil)
		if err != nil {
			return nil, nil, err
		}
		if err := reg.Add(s); err != nil {
			return nil, nil, err
		}
	}
	data, err := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	if err != nil {
		return nil, nil, err
	}
	return &remessa.Checker{SIGTAP: set, CNES: reg, File: "PADEMO.JAN"}, data, nil
}

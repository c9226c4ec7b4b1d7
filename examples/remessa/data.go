package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/sigtap"
)

// loadSigtapProgress opens the -sigtap argument, counting its items on
// prog: a comma-separated list whose items are release ZIPs, release
// directories, or folders of release ZIPs and release directories (the
// newest generation of each competência wins).
func loadSigtapProgress(list string, prog *cli.Progress) (*sigtap.Set, error) {
	set := sigtap.NewSet()
	for _, p := range splitList(list) {
		s, err := sigtap.OpenSet(p, nil)
		if err != nil {
			return nil, err
		}
		set.Merge(s)
		prog.Add(1)
	}
	return set, nil
}

// loadCNESProgress opens the -cnes argument, counting its items on prog:
// a comma-separated list whose items are a BASE_DE_DADOS_CNES ZIP, an
// extracted folder of one competência, or a parent folder holding several
// of those (one per competência).
func loadCNESProgress(list string, prog *cli.Progress) (*cnes.Registry, error) {
	reg, _ := cnes.NewRegistry()
	for _, p := range splitList(list) {
		r, err := cnes.OpenRegistry(p, nil)
		if err != nil {
			return nil, err
		}
		if err := reg.Merge(r); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		prog.Add(1)
	}
	return reg, nil
}

// loadRefs loads the -sigtap and -cnes lists (either may be empty) with a
// progress line for each. A failure is reported for command name and
// ends the run with exitError: reference data that does not load is an
// input that cannot be used, whatever the reason.
func (e *env) loadRefs(name, sigtapList, cnesList string) (set *sigtap.Set, reg *cnes.Registry, code int) {
	if sigtapList != "" {
		prog := e.progress("loading SIGTAP", "sources")
		prog.SetTotal(int64(len(splitList(sigtapList))))
		var err error
		if set, err = loadSigtapProgress(sigtapList, prog); err != nil {
			prog.Stop()
			return nil, nil, e.ioFail(name, fmt.Errorf("-sigtap: %w", err))
		}
		prog.Done()
	}
	if cnesList != "" {
		prog := e.progress("loading CNES", "sources")
		prog.SetTotal(int64(len(splitList(cnesList))))
		var err error
		if reg, err = loadCNESProgress(cnesList, prog); err != nil {
			prog.Stop()
			return nil, nil, e.ioFail(name, fmt.Errorf("-cnes: %w", err))
		}
		prog.Done()
	}
	return set, reg, proceed
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// openInput opens FILE, or standard input for "-". Only a regular file is
// opened (a folder or device is an *fs.PathError, exit 2).
func (e *env) openInput(name string) (io.ReadCloser, error) { return e.Open(name) }

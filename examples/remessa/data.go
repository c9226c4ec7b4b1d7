package main

import (
	"io"
	"os"
	"strings"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// loadSigtap opens the -sigtap argument: a comma-separated list whose
// items are release ZIPs, release directories, or folders of release ZIPs
// and release directories (the newest generation of each competência
// wins).
func loadSigtap(list string) (*sigtap.Set, error) {
	set := sigtap.NewSet()
	for _, p := range splitList(list) {
		s, err := sigtap.OpenSet(p, nil)
		if err != nil {
			return nil, err
		}
		set.Merge(s)
	}
	return set, nil
}

// loadCNES opens the -cnes argument: a comma-separated list whose items
// are a BASE_DE_DADOS_CNES ZIP, an extracted folder of one competência, or
// a parent folder holding several of those (one per competência).
func loadCNES(list string) (*cnes.Registry, error) {
	reg, _ := cnes.NewRegistry()
	for _, p := range splitList(list) {
		r, err := cnes.OpenRegistry(p, nil)
		if err != nil {
			return nil, err
		}
		if err := reg.Merge(r); err != nil {
			return nil, err
		}
	}
	return reg, nil
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

// openInput opens FILE, or standard input for "-".
func (e *env) openInput(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	return os.Open(name)
}

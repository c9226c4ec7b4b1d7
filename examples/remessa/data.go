package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
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
	var paths []string
	for _, p := range splitList(list) {
		sub, err := competenciaEntries(p)
		if err != nil {
			return nil, err
		}
		paths = append(paths, sub...)
	}
	return cnes.OpenRegistry(cnes.LoadOptions{}, paths...)
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

// competenciaEntries returns p itself when it is a ZIP or a folder of CSV
// files, else its sub-folders and ZIPs.
func competenciaEntries(p string) ([]string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{p}, nil
	}
	if csvs, _ := filepath.Glob(filepath.Join(p, "*.[cC][sS][vV]")); len(csvs) > 0 {
		return []string{p}, nil
	}
	des, err := os.ReadDir(p)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range des {
		name := d.Name()
		if d.IsDir() || strings.EqualFold(filepath.Ext(name), ".zip") {
			out = append(out, filepath.Join(p, name))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no CNES distribution (CSV files, ZIPs or competência folders)", p)
	}
	return out, nil
}

// openInput opens FILE, or standard input for "-".
func (e *env) openInput(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	return os.Open(name)
}

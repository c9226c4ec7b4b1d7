// Package shareddata finds the real data the project's tests and
// benchmarks read but the repository does not hold: the official SIGTAP
// releases in ../shared/data/sigtap next to the repository (or next to
// the parent of a git worktree), or in the folder named by
// $GOSUS_SHARED_DATA. Tests that need them skip when they are absent.
package shareddata

import (
	"os"
	"path/filepath"
)

// Env names the environment variable that points at the folder holding
// sigtap/ (the "data" folder).
const Env = "GOSUS_SHARED_DATA"

// SIGTAP returns the path of the official release file name (for example
// "TabelaUnificada_202512_v2601221256.zip"), looked for in $GOSUS_SHARED_DATA/sigtap
// and in shared/data/sigtap beside every folder above the current one;
// ok is false when it is nowhere.
func SIGTAP(name string) (path string, ok bool) {
	if d := os.Getenv(Env); d != "" {
		p := filepath.Join(d, "sigtap", name)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, "shared", "data", "sigtap", name)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// SIGTAPDir returns the folder of the official releases (see SIGTAP).
func SIGTAPDir() (dir string, ok bool) {
	p, ok := SIGTAP(Release202512)
	if !ok {
		return "", false
	}
	return filepath.Dir(p), true
}

// The official releases the tests use.
const (
	Release202510 = "TabelaUnificada_202510_v2510160954.zip"
	Release202511 = "TabelaUnificada_202511_v2511111519.zip"
	Release202512 = "TabelaUnificada_202512_v2601221256.zip"
	Release202601 = "TabelaUnificada_202601_v2601221740.zip"
)

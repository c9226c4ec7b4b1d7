package sigtap_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/go-sus/sus/internal/shareddata"
	"github.com/go-sus/sus/sigtap"
)

// sharedDir holds the official releases (../shared/data/sigtap relative to
// the repository, or to the parent of a git worktree under ../wt); tests
// that need them skip when it is absent.
var sharedDir = func() string {
	if d, ok := shareddata.SIGTAPDir(); ok {
		return d
	}
	return "../../shared/data/sigtap"
}()

const (
	zip202510 = "TabelaUnificada_202510_v2510160954.zip"
	zip202511 = "TabelaUnificada_202511_v2511111519.zip"
	zip202512 = "TabelaUnificada_202512_v2601221256.zip"
	zip202601 = "TabelaUnificada_202601_v2601221740.zip"
)

// sharedZip returns the path of an official release or skips the test.
func sharedZip(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(sharedDir, name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("official SIGTAP release %s not available (%v); it lives in ../shared/data/sigtap", name, err)
	}
	return p
}

var (
	sharedMu   sync.Mutex
	sharedRels = map[string]*sigtap.Release{}
)

// shared loads (once per test binary) an official release with its
// descriptions, or skips.
func shared(tb testing.TB, name string) *sigtap.Release {
	tb.Helper()
	p := sharedZip(tb, name)
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if r, ok := sharedRels[name]; ok {
		return r
	}
	r, err := sigtap.Open(p, &sigtap.LoadOptions{Descriptions: sigtap.EagerDescriptions})
	if err != nil {
		tb.Fatalf("Open(%s): %v", name, err)
	}
	sharedRels[name] = r
	return r
}

package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSIGTAPLookup(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sigtap"), 0o755); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "sigtap", Release202601)
	if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(Env, dir)
	if p, ok := SIGTAP(Release202601); !ok || p != f {
		t.Errorf("SIGTAP = %q, %v; want %q", p, ok, f)
	}
	if _, ok := SIGTAP("TabelaUnificada_190001_v0001010000.zip"); ok {
		t.Error("found a release that does not exist")
	}
}

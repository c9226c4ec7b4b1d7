package remessatest_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/go-sus/sus/remessa/remessatest"
)

func TestZZScale(t *testing.T) {
	if os.Getenv("ZZSCALE") == "" {
		t.Skip()
	}
	rel := openShared(t)
	t0 := time.Now()
	w, err := remessatest.New(rel, &remessatest.Options{Estabs: 500, Files: 2, Lines: 999_999, ErrorRate: 0.01, Seed: 1, Duplicate: false})
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("New: %v, heap %d MB", t1.Sub(t0), ms.HeapAlloc>>20)
	dir := filepath.Join(t.TempDir(), "w")
	if err := w.WriteDir(context.Background(), dir, nil); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	t.Logf("WriteDir: %v, heap %d MB, sys %d MB", time.Since(t1), ms.HeapAlloc>>20, ms.Sys>>20)
	t2 := time.Now()
	if err := checkDir(dir, sharedRelease); err != nil {
		t.Fatal(err)
	}
	t.Logf("check: %v", time.Since(t2))
}

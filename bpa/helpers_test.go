package bpa_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/bpa/bpatest"
	"github.com/go-sus/sus/sigtap"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

func measureValidateMemory(t *testing.T, lines string) {
	n, err := strconv.Atoi(lines)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "big.bpa")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := bpatest.Write(f, sigtap.MustParseCompetencia("202412"), n, 1, nil); err != nil {
		t.Fatal(err)
	}
	f.Close()
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	runtime.GC()
	var peak uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse+ms.StackInuse)
			}
		}
	}()
	start := time.Now()
	problems := 0
	v := &bpa.Validator{}
	if err := v.Check(in, func(bpa.Problem) { problems++ }); err != nil {
		t.Fatal(err)
	}
	close(done)
	t.Logf("validate %d lines: %v, %d problems, peak heap %.1f MB", n, time.Since(start), problems, float64(peak)/(1<<20))
	if problems != 0 || peak > 64<<20 {
		t.Errorf("problems %d, peak %d bytes", problems, peak)
	}
}

package remessa_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/internal/cputime"
	"github.com/go-sus/sus/internal/shareddata"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

// sharedRelease is the official 202512 release ("" when absent).
var sharedRelease, _ = shareddata.SIGTAP(shareddata.Release202512)

// benchWorld is a month written by remessatest (as `remessa world` writes
// it) against the shared SIGTAP 202512 release: a CNES registry and BPA
// files, on disk in a temporary folder removed when the tests end.
type benchWorld struct {
	set   *sigtap.Set
	reg   *cnes.Registry
	files []string
	lines int
}

var (
	benchMu     sync.Mutex
	benchWorlds = map[[3]int]*benchWorld{} // by estabs, files, lines
	benchDirs   []string
)

// loadBenchWorld returns the world of opts (Seed 1, ErrorRate 0.01), made
// once per test binary; GOSUS_BENCH_LINES overrides opts.Lines and, for a
// month (opts.Files > 1), GOSUS_BENCH_FILES opts.Files.
func loadBenchWorld(b *testing.B, opts remessatest.Options) *benchWorld {
	b.Helper()
	if sharedRelease == "" {
		b.Skip("official SIGTAP release " + shareddata.Release202512 + " not found (../shared/data/sigtap or $" + shareddata.Env + "): benchmark skipped")
	}
	if s := os.Getenv("GOSUS_BENCH_FILES"); s != "" && opts.Files > 1 {
		opts.Files, _ = strconv.Atoi(s)
	}
	if s := os.Getenv("GOSUS_BENCH_LINES"); s != "" {
		opts.Lines, _ = strconv.Atoi(s)
	}
	opts.Seed, opts.ErrorRate = 1, 0.01
	benchMu.Lock()
	defer benchMu.Unlock()
	key := [3]int{opts.Estabs, opts.Files, opts.Lines}
	if w := benchWorlds[key]; w != nil {
		return w
	}
	rel, err := sigtap.Open(sharedRelease, nil)
	if err != nil {
		b.Fatal(err)
	}
	world, err := remessatest.New(rel, &opts)
	if err != nil {
		b.Fatal(err)
	}
	parent, err := os.MkdirTemp("", "gosus-bench")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, parent)
	dir := filepath.Join(parent, "world")
	if err := world.WriteDir(context.Background(), dir, nil); err != nil {
		b.Fatal(err)
	}
	reg, err := cnes.OpenRegistry(filepath.Join(dir, "cnes"), nil)
	if err != nil {
		b.Fatal(err)
	}
	w := &benchWorld{set: sigtap.NewSet(rel), reg: reg}
	for _, f := range world.Files {
		w.files = append(w.files, filepath.Join(dir, "bpa", f.Name))
		w.lines += f.Lines
	}
	benchWorlds[key] = w
	return w
}

// TestMain removes the benchmark worlds (gigabytes for the month) when
// the tests end.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// peakHeap samples the live heap every few milliseconds until stop is
// called and returns the highest value seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		// runtime/metrics does not stop the world (ReadMemStats would).
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64() + sample[1].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return peak.Load() }
}

func benchCheck(b *testing.B, workers int) {
	w := loadBenchWorld(b, remessatest.Options{Estabs: 500, Files: 1, Lines: 999_999})
	ck := &remessa.Checker{SIGTAP: w.set, CNES: w.reg, Workers: workers}
	measure(b, w, func() (int, error) {
		f, err := os.Open(w.files[0])
		if err != nil {
			return 0, err
		}
		defer f.Close()
		sum, err := ck.Check(bufio.NewReaderSize(f, 1<<20), func(*remessa.Result) error { return nil })
		if err != nil {
			return 0, err
		}
		return sum.Lines, nil
	})
}

// measure runs check b.N times and reports lines per second (wall and
// CPU) and the peak heap; check returns the lines it judged.
func measure(b *testing.B, w *benchWorld, check func() (lines int, err error)) {
	runtime.GC()
	stop := peakHeap()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Process()
	for b.Loop() {
		n, err := check()
		if err != nil {
			b.Fatal(err)
		}
		if n != w.lines {
			b.Fatalf("%d lines judged, want %d", n, w.lines)
		}
	}
	b.StopTimer()
	cpu := cputime.Process() - cpu0
	peak := stop()
	b.ReportMetric(float64(w.lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	if cpu > 0 {
		// CPU time of the whole process (all workers and the GC): on a
		// shared machine it is the steadier figure; with one worker,
		// lines per CPU-second is the one-core throughput.
		b.ReportMetric(float64(w.lines)*float64(b.N)/cpu.Seconds(), "lines/cpu-s")
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkCheck1M judges a million-line BPA-I file against the shared
// SIGTAP 202512 release and a synthetic CNES of 500 establishments, with
// one worker and with two (targets: ≥ 300 000 lines/s on one core, ≥ 1.7×
// that on two, peak heap < 256 MB). Run with
// go test -run '^$' -bench Check1M -benchtime 1x ./remessa.
func BenchmarkCheck1M(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) { benchCheck(b, workers) })
	}
}

// BenchmarkCheckDemo judges the small demo file (47 lines) end to end.
func BenchmarkCheckDemo(b *testing.B) {
	set, reg := demoWorld(b)
	data, _, _ := remessatest.BuildDemo()
	ck := &remessa.Checker{SIGTAP: set, CNES: reg, Workers: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ck.Check(bytes.NewReader(data), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckMonth judges a month of several million-line files as one
// remessa (CheckFiles), with one worker and with two. Targets (issue 13):
// 10 × 999 999 lines in under 40 s on two cores, peak heap well under
// 512 MB, and two workers at least 1.8× one. Run with
// go test -run '^$' -bench CheckMonth -benchtime 1x ./remessa
// (GOSUS_BENCH_FILES and GOSUS_BENCH_LINES scale it down).
func BenchmarkCheckMonth(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			w := loadBenchWorld(b, remessatest.Options{Estabs: 2000, Files: 10, Lines: 999_999})
			ck := &remessa.Checker{SIGTAP: w.set, CNES: w.reg, Workers: workers}
			var ins []remessa.Input
			for _, f := range w.files {
				ins = append(ins, remessa.FileInput(f))
			}
			measure(b, w, func() (int, error) {
				m, err := ck.CheckFiles(context.Background(), ins, func(*remessa.Result) error { return nil }, nil)
				if err != nil {
					return 0, err
				}
				return m.Lines, nil
			})
		})
	}
}

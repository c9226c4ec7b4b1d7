package remessa_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
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

// benchWorld is the benchmark world of issue 7: the shared SIGTAP 202512
// release, a synthetic CNES of 500 establishments and a BPA-I production
// of GOSUS_BENCH_LINES lines (default 999 999, the most one file holds),
// written once to a temporary file.
type benchWorld struct {
	set   *sigtap.Set
	reg   *cnes.Registry
	file  string
	lines int
}

var (
	benchOnce sync.Once
	benchW    *benchWorld
	benchErr  error
)

func loadBenchWorld(b *testing.B) *benchWorld {
	b.Helper()
	if sharedRelease == "" {
		b.Skip("official SIGTAP release " + shareddata.Release202512 + " not found (../shared/data/sigtap or $" + shareddata.Env + "): benchmark skipped")
	}
	benchOnce.Do(func() {
		n := 999_999
		if s := os.Getenv("GOSUS_BENCH_LINES"); s != "" {
			n, _ = strconv.Atoi(s)
		}
		rel, err := sigtap.Open(sharedRelease, nil)
		if err != nil {
			benchErr = err
			return
		}
		plan, err := remessatest.NewPlan(rel, nil)
		if err != nil {
			benchErr = err
			return
		}
		reg, err := remessatest.NewRegistry(plan, 500, 1)
		if err != nil {
			benchErr = err
			return
		}
		prod, err := remessatest.NewProduction(reg, rel.Competencia(), n, 1, &remessatest.ProductionOptions{ErrorRate: 0.01})
		if err != nil {
			benchErr = err
			return
		}
		dir, err := os.MkdirTemp("", "gosus-bench")
		if err != nil {
			benchErr = err
			return
		}
		file := filepath.Join(dir, "PABENCH.DEZ")
		f, err := os.Create(file)
		if err != nil {
			benchErr = err
			return
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		if _, err := prod.WriteTo(bw); err != nil {
			benchErr = err
			return
		}
		bw.Flush()
		f.Close()
		cr, _ := cnes.NewRegistry(reg.Snapshot)
		benchW = &benchWorld{set: sigtap.NewSet(rel), reg: cr, file: file, lines: n}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchW
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
	w := loadBenchWorld(b)
	ck := &remessa.Checker{SIGTAP: w.set, CNES: w.reg, Workers: workers}
	runtime.GC()
	stop := peakHeap()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Process()
	for b.Loop() {
		f, err := os.Open(w.file)
		if err != nil {
			b.Fatal(err)
		}
		sum, err := ck.Check(bufio.NewReaderSize(f, 1<<20), func(*remessa.Result) error { return nil })
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if sum.Lines != w.lines {
			b.Fatalf("%d lines judged, want %d", sum.Lines, w.lines)
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

// monthWorld is a month of GOSUS_BENCH_FILES files (default 10) of
// GOSUS_BENCH_LINES lines each (default 999 999) over the benchmark world's
// registry, written once to a temporary folder.
type monthWorld struct {
	set   *sigtap.Set
	reg   *cnes.Registry
	files []string
	lines int
}

var (
	monthOnce sync.Once
	monthW    *monthWorld
	monthErr  error
)

func loadMonthWorld(b *testing.B) *monthWorld {
	b.Helper()
	if sharedRelease == "" {
		b.Skip("official SIGTAP release " + shareddata.Release202512 + " not found (../shared/data/sigtap or $" + shareddata.Env + "): benchmark skipped")
	}
	monthOnce.Do(func() {
		nFiles, perFile := 10, 999_999
		if s := os.Getenv("GOSUS_BENCH_FILES"); s != "" {
			nFiles, _ = strconv.Atoi(s)
		}
		if s := os.Getenv("GOSUS_BENCH_LINES"); s != "" {
			perFile, _ = strconv.Atoi(s)
		}
		rel, err := sigtap.Open(sharedRelease, nil)
		if err != nil {
			monthErr = err
			return
		}
		plan, err := remessatest.NewPlan(rel, nil)
		if err != nil {
			monthErr = err
			return
		}
		reg, err := remessatest.NewRegistry(plan, 2000, 1)
		if err != nil {
			monthErr = err
			return
		}
		prod, err := remessatest.NewProduction(reg, rel.Competencia(), nFiles*perFile, 1, &remessatest.ProductionOptions{ErrorRate: 0.01, PerFile: perFile})
		if err != nil {
			monthErr = err
			return
		}
		dir, err := os.MkdirTemp("", "gosus-month")
		if err != nil {
			monthErr = err
			return
		}
		var files []string
		var open []*os.File
		var bws []*bufio.Writer
		err = prod.WriteFiles(func(part int) (io.Writer, error) {
			name := filepath.Join(dir, fmt.Sprintf("PAB%04d.DEZ", part))
			f, err := os.Create(name)
			if err != nil {
				return nil, err
			}
			files, open = append(files, name), append(open, f)
			bws = append(bws, bufio.NewWriterSize(f, 1<<20))
			return bws[len(bws)-1], nil
		})
		for i, f := range open {
			bws[i].Flush()
			f.Close()
		}
		if err != nil {
			monthErr = err
			return
		}
		cr, _ := cnes.NewRegistry(reg.Snapshot)
		monthW = &monthWorld{set: sigtap.NewSet(rel), reg: cr, files: files, lines: prod.Len()}
	})
	if monthErr != nil {
		b.Fatal(monthErr)
	}
	return monthW
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
			w := loadMonthWorld(b)
			ck := &remessa.Checker{SIGTAP: w.set, CNES: w.reg, Workers: workers}
			var ins []remessa.Input
			for _, f := range w.files {
				ins = append(ins, remessa.FileInput(f))
			}
			runtime.GC()
			stop := peakHeap()
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cputime.Process()
			for b.Loop() {
				m, err := ck.CheckFiles(context.Background(), ins, func(*remessa.Result) error { return nil }, nil)
				if err != nil {
					b.Fatal(err)
				}
				if m.Lines != w.lines {
					b.Fatalf("%d lines judged, want %d", m.Lines, w.lines)
				}
			}
			b.StopTimer()
			cpu := cputime.Process() - cpu0
			peak := stop()
			b.ReportMetric(float64(w.lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
			if cpu > 0 {
				b.ReportMetric(float64(w.lines)*float64(b.N)/cpu.Seconds(), "lines/cpu-s")
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

package remessatest_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/go-sus/sus/bpa"

	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

// Measured on the development machine (2 cores, AMD EPYC, Go 1.26, shared
// with other jobs: load 2–4, two runs), on the shared 202512 release
// (1 804 procedures planned), 500 establishments (~3 400 vínculos), 999 999
// lines with 1 % planted errors; the month benchmarks on a World of
// 10 × 99 999 lines:
//
//	BenchmarkPlan        6.8–7.1 ms/op  1 789 allocs (1 846 BPA-I procedures examined)
//	BenchmarkRegistry     94–112 ms/op  188 k allocs (cnestest.Generate + cnes.Load of 500 establishments)
//	BenchmarkHeader      210–254 ns/line (totals pass: walker + bpa.Totals)
//	BenchmarkAll         367–411 ns/line (walker + patients; ~0.01 allocs/line)
//	BenchmarkWriteTo     1.1–2.7 µs/line (both passes + bpa.Writer; 53 k allocs per file)
//	BenchmarkNew         441–454 ns/line (World: plan, registry, skeletons, expectations)
//	BenchmarkWriteDir    1.1–1.5 µs/line on 2 cores (BPA files, cnes/, EXPECTED.jsonl)
//	BenchmarkCriticas    151–195 ns/line
//
// A 999 999-line WriteTo to io.Discard keeps the heap within 4 MB of what
// the release and the registry hold (28 MB peak in all).
//
// Run with go test -run '^$' -bench . -benchmem ./remessa/remessatest.
const benchLines = 999_999

var (
	benchOnce sync.Once
	benchReg  *remessatest.Registry
	benchRel  *sigtap.Release
)

// benchWorld is the plan of the shared release and a registry of 500
// establishments, built once.
func benchWorld(b *testing.B) (*sigtap.Release, *remessatest.Registry) {
	rel := openShared(b)
	benchOnce.Do(func() { benchRel, benchReg = rel, registry(b, rel, 500, 1) })
	return benchRel, benchReg
}

func perLine(b *testing.B, lines int) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(lines)
	b.ReportMetric(ns, "ns/line")
	b.ReportMetric(1e9/ns, "lines/s")
}

func BenchmarkPlan(b *testing.B) {
	rel := openShared(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := remessatest.NewPlan(rel, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRegistry(b *testing.B) {
	rel := openShared(b)
	plan, err := remessatest.NewPlan(rel, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := remessatest.NewRegistry(plan, 500, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeader is the first pass of WriteTo: the walker alone, summing
// the header totals and listing the planted lines.
func BenchmarkHeader(b *testing.B) {
	rel, reg := benchWorld(b)
	b.ReportAllocs()
	for b.Loop() {
		prod, err := remessatest.NewProduction(reg, rel.Competencia(), benchLines, 1, &remessatest.ProductionOptions{ErrorRate: 0.01})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := prod.Header(); err != nil {
			b.Fatal(err)
		}
	}
	perLine(b, benchLines)
}

// BenchmarkAll draws every line (walker and patients), without writing.
func BenchmarkAll(b *testing.B) {
	rel, reg := benchWorld(b)
	prod, err := remessatest.NewProduction(reg, rel.Competencia(), benchLines, 1, &remessatest.ProductionOptions{ErrorRate: 0.01})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for rec := range prod.All() {
			n += rec.(*bpa.Individualizado).Quantidade
		}
		if n < benchLines {
			b.Fatal("too few")
		}
	}
	perLine(b, benchLines)
}

// BenchmarkWriteTo writes a complete file of 999 999 lines: the totals
// pass, then the lines through bpa.Writer.
func BenchmarkWriteTo(b *testing.B) {
	rel, reg := benchWorld(b)
	var size int64
	b.ReportAllocs()
	for b.Loop() {
		prod, err := remessatest.NewProduction(reg, rel.Competencia(), benchLines, 1, &remessatest.ProductionOptions{ErrorRate: 0.01})
		if err != nil {
			b.Fatal(err)
		}
		if size, err = prod.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(size)
	perLine(b, benchLines)
}

// benchMonth is the World of the month benchmarks: 10 files of 99 999
// lines (a million lines in all) over 500 establishments, 1 % errors,
// with a duplicated file and one of another competência.
var benchMonth = remessatest.Options{Estabs: 500, Files: 10, Lines: 99_999, ErrorRate: 0.01, Duplicate: true, OtherCompetencia: true, Seed: 1}

// BenchmarkNew builds the world: plan, registry and the first pass over
// every line of every file (headers, cross-file plants, expectations).
func BenchmarkNew(b *testing.B) {
	rel := openShared(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := remessatest.New(rel, &benchMonth); err != nil {
			b.Fatal(err)
		}
	}
	perLine(b, benchMonth.Files*benchMonth.Lines)
}

// BenchmarkWriteDir writes the month to disk (both cores): the BPA files,
// the registry and EXPECTED.jsonl.
func BenchmarkWriteDir(b *testing.B) {
	rel := openShared(b)
	w, err := remessatest.New(rel, &benchMonth)
	if err != nil {
		b.Fatal(err)
	}
	tmp := b.TempDir()
	var size int64
	b.ReportAllocs()
	for b.Loop() {
		dir := filepath.Join(tmp, "mes")
		if err := w.WriteDir(context.Background(), dir, nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		size = 0
		filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil {
					size += fi.Size()
				}
			}
			return nil
		})
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.SetBytes(size)
	perLine(b, benchMonth.Files*benchMonth.Lines)
}

// BenchmarkCriticas iterates the expected críticas of the month.
func BenchmarkCriticas(b *testing.B) {
	rel := openShared(b)
	w, err := remessatest.New(rel, &benchMonth)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for range w.Criticas() {
			n++
		}
		if n == 0 {
			b.Fatal("no crítica")
		}
	}
	perLine(b, benchMonth.Files*benchMonth.Lines)
}

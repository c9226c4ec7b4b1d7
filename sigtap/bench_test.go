package sigtap_test

import (
	"archive/zip"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/go-sus/sus/internal/cputime"
	"github.com/go-sus/sus/sigtap"
)

// BenchmarkFloor inflates every entry of the 202512 release to io.Discard:
// the floor a full load is measured against.
func BenchmarkFloor(b *testing.B) {
	p := sharedZip(b, zip202512)
	z, err := zip.OpenReader(p)
	if err != nil {
		b.Fatal(err)
	}
	defer z.Close()
	var total int64
	for _, f := range z.File {
		total += int64(f.UncompressedSize64)
	}
	b.SetBytes(total)
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		for _, f := range z.File {
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, rc); err != nil {
				b.Fatal(err)
			}
			rc.Close()
		}
	}
}

func benchLoad(b *testing.B, opts *sigtap.LoadOptions) {
	p := sharedZip(b, zip202512)
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := sigtap.Open(p, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadFull loads everything, descriptions included.
func BenchmarkLoadFull(b *testing.B) {
	benchLoad(b, &sigtap.LoadOptions{Descriptions: sigtap.EagerDescriptions})
}

// BenchmarkLoad is the default load: tb_descricao kept compressed until
// first use.
func BenchmarkLoad(b *testing.B) { benchLoad(b, nil) }

// BenchmarkLoadSkipDescriptions leaves tb_descricao out.
func BenchmarkLoadSkipDescriptions(b *testing.B) {
	benchLoad(b, &sigtap.LoadOptions{Descriptions: sigtap.SkipDescriptions})
}

// BenchmarkRetainedHeap reports the heap a loaded release keeps alive
// (after GC), in MB.
func BenchmarkRetainedHeap(b *testing.B) {
	p := sharedZip(b, zip202512)
	var keep *sigtap.Release
	var sum float64
	for b.Loop() {
		var before, after runtime.MemStats
		keep = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		r, err := sigtap.Open(p, &sigtap.LoadOptions{Descriptions: sigtap.EagerDescriptions})
		if err != nil {
			b.Fatal(err)
		}
		r.Search("x") // builds the folded names too
		keep = r
		runtime.GC()
		runtime.ReadMemStats(&after)
		sum += float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	}
	runtime.KeepAlive(keep)
	b.ReportMetric(sum/float64(b.N), "MB-retained")
}

// reportCPU adds the CPU time per operation ("cpu-ms/op") to a benchmark;
// call its result when the loop is done.
func reportCPU(b *testing.B) func() {
	start := cputime.Process()
	return func() {
		if d := cputime.Process() - start; d > 0 {
			b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		}
	}
}

// BenchmarkLoadVsFloor alternates the floor (inflating every entry) and a
// full load on one goroutine and reports the ratio of their CPU times, a
// figure that other load on the machine distorts less than the absolute
// times.
func BenchmarkLoadVsFloor(b *testing.B) {
	p := sharedZip(b, zip202512)
	z, err := zip.OpenReader(p)
	if err != nil {
		b.Fatal(err)
	}
	defer z.Close()
	var floor, load time.Duration
	for b.Loop() {
		t0 := cputime.Process()
		for _, f := range z.File {
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, rc)
			rc.Close()
		}
		t1 := cputime.Process()
		if _, err := sigtap.Open(p, &sigtap.LoadOptions{Descriptions: sigtap.EagerDescriptions}); err != nil {
			b.Fatal(err)
		}
		load += cputime.Process() - t1
		floor += t1 - t0
	}
	if floor > 0 {
		b.ReportMetric(float64(load)/float64(floor), "load/floor")
		b.ReportMetric(float64(floor.Microseconds())/1000/float64(b.N), "floor-cpu-ms")
		b.ReportMetric(float64(load.Microseconds())/1000/float64(b.N), "load-cpu-ms")
	}
}

// BenchmarkWriteZip writes the whole 202512 release as a ZIP (Deflate).
func BenchmarkWriteZip(b *testing.B) {
	r := shared(b, zip202512)
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WriteZip(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiff compares 202511 with 202512 (every table, row by row).
func BenchmarkDiff(b *testing.B) {
	old, new := shared(b, zip202511), shared(b, zip202512)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sigtap.Diff(old, new); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubset cuts the 20 procedures of the demo world.
func BenchmarkSubset(b *testing.B) {
	r := shared(b, zip202512)
	var codes []sigtap.Code
	for _, s := range []string{"0301010072", "0301010048", "0214010015", "0301100039", "0202010473", "0204030188", "0207010064", "0207010030", "0207030057", "0203020030", "0401020150", "0201010607", "0101020058", "0701010185", "0102010056", "0202030024", "0301130019", "0202020550", "0901010014", "0501040064"} {
		codes = append(codes, sigtap.MustParseCode(s))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Subset(codes...); err != nil {
			b.Fatal(err)
		}
	}
}

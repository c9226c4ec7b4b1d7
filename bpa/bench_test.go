package bpa_test

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/bpa/bpatest"
	"github.com/go-sus/sus/internal/cputime"
	"github.com/go-sus/sus/sigtap"
)

// Measured on the development machine (2 cores, AMD EPYC, Go 1.26, shared
// with other jobs), 100 000 BPA-I lines of layout 350, best of three:
//
//	BenchmarkFloor          44 ns/line  22.5 M lines/s  (bufio split + control sum)
//	BenchmarkFloorInMemory  18 ns/line  56 M lines/s    (no io.Reader; reference)
//	BenchmarkReadView       80 ns/line  12.5 M lines/s  0 allocs/line
//	BenchmarkRead          958 ns/line  1.04 M lines/s  2 allocs/line
//	BenchmarkReadReuse     877 ns/line  1.14 M lines/s  1 alloc/line
//	BenchmarkWrite         680 ns/line  1.47 M lines/s  0 allocs/line
//	BenchmarkValidate     1737 ns/line  0.58 M lines/s  1 alloc/line
//	BenchmarkToJSON       1059 ns/line  0.94 M lines/s  0 allocs/line
//
// Validating 999 999 lines (BPA_MEM_LINES=999999 go test -run
// TestValidateMemory): peak heap 29.5 MB, 30 MB RSS for `bpa validate`.
const benchLines = 100_000

var (
	benchOnce sync.Once
	benchFile []byte
)

// benchRecords returns benchLines BPA-I records of competência 12/2024.
func benchRecords() []bpa.Record {
	g := bpatest.New(newRand(1), sigtap.MustParseCompetencia("202412"))
	g.ShareC = 0
	recs, err := g.Records(benchLines)
	if err != nil {
		panic(err)
	}
	return recs
}

// benchData is a 12/2024 file (BPA-I layout 350) of benchLines lines,
// generated in memory, with 100 % BPA-I lines. The records are dropped so
// that the garbage collector does not scan them during the benchmarks.
func benchData(b *testing.B) ([]byte, []bpa.Record) {
	benchOnce.Do(func() {
		var buf bytes.Buffer
		h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202412")}
		if err := bpa.Encode(&buf, h, benchRecords(), nil); err != nil {
			panic(err)
		}
		benchFile = buf.Bytes()
		runtime.GC()
	})
	return benchFile, nil
}

func report(b *testing.B, lines int, cpu0 time.Duration) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(lines)
	b.ReportMetric(ns, "ns/line")
	b.ReportMetric(1e9/ns, "lines/s")
	if cpu := cputime.Process() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(lines), "cpu-ns/line")
	}
}

// BenchmarkFloor only splits the file into lines and sums the control
// field from fixed positions: the physical floor of a streaming reader. Like
// every reader of an io.Reader it copies the input through a 64 KiB
// bufio.Reader.
func BenchmarkFloor(b *testing.B) {
	data, _ := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		br := bufio.NewReaderSize(bytes.NewReader(data), 64<<10)
		var sum uint64
		for {
			line, err := br.ReadSlice('\n')
			if err != nil {
				break
			}
			sum += floorTerm(line)
		}
		if sum == 0 {
			b.Fatal("no sum")
		}
	}
	report(b, benchLines, cpu0)
}

func floorTerm(line []byte) uint64 {
	if len(line) < 95 || line[1] != '3' {
		return 0
	}
	var pa, qt uint64
	for _, c := range line[49:59] {
		pa = pa*10 + uint64(c-'0')
	}
	for _, c := range line[88:94] {
		qt = qt*10 + uint64(c-'0')
	}
	return pa + qt
}

// BenchmarkFloorInMemory is the floor without the copy through a reader:
// the file is split in place (not reachable from an io.Reader; reference
// only).
func BenchmarkFloorInMemory(b *testing.B) {
	data, _ := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		var sum uint64
		rest := data
		for len(rest) > 0 {
			i := bytes.IndexByte(rest, '\n')
			sum += floorTerm(rest[:i])
			rest = rest[i+1:]
		}
		if sum == 0 {
			b.Fatal("no sum")
		}
	}
	report(b, benchLines, cpu0)
}

// BenchmarkReadView is the raw streaming path: Reader.ReadView plus the
// control term through the View's accessors.
func BenchmarkReadView(b *testing.B) {
	data, _ := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		rd := bpa.NewReader(bytes.NewReader(data))
		var sum uint64
		for {
			v, err := rd.ReadView()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			t, _ := v.ControlTerm()
			sum += t
		}
	}
	report(b, benchLines, cpu0)
}

// BenchmarkRead is full typed decoding, a new record per line.
func BenchmarkRead(b *testing.B) { benchRead(b, false) }

// BenchmarkReadReuse is typed decoding with Reader.ReuseRecord.
func BenchmarkReadReuse(b *testing.B) { benchRead(b, true) }

func benchRead(b *testing.B, reuse bool) {
	data, _ := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		rd := bpa.NewReader(bytes.NewReader(data))
		rd.ReuseRecord = reuse
		for {
			_, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	report(b, benchLines, cpu0)
}

// BenchmarkWrite writes typed records with the streaming writer.
func BenchmarkWrite(b *testing.B) {
	data, _ := benchData(b)
	recs := benchRecords()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202412")}
	cpu0 := cputime.Process()
	for b.Loop() {
		w := bpa.NewWriterTotals(io.Discard, h)
		for _, r := range recs {
			if err := w.Write(r); err != nil {
				b.Fatal(err)
			}
		}
		_ = w.Close() // totals differ from the zero header: checked, ignored
	}
	report(b, benchLines, cpu0)
}

// BenchmarkValidate reads, decodes and validates the file.
func BenchmarkValidate(b *testing.B) {
	data, _ := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		n := 0
		v := &bpa.Validator{}
		if err := v.Check(bytes.NewReader(data), func(bpa.Problem) { n++ }); err != nil {
			b.Fatal(err)
		}
		if n != 0 {
			b.Fatalf("%d problems in a valid file", n)
		}
	}
	report(b, benchLines, cpu0)
}

// BenchmarkToJSON converts the file to JSON lines.
func BenchmarkToJSON(b *testing.B) {
	data, _ := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		if err := bpa.ToJSON(io.Discard, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	report(b, benchLines, cpu0)
}

// TestValidateMemory validates a generated file of BPA_MEM_LINES lines
// (set it to 1000000 to measure) and reports the peak heap; skipped unless
// the variable is set.
func TestValidateMemory(t *testing.T) {
	if os.Getenv("BPA_MEM_LINES") == "" {
		t.Skip("set BPA_MEM_LINES=1000000 to measure validate's peak memory")
	}
	measureValidateMemory(t, os.Getenv("BPA_MEM_LINES"))
}

package sigtap_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-sus/sus/internal/safeio"
	"github.com/go-sus/sus/sigtap"
)

// Hostile inputs of issue #11 §3, made here by small generators: the
// ZIPs are a few MB at most, whatever they inflate to, because their big
// entry is one compressed block repeated (see repeatedDeflate). Every one
// must fail within 5 s with an error that names the file and the limit,
// allocating little: the loader checks declared sizes before reading and
// counts bytes and rows while it streams.

const (
	hostileMaxTime  = 5 * time.Second
	hostileMaxAlloc = 64 << 20 // bytes allocated by one hostile load
)

// repeatedDeflate returns a raw Deflate stream that inflates to copies
// times block, and the CRC-32 of that. The block is compressed once into
// non-final, byte-aligned blocks, which can be repeated as they are. Past
// 256 MiB the CRC is left zero to keep the test fast: those entries are
// refused from their declared size, never read to the end.
func repeatedDeflate(t testing.TB, block []byte, copies int) ([]byte, uint32) {
	t.Helper()
	var unit, end bytes.Buffer
	fw, _ := flate.NewWriter(&unit, flate.BestCompression)
	fw.Write(block)
	fw.Flush()
	fw, _ = flate.NewWriter(&end, flate.BestCompression)
	fw.Close() // one empty final block
	out := bytes.Repeat(unit.Bytes(), copies)
	out = append(out, end.Bytes()...)
	crc := uint32(0)
	if len(block)*copies <= 256<<20 {
		for range copies {
			crc = crc32.Update(crc, crc32.IEEETable, block)
		}
	}
	return out, crc
}

// hostileZip writes the tiny 202512 release plus extra files into a ZIP
// in a temporary directory, with big (copies × block bytes, replacing a
// file of the same name) as its last entry, and returns its path.
func hostileZip(t testing.TB, extra map[string][]byte, big string, block []byte, copies int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "TabelaUnificada_202512_v2601221256.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	files := map[string][]byte{}
	for name, mf := range tinyFS(t) {
		files[name] = mf.Data
	}
	for name, b := range extra {
		files[name] = b
	}
	delete(files, big)
	for name, b := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if big != "" {
		raw, crc := repeatedDeflate(t, block, copies)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: big, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(len(block) * copies)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// measure runs load and returns its error, the bytes it allocated and
// its duration. Tests of this package do not run in parallel, so the
// allocation is the load's.
func measure(load func() error) (error, uint64, time.Duration) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	err := load()
	d := time.Since(t0)
	runtime.ReadMemStats(&after)
	return err, after.TotalAlloc - before.TotalAlloc, d
}

// oneByteLayout is the layout of an extra table of one-byte rows.
var oneByteLayout = map[string][]byte{"tb_extra_layout.txt": []byte("Coluna,Tamanho,Inicio,Fim,Tipo\r\nCO_X,1,1,1,VARCHAR2\r\n")}

// oneByteRows is 3 MiB of one-byte rows.
var oneByteRows = bytes.Repeat([]byte("x\r\n"), 1<<20)

// rows100k is 100 000 one-byte rows, the block of the tables of n·100 000
// rows.
var rows100k = bytes.Repeat([]byte("x\r\n"), 100_000)

func TestHostileInputs(t *testing.T) {
	descRow := []byte("0301010072" + strings.Repeat("A", 4000) + "202512\r\n")
	tests := []struct {
		name   string
		path   func(t *testing.T) string
		opts   *sigtap.LoadOptions
		byteEr bool     // a byte cap: errors.As *safeio.LimitError
		want   []string // in the message: the file and the limit
	}{
		{"extra table of 2 GB of one-byte rows", func(t *testing.T) string {
			return hostileZip(t, oneByteLayout, "tb_extra.txt", oneByteRows, 2000<<20/len(oneByteRows))
		}, nil, true, []string{"TabelaUnificada_202512_v2601221256.zip/tb_extra.txt", "64 MiB", "LoadOptions.MaxFileBytes"}},
		{"extra table of 200 MB", func(t *testing.T) string {
			return hostileZip(t, oneByteLayout, "tb_extra.txt", oneByteRows, 200<<20/len(oneByteRows))
		}, nil, true, []string{"tb_extra.txt", "64 MiB", "MaxFileBytes"}},
		{"extra table of 1.5 million rows", func(t *testing.T) string {
			return hostileZip(t, oneByteLayout, "tb_extra.txt", rows100k, 15)
		}, nil, false, []string{"tb_extra.txt: line 1048577", "more than 1048576 rows", "LoadOptions.MaxRows"}},
		{"three tables of 900 000 rows", func(t *testing.T) string {
			extra := map[string][]byte{}
			for _, n := range []string{"tb_a", "tb_b"} {
				extra[n+"_layout.txt"] = oneByteLayout["tb_extra_layout.txt"]
				extra[n+".txt"] = bytes.Repeat([]byte("x\r\n"), 900_000)
			}
			extra["tb_extra_layout.txt"] = oneByteLayout["tb_extra_layout.txt"]
			return hostileZip(t, extra, "tb_extra.txt", rows100k, 9)
		}, nil, false, []string{"v2601221256.zip: more than 2097152 rows in the release", "LoadOptions.MaxTotalRows"}},
		{"three tables past the release total", func(t *testing.T) string {
			extra := map[string][]byte{}
			wide := []byte(strings.Repeat("x", 100) + "\r\n")
			for _, n := range []string{"tb_a", "tb_b", "tb_extra"} {
				extra[n+"_layout.txt"] = []byte("Coluna,Tamanho,Inicio,Fim,Tipo\r\nCO_X,100,1,100,VARCHAR2\r\n")
				extra[n+".txt"] = bytes.Repeat(wide, 30_000) // 3 MB
			}
			return hostileZip(t, extra, "", nil, 0)
		}, &sigtap.LoadOptions{MaxTotalBytes: 8 << 20}, true, []string{"v2601221256.zip: release larger than the limit of 8 MiB", "LoadOptions.MaxTotalBytes"}},
		{"layout.txt of 2 GB", func(t *testing.T) string {
			return hostileZip(t, nil, "layout.txt", bytes.Repeat([]byte("CO_X,1,1,1,VARCHAR2\r\n"), 1<<16), 2000<<20/(21<<16))
		}, nil, true, []string{"TabelaUnificada_202512_v2601221256.zip/layout.txt", "64 KiB", "LoadOptions.MaxLayoutBytes"}},
		{"a table layout of 100 MB", func(t *testing.T) string {
			return hostileZip(t, nil, "tb_grupo_layout.txt", bytes.Repeat([]byte("CO_X,1,1,1,VARCHAR2\r\n"), 1<<16), 100<<20/(21<<16))
		}, nil, true, []string{"tb_grupo_layout.txt", "64 KiB", "MaxLayoutBytes"}},
		{"versao of 2 GB", func(t *testing.T) string {
			return hostileZip(t, nil, "versao", bytes.Repeat([]byte("1.1"), 1<<20), 2000<<20/(3<<20))
		}, nil, true, []string{"zip/versao", "4 KiB"}},
		{"tb_descricao of 2 GB", func(t *testing.T) string {
			return hostileZip(t, nil, "tb_descricao.txt", bytes.Repeat(descRow, 256), 2000<<20/(len(descRow)*256))
		}, nil, true, []string{"tb_descricao.txt", "64 MiB", "MaxFileBytes"}},
		{"a ZIP of 5000 entries", func(t *testing.T) string {
			extra := map[string][]byte{}
			for i := range 5000 {
				extra[fmt.Sprintf("junk/%d", i)] = nil
			}
			return hostileZip(t, extra, "", nil, 0)
		}, nil, false, []string{"zip: more than 1024 ZIP entries", "LoadOptions.MaxFiles"}},
		{"a directory whose table is a sparse 2 GB file", func(t *testing.T) string {
			dir := filepath.Join(t.TempDir(), "TabelaUnificada_202512_v2601221256")
			os.Mkdir(dir, 0o755)
			for name, f := range tinyFS(t) {
				os.WriteFile(filepath.Join(dir, name), f.Data, 0o644)
			}
			if err := os.Truncate(filepath.Join(dir, "tb_cid.txt"), 2000<<20); err != nil {
				t.Skip(err)
			}
			return dir
		}, nil, true, []string{"TabelaUnificada_202512_v2601221256/tb_cid.txt", "64 MiB", "MaxFileBytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.path(t)
			err, alloc, d := measure(func() error {
				_, err := sigtap.Open(p, tt.opts)
				return err
			})
			t.Logf("%v in %v, %.1f MB allocated", err, d.Round(time.Millisecond), float64(alloc)/(1<<20))
			if !errors.Is(err, sigtap.ErrTooLarge) || !errors.Is(err, safeio.ErrTooLarge) {
				t.Fatalf("err = %v, want ErrTooLarge", err)
			}
			var le *safeio.LimitError
			if tt.byteEr != errors.As(err, &le) {
				t.Errorf("errors.As(*safeio.LimitError) = %v, want %v", !tt.byteEr, tt.byteEr)
			}
			var pe *sigtap.ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(pe.File, p) {
				t.Errorf("not a *ParseError naming %s: %#v", p, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
			if strings.Count(err.Error(), "sigtap: ") != 1 {
				t.Errorf("message %q does not have the prefix once", err)
			}
			if d > hostileMaxTime {
				t.Errorf("took %v, want < %v", d, hostileMaxTime)
			}
			if alloc > hostileMaxAlloc {
				t.Errorf("allocated %.1f MB, want < %d MB", float64(alloc)/(1<<20), hostileMaxAlloc>>20)
			}
		})
	}
}

// TestHostileSet: OpenSet over a folder holding a hostile release names
// the release in its error, and fails as fast.
func TestHostileSet(t *testing.T) {
	p := hostileZip(t, oneByteLayout, "tb_extra.txt", oneByteRows, 2000<<20/len(oneByteRows))
	err, alloc, d := measure(func() error {
		_, err := sigtap.OpenSet(filepath.Dir(p), nil)
		return err
	})
	if !errors.Is(err, sigtap.ErrTooLarge) || !strings.Contains(err.Error(), p+"/tb_extra.txt") {
		t.Fatalf("err = %v", err)
	}
	if d > hostileMaxTime || alloc > hostileMaxAlloc {
		t.Errorf("%v, %d bytes allocated", d, alloc)
	}
}

// TestWarningsCapped: soft problems are all counted, the first
// MaxWarnings kept.
func TestWarningsCapped(t *testing.T) {
	extra := map[string][]byte{}
	for i := range 500 {
		extra[fmt.Sprintf("x/tb_%03d.txt", i)] = nil // no layout: a warning each
	}
	p := hostileZip(t, extra, "", nil, 0)
	r, err := sigtap.Open(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings()) != sigtap.DefaultMaxWarnings || r.WarningCount() != 500 {
		t.Errorf("kept %d of %d warnings, want %d of 500", len(r.Warnings()), r.WarningCount(), sigtap.DefaultMaxWarnings)
	}
	if w := r.Warnings()[0]; w.File != "x/tb_000.txt" || w.Error() != "sigtap: x/tb_000.txt: no layout for this file; ignored" {
		t.Errorf("first warning %q (%s)", w, w.File)
	}
	r, err = sigtap.Open(p, &sigtap.LoadOptions{MaxWarnings: 3})
	if err != nil || len(r.Warnings()) != 3 || r.WarningCount() != 500 {
		t.Errorf("MaxWarnings 3: %v, %d of %d", err, len(r.Warnings()), r.WarningCount())
	}
}

// TestLoadCanceled: a canceled context stops the load with ctx.Err(),
// wrapped with the file it was reading.
func TestLoadCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := sigtap.OpenContext(ctx, tiny, nil)
	var pe *sigtap.ParseError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &pe) || !strings.HasPrefix(pe.File, tiny+"/") {
		t.Errorf("canceled Open: %v", err)
	}
	if _, err := sigtap.LoadContext(ctx, tinyFS(t), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled Load: %v", err)
	}
	if _, err := sigtap.OpenSetContext(ctx, "testdata", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled OpenSet: %v", err)
	}
	// Canceled in the middle of a big table: the rows of one table are
	// checked every few thousand.
	p := hostileZip(t, oneByteLayout, "tb_extra.txt", rows100k, 10)
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(5*time.Millisecond, cancel)
	_, err = sigtap.OpenContext(ctx, p, &sigtap.LoadOptions{Concurrency: 1})
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("canceled during the load: %v", err)
	}
}

//go:build linux

package cnes_test

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-sus/sus/cnes"
)

// Hostile inputs of issue 11 §3. Each is generated into a temporary
// folder by streamed writes (nothing big is committed), then loaded by a
// child process (this test binary, running TestHostileChild) so that its
// peak RSS can be measured alone. Every load must end with a clear error
// naming the file and the limit, within 5 s, under 256 MB of peak RSS.
// Sizes are scaled down from the where the property holds at any
// size (the loader fails at the first MiB); the scaled figure is given
// with each case.

const (
	hostileRSSMax  = 256 << 20
	hostileTimeMax = 5 * time.Second
	estabHeader    = `"CO_UNIDADE";"CO_CNES";"TP_PFPJ";"NU_CNPJ";"NU_CNPJ_MANTENEDORA";"CO_ESTADO_GESTOR";"CO_MUNICIPIO_GESTOR";"TP_GESTAO";"CO_MOTIVO_DESAB"` + "\n"
	estabRow       = `"5300109990001";"9990001";"3";"";"";"53";"530010";"M";""` + "\n"
	// openQuoteRow opens a quote in its last field (column 55) and never
	// closes it.
	openQuoteRow = `"5300109990001";"9990001";"3";"";"";"53";"530010";"M";"` + "\n"
)

// hostile is one input: make writes it under dir and returns the path to
// load; check asserts the outcome in the child.
type hostile struct {
	name  string
	make  func(t *testing.T, dir string) string
	opts  *cnes.LoadOptions
	check func(t *testing.T, s *cnes.Snapshot, err error)
}

var hostiles = []hostile{
	{
		// Issue: a 500 MB quoted field with line breaks was accepted
		// (2.1 GB RSS). Scaled to 128 MiB.
		name: "quoted-field-with-line-breaks",
		make: func(t *testing.T, dir string) string {
			return writeTable(t, dir, func(w *bufio.Writer) {
				w.WriteString(estabHeader)
				w.WriteString(`"5300109990001";"`)
				line := strings.Repeat("A", 79) + "\n"
				for range 128 << 20 / 80 {
					w.WriteString(line)
				}
				w.WriteString(`";"3";"";"";"53";"530010";"M";""` + "\n")
			})
		},
		check: wantRecordLimit(2, 17, true),
	},
	{
		// Issue: a quote opened at line 2 of a 10-million-line file used
		// 1.8 GB and was reported at line 10 000 002. Scaled to 1 million
		// lines (the loader stops within the first MiB).
		name: "quote-never-closed",
		make: func(t *testing.T, dir string) string {
			return writeTable(t, dir, func(w *bufio.Writer) {
				w.WriteString(estabHeader)
				w.WriteString(openQuoteRow)
				for i := range 1_000_000 {
					fmt.Fprintf(w, "530010%07d;%07d;3;;;53;530010;M;\n", i, i)
				}
			})
		},
		check: wantRecordLimit(2, 55, true),
	},
	{
		// Issue: a 1 GB CNES ZIP inflated to 3.6 GB of RSS. Here a ZIP
		// whose tbEstabelecimento inflates to 256 MiB of one quoted field
		// (the ZIP itself is about 1 MB): its member is streamed and the
		// load stops at the first MiB.
		name: "zip-inflating-to-one-field",
		make: func(t *testing.T, dir string) string {
			return writeZip(t, dir, "BASE_DE_DADOS_CNES_202601.ZIP", func(w io.Writer) {
				bw := bufio.NewWriterSize(w, 1<<16)
				bw.WriteString(estabHeader)
				bw.WriteString(`"5300109990001";"`)
				line := strings.Repeat("B", 79) + "\n"
				for range 256 << 20 / 80 {
					bw.WriteString(line)
				}
				bw.WriteString(`";"3";"";"";"53";"530010";"M";""` + "\n")
				bw.Flush()
			})
		},
		check: wantRecordLimit(2, 17, true),
	},
	{
		// Issue: 10 million short rows kept 10 million warnings (1.83 GB).
		// Scaled to 2 million: all counted, the first 100 kept.
		name: "short-rows",
		make: func(t *testing.T, dir string) string {
			return writeTable(t, dir, func(w *bufio.Writer) {
				w.WriteString(estabHeader)
				w.WriteString(estabRow)
				for range 2_000_000 {
					w.WriteString("\"1\"\n")
				}
			})
		},
		check: func(t *testing.T, s *cnes.Snapshot, err error) {
			if err != nil {
				t.Fatal(err)
			}
			w := s.Warnings()
			if s.WarningCount() != 2_000_000 || len(w) != cnes.DefaultMaxWarnings || !errors.Is(w[0], csv.ErrFieldCount) || w[99].Line != 102 {
				t.Errorf("%d warnings, %d kept, first %v", s.WarningCount(), len(w), w[0])
			}
		},
	},
	{
		// Issue: a FIFO given as a table file hung forever.
		name: "fifo-table-file",
		make: func(t *testing.T, dir string) string {
			mkfifo(t, filepath.Join(dir, "tbEstabelecimento202601.csv"))
			return dir
		},
		check: wantNotRegular("tbEstabelecimento202601.csv"),
	},
	{
		name: "fifo-path",
		make: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "BASE_DE_DADOS_CNES_202601.ZIP")
			mkfifo(t, p)
			return p
		},
		check: wantNotRegular("BASE_DE_DADOS_CNES_202601.ZIP"),
	},
	{
		// A 19 KB ZIP whose tbCargaHorariaSus declares 2 GiB − 1 bytes and
		// holds 300 rows: the size estimate must not reserve memory for
		// millions of rows (it took 695 MB of RSS).
		name: "zip-declaring-2GiB",
		make: func(t *testing.T, dir string) string {
			var body strings.Builder
			body.WriteString(`"CO_UNIDADE";"CO_PROFISSIONAL_SUS";"CO_CBO";"TP_SUS_NAO_SUS";"IND_VINCULACAO";"QT_CARGA_HORARIA_AMBULATORIAL"` + "\n")
			for i := range 300 {
				fmt.Fprintf(&body, `"5300109990001";"%016X";"225125";"S";"010101";"20"`+"\n", i)
			}
			p := filepath.Join(dir, "BASE_DE_DADOS_CNES_202601.ZIP")
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			zw := zip.NewWriter(f)
			w, _ := zw.Create("tbEstabelecimento202601.csv")
			io.WriteString(w, estabHeader+estabRow)
			data := []byte(body.String())
			raw, _ := zw.CreateRaw(&zip.FileHeader{Name: "tbCargaHorariaSus202601.csv", Method: zip.Store,
				CRC32: crc32.ChecksumIEEE(data), CompressedSize64: uint64(len(data)), UncompressedSize64: 2<<30 - 1})
			raw.Write(data)
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			return p
		},
		check: func(t *testing.T, s *cnes.Snapshot, err error) {
			var pe *cnes.ParseError
			if !errors.As(err, &pe) || !strings.HasSuffix(pe.File, "tbCargaHorariaSus202601.csv") {
				t.Errorf("err = %v, want an error naming the member", err)
			}
		},
	},
	{
		// A line without a line break (500 MB in the series;
		// scaled to 128 MiB).
		name: "no-line-break",
		make: func(t *testing.T, dir string) string {
			return writeTable(t, dir, func(w *bufio.Writer) {
				w.WriteString(estabHeader)
				chunk := strings.Repeat("C", 1<<20)
				for range 128 {
					w.WriteString(chunk)
				}
			})
		},
		check: wantRecordLimit(2, 0, false),
	},
	{
		// A legitimate big member is streamed: a ZIP whose
		// tbEstabelecimento holds 1 million rows (57 MB inflated), loaded
		// keeping one establishment.
		name: "zip-big-member-filtered",
		make: func(t *testing.T, dir string) string {
			return writeZip(t, dir, "BASE_DE_DADOS_CNES_202601.ZIP", func(w io.Writer) {
				bw := bufio.NewWriterSize(w, 1<<16)
				bw.WriteString(estabHeader)
				for i := range 1_000_000 {
					fmt.Fprintf(bw, `"530010%07d";"%07d";"3";"";"";"53";"530010";"M";""`+"\n", i, i)
				}
				bw.Flush()
			})
		},
		opts: &cnes.LoadOptions{CNES: []cnes.Code{cnes.MustParseCode("0000042")}},
		check: func(t *testing.T, s *cnes.Snapshot, err error) {
			if err != nil || s.Counts().Estabelecimentos != 1 || s.Stats()[0].Rows != 1_000_000 {
				t.Errorf("err %v, counts %+v", err, s.Counts())
			}
		},
	},
}

// TestHostileInputs loads every hostile input in a child process and
// checks its outcome, time and peak RSS.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("writes up to 256 MiB of temporary files")
	}
	if raceEnabled {
		t.Skip("time and memory bounds do not apply under the race detector")
	}
	for _, h := range hostiles {
		t.Run(h.name, func(t *testing.T) {
			dir := t.TempDir()
			path := h.make(t, dir)
			start := time.Now()
			cmd := exec.Command(os.Args[0], "-test.run=^TestHostileChild$", "-test.v")
			cmd.Env = append(os.Environ(), "CNES_HOSTILE="+h.name, "CNES_HOSTILE_PATH="+path)
			out, err := cmd.CombinedOutput()
			elapsed := time.Since(start)
			if err != nil || !strings.Contains(string(out), "--- PASS: TestHostileChild") {
				t.Fatalf("child: %v\n%s", err, out)
			}
			rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10
			t.Logf("peak RSS %.1f MB, %.2f s: %s", float64(rss)/1e6, elapsed.Seconds(), childLine(out))
			if rss > hostileRSSMax {
				t.Errorf("peak RSS %d MB, want < %d MB", rss>>20, hostileRSSMax>>20)
			}
			if elapsed > hostileTimeMax {
				t.Errorf("took %v, want < %v", elapsed, hostileTimeMax)
			}
		})
	}
}

// TestHostileChild is the child of TestHostileInputs: it loads one input
// and checks the outcome.
func TestHostileChild(t *testing.T) {
	name := os.Getenv("CNES_HOSTILE")
	if name == "" {
		t.Skip("run by TestHostileInputs")
	}
	for _, h := range hostiles {
		if h.name == name {
			done := make(chan struct{})
			var s *cnes.Snapshot
			var err error
			go func() {
				s, err = cnes.Open(os.Getenv("CNES_HOSTILE_PATH"), h.opts)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(hostileTimeMax):
				t.Fatalf("load still running after %v", hostileTimeMax)
			}
			t.Logf("RESULT %v", err)
			h.check(t, s, err)
			return
		}
	}
	t.Fatalf("no hostile input %q", name)
}

func childLine(out []byte) string {
	for _, l := range strings.Split(string(out), "\n") {
		if i := strings.Index(l, "RESULT "); i >= 0 {
			return l[i+len("RESULT "):]
		}
	}
	return ""
}

// wantRecordLimit checks an ErrRecordTooLong at line, column (of the
// opening quote when quote), naming the file and the limit.
func wantRecordLimit(line, col int, quote bool) func(*testing.T, *cnes.Snapshot, error) {
	return func(t *testing.T, _ *cnes.Snapshot, err error) {
		var pe *cnes.ParseError
		var le *cnes.LimitError
		if !errors.Is(err, cnes.ErrRecordTooLong) || !errors.As(err, &pe) || !errors.As(err, &le) {
			t.Fatalf("err = %v, want ErrRecordTooLong in a *ParseError", err)
		}
		msg := err.Error()
		if pe.Line != line || pe.StartLine != line || pe.Column != col || le.Quote != quote || errors.Is(err, cnes.ErrUnclosedQuote) != quote ||
			!strings.Contains(msg, "tbEstabelecimento202601.csv") || !strings.Contains(msg, "1 MiB (LoadOptions.MaxRecordBytes)") {
			t.Errorf("err = %v (%+v), want line %d, column %d, quote %v, naming the file and the limit", err, pe, line, col, quote)
		}
	}
}

func wantNotRegular(file string) func(*testing.T, *cnes.Snapshot, error) {
	return func(t *testing.T, _ *cnes.Snapshot, err error) {
		if !errors.Is(err, cnes.ErrNotRegular) || !strings.Contains(err.Error(), file) || strings.Count(err.Error(), "cnes: ") != 1 {
			t.Errorf("err = %v, want ErrNotRegular naming %s", err, file)
		}
	}
}

// writeTable streams a tbEstabelecimento202601.csv into dir and returns
// dir.
func writeTable(t *testing.T, dir string, write func(*bufio.Writer)) string {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "tbEstabelecimento202601.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	write(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeZip streams a ZIP whose one member, tbEstabelecimento202601.csv,
// is written by write (deflated at the fastest level).
func writeZip(t *testing.T, dir, name string, write func(io.Writer)) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, err := zw.Create("tbEstabelecimento202601.csv")
	if err != nil {
		t.Fatal(err)
	}
	write(w)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

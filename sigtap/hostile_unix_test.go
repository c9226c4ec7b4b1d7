//go:build unix

package sigtap_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-sus/sus/sigtap"
)

// TestFIFORefused: a FIFO given as a table file, or as the release ZIP,
// is refused before reading instead of blocking the load forever.
func TestFIFORefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "TabelaUnificada_202512_v2601221256")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, f := range tinyFS(t) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	table := filepath.Join(dir, "tb_procedimento.txt")
	os.Remove(table)
	if err := syscall.Mkfifo(table, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	zipFIFO := filepath.Join(t.TempDir(), "TabelaUnificada_202512_v2601221256.zip")
	if err := syscall.Mkfifo(zipFIFO, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, tt := range []struct {
		name string
		load func() error
		file string
	}{
		{"table of a directory", func() error { _, err := sigtap.Open(dir, nil); return err }, table},
		{"table of a directory, as a set", func() error { _, err := sigtap.OpenSet(dir, nil); return err }, table},
		{"table of an fs.FS", func() error { _, err := sigtap.Load(os.DirFS(dir), nil); return err }, "tb_procedimento.txt"},
		{"release ZIP", func() error { _, err := sigtap.Open(zipFIFO, nil); return err }, zipFIFO},
		{"release ZIP in a folder", func() error { _, err := sigtap.OpenSet(filepath.Dir(zipFIFO), nil); return err }, zipFIFO},
	} {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { done <- tt.load() }()
			select {
			case err := <-done:
				var pe *sigtap.ParseError
				if !errors.Is(err, sigtap.ErrNotRegular) || !errors.As(err, &pe) || pe.File != tt.file {
					t.Errorf("err = %v, want ErrNotRegular about %s", err, tt.file)
				}
				if !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("message %q", err)
				}
			case <-time.After(hostileMaxTime):
				t.Fatal("the load blocked on the FIFO") // the goroutine stays blocked
			}
		})
	}
}

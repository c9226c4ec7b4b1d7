//go:build unix

package safeio

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestOpenRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Open(dir) = %v, want ErrNotRegular", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	if _, err := Open(fifo); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Open(fifo) = %v, want ErrNotRegular", err)
	}
	if _, err := OpenFS(os.DirFS(dir), "fifo"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("OpenFS(fifo) = %v, want ErrNotRegular", err)
	}
	reg := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(reg, []byte("ok"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(reg)
	if err != nil {
		t.Fatalf("Open(regular) = %v", err)
	}
	f.Close()
}

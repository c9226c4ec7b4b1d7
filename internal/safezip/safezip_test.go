package safezip

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
)

func build(t *testing.T, files map[string]string) *bytes.Reader {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, body)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}

func TestUnsafeNamesIgnored(t *testing.T) {
	r := build(t, map[string]string{"ok.txt": "a", "../evil.txt": "b", "dir/inner.txt": "c", "/abs.txt": "d"})
	a, err := New(r, r.Size(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Join(a.Names(), ",")
	if strings.Contains(names, "evil") || strings.Contains(names, "abs") {
		t.Errorf("unsafe names kept: %s", names)
	}
	if len(a.Skipped()) != 2 {
		t.Errorf("skipped = %v", a.Skipped())
	}
	b, err := fs.ReadFile(a, "dir/inner.txt")
	if err != nil || string(b) != "c" {
		t.Errorf("ReadFile = %q, %v", b, err)
	}
	if _, err := a.Open("missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	es, err := fs.ReadDir(a, ".")
	if err != nil || len(es) != 2 {
		t.Errorf("ReadDir = %v, %v", es, err)
	}
}

func TestEntryCap(t *testing.T) {
	big := strings.Repeat("0", 1<<20) // compresses to ~1 KB: a small bomb
	r := build(t, map[string]string{"bomb.txt": big, "small.txt": "x"})
	a, err := New(r, r.Size(), Limits{MaxEntry: 1 << 16})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(a, "bomb.txt"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("bomb: err = %v", err)
	}
	if b, err := fs.ReadFile(a, "small.txt"); err != nil || string(b) != "x" {
		t.Errorf("small: %q %v", b, err)
	}
}

func TestTotalCap(t *testing.T) {
	r := build(t, map[string]string{"a": strings.Repeat("a", 1000), "b": strings.Repeat("b", 1000)})
	a, _ := New(r, r.Size(), Limits{MaxTotal: 1500})
	_, err1 := fs.ReadFile(a, "a")
	_, err2 := fs.ReadFile(a, "b")
	if err1 != nil || !errors.Is(err2, ErrTooLarge) {
		t.Errorf("total cap: %v, %v", err1, err2)
	}
}

func TestNotAZip(t *testing.T) {
	if _, err := New(strings.NewReader("not a zip"), 9, Limits{}); err == nil {
		t.Error("garbage accepted")
	}
}

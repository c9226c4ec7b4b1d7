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

func TestEntries(t *testing.T) {
	r := build(t, map[string]string{"a.txt": "a", "b.txt": "b", "c.txt": "c"})
	if n, err := Entries(r, r.Size()); err != nil || n != 3 {
		t.Errorf("Entries = %d, %v; want 3", n, err)
	}
	// More than 65 535 entries: the count is in the ZIP64 end record.
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	const many = 70000
	for i := 0; i < many; i++ {
		if _, err := w.CreateHeader(&zip.FileHeader{Name: "e", Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	b := bytes.NewReader(buf.Bytes())
	if n, err := Entries(b, b.Size()); err != nil || n != many {
		t.Errorf("Entries(zip64) = %d, %v; want %d", n, err, many)
	}
	for _, bad := range []string{"", "PK nonsense", strings.Repeat("x", 100)} {
		if _, err := Entries(strings.NewReader(bad), int64(len(bad))); !errors.Is(err, zip.ErrFormat) {
			t.Errorf("Entries(%q) = %v", bad, err)
		}
	}
}

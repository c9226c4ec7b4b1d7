package safeio

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadAllLimit(t *testing.T) {
	b, err := ReadAll(strings.NewReader("12345"), 5)
	if err != nil || string(b) != "12345" {
		t.Fatalf("ReadAll at the limit = %q, %v", b, err)
	}
	_, err = ReadAll(bytes.NewReader(make([]byte, 6)), 5)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != 5 || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadAll over the limit = %v", err)
	}
	fsys := fstest.MapFS{"a.txt": {Data: make([]byte, 2048)}, "d": {Mode: fs.ModeDir}}
	if _, err := ReadFile(fsys, "a.txt", 1<<10); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "a.txt") || !strings.Contains(err.Error(), "1 KiB") {
		t.Errorf("ReadFile over the limit = %v", err)
	}
	if _, err := ReadFile(fsys, "d", 1<<10); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadFile(dir) = %v", err)
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{512: "512 B", 1 << 10: "1 KiB", 64 << 20: "64 MiB", 2 << 30: "2 GiB", 1500: "1500 B"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

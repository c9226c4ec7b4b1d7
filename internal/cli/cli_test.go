package cli

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	j := fs.Bool("json", false, "")
	k := fs.String("kind", "", "")
	pos, err := Parse(fs, []string{"a", "-json", "b", "-kind", "cpf", "-", "--", "-c"})
	if err != nil || !*j || *k != "cpf" || !slices.Equal(pos, []string{"a", "b", "-", "-c"}) {
		t.Errorf("pos %q json %v kind %q err %v", pos, *j, *k, err)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.txt")
	if err := WriteFileAtomic(name, func(w io.Writer) error { _, err := io.WriteString(w, "ok"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := WriteFileAtomic(name, func(w io.Writer) error { io.WriteString(w, "partial"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	b, _ := os.ReadFile(name)
	es, _ := os.ReadDir(dir)
	if string(b) != "ok" || len(es) != 1 {
		t.Errorf("content %q, %d entries: a failed write must leave the old file alone", b, len(es))
	}
}

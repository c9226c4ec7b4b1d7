package cnes

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files and generated fixtures")

// TestHeaderGolden binds the real header lines of docs/cnes.md §2.3
// (testdata/headers) and compares the binding with headers.golden, so that
// a header change in DATASUS — or in the loader — breaks one test loudly.
func TestHeaderGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/headers/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no header files: %v", err)
	}
	var b strings.Builder
	for _, f := range files {
		name := filepath.Base(f)
		tb, _, ok := tableFor(strings.SplitN(strings.TrimSuffix(name, ".txt"), "-", 2)[0] + ".csv")
		if !ok {
			t.Fatalf("%s: no table", name)
		}
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := newTableReader(name, tb, fh, false, 0)
		fh.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		fmt.Fprintf(&b, "%s (%s): %d columns\n", name, tb, tr.headerLen)
		for id, c := range tr.cols {
			kind := "optional"
			if c.required {
				kind = "required"
			}
			fmt.Fprintf(&b, "  %-30s %-8s column %d\n", c.name, kind, tr.idx[id]+1)
		}
		if ok, _ := tr.next(); ok {
			t.Errorf("%s: header file has rows", name)
		}
	}
	golden := filepath.Join("testdata", "headers.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if d := cmp.Diff(string(want), b.String()); d != "" {
		t.Errorf("header binding differs from %s (-want +got):\n%s", golden, d)
	}
}

// TestHeaderIsReal checks that the header the generator writes is the
// real 202602 header of each table.
func TestHeaderIsReal(t *testing.T) {
	for _, tb := range Tables() {
		name := tb.Name() + ".txt"
		if _, err := os.Stat(filepath.Join("testdata/headers", name)); err != nil {
			name = tb.Name() + "-202602.txt"
		}
		b, err := os.ReadFile(filepath.Join("testdata/headers", name))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, f := range strings.Split(strings.TrimSpace(string(b)), ";") {
			want = append(want, strings.Trim(f, `"`))
		}
		if d := cmp.Diff(want, tb.Header()); d != "" {
			t.Errorf("%s.Header() differs from %s (-want +got):\n%s", tb, name, d)
		}
	}
}

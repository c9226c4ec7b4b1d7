package cnes

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"
)

// loadBoth loads fsys inline and pipelined and returns both results.
func loadBoth(t *testing.T, fsys fstest.MapFS, opt LoadOptions) (sync, piped *Snapshot, errSync, errPiped error) {
	t.Helper()
	defer func(v int64) { pipeMinBytes = v }(pipeMinBytes)
	pipeMinBytes = 1 << 62
	sync, errSync = Load(fsys, opt)
	pipeMinBytes = 0
	piped, errPiped = Load(fsys, opt)
	return
}

func dirFS(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m[filepath.Base(f)] = &fstest.MapFile{Data: b}
	}
	return m
}

// TestPipelineSameAsInline checks that the pipelined reader (used for big
// files) gives the same snapshots, warnings and errors, with the same
// positions, as the inline one.
func TestPipelineSameAsInline(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	cases := map[string]fstest.MapFS{
		"demo":    dirFS(t, "../internal/demodata/cnes/202601"),
		"minimal": dirFS(t, "testdata/minimal"),
	}
	est, _ := os.ReadFile("testdata/malformed/latin1.csv")
	malformed, _ := filepath.Glob("testdata/malformed/*.csv")
	for _, f := range malformed {
		b, _ := os.ReadFile(f)
		m := fstest.MapFS{"tbEstabelecimento202601.csv": {Data: b}}
		if filepath.Base(f) == "bad-dates.tbEquipe.csv" {
			m = fstest.MapFS{"tbEstabelecimento202601.csv": {Data: est}, "tbEquipe202601.csv": {Data: b}}
		}
		cases[filepath.Base(f)] = m
	}
	for name, fsys := range cases {
		for _, opt := range []LoadOptions{{}, {Strict: true}, {CNES: []Code{MustParseCode("9990004")}}, {LazyQuotes: true}} {
			a, b, ea, eb := loadBoth(t, fsys, opt)
			if fmt.Sprint(ea) != fmt.Sprint(eb) {
				t.Errorf("%s %+v: errors differ:\n inline    %v\n pipelined %v", name, opt, ea, eb)
			}
			if a == nil || b == nil {
				continue
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s %+v: snapshots differ", name, opt)
			}
		}
	}
}

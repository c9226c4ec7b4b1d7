package cnes

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// loadBoth loads fsys inline and pipelined and returns both results.
func loadBoth(t *testing.T, fsys fstest.MapFS, opt *LoadOptions) (sync, piped *Snapshot, errSync, errPiped error) {
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
		"demo":    dirFS(t, "../remessa/remessatest/demo/cnes/202601"),
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
		for _, opt := range []*LoadOptions{nil, {Strict: true}, {CNES: []Code{MustParseCode("9990004")}}, {LazyQuotes: true}} {
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

// TestWideFile: a header of many thousand columns (within the line cap)
// must not make the pipeline reserve batches of records × columns.
func TestWideFile(t *testing.T) {
	defer func(v int64) { pipeMinBytes = v }(pipeMinBytes)
	pipeMinBytes = 0
	var h, r strings.Builder
	h.WriteString(`"CO_UNIDADE";"CO_CNES";"TP_PFPJ";"NU_CNPJ";"NU_CNPJ_MANTENEDORA";"CO_ESTADO_GESTOR";"CO_MUNICIPIO_GESTOR";"TP_GESTAO";"CO_MOTIVO_DESAB"`)
	r.WriteString(`"5300109990001";"9990001";"3";"";"";"53";"530010";"M";""`)
	for i := range 50000 {
		fmt.Fprintf(&h, `;"X%d"`, i)
		r.WriteString(`;""`)
	}
	data := h.String() + "\n" + r.String() + "\n"
	s, err := Load(fstest.MapFS{"tbEstabelecimento202601.csv": {Data: []byte(data)}}, nil)
	if err != nil || s.Counts().Estabelecimentos != 1 {
		t.Fatalf("wide file: %v", err)
	}
}

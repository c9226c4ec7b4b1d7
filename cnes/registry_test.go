package cnes_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/sigtap"
)

// generated returns the files and ZIP of the demo world of competência c.
func generated(t *testing.T, c string) (*cnestest.Fixture, []byte) {
	t.Helper()
	f, err := cnestest.Generate(cnestest.World(comp(t, c), 1))
	if err != nil {
		t.Fatal(err)
	}
	z, err := f.Zip()
	if err != nil {
		t.Fatal(err)
	}
	return f, z
}

// comp parses a competência (without sigtap's Must helper, renamed in
// v0.1).
func comp(t *testing.T, s string) sigtap.Competencia {
	t.Helper()
	c, err := sigtap.ParseCompetencia(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func competencias(r *cnes.Registry) string {
	var s []string
	for _, c := range r.Competencias() {
		s = append(s, c.String())
	}
	return strings.Join(s, " ")
}

// TestOpenRegistryExpansion: a folder of competência folders and ZIPs, a
// flat folder of several competências' CSV files, one competência folder
// and one ZIP all expand in the library.
func TestOpenRegistryExpansion(t *testing.T) {
	r, err := cnes.OpenRegistry(demo, nil)
	if err != nil || competencias(r) != "202512 202601" {
		t.Fatalf("OpenRegistry(%s): %v, %v", demo, competencias(r), err)
	}

	root := t.TempDir()
	f02, z02 := generated(t, "202602")
	os.WriteFile(filepath.Join(root, f02.ZipName()), z02, 0o644)
	f03, _ := generated(t, "202603")
	os.MkdirAll(filepath.Join(root, "extraidos", "202603"), 0o755)
	for n, b := range f03.Files {
		os.WriteFile(filepath.Join(root, "extraidos", "202603", n), b, 0o644)
	}
	os.WriteFile(filepath.Join(root, "LEIAME.txt"), []byte("ignored"), 0o644)
	os.WriteFile(filepath.Join(root, "TabelaUnificada_202602.zip"), zipOf(t, map[string][]byte{"tb_procedimento.txt": []byte("x")}), 0o644)
	r, err = cnes.OpenRegistry(root, nil)
	if err != nil || competencias(r) != "202602 202603" {
		t.Fatalf("mixed folder: %v, %v", competencias(r), err)
	}
	// Files without AAAAMM take the competência of their folder.
	os.MkdirAll(filepath.Join(root, "202604"), 0o755)
	f04, _ := generated(t, "202604")
	for n, b := range f04.Files {
		os.WriteFile(filepath.Join(root, "202604", strings.Replace(n, "202604", "", 1)), b, 0o644)
	}
	if r, err = cnes.OpenRegistry(root, nil); err != nil || competencias(r) != "202602 202603 202604" {
		t.Fatalf("undated files: %v, %v", competencias(r), err)
	}
	// One ZIP, one folder.
	if r, err = cnes.OpenRegistry(filepath.Join(root, f02.ZipName()), nil); err != nil || competencias(r) != "202602" {
		t.Errorf("one ZIP: %v, %v", competencias(r), err)
	}
	if r, err = cnes.OpenRegistry(filepath.Join(root, "extraidos", "202603"), nil); err != nil || competencias(r) != "202603" {
		t.Errorf("one folder: %v, %v", competencias(r), err)
	}
	// The same competência twice (a folder and a ZIP) is named.
	os.MkdirAll(filepath.Join(root, "extraidos", "202602"), 0o755)
	for n, b := range f02.Files {
		os.WriteFile(filepath.Join(root, "extraidos", "202602", n), b, 0o644)
	}
	_, err = cnes.OpenRegistry(root, nil)
	if !errors.Is(err, cnes.ErrDuplicateCompetencia) || !strings.Contains(err.Error(), f02.ZipName()) || !strings.Contains(err.Error(), "extraidos/202602") {
		t.Errorf("duplicate competência: %v", err)
	}
	// Nothing to load.
	if _, err := cnes.OpenRegistry(t.TempDir(), nil); !errors.Is(err, cnes.ErrMissingTable) {
		t.Errorf("empty folder: %v", err)
	}
}

// TestLoadRegistry: the same expansion on an fs.FS holding ZIPs and
// folders.
func TestLoadRegistry(t *testing.T) {
	f12, z12 := generated(t, "202512")
	f01, _ := generated(t, "202601")
	fsys := fstest.MapFS{"zips/" + f12.ZipName(): {Data: z12}}
	for n, b := range f01.Files {
		fsys["202601/"+n] = &fstest.MapFile{Data: b}
	}
	r, err := cnes.LoadRegistry(fsys, nil)
	if err != nil || competencias(r) != "202512 202601" {
		t.Fatalf("LoadRegistry: %v, %v", competencias(r), err)
	}
	for _, e := range f12.Expectations {
		if err := e.Verify(r.At(comp(t, "202512"))); err != nil {
			t.Error(err)
		}
	}
	// Options apply to every snapshot.
	r, err = cnes.LoadRegistry(fsys, &cnes.LoadOptions{CNES: []cnes.Code{cnes.MustParseCode("9990001")}})
	if err != nil || r.At(comp(t, "202512")).Counts().Estabelecimentos != 1 || r.At(comp(t, "202601")).Counts().Estabelecimentos != 1 {
		t.Errorf("filtered LoadRegistry: %v", err)
	}
	// A competência asked for that the files do not hold.
	if _, err := cnes.LoadRegistry(fsys, &cnes.LoadOptions{Competencia: comp(t, "202601")}); !errors.Is(err, cnes.ErrCompetencia) {
		t.Errorf("Competencia: %v", err)
	}
}

func TestMerge(t *testing.T) {
	a, _ := cnes.OpenRegistry(demo+"202512", nil)
	b, _ := cnes.OpenRegistry(demo, nil)
	if err := a.Merge(b); !errors.Is(err, cnes.ErrDuplicateCompetencia) || competencias(a) != "202512" {
		t.Errorf("Merge with an overlap: %v, %s (nothing must be added)", err, competencias(a))
	}
	c, _ := cnes.OpenRegistry(demo+"202601", nil)
	if err := a.Merge(c); err != nil || competencias(a) != "202512 202601" || a.Merge(nil) != nil {
		t.Errorf("Merge: %v, %s", err, competencias(a))
	}
	var empty cnes.Registry
	if err := empty.Merge(a); err != nil || competencias(&empty) != "202512 202601" {
		t.Errorf("Merge into a zero Registry: %v", err)
	}
}

// stopAfter is a context whose Err reports cancellation from its n-th
// call on: it stops a load in the middle of a file.
type stopAfter struct {
	context.Context
	n int
}

func (c *stopAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

func (c *stopAfter) Done() <-chan struct{} { return nil }

func TestContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := cnes.OpenContext(ctx, demo+"202601", nil)
	var pe *cnes.ParseError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &pe) || !strings.HasSuffix(pe.File, "tbEstabelecimento202601.csv") {
		t.Errorf("canceled before: %v", err)
	}
	if _, err := cnes.OpenRegistryContext(ctx, demo, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("OpenRegistryContext: %v", err)
	}
	_, z := generated(t, "202601")
	if _, err := cnes.LoadZipContext(ctx, bytes.NewReader(z), int64(len(z)), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadZipContext: %v", err)
	}
	if _, err := cnes.LoadRegistryContext(ctx, os.DirFS(demo), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadRegistryContext: %v", err)
	}

	// Within a file: every few thousand rows.
	var b strings.Builder
	b.WriteString(`"CO_UNIDADE";"CO_CNES";"TP_PFPJ";"NU_CNPJ";"NU_CNPJ_MANTENEDORA";"CO_ESTADO_GESTOR";"CO_MUNICIPIO_GESTOR";"TP_GESTAO";"CO_MOTIVO_DESAB"` + "\n")
	for i := range 20000 {
		b.WriteString(`"530010` + pad7(i) + `";"` + pad7(i) + `";"3";"";"";"53";"530010";"M";""` + "\n")
	}
	fsys := fstest.MapFS{"tbEstabelecimento202601.csv": {Data: []byte(b.String())}}
	start := time.Now()
	_, err = cnes.LoadContext(&stopAfter{Context: context.Background(), n: 2}, fsys, nil)
	if !errors.Is(err, context.Canceled) || !errors.As(err, &pe) || pe.File != "tbEstabelecimento202601.csv" || pe.Line < 4096 || pe.Line > 20000 {
		t.Errorf("canceled within the file: %v (%+v), after %v", err, pe, time.Since(start))
	}
}

func pad7(i int) string {
	n := []byte("0000000")
	for k := 6; k >= 0; k-- {
		n[k] = byte('0' + i%10)
		i /= 10
	}
	return string(n)
}

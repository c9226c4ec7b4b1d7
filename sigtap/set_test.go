package sigtap_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

func TestSetShared(t *testing.T) {
	sharedZip(t, zip202512)
	set, err := sigtap.OpenSet(sharedDir, &sigtap.LoadOptions{Descriptions: sigtap.SkipDescriptions})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(set.Competencias()); got != 4 {
		t.Fatalf("%d competências", got)
	}
	for _, c := range []string{"202510", "202511", "202512", "202601"} {
		r, ok := set.ForCompetencia(sigtap.MustParseCompetencia(c))
		if !ok || r.Competencia().String() != c {
			t.Errorf("ForCompetencia(%s) = %v, %v", c, r, ok)
		}
	}
	// 0701040025 gained 92 CBOs in 202512 (dentists, 2232xx among them).
	code, cbo := sigtap.MustParseCode("0701040025"), sigtap.MustParseCBO("223208")
	since, ok := set.Since(func(r *sigtap.Release) sigtap.Answer { return r.AllowsCBO(code, cbo) })
	if !ok || since.String() != "202512" {
		t.Errorf("CBO 223208 for 0701040025 since %v (%v)", since, ok)
	}
	// RIVASTIGMINA's minimum age went from 480 to 216 months in 202512.
	riva := sigtap.MustParseCode("0604130066")
	old := set.Periods(func(r *sigtap.Release) sigtap.Answer {
		p, ok := r.Procedure(riva)
		if !ok {
			return sigtap.Unknown
		}
		if p.MinAge == 480 {
			return sigtap.Yes
		}
		return sigtap.No
	})
	if len(old) != 1 || old[0].String() != "202510–202511" {
		t.Errorf("min age 480 periods %v", old)
	}
}

func TestSetGenerations(t *testing.T) {
	a, err := sigtap.Open(tiny, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The same files as a later generation of 202512.
	b, err := sigtap.Load(tinyFS(t), &sigtap.LoadOptions{Name: "TabelaUnificada_202512_v2602261637"})
	if err != nil {
		t.Fatal(err)
	}
	set := sigtap.NewSet(b, a)
	dec := sigtap.MustParseCompetencia("202512")
	if r, _ := set.ForCompetencia(dec); r != b {
		t.Errorf("newest generation not chosen: %s", r.Name())
	}
	if err := set.Pin(dec, a.Generation()); err != nil {
		t.Fatal(err)
	}
	if r, _ := set.ForCompetencia(dec); r != a {
		t.Errorf("pinned generation not chosen: %s", r.Name())
	}
	if err := set.Pin(dec, sigtap.MustParseGeneration("v2501010000")); err == nil {
		t.Error("pinning a missing generation succeeded")
	}
	if g := set.Generations(dec); len(g) != 2 || g[0] != a {
		t.Errorf("Generations = %v", g)
	}
	set.Add(a) // same identity: replaces, does not duplicate
	if len(set.Generations(dec)) != 2 {
		t.Error("Add duplicated a generation")
	}
}

func TestSetDemoWorld(t *testing.T) {
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Competencias(); len(got) != 2 || got[0].String() != "202512" || got[1].String() != "202601" {
		t.Fatalf("competências %v", got)
	}
	r, _ := set.ForCompetencia(sigtap.MustParseCompetencia("202601"))
	if n := len(r.Procedures()); n != 20 {
		t.Errorf("%d procedures in the demo world", n)
	}
	p, _ := r.Procedure(sigtap.MustParseCode("0207010064"))
	if !p.ValueSA.Equal(decimal.RequireFromString("268.75")) || p.MaxQuantity != 1 {
		t.Errorf("0207010064: %+v", p)
	}
	if r.AllowsInstrument(sigtap.MustParseCode("0901010014"), sigtap.RegistroBPAI) != sigtap.No {
		t.Error("OCI allowed in BPA-I")
	}
	if r.HasDetalhe(sigtap.MustParseCode("0203020030"), sigtap.DetalheExigeCID) != sigtap.Yes {
		t.Error("0203020030 lacks atributo 048")
	}
}

// copyDir copies the files of the release directory src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	des, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range des {
		b, err := os.ReadFile(filepath.Join(src, d.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, d.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeReleaseZip writes the release directory src as the ZIP dst.
func writeReleaseZip(t *testing.T, src, dst string) {
	t.Helper()
	r, err := sigtap.Open(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WriteFile(dst); err != nil {
		t.Fatal(err)
	}
}

// TestOpenSetExpansion: OpenSet takes a release ZIP, a release directory
// or a folder of both (named or competência subfolders), keeping the
// newest generation of each competência.
func TestOpenSetExpansion(t *testing.T) {
	td := func(name string) string { return filepath.Join("testdata", name) }
	dir := t.TempDir()
	// 202510 as a ZIP, 202511 as a competência subfolder (no release
	// name), 202512 in two generations (an old ZIP, a newer folder),
	// 202601 both as a ZIP and as its extracted folder; plus noise.
	writeReleaseZip(t, td("TabelaUnificada_202510_v2510160954"), filepath.Join(dir, "TabelaUnificada_202510_v2510160954.zip"))
	copyDir(t, td("TabelaUnificada_202511_v2511111519"), filepath.Join(dir, "202511"))
	writeReleaseZip(t, td("TabelaUnificada_202512_v2601221256"), filepath.Join(dir, "TabelaUnificada_202512_v2601161858.zip"))
	copyDir(t, td("TabelaUnificada_202512_v2601221256"), filepath.Join(dir, "TabelaUnificada_202512_v2601221256"))
	writeReleaseZip(t, td("TabelaUnificada_202601_v2601221740"), filepath.Join(dir, "TabelaUnificada_202601_v2601221740.zip"))
	copyDir(t, td("TabelaUnificada_202601_v2601221740"), filepath.Join(dir, "TabelaUnificada_202601_v2601221740"))
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("notes"), 0o644)
	os.Mkdir(filepath.Join(dir, "notastecnicas"), 0o755)
	os.WriteFile(filepath.Join(dir, "BASE_DE_DADOS_CNES_202512.zip"), zipOf(t, map[string][]byte{"tbEstabelecimento202512.csv": []byte("x")}), 0o644)

	set, err := sigtap.OpenSet(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range set.Competencias() {
		for _, r := range set.Generations(c) {
			got = append(got, r.Name())
		}
	}
	want := "TabelaUnificada_202510_v2510160954 TabelaUnificada_202511 TabelaUnificada_202512_v2601221256 TabelaUnificada_202601_v2601221740"
	if strings.Join(got, " ") != want {
		t.Errorf("OpenSet(folder) = %v, want %s", got, want)
	}
	all, err := sigtap.OpenSet(dir, &sigtap.LoadOptions{AllGenerations: true})
	if err != nil {
		t.Fatal(err)
	}
	if g := all.Generations(sigtap.MustParseCompetencia("202512")); len(g) != 2 || g[0].Generation().String() != "v2601161858" {
		t.Errorf("AllGenerations: %v", g)
	}
	// A single release, as a ZIP or as a directory, is a set of one.
	for _, p := range []string{filepath.Join(dir, "TabelaUnificada_202510_v2510160954.zip"), filepath.Join(dir, "202511"), tiny} {
		s, err := sigtap.OpenSet(p, nil)
		if err != nil || len(s.Competencias()) != 1 {
			t.Errorf("OpenSet(%s) = %v, %v", p, s, err)
		}
	}
	// LoadSet is the same expansion on an fs.FS.
	fset, err := sigtap.LoadSet(os.DirFS(dir), nil)
	if err != nil || len(fset.Competencias()) != 4 {
		t.Errorf("LoadSet(folder) = %v, %v", fset, err)
	}
	// Nothing to load, and a broken release in the folder.
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "README.md"), []byte("notes"), 0o644)
	if _, err := sigtap.OpenSet(empty, nil); !errors.Is(err, sigtap.ErrNoRelease) || !strings.Contains(err.Error(), empty) {
		t.Errorf("empty folder: %v", err)
	}
	if _, err := sigtap.OpenSet(filepath.Join(empty, "nope"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing path: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "TabelaUnificada_202602_v2602261637.zip"), []byte("not a zip"), 0o644)
	_, err = sigtap.OpenSet(dir, nil)
	var pe *sigtap.ParseError
	if !errors.As(err, &pe) || pe.File != filepath.Join(dir, "TabelaUnificada_202602_v2602261637.zip") {
		t.Errorf("broken ZIP in the folder: %v", err)
	}
}

func TestSetMerge(t *testing.T) {
	a, err := sigtap.Open(tiny, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sigtap.Load(tinyFS(t), &sigtap.LoadOptions{Name: "TabelaUnificada_202512_v2602261637"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := sigtap.Open("testdata/TabelaUnificada_202601_v2601221740", nil)
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := sigtap.NewSet(a), sigtap.NewSet(b, c)
	dec := sigtap.MustParseCompetencia("202512")
	if err := s2.Pin(dec, b.Generation()); err != nil {
		t.Fatal(err)
	}
	s1.Merge(s2)
	s1.Merge(nil)
	if got := s1.Competencias(); len(got) != 2 || len(s1.Generations(dec)) != 2 {
		t.Errorf("merged: %v, %d generations of 202512", got, len(s1.Generations(dec)))
	}
	if r, _ := s1.ForCompetencia(dec); r != b {
		t.Errorf("pin not taken over: %s", r.Name())
	}
}

package cnestest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/sigtap"
)

var c202601 = sigtap.MustParseCompetencia("202601")

func TestDeterministic(t *testing.T) {
	a, err := cnestest.Generate(cnestest.World(c202601, 42))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := cnestest.Generate(cnestest.World(c202601, 42))
	c, _ := cnestest.Generate(cnestest.World(c202601, 43))
	for n := range a.Files {
		if !bytes.Equal(a.Files[n], b.Files[n]) {
			t.Errorf("%s differs between two runs with the same seed", n)
		}
	}
	if bytes.Equal(a.Files["tbDadosProfissionalSus202601.csv"], c.Files["tbDadosProfissionalSus202601.csv"]) {
		t.Error("another seed gives the same professionals")
	}
	// The same seed gives the same identifiers in another competência.
	d, _ := cnestest.Generate(cnestest.World(sigtap.MustParseCompetencia("202512"), 42))
	if !bytes.Equal(a.Files["tbDadosProfissionalSus202601.csv"][:200], d.Files["tbDadosProfissionalSus202512.csv"][:200]) {
		t.Error("identifiers differ between competências")
	}
}

// TestFormat checks the real dialect: every field quoted, ';', Latin-1,
// LF (or CRLF), real header first.
func TestFormat(t *testing.T) {
	for _, crlf := range []bool{false, true} {
		cfg := cnestest.World(c202601, 1)
		cfg.CRLF = crlf
		f, err := cnestest.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range cnes.Tables() {
			data := f.Files[tb.Name()+"202601.csv"]
			eol := "\n"
			if crlf {
				eol = "\r\n"
			}
			lines := strings.Split(strings.TrimSuffix(string(data), eol), eol)
			want := `"` + strings.Join(tb.Header(), `";"`) + `"`
			if lines[0] != want {
				t.Errorf("%s header = %s", tb, lines[0])
			}
			for i, l := range lines {
				if strings.Contains(l, "\r") || strings.Count(l, `";"`) != len(tb.Header())-1 || l[0] != '"' || l[len(l)-1] != '"' {
					t.Fatalf("%s line %d not in the dialect: %q", tb, i+1, l)
				}
			}
			if len(lines)-1 != f.Rows(tb) {
				t.Errorf("%s: %d lines, Rows %d", tb, len(lines)-1, f.Rows(tb))
			}
		}
		if !bytes.Contains(f.Files["tbEstabelecimento202601.csv"], []byte("UNIDADE B\xc1SICA DE SA\xdaDE TESTE")) {
			t.Error("names are not written in Latin-1")
		}
	}
}

func TestPlanErrors(t *testing.T) {
	cfg := cnestest.World(c202601, 1)
	cfg.Estabs[2].Procedures = []string{"0207010064"} // MRI needs CBO 225320, absent from 9990003
	if _, err := cnestest.Generate(cfg); err == nil || !strings.Contains(err.Error(), "0207010064") {
		t.Errorf("unserved procedure: %v", err)
	}
	cfg = cnestest.World(c202601, 1)
	cfg.Estabs[0].Procedures = []string{"9999999999"}
	if _, err := cnestest.Generate(cfg); err == nil {
		t.Error("procedure outside the plan accepted")
	}
	cfg = cnestest.World(c202601, 1)
	cfg.Estabs[0].Name = "CLÍNICA ☃"
	if _, err := cnestest.Generate(cfg); err == nil {
		t.Error("a name outside Latin-1 was accepted")
	}
	cfg = cnestest.World(c202601, 1)
	cfg.Expect = append(cfg.Expect, cnestest.Expect{Check: cnes.C4, CNES: "9990001", Prof: "P99"})
	if _, err := cnestest.Generate(cfg); err == nil {
		t.Error("unknown professional accepted")
	}
	if _, err := cnestest.Generate(cnestest.Config{}); err == nil {
		t.Error("Config without competência accepted")
	}
}

func TestBulk(t *testing.T) {
	cfg := cnestest.World(c202601, 1)
	cfg.Bulk = cnestest.Bulk{Estabs: 200, VinculosPerEstab: 10}
	f, err := cnestest.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s, err := cnes.Load(f.FS(), cnes.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := s.Counts()
	if c.Estabelecimentos != 207 || c.Vinculos != 22+2000 || c.Equipes != 3+50 || s.WarningCount() != 0 {
		t.Errorf("counts %+v, warnings %v", c, s.Warnings())
	}
	for _, e := range f.Expectations {
		if err := e.Verify(s); err != nil {
			t.Error(err)
		}
	}
	// Every bulk vínculo is under a CBO of the plan.
	cbos := map[string]bool{}
	for _, p := range cnestest.WorldPlan() {
		for _, c := range p.CBOs {
			cbos[c] = true
		}
	}
	for _, v := range s.VinculosDe(cnes.MustParseCode("1000001")) {
		if !cbos[v.CBO.String()] {
			t.Errorf("bulk CBO %s is not in the plan", v.CBO)
		}
	}
}

func TestWriteAndRead(t *testing.T) {
	f, err := cnestest.Generate(cnestest.World(c202601, 1))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := f.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	exp, err := cnestest.ReadFixture(os.DirFS(dir), "FIXTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(exp) != len(f.Expectations) {
		t.Fatalf("read %d expectations, generated %d", len(exp), len(f.Expectations))
	}
	for i := range exp {
		if exp[i] != f.Expectations[i] {
			t.Errorf("row %d: read %+v, generated %+v", i+1, exp[i], f.Expectations[i])
		}
	}
	if _, err := cnestest.ReadFixture(os.DirFS(dir), "tbEquipe202601.csv"); err == nil {
		t.Error("ReadFixture accepted a CSV")
	}
	// A wrong expectation is reported.
	s, _ := cnes.Load(f.FS(), cnes.LoadOptions{})
	e := exp[0]
	e.Want = cnes.Fail
	if err := e.Verify(s); err == nil {
		t.Error("Verify accepted a wrong expectation")
	}
}

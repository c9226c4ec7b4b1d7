package sigtap_test

import (
	"testing"

	"github.com/go-sus/sus/internal/demodata"
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
	set, err := sigtap.LoadSet(demodata.SIGTAP(), nil)
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

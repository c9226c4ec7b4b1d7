package remessatest_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

// TestPlanDemo checks the plan of the demo world's 20 procedures: which
// are in, which are out and why, and what a line of each needs.
func TestPlanDemo(t *testing.T) {
	rel := openDemo(t)
	plan, err := remessatest.NewPlan(rel, nil)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, p := range plan.Procedures {
		codes = append(codes, p.Code.String())
	}
	want := []string{"0101020058", "0201010607", "0202010473", "0202020550", "0202030024", "0203020030",
		"0204030188", "0207010030", "0207010064", "0207030057", "0214010015", "0301010048", "0301010072",
		"0301100039", "0301130019", "0501040064", "0701010185"}
	if !slices.Equal(codes, want) {
		t.Errorf("plan\n%v\nwant\n%v", codes, want)
	}
	// BPA-C or APAC only procedures are simply not BPA-I; 0401020150 needs
	// a 38.xx habilitação (Agora Tem Especialistas) only.
	if len(plan.Skipped) != 1 || plan.Skipped[0].Code.String() != "0401020150" {
		t.Errorf("skipped %v", plan.Skipped)
	}
	get := func(code string) *remessatest.Procedure {
		for i := range plan.Procedures {
			if plan.Procedures[i].Code.String() == code {
				return &plan.Procedures[i]
			}
		}
		t.Fatalf("%s not in the plan", code)
		return nil
	}
	tests := []struct {
		code         string
		cpf, fornec  bool
		servicos     int
		habilitacoes []sigtap.Habilitacao
		cids         bool
	}{
		{code: "0301010072", cpf: true},                             // atributo 058
		{code: "0201010607", cpf: true, cids: true},                 // 058, CIDs
		{code: "0701010185", fornec: true, servicos: 3, cids: true}, // 037
		{code: "0203020030", servicos: 1, cids: true},               // 048
		{code: "0202030024", servicos: 1, habilitacoes: []sigtap.Habilitacao{1102}, cids: true},
		{code: "0301130019", habilitacoes: []sigtap.Habilitacao{801, 803}, cids: true}, // a group: all of it
		{code: "0207010064", servicos: 2},
	}
	for _, tt := range tests {
		p := get(tt.code)
		if p.CPF != tt.cpf || p.Fornecedor != tt.fornec || len(p.Servicos) != tt.servicos ||
			!slices.Equal(p.Habilitacoes, tt.habilitacoes) || (len(p.CIDs) > 0) != tt.cids {
			t.Errorf("%s: CPF %v, fornecedor %v, %d serviços, habilitações %v, %d CIDs; want %+v",
				tt.code, p.CPF, p.Fornecedor, len(p.Servicos), p.Habilitacoes, len(p.CIDs), tt)
		}
		if len(p.CBOs) == 0 && !p.AnyCBO {
			t.Errorf("%s: no CBO", tt.code)
		}
	}
	if p := get("0207030057"); p.Sex != sigtap.SexMale {
		t.Errorf("0207030057 sex %v", p.Sex)
	}
}

func TestPlanOptions(t *testing.T) {
	rel := openDemo(t)
	plan, err := remessatest.NewPlan(rel, &remessatest.PlanOptions{NoHabilitacoes: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plan.Procedures {
		if len(p.Habilitacoes) > 0 {
			t.Errorf("NoHabilitacoes kept %s %v", p.Code, p.Habilitacoes)
		}
	}
	if len(plan.Procedures) != 14 {
		t.Errorf("%d procedures without habilitação, want 14", len(plan.Procedures))
	}

	plan, err = remessatest.NewPlan(rel, &remessatest.PlanOptions{MaxProcedures: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Procedures) != 4 {
		t.Errorf("MaxProcedures 4 kept %d", len(plan.Procedures))
	}

	codes := []sigtap.Code{sigtap.MustParseCode("0207010064"), sigtap.MustParseCode("0102010056"), sigtap.MustParseCode("0204030188")}
	plan, err = remessatest.NewPlan(rel, &remessatest.PlanOptions{Codes: codes})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Procedures) != 2 || len(plan.Skipped) != 1 || plan.Skipped[0].Reason != "not allowed in BPA-I" {
		t.Errorf("Codes: %d procedures, skipped %v", len(plan.Procedures), plan.Skipped)
	}
	_, err = remessatest.NewPlan(rel, &remessatest.PlanOptions{Codes: codes[1:2]})
	if !errors.Is(err, remessatest.ErrEmptyPlan) {
		t.Errorf("a plan of a BPA-C procedure: %v, want ErrEmptyPlan", err)
	}
}

// TestPlanShared checks the plan of the full 202512 release: almost every
// BPA-I procedure (1 846) is in, and those left out say why.
func TestPlanShared(t *testing.T) {
	rel := openShared(t)
	plan, err := remessatest.NewPlan(rel, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(plan.Procedures) + len(plan.Skipped); n != 1846 {
		t.Errorf("%d procedures planned or skipped, want the 1 846 BPA-I ones", n)
	}
	reasons := map[string]int{}
	for _, s := range plan.Skipped {
		reasons[s.Reason]++
	}
	want := map[string]int{"no CBO row and no atributo 021": 24, "requires programme habilitações only (38.xx, 04.03–04.05)": 18}
	for r, n := range want {
		if reasons[r] != n {
			t.Errorf("skipped for %q: %d, want %d", r, reasons[r], n)
		}
	}
	if len(reasons) != len(want) {
		t.Errorf("skip reasons %v", reasons)
	}
	for _, p := range plan.Procedures {
		if rel.AllowsInstrument(p.Code, sigtap.RegistroBPAI) != sigtap.Yes || rel.HasDetalhe(p.Code, sigtap.DetalheExigeAutorizacao) == sigtap.Yes {
			t.Errorf("%s is not a plain BPA-I procedure", p.Code)
		}
		if h, _ := rel.Habilitacoes(p.Code); h.Required() != (len(p.Habilitacoes) > 0) || !h.SatisfiedBy(p.Habilitacoes) {
			t.Errorf("%s: habilitações %v do not meet %+v", p.Code, p.Habilitacoes, h)
		}
		for _, c := range p.CIDs {
			if rel.AllowsCID(p.Code, c) != sigtap.Yes {
				t.Errorf("%s: CID %s not allowed", p.Code, c)
			}
		}
	}
}

package remessatest_test

import (
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// TestRegistry checks that the registry serves what its establishments
// offer: every vínculo is a SUS vínculo under its CBO (C4, C5), every
// offered procedure has a vínculo allowed to perform it, its
// serviço/classificação (C8) and habilitação (C9); workloads pass C11.
func TestRegistry(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *sigtap.Release{"demo": openDemo, "shared": openShared} {
		t.Run(name, func(t *testing.T) {
			rel := open(t)
			reg := registry(t, rel, 40, 3)
			plan, s := reg.Plan, reg.Snapshot
			// 40 establishments have about 260 vínculos: reg.FS keeps
			// cnes.Load's size reservation (which panics there) out.
			again, err := cnes.Load(reg.FS(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if s.Filtered() || again.Counts() != s.Counts() || s.WarningCount() != 0 {
				t.Errorf("snapshot %+v (filtered %v), loaded again %+v", s.Counts(), s.Filtered(), again.Counts())
			}
			offered := map[sigtap.Code]bool{}
			profs := map[cns.CNS]bool{}
			for _, e := range reg.Estabs {
				if r := s.CheckAtivo(e.CNES); r.Outcome != cnes.OK {
					t.Errorf("%v", r)
				}
				if e.CNPJ.Check() != nil {
					t.Errorf("%s: CNPJ %s", e.CNES, e.CNPJ.Masked())
				}
				for _, h := range e.Habilitacoes {
					if r := s.CheckHabilitacao(e.CNES, h); r.Outcome != cnes.OK {
						t.Errorf("%v", r)
					}
				}
				served := make([]bool, len(e.Procedures))
				for _, v := range e.Vinculos {
					profs[v.CNS] = true
					if v.CNS.Check() != nil {
						t.Errorf("%s: invalid CNS %s", e.CNES, v.CNS.Masked())
					}
					if r := s.CheckCBO(e.CNES, v.CNS, v.CBO); r.Outcome != cnes.OK {
						t.Errorf("%v", r)
					}
					if r := s.CheckCargaHoraria(v.CNS); r.Outcome != cnes.OK {
						t.Errorf("%v", r)
					}
					for _, j := range v.Procedures {
						served[j] = true
						if rel.AllowsCBO(e.Procedures[j].Code, v.CBO) != sigtap.Yes {
							t.Errorf("%s: %s may not perform %s", e.CNES, v.CBO, e.Procedures[j].Code)
						}
					}
					for _, j := range v.Others {
						if rel.AllowsCBO(e.Procedures[j].Code, v.CBO) != sigtap.No {
							t.Errorf("%s: %s listed as not allowed for %s", e.CNES, v.CBO, e.Procedures[j].Code)
						}
					}
				}
				for j, p := range e.Procedures {
					offered[p.Code] = true
					if !served[j] {
						t.Errorf("%s: nobody performs %s", e.CNES, p.Code)
					}
					if sc := e.Servicos[j]; len(p.Servicos) > 0 {
						if rel.AllowsServico(p.Code, sc) != sigtap.Yes {
							t.Errorf("%s: %s registered for %s", e.CNES, sc, p.Code)
						}
						if r := s.CheckServClass(e.CNES, sc); r.Outcome != cnes.OK {
							t.Errorf("%v", r)
						}
					}
					if len(p.Habilitacoes) > 0 && !(sigtap.Habilitacoes{Groups: []sigtap.HabilitacaoGroup{{All: p.Habilitacoes}}}).SatisfiedBy(e.Habilitacoes) {
						t.Errorf("%s: offers %s without %v", e.CNES, p.Code, p.Habilitacoes)
					}
				}
			}
			if name == "demo" && len(offered) != len(plan.Procedures) {
				t.Errorf("%d of the %d procedures offered", len(offered), len(plan.Procedures))
			}
			t.Logf("%d establishments, %d professionals, %d procedures offered, %+v", len(reg.Estabs), len(profs), len(offered), s.Counts())
		})
	}
}

// TestRegistryCoverage checks that 500 establishments offer every
// procedure of the full release.
func TestRegistryCoverage(t *testing.T) {
	reg := registry(t, openShared(t), 500, 1)
	offered := map[sigtap.Code]bool{}
	for _, e := range reg.Estabs {
		for _, p := range e.Procedures {
			offered[p.Code] = true
		}
	}
	if len(offered) != len(reg.Plan.Procedures) {
		t.Errorf("%d of the %d procedures offered", len(offered), len(reg.Plan.Procedures))
	}
}

package cnestest

import (
	"fmt"
	"strconv"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
)

func (g *gen) bulkVinculos() int {
	if g.cfg.Bulk.VinculosPerEstab <= 0 {
		return 30
	}
	return g.cfg.Bulk.VinculosPerEstab
}

type bulkProf struct {
	id  cnes.ProfID
	cns cns.CNS
}

// writeBulk appends Bulk.Estabs random establishments drawn from the plan:
// each serves one to four procedures (with CBOs), has about
// VinculosPerEstab vínculos under their CBOs (half of them with
// professionals who already work elsewhere), their first serviço/
// classificação and habilitação, and every fourth one an eSF team.
func (g *gen) writeBulk() {
	var procs []Procedure
	for _, p := range g.cfg.Plan {
		if len(p.CBOs) > 0 {
			procs = append(procs, p)
		}
	}
	if len(procs) == 0 {
		g.w[cnes.TableEstabelecimento].fail(fmt.Errorf("cnestest: bulk generation needs a plan with CBOs"))
		return
	}
	r := g.r
	muns := []struct{ uf, mun string }{{g.cfg.UF, g.cfg.Municipio}, {"52", "520870"}, {"35", "355030"}}
	var pool []bulkProf
	ew, ch := g.w[cnes.TableEstabelecimento], g.w[cnes.TableCargaHoraria]
	sw, hw := g.w[cnes.TableServClass], g.w[cnes.TableSipac]
	tw, mw, pw := g.w[cnes.TableEquipe], g.w[cnes.TableEquipeProf], g.w[cnes.TableProfissional]
	nv := g.bulkVinculos()
	for i := range g.cfg.Bulk.Estabs {
		code := strconv.Itoa(1000001 + i)
		m := muns[i%len(muns)]
		unidade := m.mun + code
		cnpj := cnes.RandomCNPJ(r)
		ew.set("CO_UNIDADE", unidade)
		ew.set("CO_CNES", code)
		ew.set("TP_PFPJ", "3")
		ew.set("NIVEL_DEP", "1")
		ew.set("NO_RAZAO_SOCIAL", "ESTABELECIMENTO BULK "+code)
		ew.set("NO_FANTASIA", "ESTABELECIMENTO BULK "+code)
		ew.set("NU_CNPJ", cnpj.String())
		ew.set("CO_ESTADO_GESTOR", m.uf)
		ew.set("CO_MUNICIPIO_GESTOR", m.mun)
		ew.set("DT_ATUALIZACAO", g.updated())
		ew.set("TP_GESTAO", "M")
		ew.end()
		var mine []Procedure
		for range 1 + r.IntN(4) {
			mine = append(mine, procs[r.IntN(len(procs))])
		}
		seenSC, seenHab := map[string]bool{}, map[string]bool{}
		for _, p := range mine {
			if len(p.ServClass) > 0 && !seenSC[p.ServClass[0]] {
				seenSC[p.ServClass[0]] = true
				sc := mustServClass(p.ServClass[0])
				g.servRow(sw, unidade, sc.Servico.String(), sc.Classificacao.String(), "1", "", "1")
			}
			if len(p.Habs) > 0 && !seenHab[p.Habs[0]] {
				seenHab[p.Habs[0]] = true
				g.habRow(hw, unidade, p.Habs[0], "201901", "", "H")
			}
		}
		var staff []bulkProf
		for range nv {
			var bp bulkProf
			if len(pool) == 0 || r.IntN(2) == 0 {
				bp = bulkProf{id: profID(r), cns: g.newCNS(r.IntN(4) == 0)}
				pool = append(pool, bp)
				g.profRow(pw, bp.id, cns.CPF{}, "PROFISSIONAL BULK "+strconv.Itoa(len(pool)), bp.cns)
			} else {
				bp = pool[r.IntN(len(pool))]
			}
			p := mine[r.IntN(len(mine))]
			cbo := p.CBOs[r.IntN(len(p.CBOs))]
			g.vincRow(ch, unidade, bp.id, cbo, r.IntN(20) != 0, "", 10+r.IntN(31), 0, 0, cnes.CNPJ{})
			staff = append(staff, bp)
		}
		if i%4 == 0 {
			ids := &teamIDs{ine: g.newINE(), municipio: m.mun, area: strconv.Itoa(1 + i%9999), seq: strconv.Itoa(100000 + i), unidade: unidade}
			ids.written = ids.ine.String()
			g.teamRow(tw, ids, "70", "ESF BULK "+code, "01/01/2020", "")
			for j := 0; j < len(staff) && j < 8; j++ {
				g.memberRow(mw, ids, staff[j].id, "", "01/01/2020", "")
			}
		}
	}
}

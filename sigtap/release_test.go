package sigtap_test

import (
	"slices"
	"testing"

	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// Row counts of the official 202512 release, generation v2601221256
// (docs/sigtap.md §2.1; rl_procedimento_servico has 4 083 rows in this
// generation, 3 fewer than in v2601161858, docs/sigtap.md §1.1).
var counts202512 = map[string]int{
	"tb_grupo": 9, "tb_sub_grupo": 67, "tb_forma_organizacao": 414, "tb_procedimento": 4957,
	"tb_descricao": 4270, "tb_financiamento": 7, "tb_rubrica": 42, "tb_detalhe": 48,
	"tb_descricao_detalhe": 48, "rl_procedimento_detalhe": 10144, "tb_registro": 10,
	"rl_procedimento_registro": 7439, "tb_modalidade": 4, "rl_procedimento_modalidade": 7938,
	"tb_servico": 73, "tb_servico_classificacao": 432, "rl_procedimento_servico": 4083,
	"tb_tipo_leito": 41, "rl_procedimento_leito": 4147, "tb_cid": 14242, "rl_procedimento_cid": 81753,
	"tb_ocupacao": 2718, "rl_procedimento_ocupacao": 193315, "tb_habilitacao": 339,
	"tb_grupo_habilitacao": 31, "rl_procedimento_habilitacao": 10867, "rl_procedimento_incremento": 2388,
	"rl_procedimento_compativel": 12133, "rl_excecao_compatibilidade": 5, "tb_sia_sih": 8383,
	"rl_procedimento_sia_sih": 5382, "rl_procedimento_origem": 4, "tb_regra_condicionada": 14,
	"rl_procedimento_regra_cond": 3305, "tb_rede_atencao": 5, "tb_componente_rede": 20,
	"rl_procedimento_comp_rede": 4, "tb_renases": 201, "rl_procedimento_renases": 5370,
	"tb_tuss": 5766, "rl_procedimento_tuss": 0,
}

// Record widths (docs/sigtap.md §2.1).
var widths202512 = map[string]int{
	"tb_procedimento": 336, "tb_descricao": 4016, "tb_cid": 111, "rl_procedimento_ocupacao": 22,
	"rl_procedimento_compativel": 35, "rl_excecao_compatibilidade": 41, "tb_regra_condicionada": 4154,
	"rl_procedimento_regra_cond": 14, "tb_tuss": 460, "rl_procedimento_incremento": 41,
}

func TestTableCounts202512(t *testing.T) {
	r := shared(t, zip202512)
	if got := r.Competencia().String(); got != "202512" {
		t.Errorf("competência %s", got)
	}
	if got := r.Generation().String(); got != "v2601221256" {
		t.Errorf("generation %s", got)
	}
	if r.Version() != "1.1" {
		t.Errorf("versao %q", r.Version())
	}
	if len(r.Absent()) != 0 || len(r.Warnings()) != 0 {
		t.Errorf("absent %v, warnings %v", r.Absent(), r.Warnings())
	}
	names := r.TableNames()
	if len(names) != len(counts202512) {
		t.Errorf("%d tables, want %d", len(names), len(counts202512))
	}
	for _, name := range names {
		tb, err := r.Table(name)
		if err != nil {
			t.Fatal(err)
		}
		want, ok := counts202512[name]
		if !ok {
			t.Errorf("unexpected table %s", name)
			continue
		}
		if tb.Len() != want || !tb.Present() || !tb.Typed() {
			t.Errorf("%s: %d rows (present %v typed %v), want %d", name, tb.Len(), tb.Present(), tb.Typed(), want)
		}
		if w, ok := widths202512[name]; ok && tb.Layout().Width() != w {
			t.Errorf("%s: width %d, want %d", name, tb.Layout().Width(), w)
		}
	}
	refs := r.Refs()
	for name, n := range map[string]int{
		"grupos": refs.Grupos.Len(), "cids": refs.CIDs.Len(), "ocupacoes": refs.Ocupacoes.Len(),
		"habilitacoes": refs.Habilitacoes.Len(), "regras": refs.Regras.Len(), "tuss": refs.TUSS.Len(),
		"sia_sih": refs.SIASIH.Len(), "excecoes": len(refs.Excecoes),
	} {
		want := map[string]int{"grupos": 9, "cids": 14242, "ocupacoes": 2718, "habilitacoes": 339, "regras": 14, "tuss": 5766, "sia_sih": 8383, "excecoes": 5}[name]
		if n != want {
			t.Errorf("Refs %s: %d, want %d", name, n, want)
		}
	}
}

// TestProcedureDomains checks the distributions of docs/sigtap.md §3.
func TestProcedureDomains(t *testing.T) {
	r := shared(t, zip202512)
	perGroup := map[string]int{}
	fin := map[sigtap.Financiamento]int{}
	sex := map[sigtap.Sex]int{}
	cx := map[sigtap.Complexity]int{}
	var noAge, faecWithRubrica, faec, ageMax1571, qtNA, invalid int
	for _, p := range r.Procedures() {
		perGroup[p.Code.Group()]++
		fin[p.Financing]++
		sex[p.Sex]++
		cx[p.Complexity]++
		if !p.MinAge.Applies() && !p.MaxAge.Applies() {
			noAge++
		}
		if p.MinAge.Applies() != p.MaxAge.Applies() {
			t.Errorf("%s: only one age is 9999", p.Code)
		}
		if p.MaxAge == 1571 {
			ageMax1571++
		}
		if !p.MaxQuantity.Applies() {
			qtNA++
		}
		if p.Financing == sigtap.FinanciamentoFAEC {
			faec++
			if p.Rubrica != 0 && p.Rubrica.Financiamento() == sigtap.FinanciamentoFAEC {
				faecWithRubrica++
			}
		} else if p.Rubrica != 0 {
			t.Errorf("%s: rubrica %s without FAEC", p.Code, p.Rubrica)
		}
		if p.Code.Check() != nil {
			invalid++
		}
	}
	check := func(what string, got, want any) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", what, diff)
		}
	}
	check("procedures per grupo", perGroup, map[string]int{"01": 135, "02": 1103, "03": 847, "04": 1696, "05": 150, "06": 396, "07": 532, "08": 64, "09": 34})
	check("financing", fin, map[sigtap.Financiamento]int{1: 188, 2: 350, 4: 494, 5: 48, 6: 3681, 7: 184, 8: 12})
	check("sex", sex, map[sigtap.Sex]int{'M': 4, 'F': 7, 'I': 4644, 'N': 302})
	check("complexity", cx, map[sigtap.Complexity]int{'0': 656, '1': 232, '2': 2440, '3': 1629})
	check("ages 9999", noAge, 596)
	check("max age 1571", ageMax1571, 3983)
	check("QT_MAXIMA 9999", qtNA, 1398)
	check("FAEC with rubrica", [2]int{faec, faecWithRubrica}, [2]int{494, 494})
	check("invalid check digits", invalid, 0)
}

// TestRelations202512 checks relation facts of docs/sigtap.md §2–§7.
func TestRelations202512(t *testing.T) {
	r := shared(t, zip202512)
	count := func(f func(sigtap.Code) (int, bool)) (procs, rows int) {
		for _, p := range r.Procedures() {
			n, ok := f(p.Code)
			if !ok {
				t.Fatalf("table absent for %s", p.Code)
			}
			if n > 0 {
				procs++
				rows += n
			}
		}
		return
	}
	lenOf := func(n int, ok bool) (int, bool) { return n, ok }
	procsWith := func(name string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %d procedures, want %d", name, got, want)
		}
	}
	n, _ := count(func(c sigtap.Code) (int, bool) { v, ok := r.CBOs(c); return lenOf(len(v), ok) })
	procsWith("CBO", n, 4168)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.Detalhes(c); return lenOf(len(v), ok) })
	procsWith("detalhe", n, 3395)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.CIDs(c); return lenOf(len(v), ok) })
	procsWith("CID", n, 2879)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.Servicos(c); return lenOf(len(v), ok) })
	procsWith("serviço", n, 2588)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.Leitos(c); return lenOf(len(v), ok) })
	procsWith("leito", n, 1837)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.HabilitacaoRows(c); return lenOf(len(v), ok) })
	procsWith("habilitação", n, 1839)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.Incrementos(c); return lenOf(len(v), ok) })
	procsWith("incremento", n, 717)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.RegrasCondicionadas(c); return lenOf(len(v), ok) })
	procsWith("regra", n, 1538)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.Compativeis(c); return lenOf(len(v), ok) })
	procsWith("compatível (principal)", n, 1245)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.SIASIH(c); return lenOf(len(v), ok) })
	procsWith("SIA/SIH", n, 3494)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.RENASES(c); return lenOf(len(v), ok) })
	procsWith("RENASES", n, 4150)
	n, _ = count(func(c sigtap.Code) (int, bool) { v, ok := r.Registros(c); return lenOf(len(v), ok) })
	procsWith("registro (every procedure)", n, 4957)

	// Regras 0014 and 0015, instruments, atributos (docs/sigtap.md §6.1, §4, §5).
	perRegra := map[sigtap.Regra]int{}
	perReg := map[sigtap.Registro]int{}
	perDet := map[sigtap.Detalhe]int{}
	var bothPrincipalKinds, mostCBOs int
	var most sigtap.Code
	for _, p := range r.Procedures() {
		rs, _ := r.RegrasCondicionadas(p.Code)
		for _, g := range rs {
			perRegra[g]++
		}
		regs, _ := r.Registros(p.Code)
		for _, g := range regs {
			perReg[g]++
		}
		ds, _ := r.Detalhes(p.Code)
		for _, d := range ds {
			perDet[d]++
		}
		cids, _ := r.CIDs(p.Code)
		var s, n bool
		for _, c := range cids {
			s, n = s || c.Principal, n || !c.Principal
		}
		if s && n {
			bothPrincipalKinds++
		}
		if cbos, _ := r.CBOs(p.Code); len(cbos) > mostCBOs {
			mostCBOs, most = len(cbos), p.Code
		}
	}
	if perRegra[sigtap.RegraFinanciamentoMAC] != 446 || perRegra[sigtap.RegraFinanciamentoFAEC] != 1312 || perRegra[13] != 1310 || perRegra[sigtap.RegraRegistroBPAI] != 61 {
		t.Errorf("regras: %v", perRegra)
	}
	if diff := cmp.Diff(map[sigtap.Registro]int{1: 1090, 2: 1846, 3: 1768, 4: 777, 5: 783, 6: 750, 7: 264, 9: 26, 10: 135}, perReg); diff != "" {
		t.Errorf("procedures per instrument (-want +got):\n%s", diff)
	}
	for d, want := range map[sigtap.Detalhe]int{9: 1284, 12: 11, 21: 56, 34: 6, 36: 4, 37: 7, 38: 1, 48: 2, 51: 1266, 52: 76, 53: 130, 58: 182, 59: 334, 60: 152} {
		if perDet[d] != want {
			t.Errorf("atributo %s: %d procedures, want %d", d, perDet[d], want)
		}
	}
	if bothPrincipalKinds != 32 {
		t.Errorf("%d procedures with both ST_PRINCIPAL kinds, want 32", bothPrincipalKinds)
	}
	if most.String() != "0101050100" || mostCBOs != 222 {
		t.Errorf("most CBOs: %s with %d, want 0101050100 with 222", most, mostCBOs)
	}
	// First line of rl_procedimento_ocupacao: 0101010010131205202512.
	if r.AllowsCBO(sigtap.MustParseCode("0101010010"), sigtap.MustParseCBO("131205")) != sigtap.Yes {
		t.Error("0101010010 × 131205 missing")
	}
	// The 4 origem rows (docs/sigtap.md §7.5).
	for from, to := range map[string]string{"0301070199": "0301070016", "0404010571": "0404010148", "0404010580": "0404010148", "0702090093": "0702090034"} {
		o, _ := r.Origens(sigtap.MustParseCode(from))
		if len(o) != 1 || o[0].String() != to {
			t.Errorf("origem of %s = %v, want %s", from, o, to)
		}
	}
	// Exceptions act on 0702040150 (04) ↔ 0702050342 (04), type 2 (docs/sigtap.md §7.2).
	for _, e := range r.Refs().Excecoes {
		if e.Principal.String() != "0702040150" || e.Compativel.String() != "0702050342" || e.Tipo != sigtap.Incompativel || e.RegistroPrincipal != sigtap.RegistroAIHEspecial {
			t.Errorf("exception %+v", e)
		}
		if rows, a := r.Compatibilidade(e.Principal, e.Compativel); a != sigtap.Yes || !slices.ContainsFunc(rows, func(c sigtap.Compatibilidade) bool { return c.Tipo == e.Tipo }) {
			t.Errorf("exception %+v has no compatibility row", e)
		}
	}
}

// TestProcedureValues checks money and percentages against the raw lines
// quoted in docs/sigtap.md §3.3.
func TestProcedureValues(t *testing.T) {
	r := shared(t, zip202512)
	for code, want := range map[string]string{"0202010473": "1.85", "0301010072": "10.00", "0207010064": "268.75", "0501050051": "496.94"} {
		p, ok := r.Procedure(sigtap.MustParseCode(code))
		if !ok || p.ValueSA.StringFixed(2) != want {
			t.Errorf("%s VL_SA = %s, want %s", code, p.ValueSA.StringFixed(2), want)
		}
	}
	// 0204030188 × 3201: VL_PERCENTUAL_SA 0004488 = 44.88 %.
	inc, a := r.Incremento(sigtap.MustParseCode("0204030188"), 3201)
	if a != sigtap.Yes || !inc.SA.Equal(decimal.RequireFromString("44.88")) || !inc.SH.IsZero() {
		t.Errorf("incremento %+v %v", inc, a)
	}
	// 0202020550: FAEC, rubrica 040072, ages 108–731 months (world.md).
	p, _ := r.Procedure(sigtap.MustParseCode("0202020550"))
	if p.Financing != sigtap.FinanciamentoFAEC || p.Rubrica.String() != "040072" || p.MinAge != 108 || p.MaxAge != 731 {
		t.Errorf("0202020550: %+v", p)
	}
	if !p.AllowsAgeYears(9) || p.AllowsAgeYears(8) || !p.AllowsAgeYears(60) || p.AllowsAgeYears(61) {
		t.Error("AllowsAgeYears on 108–731 months")
	}
	if !p.AllowsAgeMonths(108) || p.AllowsAgeMonths(107) || !p.AllowsAgeMonths(731) || p.AllowsAgeMonths(732) {
		t.Error("AllowsAgeMonths on 108–731 months")
	}
	// 0207030057 is male only; 0204030188 has QT max 1.
	pr, _ := r.Procedure(sigtap.MustParseCode("0207030057"))
	if pr.Sex != sigtap.SexMale || pr.AllowsSex(sigtap.SexFemale) || !pr.AllowsSex(sigtap.SexMale) {
		t.Errorf("0207030057 sex %s", pr.Sex)
	}
	m, _ := r.Procedure(sigtap.MustParseCode("0204030188"))
	if m.MaxQuantity != 1 || m.AllowsQuantity(2) || !m.AllowsQuantity(1) || m.MinAge != 420 {
		t.Errorf("0204030188: %+v", m)
	}
	// C1 bytes decode as Windows-1252 (0x93/0x94/0x96 occur in names).
	var curly int
	for _, p := range r.Procedures() {
		for _, c := range p.Name {
			if c == '“' || c == '”' || c == '–' {
				curly++
			}
		}
	}
	if curly == 0 {
		t.Error("no Windows-1252 curly quote or en dash decoded in tb_procedimento")
	}
}

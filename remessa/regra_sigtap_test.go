package remessa

import (
	"slices"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

// Tests of the regras on the official 202512 release (skipped when
// ../shared/data/sigtap is absent): the facts of docs/sigtap.md §6.1–§6.3 the
// engine relies on, then every linked procedure decided in every
// modalidade.

// procFacts are a procedure's regras and atributos as sets.
type procFacts struct {
	p      sigtap.Procedure
	regras map[sigtap.Regra]bool
	attrs  map[sigtap.Detalhe]bool
}

func releaseFacts(t *testing.T, r *sigtap.Release) []procFacts {
	t.Helper()
	var out []procFacts
	for _, p := range r.Procedures() {
		f := procFacts{p: p, regras: map[sigtap.Regra]bool{}, attrs: map[sigtap.Detalhe]bool{}}
		gs, ok1 := r.RegrasCondicionadas(p.Code)
		ds, ok2 := r.Detalhes(p.Code)
		if !ok1 || !ok2 {
			t.Fatalf("%s: regras/atributos unknown", p.Code)
		}
		for _, g := range gs {
			f.regras[g] = true
		}
		for _, d := range ds {
			f.attrs[d] = true
		}
		out = append(out, f)
	}
	return out
}

func TestRegrasSIGTAPFacts(t *testing.T) {
	r := realRelease(t)
	facts := releaseFacts(t, r)
	count := func(pred func(f procFacts) bool) int {
		n := 0
		for _, f := range facts {
			if pred(f) {
				n++
			}
		}
		return n
	}
	m1 := func(f procFacts) bool { return f.attrs[51] || f.attrs[52] || f.attrs[53] }
	for _, tt := range []struct {
		what string
		got  int
		want int
	}{
		{"regra 0014", count(func(f procFacts) bool { return f.regras[14] }), 446},
		{"regra 0015", count(func(f procFacts) bool { return f.regras[15] }), 1312},
		{"regra 0013", count(func(f procFacts) bool { return f.regras[13] }), 1310},
		{"regra 0001", count(func(f procFacts) bool { return f.regras[1] }), 61},
		{"regra 0008", count(func(f procFacts) bool { return f.regras[8] }), 1},
		{"regra 0009", count(func(f procFacts) bool { return f.regras[9] }), 36},
		{"regra 0012", count(func(f procFacts) bool { return f.regras[12] }), 97},
		{"regras 0002 and 0005", count(func(f procFacts) bool { return f.regras[2] || f.regras[5] }), 0},
		{"atributo 059", count(func(f procFacts) bool { return f.attrs[59] }), 334},
		{"atributo 059 with 0014 and 0015", count(func(f procFacts) bool { return f.attrs[59] && f.regras[14] && f.regras[15] }), 328},
		{"atributo 060", count(func(f procFacts) bool { return f.attrs[60] }), 152},
		{"atributo 060 with 0014", count(func(f procFacts) bool { return f.attrs[60] && f.regras[14] }), 151},
		{"0015 with 051/052/053 (all of them)", count(func(f procFacts) bool { return f.regras[15] && m1(f) }), 1312},
		{"0014 with neither 059 nor 060", count(func(f procFacts) bool { return f.regras[14] && !f.attrs[59] && !f.attrs[60] }), 3},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: %d procedures, want %d", tt.what, tt.got, tt.want)
		}
	}
	// Every regra of tb_regra_condicionada is known to the engine, with
	// the release's name.
	regras := r.Refs().Regras.All()
	if len(regras) != 14 {
		t.Errorf("tb_regra_condicionada has %d rows, want 14", len(regras))
	}
	for _, info := range regras {
		g, ok := LookupRegra(info.Code)
		if !ok || g.Name != info.Name {
			t.Errorf("regra %s %q: engine has %q (known %v)", info.Code, info.Name, g.Name, ok)
		}
	}
}

// TestRegrasSIGTAPDecisions decides every procedure linked to a regra in
// the context that fires it, and every procedure outside it.
func TestRegrasSIGTAPDecisions(t *testing.T) {
	r := realRelease(t)
	facts := releaseFacts(t, r)
	prog := autPrograma.String()
	type tally map[string]int
	modalidade := func(m Modalidade, habs ...sigtap.Habilitacao) tally {
		n := tally{}
		for _, f := range facts {
			if !f.attrs[m.Atributos()[0]] && !(m == Modalidade1 && (f.attrs[52] || f.attrs[53])) {
				continue
			}
			ine := cnes.INE{}
			if m == Modalidade2 {
				ine = ineEqAE // no snapshot: the team is not verified
			}
			ctx := releaseContexto(r, f.p.Code, lineI(estabPoli, f.p.Code, prog, ine), habs...)
			d := DecidirFinanciamento(ctx, nil)
			if d.Modalidade != m {
				t.Fatalf("%s: modalidade %v, want %v (%s)", f.p.Code, d.Modalidade, m, d.Explicacao)
			}
			switch {
			case slices.Equal(d.Regras, []sigtap.Regra{m.Regra()}) && d.Financiamento == map[sigtap.Regra]sigtap.Financiamento{14: 6, 15: 4}[m.Regra()]:
				n["fired"]++
				if d.Tabela != d.Financiamento {
					n["changed"]++
				}
			case len(d.Regras) == 0 && d.Financiamento == f.p.Financing && slices.Contains(codes(d.Criticas), CodeProgramaForaDoRol):
				n["outside roster"]++
			default:
				t.Errorf("%s %s: %+v", m, f.p.Code, d)
			}
		}
		return n
	}
	for _, tt := range []struct {
		m    Modalidade
		habs []sigtap.Habilitacao
		want tally
	}{
		// 1 409 procedures carry 051/052/053: 1 312 with regra 0015 (138 of
		// them FAEC already), 97 without (docs/sigtap.md §6.3). Of the 334 with
		// 059, 328 carry 0014 (31 FAEC in the table); of the 152 with 060,
		// 151 (34 not MAC in the table: FAEC, PAB, Vigilância).
		{Modalidade1, []sigtap.Habilitacao{3802}, tally{"fired": 1312, "changed": 1174, "outside roster": 97}},
		{Modalidade2, []sigtap.Habilitacao{3803}, tally{"fired": 328, "changed": 31, "outside roster": 6}},
		{Modalidade3, []sigtap.Habilitacao{3804}, tally{"fired": 151, "changed": 34, "outside roster": 1}},
	} {
		if diff := cmp.Diff(tt.want, modalidade(tt.m, tt.habs...)); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tt.m, diff)
		}
	}

	// Outside the programme nothing changes, whatever the links: no
	// authorization, habilitações known and empty.
	for _, f := range facts {
		d := DecidirFinanciamento(releaseContexto(r, f.p.Code, lineI(estabImagem, f.p.Code, "", cnes.INE{})), nil)
		if d.Financiamento != f.p.Financing || d.Rubrica != f.p.Rubrica || len(d.Regras) > 0 || len(d.Criticas) > 0 {
			t.Fatalf("%s outside the programme: %+v", f.p.Code, d)
		}
	}

	// 0013 with habilitação 38.05: MAC without transfer; 0001 in a CEO:
	// BPA-C rejected.
	var n13, n01 int
	for _, f := range facts {
		if f.regras[13] {
			d := DecidirFinanciamento(releaseContexto(r, f.p.Code, lineI(estabImagem, f.p.Code, "", cnes.INE{}), 3805), nil)
			if d.Financiamento == sigtap.FinanciamentoMAC && d.SemRepasse && slices.Equal(d.Regras, []sigtap.Regra{13}) {
				n13++
			}
		}
		if f.regras[1] {
			d := DecidirFinanciamento(releaseContexto(r, f.p.Code, lineC(estabPoli, f.p.Code), 404), nil)
			if slices.Equal(codes(d.Criticas), []Code{CodeRegra0001}) && d.Criticas[0].Message == MsgRegra0001 && d.Criticas[0].Severity == Erro {
				n01++
			}
		}
	}
	if n13 != 1310 || n01 != 61 {
		t.Errorf("0013 fired on %d procedures (want 1310), 0001 on %d (want 61)", n13, n01)
	}
}

// TestRegrasSIGTAPProcedures decides named real procedures, one per
// modalidade and per change of financing.
func TestRegrasSIGTAPProcedures(t *testing.T) {
	r := realRelease(t)
	prog := autPrograma.String()
	i := func(code string, ine cnes.INE) (sigtap.Code, bpa.Record) {
		c := sigtap.MustParseCode(code)
		return c, lineI(estabPoli, c, prog, ine)
	}
	for _, tt := range []struct {
		name string
		code string
		ine  cnes.INE
		habs []sigtap.Habilitacao
		want wantDecisao
	}{
		{"sinus pré-auricular, M1", "0401020150", cnes.INE{}, []sigtap.Habilitacao{3802},
			wantDecisao{fin: 4, mod: Modalidade1, programa: true, regras: []sigtap.Regra{15}, expl: "atributo 051 (financiamento da tabela 06 MAC)"}},
		{"sinus pré-auricular, M2", "0401020150", ineEqAE, []sigtap.Habilitacao{3803},
			wantDecisao{fin: 6, mod: Modalidade2, programa: true, regras: []sigtap.Regra{14}, expl: "atributo 059 (financiamento da tabela 06 MAC)"}},
		{"drenagem de abscesso isquiorretal, M1", "0407020144", cnes.INE{}, []sigtap.Habilitacao{3802, 3804},
			wantDecisao{fin: 4, mod: Modalidade1, programa: true, regras: []sigtap.Regra{15}, expl: "o estabelecimento também tem 38.04: escolhida pelos atributos do procedimento"}},
		{"DIU: PAB → MAC in M3", "0301040141", cnes.INE{}, []sigtap.Habilitacao{3804},
			wantDecisao{fin: 6, mod: Modalidade3, programa: true, regras: []sigtap.Regra{14}, expl: "atributo 060 (financiamento da tabela 01 PAB)"}},
		{"implante de etonogestrel: Vigilância → MAC in M3", "0301040176", cnes.INE{}, []sigtap.Habilitacao{3804},
			wantDecisao{fin: 6, mod: Modalidade3, programa: true, regras: []sigtap.Regra{14}, expl: "(financiamento da tabela 07 Vigilância)"}},
		{"DIU in M1: outside the roster", "0301040141", cnes.INE{}, []sigtap.Habilitacao{3802},
			wantDecisao{fin: 1, mod: Modalidade1, programa: true, criticas: []Code{CodeProgramaForaDoRol}, expl: "o procedimento não tem o atributo 051/052/053"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, rec := i(tt.code, tt.ine)
			checkDecisao(t, DecidirFinanciamento(releaseContexto(r, code, rec, tt.habs...), nil), tt.want)
		})
	}
}

package remessa

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

// applyRegra runs the function of regra g alone on a line of the demo
// world's procedure proc, in modalidade mod, with the habilitações habs
// (nil: unknown).
func applyRegra(t *testing.T, g sigtap.Regra, rec bpa.Record, proc sigtap.Code, mod Modalidade, habs []sigtap.Habilitacao, opts *FinanciamentoOptions) DecisaoFinanciamento {
	t.Helper()
	set, _ := demoWorld(t)
	r, _ := set.ForCompetencia(cmp202601)
	ctx := releaseContexto(r, proc, rec, habs...)
	ctx.HabilitacoesKnown = habs != nil
	if opts == nil {
		opts = &FinanciamentoOptions{}
	}
	a := avaliacao{ctx: ctx, opts: opts, mod: mod, why: []byte("test")}
	d := &a.d
	d.Financiamento, d.Rubrica = ctx.Procedure.Financing, ctx.Procedure.Rubrica
	d.Tabela, d.TabelaRubrica = d.Financiamento, d.Rubrica
	d.Modalidade = mod
	i := regraPos(g)
	if i < 0 {
		t.Fatalf("regra %s unknown", g)
	}
	if f := regraTable[i].apply; f != nil {
		f(&a)
	}
	a.explicar(true)
	return a.d
}

// regraCase is a case of TestRegraFunctions: regra applied alone to rec
// of procedure proc in modalidade mod with habilitações habs.
type regraCase struct {
	name  string
	regra sigtap.Regra
	rec   bpa.Record
	proc  sigtap.Code
	mod   Modalidade
	habs  []sigtap.Habilitacao
	opts  *FinanciamentoOptions
	want  wantDecisao
}

// TestRegraFunctions is the table test of every regra function, each on
// the inputs that fire it and on those that do not.
func TestRegraFunctions(t *testing.T) {
	none := []sigtap.Habilitacao{}
	i := func(proc sigtap.Code, mut func(*bpa.Individualizado)) bpa.Record {
		r := lineI(estabPoli, proc, "", cnes.INE{})
		if mut != nil {
			mut(r)
		}
		return r
	}
	age := func(n int) func(*bpa.Individualizado) { return func(r *bpa.Individualizado) { r.Idade = n } }
	srv := func(s, c string) func(*bpa.Individualizado) {
		return func(r *bpa.Individualizado) { r.Servico, r.Classificacao = s, c }
	}
	tests := []regraCase{
		{"0015 M1 atributo 051", 15, i(procSinus, nil), procSinus, Modalidade1, none, nil,
			wantDecisao{fin: 4, mod: Modalidade1, regras: []sigtap.Regra{15}, expl: "regra 0015 → 04 FAEC: atendimento da Modalidade 1 (test), atributo 051"}},
		{"0015 M1 atributo 053", 15, i(procPuncao, nil), procPuncao, Modalidade1, none, nil,
			wantDecisao{fin: 4, mod: Modalidade1, regras: []sigtap.Regra{15}, expl: "atributo 053"}},
		{"0015 not in M2", 15, i(procSinus, nil), procSinus, Modalidade2, none, nil,
			wantDecisao{fin: 6, mod: Modalidade2, expl: "financiamento do SIGTAP 06 MAC"}},
		{"0015 FAEC table keeps its rubrica", 15, i(procOCI, nil), procOCI, Modalidade1, none, nil,
			wantDecisao{fin: 4, rubrica: 40086, mod: Modalidade1, regras: []sigtap.Regra{15}, expl: "regra 0015 → 04 FAEC rubrica 040086: atendimento da Modalidade 1 (test), atributo 053 (financiamento da tabela 04 FAEC)"}},
		{"0015 not in the roster", 15, i(procProteinaC, nil), procProteinaC, Modalidade1, none, nil,
			wantDecisao{fin: 4, rubrica: 40072, mod: Modalidade1, expl: "financiamento do SIGTAP 04 FAEC"}},
		{"0014 M2 atributo 059", 14, i(procSinus, nil), procSinus, Modalidade2, none, nil,
			wantDecisao{fin: 6, mod: Modalidade2, regras: []sigtap.Regra{14}, expl: "atributo 059"}},
		{"0014 M3 atributo 060", 14, i(procPuncao, nil), procPuncao, Modalidade3, none, nil,
			wantDecisao{fin: 6, mod: Modalidade3, regras: []sigtap.Regra{14}, expl: "atributo 060"}},
		{"0014 M3 without 060", 14, i(procSinus, nil), procSinus, Modalidade3, none, nil,
			wantDecisao{fin: 6, mod: Modalidade3, expl: "SIGTAP"}},
		{"0014 M2 without 059", 14, i(procPuncao, nil), procPuncao, Modalidade2, none, nil,
			wantDecisao{fin: 6, mod: Modalidade2, expl: "SIGTAP"}},
		{"0014 no modalidade", 14, i(procPuncao, nil), procPuncao, ModalidadeNenhuma, none, nil,
			wantDecisao{fin: 6, expl: "SIGTAP"}},
		{"0013 habilitação 38.06", 13, i(procGlicemia, nil), procGlicemia, ModalidadeNenhuma, []sigtap.Habilitacao{3806}, nil,
			wantDecisao{fin: 6, regras: []sigtap.Regra{13}, semRep: true, expl: "regra 0013 → 06 MAC: habilitação 38.06: crédito de compensação, aprovado sem repasse (financiamento da tabela 01 PAB)"}},
		{"0013 without 38.05/38.06", 13, i(procGlicemia, nil), procGlicemia, ModalidadeNenhuma, []sigtap.Habilitacao{3802}, nil,
			wantDecisao{fin: 1, expl: "SIGTAP"}},
		{"0013 habilitações unknown", 13, i(procGlicemia, nil), procGlicemia, ModalidadeNenhuma, nil, nil,
			wantDecisao{fin: 1, criticas: []Code{CodeRegraNaoVerificada}, expl: "SIGTAP"}},
		{"0013 caller says no", 13, i(procGlicemia, nil), procGlicemia, ModalidadeNenhuma, []sigtap.Habilitacao{3806},
			&FinanciamentoOptions{Compensacao: func(*Contexto) (bool, bool) { return false, true }}, wantDecisao{fin: 1, expl: "SIGTAP"}},
		{"0013 caller does not know", 13, i(procGlicemia, nil), procGlicemia, ModalidadeNenhuma, []sigtap.Habilitacao{3806},
			&FinanciamentoOptions{Compensacao: func(*Contexto) (bool, bool) { return true, false }}, wantDecisao{fin: 1, criticas: []Code{CodeRegraNaoVerificada}, expl: "SIGTAP"}},
		{"0013 not in a modalidade", 13, i(procGlicemia, nil), procGlicemia, Modalidade1, []sigtap.Habilitacao{3806}, nil,
			wantDecisao{fin: 1, mod: Modalidade1, expl: "SIGTAP"}},
		{"0002 POB 131/006", 2, i(procGlicemia, srv("131", "006")), procGlicemia, ModalidadeNenhuma, []sigtap.Habilitacao{505}, nil,
			wantDecisao{fin: 4, regras: []sigtap.Regra{2}, expl: "regra 0002 → 04 FAEC: habilitação 05.05 (Projeto Olhar Brasil), serviço 131/006"}},
		{"0002 POB 131/007 with a rubrica", 2, i(procGlicemia, srv("131", "007")), procGlicemia, ModalidadeNenhuma, []sigtap.Habilitacao{505},
			&FinanciamentoOptions{RubricasFAEC: map[sigtap.Regra]sigtap.Rubrica{2: 40014}}, wantDecisao{fin: 4, rubrica: 40014, regras: []sigtap.Regra{2}, expl: "131/007"}},
		{"0002 other serviço", 2, i(procGlicemia, srv("131", "001")), procGlicemia, ModalidadeNenhuma, []sigtap.Habilitacao{505}, nil,
			wantDecisao{fin: 1, expl: "SIGTAP"}},
		{"0002 without 05.05", 2, i(procGlicemia, srv("131", "006")), procGlicemia, ModalidadeNenhuma, []sigtap.Habilitacao{3802}, nil,
			wantDecisao{fin: 1, expl: "SIGTAP"}},
		{"0002 habilitações unknown", 2, i(procGlicemia, srv("131", "006")), procGlicemia, ModalidadeNenhuma, nil, nil,
			wantDecisao{fin: 1, criticas: []Code{CodeRegraNaoVerificada}, expl: "SIGTAP"}},
		{"0002 BPA-C has no serviço", 2, lineC(estabPoli, procGlicemia), procGlicemia, ModalidadeNenhuma, []sigtap.Habilitacao{505}, nil,
			wantDecisao{fin: 1, expl: "SIGTAP"}},
		{"0005 age 50", 5, i(procMamografi, age(50)), procMamografi, ModalidadeNenhuma, none, nil,
			wantDecisao{fin: 4, regras: []sigtap.Regra{5}, expl: "regra 0005 → 04 FAEC: paciente com 50 anos (50–69) (financiamento da tabela 06 MAC)"}},
		{"0005 age 69", 5, i(procMamografi, age(69)), procMamografi, ModalidadeNenhuma, none, nil,
			wantDecisao{fin: 4, regras: []sigtap.Regra{5}, expl: "com 69 anos"}},
		{"0005 age 49", 5, i(procMamografi, age(49)), procMamografi, ModalidadeNenhuma, none, nil, wantDecisao{fin: 6, expl: "SIGTAP"}},
		{"0005 age 70", 5, i(procMamografi, age(70)), procMamografi, ModalidadeNenhuma, none, nil, wantDecisao{fin: 6, expl: "SIGTAP"}},
		{"0005 BPA-C age 60", 5, func() bpa.Record { c := lineC(estabPoli, procMamografi); c.Idade = 60; return c }(), procMamografi, ModalidadeNenhuma, none, nil,
			wantDecisao{fin: 4, regras: []sigtap.Regra{5}, expl: "com 60 anos"}},
		{"0008 official reading: never on BPA", 8, i(procGlicemia, nil), procGlicemia, ModalidadeNenhuma, none, nil, wantDecisao{fin: 1, expl: "SIGTAP"}},
		{"0008 all lines", 8, i(procGlicemia, nil), procGlicemia, ModalidadeNenhuma, none, &FinanciamentoOptions{Regra0008AllLines: true},
			wantDecisao{fin: 1, regras: []sigtap.Regra{8}, zero: true, expl: "regra 0008: valor zerado"}},
		{"0001 BPA-C in 04.05", 1, lineC(estabPoli, procCariostat), procCariostat, ModalidadeNenhuma, []sigtap.Habilitacao{405}, nil,
			wantDecisao{fin: 1, regras: []sigtap.Regra{1}, criticas: []Code{CodeRegra0001}, expl: "04.05 (CEO)"}},
		{"0001 BPA-I blank serviço", 1, i(procCariostat, nil), procCariostat, ModalidadeNenhuma, []sigtap.Habilitacao{403}, nil,
			wantDecisao{fin: 1, regras: []sigtap.Regra{1}, criticas: []Code{CodeRegra0001}, expl: "BPA-I sem serviço 114/007"}},
		{"0001 BPA-I 114/007", 1, i(procCariostat, srv("114", "007")), procCariostat, ModalidadeNenhuma, []sigtap.Habilitacao{403}, nil,
			wantDecisao{fin: 1, expl: "SIGTAP"}},
		{"0001 not a CEO", 1, lineC(estabPoli, procCariostat), procCariostat, ModalidadeNenhuma, []sigtap.Habilitacao{1102}, nil,
			wantDecisao{fin: 1, expl: "SIGTAP"}},
		{"0001 unknown", 1, lineC(estabPoli, procCariostat), procCariostat, ModalidadeNenhuma, nil, nil,
			wantDecisao{fin: 1, criticas: []Code{CodeRegraNaoVerificada}, expl: "SIGTAP"}},
	}
	// The AIH/APAC-only regras never change a BPA line.
	for _, g := range []sigtap.Regra{3, 4, 6, 7, 9, 11, 12} {
		tests = append(tests, regraCase{"AIH/APAC only " + g.String(), g, i(procGlicemia, nil), procGlicemia, Modalidade1, []sigtap.Habilitacao{3801, 203}, nil,
			wantDecisao{fin: 1, mod: Modalidade1, expl: "SIGTAP"}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := applyRegra(t, tt.regra, tt.rec, tt.proc, tt.mod, tt.habs, tt.opts)
			checkDecisao(t, d, tt.want)
			for _, c := range d.Criticas {
				if c.Code == CodeRegra0001 && (c.Severity != Erro || c.Message != MsgRegra0001 || c.Line == 0) {
					t.Errorf("regra 0001 crítica %+v", c)
				}
				if c.Severity == NaoVerificado && c.Line != 0 {
					t.Errorf("not-checked crítica on line %d", c.Line)
				}
			}
		})
	}
}

func TestRegrasListing(t *testing.T) {
	var got []string
	for _, g := range Regras() {
		s := g.Code.String()
		if g.BPA {
			s += " bpa"
		}
		if g.Inference {
			s += " inference"
		}
		if g.Name == "" || g.Effect == "" {
			t.Errorf("%s: empty name or effect", g.Code)
		}
		got = append(got, s)
	}
	want := []string{"0001 bpa", "0002 bpa", "0003", "0004", "0005 bpa", "0006", "0007", "0008", "0009", "0011", "0012",
		"0013 bpa inference", "0014 bpa inference", "0015 bpa inference"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Regras() (-want +got):\n%s", diff)
	}
	for _, g := range []sigtap.Regra{0, 10, 16, 9999} {
		if _, ok := LookupRegra(g); ok {
			t.Errorf("LookupRegra(%s) found", g)
		}
	}
	if g, ok := LookupRegra(sigtap.RegraFinanciamentoFAEC); !ok || g.Name != "CONDICIONA O TIPO DE FINANCIAMENTO EM FAEC" {
		t.Errorf("LookupRegra(0015) = %+v, %v", g, ok)
	}
}

// patchedRelease returns the demo world's 202601 release with extra
// rl_procedimento_regra_cond rows (procedure code + regra code), so that
// regras no 2025 procedure is linked to (0002, 0005, a future 0016) run
// through the whole engine.
func patchedRelease(t *testing.T, rows ...string) *sigtap.Release {
	t.Helper()
	b, err := fs.ReadFile(demo.FS, "sigtap/TabelaUnificada_202601_v2601221740.zip")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "rl_procedimento_regra_cond.txt" {
			for _, r := range rows {
				data = append(data, r+"\r\n"...)
			}
		}
		m[f.Name] = &fstest.MapFile{Data: data}
	}
	r, err := sigtap.Load(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRegrasLinked runs regras 0002, 0005, 0008 and an unknown regra
// through DecidirFinanciamento on a release whose links were patched.
func TestRegrasLinked(t *testing.T) {
	r := patchedRelease(t, "02040301880005", "02140100150002", "02140100150008", "03011000390016")
	_, reg := demoWorld(t)
	snap := reg.At(cmp202601)
	decide := func(rec bpa.Record, opts *FinanciamentoOptions, habs ...sigtap.Habilitacao) DecisaoFinanciamento {
		var f Financiador
		ctx := f.Contexto(cmp202601, rec)
		ctx.Release, ctx.Snapshot = r, snap
		p, _ := r.Procedure(ctx.Procedimento)
		ctx.Procedure = &p
		ctx.Habilitacoes, ctx.HabilitacoesKnown = habs, true
		return DecidirFinanciamento(ctx, opts)
	}
	mamo := lineI(estabPoli, procMamografi, "", cnes.INE{})
	mamo.Idade = 55
	checkDecisao(t, decide(mamo, nil), wantDecisao{fin: 4, regras: []sigtap.Regra{5}, expl: "regra 0005 → 04 FAEC: paciente com 55"})
	// A programme modalidade takes precedence over 0005: the S002 regras
	// first, the older overrides only when no modalidade applies.
	checkDecisao(t, decide(mamo, &FinanciamentoOptions{Modalidade: func(*Contexto) (Modalidade, bool) { return Modalidade1, true }}),
		wantDecisao{fin: 6, mod: Modalidade1, programa: true, criticas: []Code{CodeProgramaForaDoRol}, expl: "fora do rol"})

	pob := lineI(estabPoli, procGlicemia, "", cnes.INE{})
	pob.Servico, pob.Classificacao = "131", "007"
	checkDecisao(t, decide(pob, nil, 505), wantDecisao{fin: 4, regras: []sigtap.Regra{2}, expl: "regra 0002 → 04 FAEC"})
	checkDecisao(t, decide(pob, &FinanciamentoOptions{Regra0008AllLines: true}, 505),
		wantDecisao{fin: 4, regras: []sigtap.Regra{2, 8}, zero: true, expl: "regra 0002 → 04 FAEC: habilitação 05.05 (Projeto Olhar Brasil), serviço 131/007 (financiamento da tabela 01 PAB); regra 0008: valor zerado"})
	checkDecisao(t, decide(pob, &FinanciamentoOptions{Skip: []sigtap.Regra{2}}, 505), wantDecisao{fin: 1, expl: "não se aplicam"})

	d := decide(lineC(estabPoli, sigtap.MustParseCode("0301100039")), nil)
	checkDecisao(t, d, wantDecisao{fin: 1, criticas: []Code{CodeRegraDesconhecida}, expl: "financiamento do SIGTAP 01 PAB"})
	if c := d.Criticas[0]; c.Severity != NaoVerificado || c.Message != "NAO VERIFICADO: REGRA CONDICIONADA 0016 DESCONHECIDA, NAO APLICADA" {
		t.Errorf("%+v", c)
	}
}

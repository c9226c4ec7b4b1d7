package remessa

import (
	"fmt"
	"strings"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

// want is the expected part of a decision.
type wantDecisao struct {
	fin      sigtap.Financiamento
	rubrica  sigtap.Rubrica
	mod      Modalidade
	programa bool
	regras   []sigtap.Regra
	criticas []Code
	zero     bool
	semRep   bool
	expl     string // substring of Explicacao
}

func checkDecisao(t *testing.T, d DecisaoFinanciamento, w wantDecisao) {
	t.Helper()
	got := wantDecisao{d.Financiamento, d.Rubrica, d.Modalidade, d.Programa, d.Regras, codes(d.Criticas), d.ValorZero, d.SemRepasse, w.expl}
	if diff := cmp.Diff(w, got, cmp.AllowUnexported(wantDecisao{})); diff != "" {
		t.Errorf("decision (-want +got):\n%s\nexplanation: %s\ncríticas: %v", diff, d.Explicacao, d.Criticas)
	}
	if !strings.Contains(d.Explicacao, w.expl) {
		t.Errorf("explanation %q does not contain %q", d.Explicacao, w.expl)
	}
}

// TestDecidirWorld runs the engine on the demo world: SIGTAP subset of
// 202601 and the synthetic CNES registry (9990002 holds 38.02, 38.03 with
// the EqAE team 4865539836, and 04.03).
func TestDecidirWorld(t *testing.T) {
	prog := autPrograma.String()
	semCPF := func(r *bpa.Individualizado) *bpa.Individualizado { r.CPF = [11]byte{}; return r }
	indigena := func(r *bpa.Individualizado) *bpa.Individualizado {
		r.CPF, r.Raca, r.Etnia, r.CNSPaciente = [11]byte{}, "05", "0001", cnsP05
		return r
	}
	srv := func(s, c string) func(*bpa.Individualizado) *bpa.Individualizado {
		return func(r *bpa.Individualizado) *bpa.Individualizado { r.Servico, r.Classificacao = s, c; return r }
	}
	tests := []struct {
		name string
		rec  bpa.Record
		opts *FinanciamentoOptions
		want wantDecisao
	}{
		{"PAB without regras", lineC(estabImagem, procGlicemia), nil,
			wantDecisao{fin: 1, expl: "financiamento do SIGTAP 01 PAB (nenhuma regra condicionada vinculada ao procedimento)"}},
		{"Vigilância", lineC(estabImagem, procVigil), nil,
			wantDecisao{fin: 7, expl: "07 Vigilância"}},
		{"FAEC keeps its rubrica", lineI(estabImagem, procProteinaC, "", cnes.INE{}), nil,
			wantDecisao{fin: 4, rubrica: 40072, expl: "04 FAEC"}},
		{"BPA-C never in a modalidade", lineC(estabPoli, procConsulta), nil,
			wantDecisao{fin: 6, expl: "regras 0014/0015 não se aplicam: o BPA-C não tem número de autorização"}},
		{"BPA-I without authorization", lineI(estabPoli, procSinus, "", ineEqAE), nil,
			wantDecisao{fin: 6, expl: "sem número de autorização"}},
		{"BPA-I general APAC", lineI(estabPoli, procSinus, autComum.String(), ineEqAE), nil,
			wantDecisao{fin: 6, expl: "não é um número do programa"}},
		{"BPA-I bad check digit", lineI(estabPoli, procSinus, "5325900000015", ineEqAE), nil,
			wantDecisao{fin: 6, expl: "não é um número de AIH/APAC válido"}},
		{"M1: 38.02, no team → 0015 FAEC", lineI(estabPoli, procSinus, prog, cnes.INE{}), nil,
			wantDecisao{fin: 4, mod: Modalidade1, programa: true, regras: []sigtap.Regra{15},
				expl: "regra 0015 → 04 FAEC: atendimento da Modalidade 1 (APAC do programa 53.25.9.0.000.001-4, habilitação 38.02; a 38.03 não se aplica: linha sem INE (a Modalidade 2 exige a equipe EqAE)), atributo 051 (financiamento da tabela 06 MAC)"}},
		{"M1 with a rubrica option", lineI(estabPoli, procSinus, prog, cnes.INE{}), &FinanciamentoOptions{RubricasFAEC: map[sigtap.Regra]sigtap.Rubrica{15: 40086}},
			wantDecisao{fin: 4, rubrica: 40086, mod: Modalidade1, programa: true, regras: []sigtap.Regra{15}, expl: "04 FAEC rubrica 040086"}},
		{"M2: 38.03 and EqAE team → 0014 MAC", lineI(estabPoli, procSinus, prog, ineEqAE), nil,
			wantDecisao{fin: 6, mod: Modalidade2, programa: true, regras: []sigtap.Regra{14},
				expl: "regra 0014 → 06 MAC: atendimento da Modalidade 2 (APAC do programa 53.25.9.0.000.001-4, habilitação 38.03, equipe EqAE INE 4865539836; o estabelecimento também tem 38.02: escolhida pela equipe EqAE da linha), atributo 059"}},
		{"eSF team is not EqAE → M1", lineI(estabPoli, procSinus, prog, ineESF), nil,
			wantDecisao{fin: 4, mod: Modalidade1, programa: true, regras: []sigtap.Regra{15}, expl: "habilitação 38.02"}},
		{"M1 outside the roster: consulta lacks 0015", lineI(estabPoli, procConsulta, prog, cnes.INE{}), nil,
			wantDecisao{fin: 6, mod: Modalidade1, programa: true, criticas: []Code{CodeProgramaForaDoRol},
				expl: "financiamento do SIGTAP 06 MAC (as regras condicionadas do procedimento não se aplicam a esta linha); procedimento fora do rol da Modalidade 1: mantido o financiamento da tabela (Modalidade 1 (APAC do programa 53.25.9.0.000.001-4, habilitação 38.02; a 38.03 não se aplica: linha sem INE (a Modalidade 2 exige a equipe EqAE)); o procedimento não está vinculado à regra 0015)"}},
		{"programme number without habilitação", lineI(estabImagem, procSinus, prog, cnes.INE{}), nil,
			wantDecisao{fin: 6, programa: true, criticas: []Code{CodeProgramaSemHabilitacao},
				expl: "não tem habilitação 38.02/38.03/38.04 em vigor"}},
		{"habilitações out of force", lineI(estabHospDia, procSinus, prog, ineEqAE), nil,
			wantDecisao{fin: 6, programa: true, criticas: []Code{CodeProgramaSemHabilitacao}, expl: "não tem habilitação 38.02"}},
		{"programme without CPF", semCPF(lineI(estabPoli, procSinus, prog, ineEqAE)), nil,
			wantDecisao{fin: 6, mod: Modalidade2, programa: true, regras: []sigtap.Regra{14}, criticas: []Code{CodeProgramaCPF}, expl: "0014"}},
		{"raça 05 identified by CNS", indigena(lineI(estabPoli, procSinus, prog, ineEqAE)), nil,
			wantDecisao{fin: 6, mod: Modalidade2, programa: true, regras: []sigtap.Regra{14}, expl: "0014"}},
		{"raça 05 without CNS nor CPF", func() bpa.Record {
			r := indigena(lineI(estabPoli, procSinus, prog, ineEqAE))
			r.CNSPaciente = [15]byte{}
			return r
		}(), nil,
			wantDecisao{fin: 6, mod: Modalidade2, programa: true, regras: []sigtap.Regra{14}, criticas: []Code{CodeProgramaCPF}, expl: "0014"}},
		{"ordinary line without CPF is not the engine's", semCPF(lineI(estabPoli, procSinus, "", cnes.INE{})), nil,
			wantDecisao{fin: 6, expl: "financiamento do SIGTAP 06 MAC"}},
		{"0001: BPA-C in a CEO", lineC(estabPoli, procCariostat), nil,
			wantDecisao{fin: 1, regras: []sigtap.Regra{1}, criticas: []Code{CodeRegra0001}, expl: "regra 0001: BPA-C não aceito em estabelecimento com habilitação 04.03 (CEO)"}},
		{"0001: BPA-I without 114/007", srv("121", "004")(lineI(estabPoli, procCariostat, "", cnes.INE{})), nil,
			wantDecisao{fin: 1, regras: []sigtap.Regra{1}, criticas: []Code{CodeRegra0001}, expl: "BPA-I sem serviço 114/007"}},
		{"0001: BPA-I with 114/007", srv("114", "007")(lineI(estabPoli, procCariostat, "", cnes.INE{})), nil,
			wantDecisao{fin: 1, expl: "financiamento do SIGTAP 01 PAB (as regras condicionadas do procedimento não se aplicam a esta linha)"}},
		{"0001: BPA-C outside a CEO", lineC(estabImagem, procCariostat), nil,
			wantDecisao{fin: 1, expl: "não se aplicam"}},
		{"caller's modalidade for BPA-C", lineC(estabPoli, procPuncao), &FinanciamentoOptions{Modalidade: func(*Contexto) (Modalidade, bool) { return Modalidade3, true }},
			wantDecisao{fin: 6, mod: Modalidade3, programa: true, regras: []sigtap.Regra{14}, expl: "atendimento da Modalidade 3 (modalidade M3 informada na execução), atributo 060"}},
		{"caller says none", lineI(estabPoli, procSinus, prog, ineEqAE), &FinanciamentoOptions{Modalidade: func(*Contexto) (Modalidade, bool) { return ModalidadeNenhuma, true }},
			wantDecisao{fin: 6, expl: "modalidade informada na execução: nenhuma"}},
		{"caller defers", lineI(estabPoli, procSinus, prog, ineEqAE), &FinanciamentoOptions{Modalidade: func(*Contexto) (Modalidade, bool) { return Modalidade1, false }},
			wantDecisao{fin: 6, mod: Modalidade2, programa: true, regras: []sigtap.Regra{14}, expl: "0014"}},
		{"fonte orçamentária 02", lineI(estabPoli, procSinus, prog, ineEqAE), &FinanciamentoOptions{FonteOrcamentaria: func(*Contexto) FonteOrcamentaria { return FonteAmpliacaoAcesso }},
			wantDecisao{fin: 6, mod: Modalidade2, programa: true, regras: []sigtap.Regra{14}, semRep: true, expl: "; fonte orçamentária 02 (Ampliação do Acesso): aprovado sem repasse"}},
		{"fonte 02 on an ordinary line", lineC(estabImagem, procGlicemia), &FinanciamentoOptions{FonteOrcamentaria: func(*Contexto) FonteOrcamentaria { return FonteAmpliacaoAcesso }},
			wantDecisao{fin: 1, semRep: true, expl: "financiamento do SIGTAP 01 PAB (nenhuma regra condicionada vinculada ao procedimento); fonte orçamentária 02"}},
		{"skip 0015", lineI(estabPoli, procSinus, prog, cnes.INE{}), &FinanciamentoOptions{Skip: []sigtap.Regra{15}},
			wantDecisao{fin: 6, mod: Modalidade1, programa: true, criticas: []Code{CodeProgramaForaDoRol}, expl: "não está vinculado à regra 0015"}},
		{"0013 by the caller's context", lineI(estabImagem, procSinus, "", cnes.INE{}), &FinanciamentoOptions{Compensacao: func(*Contexto) (bool, bool) { return true, true }},
			wantDecisao{fin: 6, regras: []sigtap.Regra{13}, semRep: true, expl: "regra 0013 → 06 MAC: contexto de compensação informado na execução: crédito de compensação, aprovado sem repasse"}},
		{"0013 not in a modalidade attendance", lineI(estabPoli, procSinus, prog, cnes.INE{}), &FinanciamentoOptions{Compensacao: func(*Contexto) (bool, bool) { return true, true }},
			wantDecisao{fin: 4, mod: Modalidade1, programa: true, regras: []sigtap.Regra{15}, expl: "0015"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDecisao(t, decideWorld(t, tt.rec, tt.opts), tt.want)
		})
	}
}

// TestDecidirUnknownCNES: without CNES the engine says so and never
// invents a modalidade.
func TestDecidirUnknownCNES(t *testing.T) {
	set, _ := demoWorld(t)
	f := Financiador{SIGTAP: set}
	d, _ := f.Decidir(cmp202601, lineI(estabPoli, procSinus, autPrograma.String(), ineEqAE))
	checkDecisao(t, d, wantDecisao{fin: 6, programa: true, criticas: []Code{CodeProgramaNaoVerificado, CodeRegraNaoVerificada},
		expl: "autorização do programa, mas as habilitações do estabelecimento são desconhecidas (sem CNES): modalidade não decidida"})
	if c := d.Criticas[0]; c.Severity != NaoVerificado || c.Line != 0 {
		t.Errorf("not-checked crítica %+v: want severity NaoVerificado on line 0", c)
	}
	d, _ = f.Decidir(cmp202601, lineC(estabPoli, procCariostat))
	checkDecisao(t, d, wantDecisao{fin: 1, criticas: []Code{CodeRegraNaoVerificada}, expl: "não se aplicam"})

	// An establishment missing from the registry is unknown too.
	_, reg := demoWorld(t)
	f.CNES = reg
	d, _ = f.Decidir(cmp202601, lineI(cnes.MustParseCode("9990099"), procSinus, autPrograma.String(), ineEqAE))
	checkDecisao(t, d, wantDecisao{fin: 6, programa: true, criticas: []Code{CodeProgramaNaoVerificado, CodeRegraNaoVerificada}, expl: "desconhecidas"})

	// Modalidade 2 with habilitações known but no snapshot: the team is
	// not verified, and said so.
	ctx := f.Contexto(cmp202601, lineI(estabPoli, procSinus, autPrograma.String(), ineEqAE))
	ctx.Snapshot = nil
	ctx.Habilitacoes = []sigtap.Habilitacao{sigtap.HabilitacaoModalidade2}
	checkDecisao(t, DecidirFinanciamento(ctx, nil), wantDecisao{fin: 6, mod: Modalidade2, programa: true, regras: []sigtap.Regra{14},
		expl: "habilitação 38.03, equipe INE 4865539836 não verificada (sem CNES)"})
}

// TestDecidirNoRelease: no release, or a procedure not in it.
func TestDecidirNoRelease(t *testing.T) {
	var f Financiador
	d, ok := f.Decidir(cmp202601, lineC(estabPoli, procGlicemia))
	checkDecisao(t, d, wantDecisao{expl: explSemRelease})
	if !ok {
		t.Error("BPA-C not a production line")
	}
	set, _ := demoWorld(t)
	f.SIGTAP = set
	d, _ = f.Decidir(cmp202601, lineC(estabPoli, sigtap.MustParseCode("0301010064")))
	checkDecisao(t, d, wantDecisao{expl: explSemProcedimento})
	if _, ok := f.Decidir(cmp202601, &bpa.Header{}); ok {
		t.Error("a header decided")
	}
	// A caller's procedure without a release: regras not checked.
	ctx := f.Contexto(cmp202601, lineC(estabPoli, procGlicemia))
	ctx.Release = nil
	checkDecisao(t, DecidirFinanciamento(ctx, nil), wantDecisao{fin: 1, criticas: []Code{CodeRegraNaoVerificada}, expl: "nenhuma regra condicionada"})
}

func TestModalidadeText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Modalidade
		ok   bool
	}{
		{"", ModalidadeNenhuma, true}, {"nenhuma", ModalidadeNenhuma, true}, {" NONE ", ModalidadeNenhuma, true}, {"0", ModalidadeNenhuma, true},
		{"M1", Modalidade1, true}, {"m2", Modalidade2, true}, {"3", Modalidade3, true}, {"Modalidade 2", Modalidade2, true},
		{"modalidade III", Modalidade3, true}, {"I", Modalidade1, true},
		{"M4", 0, false}, {"MM1", 0, false}, {"one", 0, false}, {"M", 0, false},
	} {
		got, err := ParseModalidade(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseModalidade(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for m := ModalidadeNenhuma; m <= Modalidade3; m++ {
		b, err := m.MarshalText()
		var back Modalidade
		if err != nil || back.UnmarshalText(b) != nil || back != m {
			t.Errorf("%v: text round trip %q %v → %v", m, b, err, back)
		}
	}
	if _, err := Modalidade(9).MarshalText(); err == nil || Modalidade(9).String() != "Modalidade(9)" {
		t.Error("invalid modalidade marshalled")
	}
	if Modalidade(9).Habilitacao() != 0 || Modalidade(9).Regra() != 0 || Modalidade(9).Atributos() != nil {
		t.Error("invalid modalidade has facts")
	}
	want := []struct {
		h sigtap.Habilitacao
		g sigtap.Regra
		a string
	}{{0, 0, ""}, {3802, 15, "051 052 053"}, {3803, 14, "059"}, {3804, 14, "060"}}
	for m, w := range want {
		var as []string
		for _, d := range Modalidade(m).Atributos() {
			as = append(as, d.String())
		}
		if got := Modalidade(m); got.Habilitacao() != w.h || got.Regra() != w.g || strings.Join(as, " ") != w.a {
			t.Errorf("%v: %v %v %q, want %v %v %q", got, got.Habilitacao(), got.Regra(), as, w.h, w.g, w.a)
		}
	}
	if FonteAmpliacaoAcesso.String() != "02" || FonteNenhuma.String() != "" {
		t.Error("FonteOrcamentaria.String")
	}
}

// TestDecidirConcurrent: the checker decides lines on several goroutines;
// the pooled state must not leak between them (run with -race).
func TestDecidirConcurrent(t *testing.T) {
	set, reg := demoWorld(t)
	recs := []bpa.Record{
		lineI(estabPoli, procSinus, autPrograma.String(), ineEqAE),
		lineI(estabPoli, procSinus, autPrograma.String(), cnes.INE{}),
		lineC(estabPoli, procCariostat),
		lineC(estabImagem, procGlicemia),
	}
	want := make([]DecisaoFinanciamento, len(recs))
	for i, r := range recs {
		want[i] = decideWorld(t, r, nil)
	}
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func() {
			f := Financiador{SIGTAP: set, CNES: reg}
			for n := 0; n < 200; n++ {
				i := (n + g) % len(recs)
				d, _ := f.Decidir(cmp202601, recs[i])
				if diff := cmp.Diff(want[i], d); diff != "" {
					done <- fmt.Errorf("line %d: %s", i, diff)
					return
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

package remessa_test

import (
	"fmt"
	"io/fs"
	"log"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

// world loads the demo world: the SIGTAP subset of 202512 and 202601 and
// the synthetic CNES registry of 202601.
func world() (*sigtap.Set, *cnes.Registry) {
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil)
	if err != nil {
		log.Fatal(err)
	}
	sub, _ := fs.Sub(demo.FS, "cnes/202601")
	snap, err := cnes.Load(sub, nil)
	if err != nil {
		log.Fatal(err)
	}
	reg, err := cnes.NewRegistry(snap)
	if err != nil {
		log.Fatal(err)
	}
	return set, reg
}

// programmeLine is a BPA-I line of 0401020150 (atributos 051 and 059,
// regras 0013, 0014, 0015) at POLICLINICA TESTE (habilitações 38.02 and
// 38.03), with an APAC number of the programme (5th digit 9).
func programmeLine(ine string) *bpa.Individualizado {
	var teamINE cnes.INE
	if ine != "" {
		teamINE = cnes.MustParseINE(ine)
	}
	return &bpa.Individualizado{
		Line: 41, CNES: cnes.MustParseCode("9990002"), Competencia: sigtap.MustParseCompetencia("202601"),
		Procedimento: sigtap.MustParseCode("0401020150"), Quantidade: 1, Raca: "01",
		Autorizacao: "5325900000014", INE: teamINE, CPF: cns.MustParseCPF("52998224725"),
	}
}

// The line's modalidade decides the financing: without a team the
// attendance is Modalidade 1 (habilitação 38.02) and regra 0015 makes it
// FAEC; on the establishment's EqAE team it is Modalidade 2 (38.03) and
// regra 0014 makes it MAC.
func ExampleDecidirFinanciamento() {
	set, reg := world()
	f := remessa.Financiador{SIGTAP: set, CNES: reg}
	for _, ine := range []string{"", "4865539836"} {
		ctx := f.Contexto(sigtap.MustParseCompetencia("202601"), programmeLine(ine))
		d := remessa.DecidirFinanciamento(ctx, nil)
		fmt.Println(d.Modalidade, d.Tabela, "→", d.Financiamento, d.Regras)
		fmt.Println(d.Explicacao)
	}
	// Output:
	// M1 06 → 04 [0015]
	// regra 0015 → 04 FAEC: atendimento da Modalidade 1 (APAC do programa 53.25.9.0.000.001-4, habilitação 38.02; a 38.03 não se aplica: linha sem INE (a Modalidade 2 exige a equipe EqAE)), atributo 051 (financiamento da tabela 06 MAC)
	// M2 06 → 06 [0014]
	// regra 0014 → 06 MAC: atendimento da Modalidade 2 (APAC do programa 53.25.9.0.000.001-4, habilitação 38.03, equipe EqAE INE 4865539836; o estabelecimento também tem 38.02: escolhida pela equipe EqAE da linha), atributo 059 (financiamento da tabela 06 MAC)
}

// Without CNES the modalidade cannot be decided: the engine says so and
// keeps the table financing.
func ExampleDecidirFinanciamento_withoutCNES() {
	set, _ := world()
	f := remessa.Financiador{SIGTAP: set}
	d, _ := f.Decidir(sigtap.MustParseCompetencia("202601"), programmeLine(""))
	fmt.Println(d.Financiamento, d.Programa, d.Modalidade)
	fmt.Println(d.Explicacao)
	for _, c := range d.Criticas {
		fmt.Println(c.Severity, c.Code)
	}
	// Output:
	// 06 true nenhuma
	// financiamento do SIGTAP 06 MAC (regras 0014/0015 não se aplicam: autorização do programa, mas as habilitações do estabelecimento são desconhecidas (sem CNES): modalidade não decidida)
	// nao_verificado PROGRAMA_NAO_VERIFICADO
	// nao_verificado REGRA_NAO_VERIFICADA
}

// Programme attendances need the patient's CPF; fonte orçamentária 02 is
// approved without transfer.
func ExampleFinanciamentoOptions() {
	set, reg := world()
	line := programmeLine("")
	line.CPF = cns.CPF{}
	f := remessa.Financiador{SIGTAP: set, CNES: reg, Options: &remessa.FinanciamentoOptions{
		FonteOrcamentaria: func(*remessa.Contexto) remessa.FonteOrcamentaria { return remessa.FonteAmpliacaoAcesso },
		RubricasFAEC:      map[sigtap.Regra]sigtap.Rubrica{sigtap.RegraFinanciamentoFAEC: 40086},
	}}
	d, _ := f.Decidir(sigtap.MustParseCompetencia("202601"), line)
	fmt.Println(d.Financiamento, d.Rubrica, d.SemRepasse)
	for _, c := range d.Criticas {
		fmt.Println(c)
	}
	// Output:
	// 04 040086 true
	// linha 41 (prd_cpf_pcnte): erro PROGRAMA_CPF_OBRIGATORIO: ATENDIMENTO DO PROGRAMA AGORA TEM ESPECIALISTAS EXIGE CPF DO PACIENTE [raça 01, sem CPF (o CNS só é aceito para raça 05 indígena)]
}

// Regra 0001: in a CEO (habilitação 04.03) the procedure must be in BPA-I
// with serviço 114/007.
func ExampleFinanciador_Decidir() {
	set, reg := world()
	f := remessa.Financiador{SIGTAP: set, CNES: reg}
	line := &bpa.Consolidado{Line: 4, CNES: cnes.MustParseCode("9990002"), Competencia: sigtap.MustParseCompetencia("202601"),
		Procedimento: sigtap.MustParseCode("0101020058"), Quantidade: 5}
	d, _ := f.Decidir(sigtap.MustParseCompetencia("202601"), line)
	fmt.Println(d.Financiamento, d.Regras)
	fmt.Println(d.Criticas[0])
	// Output:
	// 01 [0001]
	// linha 4 (prd_pa): erro REGRA_0001: PROCED.NAO ACEITO PELA REGRA CONDICIONADA 0001 [BPA-C em estabelecimento com habilitação 04.03 (CEO); deve ser BPA-I com serviço 114/007]
}

func ExampleFinanciador_Contexto() {
	set, reg := world()
	f := remessa.Financiador{SIGTAP: set, CNES: reg}
	ctx := f.Contexto(sigtap.MustParseCompetencia("202601"), programmeLine(""))
	h, known := ctx.HasHabilitacao(sigtap.HabilitacaoModalidade1)
	fmt.Println(ctx.Procedure.Name, ctx.Procedure.Financing)
	fmt.Println(ctx.Snapshot.Competencia(), h, known)
	// Output:
	// TRATAMENTO CIRÚRGICO DO SINUS PRÉ-AURICULAR 06
	// 202601 true true
}

func ExampleParseModalidade() {
	for _, s := range []string{"M2", "modalidade 3", "I", "nenhuma"} {
		m, err := remessa.ParseModalidade(s)
		fmt.Println(m, m.Habilitacao().Format(), m.Regra(), m.Atributos(), err)
	}
	// Output:
	// M2 38.03 0014 [059] <nil>
	// M3 38.04 0014 [060] <nil>
	// M1 38.02 0015 [051 052 053] <nil>
	// nenhuma 00.00 0000 [] <nil>
}

func ExampleRegras() {
	for _, g := range remessa.Regras() {
		if g.BPA {
			fmt.Println(g.Code, g.Name)
		}
	}
	// Output:
	// 0001 CONDICIONA REGISTRO EM BPA-I (CEO E PCD)
	// 0002 CONDICIONA O TIPO DE FINANCIAMENTO POR FAEC (POB)
	// 0005 FINANCIAMENTO POR FAIXA ETÁRIA - MAMOGRAFIA
	// 0013 GERA COMPENSAÇÃO FINANCEIRA
	// 0014 CONDICIONA O TIPO DE FINANCIAMENTO EM MAC
	// 0015 CONDICIONA O TIPO DE FINANCIAMENTO EM FAEC
}

func ExampleLookupRegra() {
	g, ok := remessa.LookupRegra(sigtap.RegraSecundariosZerados)
	fmt.Println(g.Code, g.BPA, ok)
	fmt.Println(g.Effect)
	// Output:
	// 0009 false true
	// zero value for the secondary procedures of an APAC principal; a BPA line has no secondaries
}

package remessa_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest/demo"
)

// Check a month's production against SIGTAP and CNES and print the lines
// SIA would reject.
func ExampleChecker_Check() {
	set, reg, err := demoSources() // sigtap.OpenSet("releases/", nil), cnes.OpenRegistry("cnes/", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	file, err := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	if err != nil {
		fmt.Println(err)
		return
	}
	ck := &remessa.Checker{SIGTAP: set, CNES: reg, Workers: 1}
	sum, err := ck.Check(bytes.NewReader(file), func(r *remessa.Result) error {
		if r.Line <= 8 && r.Rejected() {
			fmt.Println(r.Line, r.Status, r.Criticas[0].Code, r.Criticas[0].Message)
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Lines, "lines,", sum.Approved, "aprovadas,", sum.Rejected, "rejeitadas,", sum.Unverified, "não verificadas")
	for _, c := range sum.Criticas { // file-level: the late line's competência has no data
		fmt.Println(c.Severity, c.Code, c.Message)
	}
	// Output:
	// 4 rejeitada REGRA_0001 PROCED.NAO ACEITO PELA REGRA CONDICIONADA 0001
	// 5 rejeitada SERVICO_NAO_CADASTRADO PROCED.EXIGE SERV./CLASS. NAO CADAST. NO CNES
	// 6 rejeitada COMPETENCIA_FORA_DO_PRAZO COMPETENCIA FORA DO PRAZO DE APRESENTACAO
	// 8 rejeitada PROFISSIONAL_NAO_VINCULADO CNS DO PROFISSIONAL NAO ENCONTRADO NO ESTAB/EQUIPE
	// 47 lines, 27 aprovadas, 20 rejeitadas, 0 não verificadas
	// nao_verificado SIGTAP_SEM_TABELA NAO VERIFICADO: NENHUMA TABELA SIGTAP CARREGADA PARA A COMPETENCIA 09/2025
	// nao_verificado CNES_SEM_BASE NAO VERIFICADO: NENHUMA BASE DO CNES CARREGADA PARA A COMPETENCIA 09/2025
}

// A Checker fails closed: without a CNES registry it refuses to run,
// unless the caller accepts to check without it — and then no line is
// approved, only não verificada.
func ExampleChecker_allowMissing() {
	set, _, err := demoSources()
	if err != nil {
		fmt.Println(err)
		return
	}
	file, _ := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")

	ck := &remessa.Checker{SIGTAP: set}
	_, err = ck.Value(bytes.NewReader(file))
	fmt.Println(errors.Is(err, remessa.ErrNoCNES))

	ck.AllowMissing = []remessa.Source{remessa.FonteCNES}
	sum, err := ck.Value(bytes.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Approved, "aprovadas,", sum.Rejected, "rejeitadas,", sum.Unverified, "não verificadas")
	fmt.Println(sum.Criticas[0].Code, sum.Criticas[0].Message)
	// Output:
	// true
	// 0 aprovadas, 11 rejeitadas, 36 não verificadas
	// CNES_SEM_BASE NAO VERIFICADO: NENHUMA BASE DO CNES CARREGADA
}

// Value a month without listing lines.
func ExampleChecker_Value() {
	set, reg, err := demoSources()
	if err != nil {
		fmt.Println(err)
		return
	}
	file, _ := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	ck := &remessa.Checker{SIGTAP: set, CNES: reg, Disable: []remessa.Code{remessa.CodeForaDoPrazo}}
	sum, err := ck.Value(bytes.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Approved, sum.Rejected, sum.Unverified)
	fmt.Println(remessa.FormatBRL(sum.Valor.Approved), remessa.FormatBRL(sum.Valor.Rejected), remessa.FormatBRL(sum.Valor.Unverified))
	for _, t := range sum.ByFinanciamento() {
		fmt.Printf("%s: %s\n", sum.FinanciamentoName(t.Financiamento), remessa.FormatBRL(t.Approved))
	}
	// Output:
	// 27 19 1
	// R$ 5.297,53 R$ 2.178,53 R$ 0,00
	// Sem financiamento (procedimento ou tabela desconhecidos): R$ 0,00
	// Atenção Básica (PAB): R$ 0,00
	// Fundo de Ações Estratégicas e Compensações (FAEC): R$ 131,88
	// Média e Alta Complexidade (MAC): R$ 5.165,65
	// Vigilância em Saúde: R$ 0,00
}

func ExampleWriteTotals() {
	set, reg, err := demoSources()
	if err != nil {
		fmt.Println(err)
		return
	}
	file, _ := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	sum, err := (&remessa.Checker{SIGTAP: set, CNES: reg}).Value(bytes.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	sum.Totals = sum.Totals[len(sum.Totals)-1:] // keep the example short
	remessa.WriteTotals(os.Stdout, sum)
	// Output:
	// SINTESE DA PRODUCAO
	//   CNES    FIN RUBRICA LIN.APROV  QT.APROV       VALOR APROVADO   LIN.REJ      VALOR REJEITADO LIN.N.VER       VALOR N.VERIF.
	//   9990099 06                  0         0              R$ 0,00         1            R$ 268,75         0              R$ 0,00
	//   TOTAL                      27        77          R$ 5.297,53        20          R$ 2.178,53         0              R$ 0,00
}

func ExampleChecks() {
	for _, c := range remessa.Checks()[:3] {
		fmt.Println(c.Code, c.Source)
	}
	// Output:
	// COMPETENCIA_FORA_DO_PRAZO arquivo
	// PROCEDIMENTO_INEXISTENTE sigtap
	// INSTRUMENTO_INCOMPATIVEL sigtap
}

// Check a gestão's month — several BPA files of one processing competência
// — as one remessa: the cross-line rules hold across the files, and a
// summary comes per file and for the month.
func ExampleChecker_CheckFiles() {
	set, reg, err := demoSources()
	if err != nil {
		fmt.Println(err)
		return
	}
	file, _ := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	files := []remessa.Input{
		remessa.ReaderInput("PADEMO.JAN", bytes.NewReader(file)),
		// the same file sent again under another name: its lines repeat
		// attendances of the first (quantity, duplicates) and it is flagged
		remessa.ReaderInput("PACOPIA.JAN", bytes.NewReader(file)),
		// in real use: remessa.FileInput("/dados/PA2569302.JAN")
	}
	ck := &remessa.Checker{SIGTAP: set, CNES: reg}
	m, err := ck.CheckFiles(context.Background(), files, nil, func(s *remessa.Summary) error {
		fmt.Println(s.File, s.Lines, "lines,", s.Approved, "aprovadas")
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("month:", m.FileCount, "files,", m.Lines, "lines,", m.Approved, "aprovadas,", remessa.FormatBRL(m.Valor.Approved))
	for _, c := range m.Criticas {
		if c.Code == remessa.CodeArquivoDuplicado {
			fmt.Println(c.File, c.Severity, c.Message)
		}
	}
	// Output:
	// PADEMO.JAN 47 lines, 27 aprovadas
	// PACOPIA.JAN 47 lines, 6 aprovadas
	// month: 2 files, 94 lines, 33 aprovadas, R$ 5.580,68
	// PACOPIA.JAN aviso ARQUIVO COM PRODUCAO IDENTICA A DE OUTRO ARQUIVO DA REMESSA
}

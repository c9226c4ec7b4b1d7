package remessa_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// demoSummary checks the demo file and returns the summary.
func demoSummary() *remessa.Summary {
	set, _ := sigtap.LoadSet(demo.SIGTAP(), nil)
	reg, _ := cnes.NewRegistry()
	for _, c := range []string{"202512", "202601"} {
		sub, _ := fs.Sub(demo.FS, "cnes/"+c)
		s, _ := cnes.Load(sub, nil)
		reg.Add(s)
	}
	file, _ := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	sum, _ := (&remessa.Checker{SIGTAP: set, CNES: reg, File: "PADEMO.JAN"}).Value(bytes.NewReader(file))
	return sum
}

func ExampleWriteText() {
	sum := demoSummary()
	var b bytes.Buffer
	remessa.WriteText(&b, sum)
	lines := strings.Split(b.String(), "\n")
	fmt.Println(lines[0])
	fmt.Println(lines[2])
	// Output:
	// RELATORIO DE OCORRENCIAS NA CONSISTENCIA - JAN/2026
	// Linhas: 47  Aprovadas: 27  Rejeitadas: 20  Nao verificadas: 0
}

func ExampleWriteHTML() {
	sum := demoSummary()
	var b bytes.Buffer
	if err := remessa.WriteHTML(&b, sum); err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(b.String(), "<!DOCTYPE html>"), strings.Contains(b.String(), "<svg"))
	// Output: true true
}

func ExampleJSONLinesWriter() {
	w := remessa.NewJSONLinesWriter(os.Stdout)
	r := remessa.Result{Line: 2, Instrumento: remessa.BPAC, CNES: cnes.MustParseCode("9990002"),
		Competencia: sigtap.MustParseCompetencia("202601"), Folha: 1, Seq: 1, Procedimento: sigtap.MustParseCode("0301100039"),
		Quantidade: 40, Status: remessa.Aprovada, Approved: true, Financiamento: sigtap.FinanciamentoPAB, Valor: decimal.Zero}
	w.WriteResult(&r)
	// Output:
	// {"kind":"line","line":2,"instrumento":"BPA-C","cnes":"9990002","competencia":"202601","folha":1,"seq":1,"procedimento":"0301100039","quantidade":40,"status":"aprovada","approved":true,"financiamento":"01","valor":"0"}
}

func ExampleFormatBRL() {
	fmt.Println(remessa.FormatBRL(decimal.RequireFromString("1234567.8")))
	// Output: R$ 1.234.567,80
}

func ExampleParseSIAReport() {
	report := "BDSIA202601a****** 06.01\n" +
		" CNES : 9990001 CLINICA DE IMAGEM TESTE\n" +
		" BPAI 01/2026         001/03 0207010064 225320 700000000000005 CBO NAO CADASTRADO NO CNES\n"
	rep, err := remessa.ParseSIAReport(strings.NewReader(report))
	if err != nil {
		panic(err)
	}
	e := rep.Entries[0]
	fmt.Println(rep.Base, e.CNES, e.Tipo, e.Competencia, e.Folha, e.Seq, e.Procedimento, e.Message)
	// Output: BDSIA202601a 9990001 BPAI 202601 1 3 0207010064 CBO NAO CADASTRADO NO CNES
}

func ExampleCompareSIA() {
	rep, _ := remessa.ParseSIAReport(strings.NewReader(
		" BPAI 01/2026 001/03 0207010064 225320 700000000000005 CBO NAO CADASTRADO NO CNES\n"))
	ours := []remessa.Result{{Line: 5, Instrumento: remessa.BPAI, Competencia: sigtap.MustParseCompetencia("202601"),
		Folha: 1, Seq: 3, Procedimento: sigtap.MustParseCode("0207010064"),
		Criticas: []remessa.Critica{{Code: remessa.CodeCBOCNES, Severity: remessa.Erro}}}}
	c := remessa.CompareSIA(rep, ours)
	fmt.Println(len(c.Both), len(c.OnlySIA), len(c.OnlyGoSUS))
	// Output: 1 0 0
}

func ExampleTally() {
	var t remessa.Tally
	t.Add(&remessa.Result{CNES: cnes.MustParseCode("9990001"), Financiamento: sigtap.FinanciamentoMAC, Quantidade: 1, Valor: decimal.RequireFromString("268.75")})
	t.Add(&remessa.Result{CNES: cnes.MustParseCode("9990001"), Financiamento: sigtap.FinanciamentoMAC, Quantidade: 1, Valor: decimal.RequireFromString("268.75"),
		Criticas: []remessa.Critica{{Code: remessa.CodeCBO, Severity: remessa.Erro, Message: "CBO INCOMPATIVEL COM O PROCEDIMENTO"}}})
	s := t.Summary()
	fmt.Println(s.Approved, s.Rejected, s.Valor.Approved, s.Reasons[0].Code)
	// Output: 1 1 268.75 CBO_INCOMPATIVEL
}

// The month's text report: the month first, then each file.
func ExampleWriteMonthText() {
	set, reg, err := demoSources()
	if err != nil {
		fmt.Println(err)
		return
	}
	file, _ := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	m, err := (&remessa.Checker{SIGTAP: set, CNES: reg}).CheckFiles(context.Background(), []remessa.Input{
		remessa.ReaderInput("PADEMO.JAN", bytes.NewReader(file)),
		remessa.ReaderInput("PACOPIA.JAN", bytes.NewReader(file)),
	}, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b bytes.Buffer
	if err := remessa.WriteMonthText(&b, m); err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(b.String(), "\n")
	fmt.Println(lines[0])
	fmt.Println(lines[1])
	// Output:
	// REMESSA - JAN/2026 - 2 ARQUIVOS
	// Linhas: 94  Aprovadas: 33  Rejeitadas: 61  Nao verificadas: 0
}

// StatusOf is the rule every line's status follows.
func ExampleStatusOf() {
	fmt.Println(remessa.StatusOf(nil).Label())
	fmt.Println(remessa.StatusOf([]remessa.Critica{{Severity: remessa.Aviso}, {Severity: remessa.NaoVerificado}}).Label())
	fmt.Println(remessa.StatusOf([]remessa.Critica{{Severity: remessa.NaoVerificado}, {Severity: remessa.Erro}}))
	// Output:
	// aprovada
	// não verificada
	// rejeitada
}

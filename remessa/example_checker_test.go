package remessa_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/internal/demodata"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

// Check a month's production against SIGTAP and CNES and print the lines
// SIA would reject.
func ExampleChecker_Check() {
	set, _ := sigtap.LoadSet(demodata.FS, "sigtap") // or sigtap.OpenSet("releases/")
	sub, _ := fs.Sub(demodata.FS, "cnes/202601")
	snap, _ := cnes.Load(sub, nil) // or cnes.Open("BASE_DE_DADOS_CNES_202601.ZIP", …)
	reg, _ := cnes.NewRegistry(snap)
	file, _ := fs.ReadFile(demodata.FS, "bpa/PADEMO.JAN")

	ck := &remessa.Checker{Sigtap: set, CNES: reg, Workers: 1}
	sum, err := ck.Check(bytes.NewReader(file), func(r *remessa.Result) error {
		if r.Line <= 8 && !r.Approved {
			fmt.Println(r.Line, r.Criticas[0].Code, r.Criticas[0].Message)
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.Lines, "lines,", sum.Rejected, "rejected")
	for _, c := range sum.Criticas { // file-level: here, data not loaded
		fmt.Println(c.Severity, c.Code, c.Message)
	}
	// Output:
	// 4 REGRA_0001 PROCED.NAO ACEITO PELA REGRA CONDICIONADA 0001
	// 5 SERVICO_NAO_CADASTRADO PROCED.EXIGE SERV./CLASS. NAO CADAST. NO CNES
	// 6 COMPETENCIA_FORA_DO_PRAZO COMPETENCIA FORA DO PRAZO DE APRESENTACAO
	// 8 PROFISSIONAL_NAO_VINCULADO CNS DO PROFISSIONAL NAO ENCONTRADO NO ESTAB/EQUIPE
	// 47 lines, 20 rejected
	// nao_verificado CNES_SEM_BASE not checked: no CNES registry loaded for 202509
	// nao_verificado CNES_SEM_BASE not checked: no CNES registry loaded for 202512
	// nao_verificado SIGTAP_SEM_TABELA not checked: no SIGTAP release loaded for 202509
}

// Value a month without listing lines.
func ExampleChecker_Value() {
	set, _ := sigtap.LoadSet(demodata.FS, "sigtap")
	file, _ := fs.ReadFile(demodata.FS, "bpa/PADEMO.JAN")
	ck := &remessa.Checker{Sigtap: set, Disable: []remessa.Code{remessa.CodeForaDoPrazo}}
	sum, _ := ck.Value(bytes.NewReader(file))
	fmt.Println(remessa.FormatBRL(sum.Valor.Approved), remessa.FormatBRL(sum.Valor.Rejected))
	for _, t := range sum.ByFinanciamento() {
		fmt.Println(t.Financiamento, remessa.FormatBRL(t.Approved))
	}
	// Output:
	// R$ 5.901,53 R$ 1.574,53
	//  R$ 0,00
	// 01 R$ 0,00
	// 04 R$ 75,00
	// 06 R$ 5.826,53
	// 07 R$ 0,00
}

func ExampleWriteTotals() {
	set, _ := sigtap.LoadSet(demodata.FS, "sigtap")
	file, _ := fs.ReadFile(demodata.FS, "bpa/PADEMO.JAN")
	sum, _ := (&remessa.Checker{Sigtap: set}).Value(bytes.NewReader(file))
	sum.Totals = sum.Totals[len(sum.Totals)-1:] // keep the example short
	remessa.WriteTotals(os.Stdout, sum)
	// Output:
	// SINTESE DA PRODUCAO
	//   CNES    FIN RUBRICA LIN.APROV  QT.APROV   VALOR APROVADO   LIN.REJ  VALOR REJEITADO
	//   9990099 06                  1         1        R$ 268,75         0          R$ 0,00
	//   TOTAL                      36        92      R$ 5.901,53        11      R$ 1.574,53
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

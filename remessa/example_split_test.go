package remessa_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"log"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

// Split the demo file PADEMO.JAN into its PAB/Vigilância and MAC/FAEC
// files. Line 6 is of 09/2025, for which the demo world has no SIGTAP
// release: its financing is unknown and it goes to the MAC/FAEC file.
func ExampleSplit() {
	set, reg := world()
	b, err := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	if err != nil {
		log.Fatal(err)
	}
	f, err := bpa.Decode(bytes.NewReader(b))
	if err != nil {
		log.Fatal(err)
	}
	res, err := remessa.Split(f, &remessa.SplitOptions{SIGTAP: set, CNES: reg})
	if err != nil {
		log.Fatal(err)
	}
	for _, sf := range res.Files {
		h := sf.File.Header
		fmt.Printf("%s %s: %d lines, %d folhas, control %d\n", sf.Name, sf.Part, h.Lines, h.Folhas, h.Control)
	}
	fmt.Println("PAB/Vigilância lines:", res.File(remessa.SplitPAB).Lines)
	fmt.Println("financing unknown:", res.Unknown)
	// Output:
	// PADEMOPV.JAN pab-vigilancia: 4 lines, 3 folhas, control 1883
	// PADEMOMF.JAN mac-faec: 43 lines, 15 folhas, control 2082
	// PAB/Vigilância lines: [3 4 5 44]
	// financing unknown: [6]
}

func ExampleSplitRecords() {
	set, _ := world()
	c, poli := sigtap.MustParseCompetencia("202601"), cnes.MustParseCode("9990002")
	recs := []bpa.Record{
		&bpa.Consolidado{CNES: poli, Competencia: c, Procedimento: sigtap.MustParseCode("0214010015"), Quantidade: 3},
		&bpa.Consolidado{CNES: poli, Competencia: c, Procedimento: sigtap.MustParseCode("0301010072"), Quantidade: 2, Idade: 40},
	}
	h := bpa.Header{Competencia: c, Responsavel: "SECRETARIA TESTE", Sigla: "CAPSAD", Destino: "SES", DestinoTipo: "E", Versao: "D04.11"}
	res, err := remessa.SplitRecords(h, recs, &remessa.SplitOptions{SIGTAP: set})
	if err != nil {
		log.Fatal(err)
	}
	for _, sf := range res.Files {
		var buf bytes.Buffer
		if err := sf.File.Encode(&buf, nil); err != nil {
			log.Fatal(err)
		}
		h := sf.File.Header
		fmt.Printf("%s: cbc_lin %d, cbc_flh %d, cbc_smt_vrf %d\n", sf.Name, h.Lines, h.Folhas, h.Control)
	}
	// Output:
	// PACAPSADPV.JAN: cbc_lin 1, cbc_flh 1, cbc_smt_vrf 1421
	// PACAPSADMF.JAN: cbc_lin 1, cbc_flh 1, cbc_smt_vrf 1289
}

func ExampleSplitPartOf() {
	for _, f := range []sigtap.Financiamento{sigtap.FinanciamentoPAB, sigtap.FinanciamentoVigilancia, sigtap.FinanciamentoFAEC, sigtap.FinanciamentoAssistenciaFarmaceutica, 0} {
		fmt.Println(f, remessa.SplitPartOf(f))
	}
	// Output:
	// 01 pab-vigilancia
	// 07 pab-vigilancia
	// 04 mac-faec
	// 02 mac-faec
	// 00 mac-faec
}

func ExampleSplitID() {
	fmt.Println(remessa.SplitID("CAPSAD", remessa.SplitPAB), remessa.SplitID("SMS DF", remessa.SplitMAC), remessa.SplitID("", remessa.SplitPAB))
	// Output: CAPSADPV SMSDFMF BPAPV
}

package bpa_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// exampleRecords returns one BPA-C and one BPA-I record without numbering.
func exampleRecords() []bpa.Record {
	c := sigtap.MustParseCompetencia("202512")
	at := bpa.NewDate(2025, time.December, 10)
	birth := bpa.NewDate(1990, time.March, 5)
	return []bpa.Record{
		&bpa.Consolidado{CNES: cnes.MustParseCode("1234567"), Competencia: c, CBO: sigtap.MustParseCBO("225125"),
			Procedimento: sigtap.MustParseCode("0301010072"), Quantidade: 12},
		&bpa.Individualizado{CNES: cnes.MustParseCode("1234567"), Competencia: c,
			CNSProfissional: cns.MustParseCNS("107123814550008"), CBO: sigtap.MustParseCBO("225125"),
			DataAtendimento: at, Procedimento: sigtap.MustParseCode("0301010072"),
			CNSPaciente: cns.MustParseCNS("114735289060006"), Sexo: "F", IBGE: "530010", Idade: birth.YearsAt(at),
			Quantidade: 1, Carater: "01", Nome: "MARIA DA CONCEIÇÃO", DataNascimento: birth, Raca: "03",
			Nacionalidade: "010", SituacaoRua: "N"},
	}
}

func exampleFile() []byte {
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512"), Sigla: "SMSTST", Versao: "GOSUS"}
	files, err := bpa.Build(h, exampleRecords(), nil)
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if err := files[0].Encode(&buf, nil); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func ExampleBuild() {
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512"), Sigla: "SMSTST"}
	files, err := bpa.Build(h, exampleRecords(), nil)
	if err != nil {
		panic(err)
	}
	f := files[0]
	fmt.Println(f.Header.Lines, f.Header.Folhas, f.Header.Control)
	for _, rec := range f.Records {
		switch r := rec.(type) {
		case *bpa.Consolidado:
			fmt.Println("BPA-C folha", r.Folha, "seq", r.Seq, r.Origem)
		case *bpa.Individualizado:
			fmt.Println("BPA-I folha", r.Folha, "seq", r.Seq, r.Origem)
		}
	}
	// Output:
	// 2 2 1476
	// BPA-C folha 1 seq 1 BPA
	// BPA-I folha 1 seq 1 BPA
}

func ExampleEncode() {
	var buf bytes.Buffer
	f := exampleFile()
	rd, _ := bpa.Decode(bytes.NewReader(f))
	if err := bpa.Encode(&buf, rd.Header, rd.Records, nil); err != nil {
		panic(err)
	}
	lines := strings.Split(buf.String(), "\r\n")
	fmt.Println(len(lines[0]), len(lines[1]), len(lines[2]), bytes.Equal(buf.Bytes(), f))
	fmt.Printf("%q\n", lines[1])
	// Output:
	// 130 48 350 true
	// "021234567202512225125001010301010072000000012BPA"
}

func ExampleNewReader() {
	r := bpa.NewReader(bytes.NewReader(exampleFile()))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		switch rec := rec.(type) {
		case *bpa.Header:
			fmt.Println("header", rec.Competencia.Format(), rec.Lines, "lines")
		case *bpa.Consolidado:
			fmt.Println("BPA-C", rec.Procedimento.Format(), rec.Quantidade)
		case *bpa.Individualizado:
			fmt.Println("BPA-I", rec.Procedimento.Format(), rec.CNSPaciente.Masked(), rec.Nome, rec.Version)
		}
	}
	// Output:
	// header 12/2025 2 lines
	// BPA-C 03.01.01.007-2 12
	// BPA-I 03.01.01.007-2 *** **** **** 0006 MARIA DA CONCEIÇÃO 350
}

func ExampleReader_All() {
	data := strings.Replace(string(exampleFile()), "\r\n", "\n", -1) // LF only
	r := bpa.NewReader(strings.NewReader(data))
	n := 0
	for _, err := range r.All() {
		if err == nil {
			n++
		}
	}
	fmt.Println(n, "records")
	for _, p := range r.Problems() {
		fmt.Println(p)
	}
	// Output:
	// 3 records
	// linha 1: aviso BPA-EOL-LF: LINHA TERMINADA SO EM LF, SEM CR [3 linhas, a primeira na linha 1]
}

func ExampleReader_ReadView() {
	r := bpa.NewReader(bytes.NewReader(exampleFile()))
	var sum uint64
	for {
		v, err := r.ReadView()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue
		}
		if t, ok := v.ControlTerm(); ok {
			sum += t
		}
		if v.Type() == bpa.TypeIndividualizado {
			fmt.Printf("%s %s\n", v.Procedimento(), v.FieldByName("prd_sexo"))
		}
	}
	lines, control := r.Totals()
	fmt.Println(sum%1111+1111, lines, control)
	// Output:
	// 0301010072 F
	// 1476 2 1476
}

func ExampleNewWriter() {
	f, err := os.CreateTemp("", "bpa-example")
	if err != nil {
		panic(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512")}
	w := bpa.NewWriter(f, h) // the header is rewritten at Close
	var n bpa.Numberer
	for _, rec := range exampleRecords() {
		if err := n.Number(rec); err != nil {
			panic(err)
		}
		if err := w.Write(rec); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	got, _ := os.ReadFile(f.Name())
	fmt.Printf("%q\n", got[:29])
	// Output:
	// "01#BPA#2025120000020000021476"
}

func ExampleWriteOptions() {
	recs := exampleRecords()
	i := recs[1].(*bpa.Individualizado)
	i.Nome = "MARIA DA CONCEIÇÃO DOS SANTOS PEREIRA"
	i.Folha, i.Seq = 1, 1
	recs[0].(*bpa.Consolidado).Folha, recs[0].(*bpa.Consolidado).Seq = 1, 1
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512")}
	err := bpa.Encode(io.Discard, h, recs, nil)
	fmt.Println(err)
	var buf bytes.Buffer
	err = bpa.Encode(&buf, h, recs, &bpa.WriteOptions{FoldASCII: true, Truncate: true})
	fmt.Println(err, strings.Contains(buf.String(), "MARIA DA CONCEICAO DOS SANTOS "))
	// Output:
	// bpa: line 3: field prd_nmpac: value longer than the field (maximum 30)
	// <nil> true
}

func ExampleValidate() {
	data := exampleFile()
	data[26] = '9' // header control field: 1476 → 1976
	ps, err := bpa.Validate(bytes.NewReader(data))
	if err != nil {
		panic(err)
	}
	for _, p := range ps {
		fmt.Println(p)
	}
	fmt.Println(bpa.HasErrors(ps))
	// Output:
	// linha 1, coluna 26 (cbc_smt_vrf): erro BPA-HDR-CTRL: CAMPO DE CONTROLE DO CABECALHO INCORRETO [cbc_smt_vrf 1976, calculado pelas linhas 1476]
	// true
}

func ExampleValidateRecord() {
	i := exampleRecords()[1].(*bpa.Individualizado)
	i.Folha, i.Seq = 1, 1
	i.CPF = cns.MustParseCPF("69626350954") // both CPF and CNS
	i.Raca = "99"
	ctx := &bpa.Context{Mvm: sigtap.MustParseCompetencia("202512")}
	for _, p := range bpa.ValidateRecord(i, ctx) {
		fmt.Println(p.Code, p.Field, p.Message, "|", p.Facts)
	}
	// Output:
	// BPA-ORG prd_org ORIGEM DO REGISTRO INVALIDA | prd_org deve ser BPA, PNI, SIE, SIB, MIN, PAC, SCL ou EXT
	// BPA-RACA prd_raca RACA/COR INVALIDA | raça 99 (sem informação) não é aceita a partir da competência 04/2023
	// BPA-CPF-CNS prd_cpf_pcnte PACIENTE IDENTIFICADO POR CPF E CNS AO MESMO TEMPO | informe apenas um documento: o CPF ou o CNS
}

func ExampleToJSON() {
	var js bytes.Buffer
	if err := bpa.ToJSON(&js, bytes.NewReader(exampleFile())); err != nil {
		panic(err)
	}
	lines := strings.Split(js.String(), "\n")
	fmt.Println(lines[1])
	var back bytes.Buffer
	if err := bpa.FromJSON(&back, &js); err != nil {
		panic(err)
	}
	fmt.Println(bytes.Equal(back.Bytes(), exampleFile()))
	// Output:
	// {"tipo":"02","prd_cnes":"1234567","prd_cmp":"202512","prd_cbo":"225125","prd_flh":"001","prd_seq":"01","prd_pa":"0301010072","prd_idade":"000","prd_qt":"000012","prd_org":"BPA"}
	// true
}

func ExampleParseJSONRecord() {
	rec, err := bpa.ParseJSONRecord([]byte(`{"tipo":"02","prd_cnes":"1234567","prd_cmp":"202512","prd_pa":"0301010072","prd_qt":"3","prd_org":"BPA"}`), 0)
	if err != nil {
		panic(err)
	}
	c := rec.(*bpa.Consolidado)
	fmt.Println(c.CNES, c.Competencia, c.Procedimento, c.Quantidade)
	_, err = bpa.ParseJSONRecord([]byte(`{"tipo":"02","prd_qt":"1234567"}`), 0)
	fmt.Println(err)
	// Output:
	// 1234567 202512 0301010072 3
	// bpa: (prd_qt): value longer than the field (maximum 6)
}

func ExampleVersionFor() {
	for _, c := range []string{"201412", "202405", "202512", "202607"} {
		fmt.Println(c, bpa.VersionFor(sigtap.MustParseCompetencia(c)))
	}
	// Output:
	// 201412 328
	// 202405 349
	// 202512 350
	// 202607 351
}

func ExampleControlField() {
	codes := []sigtap.Code{sigtap.MustParseCode("0301070105"), sigtap.MustParseCode("0301070105")}
	fmt.Println(bpa.ControlField(codes, []int{1, 1}))
	// Output: 1543
}

func ExampleNumberer() {
	var n bpa.Numberer
	est := cnes.MustParseCode("1234567")
	for i := 0; i < 22; i++ {
		rec := &bpa.Consolidado{CNES: est}
		if err := n.Number(rec); err != nil {
			panic(err)
		}
		if i >= 19 {
			fmt.Println(rec.Folha, rec.Seq)
		}
	}
	// Output:
	// 1 20
	// 2 1
	// 2 2
}

func ExampleDate_YearsAt() {
	birth := bpa.NewDate(2000, time.February, 29)
	fmt.Println(birth.YearsAt(bpa.NewDate(2025, time.February, 28)), birth.YearsAt(bpa.NewDate(2025, time.March, 1)))
	// Output: 24 25
}

func ExampleDecode() {
	f, err := bpa.Decode(bytes.NewReader(exampleFile()))
	if err != nil {
		panic(err)
	}
	fmt.Println(f.Header.Sigla, len(f.Records), f.Records[1].(*bpa.Individualizado).Nome)
	// Output: SMSTST 2 MARIA DA CONCEIÇÃO
}

func ExampleTotals() {
	var t bpa.Totals
	for _, rec := range exampleRecords() {
		t.Add(rec)
	}
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512")}
	if err := t.Apply(&h); err != nil {
		panic(err)
	}
	fmt.Println(h.Lines, h.Folhas, h.Control)
	// Output: 2 2 1476
}

func ExampleNewWriterTotals() {
	recs := exampleRecords()
	var n bpa.Numberer
	var t bpa.Totals
	for _, rec := range recs { // first pass: numbering and totals
		_ = n.Number(rec)
		t.Add(rec)
	}
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512")}
	_ = t.Apply(&h)
	var buf bytes.Buffer
	w := bpa.NewWriterTotals(&buf, h) // any io.Writer: no seeking
	w.FoldASCII = true
	for _, rec := range recs {
		if err := w.Write(rec); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	for _, line := range strings.SplitAfter(buf.String(), "\r\n") {
		if line != "" {
			fmt.Printf("%d %q\n", len(line), line[:20])
		}
	}
	fmt.Println(strings.Contains(buf.String(), "MARIA DA CONCEICAO "))
	// Output:
	// 132 "01#BPA#2025120000020"
	// 50 "02123456720251222512"
	// 352 "03123456720251210712"
	// true
}

func ExampleValidator() {
	v := &bpa.Validator{Skip: []string{bpa.CodeIBGE}}
	r := bpa.NewReader(bytes.NewReader(exampleFile()))
	r.ReuseRecord = true
	var ps []bpa.Problem
	for rec, err := range r.All() {
		if err != nil {
			ps = append(ps, bpa.ProblemOf(err))
			continue
		}
		ps = v.Record(ps, rec) // plus the caller's own checks
	}
	lines, control := r.Totals()
	ps = v.Finish(ps, lines, control)
	fmt.Println(len(ps), "problems")
	// Output: 0 problems
}

func ExampleAppendProblems() {
	c := &bpa.Consolidado{Line: 2, CNES: cnes.MustParseCode("1234567"), Competencia: sigtap.MustParseCompetencia("202512"),
		Folha: 1, Seq: 21, Procedimento: sigtap.MustParseCode("0301010072"), Quantidade: 1, Origem: "BPA"}
	ps := bpa.AppendProblems(nil, c, &bpa.Context{Mvm: sigtap.MustParseCompetencia("202512")})
	fmt.Println(ps[0])
	// Output: linha 2, coluna 25 (prd_seq): erro BPA-SEQ: SEQUENCIA DA LINHA NA FOLHA INVALIDA [seq 21 fora de 01–20]
}

func ExampleFieldByName() {
	f, _ := bpa.FieldByName(bpa.TypeIndividualizado, bpa.V350, "prd_cpf_pcnte")
	fmt.Println(f.Name, f.Start, f.End(), f.Kind, f.Blank)
	fmt.Println(len(bpa.Fields(bpa.TypeIndividualizado, bpa.V351)), bpa.Width(bpa.TypeIndividualizado, bpa.V338))
	// Output:
	// prd_cpf_pcnte 339 349 NUM spaces
	// 40 338
}

func ExampleDecode_notBPA() {
	// A file that is not a BPA export: one error naming it, no lines.
	_, err := bpa.Decode(strings.NewReader("CO_CNES;NO_FANTASIA\r\n1234567;POSTO CENTRAL\r\n"))
	fmt.Println(errors.Is(err, bpa.ErrNotBPA))

	r := bpa.NewReader(strings.NewReader(""))
	r.File = "PACAPSAD.SET" // os.File inputs name themselves
	_, err = r.Read()
	fmt.Println(err, errors.Is(err, bpa.ErrEmpty))
	// Output:
	// true
	// bpa: PACAPSAD.SET: empty file true
}

func ExampleWriteOptions_number() {
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512")}
	recs := exampleRecords() // no folha/seq, no prd_org
	err := bpa.Encode(io.Discard, h, recs, nil)
	fmt.Println(errors.Is(err, bpa.ErrNotNumbered), err)

	var buf bytes.Buffer
	err = bpa.Encode(&buf, h, recs, &bpa.WriteOptions{Number: true})
	c := recs[0].(*bpa.Consolidado)
	fmt.Println(err, c.Folha, c.Seq)
	fmt.Printf("%q\n", strings.Split(buf.String(), "\r\n")[1])
	// Output:
	// true bpa: line 2: field prd_flh: folha/seq is 0: number the record (Build, a Numberer or WriteOptions.Number)
	// <nil> 1 1
	// "021234567202512225125001010301010072000000012BPA"
}

func ExampleFieldSince() {
	fmt.Println(bpa.FieldSince("prd_cpf_pcnte"), bpa.FieldSince("prd_sem_cpf"))
	fmt.Println(bpa.Versions, bpa.V351.Since())
	// Output:
	// 202404 202607
	// [328 338 349 350 351] 202607
}

func ExampleSeverity() {
	var s bpa.Severity
	if err := s.UnmarshalText([]byte("aviso")); err != nil {
		panic(err)
	}
	fmt.Println(s == bpa.Aviso, bpa.Erro, bpa.NaoVerificado)
	// Output: true erro nao_verificado
}

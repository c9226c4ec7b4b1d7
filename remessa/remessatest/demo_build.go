package remessatest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/bpa/bpatest"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/autorizacao"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

// DemoMvm is the processing month of the demo file (01/2026).
var DemoMvm = sigtap.MustParseCompetencia("202601")

// DemoLine is one production line of the demo file with what the checker
// must say about it.
type DemoLine struct {
	Record   bpa.Record // the numbered record, with its line number
	Purpose  string     // what the line demonstrates
	Expected []string   // crítica codes (erro, aviso) expected on the line (empty: approved); "não verificado" ones are not listed
}

// Professionals of the demo CNES registry (demo/cnes/202601/FIXTURE.md).
var (
	profRadiologista = demoProf{"9990001", "294022552400001", "225320"} // P01
	profClinicoImg   = demoProf{"9990001", "818958243938139", "225125"} // P02
	profDentista     = demoProf{"9990002", "239552768670018", "223208"} // P03
	profEnfermeira   = demoProf{"9990002", "252370280660009", "223505"} // P04
	profClinicoPoli  = demoProf{"9990002", "807016416458479", "225125"} // P05, EqAE member
	profCardio       = demoProf{"9990002", "140179801280004", "225120"} // P06
	profBiomedico    = demoProf{"9990002", "192448388680018", "221205"} // P07
	profDesativado   = demoProf{"9990003", "103846710280008", "225125"} // P08
	profNaoSUS       = demoProf{"9990004", "254082632430005", "225125"} // P11
	profSobrecarga   = demoProf{"9990004", "174348608370007", "225125"} // P12, 180 h
	profLab          = demoProf{"9990007", "194860842410004", "221205"} // P15
)

const ineEqAE = "4865539836" // T1, type 81, establishment 9990002

type demoProf struct{ cnes, cns, cbo string }

// demoBuilder makes coherent fake patients and lines.
type demoBuilder struct {
	r     *rand.Rand
	lines []DemoLine
}

type demoPatient struct {
	cpf   cns.CPF
	cns   cns.CNS
	name  string
	birth time.Time
	sex   string
	raca  string
	addr  bpatest.Address
}

func (b *demoBuilder) patient(age int, sex string) demoPatient {
	at := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	p := demoPatient{cpf: bpatest.CPF(b.r), name: bpatest.Name(b.r), birth: bpatest.BirthDate(b.r, at, age, age), sex: sex, raca: "03", addr: bpatest.NewAddress(b.r)}
	p.addr.Municipio = "530010"
	p.addr.CEP = "70" + p.addr.CEP[2:]
	return p
}

// bpai returns a valid BPA-I record for patient p seen by professional f.
func (b *demoBuilder) bpai(f demoProf, proc string, p demoPatient, day int) *bpa.Individualizado {
	at := time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC)
	return &bpa.Individualizado{
		CNES:            cnes.MustParseCode(f.cnes),
		Competencia:     DemoMvm,
		CNSProfissional: cns.MustParseCNS(f.cns),
		CBO:             sigtap.MustParseCBO(f.cbo),
		DataAtendimento: bpa.DateOf(at),
		Procedimento:    sigtap.MustParseCode(proc),
		CPF:             p.cpf,
		CNSPaciente:     p.cns,
		Sexo:            p.sex,
		IBGE:            p.addr.Municipio,
		Idade:           bpa.DateOf(p.birth).YearsAt(bpa.DateOf(at)),
		Quantidade:      1,
		Carater:         "01",
		Origem:          "BPA",
		Nome:            p.name,
		DataNascimento:  bpa.DateOf(p.birth),
		Raca:            p.raca,
		Nacionalidade:   "010",
		CEP:             p.addr.CEP,
		Logradouro:      p.addr.StreetType.Code,
		Endereco:        p.addr.Street,
		Complemento:     p.addr.Complement,
		Numero:          p.addr.Number,
		Bairro:          p.addr.District,
		SituacaoRua:     "N",
	}
}

func (b *demoBuilder) add(rec bpa.Record, purpose string, expected ...string) {
	b.lines = append(b.lines, DemoLine{Record: rec, Purpose: purpose, Expected: expected})
}

func demoBPAC(estab, cbo, proc string, idade, qt int) *bpa.Consolidado {
	c := &bpa.Consolidado{CNES: cnes.MustParseCode(estab), Competencia: DemoMvm, Procedimento: sigtap.MustParseCode(proc), Idade: idade, Quantidade: qt, Origem: "BPA"}
	if cbo != "" {
		c.CBO = sigtap.MustParseCBO(cbo)
	}
	return c
}

// demoAPAC returns a valid APAC number of the Agora Tem Especialistas
// programme (5th digit 9) for the DF.
func demoAPAC(seq int) string {
	a, err := autorizacao.New(53, 26, 9, seq)
	if err != nil {
		panic(err)
	}
	return a.String()
}

// DemoLines returns the demo production in file order (before numbering):
// the lines of the demo world's BPA file, each with its purpose and the
// críticas remessa.Checker must raise on it.
func DemoLines() []DemoLine {
	b := &demoBuilder{r: rand.New(rand.NewPCG(2026, 1))}
	const (
		rmCranio   = "0207010064"
		rmCervical = "0207010030"
		rmProstata = "0207030057"
		mamografia = "0204030188"
		glicose    = "0202010473"
		consulta   = "0301010072"
		consultaNS = "0301010048"
		afericao   = "0301100039"
		cariostat  = "0101020058"
		cd4        = "0202030024"
		anatomo    = "0203020030"
		sinus      = "0401020150"
		puncao     = "0201010607"
		proteinaC  = "0202020550"
		oci        = "0901010014"
		vigilancia = "0102010056"
	)
	ok := "approved"

	// 9990001 CLINICA DE IMAGEM TESTE: MRI service contracted by the SES.
	for d := 5; d < 25; d += 2 {
		p := b.patient(30+d, []string{"F", "M"}[d%2])
		rec := b.bpai(profRadiologista, rmCranio, p, d)
		rec.Servico, rec.Classificacao = "121", "004"
		b.add(rec, ok+": MRI of the head by the radiologist")
	}
	for d := 6; d < 20; d += 3 {
		rec := b.bpai(profRadiologista, rmCervical, b.patient(40+d, "F"), d)
		b.add(rec, ok+": MRI of the cervical spine")
	}
	{
		p := b.patient(52, "F")
		rec := b.bpai(profRadiologista, mamografia, p, 8)
		b.add(rec, ok+": screening mammography, 52 years")
		rec = b.bpai(profRadiologista, mamografia, b.patient(30, "F"), 9)
		b.add(rec, "mammography at 30 years: SIGTAP minimum age is 420 months", string(remessa.CodeIdade))
	}
	{
		p := b.patient(61, "M")
		b.add(b.bpai(profRadiologista, rmProstata, p, 12), ok+": prostate MRI, male patient")
		b.add(b.bpai(profRadiologista, rmProstata, b.patient(45, "F"), 13), "prostate MRI for a female patient", string(remessa.CodeSexo))
	}
	{
		p := b.patient(47, "M")
		b.add(b.bpai(profRadiologista, rmCranio, p, 14), ok+": MRI of the head")
		b.add(b.bpai(profRadiologista, rmCranio, p, 21), "second head MRI for the same patient in the month: QT_MAXIMA_EXECUCAO is 1", string(remessa.CodeQuantidade))
	}
	b.add(b.bpai(profClinicoImg, rmCranio, b.patient(38, "F"), 15), "MRI reported by a clinician: only CBO 225320 may perform it", string(remessa.CodeCBO))
	{
		rec := b.bpai(demoProf{"9990001", profDentista.cns, "225320"}, rmCranio, b.patient(33, "M"), 16)
		b.add(rec, "professional of another establishment", string(remessa.CodeProfissional), string(remessa.CodeCBOCNES))
	}
	{
		rec := b.bpai(profRadiologista, rmCranio, b.patient(29, "F"), 17)
		rec.Competencia = sigtap.MustParseCompetencia("202509")
		rec.DataAtendimento = bpa.NewDate(2025, 9, 17)
		rec.Idade = rec.DataNascimento.YearsAt(rec.DataAtendimento)
		b.add(rec, "attendance of 09/2025 presented in 01/2026: more than 3 competências late", string(remessa.CodeForaDoPrazo))
	}
	{
		rec := b.bpai(profRadiologista, rmCervical, b.patient(57, "M"), 18)
		rec.Competencia = sigtap.MustParseCompetencia("202512")
		rec.DataAtendimento = bpa.NewDate(2025, 12, 18)
		rec.Idade = rec.DataNascimento.YearsAt(rec.DataAtendimento)
		b.add(rec, ok+": December attendance presented in January, judged by SIGTAP and CNES of 12/2025")
	}
	{
		rec := b.bpai(profRadiologista, oci, b.patient(50, "F"), 19)
		b.add(rec, "OCI procedure: SIGTAP allows it only in APAC", string(remessa.CodeInstrumento))
	}
	{
		rec := b.bpai(profRadiologista, rmCranio, b.patient(36, "F"), 20)
		rec.CPF = cns.CPF{}
		c := bpatest.CNS(b.r)
		c[14] = '0' + (c[14]-'0'+1)%10
		rec.CNSPaciente = c
		b.add(rec, "patient CNS with a wrong check digit", bpa.CodeCheckDigitCNS)
	}
	b.add(b.bpai(profRadiologista, glicose, b.patient(44, "M"), 22), ok+": glucose test (serviço 145/001 registered)")

	// 9990002 POLICLINICA TESTE: habilitações 38.02, 38.03 (EqAE), 04.03, 11.02.
	b.add(demoBPAC("9990002", "225125", consulta, 45, 12), ok+": consultations in BPA-C")
	b.add(demoBPAC("9990002", "223505", afericao, 0, 40), ok+": blood-pressure checks (PAB)")
	b.add(demoBPAC("9990002", "223208", cariostat, 9, 5), "BPA-C of a regra 0001 procedure in a CEO habilitated 04.03", "REGRA_0001")
	{
		rec := b.bpai(profClinicoPoli, consulta, b.patient(63, "F"), 7)
		b.add(rec, "consultation in BPA-I after the same procedure in BPA-C, same CNES and month", string(remessa.CodeInstrumentoDuplicado))
	}
	b.add(b.bpai(profEnfermeira, consultaNS, b.patient(27, "F"), 9), ok+": nurse consultation")
	b.add(b.bpai(profBiomedico, cd4, b.patient(35, "M"), 10), ok+": CD4/CD8 count, habilitação 11.02 present")
	{
		rec := b.bpai(profClinicoPoli, anatomo, b.patient(58, "F"), 11)
		b.add(rec, "pathology exam without the CID that atributo 048 requires", string(remessa.CodeCIDObrigatorio), string(remessa.CodeServicoCNES))
	}
	{
		p := b.patient(41, "M")
		rec := b.bpai(profClinicoPoli, sinus, p, 12)
		rec.Autorizacao = demoAPAC(1)
		rec.Carater = "01"
		b.add(rec, ok+": Agora Tem Especialistas attendance (APAC 5th digit 9, habilitação 38.02): regra 0015 → FAEC")
	}
	{
		p := b.patient(55, "F")
		rec := b.bpai(profClinicoPoli, puncao, p, 13)
		b.add(rec, ok+": breast biopsy outside the programme: table financing (MAC)")
	}
	{
		rec := b.bpai(profCardio, "0301130019", b.patient(70, "M"), 14)
		b.add(rec, "cardiac device check: needs habilitação 08.01+08.03 or 08.02+08.03", string(remessa.CodeHabilitacao))
	}
	{
		rec := b.bpai(profClinicoPoli, consulta, b.patient(39, "M"), 14)
		rec.CBO = sigtap.MustParseCBO("2231F9")
		rec.INE = cnes.MustParseINE(ineEqAE)
		b.add(rec, "consultation in BPA-I (resident, EqAE team member) after BPA-C of the same procedure", string(remessa.CodeInstrumentoDuplicado))
	}

	// 9990003 deactivated, 9990004 UBS, 9990007 laboratory, unknown CNES.
	b.add(b.bpai(profDesativado, consulta, b.patient(30, "F"), 8), "establishment deactivated in CNES", string(remessa.CodeEstabDesativado))
	b.add(b.bpai(profNaoSUS, consulta, b.patient(30, "M"), 8), "professional whose only vínculo is not SUS (SIA reports both messages)", string(remessa.CodeProfissional), string(remessa.CodeCBOCNES))
	b.add(b.bpai(profSobrecarga, afericao, b.patient(66, "F"), 9), "professional with 180 weekly hours", string(remessa.CodeCargaHoraria))
	b.add(b.bpai(profLab, cd4, b.patient(31, "M"), 10), "CD4/CD8 count in a laboratory without habilitação 11.02/11.05", string(remessa.CodeHabilitacao), string(remessa.CodeServicoCNES))
	b.add(b.bpai(profLab, proteinaC, b.patient(25, "F"), 11), ok+": protein C test, FAEC (rubrica 040072)")
	b.add(b.bpai(demoProf{"9990099", profRadiologista.cns, "225320"}, rmCranio, b.patient(50, "M"), 12), "establishment not in CNES", string(remessa.CodeEstabelecimento))
	b.add(demoBPAC("9990004", "", vigilancia, 0, 3), "Vigilância Sanitária in BPA-C without CBO (financing 07), in a UBS that lacks its serviço 141/002", string(remessa.CodeServicoCNES))
	{
		rec := b.bpai(profRadiologista, rmCervical, b.patient(42, "F"), 23)
		rec.CNSPaciente = bpatest.CNS(b.r)
		b.add(rec, "patient identified by both CPF and CNS", bpa.CodeCPFAndCNS)
	}
	return b.lines
}

// BuildDemo numbers the demo production the way BPA-Mag does and returns
// the bytes of demo/bpa/PADEMO.JAN with the lines in file order
// (DemoLine.Record numbered, with its line number set). The demo tests
// assert that the committed file is what it builds.
func BuildDemo() ([]byte, []DemoLine, error) {
	lines := DemoLines()
	recs := make([]bpa.Record, len(lines))
	for i, l := range lines {
		recs[i] = l.Record
	}
	h := bpa.Header{Competencia: DemoMvm, Responsavel: "SECRETARIA DE SAUDE TESTE", Sigla: "DEMO",
		CNPJCPF: bpa.TaxIDFromCNPJ(cnes.MustParseCNPJ("05579864000123")), Destino: "SECRETARIA DE ESTADO DE SAUDE TESTE",
		DestinoTipo: "E", Versao: "GOSUS"}
	files, err := bpa.Build(h, recs, nil)
	if err != nil {
		return nil, nil, err
	}
	if len(files) != 1 {
		return nil, nil, fmt.Errorf("remessatest: the demo production makes %d files", len(files))
	}
	var buf bytes.Buffer
	if err := files[0].Encode(&buf, nil); err != nil {
		return nil, nil, err
	}
	// Build sorts the records; map them back to their Line by identity.
	byRec := map[bpa.Record]DemoLine{}
	for _, l := range lines {
		byRec[l.Record] = l
	}
	out := make([]DemoLine, 0, len(lines))
	for i, rec := range files[0].Records {
		l := byRec[rec]
		l.Record = rec
		demoSetLine(rec, i+2)
		out = append(out, l)
	}
	return buf.Bytes(), out, nil
}

func demoSetLine(rec bpa.Record, n int) {
	switch r := rec.(type) {
	case *bpa.Consolidado:
		r.Line = n
	case *bpa.Individualizado:
		r.Line = n
	}
}

// DemoPlanted returns demo/bpa/PLANTED.md: the list of lines and their
// expected críticas.
func DemoPlanted(lines []DemoLine) string {
	var b strings.Builder
	b.WriteString("# Demo BPA file " + demo.FileName + ": lines and expected críticas\n\n")
	b.WriteString("Generated by `go generate ./remessa/remessatest/demo` (remessatest.BuildDemo). Processing month 01/2026.\n")
	b.WriteString("Every person is bpatest. The remessa tests assert this table line by line.\n\n")
	b.WriteString("| line | type | CNES | procedure | expected críticas | purpose |\n|---|---|---|---|---|---|\n")
	for _, l := range lines {
		typ, est, proc := "BPA-I", "", ""
		switch r := l.Record.(type) {
		case *bpa.Consolidado:
			typ, est, proc = "BPA-C", r.CNES.String(), r.Procedimento.String()
		case *bpa.Individualizado:
			est, proc = r.CNES.String(), r.Procedimento.String()
		}
		exp := strings.Join(l.Expected, ", ")
		if exp == "" {
			exp = "—"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s |\n", l.Record.LineNumber(), typ, est, proc, exp, l.Purpose)
	}
	return b.String()
}

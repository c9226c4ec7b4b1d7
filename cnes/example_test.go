package cnes_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"os"
	"testing/fstest"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// The examples run on the demo registry (remessa/remessatest/demo/cnes); its
// FIXTURE.md lists the identifiers used here.
var (
	imagem     = cnes.MustParseCode("9990001") // CLINICA DE IMAGEM TESTE
	poli       = cnes.MustParseCode("9990002") // POLICLINICA TESTE
	ubs        = cnes.MustParseCode("9990004") // UNIDADE BÁSICA DE SAÚDE TESTE
	radiolog   = cns.MustParseCNS("294022552400001")
	clinico    = cns.MustParseCNS("807016416458479") // P05, EqAE member
	cardio     = cns.MustParseCNS("140179801280004") // P06, EqAE member with a wrong CNPJ
	enfermeira = cns.MustParseCNS("950471315550733") // P09, eSF member
	sobrecarga = cns.MustParseCNS("174348608370007") // P12, 180 h a week
	esf        = cnes.MustParseINE("0001383394")
	eqae       = cnes.MustParseINE("4865539836")
)

func demo202601() *cnes.Snapshot {
	s, err := cnes.Load(os.DirFS("../remessa/remessatest/demo/cnes/202601"), nil)
	if err != nil {
		log.Fatal(err)
	}
	return s
}

func Example() {
	s, err := cnes.Open("../remessa/remessatest/demo/cnes/202601", nil)
	if err != nil {
		log.Fatal(err)
	}
	estab := cnes.MustParseCode("9990001")
	prof := cns.MustParseCNS("294022552400001")
	r := s.CheckCBO(estab, prof, sigtap.MustParseCBO("225125"))
	fmt.Println(r.Outcome, r.Message())
	// Output: fail CBO NAO CADASTRADO NO CNES
}

func ExampleLoad() {
	s, err := cnes.Load(os.DirFS("../remessa/remessatest/demo/cnes/202601"), nil)
	if err != nil {
		log.Fatal(err)
	}
	c := s.Counts()
	fmt.Println(s.Competencia(), c.Estabelecimentos, "establishments,", c.Vinculos, "vínculos,", c.Equipes, "teams")
	// Output: 202601 7 establishments, 22 vínculos, 3 teams
}

func ExampleLoadOptions() {
	// A clinic loads its own establishment; C11 still sees the
	// professional's vínculos everywhere.
	s, err := cnes.Load(os.DirFS("../remessa/remessatest/demo/cnes/202601"), &cnes.LoadOptions{CNES: []cnes.Code{ubs}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Counts().Estabelecimentos, s.Filtered())
	fmt.Println(s.CheckEstabelecimento(imagem).Outcome)
	fmt.Println(s.CheckCargaHoraria(sobrecarga).Evidence.Horas)
	// Output:
	// 1 true
	// unknown
	// 180
}

func ExampleLoadZip() {
	f, err := cnestest.Generate(cnestest.World(sigtap.MustParseCompetencia("202512"), 1))
	if err != nil {
		log.Fatal(err)
	}
	z, err := f.Zip()
	if err != nil {
		log.Fatal(err)
	}
	s, err := cnes.LoadZip(bytes.NewReader(z), int64(len(z)), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.ZipName(), s.Competencia(), s.Counts().Vinculos)
	// Output: BASE_DE_DADOS_CNES_202512.ZIP 202512 23
}

func ExampleOpenRegistry() {
	// A folder of competência folders (or ZIPs): every competência is
	// loaded.
	r, err := cnes.OpenRegistry("../remessa/remessatest/demo/cnes", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Competencias())
	// Output: [202512 202601]
}

func ExampleRegistry_At() {
	r, err := cnes.OpenRegistry("../remessa/remessatest/demo/cnes/202601", nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range []string{"202601", "202602"} {
		res := r.At(sigtap.MustParseCompetencia(c)).CheckProfissional(imagem, radiolog)
		fmt.Println(c, res.Outcome, "reason="+res.Reason.String())
	}
	// Output:
	// 202601 ok reason=
	// 202602 unknown reason=not-loaded
}

func ExampleRegistry_Closest() {
	r, _ := cnes.NewRegistry(demo202601())
	s, exact := r.Closest(sigtap.MustParseCompetencia("202603"))
	fmt.Println(s.Competencia(), exact)
	// Output: 202601 false
}

func ExampleSnapshot_Estabelecimento() {
	e, ok := demo202601().Estabelecimento(ubs)
	fmt.Println(ok, e.Nome, e.Gestao, e.Municipio, e.Ativo())
	// Output: true UNIDADE BÁSICA DE SAÚDE TESTE M 530010 true
}

func ExampleSnapshot_Vinculos() {
	for _, v := range demo202601().Vinculos(poli, clinico) {
		fmt.Println(v.CBO, v.SUS, v.Horas(), v.CNS.Masked())
	}
	// Output:
	// 2231F9 true 10 *** **** **** 8479
	// 225125 true 20 *** **** **** 8479
}

func ExampleSnapshot_Equipe() {
	e, _ := demo202601().Equipe(esf)
	fmt.Println(e.Tipo, e.Nome, e.AtivaEm(sigtap.MustParseCompetencia("202601")))
	for _, m := range e.Membros {
		fmt.Println(m.CNS.Masked(), m.CBO, m.AtivoEm(sigtap.MustParseCompetencia("202601")))
	}
	// Output:
	// 70 ESF TESTE 1 true
	// *** **** **** 0001 225125 false
	// *** **** **** 0733 223505 true
}

func ExampleSnapshot_Habilitacoes() {
	for _, h := range demo202601().Habilitacoes(poli, sigtap.MustParseCompetencia("202601")) {
		fmt.Println(h.Code.Format(), h.Inicio, h.Fim.IsZero())
	}
	// Output:
	// 04.03 201501 true
	// 11.02 201001 true
	// 38.02 202507 true
	// 38.03 202507 true
}

func ExampleSnapshot_Fornecedores() {
	fmt.Println(len(demo202601().Fornecedores(poli)))
	// Output: 3
}

func ExampleSnapshot_CheckEstabelecimento() {
	s := demo202601()
	fmt.Println(s.CheckEstabelecimento(imagem).Outcome, s.CheckEstabelecimento(cnes.MustParseCode("9990099")).Reason)
	// Output: ok estab-not-found
}

func ExampleSnapshot_CheckAtivo() {
	r := demo202601().CheckAtivo(cnes.MustParseCode("9990003"))
	fmt.Println(r.Outcome, r.Reason, r.Evidence.Motivo)
	// Output: fail estab-inactive 04
}

func ExampleSnapshot_CheckGestao() {
	r := demo202601().CheckGestao(imagem, cnes.GestaoMunicipal, "")
	fmt.Println(r.Outcome, r.Evidence.Gestao)
	// Output: fail E
}

func ExampleSnapshot_CheckProfissional() {
	r := demo202601().CheckProfissional(imagem, enfermeira)
	fmt.Println(r)
	// Output: C4 fail (no-vinculo): CNS DO PROFISSIONAL NAO ENCONTRADO NO ESTAB/EQUIPE [competência 202601, CNES 9990001, CNS *** **** **** 0733]
}

func ExampleSnapshot_CheckCBO() {
	r := demo202601().CheckCBO(imagem, radiolog, sigtap.MustParseCBO("225125"))
	fmt.Println(r)
	// Output: C5 fail (cbo): CBO NAO CADASTRADO NO CNES [competência 202601, CNES 9990001, CNS *** **** **** 0001, CBO 225125, 1 vínculo(s), 1 SUS; CBOs no estabelecimento 225320]
}

// Facts is what a report shows: the same result in Portuguese.
func ExampleResult_Facts() {
	r := demo202601().CheckCBO(imagem, radiolog, sigtap.MustParseCBO("225125"))
	fmt.Println(r.Message())
	fmt.Println(r.Facts())
	// Output:
	// CBO NAO CADASTRADO NO CNES
	// C5 (CBO do profissional no estabelecimento): nenhum vínculo SUS do profissional com este CBO [competência 01/2026, CNES 9990001, CNS *** **** **** 0001, CBO 225125, 1 vínculo(s), 1 SUS; CBOs no estabelecimento 225320]
}

func ExampleReason_Text() {
	fmt.Println(cnes.ReasonTeamOtherEstab, "→", cnes.ReasonTeamOtherEstab.Text())
	// Output: team-other-estab → equipe (INE) de outro estabelecimento
}

func ExampleSnapshot_CheckEquipe() {
	s := demo202601()
	fmt.Println(s.CheckEquipe(ubs, esf, enfermeira).Outcome)
	fmt.Println(s.CheckEquipe(imagem, esf, enfermeira).Reason)
	// Output:
	// ok
	// team-other-estab
}

func ExampleSnapshot_CheckTipoEquipe() {
	fmt.Println(demo202601().CheckTipoEquipe(poli, eqae, cnes.EquipeEqAE).Outcome)
	// Output: ok
}

func ExampleSnapshot_CheckServClass() {
	// Serviço 121, classificação 010: the one type of sigtap, as SIGTAP's
	// rl_procedimento_servico lists it.
	r := demo202601().CheckServClass(imagem, sigtap.ServicoClassificacao{Servico: 121, Classificacao: 10})
	fmt.Println(r.Outcome, r.Reason, r.Message())
	// Output: fail servclass-not-sus PROCED.EXIGE SERV./CLASS. NAO CADAST. NO CNES
}

func ExampleSnapshot_CheckServClassAny() {
	// RESSONANCIA MAGNETICA DE CRANIO accepts 121/004 or 121/010.
	pairs := []sigtap.ServicoClassificacao{{Servico: 121, Classificacao: 4}, {Servico: 121, Classificacao: 10}}
	r := demo202601().CheckServClassAny(imagem, pairs)
	fmt.Println(r.Outcome, r.ServClass)
	// Output: ok 121/004
}

func ExampleSnapshot_CheckHabilitacao() {
	s := demo202601()
	fmt.Println(s.CheckHabilitacao(poli, sigtap.HabilitacaoModalidade1).Outcome) // 38.02
	r := s.CheckHabilitacao(cnes.MustParseCode("9990006"), sigtap.HabilitacaoModalidade2)
	fmt.Println(r.Outcome, r.Reason, r.Evidence.Habilitacao.Fim)
	// Output:
	// ok
	// fail hab-not-in-force 202503
}

func ExampleSnapshot_CheckHabilitacaoAny() {
	// CONTAGEM DE LINFOCITOS CD4/CD8 accepts habilitação 11.02 or 11.05.
	hs := []sigtap.Habilitacao{1102, 1105}
	fmt.Println(demo202601().CheckHabilitacaoAny(poli, hs).Outcome)
	// Output: ok
}

func ExampleSnapshot_CheckFornecedor() {
	s := demo202601()
	e, _ := s.Estabelecimento(imagem)
	fmt.Println(s.CheckFornecedor(imagem, e.Mantenedora).Outcome)
	// Output: ok
}

func ExampleSnapshot_CheckCargaHoraria() {
	r := demo202601().CheckCargaHoraria(sobrecarga)
	fmt.Println(r.Outcome, r.Evidence.Horas, r.Message())
	// Output: fail 180 PROF.COM MAIS 2 VINC.PUBLICO OU PROF.COM CARG.H MAIOR 168H
}

func ExampleSnapshot_CheckContratoEqAE() {
	s := demo202601()
	fmt.Println(s.CheckContratoEqAE(poli, eqae, clinico, cnes.CNPJ{}).Outcome)
	fmt.Println(s.CheckContratoEqAE(poli, eqae, cardio, cnes.CNPJ{}).Reason)
	// Output:
	// ok
	// cnpj-mismatch
}

func ExampleParseTipoEquipe() {
	t, _ := cnes.ParseTipoEquipe("81")
	fmt.Println(t == cnes.EquipeEqAE)
	// Output: true
}

func ExampleNormalizeHeader() {
	fmt.Println(cnes.NormalizeHeader("TO_CHAR(A.DT_ATUALIZACAO,'DD/MM/YYYY')"))
	// Output: DT_ATUALIZACAO
}

func ExampleTable_Required() {
	fmt.Println(cnes.TableSipac.Name(), len(cnes.TableSipac.Header()), cnes.TableSipac.Required())
	// Output: rlEstabSipac 9 [CO_UNIDADE COD_SUB_GRUPO_HABILITACAO CMTP_INICIO CMTP_FIM TP_HABILITACAO]
}

func ExampleCheckID_Message() {
	for _, c := range []cnes.CheckID{cnes.C4, cnes.C9} {
		fmt.Printf("%s %q inferred=%v\n", c, c.Message(), c.Inferred())
	}
	// Output:
	// C4 "CNS DO PROFISSIONAL NAO ENCONTRADO NO ESTAB/EQUIPE" inferred=false
	// C9 "" inferred=true
}

func ExampleParseError() {
	header := `"CO_UNIDADE";"CO_CNES";"TP_PFPJ";"NU_CNPJ";"NU_CNPJ_MANTENEDORA";"CO_ESTADO_GESTOR";"CO_MUNICIPIO_GESTOR";"TP_GESTAO"`
	fsys := fstest.MapFS{"tbEstabelecimento202601.csv": {Data: []byte(header + "\n")}}
	_, err := cnes.Load(fsys, nil)
	var pe *cnes.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Line, pe.Field, errors.Is(err, cnes.ErrMissingColumn))
		fmt.Println(err)
	}
	// Output:
	// 1 CO_MOTIVO_DESAB true
	// cnes: tbEstabelecimento202601.csv: line 1 (CO_MOTIVO_DESAB): required column missing from the header
}

func ExampleOpen_zip() {
	f, err := cnestest.Generate(cnestest.World(sigtap.MustParseCompetencia("202601"), 1))
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "cnes")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	z, _ := f.Zip()
	path := dir + "/" + f.ZipName()
	if err := os.WriteFile(path, z, 0o644); err != nil {
		log.Fatal(err)
	}
	s, err := cnes.Open(path, &cnes.LoadOptions{MaxTotalBytes: 64 << 20})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Competencia(), s.Has(cnes.TableSipac))
	// Output: 202601 true
}

func ExampleSnapshot_Stats() {
	for _, st := range demo202601().Stats()[:3] {
		fmt.Println(st.Table, st.Columns, st.Rows, st.Kept, st.Skipped)
	}
	// Output:
	// tbEstabelecimento 56 7 7 0
	// tbCargaHorariaSus 18 22 22 0
	// rlEstabServClass 13 11 10 1
}

func ExampleSnapshot_CargaHoraria() {
	w, ok := demo202601().CargaHoraria(cns.MustParseCNS("186590786160003")) // P13
	fmt.Println(ok, w.Horas, w.Vinculos, w.VinculosPublicos)
	// Output: true 60 3 3
}

func ExampleSnapshot_Servicos() {
	for _, v := range demo202601().Servicos(imagem) {
		fmt.Println(v.ServClass, v.AmbulatorialSUS)
	}
	// Output:
	// 121/004 true
	// 121/010 false
	// 121/012 true
	// 145/001 true
}

func ExampleSnapshot_Sipac() {
	for _, h := range demo202601().Sipac(cnes.MustParseCode("9990005")) {
		fmt.Println(h.Tipo, h.Code, h.Vigente(sigtap.MustParseCompetencia("202601")))
	}
	// Output: I 0403 true
}

func ExampleSnapshot_Profissionais() {
	s, _ := cnes.Load(os.DirFS("../remessa/remessatest/demo/cnes/202601"), &cnes.LoadOptions{PersonalData: true})
	for _, p := range s.Profissionais(cns.MustParseCNS("132931724370002")) { // P17
		fmt.Println(p.ID, p.Nome)
	}
	// Output:
	// E523B617A3082904 PROFISSIONAL TESTE 17
	// 589E0768EDB4933D PROFISSIONAL TESTE 17
}

func ExampleDefaultPublicVinculo() {
	fmt.Println(cnes.DefaultPublicVinculo(cnes.Vinculacao{'0', '1', '0', '1', '0', '1'}),
		cnes.DefaultPublicVinculo(cnes.Vinculacao{'0', '2', '0', '1', '0', '0'}))
	// Output: true false
}

func ExampleSnapshot_CheckServClass_twoDigitClass() {
	// rlEstabServClass stores the classificação of 121/012 as "12": it is
	// read as 012, the way SIA compares it (LEIAME 02.70).
	r := demo202601().CheckServClass(imagem, sigtap.ServicoClassificacao{Servico: 121, Classificacao: 12})
	fmt.Println(r.Outcome, r.ServClass)
	// Output: ok 121/012
}

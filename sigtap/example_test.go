package sigtap_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-sus/sus/sigtap"
)

// The examples run on the tiny releases in testdata (five procedures cut
// from the official 202510–202601 releases).
const tiny = "testdata/TabelaUnificada_202512_v2601221256"

func ExampleOpen() {
	r, err := sigtap.Open(tiny, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Competencia(), r.Generation(), r.Generation().Time().Format("2006-01-02 15:04"))
	p, _ := r.Procedure(sigtap.MustParseCode("0301010072"))
	fmt.Println(p.Name)
	fmt.Println("VL_SA", p.ValueSA.StringFixed(2), "financiamento", p.Financing, "idade", p.MinAge, "a", p.MaxAge)
	// Output:
	// 202512 v2601221256 2026-01-22 12:56
	// CONSULTA MEDICA EM ATENÇÃO ESPECIALIZADA
	// VL_SA 10.00 financiamento 06 idade 0m a 130a11m
}

func ExampleRelease_AllowsInstrument() {
	r, _ := sigtap.Open(tiny, nil)
	code := sigtap.MustParseCode("0204030188") // MAMOGRAFIA BILATERAL PARA RASTREAMENTO
	fmt.Println("BPA-C:", r.AllowsInstrument(code, sigtap.RegistroBPAC))
	fmt.Println("BPA-I:", r.AllowsInstrument(code, sigtap.RegistroBPAI))
	fmt.Println("unknown procedure:", r.AllowsInstrument(sigtap.MustParseCode("0301010048"), sigtap.RegistroBPAI))
	// Output:
	// BPA-C: no
	// BPA-I: yes
	// unknown procedure: unknown
}

func ExampleRelease_AllowsCBO() {
	r, _ := sigtap.Open(tiny, nil)
	code := sigtap.MustParseCode("0301130019")
	cbos, _ := r.CBOs(code)
	fmt.Println(cbos)
	fmt.Println(r.AllowsCBO(code, sigtap.MustParseCBO("225120")), r.AllowsCBO(code, sigtap.MustParseCBO("225125")))
	// Output:
	// [225120 225210]
	// yes no
}

func ExampleRelease_HasDetalhe() {
	r, _ := sigtap.Open(tiny, nil)
	code := sigtap.MustParseCode("0301010072")
	d, _ := r.Detalhes(code)
	fmt.Println(d)
	fmt.Println("exige idade no BPA-C:", r.HasDetalhe(code, sigtap.DetalheExigeIdadeBPAC))
	fmt.Println("exige CID:", r.HasDetalhe(code, sigtap.DetalheExigeCID))
	regras, _ := r.RegrasCondicionadas(code)
	fmt.Println("regras:", regras, r.HasRegra(code, sigtap.RegraFinanciamentoMAC))
	// Output:
	// [012 053 058 060]
	// exige idade no BPA-C: yes
	// exige CID: no
	// regras: [0012 0014] yes
}

func ExampleRelease_Habilitacoes() {
	r, _ := sigtap.Open(tiny, nil)
	code := sigtap.MustParseCode("0301130019")
	h, _ := r.Habilitacoes(code)
	for _, g := range h.Groups {
		fmt.Println("grupo", g.Grupo, "requires all of", g.All)
	}
	fmt.Println(r.HabilitacoesSatisfied(code, []sigtap.Habilitacao{803, 801}))
	fmt.Println(r.HabilitacoesSatisfied(code, []sigtap.Habilitacao{803}))
	// Output:
	// grupo 0001 requires all of [0801 0803]
	// grupo 0006 requires all of [0802 0803]
	// yes
	// no
}

func ExampleRelease_CIDs() {
	r, _ := sigtap.Open(tiny, nil)
	code := sigtap.MustParseCode("0301130019")
	cids, _ := r.CIDs(code)
	fmt.Println(len(cids), "CIDs, first", cids[0].CID, "principal:", cids[0].Principal)
	fmt.Println(r.AllowsCID(code, sigtap.MustParseCID("I50.0")), r.AllowsCID(code, sigtap.MustParseCID("J45")))
	info, _ := r.Refs().CIDs.Get(sigtap.MustParseCID("I500"))
	fmt.Println(info.Name)
	// Output:
	// 35 CIDs, first I440 principal: true
	// yes no
	// Insuficiência cardíaca congestiva
}

func ExampleRelease_Incrementos() {
	r, _ := sigtap.Open(tiny, nil)
	code := sigtap.MustParseCode("0204030188")
	for _, inc := range mustList(r.Incrementos(code)) {
		fmt.Printf("habilitação %s: SA +%s%%\n", inc.Habilitacao.Format(), inc.SA.StringFixed(2))
	}
	servs, _ := r.Servicos(code)
	fmt.Println(servs)
	// Output:
	// habilitação 32.01: SA +44.88%
	// [121/012 121/013]
}

func mustList[T any](v []T, known bool) []T {
	if !known {
		panic("table absent")
	}
	return v
}

func ExampleRelease_Search() {
	r, _ := sigtap.Open(tiny, nil)
	for _, p := range r.Search("consulta medica especializada") {
		fmt.Println(p.Code, p.Name)
	}
	// Output:
	// 0301010072 CONSULTA MEDICA EM ATENÇÃO ESPECIALIZADA
}

func ExampleRelease_Description() {
	r, _ := sigtap.Open(tiny, nil)
	text, found, err := r.Description(sigtap.MustParseCode("0301010072"))
	fmt.Println(text, found, err)
	// Output:
	// CONSULTA CLÍNICA DO PROFISSIONAL MÉDICO NA ATENÇÃO ESPECIALIZADA true <nil>
}

func ExampleRelease_Refs() {
	r, _ := sigtap.Open(tiny, nil)
	refs := r.Refs()
	f, _ := refs.Financiamentos.Get(sigtap.FinanciamentoFAEC)
	fmt.Println(f.Code, f.Name)
	reg, _ := refs.Registros.Get(sigtap.RegistroBPAI)
	fmt.Println(reg.Code, reg.Name)
	// Output:
	// 04 Fundo de Ações Estratégicas e Compensações (FAEC)
	// 02 BPA (Individualizado)
}

func ExampleOpenSet() {
	set, err := sigtap.OpenSet("testdata", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(set.Competencias())
	r, ok := set.ForCompetencia(sigtap.MustParseCompetencia("202511"))
	fmt.Println(r.Name(), ok)
	_, ok = set.ForCompetencia(sigtap.MustParseCompetencia("202602"))
	fmt.Println("202602 loaded:", ok)
	// Output:
	// [202510 202511 202512 202601]
	// TabelaUnificada_202511_v2511111519 true
	// 202602 loaded: false
}

func ExampleSet_Periods() {
	set, _ := sigtap.OpenSet("testdata", nil)
	code := sigtap.MustParseCode("0201010607") // PUNÇÃO DE MAMA POR AGULHA GROSSA
	needs3804 := func(r *sigtap.Release) sigtap.Answer {
		h, ok := r.Habilitacoes(code)
		if !ok {
			return sigtap.Unknown
		}
		for _, x := range h.Any {
			if x == sigtap.HabilitacaoModalidade3 {
				return sigtap.Yes
			}
		}
		return sigtap.No
	}
	fmt.Println("requires 38.04:", set.Periods(needs3804))
	since, ok := set.Since(func(r *sigtap.Release) sigtap.Answer {
		return r.AllowsInstrument(code, sigtap.RegistroBPAI)
	})
	fmt.Println("BPA-I allowed since", since, ok)
	// Output:
	// requires 38.04: [202510–202511]
	// BPA-I allowed since 202510 true
}

func ExampleDiff() {
	old, _ := sigtap.Open("testdata/TabelaUnificada_202511_v2511111519", nil)
	new, _ := sigtap.Open("testdata/TabelaUnificada_202512_v2601221256", nil)
	c, _ := sigtap.Diff(old, new)
	for _, t := range c.Tables {
		fmt.Println(t.Table, "added", len(t.Added), "removed", len(t.Removed))
		for _, row := range t.Removed {
			fmt.Println("  -", row)
		}
	}
	// Output:
	// tb_habilitacao added 0 removed 1
	//   - [3804 Agora Tem Especialistas Modalidade 3 Unidades Móveis]
	// rl_procedimento_habilitacao added 0 removed 2
	//   - [0201010607 3804 ]
	//   - [0301010072 3804 ]
}

func ExampleRelease_Subset() {
	r, _ := sigtap.Open(tiny, nil)
	s, err := r.Subset(sigtap.MustParseCode("0202020550"))
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "sigtap")
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, s.Name()+".zip")
	if err := s.WriteFile(out); err != nil {
		fmt.Println(err)
		return
	}
	back, _ := sigtap.Open(out, nil)
	p, _ := back.Procedure(sigtap.MustParseCode("0202020550"))
	rub, _ := back.Refs().Rubricas.Get(p.Rubrica)
	fmt.Println(len(back.Procedures()), p.Name, p.Financing, rub.Code)
	_, err = back.Subset(sigtap.MustParseCode("0301010072"))
	fmt.Println(errors.Is(err, sigtap.ErrUnknownProcedure))
	// Output:
	// 1 DOSAGEM DE PROTEINA C FUNCIONAL 04 040072
	// true
}

func ExampleParseLayout() {
	l, err := sigtap.ParseLayout("rl_procedimento_ocupacao", []byte(
		"Coluna,Tamanho,Inicio,Fim,Tipo\r\n"+
			"CO_PROCEDIMENTO,10,1,10,VARCHAR2\r\n"+
			"CO_OCUPACAO,6,11,16,CHAR\r\n"+
			"DT_COMPETENCIA,6,17,22,CHAR\r\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Width(), l.Columns[1])
	_, err = sigtap.ParseLayout("x", []byte("Coluna,Tamanho,Inicio,Fim,Tipo\nA,2,1,3,CHAR\n"))
	fmt.Println(err)
	// Output:
	// 22 {CO_OCUPACAO 11 6 CHAR}
	// sigtap: x_layout.txt: line 2: malformed layout: Fim−Inicio+1 differs from Tamanho: "A,2,1,3,CHAR"
}

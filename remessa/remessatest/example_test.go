package remessatest_test

import (
	"bytes"
	"fmt"
	"io"
	"log"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

// demoRelease is the demo world's 202512 SIGTAP subset (20 procedures).
func demoRelease() *sigtap.Release {
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil)
	if err != nil {
		log.Fatal(err)
	}
	r, ok := set.ForCompetencia(sigtap.MustParseCompetencia("202512"))
	if !ok {
		log.Fatal("no 202512 release in the demo world")
	}
	return r
}

// demoWorld is a plan of the demo release and a registry of 5
// establishments.
func demoWorld() *remessatest.Registry {
	plan, err := remessatest.NewPlan(demoRelease(), nil)
	if err != nil {
		log.Fatal(err)
	}
	reg, err := remessatest.NewRegistry(plan, 5, 1)
	if err != nil {
		log.Fatal(err)
	}
	return reg
}

// A world of 5 establishments and 2 000 lines, 1 % of them with an error,
// written as one BPA file and checked by package bpa.
func Example() {
	rel := demoRelease()
	plan, err := remessatest.NewPlan(rel, nil)
	if err != nil {
		log.Fatal(err)
	}
	reg, err := remessatest.NewRegistry(plan, 5, 1)
	if err != nil {
		log.Fatal(err)
	}
	prod, err := remessatest.NewProduction(reg, rel.Competencia(), 2000, 1, &remessatest.ProductionOptions{ErrorRate: 0.01})
	if err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer
	if _, err := prod.WriteTo(&file); err != nil {
		log.Fatal(err)
	}
	h, _ := prod.Header()
	fmt.Printf("%d bytes: %d lines in %d folhas, control %d\n", file.Len(), h.Lines, h.Folhas, h.Control)
	problems, _ := bpa.Validate(&file)
	planted, _ := prod.Planted()
	fmt.Println(len(planted), "planted errors;", len(problems), "of them found by bpa.Validate alone")
	// Output:
	// 704132 bytes: 2000 lines in 48 folhas, control 1471
	// 20 planted errors; 4 of them found by bpa.Validate alone
}

func ExampleNewPlan() {
	plan, err := remessatest.NewPlan(demoRelease(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(plan.Procedures), "procedures in BPA-I")
	for _, s := range plan.Skipped {
		fmt.Println("left out:", s.Code, s.Reason)
	}
	p := plan.Procedures[len(plan.Procedures)-1]
	fmt.Println(p.Code, p.Name, len(p.CBOs), "CBOs", p.Servicos, "fornecedor:", p.Fornecedor)
	// Output:
	// 17 procedures in BPA-I
	// left out: 0401020150 requires programme habilitações only (38.xx, 04.03–04.05)
	// 0701010185 ADAPTAÇÃO DE OPM AUXILIARES DE LOCOMOÇÃO 72 CBOs [135/007 135/008 164/002] fornecedor: true
}

func ExampleNewRegistry() {
	reg := demoWorld()
	e := reg.Estabs[0]
	fmt.Println(e.CNES, len(e.Procedures), "procedures,", len(e.Vinculos), "vínculos, habilitações", e.Habilitacoes)
	v := e.Vinculos[0]
	r := reg.Snapshot.CheckCBO(e.CNES, v.CNS, v.CBO)
	fmt.Println("C5:", r.Outcome)
	// The same registry as the files a checker loads.
	s, err := cnes.Load(reg.FS(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", s.Counts())
	// Output:
	// 7000001 15 procedures, 7 vínculos, habilitações [1102 0801 0803 2417]
	// C5: ok
	// {Estabelecimentos:5 Vinculos:41 Profissionais:37 Equipes:0 Membros:0 Servicos:36 Habilitacoes:8}
}

func ExampleNewProduction() {
	reg := demoWorld()
	mvm := sigtap.MustParseCompetencia("202601") // lines of 12/2025 presented in 01/2026
	prod, err := remessatest.NewProduction(reg, mvm, 500, 1, &remessatest.ProductionOptions{ErrorRate: 0.02, Kinds: []remessatest.Kind{remessatest.KindIdade, remessatest.KindSexo}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(prod.Len(), "lines, layout", prod.Version(), "kinds", prod.Kinds())
	// Output: 500 lines, layout 350 kinds [idade sexo]
}

func ExampleProduction_All() {
	prod, err := remessatest.NewProduction(demoWorld(), sigtap.MustParseCompetencia("202512"), 1000, 1, &remessatest.ProductionOptions{ErrorRate: 0.01})
	if err != nil {
		log.Fatal(err)
	}
	quantity := map[remessatest.Kind]int{}
	for r, kind := range prod.All() {
		rec := r.(*bpa.Individualizado) // a production of its own has BPA-I lines only
		quantity[kind] += rec.Quantidade
		if rec.Line == 2 {
			fmt.Println(rec.CNES, rec.Competencia, rec.CBO, rec.Procedimento, rec.Folha, rec.Seq, rec.Sexo, rec.Idade)
		}
	}
	fmt.Println(quantity)
	// Output:
	// 7000001 202512 225185 0204030188 1 1 F 71
	// map[none:1299 cbo:1 profissional:2 idade:2 sexo:1 quantidade:2 instrumento:3 sem-base:2]
}

func ExampleProduction_Planted() {
	prod, err := remessatest.NewProduction(demoWorld(), sigtap.MustParseCompetencia("202512"), 1000, 1, &remessatest.ProductionOptions{ErrorRate: 0.005})
	if err != nil {
		log.Fatal(err)
	}
	planted, err := prod.Planted()
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range planted {
		fmt.Println(p, p.Kind.Code())
	}
	// Output:
	// line 496: instrumento INSTRUMENTO_INCOMPATIVEL
	// line 516: sexo SEXO_INCOMPATIVEL
	// line 825: sexo SEXO_INCOMPATIVEL
	// line 846: quantidade QUANTIDADE_EXCEDIDA
}

func ExampleProduction_WriteFiles() {
	prod, err := remessatest.NewProduction(demoWorld(), sigtap.MustParseCompetencia("202512"), 2500, 1, &remessatest.ProductionOptions{PerFile: 1000})
	if err != nil {
		log.Fatal(err)
	}
	var files []*bytes.Buffer
	err = prod.WriteFiles(func(part int) (io.Writer, error) {
		files = append(files, new(bytes.Buffer))
		return files[part], nil
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		r := bpa.NewReader(f)
		for range r.All() {
		}
		fmt.Println(r.Header().Lines, "lines,", len(r.Problems()), "problems")
	}
	// Output:
	// 1000 lines, 0 problems
	// 1000 lines, 0 problems
	// 500 lines, 0 problems
}

func ExampleKind_Codes() {
	for _, k := range remessatest.Kinds() {
		fmt.Println(k, k.Codes())
	}
	// Output:
	// cbo [CBO_INCOMPATIVEL]
	// profissional [PROFISSIONAL_NAO_VINCULADO CBO_NAO_CADASTRADO]
	// idade [IDADE_INCOMPATIVEL]
	// sexo [SEXO_INCOMPATIVEL]
	// quantidade [QUANTIDADE_EXCEDIDA]
	// instrumento [INSTRUMENTO_INCOMPATIVEL]
	// competencia [COMPETENCIA_FORA_DO_PRAZO SIGTAP_SEM_TABELA CNES_SEM_BASE]
	// cns [BPA-CNS-DV]
	// sem-base [SIGTAP_SEM_TABELA CNES_SEM_BASE]
	// instrumento-arquivos [INSTRUMENTO_DUPLICADO]
	// quantidade-arquivos [QUANTIDADE_EXCEDIDA]
	// atendimento-arquivos [LINHA_DUPLICADA]
}

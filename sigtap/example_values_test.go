package sigtap_test

import (
	"fmt"
	"time"

	"github.com/go-sus/sus/sigtap"
)

func ExampleParseCompetencia() {
	c, err := sigtap.ParseCompetencia("12/2025")
	if err != nil {
		panic(err)
	}
	fmt.Println(c, c.Format(), c.Abbrev(), c.Next(), c.Add(-3))
	// Output: 202512 12/2025 DEZ 202601 202509
}

func ExampleCompetencia_Sub() {
	mvm := sigtap.MustParseCompetencia("202605")
	cmp := sigtap.MustParseCompetencia("202602")
	fmt.Println(mvm.Sub(cmp), mvm.Sub(cmp) <= 3)
	// Output: 3 true
}

func ExampleCompetencia_Contains() {
	c := sigtap.MustParseCompetencia("202602")
	fmt.Println(c.Contains(time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)), c.LastDay().Format("2006-01-02"))
	// Output: true 2026-02-28
}

func ExampleNewCompetencia() {
	c, _ := sigtap.NewCompetencia(2026, time.July)
	fmt.Println(c)
	// Output: 202607
}

func ExampleMonthFromAbbrev() {
	fmt.Println(sigtap.MonthFromAbbrev("SET"))
	// Output: September
}

func ExampleParseCode() {
	c, err := sigtap.ParseCode("02.04.03.018-8")
	if err != nil {
		panic(err)
	}
	fmt.Println(c, c.Group(), c.Subgroup(), c.Forma(), c.Sequence(), c.Format())
	// Output: 0204030188 02 0204 020403 018 02.04.03.018-8
}

func ExampleCodeCheckDigit() {
	fmt.Printf("%c\n", sigtap.CodeCheckDigit([]byte("030101007")))
	// Output: 2
}

func ExampleParseCBO() {
	c, _ := sigtap.ParseCBO("2231f9")
	fmt.Println(c)
	// Output: 2231F9
}

func ExampleParseCID() {
	c, _ := sigtap.ParseCID("C50.9")
	fmt.Println(c, c.Category())
	// Output: C509 C50
}

func ExampleParseServicoClassificacao() {
	for _, s := range []string{"121012", "121/12", "121.004"} {
		sc, err := sigtap.ParseServicoClassificacao(s)
		if err != nil {
			panic(err)
		}
		fmt.Println(sc)
	}
	// Output:
	// 121/012
	// 121/012
	// 121/004
}

func ExampleNewServicoClassificacao() {
	// CO_SERVICO and CO_CLASSIFICACAO as the CNES registry files hold them.
	sc, err := sigtap.NewServicoClassificacao("121", "12")
	if err != nil {
		panic(err)
	}
	text, _ := sc.MarshalText()
	fmt.Println(sc.Servico, sc.Classificacao, string(text))
	// Output: 121 012 121/012
}

func ExampleParseHabilitacao() {
	h, err := sigtap.ParseHabilitacao("38.02")
	if err != nil {
		panic(err)
	}
	fmt.Println(h, h.Format(), h == sigtap.HabilitacaoModalidade1)
	// Output: 3802 38.02 true
}

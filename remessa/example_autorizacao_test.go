package remessa_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/go-sus/sus/remessa"
)

func ExampleParseAutorizacao() {
	a, err := remessa.ParseAutorizacao("41.25.9.0.000.100-3")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a, a.Format())
	fmt.Println(a.Describe())
	fmt.Println(a.UF(), a.Year(), a.Sequence(), a.Kind().IsAPAC(), a.Kind().IsPrograma())

	_, err = remessa.ParseAutorizacao("3525112345679")
	var cd *remessa.CheckDigitError
	fmt.Println(errors.Is(err, remessa.ErrCheckDigit), errors.As(err, &cd), string(cd.Want))
	// Output:
	// 4125900001003 41.25.9.0.000.100-3
	// APAC Agora Tem Especialistas (5th digit 9)
	// 41 25 100 true true
	// true true 8
}

func ExampleMustParseAutorizacao() {
	a := remessa.MustParseAutorizacao("2925800000013")
	fmt.Println(a.Kind(), a.Kind().IsAIH())
	// Output: AIH Agora Tem Especialistas true
}

func ExampleNewAutorizacao() {
	a, err := remessa.NewAutorizacao(35, 25, remessa.KindAIH.Digit(), 1234567)
	fmt.Println(a, err)
	// Output: 3525112345678 <nil>
}

func ExampleAutorizacaoCheckDigit() {
	// 352510000006 mod 11 = 10, written 0.
	fmt.Println(string(remessa.AutorizacaoCheckDigit(352511234567)), string(remessa.AutorizacaoCheckDigit(352510000006)))
	// Output: 8 0
}

func ExampleAutorizacao_Check() {
	// A number read from a file field, unchecked.
	var a remessa.Autorizacao
	copy(a[:], "3525807281111")
	fmt.Println(a.Check(), a.Valid())
	// Output: check digit mismatch false
}

func ExampleAutorizacao_Warnings() {
	a, _ := remessa.NewAutorizacao(18, 25, 4, 1) // UF 18 does not exist; digit 4 has no known meaning
	for _, w := range a.Warnings() {
		fmt.Println(w)
	}
	// Output:
	// AIH/APAC 18.25.4.0.000.001-7: UF 18 is not an IBGE UF code (nor 99)
	// AIH/APAC 18.25.4.0.000.001-7: 5th digit 4 is not a known kind (1, 2, 3, 5, 6, 8, 9)
}

func ExampleAutorizacao_MarshalText() {
	b, _ := json.Marshal(map[string]remessa.Autorizacao{"prd_naut": remessa.MustParseAutorizacao("4125900001003")})
	fmt.Println(string(b))
	// Output: {"prd_naut":"4125900001003"}
}

func ExampleKindOfDigit() {
	for _, d := range []int{1, 2, 3, 4, 5, 6, 8, 9} {
		fmt.Printf("%d %v\n", d, remessa.KindOfDigit(d))
	}
	// Output:
	// 1 AIH general use
	// 2 APAC general use
	// 3 AIH CNRAC
	// 4 unknown kind
	// 5 AIH elective surgery
	// 6 APAC elective surgery
	// 8 AIH Agora Tem Especialistas
	// 9 APAC Agora Tem Especialistas
}

func ExampleKnownUF() {
	fmt.Println(remessa.KnownUF(35), remessa.KnownUF(99), remessa.KnownUF(18))
	// Output: true true false
}

func ExampleRandomAutorizacao() {
	r := rand.New(rand.NewPCG(1, 1))
	a := remessa.RandomAutorizacao(r, remessa.KindAPACPrograma)
	fmt.Println(a.Valid(), a.Kind())
	// Output: true APAC Agora Tem Especialistas
}

func ExampleParseFaixa() {
	f, err := remessa.ParseFaixa("41.25.9.0.000.001 - 41.25.9.0.000.999") // without check digits
	fmt.Println(f, f.Len(), f.IsPrograma(), err)
	// Output: 4125900000013-4125900009990 999 true <nil>
}

func ExampleNewFaixa() {
	f, err := remessa.NewFaixa(remessa.MustParseAutorizacao("3525100000015"), remessa.MustParseAutorizacao("3525112345678"))
	fmt.Println(f.Len(), err)
	// Output: 1234567 <nil>
}

func ExampleFaixa_CheckPrograma() {
	f := remessa.MustParseFaixa("412590000001-412590000999")
	fmt.Println(f.CheckPrograma(remessa.MustParseAutorizacao("4125900001003")))
	fmt.Println(f.Contains(remessa.MustParseAutorizacao("3525100000015")))
	// Output:
	// <nil>
	// false
}

func ExampleAllocator() {
	f := remessa.MustParseFaixa("412590000001-412590000999")
	alloc := remessa.NewAllocator(f)
	a, _ := alloc.Next()
	b, _ := alloc.Next()
	fmt.Println(a, b)

	// Number 3 was typed in by hand elsewhere: never issue it.
	_ = alloc.MarkUsed(remessa.MustParseAutorizacao("4125900000035"))
	c, _ := alloc.Next()
	fmt.Println(c, alloc.Remaining())

	state, _ := json.Marshal(alloc)
	fmt.Println(string(state))
	// Output:
	// 4125900000013 4125900000024
	// 4125900000046 995
	// {"faixa":"4125900000013-4125900009990","next":"4125900000057"}
}

func ExampleRestoreAllocator() {
	var s remessa.AllocatorState
	_ = json.Unmarshal([]byte(`{"faixa":"4125900000013-4125900000024","next":"4125900000024"}`), &s)
	alloc, err := remessa.RestoreAllocator(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := alloc.Next()
	_, err = alloc.Next()
	fmt.Println(a, errors.Is(err, remessa.ErrFaixaExhausted))
	// Output: 4125900000024 true
}

func ExampleParseAutorizacaoCMD() {
	a, err := remessa.ParseAutorizacaoCMD("123456-A-07-12-000000-1234567-5")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a, a.Identifier(), a.ComplementaryZeros())
	fmt.Println("check digit:", a.VerifyDV(nil)) // no algorithm is published
	// Output:
	// 123456A071200000012345675 12 true
	// check digit: not checked (algorithm not published)
}

func ExampleBuildAutorizacaoCMD() {
	a, err := remessa.BuildAutorizacaoCMD(remessa.CMDParts{
		Group1: "123456", Group2: "A", Group3: "07", Identifier: "12",
		Group5: "000000", Group6: "1234567",
		CheckDigit: "5", // given by hand: go-sus does not compute it
	}, nil)
	fmt.Println(a.Format(), err)
	_, err = remessa.BuildAutorizacaoCMD(remessa.CMDParts{
		Group1: "123456", Group2: "A", Group3: "07", Identifier: "12", Group5: "000000", Group6: "1234567",
	}, nil)
	fmt.Println(errors.Is(err, remessa.ErrNoCheckDigit))
	// Output:
	// 123456-A-07-12-000000-1234567-5 <nil>
	// true
}

func ExampleAutorizacaoCMD_VerifyDV() {
	a := remessa.MustParseAutorizacaoCMD("123456A071200000012345675")
	// A caller who has the algorithm of Anexo V plugs it in; this one is
	// a stand-in for the example, NOT the official algorithm.
	lastDigitOfSum := func(body [24]byte) byte {
		s := 0
		for _, c := range body {
			s += int(c)
		}
		return byte('0' + s%10)
	}
	fmt.Println(a.VerifyDV(nil), "/", a.VerifyDV(lastDigitOfSum))
	// Output: not checked (algorithm not published) / wrong
}

func ExampleAutorizacaoCMD_CheckComplementar() {
	a := remessa.MustParseAutorizacaoCMD("000001-9-00-99-123456-0000001-0")
	fmt.Println(a.CheckComplementar())
	// Output: invalid CMD authorization ***********************10: positions 12–17 must be 000000 for the complementary component
}

func ExampleAutorizacao_Format() {
	a := remessa.MustParseAutorizacao("3126500000426")
	fmt.Println(a.Format())
	// Output: 31.26.5.0.000.042-6
}

func ExampleAutorizacaoKind_IsPrograma() {
	// Portaria SAES 2025 Art. 14 I: 5th digit 8 in an AIH, 9 in an APAC.
	for _, n := range []string{"2925800000013", "4125900001003", "3525200000014"} {
		k := remessa.MustParseAutorizacao(n).Kind()
		fmt.Println(n, k.IsPrograma(), k.IsAIH(), k.IsAPAC())
	}
	// Output:
	// 2925800000013 true true false
	// 4125900001003 true false true
	// 3525200000014 false false true
}

func ExampleFaixa_Contains() {
	f := remessa.MustParseFaixa("4125900000013-4125900009990")
	fmt.Println(f.Contains(remessa.MustParseAutorizacao("4125900001003")), f.First(), f.Last(), f.Kind())
	// Output: true 4125900000013 4125900009990 APAC Agora Tem Especialistas
}

func ExampleAllocator_Used() {
	alloc := remessa.NewAllocator(remessa.MustParseFaixa("412590000001-412590000999"))
	a, _ := alloc.Next()
	fmt.Println(alloc.Used(a), alloc.Used(remessa.MustParseAutorizacao("4125900001003")))
	// Output: true false
}

package autorizacao_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/go-sus/sus/remessa/autorizacao"
)

// The package example: validate a number, then issue numbers of a faixa
// and keep the allocator's state.
func Example() {
	a, err := autorizacao.Parse("4125900001003")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Format(), a.Describe())

	f := autorizacao.MustParseFaixa("412590000001-412590000999") // check digits optional
	alloc := autorizacao.NewAllocator(f)
	for range 2 {
		n, err := alloc.Next()
		if err != nil {
			fmt.Println(err) // errors.Is(err, autorizacao.ErrFaixaExhausted)
			return
		}
		fmt.Println(n)
	}
	state, err := json.Marshal(alloc) // persist before handing the numbers out
	fmt.Println(string(state), err)
	// Output:
	// 41.25.9.0.000.100-3 APAC Agora Tem Especialistas (5th digit 9)
	// 4125900000013
	// 4125900000024
	// {"faixa":"4125900000013-4125900009990","next":"4125900000035"} <nil>
}

func ExampleParse() {
	a, err := autorizacao.Parse("41.25.9.0.000.100-3")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a, a.Format())
	fmt.Println(a.Describe())
	fmt.Println(a.UF(), a.Year(), a.Sequence(), a.Kind().IsAPAC(), a.Kind().IsPrograma())

	_, err = autorizacao.Parse("3525112345679")
	var cd *autorizacao.CheckDigitError
	fmt.Println(errors.Is(err, autorizacao.ErrCheckDigit), errors.As(err, &cd), string(cd.Want))
	// Output:
	// 4125900001003 41.25.9.0.000.100-3
	// APAC Agora Tem Especialistas (5th digit 9)
	// 41 25 100 true true
	// true true 8
}

func ExampleMustParse() {
	a := autorizacao.MustParse("2925800000013")
	fmt.Println(a.Kind(), a.Kind().IsAIH())
	// Output: AIH Agora Tem Especialistas true
}

func ExampleNew() {
	a, err := autorizacao.New(35, 25, autorizacao.KindAIH.Digit(), 1234567)
	fmt.Println(a, err)
	// Output: 3525112345678 <nil>
}

func ExampleCheckDigit() {
	// 352510000006 mod 11 = 10, written 0.
	fmt.Println(string(autorizacao.CheckDigit(352511234567)), string(autorizacao.CheckDigit(352510000006)))
	// Output: 8 0
}

func ExampleNumber_Check() {
	// A number read from a file field, unchecked.
	var a autorizacao.Number
	copy(a[:], "3525807281111")
	fmt.Println(a.Check(), a.Valid())
	// Output: check digit mismatch false
}

func ExampleNumber_Warnings() {
	a, _ := autorizacao.New(18, 25, 4, 1) // UF 18 does not exist; digit 4 has no known meaning
	for _, w := range a.Warnings() {
		fmt.Println(w)
	}
	// Output:
	// AIH/APAC 18.25.4.0.000.001-7: UF 18 is not an IBGE UF code (nor 99)
	// AIH/APAC 18.25.4.0.000.001-7: 5th digit 4 is not a known kind (1, 2, 3, 5, 6, 8, 9)
}

// A report shows the Portuguese Message of each warning.
func ExampleWarning_Message() {
	a, _ := autorizacao.New(18, 25, 4, 1)
	for _, w := range a.Warnings() {
		var aw *autorizacao.Warning
		if errors.As(w, &aw) {
			fmt.Println(aw.Message())
		}
	}
	// Output:
	// UF 18 não é um código de UF do IBGE (nem 99)
	// 5º dígito 4 não corresponde a um tipo conhecido (1, 2, 3, 5, 6, 8, 9)
}

func ExampleNumber_MarshalText() {
	b, _ := json.Marshal(map[string]autorizacao.Number{"prd_naut": autorizacao.MustParse("4125900001003")})
	fmt.Println(string(b))
	// Output: {"prd_naut":"4125900001003"}
}

func ExampleKindOfDigit() {
	for _, d := range []int{1, 2, 3, 4, 5, 6, 8, 9} {
		fmt.Printf("%d %v\n", d, autorizacao.KindOfDigit(d))
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
	fmt.Println(autorizacao.KnownUF(35), autorizacao.KnownUF(99), autorizacao.KnownUF(18))
	// Output: true true false
}

func ExampleRandom() {
	r := rand.New(rand.NewPCG(1, 1))
	a := autorizacao.Random(r, autorizacao.KindAPACPrograma)
	fmt.Println(a.Valid(), a.Kind())
	// Output: true APAC Agora Tem Especialistas
}

func ExampleParseFaixa() {
	f, err := autorizacao.ParseFaixa("41.25.9.0.000.001 - 41.25.9.0.000.999") // without check digits
	fmt.Println(f, f.Len(), f.IsPrograma(), err)
	// Output: 4125900000013-4125900009990 999 true <nil>
}

func ExampleNewFaixa() {
	f, err := autorizacao.NewFaixa(autorizacao.MustParse("3525100000015"), autorizacao.MustParse("3525112345678"))
	fmt.Println(f.Len(), err)
	// Output: 1234567 <nil>
}

func ExampleFaixa_CheckPrograma() {
	f := autorizacao.MustParseFaixa("412590000001-412590000999")
	fmt.Println(f.CheckPrograma(autorizacao.MustParse("4125900001003")))
	fmt.Println(f.Contains(autorizacao.MustParse("3525100000015")))
	// Output:
	// <nil>
	// false
}

func ExampleAllocator() {
	f := autorizacao.MustParseFaixa("412590000001-412590000999")
	alloc := autorizacao.NewAllocator(f)
	a, _ := alloc.Next()
	b, _ := alloc.Next()
	fmt.Println(a, b)

	// Number 3 was typed in by hand elsewhere: never issue it.
	_ = alloc.MarkUsed(autorizacao.MustParse("4125900000035"))
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
	var s autorizacao.AllocatorState
	_ = json.Unmarshal([]byte(`{"faixa":"4125900000013-4125900000024","next":"4125900000024"}`), &s)
	alloc, err := autorizacao.RestoreAllocator(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := alloc.Next()
	_, err = alloc.Next()
	fmt.Println(a, errors.Is(err, autorizacao.ErrFaixaExhausted))
	// Output: 4125900000024 true
}

func ExampleParseCMD() {
	a, err := autorizacao.ParseCMD("123456-A-07-12-000000-1234567-5")
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

func ExampleBuildCMD() {
	a, err := autorizacao.BuildCMD(autorizacao.CMDParts{
		Group1: "123456", Group2: "A", Group3: "07", Identifier: "12",
		Group5: "000000", Group6: "1234567",
		CheckDigit: "5", // given by hand: go-sus does not compute it
	}, nil)
	fmt.Println(a.Format(), err)
	_, err = autorizacao.BuildCMD(autorizacao.CMDParts{
		Group1: "123456", Group2: "A", Group3: "07", Identifier: "12", Group5: "000000", Group6: "1234567",
	}, nil)
	fmt.Println(errors.Is(err, autorizacao.ErrNoCheckDigit))
	// Output:
	// 123456-A-07-12-000000-1234567-5 <nil>
	// true
}

func ExampleCMD_VerifyDV() {
	a := autorizacao.MustParseCMD("123456A071200000012345675")
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

func ExampleCMD_CheckComplementar() {
	a := autorizacao.MustParseCMD("000001-9-00-99-123456-0000001-0")
	fmt.Println(a.CheckComplementar())
	// Output: invalid CMD authorization ***********************10: positions 12–17 must be 000000 for the complementary component
}

func ExampleNumber_Format() {
	a := autorizacao.MustParse("3126500000426")
	fmt.Println(a.Format())
	// Output: 31.26.5.0.000.042-6
}

func ExampleKind_IsPrograma() {
	// Portaria SAES 2025 Art. 14 I: 5th digit 8 in an AIH, 9 in an APAC.
	for _, n := range []string{"2925800000013", "4125900001003", "3525200000014"} {
		k := autorizacao.MustParse(n).Kind()
		fmt.Println(n, k.IsPrograma(), k.IsAIH(), k.IsAPAC())
	}
	// Output:
	// 2925800000013 true true false
	// 4125900001003 true false true
	// 3525200000014 false false true
}

func ExampleFaixa_Contains() {
	f := autorizacao.MustParseFaixa("4125900000013-4125900009990")
	fmt.Println(f.Contains(autorizacao.MustParse("4125900001003")), f.First(), f.Last(), f.Kind())
	// Output: true 4125900000013 4125900009990 APAC Agora Tem Especialistas
}

func ExampleAllocator_Used() {
	alloc := autorizacao.NewAllocator(autorizacao.MustParseFaixa("412590000001-412590000999"))
	a, _ := alloc.Next()
	fmt.Println(alloc.Used(a), alloc.Used(autorizacao.MustParse("4125900001003")))
	// Output: true false
}

package cns_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/go-sus/sus/cns"
)

func ExampleParseCNS() {
	c, err := cns.ParseCNS("258 2603 2917 0018")
	if err != nil {
		panic(err)
	}
	fmt.Println(c, c.Kind(), c.Masked())
	// Output: 258260329170018 definitive *** **** **** 0018
}

func ExampleParseCNS_invalid() {
	_, err := cns.ParseCNS("152918759930006")
	fmt.Println(errors.Is(err, cns.ErrCheckDigit))
	fmt.Println(err)
	// Output:
	// true
	// invalid CNS *************06: check digit mismatch
}

func ExampleCNS_Format() {
	fmt.Println(cns.MustParseCNS("706517680954096").Format())
	// Output: 706 5176 8095 4096
}

func ExampleCNS_Check() {
	var c cns.CNS
	copy(c[:], "352918759930005") // e.g. a field read from a file
	fmt.Println(c.Check())
	// Output: unknown kind (first digit)
}

func ExampleRandomCNS() {
	r := rand.New(rand.NewPCG(1, 1))
	d := cns.RandomCNS(r)
	p := cns.RandomProvisionalCNS(r)
	fmt.Println(d.Valid(), d.Kind(), p.Valid(), p.Kind())
	// Output: true definitive true provisional
}

func ExampleParseCPF() {
	c, err := cns.ParseCPF("574.627.402-06")
	if err != nil {
		panic(err)
	}
	fmt.Println(c, c.Format(), c.Masked())
	// Output: 57462740206 574.627.402-06 ***.***.402-06
}

func ExampleRandomCPF() {
	c := cns.RandomCPF(rand.New(rand.NewPCG(42, 42)))
	fmt.Println(c.Valid(), len(c.String()))
	// Output: true 11
}

func ExampleKindOf() {
	fmt.Println(cns.KindOf('8'), cns.KindOf('2'), cns.KindOf('5'))
	// Output: provisional definitive unknown
}

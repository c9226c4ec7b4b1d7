package cnes_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/go-sus/sus/cnes"
)

func ExampleParseCNPJ() {
	c, err := cnes.ParseCNPJ("12.abc.345/01de-35")
	if err != nil {
		panic(err)
	}
	fmt.Println(c, c.Kind(), c.Format())
	// Output: 12ABC34501DE35 alphanumeric 12.ABC.345/01DE-35
}

func ExampleRandomCNPJAlnum() {
	c := cnes.RandomCNPJAlnum(rand.New(rand.NewPCG(1, 2)))
	fmt.Println(c.Valid(), c.Kind())
	// Output: true alphanumeric
}

func ExampleRandomCNPJ() {
	c := cnes.RandomCNPJ(rand.New(rand.NewPCG(1, 2)))
	fmt.Println(c.Valid(), c.Kind())
	// Output: true numeric
}

func ExampleParseCode() {
	c, _ := cnes.ParseCode("12345")
	fmt.Println(c)
	// Output: 0012345
}

func ExampleParseINE() {
	i, _ := cnes.ParseINE("2489848")
	fmt.Println(i)
	_, err := cnes.ParseINE("0000000000")
	fmt.Println(err)
	// Output:
	// 0002489848
	// invalid INE ********00: all digits equal
}

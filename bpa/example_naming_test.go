package bpa_test

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/sigtap"
)

func ExampleNewFileName() {
	name, err := bpa.NewFileName("CAPSAD", sigtap.MustParseCompetencia("202509"))
	fmt.Println(name, err)
	// Output: PACAPSAD.SET <nil>
}

func ExampleParseFileName() {
	name, err := bpa.ParseFileName(filepath.Base("/exporta/PAkauan-.MAR"))
	fmt.Printf("%q %v %v\n", name.ID, name.Month, err)

	_, err = bpa.ParseFileName("PACAPSAD.TXT")
	fmt.Println(errors.Is(err, bpa.ErrFileName))
	// Output:
	// "kauan-" March <nil>
	// true
}

func ExampleFileName_CheckCompetencia() {
	name, _ := bpa.ParseFileName("PACAPSAD.SET")
	fmt.Println(name.CheckCompetencia(sigtap.MustParseCompetencia("202509")))
	warn := name.CheckCompetencia(sigtap.MustParseCompetencia("202510"))
	fmt.Println(errors.Is(warn, bpa.ErrFileNameMonth), warn)
	// Output:
	// <nil>
	// true file name "PACAPSAD.SET" names month SET but the header competência is 10/2025 (OUT)
}

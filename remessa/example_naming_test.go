package remessa_test

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

func ExampleNewFileName() {
	name, err := remessa.NewFileName("CAPSAD", sigtap.MustParseCompetencia("202509"))
	fmt.Println(name, err)
	// Output: PACAPSAD.SET <nil>
}

func ExampleParseFileName() {
	name, err := remessa.ParseFileName(filepath.Base("/exporta/PAkauan-.MAR"))
	fmt.Printf("%q %v %v\n", name.ID, name.Month, err)

	_, err = remessa.ParseFileName("PACAPSAD.TXT")
	fmt.Println(errors.Is(err, remessa.ErrFileName))
	// Output:
	// "kauan-" March <nil>
	// true
}

func ExampleFileName_CheckCompetencia() {
	name, _ := remessa.ParseFileName("PACAPSAD.SET")
	fmt.Println(name.CheckCompetencia(sigtap.MustParseCompetencia("202509")))
	warn := name.CheckCompetencia(sigtap.MustParseCompetencia("202510"))
	fmt.Println(errors.Is(warn, remessa.ErrFileNameMonth), warn)
	// Output:
	// <nil>
	// true file name "PACAPSAD.SET" names month SET but the header competência is 10/2025 (OUT)
}

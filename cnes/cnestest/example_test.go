package cnestest_test

import (
	"fmt"
	"log"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/sigtap"
)

func ExampleGenerate() {
	cfg := cnestest.World(sigtap.MustParseCompetencia("202601"), 1)
	f, err := cnestest.Generate(cfg)
	if err != nil {
		log.Fatal(err)
	}
	s, err := cnes.Load(f.FS(), cnes.LoadOptions{})
	if err != nil {
		log.Fatal(err)
	}
	failed := 0
	for _, e := range f.Expectations {
		if e.Verify(s) != nil {
			failed++
		}
	}
	fmt.Println(len(f.Files), "files,", f.Rows(cnes.TableCargaHoraria), "vínculos,", len(f.Expectations), "expectations,", failed, "failed")
	// Output: 8 files, 22 vínculos, 68 expectations, 0 failed
}

func ExampleConfig() {
	// A registry of one clinic serving one procedure, plus 100 random
	// establishments drawn from the same plan.
	cfg := cnestest.Config{
		Competencia: sigtap.MustParseCompetencia("202603"),
		Seed:        7,
		Plan: []cnestest.Procedure{{Code: "0207010064", Name: "RESSONANCIA MAGNETICA DE CRANIO",
			CBOs: []string{"225320"}, ServClass: []string{"121/004", "121/010"}}},
		Estabs: []cnestest.Estab{{CNES: "9990101", Name: "CLINICA EXEMPLO", Gestao: cnes.GestaoMunicipal,
			Procedures: []string{"0207010064"}}},
		Profs:  []cnestest.Prof{{Key: "R1", Vinculos: []cnestest.Vinc{{CNES: "9990101", CBO: "225320", Amb: 40}}}},
		Expect: []cnestest.Expect{{Check: cnes.C5, CNES: "9990101", Prof: "R1", Arg: "225320", Want: cnes.OK}},
		Bulk:   cnestest.Bulk{Estabs: 100, VinculosPerEstab: 5},
	}
	f, err := cnestest.Generate(cfg)
	if err != nil {
		log.Fatal(err)
	}
	s, _ := cnes.Load(f.FS(), cnes.LoadOptions{})
	for _, e := range f.Expectations {
		r, _ := e.Run(s)
		fmt.Println(e.Check, e.Arg, r.Outcome)
	}
	fmt.Println(s.Counts().Estabelecimentos)
	// Output:
	// C5 225320 ok
	// C8 121/004 121/010 ok
	// 101
}

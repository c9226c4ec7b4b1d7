package bpatest_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"math/rand/v2"
	"time"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/bpa/bpatest"
	"github.com/go-sus/sus/sigtap"
)

// Fake people: the same seed gives the same person.
func ExampleName() {
	r := rand.New(rand.NewPCG(1, 2))
	name := bpatest.Name(r)
	addr := bpatest.NewAddress(r)
	birth := bpatest.BirthDate(r, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), 18, 60)
	fmt.Println(name, "|", addr.StreetType.Name, addr.Street, addr.Number, "|", addr.MunicipioNm, "|", birth.Format("2006-01-02"))
	fmt.Println(bpatest.Phone(r), bpatest.Email(r, name))
	// Output:
	// CONCEIÇÃO MENDES LIMA | AVENIDA TIRADENTES 5086 | BRASILIA | 1968-03-10
	// 21906203778 CONCEICAO.LIMA95@EMAIL.TEST
}

// Identifiers pass their check digits but belong to no one.
func ExampleCNS() {
	r := rand.New(rand.NewPCG(1, 2))
	c, cpf := bpatest.CNS(r), bpatest.CPF(r)
	fmt.Println(c.Valid(), cpf.Valid(), c.Masked(), cpf.Masked())
	fmt.Println(bpatest.CNES(r).Valid(), bpatest.CBO(r), bpatest.Procedure(r), bpatest.INE(r).Valid())
	// Output:
	// true true *** **** **** 0018 ***.***.030-54
	// true 251510 0301100039 true
}

// A valid file in layout 338 (processing months 08/2015 to 03/2024).
func ExampleFile() {
	file, err := bpatest.File(bpa.V338.Since(), 100, 1)
	if err != nil {
		log.Fatal(err)
	}
	problems, err := bpa.Validate(bytes.NewReader(file))
	fmt.Println(len(file), "bytes,", len(problems), "problems", err)
	// Output: 30942 bytes, 0 problems <nil>
}

// A Generator draws records one by one.
func ExampleGenerator() {
	g := bpatest.New(rand.New(rand.NewPCG(1, 2)), sigtap.MustParseCompetencia("202601"))
	rec := g.Individualizado()
	fmt.Println(rec.Competencia, rec.Procedimento, rec.Sexo, rec.Idade, rec.CNSPaciente.IsZero() != rec.CPF.IsZero())
	recs, err := g.Records(3) // numbered
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(recs), "numbered records, the first in folha", recs[0].(*bpa.Individualizado).Folha)
	// Output:
	// 202601 0214010015 F 27 true
	// 3 numbered records, the first in folha 1
}

// Write streams a file of any size in constant memory.
func ExampleWrite() {
	var b bytes.Buffer
	if err := bpatest.Write(&b, sigtap.MustParseCompetencia("202512"), 1000, 7, nil); err != nil {
		log.Fatal(err)
	}
	h, _ := bpa.NewReader(bytes.NewReader(b.Bytes())).Read()
	fmt.Println(h.(*bpa.Header).Lines, "lines")
	// Output: 1000 lines
}

// Each broken variant says what bpa.Validate must report.
func ExampleBroken() {
	file, err := bpatest.File(sigtap.MustParseCompetencia("202601"), 20, 1)
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range bpatest.Broken()[:3] {
		broken, line, err := v.Apply(file)
		if err != nil {
			log.Fatal(err)
		}
		ps, _ := bpa.Validate(bytes.NewReader(broken))
		fmt.Println(v.Name, v.Code, line, ps[0].Code, ps[0].Line)
	}
	// Output:
	// cns-check-digit BPA-CNS-DV 2 BPA-CNS-DV 2
	// cpf-check-digit BPA-CPF-DV 2 BPA-CPF-DV 2
	// cpf-and-cns BPA-CPF-CNS 2 BPA-CPF-CNS 2
}

func ExampleTooManyLines() {
	_, err := bpa.Validate(bpatest.TooManyLines(sigtap.MustParseCompetencia("202601")))
	fmt.Println(errors.Is(err, bpa.ErrTooManyLines))
	// Output: true
}

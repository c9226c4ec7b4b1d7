package bpatest

import (
	"math/rand/v2"
	"testing"
	"time"
	"unicode/utf8"
)

func TestDeterministicAndValid(t *testing.T) {
	r1 := rand.New(rand.NewPCG(1, 2))
	r2 := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2025, 12, 10, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 500; i++ {
		n1, n2 := Name(r1), Name(r2)
		if n1 != n2 {
			t.Fatal("Name is not deterministic")
		}
		if utf8.RuneCountInString(n1) > 30 || n1 == "" {
			t.Errorf("Name %q longer than 30", n1)
		}
		a := NewAddress(r1)
		NewAddress(r2)
		if len(a.CEP) != 8 || len(a.Municipio) != 6 || utf8.RuneCountInString(a.Street) > 30 || len(a.Number) > 5 {
			t.Errorf("address %+v", a)
		}
		if e := Email(r1, n1); len(e) > 40 {
			t.Errorf("email %q", e)
		}
		Email(r2, n2)
		if p := Phone(r1); len(p) != 11 {
			t.Errorf("phone %q", p)
		}
		Phone(r2)
		b := BirthDate(r1, at, 18, 60)
		BirthDate(r2, at, 18, 60)
		age := at.Year() - b.Year()
		if at.YearDay() < b.YearDay() {
			age--
		}
		if age < 17 || age > 60 {
			t.Errorf("birth %v gives age %d", b, age)
		}
		if !CNS(r1).Valid() || !CPF(r1).Valid() || !Procedure(r1).Valid() || !CBO(r1).Valid() || !INE(r1).Valid() || !CNES(r1).Valid() {
			t.Error("invalid identifier")
		}
		CNS(r2)
		CPF(r2)
		Procedure(r2)
		CBO(r2)
		INE(r2)
		CNES(r2)
	}
}

package cns

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// Vectors from docs/identifiers.md §2.
func TestParseCPFVectors(t *testing.T) {
	for _, s := range []string{"57462740206", "91975608046", "50155325981", "574.627.402-06", " 574 627 402 06"} {
		c, err := ParseCPF(s)
		if err != nil || !c.Valid() {
			t.Errorf("ParseCPF(%q) = %v", s, err)
		}
	}
	invalid := []struct {
		in  string
		err error
	}{
		{"57462740207", ErrCheckDigit},
		{"91975608064", ErrCheckDigit},
		{"11111111111", ErrRepeated},
		{"00000000000", ErrRepeated},
		{"1234567890", ErrLength},
		{"1234567890A", ErrCharacters},
		{"123456789A", ErrCharacters}, // a letter is reported whatever the length
		{"5746274020a", ErrCharacters},
		{"", ErrEmpty},
	}
	for _, tt := range invalid {
		if _, err := ParseCPF(tt.in); !errors.Is(err, tt.err) {
			t.Errorf("ParseCPF(%q) = %v, want %v", tt.in, err, tt.err)
		}
	}
}

// All ten repeated-digit strings pass the DV arithmetic (docs/identifiers.md §2)
// and must be rejected.
func TestCPFRepeatedPassArithmetic(t *testing.T) {
	for d := byte('0'); d <= '9'; d++ {
		var c CPF
		for i := range c {
			c[i] = d
		}
		if !errors.Is(c.Check(), ErrRepeated) {
			t.Errorf("%s: %v", c, c.Check())
		}
	}
}

func TestCPFFormatting(t *testing.T) {
	c := MustParseCPF("57462740206")
	if c.Format() != "574.627.402-06" || c.Masked() != "***.***.402-06" || c.String() != "57462740206" {
		t.Errorf("Format %q Masked %q", c.Format(), c.Masked())
	}
	var back CPF
	if b, _ := c.MarshalText(); back.UnmarshalText(b) != nil || back != c {
		t.Error("text round trip")
	}
}

// cpfRemainders returns the raw remainders S1 mod 11 and S2 mod 11.
func cpfRemainders(c CPF) (int, int) {
	s1, s2 := 0, 0
	for i := 0; i < 9; i++ {
		s1 += int(c[i]-'0') * cpfWeights1[i]
	}
	for i := 0; i < 10; i++ {
		s2 += int(c[i]-'0') * cpfWeights2[i]
	}
	return s1 % 11, s2 % 11
}

// What the CPF algorithm guarantees for a single-digit change. A change of
// a check digit is always detected. DV1 weighs the base digits 1–9 by
// 10..2 and DV2 weighs digits 1–10 by 11..2; only DV2's weight 11 on digit
// 1 is ≡ 0 mod 11, so a change of a base digit always moves at least one
// raw remainder, and goes undetected only when the remainders it moves
// cross the collapse "r ∈ {0,1} → DV 0". The test checks that every
// undetected change is explained by that collapse, and that such changes
// are rare.
func TestCPFSingleDigitChanges(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	undetected, total := 0, 0
	collapse := func(a, b int) bool { return a == b || (a < 2 && b < 2) }
	for n := 0; n < 2000; n++ {
		c := RandomCPF(r)
		if !c.Valid() {
			t.Fatalf("RandomCPF %s invalid", c)
		}
		r1, r2 := cpfRemainders(c)
		for i := range c {
			for d := byte('0'); d <= '9'; d++ {
				if d == c[i] {
					continue
				}
				m := c
				m[i] = d
				total++
				if !m.Valid() {
					continue
				}
				undetected++
				if i >= 9 {
					t.Fatalf("change of check digit %d of %s → %s undetected", i, c, m)
				}
				m1, m2 := cpfRemainders(m)
				if !collapse(r1, m1) || !collapse(r2, m2) || (r1 == m1 && r2 == m2) {
					t.Fatalf("change at %d of %s → %s undetected without a 0/1 collapse (r %d→%d, %d→%d)", i, c, m, r1, m1, r2, m2)
				}
			}
		}
	}
	if undetected*100 > total*2 {
		t.Errorf("%d of %d single-digit changes undetected", undetected, total)
	}
}

func FuzzParseCPF(f *testing.F) {
	for _, s := range []string{"57462740206", "574.627.402-06", "11111111111", "", "123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCPF(s)
		if err != nil {
			if c != (CPF{}) {
				t.Fatal("error with non-zero value")
			}
			return
		}
		if !c.Valid() {
			t.Fatalf("parsed invalid %s", c)
		}
		if c2, err := ParseCPF(c.Format()); err != nil || c2 != c {
			t.Fatalf("Format round trip: %v", err)
		}
	})
}

func BenchmarkCPFValid(b *testing.B) {
	c := MustParseCPF("57462740206")
	b.ReportAllocs()
	for b.Loop() {
		if !c.Valid() {
			b.Fatal("invalid")
		}
	}
}

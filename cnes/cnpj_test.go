package cnes

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// Vectors from docs/identifiers.md §3.
func TestParseCNPJVectors(t *testing.T) {
	valid := []struct {
		in   string
		kind CNPJKind
	}{
		{"12ABC34501DE35", CNPJAlphanumeric},
		{"12.ABC.345/01DE-35", CNPJAlphanumeric},
		{"12.abc.345/01de-35", CNPJAlphanumeric},
		{"N84SW0SU000158", CNPJAlphanumeric},
		{"GA3K3VRN000149", CNPJAlphanumeric},
		{"55008929000159", CNPJNumeric},
		{"11222333000181", CNPJNumeric},
		{"11.222.333/0001-81", CNPJNumeric},
	}
	for _, tt := range valid {
		c, err := ParseCNPJ(tt.in)
		if err != nil {
			t.Errorf("ParseCNPJ(%q): %v", tt.in, err)
			continue
		}
		if c.Kind() != tt.kind {
			t.Errorf("ParseCNPJ(%q).Kind() = %v", tt.in, c.Kind())
		}
	}
	invalid := []struct {
		in  string
		err error
	}{
		{"12ABC34501DE00", ErrCheckDigit},
		{"12ABC34501DE3A", ErrCharacters},
		{"12ABC34501D!35", ErrCharacters},
		{"00000000000000", ErrRepeated},
		{"11111111111111", ErrCheckDigit},
		{"1122233300018", ErrLength},
		{"", ErrEmpty},
	}
	for _, tt := range invalid {
		if _, err := ParseCNPJ(tt.in); !errors.Is(err, tt.err) {
			t.Errorf("ParseCNPJ(%q) = %v, want %v", tt.in, err, tt.err)
		}
	}
}

func TestCNPJFormat(t *testing.T) {
	c := MustParseCNPJ("12ABC34501DE35")
	if got := c.Format(); got != "12.ABC.345/01DE-35" {
		t.Errorf("Format = %q", got)
	}
	if got := c.Masked(); got != "**.***.***/01DE-35" {
		t.Errorf("Masked = %q", got)
	}
	var back CNPJ
	b, _ := c.MarshalText()
	if err := back.UnmarshalText(b); err != nil || back != c {
		t.Errorf("text round trip: %v", err)
	}
}

func TestRandomCNPJ(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < 5000; i++ {
		n := RandomCNPJ(r)
		if err := n.Check(); err != nil || n.Kind() != CNPJNumeric {
			t.Fatalf("RandomCNPJ %s: %v %v", n, err, n.Kind())
		}
		a := RandomCNPJAlnum(r)
		if err := a.Check(); err != nil || a.Kind() != CNPJAlphanumeric {
			t.Fatalf("RandomCNPJAlnum %s: %v %v", a, err, a.Kind())
		}
	}
}

// A change of a check digit is always detected. A change of a base digit
// moves both raw remainders (weights 2..9 are non-zero mod 11 and two
// digits differ by less than 11), so it is missed only through the
// "r ∈ {0,1} → DV 0" collapse: the test checks that DV changes are always
// caught and that misses are rare.
func TestCNPJSingleCharacterChanges(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 3))
	undetected, total := 0, 0
	for n := 0; n < 1000; n++ {
		c := RandomCNPJ(r)
		for i := range c {
			for d := byte('0'); d <= '9'; d++ {
				if d == c[i] {
					continue
				}
				m := c
				m[i] = d
				total++
				if m.Valid() {
					undetected++
					if i >= 12 {
						t.Fatalf("change of DV %d undetected: %s → %s", i, c, m)
					}
				}
			}
		}
	}
	if undetected*100 > total*2 {
		t.Errorf("%d of %d changes undetected", undetected, total)
	}
}

func FuzzParseCNPJ(f *testing.F) {
	for _, s := range []string{"12ABC34501DE35", "11.222.333/0001-81", "00000000000000", "", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCNPJ(s)
		if err != nil {
			if c != (CNPJ{}) {
				t.Fatal("error with non-zero value")
			}
			return
		}
		if !c.Valid() {
			t.Fatalf("parsed invalid %s", c)
		}
		if c2, err := ParseCNPJ(c.Format()); err != nil || c2 != c {
			t.Fatalf("Format round trip: %v", err)
		}
	})
}

func BenchmarkCNPJValid(b *testing.B) {
	c := MustParseCNPJ("12ABC34501DE35")
	b.ReportAllocs()
	for b.Loop() {
		if !c.Valid() {
			b.Fatal("invalid")
		}
	}
}

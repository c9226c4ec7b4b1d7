package autorizacao

import (
	"errors"
	"testing"
)

func TestParseFaixa(t *testing.T) {
	tests := []struct {
		in          string
		first, last string
		n           int
	}{
		{"4125900000013-4125900009990", "4125900000013", "4125900009990", 999},
		{"412590000001-412590000999", "4125900000013", "4125900009990", 999},
		{"412590000001-4125900009990", "4125900000013", "4125900009990", 999},
		{"41.25.9.0.000.001-3-41.25.9.0.000.999-0", "4125900000013", "4125900009990", 999},
		{"41.25.9.0.000.001-3 - 41.25.9.0.000.999-0", "4125900000013", "4125900009990", 999},
		{" 41.25.9.0.000.001 - 41.25.9.0.000.999 ", "4125900000013", "4125900009990", 999},
		{"3525100000015-3525100000015", "3525100000015", "3525100000015", 1},
		{"352510000000-352519999999", "3525100000004", "3525199999992", 10_000_000},
	}
	for _, tc := range tests {
		f, err := ParseFaixa(tc.in)
		if err != nil {
			t.Errorf("ParseFaixa(%q): %v", tc.in, err)
			continue
		}
		if f.First().String() != tc.first || f.Last().String() != tc.last || f.Len() != tc.n {
			t.Errorf("ParseFaixa(%q) = %s (%d), want %s-%s (%d)", tc.in, f, f.Len(), tc.first, tc.last, tc.n)
		}
		if g, err := ParseFaixa(f.String()); err != nil || g != f {
			t.Errorf("String round trip of %q: %v %v", tc.in, g, err)
		}
	}
}

func TestParseFaixaErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrEmpty},
		{"   ", ErrEmpty},
		{"4125900000013", ErrFormat},
		{"4125900000013 4125900009990", ErrFormat},
		{"4125900000014-4125900009990", ErrCheckDigit},
		{"4125900000013-4125900009991", ErrCheckDigit},
		{"4125900009990-4125900000013", ErrRange},
		{"4125900000013-352590000999", ErrFaixaPrefix},
		{"4125900000013-412690000999", ErrFaixaPrefix},
		{"4125900000013-412580000999", ErrFaixaPrefix},
		{"41259000000A3-4125900009990", ErrCharacters},
		{"41259000000013-4125900009990", ErrFormat},
		{"4125900000013-4125900009990-1", ErrFormat},
		{"1-2-3-4-5-6-7-8-9-0-1-2-3-4-5-6-7-8-9-0-1-2-3-4-5-6-7-8-9-0-1-2-3", ErrLength},
	}
	for _, tc := range tests {
		f, err := ParseFaixa(tc.in)
		if !errors.Is(err, tc.want) || !f.IsZero() {
			t.Errorf("ParseFaixa(%q) = %v, %v; want %v", tc.in, f, err, tc.want)
		}
	}
}

func TestFaixaContainsCheck(t *testing.T) {
	f := MustParseFaixa("4125900000013-4125900009990") // sequences 1–999
	prog, _ := New(41, 25, 9, 500)
	below, _ := New(41, 25, 9, 0)
	above, _ := New(41, 25, 9, 1000)
	otherUF, _ := New(35, 25, 9, 500)
	var badDV Number = prog
	badDV[12] = '0' + (prog[12]-'0'+1)%10
	tests := []struct {
		a        Number
		contains bool
		check    error
	}{
		{f.First(), true, nil},
		{f.Last(), true, nil},
		{prog, true, nil},
		{below, false, ErrNotInFaixa},
		{above, false, ErrNotInFaixa},
		{otherUF, false, ErrNotInFaixa},
		{badDV, true, ErrCheckDigit},
		{Number{}, false, ErrEmpty},
	}
	for _, tc := range tests {
		if got := f.Contains(tc.a); got != tc.contains {
			t.Errorf("Contains(%s) = %v", tc.a, got)
		}
		if err := f.Check(tc.a); !errors.Is(err, tc.check) || (tc.check == nil) != (err == nil) {
			t.Errorf("Check(%s) = %v, want %v", tc.a, err, tc.check)
		}
	}
	if !f.IsPrograma() || f.Kind() != KindAPACPrograma || f.CheckPrograma(prog) != nil {
		t.Error("programme faixa")
	}
	general := MustParseFaixa("352520000000-352520000099")
	n, _ := New(35, 25, 2, 50)
	if general.IsPrograma() || !errors.Is(general.CheckPrograma(n), ErrNotPrograma) || general.Check(n) != nil {
		t.Errorf("general faixa: %v", general.CheckPrograma(n))
	}
	if (Faixa{}).Contains(f.First()) || (Faixa{}).Len() != 0 || (Faixa{}).String() != "" {
		t.Error("zero faixa")
	}
}

func TestNewFaixa(t *testing.T) {
	a := MustParse("4125900000013")
	var bad Number
	copy(bad[:], "4125900000014")
	if _, err := NewFaixa(a, bad); !errors.Is(err, ErrCheckDigit) {
		t.Errorf("bad last: %v", err)
	}
	if _, err := NewFaixa(Number{}, a); !errors.Is(err, ErrEmpty) {
		t.Errorf("zero first: %v", err)
	}
	if f, err := NewFaixa(a, a); err != nil || f.Len() != 1 {
		t.Errorf("one-number faixa: %v %v", f, err)
	}
}

func TestFaixaText(t *testing.T) {
	f := MustParseFaixa("412590000001-412590000999")
	b, _ := f.MarshalText()
	if string(b) != "4125900000013-4125900009990" {
		t.Errorf("MarshalText = %s", b)
	}
	var g Faixa
	if err := g.UnmarshalText(b); err != nil || g != f {
		t.Errorf("UnmarshalText: %v %v", g, err)
	}
	if err := g.UnmarshalText(nil); err != nil || !g.IsZero() {
		t.Errorf("empty text: %v", err)
	}
	if err := g.UnmarshalText([]byte("x")); !errors.Is(err, ErrFormat) {
		t.Errorf("bad text: %v", err)
	}
}

// faixaAt returns the i-th number of f (0-based).
func faixaAt(f Faixa, i int) Number { return autFromPrefix(f.first.body(), uint64(i)) }

func TestFaixaAt(t *testing.T) {
	f := MustParseFaixa("412590000001-412590000999")
	for i := range f.Len() {
		a := faixaAt(f, i)
		if a.Check() != nil || !f.Contains(a) || a.Sequence() != i+1 {
			t.Fatalf("at(%d) = %s", i, a)
		}
	}
}

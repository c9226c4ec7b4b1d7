package cnes

import (
	"errors"
	"math/rand/v2"
	"testing"
)

func TestParseCode(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"2569302", "2569302", nil},
		{"12345", "0012345", nil},
		{"", "", ErrEmpty},
		{"12345678", "", ErrLength},
		{"12a4567", "", ErrCharacters},
	}
	for _, tt := range tests {
		c, err := ParseCode(tt.in)
		if !errors.Is(err, tt.err) || c.String() != tt.want {
			t.Errorf("ParseCode(%q) = %q, %v", tt.in, c, err)
		}
	}
	if !MustParseCode("1").Valid() || (Code{}).Valid() {
		t.Error("Valid")
	}
}

func TestParseINE(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"0002489848", "0002489848", nil},
		{"2489848", "0002489848", nil},
		{"0000000000", "", ErrRepeated},
		{"12345678901", "", ErrLength},
		{"00024898X8", "", ErrCharacters},
	}
	for _, tt := range tests {
		c, err := ParseINE(tt.in)
		if !errors.Is(err, tt.err) || c.String() != tt.want {
			t.Errorf("ParseINE(%q) = %q, %v", tt.in, c, err)
		}
	}
	r := rand.New(rand.NewPCG(2, 2))
	for i := 0; i < 1000; i++ {
		if c := RandomINE(r); !c.Valid() {
			t.Fatalf("RandomINE %s invalid", c)
		}
		if c := RandomCode(r); !c.Valid() {
			t.Fatalf("RandomCode %s invalid", c)
		}
	}
}

func FuzzParseCode(f *testing.F) {
	f.Add("2569302")
	f.Add("")
	f.Add("0002489848")
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := ParseCode(s); err == nil && !c.Valid() {
			t.Fatalf("ParseCode(%q) gave invalid %q", s, c)
		}
		if c, err := ParseINE(s); err == nil && !c.Valid() {
			t.Fatalf("ParseINE(%q) gave invalid %q", s, c)
		}
	})
}

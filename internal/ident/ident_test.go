package ident

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestMaskTail(t *testing.T) {
	tests := map[string]string{"": "", "12": "12", "12345": "***45", "ção12": "***12"}
	for in, want := range tests {
		if got := MaskTail(in, 2); got != want {
			t.Errorf("MaskTail(%q) = %q, want %q", in, got, want)
		}
	}
	if got := MaskTail(strings.Repeat("9", 1000), 2); len(got) != 32 {
		t.Errorf("long input not bounded: %d", len(got))
	}
}

func TestNormalize(t *testing.T) {
	if got := Normalize("12.345/678-9 0\t1"); got != "1234567890"+"1" {
		t.Errorf("Normalize = %q", got)
	}
	s := "plain"
	if got := Normalize(s); got != s {
		t.Errorf("Normalize changed %q", got)
	}
}

func TestError(t *testing.T) {
	err := NewError("CPF", "57462740207", ErrCheckDigit)
	if !errors.Is(err, ErrCheckDigit) {
		t.Error("not Is ErrCheckDigit")
	}
	if msg := err.Error(); strings.Contains(msg, "574627402") || !strings.Contains(msg, "*********07") {
		t.Errorf("message %q", msg)
	}
}

func TestMod11DV(t *testing.T) {
	// CPF worked example (docs/identifiers.md §2): base 574627402 → DV1 0.
	if dv := Mod11DV([]byte("574627402"), []int{10, 9, 8, 7, 6, 5, 4, 3, 2}); dv != '0' {
		t.Errorf("DV1 = %c", dv)
	}
	if dv := Mod11DV([]byte("5746274020"), []int{11, 10, 9, 8, 7, 6, 5, 4, 3, 2}); dv != '6' {
		t.Errorf("DV2 = %c", dv)
	}
}

func TestMotivo(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{ErrCheckDigit, "dígito verificador não confere"},
		{NewError("CNS", "123", ErrLength), "tamanho incorreto"},
		{fmt.Errorf("x: %w", ErrCharacters), "caracteres inválidos"},
		{ErrRepeated, "todos os dígitos iguais"},
		{errors.New("other"), "valor inválido"},
	} {
		if got := Motivo(tc.err); got != tc.want {
			t.Errorf("Motivo(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

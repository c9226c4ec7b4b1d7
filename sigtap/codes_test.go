package sigtap_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/go-sus/sus/sigtap"
)

func TestParseHabilitacaoForms(t *testing.T) {
	for _, s := range []string{"3802", "38.02", " 38.02 "} {
		h, err := sigtap.ParseHabilitacao(s)
		if err != nil || h != sigtap.HabilitacaoModalidade1 {
			t.Errorf("ParseHabilitacao(%q) = %v, %v", s, h, err)
		}
	}
	for s, want := range map[string]error{"": sigtap.ErrEmpty, "38020": sigtap.ErrLength, "38a2": sigtap.ErrCharacters} {
		if _, err := sigtap.ParseHabilitacao(s); !errors.Is(err, want) {
			t.Errorf("ParseHabilitacao(%q) = %v, want %v", s, err, want)
		}
	}
	if !sigtap.Habilitacao(0).IsZero() || sigtap.HabilitacaoPMAE.IsZero() {
		t.Error("IsZero")
	}
	if sigtap.MustParseHabilitacao("0101").Format() != "01.01" {
		t.Error("Format keeps the leading zero")
	}
}

func TestParseServicoClassificacaoForms(t *testing.T) {
	want := sigtap.ServicoClassificacao{Servico: 121, Classificacao: 12}
	for _, s := range []string{"121012", "121/012", "121/12", "121.012", "121-12", "121 12", " 121 / 012 "} {
		sc, err := sigtap.ParseServicoClassificacao(s)
		if err != nil || sc != want {
			t.Errorf("ParseServicoClassificacao(%q) = %v, %v", s, sc, err)
		}
	}
	for _, p := range [][2]string{{"121", "12"}, {"121", "012"}, {" 121", "12 "}} {
		sc, err := sigtap.NewServicoClassificacao(p[0], p[1])
		if err != nil || sc != want {
			t.Errorf("NewServicoClassificacao(%q, %q) = %v, %v", p[0], p[1], sc, err)
		}
	}
	for s, wantErr := range map[string]error{
		"":         sigtap.ErrEmpty,
		"12101":    sigtap.ErrLength,
		"1210123":  sigtap.ErrLength,
		"121/1234": sigtap.ErrLength,
		"121/":     sigtap.ErrEmpty,
		"12a/012":  sigtap.ErrCharacters,
		"12a012":   sigtap.ErrCharacters,
	} {
		if _, err := sigtap.ParseServicoClassificacao(s); !errors.Is(err, wantErr) {
			t.Errorf("ParseServicoClassificacao(%q) = %v, want %v", s, err, wantErr)
		}
	}
	if _, err := sigtap.NewServicoClassificacao("1210", "1"); !errors.Is(err, sigtap.ErrLength) {
		t.Errorf("NewServicoClassificacao(1210, 1) = %v", err)
	}
	if !(sigtap.ServicoClassificacao{}).IsZero() || want.IsZero() {
		t.Error("IsZero")
	}
}

// TestValueTypesText: Habilitacao, ServicoClassificacao and Financiamento
// marshal to their canonical text, empty for the zero value, and back.
func TestValueTypesText(t *testing.T) {
	type row struct {
		H  sigtap.Habilitacao          `json:"h"`
		SC sigtap.ServicoClassificacao `json:"sc"`
		F  sigtap.Financiamento        `json:"f"`
	}
	in := row{sigtap.HabilitacaoModalidade1, sigtap.MustParseServicoClassificacao("121/12"), sigtap.FinanciamentoMAC}
	b, err := json.Marshal(in)
	if err != nil || string(b) != `{"h":"3802","sc":"121/012","f":"06"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back row
	if err := json.Unmarshal(b, &back); err != nil || back != in {
		t.Errorf("Unmarshal = %+v, %v", back, err)
	}
	b, err = json.Marshal(row{})
	if err != nil || string(b) != `{"h":"","sc":"","f":""}` {
		t.Fatalf("Marshal(zero) = %s, %v", b, err)
	}
	back = in
	if err := json.Unmarshal(b, &back); err != nil || back != (row{}) {
		t.Errorf("Unmarshal(zero) = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"h":"38x2"}`), &back); !errors.Is(err, sigtap.ErrCharacters) {
		t.Errorf("Unmarshal(bad) = %v", err)
	}
	// comparable: usable as map keys.
	m := map[sigtap.ServicoClassificacao]sigtap.Habilitacao{in.SC: in.H}
	if m[sigtap.ServicoClassificacao{Servico: 121, Classificacao: 12}] != in.H {
		t.Error("map key")
	}
}

// FuzzParseServicoClassificacao: no input panics, and what parses prints
// to text that parses to the same pair.
func FuzzParseServicoClassificacao(f *testing.F) {
	for _, s := range []string{"121012", "121/12", "121 012", "1/2", "", "12a/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := sigtap.ParseServicoClassificacao(s)
		if err == nil {
			back, err := sigtap.ParseServicoClassificacao(sc.String())
			if err != nil || back != sc {
				t.Fatalf("%q → %v does not parse back: %v %v", s, sc, back, err)
			}
		}
		h, err := sigtap.ParseHabilitacao(s)
		if err == nil {
			back, err := sigtap.ParseHabilitacao(h.Format())
			if err != nil || back != h {
				t.Fatalf("%q → %v does not parse back: %v %v", s, h, back, err)
			}
		}
	})
}

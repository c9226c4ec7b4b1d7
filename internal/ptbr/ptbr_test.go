package ptbr

import (
	"slices"
	"testing"
)

// The messages the reports carried before they were translated are
// caught; their translations pass.
func TestEnglish(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"identify the patient by CPF or by CNS, not both", []string{"the", "patient", "by", "or", "not", "both"}},
		{"CNS do paciente *** **** **** 0019: check digit mismatch", []string{"check", "digit", "mismatch"}},
		{"0301010072 allows registros 06, not 02 (BPA-I)", []string{"allows", "not"}},
		{"regra 0013 not checked: the establishment's habilitações are unknown", []string{"not", "checked", "the", "establishment", "are", "unknown"}},
		{"modalidade of programme attendances not decided", []string{"of", "programme", "not", "decided"}},
		{"folha/seq slot already used at line 3", []string{"already", "at", "line"}},
		{"PACIENTE IDENTIFICADO POR CPF E CNS AO MESMO TEMPO", nil},
		{"CNS *** **** **** 0019: dígito verificador não confere", nil},
		{"202506 só pode ser enviada depois que 202505 for validada; início do registro", nil},
		{"financiamento do SIGTAP 06 MAC (nenhuma regra condicionada vinculada ao procedimento)", nil},
		{"nao_verificado CNES_SEM_BASE: NAO VERIFICADO: NENHUMA BASE DO CNES CARREGADA", nil},
		{"Atenção Básica (PAB); o estabelecimento não tem nenhuma; data total", nil},
		{"1 R$ 0,00 BPA-LENGTH TAMANHO DA LINHA; BPA-RECORD-TYPE; BPA-LINE-TOO-LONG", nil},
		{"BPA-LENGTH: wrong line length", []string{"wrong", "line", "length"}},
	} {
		if got := English(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("English(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

package bpa

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSeverityText(t *testing.T) {
	for _, s := range []Severity{Erro, Aviso, NaoVerificado} {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Severity
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%v: round trip %v %v", s, back, err)
		}
	}
	if Erro.String() != "erro" || Aviso.String() != "aviso" || NaoVerificado.String() != "nao_verificado" {
		t.Errorf("names: %v %v %v", Erro, Aviso, NaoVerificado)
	}
	if Severity(0).String() != "" || Severity(9).String() != "Severity(9)" {
		t.Errorf("invalid values: %q %q", Severity(0), Severity(9))
	}
	var s Severity
	if err := s.UnmarshalText([]byte("error")); err == nil {
		t.Error(`"error" must not parse: the vocabulary is Portuguese`)
	}
	out, _ := json.Marshal(Problem{Code: CodeQuantidade, Severity: Aviso})
	if want := `"Severity":"aviso"`; !strings.Contains(string(out), want) {
		t.Errorf("JSON %s lacks %s", out, want)
	}
}

// Reader errors become Portuguese problems: the message is chosen by the
// sentinel, the particulars are Portuguese, and no English error text
// reaches a report.
func TestProblemOfPortuguese(t *testing.T) {
	header := "01#BPA#2025120000010000011111" + strings.Repeat(" ", 36) + strings.Repeat("0", 14) + strings.Repeat(" ", 41) + "D04.10    "
	for _, tc := range []struct {
		name, data, code, msg, facts string
	}{
		{"length", header + "\r\n03" + strings.Repeat("0", 80) + "\r\n", CodeLength,
			"TAMANHO DA LINHA INCORRETO PARA O TIPO DE REGISTRO", "registro 03 com 82 bytes, esperado"},
		{"record type", header + "\r\n99xyz\r\n", CodeRecordType, "TIPO DE REGISTRO INVALIDO", ""},
		{"too long", header + "\r\n" + strings.Repeat("x", 5000) + "\r\n", CodeLineTooLong,
			"LINHA MAIOR QUE O TAMANHO MAXIMO", "limite de"},
	} {
		var got []Problem
		v := &Validator{Skip: []string{CodeHeaderLines, CodeControl, CodeHeaderFolhas}}
		if err := v.Check(strings.NewReader(tc.data), func(p Problem) { got = append(got, p) }); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		found := false
		for _, p := range got {
			if p.Code != tc.code {
				continue
			}
			found = true
			if !strings.HasPrefix(p.Message, tc.msg) || !strings.HasPrefix(p.Facts, tc.facts) {
				t.Errorf("%s: %q [%q]", tc.name, p.Message, p.Facts)
			}
			for _, w := range []string{"record", "want", "line", "bytes but", "unknown"} {
				if strings.Contains(p.Message+" "+p.Facts, w) {
					t.Errorf("%s: English %q in %v", tc.name, w, p)
				}
			}
		}
		if !found {
			t.Errorf("%s: no %s in %v", tc.name, tc.code, got)
		}
	}
	if p := ProblemOf(ErrNotBPA); p.Code != CodeParse || !strings.Contains(p.Message, "NAO E UM BPA") {
		t.Errorf("ProblemOf(ErrNotBPA) = %v", p)
	}
}

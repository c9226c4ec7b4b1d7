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

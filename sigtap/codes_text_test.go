package sigtap

import (
	"encoding/json"
	"testing"
)

func TestFinanciamentoRubricaJSON(t *testing.T) {
	type row struct {
		F Financiamento `json:"f"`
		R Rubrica       `json:"r"`
	}
	for _, c := range []struct {
		in   row
		want string
	}{
		{row{FinanciamentoMAC, 0}, `{"f":"06","r":""}`},
		{row{FinanciamentoFAEC, 40072}, `{"f":"04","r":"040072"}`},
		{row{}, `{"f":"","r":""}`},
	} {
		b, err := json.Marshal(c.in)
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", c.in, b, err, c.want)
			continue
		}
		var back row
		if err := json.Unmarshal(b, &back); err != nil || back != c.in {
			t.Errorf("Unmarshal(%s) = %+v, %v", b, back, err)
		}
	}
	var r row
	if err := json.Unmarshal([]byte(`{"f":"x6"}`), &r); err == nil {
		t.Error("Unmarshal accepted a bad financing code")
	}
}

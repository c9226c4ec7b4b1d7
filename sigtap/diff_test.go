package sigtap_test

import (
	"testing"

	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

func TestDiffShared(t *testing.T) {
	old, new := shared(t, zip202511), shared(t, zip202512)
	c, err := sigtap.Diff(old, new)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Added) != 2 || len(c.Removed) != 0 || len(c.Changed) != 13 {
		t.Errorf("procedures: +%d -%d ~%d", len(c.Added), len(c.Removed), len(c.Changed))
	}
	var riva *sigtap.ProcedureChange
	for i := range c.Changed {
		if c.Changed[i].Code.String() == "0604130066" {
			riva = &c.Changed[i]
		}
	}
	want := []sigtap.FieldChange{{Column: "VL_IDADE_MINIMA", Old: "0480", New: "0216"}}
	if riva == nil || !cmp.Equal(riva.Fields, want) || len(riva.Values) != 0 {
		t.Errorf("0604130066 change %+v", riva)
	}
	got := map[string][2]int{}
	for _, tc := range c.Tables {
		got[tc.Table] = [2]int{len(tc.Added), len(tc.Removed)}
	}
	for table, want := range map[string][2]int{
		"tb_rubrica": {1, 0}, "rl_procedimento_detalhe": {6, 0}, "rl_procedimento_ocupacao": {92, 0},
		"rl_procedimento_habilitacao": {6, 120}, "rl_procedimento_cid": {9, 3},
	} {
		if got[table] != want {
			t.Errorf("%s: %v, want %v", table, got[table], want)
		}
	}
	if _, ok := got["tb_cid"]; ok {
		t.Error("tb_cid reported changed")
	}
}

func TestDiffValues(t *testing.T) {
	old, err := sigtap.Open(tiny, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := tinyFS(t)
	// VL_SA of 0301010072: 10.00 → 12.50; financing 06 → 04.
	line := string(m["tb_procedimento.txt"].Data)
	i := indexLine(line, "0301010072")
	rec := []byte(line[i : i+336])
	copy(rec[294:306], "000000001250")
	copy(rec[318:320], "04")
	edit(t, m, "tb_procedimento.txt", line[i:i+336], string(rec))
	delete(m, "rl_procedimento_leito.txt")
	new, err := loadTiny(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sigtap.Diff(old, new)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Changed) != 1 {
		t.Fatalf("changed %+v", c.Changed)
	}
	ch := c.Changed[0]
	v := ch.Values[0]
	if v.Column != "VL_SA" || v.Old.StringFixed(2) != "10.00" || v.New.StringFixed(2) != "12.50" || v.Delta.StringFixed(2) != "2.50" {
		t.Errorf("value change %+v", v)
	}
	if !cmp.Equal(ch.Fields, []sigtap.FieldChange{{Column: "CO_FINANCIAMENTO", Old: "06", New: "04"}}) {
		t.Errorf("field changes %+v", ch.Fields)
	}
	if len(c.Tables) != 1 || c.Tables[0].Table != "rl_procedimento_leito" || c.Tables[0].Note != "absent from the new release" {
		t.Errorf("tables %+v", c.Tables)
	}
}

func indexLine(s, prefix string) int {
	for i := 0; i < len(s); {
		if len(s)-i >= len(prefix) && s[i:i+len(prefix)] == prefix {
			return i
		}
		j := i
		for j < len(s) && s[j] != '\n' {
			j++
		}
		i = j + 1
	}
	return -1
}

package sigtap

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestParseCompetencia(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"202512", "202512", nil},
		{"12/2025", "202512", nil},
		{"01/2026", "202601", nil},
		{"202513", "", ErrRange},
		{"202500", "", ErrRange},
		{"13/2025", "", ErrRange},
		{"189912", "", ErrRange},
		{"2025-12", "", ErrLength},
		{"20251", "", ErrLength},
		{"2025AB", "", ErrCharacters},
		{"", "", ErrEmpty},
	}
	for _, tt := range tests {
		c, err := ParseCompetencia(tt.in)
		if !errors.Is(err, tt.err) || c.String() != tt.want {
			t.Errorf("ParseCompetencia(%q) = %q, %v; want %q, %v", tt.in, c, err, tt.want, tt.err)
		}
		b, errB := ParseCompetenciaBytes([]byte(tt.in))
		if b != c || (errB == nil) != (err == nil) {
			t.Errorf("ParseCompetenciaBytes(%q) = %q, %v", tt.in, b, errB)
		}
	}
}

// Arithmetic examples from docs/identifiers.md §8 and docs/rules.md §1.
func TestCompetenciaArithmetic(t *testing.T) {
	c := MustParseCompetencia
	if got := c("202501").Add(-1); got != c("202412") {
		t.Errorf("202501-1 = %s", got)
	}
	if got := c("202511").Add(3); got != c("202602") {
		t.Errorf("202511+3 = %s", got)
	}
	if got := c("202603").Sub(c("202512")); got != 3 {
		t.Errorf("diff = %d", got)
	}
	if c("202512").Next() != c("202601") || c("202601").Prev() != c("202512") {
		t.Error("Next/Prev")
	}
	if !c("202512").Before(c("202601")) || !c("202601").After(c("202512")) || c("202512").Compare(c("202512")) != 0 {
		t.Error("ordering")
	}
	// Window M−3..M: processing 202605 accepts 202602–202605.
	m := c("202605")
	for _, s := range []string{"202602", "202603", "202604", "202605"} {
		if d := m.Sub(c(s)); d < 0 || d > 3 {
			t.Errorf("%s outside window of %s", s, m)
		}
	}
	if d := m.Sub(c("202601")); d <= 3 {
		t.Errorf("202601 inside window of 202605")
	}
	var z Competencia
	if z.Add(1) != z || z.Valid() || z.String() != "" || z.Format() != "" {
		t.Error("zero value not inert")
	}
}

func TestCompetenciaDates(t *testing.T) {
	c := MustParseCompetencia("202402") // leap year
	if got := c.FirstDay(); got != time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("FirstDay = %v", got)
	}
	if got := c.LastDay(); got != time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC) {
		t.Errorf("LastDay = %v", got)
	}
	if !c.Contains(time.Date(2024, 2, 29, 23, 0, 0, 0, time.UTC)) || c.Contains(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("Contains")
	}
	if CompetenciaOf(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)) != MustParseCompetencia("202512") {
		t.Error("CompetenciaOf")
	}
	if c.Format() != "02/2024" || c.Year() != 2024 || c.Month() != time.February || c.Int() != 202402 {
		t.Errorf("Format %q", c.Format())
	}
}

func TestCompetenciaAbbrev(t *testing.T) {
	want := []string{"JAN", "FEV", "MAR", "ABR", "MAI", "JUN", "JUL", "AGO", "SET", "OUT", "NOV", "DEZ"}
	for i, w := range want {
		c, _ := NewCompetencia(2026, time.Month(i+1))
		if c.Abbrev() != w {
			t.Errorf("month %d abbrev %q", i+1, c.Abbrev())
		}
		if MonthFromAbbrev(w) != time.Month(i+1) {
			t.Errorf("MonthFromAbbrev(%q)", w)
		}
	}
	if MonthFromAbbrev("set") != time.September || MonthFromAbbrev("SEP") != 0 {
		t.Error("MonthFromAbbrev case/unknown")
	}
}

func TestCompetenciaJSON(t *testing.T) {
	type doc struct {
		C Competencia `json:"c"`
		Z Competencia `json:"z"`
	}
	b, err := json.Marshal(doc{C: MustParseCompetencia("202512")})
	if err != nil || string(b) != `{"c":"202512","z":""}` {
		t.Fatalf("json = %s, %v", b, err)
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"c":"12/2025"}`), &d); err != nil || d.C != MustParseCompetencia("202512") {
		t.Errorf("unmarshal MM/AAAA: %v %v", err, d.C)
	}
	if err := json.Unmarshal([]byte(`{"c":"202513"}`), &d); !errors.Is(err, ErrRange) {
		t.Errorf("bad month err = %v", err)
	}
	// As a map key, via TextMarshaler.
	m := map[Competencia]int{MustParseCompetencia("202601"): 1}
	if b, _ := json.Marshal(m); string(b) != `{"202601":1}` {
		t.Errorf("map json = %s", b)
	}
}

func FuzzParseCompetencia(f *testing.F) {
	for _, s := range []string{"202512", "12/2025", "", "999999", "00/0000", "1/2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCompetencia(s)
		if err != nil {
			return
		}
		if !c.Valid() {
			t.Fatal("valid parse gave zero value")
		}
		if c2, err := ParseCompetencia(c.String()); err != nil || c2 != c {
			t.Fatalf("String round trip %q: %v", c, err)
		}
		if c2, err := ParseCompetencia(c.Format()); err != nil || c2 != c {
			t.Fatalf("Format round trip %q: %v", c.Format(), err)
		}
		if c.Next().Prev() != c && c.Year() < 9999 {
			t.Fatal("Next/Prev not inverse")
		}
	})
}

func BenchmarkParseCompetenciaBytes(b *testing.B) {
	in := []byte("202512")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCompetenciaBytes(in); err != nil {
			b.Fatal(err)
		}
	}
}

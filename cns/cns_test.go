package cns

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// Vectors from docs/identifiers.md §4.5.
func TestParseCNSVectors(t *testing.T) {
	valid := []struct {
		in   string
		kind Kind
	}{
		{"152918759930005", KindDefinitive},
		{"258260329170018", KindDefinitive},
		{"105474233330000", KindDefinitive},
		{"706517680954096", KindProvisional},
		{"828122442809958", KindProvisional},
		{"916305592783435", KindProvisional},
		{"152 9187 5993 0005", KindDefinitive},    // human mask
		{"152.9187.5993.0005", KindDefinitive},    // dotted variant
		{" 706 5176 8095 4096 ", KindProvisional}, // surrounding spaces
	}
	for _, tt := range valid {
		c, err := ParseCNS(tt.in)
		if err != nil {
			t.Errorf("ParseCNS(%q) error: %v", tt.in, err)
			continue
		}
		if c.Kind() != tt.kind || !c.Valid() {
			t.Errorf("ParseCNS(%q) kind %v valid %v", tt.in, c.Kind(), c.Valid())
		}
	}
	invalid := []struct {
		in  string
		err error
	}{
		{"152918759930006", ErrCheckDigit},
		{"152918759930015", ErrCheckDigit}, // 001 filler where 000 was due
		{"120522625190015", ErrCheckDigit}, // strict rejects, lenient accepts
		{"352918759930005", ErrKind},
		{"781915623209410", ErrCheckDigit},
		{"000000000000000", ErrKind},
		{"15291875993000", ErrLength},
		{"", ErrEmpty},
		{"15291875993000X", ErrCharacters},
		// A letter is reported as such whatever the length (issue #12).
		{"898 0012 3456 78A", ErrCharacters},
		{"1529187599300A", ErrCharacters},
	}
	for _, tt := range invalid {
		_, err := ParseCNS(tt.in)
		if !errors.Is(err, tt.err) {
			t.Errorf("ParseCNS(%q) = %v, want %v", tt.in, err, tt.err)
		}
		var ve *ValueError
		if !errors.As(err, &ve) {
			t.Errorf("ParseCNS(%q) error is not a *ValueError", tt.in)
		} else if len(tt.in) > 4 && strings.Contains(ve.Error(), tt.in[:len(tt.in)-2]) {
			t.Errorf("error %q leaks the number", ve.Error())
		}
	}
}

func TestCNSFormatting(t *testing.T) {
	c := MustParseCNS("152918759930005")
	if got := c.String(); got != "152918759930005" {
		t.Errorf("String = %q", got)
	}
	if got := c.Format(); got != "152 9187 5993 0005" {
		t.Errorf("Format = %q", got)
	}
	if got := c.Masked(); got != "*** **** **** 0005" {
		t.Errorf("Masked = %q", got)
	}
	var z CNS
	if z.String() != "" || z.Format() != "" || z.Masked() != "" || !errors.Is(z.Check(), ErrEmpty) {
		t.Error("zero value not empty")
	}
}

func TestCNSJSON(t *testing.T) {
	type rec struct {
		C CNS `json:"cns"`
		Z CNS `json:"z"`
	}
	in := rec{C: MustParseCNS("706517680954096")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"cns":"706517680954096","z":""}` {
		t.Errorf("json = %s", b)
	}
	var out rec
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("round trip: %v %+v", err, out)
	}
	if err := json.Unmarshal([]byte(`{"cns":"706517680954097"}`), &out); !errors.Is(err, ErrCheckDigit) {
		t.Errorf("bad cns unmarshal err = %v", err)
	}
}

// Every generated value validates, and generation is deterministic.
func TestRandomCNS(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen001 := false
	for i := 0; i < 20000; i++ {
		d := RandomCNS(r)
		if err := d.Check(); err != nil || d.Kind() != KindDefinitive {
			t.Fatalf("RandomCNS %s: %v", d, err)
		}
		seen001 = seen001 || d[13] == '1'
		p := RandomProvisionalCNS(r)
		if err := p.Check(); err != nil || p.Kind() != KindProvisional {
			t.Fatalf("RandomProvisionalCNS %s: %v", p, err)
		}
	}
	if !seen001 {
		t.Error("the 001 branch was never generated")
	}
	a := RandomCNS(rand.New(rand.NewPCG(7, 7)))
	b := RandomCNS(rand.New(rand.NewPCG(7, 7)))
	if a != b {
		t.Error("not deterministic for a seed")
	}
}

// Every valid CNS, definitive or provisional, has Σ d[i]·(15−i) ≡ 0
// (mod 11). A change δ (1 ≤ |δ| ≤ 9) of digit i moves the sum by
// (15−i)·δ, which is ≡ 0 only when 15−i = 11, i.e. at position 4 (0-based).
// So every single-digit change is detected except at that position, where
// none is: the test checks both halves of that statement.
func TestCNSSingleDigitChanges(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 300; n++ {
		for _, c := range []CNS{RandomCNS(r), RandomProvisionalCNS(r)} {
			for i := range c {
				for d := byte('0'); d <= '9'; d++ {
					if d == c[i] {
						continue
					}
					m := c
					m[i] = d
					if i == 4 {
						if !m.Valid() {
							t.Fatalf("change at 4 of %s → %s detected: weight 11 should hide it", c, m)
						}
						continue
					}
					if m.Valid() {
						t.Fatalf("change at %d of %s → %s still valid", i, c, m)
					}
				}
			}
		}
	}
}

func FuzzParseCNS(f *testing.F) {
	for _, s := range []string{"152918759930005", "706 5176 8095 4096", "", "1", "258260329170018", "x52918759930005"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCNS(s)
		if err != nil {
			if c != (CNS{}) {
				t.Fatalf("error with non-zero value %q", c)
			}
			if !errors.Is(err, ErrLength) && !errors.Is(err, ErrCharacters) && !errors.Is(err, ErrKind) &&
				!errors.Is(err, ErrCheckDigit) && !errors.Is(err, ErrEmpty) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		// valid ⇔ the check recomputes
		if c.Check() != nil {
			t.Fatalf("parsed %q but Check fails", c)
		}
		if weightedSum(c[:])%11 != 0 {
			t.Fatalf("valid CNS %s with weighted sum not ≡ 0", c)
		}
		c2, err := ParseCNS(c.Format())
		if err != nil || c2 != c {
			t.Fatalf("Format does not parse back: %v", err)
		}
	})
}

func BenchmarkCNSValid(b *testing.B) {
	c := MustParseCNS("152918759930005")
	p := MustParseCNS("706517680954096")
	b.ReportAllocs()
	for b.Loop() {
		if !c.Valid() || !p.Valid() {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkParseCNS(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCNS("152918759930005"); err != nil {
			b.Fatal(err)
		}
	}
}

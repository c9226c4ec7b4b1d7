package sigtap

import (
	"errors"
	"testing"
)

// Codes re-checked in docs/identifiers.md §7 and docs/sigtap.md §3.1.
func TestParseCodeVectors(t *testing.T) {
	for _, s := range []string{"0301010072", "0214010015", "0301100039", "0203020030", "0301010048", "0204030188", "02.04.03.018-8"} {
		c, err := ParseCode(s)
		if err != nil || !c.Valid() {
			t.Errorf("ParseCode(%q): %v", s, err)
		}
	}
	tests := []struct {
		in  string
		err error
	}{
		{"0301010073", ErrCheckDigit},
		{"030101007", ErrLength},
		{"03010100X2", ErrCharacters},
		{"", ErrEmpty},
	}
	for _, tt := range tests {
		if _, err := ParseCode(tt.in); !errors.Is(err, tt.err) {
			t.Errorf("ParseCode(%q) = %v, want %v", tt.in, err, tt.err)
		}
	}
}

func TestCodeParts(t *testing.T) {
	c := MustParseCode("0204030188")
	if c.Group() != "02" || c.Subgroup() != "0204" || c.Forma() != "020403" || c.Sequence() != "018" || c.CheckDigit() != '8' {
		t.Errorf("parts %s %s %s %s", c.Group(), c.Subgroup(), c.Forma(), c.Sequence())
	}
	if c.Format() != "02.04.03.018-8" || c.String() != "0204030188" || c.Uint64() != 204030188 {
		t.Errorf("Format %q Uint64 %d", c.Format(), c.Uint64())
	}
}

// The remainder-0 and remainder-1 cases both give DV 0 (docs/sigtap.md §3.1).
func TestCodeCheckDigitCollapse(t *testing.T) {
	n0, n1 := 0, 0
	for i := 0; i < 100000; i++ {
		var d [9]byte
		x := i * 7919
		for j := 8; j >= 0; j-- {
			d[j] = byte('0' + x%10)
			x /= 10
		}
		s := 0
		for j, w := range codeWeights {
			s += int(d[j]-'0') * w
		}
		dv := CodeCheckDigit(d[:])
		switch r := s % 11; r {
		case 0:
			n0++
			if dv != '0' {
				t.Fatalf("r=0 gave %c", dv)
			}
		case 1:
			n1++
			if dv != '0' {
				t.Fatalf("r=1 gave %c", dv)
			}
		default:
			if dv != byte('0'+11-r) {
				t.Fatalf("r=%d gave %c", r, dv)
			}
		}
	}
	if n0 == 0 || n1 == 0 {
		t.Error("collapse cases not exercised")
	}
}

func TestCBOAndCID(t *testing.T) {
	if c, err := ParseCBO("2231f9"); err != nil || c.String() != "2231F9" {
		t.Errorf("ParseCBO lower-case letter: %q %v", c, err)
	}
	if c, err := ParseCBO("2251-25"); err != nil || c.String() != "225125" {
		t.Errorf("ParseCBO dashed: %q %v", c, err)
	}
	if _, err := ParseCBO("22512"); !errors.Is(err, ErrLength) {
		t.Errorf("short CBO err = %v", err)
	}
	if _, err := ParseCBO("2251$5"); !errors.Is(err, ErrCharacters) {
		t.Errorf("bad CBO err = %v", err)
	}
	cid := MustParseCID("a00")
	if cid.String() != "A00" || cid != (CID{'A', '0', '0', ' '}) {
		t.Errorf("CID category %q", cid)
	}
	sub := MustParseCID("C50.9")
	if sub.String() != "C509" || sub.Category() != MustParseCID("C50") {
		t.Errorf("CID sub %q", sub)
	}
	for _, bad := range []string{"A0", "AA00", "A0000", "100"} {
		if _, err := ParseCID(bad); err == nil {
			t.Errorf("ParseCID(%q) accepted", bad)
		}
	}
}

func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"0301010072", "02.04.03.018-8", "", "9999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			return
		}
		if c2, err := ParseCode(c.Format()); err != nil || c2 != c {
			t.Fatalf("Format round trip %q: %v", c, err)
		}
		if CodeCheckDigit(c[:9]) != c[9] {
			t.Fatal("accepted a bad check digit")
		}
	})
}

func BenchmarkCodeValid(b *testing.B) {
	c := MustParseCode("0301010072")
	b.ReportAllocs()
	for b.Loop() {
		if !c.Valid() {
			b.Fatal("invalid")
		}
	}
}

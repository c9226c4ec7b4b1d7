package autorizacao

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Synthetic CMD numbers: the structure of Portaria SAES 2025 Art. 14 II;
// the check digits are arbitrary (the algorithm is not published).
const cmdMasked = "123456-A-07-12-000000-1234567-5"

func TestParseCMD(t *testing.T) {
	tests := []struct {
		in          string
		plain, mask string
		parts       CMDParts
		zeros       bool
	}{
		{"123456A071200000012345675", "123456A071200000012345675", cmdMasked,
			CMDParts{"123456", "A", "07", "12", "000000", "1234567", "5"}, true},
		{cmdMasked, "123456A071200000012345675", cmdMasked,
			CMDParts{"123456", "A", "07", "12", "000000", "1234567", "5"}, true},
		{"123456-a-07-12-000000-1234567-x", "123456A07120000001234567X", "123456-A-07-12-000000-1234567-X",
			CMDParts{"123456", "A", "07", "12", "000000", "1234567", "X"}, true},
		{"000001-9-00-99-123456-0000001-0", "0000019009912345600000010", "000001-9-00-99-123456-0000001-0",
			CMDParts{"000001", "9", "00", "99", "123456", "0000001", "0"}, false},
	}
	for _, tc := range tests {
		a, err := ParseCMD(tc.in)
		if err != nil {
			t.Errorf("ParseCMD(%q): %v", tc.in, err)
			continue
		}
		if a.String() != tc.plain || a.Format() != tc.mask || a.ComplementaryZeros() != tc.zeros ||
			a.Identifier() != tc.parts.Identifier || a.CheckDigit() != tc.parts.CheckDigit[0] {
			t.Errorf("%q: %s %s zeros=%v id=%s", tc.in, a, a.Format(), a.ComplementaryZeros(), a.Identifier())
		}
		if diff := cmp.Diff(tc.parts, a.Parts()); diff != "" {
			t.Errorf("%q parts (-want +got):\n%s", tc.in, diff)
		}
		if b, err := ParseCMD(a.Format()); err != nil || b != a {
			t.Errorf("Format round trip: %v", err)
		}
		if a.VerifyDV(nil) != DVNotChecked {
			t.Error("nil algorithm must give DVNotChecked")
		}
		if (a.CheckComplementar() == nil) != tc.zeros {
			t.Errorf("%q: CheckComplementar = %v", tc.in, a.CheckComplementar())
		}
	}
}

func TestParseCMDErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrEmpty},
		{"123456A07120000001234567", ErrLength},      // 24
		{"123456A0712000000123456755", ErrLength},    // 26
		{"123456-A-07-12-000000-1234567", ErrLength}, // mask without DV
		{"123456-A-07-12-000000-1234567-55", ErrLength},
		{"123456.A.07.12.000000.1234567.5", ErrFormat},
		{"123456-A-0712-000000-1234567-5-", ErrFormat},
		{"12345AA071200000012345675", ErrCharacters}, // letter in group 1
		{"123456A0A1200000012345675", ErrCharacters}, // letter in group 3
		{"123456A07AB00000012345675", ErrCharacters}, // letter in identifier
		{"123456A0712000X0012345675", ErrCharacters},
		{"123456A071200000012345A75", ErrCharacters},
		{"123456#071200000012345675", ErrCharacters},
		{"123456A07120000001234567#", ErrCharacters},
		{"123456-A-07-12-000000-1234567-\x00", ErrCharacters},
		{"123456A07120000001234567é", ErrLength}, // 26 bytes
	}
	for _, tc := range tests {
		a, err := ParseCMD(tc.in)
		if !errors.Is(err, tc.want) || !a.IsZero() {
			t.Errorf("ParseCMD(%q) = %v, %v; want %v", tc.in, a, err, tc.want)
		}
		var ve *ValueError
		if !errors.As(err, &ve) {
			t.Errorf("%q: %T is not a *ValueError", tc.in, err)
		}
	}
	var z CMD
	if !errors.Is(z.Check(), ErrEmpty) || z.Valid() || z.String() != "" || z.Format() != "" {
		t.Error("zero value")
	}
	a := MustParseCMD("000001-9-00-99-123456-0000001-0")
	if err := a.CheckComplementar(); !errors.Is(err, ErrFormat) {
		t.Errorf("CheckComplementar: %v", err)
	}
}

// sumDV is a stand-in algorithm for tests only: NOT the official one,
// which is not published.
func sumDV(body [24]byte) byte {
	s := 0
	for _, c := range body {
		s += int(c)
	}
	return byte('0' + s%10)
}

func TestVerifyDV(t *testing.T) {
	a := MustParseCMD(cmdMasked)
	want := sumDV([24]byte(a[:24]))
	if want == a[24] {
		t.Fatal("test vector must have a wrong DV under sumDV")
	}
	if got := a.VerifyDV(sumDV); got != DVWrong {
		t.Errorf("VerifyDV = %v", got)
	}
	a[24] = want
	if got := a.VerifyDV(sumDV); got != DVCorrect {
		t.Errorf("VerifyDV = %v", got)
	}
	for s, text := range map[DVStatus]string{DVNotChecked: "not checked (algorithm not published)", DVCorrect: "correct", DVWrong: "wrong"} {
		if s.String() != text {
			t.Errorf("%d.String() = %q", s, s.String())
		}
	}
}

func TestBuildCMD(t *testing.T) {
	p := CMDParts{"123456", "a", "07", "12", "000000", "1234567", ""}
	if _, err := BuildCMD(p, nil); !errors.Is(err, ErrNoCheckDigit) {
		t.Errorf("no DV, no algorithm: %v", err)
	}
	p.CheckDigit = "5"
	a, err := BuildCMD(p, nil)
	if err != nil || a.Format() != cmdMasked {
		t.Errorf("Build = %s, %v", a.Format(), err)
	}
	// With an algorithm, the DV is computed (and a given one must agree).
	p.CheckDigit = ""
	a, err = BuildCMD(p, sumDV)
	if err != nil || a.VerifyDV(sumDV) != DVCorrect {
		t.Errorf("Build with algorithm: %v %v", a, err)
	}
	p.CheckDigit = string(a[24])
	if _, err := BuildCMD(p, sumDV); err != nil {
		t.Errorf("agreeing DV: %v", err)
	}
	p.CheckDigit = string('0' + (a[24]-'0'+1)%10)
	var cd *CheckDigitError
	if _, err := BuildCMD(p, sumDV); !errors.As(err, &cd) || cd.Want != a[24] {
		t.Errorf("disagreeing DV: %v", err)
	}
	bad := []struct {
		p    CMDParts
		want error
	}{
		{CMDParts{"12345", "A", "07", "12", "000000", "1234567", "5"}, ErrLength},
		{CMDParts{"123456", "AB", "07", "12", "000000", "1234567", "5"}, ErrLength},
		{CMDParts{"123456", "A", "7", "12", "000000", "1234567", "5"}, ErrLength},
		{CMDParts{"123456", "A", "07", "1", "000000", "1234567", "5"}, ErrLength},
		{CMDParts{"123456", "A", "07", "12", "0", "1234567", "5"}, ErrLength},
		{CMDParts{"123456", "A", "07", "12", "000000", "123456", "5"}, ErrLength},
		{CMDParts{"123456", "A", "07", "12", "000000", "1234567", "55"}, ErrLength},
		{CMDParts{"1234X6", "A", "07", "12", "000000", "1234567", "5"}, ErrCharacters},
		{CMDParts{"123456", "-", "07", "12", "000000", "1234567", "5"}, ErrCharacters},
		{CMDParts{"123456", "A", "07", "1B", "000000", "1234567", "5"}, ErrCharacters},
		{CMDParts{"123456", "A", "07", "12", "000000", "1234567", "#"}, ErrCharacters},
	}
	for _, tc := range bad {
		if _, err := BuildCMD(tc.p, nil); !errors.Is(err, tc.want) {
			t.Errorf("Build(%+v) = %v, want %v", tc.p, err, tc.want)
		}
	}
}

func TestCMDText(t *testing.T) {
	a := MustParseCMD(cmdMasked)
	b, err := json.Marshal(struct{ A CMD }{a})
	if err != nil || string(b) != `{"A":"123456A071200000012345675"}` {
		t.Errorf("JSON %s %v", b, err)
	}
	var back struct{ A CMD }
	if err := json.Unmarshal(b, &back); err != nil || back.A != a {
		t.Errorf("round trip %v", err)
	}
	if err := back.A.UnmarshalText(nil); err != nil || !back.A.IsZero() {
		t.Error("empty text")
	}
	if err := back.A.UnmarshalText([]byte("x")); !errors.Is(err, ErrLength) {
		t.Errorf("bad text: %v", err)
	}
}

package autorizacao

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Valid vectors of docs/identifiers.md §5.3.
var autorizacaoValid = []struct {
	in      string
	kind    Kind
	uf, yy  int
	seq     int
	display string
}{
	{"3525100000015", KindAIH, 35, 25, 1, "35.25.1.0.000.001-5"},
	{"3525112345678", KindAIH, 35, 25, 1234567, "35.25.1.1.234.567-8"},
	{"3525100000060", KindAIH, 35, 25, 6, "35.25.1.0.000.006-0"},
	{"2925800000013", KindAIHPrograma, 29, 25, 1, "29.25.8.0.000.001-3"},
	{"4125900001003", KindAPACPrograma, 41, 25, 100, "41.25.9.0.000.100-3"},
	{"3525200000014", KindAPAC, 35, 25, 1, "35.25.2.0.000.001-4"},
	{"5326699999995", KindAPACEletiva, 53, 26, 9999999, "53.26.6.9.999.999-5"},
	{"3126500000426", KindAIHEletiva, 31, 26, 42, "31.26.5.0.000.042-6"},
}

func TestParseValid(t *testing.T) {
	for _, tc := range autorizacaoValid {
		for _, in := range []string{tc.in, tc.display, " " + tc.display + " "} {
			a, err := Parse(in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", in, err)
			}
			got := struct {
				S, F       string
				K          Kind
				UF, YY, SQ int
				W          []error
			}{a.String(), a.Format(), a.Kind(), a.UF(), a.Year(), a.Sequence(), a.Warnings()}
			want := struct {
				S, F       string
				K          Kind
				UF, YY, SQ int
				W          []error
			}{tc.in, tc.display, tc.kind, tc.uf, tc.yy, tc.seq, nil}
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("%q (-want +got):\n%s", in, diff)
			}
			if !a.Valid() || a.Check() != nil {
				t.Errorf("%q: Valid false", in)
			}
			n, err := New(tc.uf, tc.yy, tc.kind.Digit(), tc.seq)
			if err != nil || n != a {
				t.Errorf("New(%d,%d,%d,%d) = %s, %v; want %s", tc.uf, tc.yy, tc.kind.Digit(), tc.seq, n, err, a)
			}
		}
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		in   string
		want error
		dv   byte // expected digit for check-digit errors
	}{
		{"3525112345679", ErrCheckDigit, '8'},
		{"352511234567", ErrLength, 0},
		{"35251123456A8", ErrCharacters, 0},
		{"3525807281111", ErrCheckDigit, '7'}, // APACSIMP example
		{"", ErrEmpty, 0},
		{" .- ", ErrEmpty, 0},
		{"35251123456789", ErrLength, 0},
		{"35.25.1.1.234.567-9", ErrCheckDigit, '8'},
		{"352511234567８", ErrLength, 0}, // full-width digit: 15 bytes
	}
	for _, tc := range tests {
		a, err := Parse(tc.in)
		if !errors.Is(err, tc.want) {
			t.Errorf("Parse(%q) error = %v, want %v", tc.in, err, tc.want)
			continue
		}
		if !a.IsZero() {
			t.Errorf("Parse(%q) returned %q with an error", tc.in, a)
		}
		var ve *ValueError
		if !errors.As(err, &ve) || ve.Type != "AIH/APAC" {
			t.Errorf("Parse(%q): error %T is not a *ValueError", tc.in, err)
		}
		var cd *CheckDigitError
		if tc.dv != 0 && (!errors.As(err, &cd) || cd.Want != tc.dv) {
			t.Errorf("Parse(%q): want CheckDigitError with Want %q, got %v", tc.in, tc.dv, err)
		}
	}
}

func TestCheckDigitWorkedExamples(t *testing.T) {
	// docs/identifiers.md §5.3: 352511234567 mod 11 = 8; 352510000006 mod 11 = 10 → 0.
	for n, want := range map[uint64]byte{352511234567: '8', 352510000006: '0', 0: '0', 10: '0', 11: '0', 12: '1', 999999999999: '0' /* 10¹² ≡ 1 mod 11 */, 999999999998: '0' /* remainder 10 */} {
		if got := CheckDigit(n); got != want {
			t.Errorf("CheckDigit(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestNumberCheck(t *testing.T) {
	var zero Number
	if !errors.Is(zero.Check(), ErrEmpty) || zero.Valid() {
		t.Error("zero value must be ErrEmpty")
	}
	var bad Number
	copy(bad[:], "35251 2345678")
	if !errors.Is(bad.Check(), ErrCharacters) {
		t.Errorf("blank inside: %v", bad.Check())
	}
	if a := MustParse("4125900001003"); a.CheckDigit() != '3' || string(a.AppendFormat([]byte("n="))) != "n=41.25.9.0.000.100-3" {
		t.Errorf("CheckDigit %q, AppendFormat %q", a.CheckDigit(), a.AppendFormat(nil))
	}
	if string(zero.AppendFormat([]byte("x"))) != "x" || zero.UF() != -1 || zero.Year() != -1 {
		t.Error("zero value accessors")
	}
	if bad.UF() != 35 || bad.Sequence() != -1 || bad.Warnings() != nil {
		t.Errorf("accessors of a malformed number: %d %d %v", bad.UF(), bad.Sequence(), bad.Warnings())
	}
	copy(bad[:], "3525112345679")
	if !errors.Is(bad.Check(), ErrCheckDigit) {
		t.Errorf("wrong DV: %v", bad.Check())
	}
	if zero.String() != "" || zero.Format() != "" || zero.Describe() != "no number" {
		t.Error("zero value must format as empty")
	}
}

func TestNumberWarnings(t *testing.T) {
	tests := []struct {
		uf, kind int
		want     []error
	}{
		{35, 9, nil},
		{99, 3, nil}, // CNRAC AIH
		{0, 1, []error{ErrUF}},
		{18, 4, []error{ErrUF, ErrKind}},
		{53, 7, []error{ErrKind}},
		{54, 0, []error{ErrUF, ErrKind}},
	}
	for _, tc := range tests {
		a, err := New(tc.uf, 25, tc.kind, 1)
		if err != nil {
			t.Fatal(err)
		}
		w := a.Warnings()
		if len(w) != len(tc.want) {
			t.Errorf("%s: warnings %v, want %v", a, w, tc.want)
			continue
		}
		for i := range w {
			if !errors.Is(w[i], tc.want[i]) {
				t.Errorf("%s: warning %d = %v, want %v", a, i, w[i], tc.want[i])
			}
		}
	}
}

func TestKnownUF(t *testing.T) {
	n := 0
	for uf := 0; uf <= 99; uf++ {
		if KnownUF(uf) {
			n++
		}
	}
	if n != 28 { // 27 UFs + 99
		t.Errorf("KnownUF accepts %d codes, want 28", n)
	}
	for _, uf := range autUFCodes {
		if !KnownUF(uf) {
			t.Errorf("KnownUF(%d) = false", uf)
		}
	}
}

func TestKinds(t *testing.T) {
	want := map[int]struct {
		k          Kind
		aih, apac  bool
		prog       bool
		name       string
		describeOf string
	}{
		0: {KindUnknown, false, false, false, "unknown kind", "unknown kind (5th digit 0)"},
		1: {KindAIH, true, false, false, "AIH general use", "AIH general use (5th digit 1)"},
		2: {KindAPAC, false, true, false, "APAC general use", "APAC general use (5th digit 2)"},
		3: {KindAIHCNRAC, true, false, false, "AIH CNRAC", "AIH CNRAC (5th digit 3)"},
		4: {KindUnknown, false, false, false, "unknown kind", "unknown kind (5th digit 4)"},
		5: {KindAIHEletiva, true, false, false, "AIH elective surgery", "AIH elective surgery (5th digit 5)"},
		6: {KindAPACEletiva, false, true, false, "APAC elective surgery", "APAC elective surgery (5th digit 6)"},
		7: {KindUnknown, false, false, false, "unknown kind", "unknown kind (5th digit 7)"},
		8: {KindAIHPrograma, true, false, true, "AIH Agora Tem Especialistas", "AIH Agora Tem Especialistas (5th digit 8)"},
		9: {KindAPACPrograma, false, true, true, "APAC Agora Tem Especialistas", "APAC Agora Tem Especialistas (5th digit 9)"},
	}
	for d, w := range want {
		k := KindOfDigit(d)
		a, _ := New(35, 25, d, 1)
		if k != w.k || k.IsAIH() != w.aih || k.IsAPAC() != w.apac || k.IsPrograma() != w.prog ||
			k.String() != w.name || a.Kind() != k || a.Describe() != w.describeOf {
			t.Errorf("digit %d: got %v aih=%v apac=%v prog=%v %q %q", d, k, k.IsAIH(), k.IsAPAC(), k.IsPrograma(), k, a.Describe())
		}
		if k != KindUnknown && k.Digit() != d {
			t.Errorf("%v.Digit() = %d, want %d", k, k.Digit(), d)
		}
	}
	if KindUnknown.Digit() != -1 || Kind(99).Digit() != -1 || KindOfDigit(-1) != KindUnknown || KindOfDigit(10) != KindUnknown {
		t.Error("out-of-range kinds")
	}
	if Kind(99).String() != "Kind(99)" {
		t.Error(Kind(99).String())
	}
}

func TestNewRange(t *testing.T) {
	for _, p := range [][4]int{{-1, 25, 1, 1}, {100, 25, 1, 1}, {35, 100, 1, 1}, {35, -1, 1, 1}, {35, 25, 10, 1}, {35, 25, -1, 1}, {35, 25, 1, 10_000_000}, {35, 25, 1, -1}} {
		if _, err := New(p[0], p[1], p[2], p[3]); !errors.Is(err, ErrRange) {
			t.Errorf("New%v: %v, want ErrRange", p, err)
		}
	}
	a, err := New(99, 99, 9, 9_999_999)
	if err != nil || a.String() != "9999999999999"[:12]+string(CheckDigit(999999999999)) {
		t.Errorf("largest number: %s %v", a, err)
	}
}

func TestRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	kinds := []Kind{KindUnknown, KindAIH, KindAPAC, KindAIHCNRAC, KindAIHEletiva, KindAPACEletiva, KindAIHPrograma, KindAPACPrograma}
	seen := map[Kind]bool{}
	for i := range 20000 {
		k := kinds[i%len(kinds)]
		a := Random(r, k)
		if err := a.Check(); err != nil {
			t.Fatalf("Random gave invalid %s: %v", a, err)
		}
		if w := a.Warnings(); w != nil {
			t.Fatalf("Random gave %s with warnings %v", a, w)
		}
		if k != KindUnknown && a.Kind() != k {
			t.Fatalf("Random(%v) gave kind %v", k, a.Kind())
		}
		seen[a.Kind()] = true
		if b, err := Parse(a.Format()); err != nil || b != a {
			t.Fatalf("Format round trip of %s: %s %v", a, b, err)
		}
	}
	if len(seen) != 7 {
		t.Errorf("KindUnknown drew %d kinds, want all 7", len(seen))
	}
}

// remainder returns the first 12 digits of a mod 11.
func remainder(a Number) uint64 { return a.body() % 11 }

// TestSingleDigitChanges checks what the mod-11 rule guarantees: a changed
// check digit is always detected; a single changed digit among the first
// 12 changes the remainder (10ᵏ ≡ ±1 mod 11 and 0 < |Δ| < 11) and is
// detected unless the remainder moves between 0 and 10, which both give
// check digit 0.
func TestSingleDigitChanges(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var undetected, detected int
	for range 2000 {
		a := Random(r, KindUnknown)
		for pos := range 13 {
			for d := byte('0'); d <= '9'; d++ {
				if d == a[pos] {
					continue
				}
				b := a
				b[pos] = d
				caught := b.Check() != nil
				if pos < 12 {
					r1, r2 := remainder(a), remainder(b)
					if r1 == r2 {
						t.Fatalf("%s → %s: remainder unchanged", a, b)
					}
					zeroTen := r1+r2 == 10 && (r1 == 0 || r2 == 0)
					if caught == zeroTen {
						t.Fatalf("%s → %s: detected=%v, remainders %d→%d", a, b, caught, r1, r2)
					}
				} else if !caught {
					t.Fatalf("%s → %s: changed check digit not detected", a, b)
				}
				if caught {
					detected++
				} else {
					undetected++
				}
			}
		}
	}
	if undetected == 0 || detected == 0 {
		t.Errorf("detected %d, undetected %d: expected both", detected, undetected)
	}
	// A concrete blind spot: 352510000006 has remainder 10 and
	// 352510000007 remainder 0, so both take check digit 0 and the typo
	// 6 → 7 in position 12 goes unnoticed.
	a := MustParse("3525100000060")
	b := a
	b[11] = '7'
	if b.Check() != nil {
		t.Errorf("%s: expected the documented blind spot (remainder 10 → 0) to pass", b)
	}
}

// TestAdjacentTranspositions: swapping two different adjacent digits among
// the first 12 changes the value by 9·(a−b)·10ᵏ, never a multiple of 11,
// so it is detected except across the 0/10 remainders.
func TestAdjacentTranspositions(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		a := Random(r, KindUnknown)
		for pos := range 11 {
			if a[pos] == a[pos+1] {
				continue
			}
			b := a
			b[pos], b[pos+1] = b[pos+1], b[pos]
			r1, r2 := remainder(a), remainder(b)
			zeroTen := r1+r2 == 10 && (r1 == 0 || r2 == 0)
			if (b.Check() != nil) == zeroTen {
				t.Fatalf("%s → %s: remainders %d→%d, detected %v", a, b, r1, r2, b.Check() != nil)
			}
		}
	}
}

func TestNumberText(t *testing.T) {
	type doc struct {
		N Number  `json:"n"`
		Z Number  `json:"z"`
		P *Number `json:"p,omitempty"`
	}
	in := doc{N: MustParse("4125900001003")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"n":"4125900001003","z":""}` {
		t.Errorf("JSON = %s", b)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("round trip: %+v %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"n":"41.25.9.0.000.100-3"}`), &out); err != nil || out.N != in.N {
		t.Errorf("masked text: %v", err)
	}
	if err := json.Unmarshal([]byte(`{"n":"4125900001004"}`), &out); !errors.Is(err, ErrCheckDigit) {
		t.Errorf("bad DV through JSON: %v", err)
	}
}

func TestNumberCheckDoesNotAllocate(t *testing.T) {
	a := MustParse("4125900001003")
	var bad Number
	copy(bad[:], "4125900001004")
	if n := testing.AllocsPerRun(100, func() {
		_ = a.Check()
		_ = bad.Check()
		_ = a.Kind()
	}); n != 0 {
		t.Errorf("Check allocates %.0f times", n)
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	MustParse("1")
}

package autorizacao

import (
	"strconv"
	"testing"

	"github.com/go-sus/sus/internal/ident"
)

// FuzzParse checks Parse against an independent
// oracle (strconv and the written rule) and the round trips of String and
// Format. Seeds: testdata/fuzz/FuzzParse and the spec vectors.
func FuzzParse(f *testing.F) {
	for _, v := range autorizacaoValid {
		f.Add(v.in)
		f.Add(v.display)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		n := ident.Normalize(s)
		want := false
		if len(n) == 13 && ident.AllDigits(n) {
			v, _ := strconv.ParseUint(n[:12], 10, 64)
			want = int(n[12]-'0') == int(v%11)%10
		}
		if (err == nil) != want {
			t.Fatalf("Parse(%q) error %v, oracle says valid=%v", s, err, want)
		}
		if err != nil {
			if !a.IsZero() {
				t.Fatalf("value with error")
			}
			return
		}
		if a.Check() != nil || a.String() != n {
			t.Fatalf("%q: Check %v, String %q", s, a.Check(), a)
		}
		for _, text := range []string{a.String(), a.Format()} {
			if b, err := Parse(text); err != nil || b != a {
				t.Fatalf("round trip of %q via %q: %v", s, text, err)
			}
		}
		_ = a.Warnings()
		_ = a.Describe()
	})
}

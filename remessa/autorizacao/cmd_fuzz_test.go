package autorizacao

import "testing"

// FuzzParseCMD: no panics; an accepted number is well formed
// and both of its text forms read back to it.
func FuzzParseCMD(f *testing.F) {
	f.Add("123456-A-07-12-000000-1234567-5")
	f.Add("123456A071200000012345675")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseCMD(s)
		if err != nil {
			if !a.IsZero() {
				t.Fatal("value with error")
			}
			return
		}
		if a.Check() != nil || len(a.String()) != 25 || len(a.Format()) != 31 || a.VerifyDV(nil) != DVNotChecked {
			t.Fatalf("%q: %v", s, a.Check())
		}
		for _, text := range []string{a.String(), a.Format()} {
			if b, err := ParseCMD(text); err != nil || b != a {
				t.Fatalf("%q: round trip via %q: %v", s, text, err)
			}
		}
		if b, err := BuildCMD(a.Parts(), nil); err != nil || b != a {
			t.Fatalf("%q: Build(Parts) = %v, %v", s, b, err)
		}
	})
}

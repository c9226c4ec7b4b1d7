package remessatest_test

import (
	"strings"
	"testing"

	"github.com/go-sus/sus/remessa/remessatest"
)

func TestKindText(t *testing.T) {
	for _, k := range append([]remessatest.Kind{remessatest.None}, remessatest.Kinds()...) {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got remessatest.Kind
		if err := got.UnmarshalText(b); err != nil || got != k {
			t.Errorf("%v: round trip gives %v, %v", k, got, err)
		}
		if (k == remessatest.None) != (k.Code() == "") {
			t.Errorf("%v: code %q", k, k.Code())
		}
	}
	if _, err := remessatest.ParseKind("CBO"); err != nil {
		t.Errorf("ParseKind is case-insensitive: %v", err)
	}
	if _, err := remessatest.ParseKind("bogus"); err == nil {
		t.Error("ParseKind(bogus): no error")
	}
	if s := remessatest.Kind(200).String(); s != "Kind(200)" {
		t.Errorf("unknown kind: %q", s)
	}
	p := remessatest.Planted{Part: 1, Line: 17, Kind: remessatest.KindIdade}
	if p.String() != "part 1 line 17: idade" {
		t.Errorf("Planted.String: %q", p)
	}
}

// FuzzParseKind checks that ParseKind accepts exactly the kinds' names, in
// any case.
func FuzzParseKind(f *testing.F) {
	f.Add("cbo")
	f.Add("QUANTIDADE")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := remessatest.ParseKind(s)
		if err != nil {
			return
		}
		if !strings.EqualFold(k.String(), s) {
			t.Errorf("ParseKind(%q) = %v", s, k)
		}
	})
}

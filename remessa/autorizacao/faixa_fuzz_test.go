package autorizacao

import (
	"encoding/json"
	"testing"
)

// FuzzParseFaixa: no panics; an accepted faixa is consistent and its
// String reads back to it.
func FuzzParseFaixa(f *testing.F) {
	f.Add("4125900000013-4125900009990")
	f.Add("41.25.9.0.000.001-3 - 41.25.9.0.000.999-0")
	f.Fuzz(func(t *testing.T, s string) {
		fx, err := ParseFaixa(s)
		if err != nil {
			if !fx.IsZero() {
				t.Fatal("value with error")
			}
			return
		}
		first, last := fx.First(), fx.Last()
		if fx.Len() < 1 || fx.Check(first) != nil || fx.Check(last) != nil || first.Sequence() > last.Sequence() {
			t.Fatalf("%q: inconsistent faixa %s (%d)", s, fx, fx.Len())
		}
		if g, err := ParseFaixa(fx.String()); err != nil || g != fx {
			t.Fatalf("%q: round trip %v", s, err)
		}
	})
}

// FuzzAllocatorJSON: decoding any state never panics; an accepted state
// re-encodes to a state that decodes to itself, and the allocator then
// issues only unused numbers of its faixa.
func FuzzAllocatorJSON(f *testing.F) {
	f.Add([]byte(`{"faixa":"4125900000013-4125900009990","next":"4125900000035","used":["4125900001003"]}`))
	f.Add([]byte(`{"faixa":"4125900000013-4125900000013","exhausted":true}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var a Allocator
		if err := json.Unmarshal(b, &a); err != nil {
			return
		}
		s1, err := json.Marshal(&a)
		if err != nil {
			t.Fatal(err)
		}
		var back Allocator
		if err := json.Unmarshal(s1, &back); err != nil {
			t.Fatalf("re-decoding %s: %v", s1, err)
		}
		if s2, _ := json.Marshal(&back); string(s2) != string(s1) {
			t.Fatalf("state changed:\n%s\n%s", s1, s2)
		}
		for range 3 {
			before := a.State()
			n, err := a.Next()
			if err != nil {
				if a.Remaining() != 0 {
					t.Fatalf("error %v with %d remaining", err, a.Remaining())
				}
				return
			}
			if a.Faixa().Check(n) != nil || n.Sequence() < before.Next.Sequence() {
				t.Fatalf("issued %s from %+v", n, before)
			}
			for _, u := range before.Used {
				if u == n {
					t.Fatalf("issued used number %s", n)
				}
			}
		}
	})
}

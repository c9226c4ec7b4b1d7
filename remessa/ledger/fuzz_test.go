package ledger

import (
	"encoding/json"
	"testing"
)

// FuzzUnmarshalJSON: decoding never panics; an accepted ledger re-encodes to
// the same bytes after another round trip, and its questions can be asked.
func FuzzUnmarshalJSON(f *testing.F) {
	f.Add([]byte(sampleLedgerJSON))
	f.Add([]byte(`{"version":1,"keys":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var l Ledger
		if err := l.UnmarshalJSON(b); err != nil {
			return
		}
		b1, err := json.Marshal(&l)
		if err != nil {
			t.Fatal(err)
		}
		var back Ledger
		if err := back.UnmarshalJSON(b1); err != nil {
			t.Fatalf("re-decoding %s: %v", b1, err)
		}
		if b2, _ := json.Marshal(&back); string(b2) != string(b1) {
			t.Fatalf("not stable:\n%s\n%s", b1, b2)
		}
		for _, k := range l.Keys() {
			es := l.Entries(k)
			asOf := l.Start(k)
			if len(es) > 0 {
				asOf = es[len(es)-1].Competencia.Next()
			}
			s := l.Summary(k, asOf)
			if s.Gap.Missing < 0 || (s.MaySend.Allowed && s.MaySend.Blocking != nil) {
				t.Fatalf("summary %+v", s)
			}
		}
	})
}

package ledger

import (
	"encoding/json"
	"testing"

	"github.com/go-sus/sus/sigtap"
)

// Sinks keep the compiler from optimising benchmarked calls away.
var (
	sinkBool bool
	sinkErr  error
)

// benchLedger holds 100 keys with 10 years of validated history each.
func benchLedger(b *testing.B) (*Ledger, sigtap.Competencia) {
	l := New()
	start := sigtap.MustParseCompetencia("201601")
	for k := range 100 {
		key := "key" + string(rune('A'+k%26)) + string(rune('a'+k/26))
		for i := range 120 {
			if _, err := l.Record(key, start.Add(i), Validated, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	return l, start.Add(120)
}

func BenchmarkLedgerMaySend(b *testing.B) {
	l, next := benchLedger(b)
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = l.MaySend("keyAa", next).Allowed
	}
}

func BenchmarkLedgerMissing(b *testing.B) {
	l, next := benchLedger(b)
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = l.Missing("keyAa", next.Add(2)).Level == GapSuspension
	}
}

func BenchmarkLedgerJSONRoundTrip(b *testing.B) {
	l, _ := benchLedger(b)
	buf, _ := json.Marshal(l)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		out, _ := json.Marshal(l)
		var back Ledger
		sinkErr = back.UnmarshalJSON(out)
	}
}

package remessa

import "testing"

func BenchmarkParseFileName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkErr = ParseFileName("PACAPSAD.SET")
	}
}

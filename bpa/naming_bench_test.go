package bpa

import "testing"

var sinkErr error

func BenchmarkParseFileName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkErr = ParseFileName("PACAPSAD.SET")
	}
}

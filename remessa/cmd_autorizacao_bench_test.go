package remessa

import "testing"

func BenchmarkParseAutorizacaoCMD(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkErr = ParseAutorizacaoCMD("123456-A-07-12-000000-1234567-5")
	}
}

func BenchmarkAutorizacaoCMDValid(b *testing.B) {
	a := MustParseAutorizacaoCMD("123456-A-07-12-000000-1234567-5")
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = a.Valid()
	}
}

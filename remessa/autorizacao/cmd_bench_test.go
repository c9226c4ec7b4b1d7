package autorizacao

import "testing"

func BenchmarkParseCMD(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkErr = ParseCMD("123456-A-07-12-000000-1234567-5")
	}
}

func BenchmarkCMDValid(b *testing.B) {
	a := MustParseCMD("123456-A-07-12-000000-1234567-5")
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = a.Valid()
	}
}

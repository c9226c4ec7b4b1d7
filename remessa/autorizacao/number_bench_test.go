package autorizacao

import (
	"encoding/json"
	"math/rand/v2"
	"sync/atomic"
	"testing"
)

var (
	sinkBool bool
	sinkErr  error
	sinkAut  Number
)

func BenchmarkNumberValid(b *testing.B) {
	a := MustParse("4125900001003")
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = a.Valid()
	}
}

func BenchmarkNumberCheckInvalid(b *testing.B) {
	var a Number
	copy(a[:], "3525112345679")
	b.ReportAllocs()
	for b.Loop() {
		sinkErr = a.Check()
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkAut, sinkErr = Parse("4125900001003")
	}
}

func BenchmarkParseMasked(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkAut, sinkErr = Parse("41.25.9.0.000.100-3")
	}
}

func BenchmarkRandom(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		sinkAut = Random(r, KindAPACPrograma)
	}
}

func BenchmarkAllocatorNext(b *testing.B) {
	f := MustParseFaixa("352590000000-352599999999")
	a := NewAllocator(f)
	b.ReportAllocs()
	for b.Loop() {
		n, err := a.Next()
		if err != nil {
			a = NewAllocator(f)
			continue
		}
		sinkAut = n
	}
}

func BenchmarkAllocatorNextParallel(b *testing.B) {
	f := MustParseFaixa("352590000000-352599999999")
	var cur atomic.Pointer[Allocator]
	cur.Store(NewAllocator(f))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			a := cur.Load()
			if _, err := a.Next(); err != nil {
				cur.CompareAndSwap(a, NewAllocator(f)) // exhausted: start over
			}
		}
	})
}

func BenchmarkAllocatorStateJSON(b *testing.B) {
	f := MustParseFaixa("352590000000-352599999999")
	a := NewAllocator(f)
	for i := range 100 {
		_ = a.MarkUsed(faixaAt(f, 1000+3*i))
	}
	b.ReportAllocs()
	for b.Loop() {
		buf, _ := json.Marshal(a)
		var back Allocator
		sinkErr = json.Unmarshal(buf, &back)
	}
}

func BenchmarkParseFaixa(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkErr = ParseFaixa("4125900000013-4125900009990")
	}
}

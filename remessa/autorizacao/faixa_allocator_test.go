package autorizacao

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// faixaEq compares faixas (unexported fields) with ==.
var faixaEq = cmp.Comparer(func(a, b Faixa) bool { return a == b })

func mustNew(t testing.TB, uf, yy, kind, seq int) Number {
	t.Helper()
	a, err := New(uf, yy, kind, seq)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAllocatorIssuesAllOnce(t *testing.T) {
	f := MustParseFaixa("412590000001-412590000050")
	al := NewAllocator(f)
	seen := map[Number]bool{}
	for i := range f.Len() {
		if al.Remaining() != f.Len()-i {
			t.Fatalf("Remaining = %d before issue %d", al.Remaining(), i)
		}
		n, err := al.Next()
		if err != nil {
			t.Fatal(err)
		}
		if err := f.CheckPrograma(n); err != nil || seen[n] || !al.Used(n) || n.Sequence() != i+1 {
			t.Fatalf("issue %d: %s (%v, seen %v)", i, n, err, seen[n])
		}
		seen[n] = true
	}
	for range 2 {
		if n, err := al.Next(); !errors.Is(err, ErrFaixaExhausted) || !n.IsZero() {
			t.Fatalf("after exhaustion: %s %v", n, err)
		}
	}
	st := al.State()
	if !st.Exhausted || !st.Next.IsZero() || st.Used != nil {
		t.Errorf("exhausted state %+v", st)
	}
}

func TestAllocatorMarkUsed(t *testing.T) {
	f := MustParseFaixa("412590000001-412590000010")
	al := NewAllocator(f)
	n := func(seq int) Number { return mustNew(t, 41, 25, 9, seq) }
	for _, s := range []int{1, 3, 4, 9} {
		if err := al.MarkUsed(n(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := al.MarkUsed(n(3)); err != nil { // idempotent
		t.Fatal(err)
	}
	if err := al.MarkUsed(n(11)); !errors.Is(err, ErrNotInFaixa) {
		t.Errorf("outside: %v", err)
	}
	bad := n(5)
	bad[12] = '0' + (bad[12]-'0'+1)%10
	if err := al.MarkUsed(bad); !errors.Is(err, ErrCheckDigit) {
		t.Errorf("bad DV: %v", err)
	}
	if al.Used(bad) || al.Used(n(11)) || al.Used(n(2)) || !al.Used(n(9)) {
		t.Error("Used")
	}
	if al.Remaining() != 6 {
		t.Errorf("Remaining = %d, want 6", al.Remaining())
	}
	want := AllocatorState{Faixa: f, Next: n(2), Used: []Number{n(3), n(4), n(9)}}
	if diff := cmp.Diff(want, al.State(), faixaEq); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
	var got []int
	for {
		a, err := al.Next()
		if err != nil {
			break
		}
		got = append(got, a.Sequence())
	}
	if diff := cmp.Diff([]int{2, 5, 6, 7, 8, 10}, got); diff != "" {
		t.Errorf("issued (-want +got):\n%s", diff)
	}
	if err := al.MarkUsed(n(2)); err != nil { // already issued: fine
		t.Error(err)
	}
}

func TestAllocatorJSON(t *testing.T) {
	f := MustParseFaixa("4125900000013-4125900009990")
	al := NewAllocator(f)
	al.Next()
	al.Next()
	al.MarkUsed(mustNew(t, 41, 25, 9, 500))
	al.MarkUsed(mustNew(t, 41, 25, 9, 100))
	b, err := json.Marshal(al)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"faixa":"4125900000013-4125900009990","next":"4125900000035","used":["4125900001003","4125900005007"]}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
	var back Allocator
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(al.State(), back.State(), faixaEq); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	x, _ := al.Next()
	y, _ := back.Next()
	if x != y {
		t.Errorf("next after restore %s, want %s", y, x)
	}
	// A state with only the faixa is a fresh allocator.
	var fresh Allocator
	if err := json.Unmarshal([]byte(`{"faixa":"412590000001-412590000999"}`), &fresh); err != nil {
		t.Fatal(err)
	}
	if a, _ := fresh.Next(); a != f.First() {
		t.Errorf("fresh allocator gave %s", a)
	}
	// Exhausted round trip.
	one := NewAllocator(MustParseFaixa("4125900000013-4125900000013"))
	one.Next()
	b, _ = json.Marshal(one)
	if string(b) != `{"faixa":"4125900000013-4125900000013","exhausted":true}` {
		t.Errorf("exhausted JSON %s", b)
	}
	var again Allocator
	if err := json.Unmarshal(b, &again); err != nil || again.Remaining() != 0 {
		t.Errorf("exhausted restore: %v %d", err, again.Remaining())
	}
}

func TestRestoreAllocatorErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{`{}`, ErrEmpty},
		{`{"faixa":"4125900000013-4125900009990","next":"4125900010001"}`, ErrNotInFaixa},
		{`{"faixa":"4125900000013-4125900009990","next":"4125900000024","used":["4125900000013"]}`, ErrRange},
		{`{"faixa":"4125900000013-4125900009990","next":"4125900000024","used":["4125900000024"]}`, ErrRange},
		{`{"faixa":"4125900000013-4125900009990","used":["3525900000018"]}`, ErrNotInFaixa},
		{`{"faixa":"4125900000013-4125900009990","next":"4125900000024","exhausted":true}`, ErrFormat},
		{`{"faixa":"4125900000013-4125900009990","exhausted":true,"used":["4125900001003"]}`, ErrRange},
		{`{"faixa":"4125900000013-4125900009990","next":"4125900000025"}`, ErrCheckDigit},
		{`{"faixa":"x"}`, ErrFormat},
	}
	for _, tc := range tests {
		al := NewAllocator(MustParseFaixa("352510000001-352510000002"))
		before := al.State()
		if err := json.Unmarshal([]byte(tc.in), al); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.in, err, tc.want)
		}
		if diff := cmp.Diff(before, al.State(), faixaEq); diff != "" {
			t.Errorf("%s: state changed on error", tc.in)
		}
	}
}

// TestAllocatorConcurrent issues a whole faixa from many goroutines (with
// concurrent MarkUsed, Used, Remaining and State calls) and checks that
// every number comes out exactly once. Run with -race.
func TestAllocatorConcurrent(t *testing.T) {
	f := MustParseFaixa("352590000001-352590005000")
	al := NewAllocator(f)
	const workers = 8
	results := make([][]Number, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := 0; ; i++ {
				if i%50 == 0 {
					_ = al.State()
					_ = al.Remaining()
				}
				if w == 0 && i%7 == 0 {
					// Mark numbers out of order: they must not be issued.
					_ = al.MarkUsed(faixaAt(f, (i*37)%f.Len()))
				}
				n, err := al.Next()
				if errors.Is(err, ErrFaixaExhausted) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				if !al.Used(n) {
					t.Errorf("%s issued but not Used", n)
				}
				results[w] = append(results[w], n)
			}
		})
	}
	wg.Wait()
	seen := map[Number]bool{}
	for _, r := range results {
		for _, n := range r {
			if seen[n] {
				t.Fatalf("%s issued twice", n)
			}
			if f.Check(n) != nil {
				t.Fatalf("%s invalid", n)
			}
			seen[n] = true
		}
	}
	if len(seen) == 0 || len(seen) > f.Len() || al.Remaining() != 0 {
		t.Errorf("issued %d of %d, remaining %d", len(seen), f.Len(), al.Remaining())
	}
	for i := range f.Len() {
		if !al.Used(faixaAt(f, i)) {
			t.Fatalf("%s neither issued nor used", faixaAt(f, i))
		}
	}
}

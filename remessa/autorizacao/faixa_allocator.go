package autorizacao

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/go-sus/sus/internal/ident"
)

// Allocator issues the numbers of a Faixa in ascending order, each with its
// check digit, never the same number twice. Numbers the establishment used
// by other means (imported from another system, typed by hand) are marked
// with MarkUsed and skipped.
//
// An Allocator is safe for concurrent use. Its state is the caller's to
// keep: State (or json.Marshal) gives it, RestoreAllocator (or
// json.Unmarshal) brings it back. To never issue a number twice across
// runs, persist the state after each Next and before handing the number
// out (the examples/remessa CLI writes it to a temporary file and renames
// it over the old one).
type Allocator struct {
	mu    sync.Mutex
	faixa Faixa
	base  uint64           // value of the first 12 digits of the faixa's first number
	size  int              // faixa.Len()
	next  int              // index in faixa of the next number to issue; size when exhausted
	used  map[int]struct{} // indexes > next marked used out of order
}

// AllocatorState is the persistent state of an Allocator. Its JSON form is
//
//	{"faixa":"3525900000011-3525900001009","next":"3525900000038","used":["3525900000500"]}
//
// where next is the number the following Next returns and used lists, in
// ascending order, the numbers after next that MarkUsed recorded. Every
// number before next counts as issued. A state without next is a fresh
// allocator (next is the first number of the faixa) unless exhausted is
// true: then every number has been issued and next must be absent.
type AllocatorState struct {
	Faixa     Faixa    `json:"faixa"`
	Next      Number   `json:"next,omitzero"`
	Exhausted bool     `json:"exhausted,omitempty"`
	Used      []Number `json:"used,omitempty"`
}

// NewAllocator returns an allocator that starts at the first number of f.
func NewAllocator(f Faixa) *Allocator {
	a := &Allocator{faixa: f, size: f.Len()}
	if !f.IsZero() {
		a.base = f.first.body()
	}
	return a
}

// at returns the i-th number of the faixa.
func (a *Allocator) at(i int) Number { return autFromPrefix(a.base, uint64(i)) }

// RestoreAllocator returns an allocator in state s. The faixa must not be
// zero, next must be a valid number of the faixa or zero, exhausted and
// next exclude each other, and every used number must be in the faixa
// after next; otherwise the error is a *ValueError wrapping ErrEmpty,
// ErrFormat, ErrNotInFaixa, ErrRange or a sentinel of Number.Check.
func RestoreAllocator(s AllocatorState) (*Allocator, error) {
	if s.Faixa.IsZero() {
		return nil, &ValueError{Type: "allocator state", Err: fmt.Errorf("faixa: %w", ErrEmpty)}
	}
	a := NewAllocator(s.Faixa)
	switch {
	case s.Exhausted && !s.Next.IsZero():
		return nil, &ValueError{Type: "allocator state", Err: fmt.Errorf("both next and exhausted: %w", ErrFormat)}
	case s.Exhausted:
		a.next = s.Faixa.Len()
		if len(s.Used) > 0 {
			return nil, &ValueError{Type: "allocator state", Err: fmt.Errorf("used numbers after exhaustion: %w", ErrRange)}
		}
	case !s.Next.IsZero():
		if err := s.Faixa.Check(s.Next); err != nil {
			return nil, ident.NewError("allocator next", s.Next.String(), err)
		}
		a.next = a.index(s.Next)
	}
	for _, u := range s.Used {
		if err := s.Faixa.Check(u); err != nil {
			return nil, ident.NewError("allocator used", u.String(), err)
		}
		i := a.index(u)
		if i <= a.next {
			return nil, ident.NewError("allocator used", u.String(), ErrRange)
		}
		if a.used == nil {
			a.used = make(map[int]struct{})
		}
		a.used[i] = struct{}{}
	}
	return a, nil
}

// index returns the position of n (which must be in the faixa).
func (a *Allocator) index(n Number) int { return n.Sequence() - a.faixa.first.Sequence() }

// Faixa returns the faixa a issues from.
func (a *Allocator) Faixa() Faixa { return a.faixa }

// Next returns the next unused number of the faixa. When every number has
// been issued or marked used it returns an error wrapping
// ErrFaixaExhausted, and keeps doing so.
func (a *Allocator) Next() (Number, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.next >= a.size {
		return Number{}, fmt.Errorf("faixa %s: all %d numbers issued or used: %w", a.faixa, a.size, ErrFaixaExhausted)
	}
	n := a.at(a.next)
	a.advance()
	return n, nil
}

// advance moves next past the number just issued and any used ones.
func (a *Allocator) advance() {
	a.next++
	for {
		if _, ok := a.used[a.next]; !ok {
			return
		}
		delete(a.used, a.next)
		a.next++
	}
}

// MarkUsed records that n was used outside the allocator, so Next never
// returns it. Marking a number already issued or marked is not an error.
// n must be a valid number of the faixa, else the sentinel of Faixa.Check
// is returned.
func (a *Allocator) MarkUsed(n Number) error {
	if err := a.faixa.Check(n); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	i := a.index(n)
	switch {
	case i < a.next:
	case i == a.next:
		a.advance()
	default:
		if a.used == nil {
			a.used = make(map[int]struct{})
		}
		a.used[i] = struct{}{}
	}
	return nil
}

// Used reports whether n has been issued or marked used. Numbers outside
// the faixa are never used.
func (a *Allocator) Used(n Number) bool {
	if a.faixa.Check(n) != nil {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	i := a.index(n)
	if i < a.next {
		return true
	}
	_, ok := a.used[i]
	return ok
}

// Remaining returns how many numbers Next can still issue.
func (a *Allocator) Remaining() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.size - a.next - len(a.used)
}

// State returns the persistent state of a (used numbers in ascending
// order, so equal states give equal JSON).
func (a *Allocator) State() AllocatorState {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := AllocatorState{Faixa: a.faixa}
	if a.next < a.size {
		s.Next = a.at(a.next)
	} else {
		s.Exhausted = true
	}
	if len(a.used) > 0 {
		idx := make([]int, 0, len(a.used))
		for i := range a.used {
			idx = append(idx, i)
		}
		slices.Sort(idx)
		s.Used = make([]Number, len(idx))
		for k, i := range idx {
			s.Used[k] = a.at(i)
		}
	}
	return s
}

// MarshalJSON encodes State.
func (a *Allocator) MarshalJSON() ([]byte, error) { return json.Marshal(a.State()) }

// UnmarshalJSON decodes an AllocatorState and restores it
// (RestoreAllocator). On error a is left unchanged.
func (a *Allocator) UnmarshalJSON(b []byte) error {
	var s AllocatorState
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	r, err := RestoreAllocator(s)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.faixa, a.base, a.size, a.next, a.used = r.faixa, r.base, r.size, r.next, r.used
	return nil
}

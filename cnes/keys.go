package cnes

import "github.com/go-sus/sus/cns"

// The indexes key their maps with uint64s packed from the identifiers'
// digits: Go's maps have a fast path for 8-byte keys, and an 8-byte slot
// keeps the big professional and vínculo indexes small and cache-friendly.

// noKey is returned for identifiers that cannot be packed; it is never
// stored, so a look-up with it finds nothing.
const noKey = ^uint64(0)

// digitsKey packs a run of at most 19 ASCII digits.
func digitsKey[T ~string | ~[]byte](s T) uint64 {
	if len(s) == 0 || len(s) > 19 {
		return noKey
	}
	var k uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return noKey
		}
		k = k*10 + uint64(c-'0')
	}
	return k
}

func codeKey(c *Code) uint64   { return digitsKey(c[:]) }
func cnsKey(c *cns.CNS) uint64 { return digitsKey(c[:]) }
func ineKey(c *INE) uint64     { return digitsKey(c[:]) }

// unitKey packs a CO_UNIDADE of up to 17 digits with its length (so that
// "0012" and "12" differ); longer or non-digit values are not packable.
func unitKey(s string) uint64 {
	if len(s) > 17 {
		return noKey
	}
	k := digitsKey(s)
	if k == noKey {
		return noKey
	}
	return k<<5 | uint64(len(s))
}

// profKey packs a CO_PROFISSIONAL_SUS of exactly 16 hex digits (the
// observed form); others are not packable.
func profKey(p *ProfID) uint64 {
	var k uint64
	bad := byte(0)
	for _, c := range p {
		v := hexVal[c]
		bad |= v
		k = k<<4 | uint64(v&0xf)
	}
	if bad&0x80 != 0 {
		return noKey
	}
	return k
}

// hexVal maps a hex digit to its value and anything else to 0xff.
var hexVal = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'A'; c <= 'F'; c++ {
		t[c] = byte(c - 'A' + 10)
		t[c+'a'-'A'] = byte(c - 'A' + 10)
	}
	return t
}()

// index64 is an open-addressing hash index from packed keys to row
// numbers, for the professional index that every vínculo, member and
// professional row probes: one cache line per probe (key and value side
// by side), linear probing, at most two thirds full.
type index64 struct {
	slots []slot64
	shift uint8
	n     int
}

type slot64 struct {
	key uint64
	val int32 // row+1; 0 marks an empty slot
}

func newIndex64(n int) *index64 {
	x := &index64{}
	x.alloc(max(n, 64))
	return x
}

func (x *index64) alloc(n int) {
	size := 64
	for size < n+n/2 { // at most two thirds full
		size <<= 1
	}
	x.slots = make([]slot64, size)
	x.shift = uint8(64 - bitsLen(uint64(size-1)))
}

func bitsLen(v uint64) int {
	n := 0
	for v != 0 {
		v >>= 1
		n++
	}
	return n
}

func (x *index64) home(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> x.shift }

// get returns the row stored for k.
func (x *index64) get(k uint64) (int32, bool) {
	if x == nil { // a zero Snapshot
		return 0, false
	}
	mask := uint64(len(x.slots) - 1)
	for i := x.home(k); ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.val == 0 {
			return 0, false
		}
		if s.key == k {
			return s.val - 1, true
		}
	}
}

// touch loads k's home slot and returns its key: a probe issued ahead of
// get, so that several probes' cache misses overlap.
func (x *index64) touch(k uint64) uint64 {
	if k == noKey {
		return 0
	}
	return x.slots[x.home(k)].key
}

// put stores row v for k (k must not be present).
func (x *index64) put(k uint64, v int32) {
	if 3*(x.n+1) > 2*len(x.slots) {
		old := x.slots
		x.alloc(len(old))
		for _, s := range old {
			if s.val != 0 {
				x.insert(s.key, s.val)
			}
		}
	}
	x.insert(k, v+1)
	x.n++
}

func (x *index64) insert(k uint64, v1 int32) {
	mask := uint64(len(x.slots) - 1)
	i := x.home(k)
	for x.slots[i].val != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = slot64{key: k, val: v1}
}

// grow makes room for n entries.
func (x *index64) grow(n int) {
	if 3*n <= 2*len(x.slots) {
		return
	}
	old := x.slots
	x.alloc(n)
	for _, s := range old {
		if s.val != 0 {
			x.insert(s.key, s.val)
		}
	}
}

package remessa

import "math/bits"

// lineSet is an open-addressing hash table from 64-bit key hashes to an
// int32 (a line number or a running quantity). It does one probe sequence
// per operation where a Go map needs a look-up and an insert, and keeps 12
// bytes per slot. Its size need not be a power of two (a hash is mapped to
// a slot by multiplication), so a table sized from the header totals holds
// its keys at a load of up to 0.8: 15 bytes per key.
type lineSet struct {
	keys []uint64 // 0 = empty slot; key 0 itself lives in zero/zeroVal
	vals []int32
	n    int
	max  int // n beyond which the table grows

	zero    bool
	zeroVal int32
}

// lineSetLoad is the highest load (as a fraction: num/den) of a lineSet.
const lineSetLoadNum, lineSetLoadDen = 4, 5

func newLineSet(capacity int) lineSet {
	size := max(16, capacity*lineSetLoadDen/lineSetLoadNum+1)
	return lineSet{keys: make([]uint64, size), vals: make([]int32, size), max: size * lineSetLoadNum / lineSetLoadDen}
}

// slot returns the index holding h, or the empty index where it goes.
func (s *lineSet) slot(h uint64) (int, bool) {
	size := uint64(len(s.keys))
	i, _ := bits.Mul64(h^h>>29, size)
	for {
		k := s.keys[i]
		if k == h {
			return int(i), true
		}
		if k == 0 {
			return int(i), false
		}
		if i++; i == size {
			i = 0
		}
	}
}

// firstOrSet returns the value stored for h and true, or stores v and
// returns false.
func (s *lineSet) firstOrSet(h uint64, v int32) (int32, bool) {
	if h == 0 {
		if s.zero {
			return s.zeroVal, true
		}
		s.zero, s.zeroVal = true, v
		return v, false
	}
	if s.keys == nil {
		*s = newLineSet(16)
	}
	i, ok := s.slot(h)
	if ok {
		return s.vals[i], true
	}
	s.put(i, h, v)
	return v, false
}

// add adds d to the value of h (0 when absent) and returns the sum.
func (s *lineSet) add(h uint64, d int32) int32 {
	if h == 0 {
		s.zero = true
		s.zeroVal = min(s.zeroVal+d, 1<<30)
		return s.zeroVal
	}
	if s.keys == nil {
		*s = newLineSet(16)
	}
	i, ok := s.slot(h)
	if ok {
		s.vals[i] = min(s.vals[i]+d, 1<<30)
		return s.vals[i]
	}
	s.put(i, h, d)
	return d
}

func (s *lineSet) put(i int, h uint64, v int32) {
	s.keys[i], s.vals[i] = h, v
	s.n++
	if s.n > s.max {
		s.grow()
	}
}

// grow makes room for half as many keys again: the tables of numbering
// keys stop growing at all sizes, and a smaller step wastes less.
func (s *lineSet) grow() {
	old := *s
	*s = newLineSet(old.n * 3 / 2)
	s.zero, s.zeroVal = old.zero, old.zeroVal
	for i, k := range old.keys {
		if k != 0 {
			j, _ := s.slot(k)
			s.keys[j], s.vals[j] = k, old.vals[i]
			s.n++
		}
	}
}

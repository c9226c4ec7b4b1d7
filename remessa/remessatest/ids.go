package remessatest

import (
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/ident"
)

// perm is a keyed pseudo-random permutation of [0, m): a balanced Feistel
// network on the smallest even number of bits covering m, with cycle
// walking back into [0, m). It turns a counter into identifiers that look
// random but can never repeat, which random draws cannot promise: a
// million random CPFs (nine free digits) share about 500 numbers, and two
// lines of one "patient" would break the quantity-per-patient rule.
type perm struct {
	m    uint64
	half uint
	mask uint64
	keys [4]uint64
	skip func(uint64) bool // values left out of the range (nil: none)
}

func newPerm(m uint64, seed uint64, skip func(uint64) bool) perm {
	bits := uint(0)
	for uint64(1)<<bits < m {
		bits++
	}
	bits += bits & 1
	p := perm{m: m, half: bits / 2, mask: 1<<(bits/2) - 1, skip: skip}
	for i := range p.keys {
		seed = mix64(seed + 0x9e3779b97f4a7c15)
		p.keys[i] = seed
	}
	return p
}

// mix64 is the splitmix64 finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (p *perm) round(x uint64) uint64 {
	l, r := x>>p.half, x&p.mask
	for _, k := range p.keys {
		l, r = r, l^(mix64(r^k)&p.mask)
	}
	return l<<p.half | r
}

// apply maps x (which must be in the range and not skipped) to its image.
func (p *perm) apply(x uint64) uint64 {
	for {
		x = p.round(x)
		if x < p.m && (p.skip == nil || !p.skip(x)) {
			return x
		}
	}
}

// putDigits writes v as len(dst) decimal digits, zero-padded.
func putDigits(dst []byte, v uint64) {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = byte('0' + v%10)
		v /= 10
	}
}

var (
	cpfWeights1 = []int{10, 9, 8, 7, 6, 5, 4, 3, 2}
	cpfWeights2 = []int{11, 10, 9, 8, 7, 6, 5, 4, 3, 2}
)

// repdigit9 reports whether v has nine equal digits (000000000,
// 111111111 …): the CPF bases the Receita never issues.
func repdigit9(v uint64) bool { return v%111111111 == 0 }

// maxPatients is the number of distinct patients a production may draw:
// patient numbers run from 1 and must stay below the first nine-digit
// repdigit (the CPF permutation's inputs must be valid bases too).
const maxPatients = 111111110

// idGen turns patient and professional numbers into identifiers that
// never repeat within one production.
type idGen struct {
	cpfs, cnss, profs perm
}

func newIDGen(seed uint64) idGen {
	return idGen{
		cpfs:  newPerm(1e9, seed^0x43504600, repdigit9),
		cnss:  newPerm(1e12, seed^0x434e5300, nil),
		profs: newPerm(1e12, seed^0x50524f46, nil),
	}
}

// cpf returns the CPF of patient n (1 ≤ n ≤ maxPatients).
func (g *idGen) cpf(n uint64) cns.CPF {
	var c cns.CPF
	putDigits(c[:9], g.cpfs.apply(n))
	c[9] = ident.Mod11DV(c[:9], cpfWeights1)
	c[10] = ident.Mod11DV(c[:10], cpfWeights2)
	return c
}

// cns returns the provisional CNS of patient n.
func (g *idGen) cns(n uint64) cns.CNS { return provisional(g.cnss.apply(n), n) }

// profCNS returns the CNS of the n-th made-up professional (planted
// "professional not linked" lines): provisional, from its own permutation.
func (g *idGen) profCNS(n uint64) cns.CNS { return provisional(g.profs.apply(n), n+1) }

// provisional builds a provisional CNS (first digit 7, 8 or 9) whose
// digits 2–13 are v: distinct values give distinct numbers. Digit 14 is
// chosen so that the check digit (Σ dᵢ·(15−i) ≡ 0 mod 11) is a digit.
func provisional(v, salt uint64) cns.CNS {
	var c cns.CNS
	c[0] = byte('7' + salt%3)
	putDigits(c[1:13], v)
	s := 0
	for i := range 13 {
		s += int(c[i]-'0') * (15 - i)
	}
	start := int(v % 10)
	for k := range 10 {
		d13 := (start + k) % 10
		d14 := ((-(s + 2*d13))%11 + 11) % 11
		if d14 < 10 {
			c[13], c[14] = byte('0'+d13), byte('0'+d14)
			break
		}
	}
	return c
}

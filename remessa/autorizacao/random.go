package autorizacao

import "math/rand/v2"

// autUFCodes lists the IBGE state codes (KnownUF without 99).
var autUFCodes = [...]int{11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33, 35, 41, 42, 43, 50, 51, 52, 53}

// Random returns a valid AIH/APAC number of kind k drawn from r:
// a random IBGE UF, a year from 06 (13-digit numbers are mandatory from
// January 2006) to 99 and a sequence from 1 to 9 999 999. KindUnknown
// draws one of the known kinds. For test fixtures: a generated number may
// collide with a real one.
func Random(r *rand.Rand, k Kind) Number {
	if k.Digit() < 0 {
		k = Kind(1 + r.IntN(len(autKindDigits)-1))
	}
	uf := autUFCodes[r.IntN(len(autUFCodes))]
	a, _ := New(uf, 6+r.IntN(94), k.Digit(), 1+r.IntN(autMaxSequence))
	return a
}

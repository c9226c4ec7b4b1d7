package bpa

import (
	"math/rand/v2"
	"testing"

	"github.com/go-sus/sus/internal/charset"
)

// TestScanLine: the one-pass scan agrees with a byte-at-a-time reading of
// its rules and with charset.IndexHigh, on random lines rich in the bytes
// that matter.
func TestScanLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []byte{0x00, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x81, 0x8D, 0xC3, 0xFF, 'A', '0'}
	for n := range 2000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = special[rng.IntN(len(special))]
			} else {
				b[i] = 'A' + byte(rng.IntN(26))
			}
		}
		wantFree := true
		for _, c := range b {
			if c < 0x20 || c == 0x7F || (c >= 0x80 && !charset.Defined(c)) {
				wantFree = false
			}
		}
		free, high := scanLine(b)
		if free != wantFree || high != charset.IndexHigh(b) {
			t.Fatalf("case %d: scanLine(%q) = %v, %d; want %v, %d", n, b, free, high, wantFree, charset.IndexHigh(b))
		}
	}
}

package bpa

import "testing"

// controlFree agrees with the character check of the validator
// (firstBadRune over the decoded text) on every byte at every position.
func TestControlFree(t *testing.T) {
	base := []byte("03ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 ~!@#$%^&*()_+{}|:<>?JOAO DA SILVA")
	if !controlFree(base) {
		t.Fatal("printable ASCII reported as holding a control character")
	}
	for i := range base {
		for c := 0; c < 256; c++ {
			b := append([]byte(nil), base...)
			b[i] = byte(c)
			want := firstBadRune(decodeCP1252(b)) < 0
			if got := controlFree(b); got != want {
				t.Errorf("byte %#x at %d: controlFree %v, character check %v", c, i, got, want)
			}
		}
	}
}

func decodeCP1252(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = runeOf[c]
	}
	return string(r)
}

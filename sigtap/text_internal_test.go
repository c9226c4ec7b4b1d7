package sigtap

import (
	"errors"
	"strings"
	"testing"
)

// The word-at-a-time helpers against their byte-at-a-time definitions.
func TestAllDigitsWords(t *testing.T) {
	for i := 0; i < 256; i++ {
		for pos := 0; pos < 12; pos++ {
			b := []byte("012345678901")
			b[pos] = byte(i)
			if want := i >= '0' && i <= '9'; allDigits(b) != want {
				t.Fatalf("allDigits with byte %#x at %d", i, pos)
			}
		}
	}
	if allDigits(nil) {
		t.Error("allDigits(nil)")
	}
}

func TestASCIIPrefix(t *testing.T) {
	for i := 0; i < 256; i++ {
		for pos := 0; pos < 20; pos++ {
			b := []byte(strings.Repeat("a", 20))
			b[pos] = byte(i)
			want := 20
			if i >= 0x80 || i == '\n' {
				want = pos
			}
			if got := asciiPrefix(b); got != want {
				t.Fatalf("asciiPrefix with byte %#x at %d = %d", i, pos, got)
			}
		}
	}
}

func TestArenaText(t *testing.T) {
	var a arena
	for in, want := range map[string]string{
		"":                              "",
		"   ":                           "",
		"A\xe7\xe3o   ":                 "Ação",
		"\x93aspas\x94 \x96 fim  ":      "“aspas” – fim",
		"  lead":                        "  lead",
		strings.Repeat("x", 300) + "  ": strings.Repeat("x", 300),
		"tab\tkept":                     "tab\tkept",
		"\x80" + strings.Repeat(" ", 9): "€",
	} {
		for _, ar := range []*arena{&a, nil} {
			got, err := ar.text([]byte(in))
			if err != nil || got != want {
				t.Errorf("text(%q) = %q, %v; want %q", in, got, err, want)
			}
		}
	}
	if _, err := a.text([]byte("a\x81b")); !errors.Is(err, ErrEncoding) {
		t.Errorf("undefined byte: %v", err)
	}
	if _, err := a.text([]byte("a\nb")); !errors.Is(err, ErrLineLength) {
		t.Errorf("LF: %v", err)
	}
	// Strings already handed out survive later use of the arena.
	s1, _ := a.text([]byte("first"))
	for i := 0; i < 10000; i++ {
		a.text([]byte("filler text to fill many blocks"))
	}
	if s1 != "first" {
		t.Errorf("arena string changed: %q", s1)
	}
}

func TestTrimSpaces(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 255, 256, 257, 600, 4000} {
		for _, body := range []string{"", "x", "x y"} {
			in := body + strings.Repeat(" ", n)
			if got := string(trimSpaces([]byte(in))); got != body {
				t.Errorf("trimSpaces(%q+%d spaces) = %q", body, n, got)
			}
		}
	}
}

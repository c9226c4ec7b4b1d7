package bpa

import (
	"strings"
	"testing"
)

// FuzzParseFileName: no panics; an accepted name is the canonical name up
// to the case of "PA" and the month, and reads back to itself.
func FuzzParseFileName(f *testing.F) {
	f.Add("PACAPSAD.SET")
	f.Add("PAkauan-.MAR")
	f.Fuzz(func(t *testing.T, s string) {
		fn, err := ParseFileName(s)
		if err != nil {
			return
		}
		if !strings.EqualFold(fn.String(), s) || !strings.HasSuffix(s[:len(s)-4], fn.ID) {
			t.Fatalf("%q parsed as %+v (%q)", s, fn, fn)
		}
		if g, err := ParseFileName(fn.String()); err != nil || g != fn {
			t.Fatalf("%q: round trip %v", s, err)
		}
	})
}

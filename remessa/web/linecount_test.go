package web

import "testing"

// TestLineCounter: lines are counted with the bpa Reader's line ends (CR
// LF, LF, CR alone), written in any pieces, with a last line lacking its
// end counted too.
func TestLineCounter(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want int
	}{
		{nil, 0},
		{[]string{"a\r\nb\r\n"}, 2},
		{[]string{"a\r", "\nb\r\nc"}, 3},
		{[]string{"a\nb\n"}, 2},
		{[]string{"a\rb\rc\r"}, 3},
		{[]string{"a\rb", "\rc"}, 3},
		{[]string{"abc"}, 1},
	} {
		var lc lineCounter
		for _, p := range c.in {
			lc.Write([]byte(p))
		}
		if got := lc.lines(); got != c.want {
			t.Errorf("%q: %d lines, want %d", c.in, got, c.want)
		}
	}
}

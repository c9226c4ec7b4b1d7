package bpa

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTrimmedLinesRestored: a file whose writer trimmed the blanks ending
// every line reads as the same records as the file itself (a trimmed
// BPA-I line whose length is an older layout's is read in that layout:
// the fields it lacks are the blanks trimmed), with one BPA-SHORT-LINE
// warning and no error.
func TestTrimmedLinesRestored(t *testing.T) {
	for _, v := range []Version{V328, V338, V349, V350, V351} {
		orig := readGolden(t, v)
		var trimmed []byte
		for l := range bytes.Lines(orig) {
			trimmed = append(trimmed, bytes.TrimRight(bytes.TrimSuffix(l, []byte("\r\n")), " ")...)
			trimmed = append(trimmed, "\r\n"...)
		}
		want, _ := readAll(t, orig)
		got, probs := readAll(t, trimmed)
		for _, r := range got {
			if i, ok := r.(*Individualizado); ok {
				i.Version = v
			}
		}
		if d := cmp.Diff(want, got, cmpOpts); d != "" {
			t.Errorf("%v: trimmed file read differently (-want +got):\n%s", v, d)
		}
		codes := []string{}
		for _, p := range probs {
			codes = append(codes, p.Code)
		}
		if bytes.Equal(orig, trimmed) || !slices.Contains(codes, CodeShortLine) {
			t.Errorf("%v: problems %v, want a %s warning", v, codes, CodeShortLine)
		}
	}
}

// readAll reads every record of data, failing the test on any error.
func readAll(t *testing.T, data []byte) ([]Record, []Problem) {
	t.Helper()
	rd := NewReader(bytes.NewReader(data))
	var recs []Record
	for rec, err := range rd.All() {
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	return recs, rd.Problems()
}

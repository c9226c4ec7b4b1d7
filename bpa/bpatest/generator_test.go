package bpatest

import (
	"bytes"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/sigtap"
)

// TestWriteValid: every layout's generated file is valid and a seed gives
// the same bytes.
func TestWriteValid(t *testing.T) {
	for _, mvm := range []string{"201406", "201512", "202405", "202512", "202607"} {
		var a, b bytes.Buffer
		if err := Write(&a, sigtap.MustParseCompetencia(mvm), 300, 3, nil); err != nil {
			t.Fatal(err)
		}
		if err := Write(&b, sigtap.MustParseCompetencia(mvm), 300, 3, nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: not deterministic", mvm)
		}
		ps, err := bpa.Validate(&a)
		if err != nil || len(ps) != 0 {
			t.Errorf("%s: %v %v", mvm, err, ps)
		}
	}
}

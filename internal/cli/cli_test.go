package cli

import (
	"flag"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	j := fs.Bool("json", false, "")
	k := fs.String("kind", "", "")
	pos, err := Parse(fs, []string{"a", "-json", "b", "-kind", "cpf", "-", "--", "-c"})
	if err != nil || !*j || *k != "cpf" || !slices.Equal(pos, []string{"a", "b", "-", "-c"}) {
		t.Errorf("pos %q json %v kind %q err %v", pos, *j, *k, err)
	}
}

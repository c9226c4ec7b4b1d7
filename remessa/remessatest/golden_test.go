package remessatest_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/go-sus/sus/remessa/remessatest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden pins a small world of the demo release — its BPA file and
// the planted lines — so that a change to what a seed draws is seen (and
// reviewed) rather than slipping through: worlds are shared fixtures of
// other packages' tests and benchmarks.
func TestGolden(t *testing.T) {
	rel := openDemo(t)
	_, prod := world(t, rel, 3, 150, &remessatest.ProductionOptions{ErrorRate: 0.05})
	var file bytes.Buffer
	if _, err := prod.WriteTo(&file); err != nil {
		t.Fatal(err)
	}
	planted, err := prod.Planted()
	if err != nil {
		t.Fatal(err)
	}
	var list strings.Builder
	for _, p := range planted {
		fmt.Fprintln(&list, p)
	}
	for name, got := range map[string][]byte{"demo.bpa": file.Bytes(), "demo.planted.txt": []byte(list.String())} {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if d := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); d != "" {
			t.Errorf("%s differs (-want +got):\n%s", name, d)
		}
	}
}

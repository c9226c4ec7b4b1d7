package remessatest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-sus/sus/remessa"
)

// CompareDir compares a check of the world WriteDir wrote in dir with its
// expectations, dir/EXPECTED.jsonl: got holds the crítica codes of every
// line the check judged, keyed "FILE:LINE" (Result.File and Result.Line),
// in the order the checker gave them, and m is the run's summary. The
// error lists the differences (the first 20, sorted), or says why the
// expectations could not be read; nil means the check is exactly the
// expected one.
func CompareDir(dir string, got map[string][]remessa.Code, m *remessa.MonthSummary) error {
	f, err := os.Open(filepath.Join(dir, ExpectedName))
	if err != nil {
		return err
	}
	defer f.Close()
	want := map[string][]remessa.Code{}
	e, err := ReadExpected(f, func(x Expectation) error {
		k := fmt.Sprint(x.File, ":", x.Line)
		want[k] = append(want[k], x.Code)
		return nil
	})
	if err != nil {
		return err
	}
	var diffs []string
	for k, w := range want {
		if !slices.Equal(got[k], w) {
			diffs = append(diffs, fmt.Sprintf("%s: %v, want %v", k, got[k], w))
		}
	}
	for k, g := range got {
		if want[k] == nil {
			diffs = append(diffs, fmt.Sprintf("%s: %v, want none", k, g))
		}
	}
	if err := e.Compare(m); err != nil {
		diffs = append(diffs, err.Error())
	}
	if len(diffs) == 0 {
		return nil
	}
	slices.Sort(diffs)
	return errors.New(fmt.Sprintf("%d differences:\n", len(diffs)) + strings.Join(diffs[:min(len(diffs), 20)], "\n"))
}

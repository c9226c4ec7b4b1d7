package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
)

// worldRelease is the bundled demo world's 202512 SIGTAP release, a file
// in the repository: the world test always runs, with no shared data.
const worldRelease = "../../remessa/remessatest/demo/sigtap/TabelaUnificada_202512_v2601221256.zip"

// TestWorld writes months with "remessa world" for several seeds and
// sizes and judges each as "remessa check -sigtap RELEASE -cnes DIR/cnes
// DIR/bpa" does: every line's críticas, every file's and the month's
// counts, values and totals must be those of DIR/EXPECTED.jsonl.
func TestWorld(t *testing.T) {
	release := worldRelease
	for _, tc := range []struct{ seed, files, lines, estabs, rate string }{
		{"1", "1", "400", "5", "0.05"},
		{"2", "3", "300", "6", "0.1"},
		{"3", "5", "500", "10", "0.05"},
		{"4", "4", "200", "8", "0"},
	} {
		dir := filepath.Join(t.TempDir(), "mes")
		code, out, errOut := runRemessa("", "world", "-sigtap", release, "-o", dir, "-seed", tc.seed, "-files", tc.files,
			"-lines", tc.lines, "-estabs", tc.estabs, "-error-rate", tc.rate)
		if code != 0 || !strings.Contains(out, "mundo gravado em") {
			t.Fatalf("seed %s: exit %d\n%s%s", tc.seed, code, out, errOut)
		}
		bpas, _ := os.ReadDir(filepath.Join(dir, "bpa"))
		if fmt.Sprint(len(bpas)) != tc.files {
			t.Errorf("seed %s: %d files in bpa/, want %s", tc.seed, len(bpas), tc.files)
		}
		if err := checkWorldDir(t, release, dir); err != nil {
			t.Errorf("seed %s: %v", tc.seed, err)
		}
	}
}

// TestWorldSameBytes: the same flags give the same files.
func TestWorldSameBytes(t *testing.T) {
	release := worldRelease
	var sums []string
	for range 2 {
		dir := filepath.Join(t.TempDir(), "mes")
		if code, _, errOut := runRemessa("", "world", "-sigtap", release, "-o", dir, "-files", "3", "-lines", "150", "-estabs", "4", "-error-rate", "0.2"); code != 0 {
			t.Fatal(errOut)
		}
		var all []byte
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				all = append(append(all, rel...), b...)
			}
			return nil
		})
		sums = append(sums, fmt.Sprintf("%x", all))
	}
	if sums[0] != sums[1] {
		t.Error("two runs with the same flags differ")
	}
}

// TestWorldUsage: bad flags are refused before any work (exit 2), and an
// existing non-empty directory is never written into.
func TestWorldUsage(t *testing.T) {
	release := worldRelease
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "keep"), []byte("x"), 0o644)
	out := filepath.Join(dir, "out")
	for _, args := range [][]string{
		{"world"},
		{"world", "-o", out},
		{"world", "-sigtap", release},
		{"world", "-sigtap", release, "-o", out, "-lines", "-5"},
		{"world", "-sigtap", release, "-o", out, "-files", "0"},
		{"world", "-sigtap", release, "-o", out, "-estabs", "-1"},
		{"world", "-sigtap", release, "-o", out, "-error-rate", "1.5"},
		{"world", "-sigtap", release, "-o", out, "-error-rate", "-0.1"},
		{"world", "-sigtap", release, "-o", out, "-error-rate", "NaN"},
		{"world", "-sigtap", release, "-o", out, "-lines", "1000000"},
		{"world", "-sigtap", release, "-o", out, "-files", "6", "-estabs", "5"},
		{"world", "-sigtap", release, "-o", out, "-competencia", "202605"},
		{"world", "-sigtap", release, "-o", out, "-competencia", "2026"},
		{"world", "-sigtap", release, "-o", out, "extra"},
		{"world", "-sigtap", filepath.Join(dir, "nonexistent.zip"), "-o", out},
		{"world", "-sigtap", release, "-o", full},
	} {
		if code, _, _ := runRemessa("", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args[1:], code)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused run wrote its directory")
	}
	if ents, _ := os.ReadDir(full); len(ents) != 1 {
		t.Errorf("the non-empty directory was written into: %d entries", len(ents))
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d entries left next to the output (temporary directories?)", len(ents))
	}
}

// checkWorldDir runs "remessa check -json -sigtap release -cnes dir/cnes
// dir/bpa" and compares its output with dir/EXPECTED.jsonl.
func checkWorldDir(t *testing.T, release, dir string) error {
	t.Helper()
	got := map[string][]remessa.Code{}
	code, out, errOut := runRemessa("", "check", "-json", "-sigtap", release, "-cnes", filepath.Join(dir, "cnes"), filepath.Join(dir, "bpa"))
	if code == 2 {
		return fmt.Errorf("remessa check: exit 2: %s", errOut)
	}
	m, err := readCheckJSON(out, got)
	if err != nil {
		return err
	}
	if want := min(m.Rejected+m.Unverified, 1); code != want {
		return fmt.Errorf("remessa check: exit %d, want %d", code, want)
	}
	if err := remessatest.CompareDir(dir, got, m); err != nil {
		return err
	}
	t.Logf("%d files, %d lines, %d aprovadas, %d rejeitadas, %d não verificadas: as expected", m.FileCount, m.Lines, m.Approved, m.Rejected, m.Unverified)
	return nil
}

// readCheckJSON reads "remessa check -json" of a month: each line's
// críticas into got, the file summaries and the month's summary.
func readCheckJSON(out string, got map[string][]remessa.Code) (*remessa.MonthSummary, error) {
	var m *remessa.MonthSummary
	var files []*remessa.Summary
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		b := sc.Bytes()
		var head struct {
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(b, &head); err != nil {
			return nil, err
		}
		switch head.Kind {
		case "line":
			var r remessa.Result
			if err := json.Unmarshal(b, &r); err != nil {
				return nil, err
			}
			for _, c := range r.Criticas {
				k := fmt.Sprint(r.File, ":", r.Line)
				got[k] = append(got[k], c.Code)
			}
		case "file_summary":
			var s remessa.Summary
			if err := json.Unmarshal(b, &s); err != nil {
				return nil, err
			}
			files = append(files, &s)
		case "summary":
			m = &remessa.MonthSummary{}
			if err := json.Unmarshal(b, m); err != nil {
				return nil, err
			}
		}
	}
	if m == nil {
		return nil, fmt.Errorf("no summary in %d bytes of output", len(out))
	}
	if len(files) == 0 { // a single FILE: its summary is the month's
		s := m.Summary
		files, m.FileCount = []*remessa.Summary{&s}, 1
	}
	m.Files = files
	return m, sc.Err()
}

package docscheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// root returns the module root (the directory of go.mod).
func root(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// doc is one file of docs/: its numbered sections and its anchors.
type doc struct {
	sections map[string]bool // "3", "3.1"
	anchors  map[string]bool // GitHub heading slugs
}

var (
	headingRE = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*$`)
	numberRE  = regexp.MustCompile(`^(\d+(?:\.\d+)*)\.?(?:\s|$)`)
)

// slug is GitHub's anchor for a heading: lower case, punctuation other
// than '-' and '_' dropped, spaces turned into '-'.
func slug(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func readDocs(t *testing.T, dir string) map[string]*doc {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs in %s: %v", dir, err)
	}
	docs := map[string]*doc{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := &doc{sections: map[string]bool{}, anchors: map[string]bool{}}
		fence := false
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "```") {
				fence = !fence
			}
			m := headingRE.FindStringSubmatch(line)
			if fence || m == nil {
				continue
			}
			d.anchors[slug(m[1])] = true
			if n := numberRE.FindStringSubmatch(m[1]); n != nil {
				if d.sections[n[1]] {
					t.Errorf("%s: section %s twice", f, n[1])
				}
				d.sections[n[1]] = true
			}
		}
		docs[filepath.Base(f)] = d
	}
	return docs
}

var (
	// A citation: docs/X.md followed by a run of sections ("§6.1–§6.3",
	// "§6.2 and §10", "§2, §3").
	citeRE   = regexp.MustCompile(`docs/([A-Za-z0-9_-]+\.md)((?:(?:\s*(?:,|;|and|or|–|-)?\s*)§\s*\d+(?:\.\d+)*)*)`)
	sectRE   = regexp.MustCompile(`§\s*(\d+(?:\.\d+)*)`)
	legalRE  = regexp.MustCompile(`(?:Art\.?\s*\d+[º°]?|issue\s*#?\d+|Arts?\.\s*[\d, ]+)\s*§\s*\d+`)
	oldRE    = regexp.MustCompile(`(?:^|[^/\w-])((?:bpa-file|rules|cnes|sigtap|identifiers|style)\.md)`)
	wrapRE   = regexp.MustCompile(`\n[ \t]*//[ \t]?`)
	mdLinkRE = regexp.MustCompile(`\]\(([A-Za-z0-9_./-]*\.md)(?:#([^)\s]+))?\)`)
	mdCiteRE = regexp.MustCompile(`\[([A-Za-z0-9_-]+\.md)\s+§\s*(\d+(?:\.\d+)*)\]`)
)

// lineOf returns the 1-based line of byte offset i in s.
func lineOf(s string, i int) int { return strings.Count(s[:i], "\n") + 1 }

// TestCitations checks every citation of docs/ in the Go files and the
// Markdown files outside docs/.
func TestCitations(t *testing.T) {
	top := root(t)
	docs := readDocs(t, filepath.Join(top, "docs"))
	cited := 0
	err := filepath.WalkDir(top, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(top, path)
		if d.IsDir() {
			// docs/ is checked by TestDocsLinks; this package writes
			// citation syntax in its own text.
			if strings.HasPrefix(d.Name(), ".") && rel != "." || rel == "docs" || rel == filepath.Join("internal", "docscheck") {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(path)
		if ext != ".go" && ext != ".md" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// Comments wrap citations over lines: join them.
		text := wrapRE.ReplaceAllString(string(b), " ")
		raw := string(b)
		covered := make([]bool, len(text))
		for _, m := range citeRE.FindAllStringSubmatchIndex(text, -1) {
			name := text[m[2]:m[3]]
			dd, ok := docs[name]
			if !ok {
				t.Errorf("%s: cites docs/%s, which does not exist", rel, name)
				continue
			}
			cited++
			for i := m[0]; i < m[1]; i++ {
				covered[i] = true
			}
			for _, s := range sectRE.FindAllStringSubmatch(text[m[4]:m[5]], -1) {
				if !dd.sections[s[1]] {
					t.Errorf("%s: cites docs/%s §%s, which has no such section", rel, name, s[1])
				}
			}
		}
		for _, m := range legalRE.FindAllStringIndex(text, -1) {
			for i := m[0]; i < m[1]; i++ {
				covered[i] = true
			}
		}
		if ext == ".go" {
			for i := 0; i < len(text); {
				j := strings.Index(text[i:], "§")
				if j < 0 {
					break
				}
				i += j
				if !covered[i] {
					t.Errorf("%s: a bare %q cites no file: write docs/X.md §N", rel, text[i:min(len(text), i+8)])
				}
				i += len("§")
			}
		}
		for _, m := range oldRE.FindAllStringSubmatchIndex(raw, -1) {
			t.Errorf("%s:%d: cites %s, which is not in the repository: cite docs/", rel, lineOf(raw, m[2]), raw[m[2]:m[3]])
		}
		if ext == ".md" {
			checkLinks(t, rel, raw, filepath.Dir(path), docs, top)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cited < 50 {
		t.Errorf("only %d citations found: the scan is broken", cited)
	}
}

// TestDocsLinks checks the links between the documents, and the "[x.md
// §N]" texts of those links.
func TestDocsLinks(t *testing.T) {
	top := root(t)
	dir := filepath.Join(top, "docs")
	docs := readDocs(t, dir)
	for name := range docs {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		checkLinks(t, "docs/"+name, string(b), dir, docs, top)
		for _, m := range mdCiteRE.FindAllStringSubmatch(string(b), -1) {
			if d, ok := docs[m[1]]; !ok || !d.sections[m[2]] {
				t.Errorf("docs/%s: [%s §%s] names no such section", name, m[1], m[2])
			}
		}
	}
	want := []string{"README.md", "bpa.md", "cnes.md", "identifiers.md", "rules.md", "sigtap.md"}
	var got []string
	for n := range docs {
		got = append(got, n)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("docs/ holds %v, want %v", got, want)
	}
}

// checkLinks checks the relative Markdown links of a file in dir: the
// target exists and, for a link into docs/, the anchor is a heading.
func checkLinks(t *testing.T, rel, text, dir string, docs map[string]*doc, top string) {
	t.Helper()
	for _, m := range mdLinkRE.FindAllStringSubmatch(text, -1) {
		target := filepath.Join(dir, m[1])
		if _, err := os.Stat(target); err != nil {
			t.Errorf("%s: link to %s: %v", rel, m[1], err)
			continue
		}
		if m[2] == "" || filepath.Dir(target) != filepath.Join(top, "docs") {
			continue
		}
		if d := docs[filepath.Base(target)]; d == nil || !d.anchors[m[2]] {
			t.Errorf("%s: link to %s#%s: no such heading", rel, m[1], m[2])
		}
	}
}

// The checker must catch what it is for.
func TestCheckerCatches(t *testing.T) {
	docs := map[string]*doc{"bpa.md": {sections: map[string]bool{"3": true, "3.1": true}}}
	for _, tc := range []struct {
		text string
		bad  []string
	}{
		{"see docs/bpa.md §3.1 and §3", nil},
		{"see docs/bpa.md §3.2", []string{"3.2"}},
		{"see docs/bpa.md §3.1–§4", []string{"4"}},
		{"see docs/nope.md §1", []string{"nope.md"}},
	} {
		var bad []string
		for _, m := range citeRE.FindAllStringSubmatch(tc.text, -1) {
			d, ok := docs[m[1]]
			if !ok {
				bad = append(bad, m[1])
				continue
			}
			for _, s := range sectRE.FindAllStringSubmatch(m[2], -1) {
				if !d.sections[s[1]] {
					bad = append(bad, s[1])
				}
			}
		}
		if !slices.Equal(bad, tc.bad) {
			t.Errorf("%q: flagged %v, want %v", tc.text, bad, tc.bad)
		}
	}
	if !oldRE.MatchString("(bpa-file.md §6)") || oldRE.MatchString("docs/bpa.md") || oldRE.MatchString("cnes/README.md") {
		t.Error("oldRE")
	}
	if got := slug("6.2 SIA's messages"); got != "62-sias-messages" {
		t.Errorf("slug = %q", got)
	}
}

package remessa_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/go-sus/sus/internal/ptbr"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
)

// People read the reports in Portuguese: no English word may appear in the
// text or HTML report, nor in the message, facts or explicacao of the JSON
// lines, for the demo file checked with the full world, without CNES, as
// a remessa of two files, and damaged.
func TestReportsInPortuguese(t *testing.T) {
	set, reg := demoWorld(t)
	data, _, err := remessatest.BuildDemo()
	if err != nil {
		t.Fatal(err)
	}
	// A damaged copy: a short BPA-I line, a line of unknown type and a
	// line ending in LF only (the header counts no longer match).
	damaged := append(bytes.TrimRight(bytes.Clone(data), "\r\n"), "\r\n03"+strings.Repeat("0", 100)+"\r\n99XYZ\n"...)

	type run struct {
		name  string
		ck    *remessa.Checker
		files map[string][]byte // name → content, in order of names
		names []string
	}
	runs := []run{
		{"demo", &remessa.Checker{SIGTAP: set, CNES: reg}, map[string][]byte{"PADEMO.JAN": data}, []string{"PADEMO.JAN"}},
		{"without CNES", &remessa.Checker{SIGTAP: set, AllowMissing: []remessa.Source{remessa.FonteCNES}},
			map[string][]byte{"PADEMO.JAN": data}, []string{"PADEMO.JAN"}},
		{"damaged", &remessa.Checker{SIGTAP: set, CNES: reg}, map[string][]byte{"PADEMO.JAN": damaged}, []string{"PADEMO.JAN"}},
		{"remessa of two files", &remessa.Checker{SIGTAP: set, CNES: reg},
			map[string][]byte{"PADEMO.JAN": data, "PACOPIA.FEV": data}, []string{"PADEMO.JAN", "PACOPIA.FEV"}},
	}
	for _, r := range runs {
		var text, html, js bytes.Buffer
		jw := remessa.NewJSONLinesWriter(&js)
		emit := func(res *remessa.Result) error { return jw.WriteResult(res) }
		if len(r.names) == 1 {
			sum, err := r.ck.Check(bytes.NewReader(r.files[r.names[0]]), emit)
			if err != nil {
				t.Fatalf("%s: %v", r.name, err)
			}
			sum.File = r.names[0]
			if err := jw.WriteSummary(sum); err != nil {
				t.Fatal(err)
			}
			if err := remessa.WriteText(&text, sum); err != nil {
				t.Fatal(err)
			}
			if err := remessa.WriteHTML(&html, sum); err != nil {
				t.Fatal(err)
			}
		} else {
			var in []remessa.Input
			for _, n := range r.names {
				in = append(in, remessa.ReaderInput(n, bytes.NewReader(r.files[n])))
			}
			m, err := r.ck.CheckFiles(context.Background(), in, emit, jw.WriteFileSummary)
			if err != nil {
				t.Fatalf("%s: %v", r.name, err)
			}
			if err := jw.WriteMonthSummary(m); err != nil {
				t.Fatal(err)
			}
			if err := remessa.WriteMonthText(&text, m); err != nil {
				t.Fatal(err)
			}
			if err := remessa.WriteMonthHTML(&html, m); err != nil {
				t.Fatal(err)
			}
		}
		people := map[string]string{"text report": text.String(), "HTML report": visibleHTML(html.String())}
		for k, v := range jsonTexts(t, js.Bytes()) {
			people["JSON "+k] = v
		}
		for what, s := range people {
			for _, line := range strings.Split(s, "\n") {
				if w := ptbr.English(line); len(w) > 0 {
					t.Errorf("%s, %s: English %q in %q", r.name, what, w, line)
				}
			}
		}
		if !strings.Contains(js.String(), `"facts"`) || !strings.Contains(js.String(), `"explicacao"`) {
			t.Errorf("%s: the JSON lines carry no facts or explicacao: the scan would see nothing", r.name)
		}
	}
}

// jsonTexts collects what people read in JSON lines: every "message",
// "facts" and "explicacao", at any depth, by key.
func jsonTexts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && (k == "message" || k == "facts" || k == "explicacao") {
					out[k] += s + "\n"
					continue
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		walk(v)
	}
	return out
}

var (
	styleRE = regexp.MustCompile(`(?s)<style>.*?</style>`)
	tagRE   = regexp.MustCompile(`<[^>]*>`)
)

// visibleHTML returns the text of an HTML page: no style sheet, no tags.
func visibleHTML(s string) string {
	s = styleRE.ReplaceAllString(s, "")
	return tagRE.ReplaceAllString(s, "\n")
}

package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestPrefix mounts the handler under a prefix with http.StripPrefix, as
// a clinic's application would, and follows every link and form of its
// pages through a real HTTP server: each stays under the prefix and
// answers.
func TestPrefix(t *testing.T) {
	_, _, data := demoSources(t)
	h := newDemo(t, &Options{Samples: []Sample{{Name: "PADEMO.JAN", Data: data}}})
	mux := http.NewServeMux()
	mux.Handle("/clinica/bpa/", http.StripPrefix("/clinica/bpa", h))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the prefix: %s %s", r.Method, r.URL)
		http.NotFound(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base := srv.URL + "/clinica/bpa/"

	// The prefix without its slash goes to the prefix with it.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(srv.URL + "/clinica/bpa")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc, _ := resp.Location(); resp.StatusCode/100 != 3 || loc == nil || loc.String() != base {
		t.Errorf("GET /clinica/bpa: %d %v, want a redirect to %s", resp.StatusCode, loc, base)
	}

	// Post the demo file from the form page, as a browser does.
	form := fetch(t, base)
	action := attr(t, form, `<form method="post" action="([^"]+)" enctype`)
	target := resolve(t, base, action)
	if target != base+"check" {
		t.Fatalf("form posts to %s", target)
	}
	body, ct := multipartBody(t, part{"files", "PADEMO.JAN", data})
	req, _ := http.NewRequest("POST", target, body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err = http.DefaultClient.Do(req) // follows the 303
	if err != nil {
		t.Fatal(err)
	}
	report, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Request.URL.String(), base+"r/") {
		t.Fatalf("after POST: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	reportURL := resp.Request.URL.String()
	if got := text(t, string(report), "n-aprovadas"); got != "27" {
		t.Errorf("aprovadas %s", got)
	}

	// Follow every link of the form page, the report and a lookup page.
	seen := map[string]bool{}
	for _, page := range []string{base, reportURL, base + "procedimento/0301010072", base + "estabelecimento/9990001"} {
		for _, l := range links(t, fetch(t, page)) {
			if strings.HasPrefix(l, "data:") {
				continue // the empty icon, inline
			}
			u := resolve(t, page, l)
			if !strings.HasPrefix(u, base) {
				t.Errorf("%s links to %s, outside %s", page, l, base)
				continue
			}
			if seen[u] || strings.HasSuffix(u, "/apagar") || strings.HasSuffix(u, "/check") {
				continue
			}
			seen[u] = true
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("%s → %s: %d", page, u, resp.StatusCode)
			}
		}
	}
	if len(seen) < 15 {
		t.Errorf("only %d links followed", len(seen))
	}

	// The delete form and its redirect stay under the prefix.
	del := resolve(t, reportURL, attr(t, string(report), `<form method="post" action="([^"]+/apagar)"`))
	req, _ = http.NewRequest("POST", del, nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.String() != base+"?apagado=1" {
		t.Errorf("after apagar: %d at %s", resp.StatusCode, resp.Request.URL)
	}
}

// TestPrefixSlash: mounted with StripPrefix("/p/") (paths without their
// leading slash) the handler still routes.
func TestPrefixSlash(t *testing.T) {
	h := http.StripPrefix("/p/", newDemo(t, nil))
	for p, want := range map[string]int{"/p/": 200, "/p/healthz": 200, "/p/procedimento/0301010072": 200, "/p/nada": 404} {
		if w := get(h, p); w.Code != want {
			t.Errorf("GET %s: %d, want %d", p, w.Code, want)
		}
	}
}

func fetch(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	return string(b)
}

func attr(t *testing.T, page, re string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no %s in the page", re)
	}
	return m[1]
}

// links returns the href, src and action attributes of a page.
func links(t *testing.T, page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?:href|src|action)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		out = append(out, strings.ReplaceAll(m[1], "&amp;", "&"))
	}
	return out
}

func resolve(t *testing.T, page, ref string) string {
	t.Helper()
	b, err := url.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	r, err := url.Parse(ref)
	if err != nil {
		t.Fatalf("link %q: %v", ref, err)
	}
	u := b.ResolveReference(r)
	u.Fragment = ""
	return u.String()
}

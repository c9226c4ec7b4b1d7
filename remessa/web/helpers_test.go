package web

import (
	"bytes"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

// The demo world: loaded once. demoSources is the only place that names
// the demo data's package.
var (
	demoOnce sync.Once
	demoSet  *sigtap.Set
	demoReg  *cnes.Registry
	demoBPA  []byte
	demoErr  error
)

func demoSources(t testing.TB) (*sigtap.Set, *cnes.Registry, []byte) {
	t.Helper()
	demoOnce.Do(func() {
		demoSet, demoErr = sigtap.LoadSet(demo.SIGTAP(), nil)
		if demoErr != nil {
			return
		}
		demoReg, _ = cnes.NewRegistry()
		for _, c := range []string{"202512", "202601"} {
			sub, _ := fs.Sub(demo.FS, "cnes/"+c)
			s, err := cnes.Load(sub, nil)
			if err != nil {
				demoErr = err
				return
			}
			if demoErr = demoReg.Add(s); demoErr != nil {
				return
			}
		}
		demoBPA, demoErr = fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoSet, demoReg, demoBPA
}

// newDemo returns a handler on the demo world.
func newDemo(t testing.TB, opts *Options) *Handler {
	t.Helper()
	set, reg, _ := demoSources(t)
	if opts == nil {
		opts = &Options{}
	}
	if opts.TempDir == "" {
		opts.TempDir = t.TempDir()
	}
	h, err := New(set, reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h
}

// part is one part of a multipart body.
type part struct {
	field, file string
	data        []byte
}

// multipartBody builds a multipart/form-data body.
func multipartBody(t testing.TB, parts ...part) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.file != "" || p.field == "files" {
			w, err = mw.CreateFormFile(p.field, p.file)
		} else {
			w, err = mw.CreateFormField(p.field)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// serve runs one request through h.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// postFiles posts files to path of h.
func postFiles(t testing.TB, h http.Handler, path string, parts ...part) *httptest.ResponseRecorder {
	t.Helper()
	body, ct := multipartBody(t, parts...)
	r := httptest.NewRequest("POST", path, body)
	r.Header.Set("Content-Type", ct)
	return serve(h, r)
}

// checkDemo posts the demo file to /check and returns the result id.
func checkDemo(t testing.TB, h http.Handler) string {
	t.Helper()
	_, _, data := demoSources(t)
	w := postFiles(t, h, "/check", part{"files", "PADEMO.JAN", data})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("POST /check: %d %s", w.Code, w.Body)
	}
	loc := w.Header().Get("Location")
	if !strings.HasPrefix(loc, "r/") {
		t.Fatalf("POST /check: Location %q", loc)
	}
	return strings.TrimPrefix(loc, "r/")
}

// get runs GET path.
func get(h http.Handler, path string) *httptest.ResponseRecorder {
	return serve(h, httptest.NewRequest("GET", path, nil))
}

// text returns the element of id's text content (the first match).
func text(t testing.TB, body, id string) string {
	t.Helper()
	re := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no element id=%q in the page", id)
	}
	return m[1]
}

// visibleRows counts the rows of the lines table not hidden.
func visibleRows(body string) (shown, hidden int) {
	for _, m := range regexp.MustCompile(`<tr data-cnes="[^"]*" data-prof="[^"]*" data-criticas="[^"]*"( hidden)?>`).FindAllStringSubmatch(body, -1) {
		if m[1] != "" {
			hidden++
		} else {
			shown++
		}
	}
	return
}

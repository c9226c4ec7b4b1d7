package web

import (
	"fmt"
	"net/http"
	"path"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

// Defaults of Options.
const (
	// DefaultMaxUploadBytes caps one upload (the whole request body): a
	// month of a large gestão fits.
	DefaultMaxUploadBytes = 1 << 30
	// DefaultMaxFiles caps the BPA files of one upload.
	DefaultMaxFiles = 200
	// DefaultResultTTL is how long a result stays in memory.
	DefaultResultTTL = 30 * time.Minute
	// DefaultMaxResults caps the results kept at once.
	DefaultMaxResults = 100
	// DefaultMaxResultBytes caps the memory the kept results take
	// (estimated), over all of them.
	DefaultMaxResultBytes = 512 << 20
	// DefaultMaxConcurrent caps the checks and splits running at once.
	DefaultMaxConcurrent = 4
	// DefaultMaxSplitLines caps the lines of a file the server splits
	// into PAB/MAC files (a split holds the file's records in memory,
	// about 1 KB each).
	DefaultMaxSplitLines = 200_000
)

// Options configures a Handler. The zero value gives the defaults.
type Options struct {
	// MaxUploadBytes caps the body of one POST (0: DefaultMaxUploadBytes).
	// A larger upload is refused: 413 and a page saying so (400 and a JSON
	// error on /api/check).
	MaxUploadBytes int64
	// MaxFiles caps the files of one upload (0: DefaultMaxFiles).
	MaxFiles int
	// ResultTTL is how long a result is kept after its check (0:
	// DefaultResultTTL). Then it is dropped from memory.
	ResultTTL time.Duration
	// MaxResults caps the results kept at once (0: DefaultMaxResults);
	// the oldest is dropped first.
	MaxResults int
	// MaxResultBytes caps the estimated memory of the results kept,
	// together (0: DefaultMaxResultBytes); the oldest are dropped first. A
	// result keeps its summary (the lines with ocorrências, up to
	// MaxListed) and the uploaded files compressed, for the downloads; when
	// the files do not fit, the result is kept without them and the page
	// says which downloads are unavailable.
	MaxResultBytes int64
	// MaxConcurrent caps the checks, re-checks and splits running at once
	// (0: DefaultMaxConcurrent); further requests wait for a slot. With
	// MaxUploadBytes and MaxResultBytes it bounds the memory the handler
	// uses.
	MaxConcurrent int
	// MaxSplitLines caps the lines of one file that the split download
	// handles (0: DefaultMaxSplitLines); a larger file is left out of the
	// ZIP, with a note (split it with the remessa split command).
	MaxSplitLines int

	// DiscardUploads keeps no copy of the uploaded files in the results:
	// the page then offers neither the JSON lines nor the split files
	// (the HTML report stays), a result holds only its summary, and an
	// upload costs no more than the check (the copy is compressed while
	// the check runs, at about 140 MB/s per core, on the cores the check
	// leaves idle).
	DiscardUploads bool

	// Workers, Disable, AllowMissing, MaxListed and Financiamento are the
	// remessa.Checker fields of the same names.
	Workers       int
	Disable       []remessa.Code
	AllowMissing  []remessa.Source
	MaxListed     int
	Financiamento remessa.FinanciamentoOptions

	// TempDir is where uploaded files are spilled while they are checked
	// ("" is os.TempDir()). Every file is removed before the response
	// ends.
	TempDir string
	// TrustedOrigins lists origins ("https://clinica.example") whose
	// cross-origin POSTs are accepted, for a handler mounted behind a
	// proxy that changes the Host header. By default a POST whose
	// Sec-Fetch-Site or Origin says it comes from another origin is
	// refused (403).
	TrustedOrigins []string
	// Samples are BPA files offered on the form page, to try the page
	// without a file of one's own (the demo world's file, for instance).
	Samples []Sample
}

// Sample is a BPA file the form page offers to check and to download.
type Sample struct {
	// Name is the file name (PADEMO.JAN): letters, digits, '.', '-' and
	// '_' only.
	Name string
	// Data is the file's content.
	Data []byte
}

// Handler serves the pages and the API; see the package documentation for
// the routes. It is safe for concurrent use. Create it with New.
type Handler struct {
	set   *sigtap.Set
	reg   *cnes.Registry
	opts  Options
	ck    remessa.Checker
	mux   *http.ServeMux
	cop   *http.CrossOriginProtection
	store *store
	sem   chan struct{}
	info  loadedInfo
}

// Content-Security-Policy of the pages: nothing is loaded from anywhere
// but the handler itself, no inline script or style runs, no page frames
// them and forms post only to the handler.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// cspReport is the policy of the downloaded HTML report: its own inline
// CSS and nothing else, sandboxed.
const cspReport = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"

// New returns the handler of a page that checks BPA files against set
// and reg. set and reg must not change while the handler runs. Like
// remessa.Checker, it fails closed: without SIGTAP releases (or CNES
// snapshots) it returns remessa.ErrNoSIGTAP (remessa.ErrNoCNES) unless
// opts.AllowMissing names the source.
func New(set *sigtap.Set, reg *cnes.Registry, opts *Options) (*Handler, error) {
	var o Options
	if opts != nil {
		o = *opts
		o.Disable = slices.Clone(o.Disable)
		o.AllowMissing = slices.Clone(o.AllowMissing)
		o.Samples = slices.Clone(o.Samples)
	}
	if (set == nil || len(set.Competencias()) == 0) && !slices.Contains(o.AllowMissing, remessa.FonteSIGTAP) {
		return nil, remessa.ErrNoSIGTAP
	}
	if (reg == nil || len(reg.Competencias()) == 0) && !slices.Contains(o.AllowMissing, remessa.FonteCNES) {
		return nil, remessa.ErrNoCNES
	}
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxUploadBytes, DefaultMaxUploadBytes)
	def(&o.MaxResultBytes, DefaultMaxResultBytes)
	defInt(&o.MaxFiles, DefaultMaxFiles)
	defInt(&o.MaxResults, DefaultMaxResults)
	defInt(&o.MaxConcurrent, DefaultMaxConcurrent)
	defInt(&o.MaxSplitLines, DefaultMaxSplitLines)
	if o.ResultTTL <= 0 {
		o.ResultTTL = DefaultResultTTL
	}
	for _, s := range o.Samples {
		if !validSampleName(s.Name) {
			return nil, fmt.Errorf("web: sample name %q: use letters, digits, '.', '-' and '_'", s.Name)
		}
	}
	h := &Handler{
		set: set, reg: reg, opts: o,
		ck: remessa.Checker{SIGTAP: set, CNES: reg, AllowMissing: o.AllowMissing, Disable: o.Disable,
			Workers: o.Workers, MaxListed: o.MaxListed, Financiamento: o.Financiamento},
		cop:   http.NewCrossOriginProtection(),
		store: newStore(o.MaxResults, o.MaxResultBytes, o.ResultTTL),
		sem:   make(chan struct{}, o.MaxConcurrent),
	}
	if h.ck.Workers <= 0 {
		h.ck.Workers = runtime.GOMAXPROCS(0)
	}
	for _, origin := range o.TrustedOrigins {
		if err := h.cop.AddTrustedOrigin(origin); err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
	}
	h.info = newLoadedInfo(set, reg)
	h.routes()
	return h, nil
}

func validSampleName(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '.' {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Close drops every result kept in memory. The handler still serves
// afterwards (with no results); call it when the server shuts down.
func (h *Handler) Close() { h.store.clear() }

func (h *Handler) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", h.index)
	m.HandleFunc("GET /check", func(w http.ResponseWriter, r *http.Request) { redirect(w, r, "./") })
	m.HandleFunc("POST /check", h.check)
	m.HandleFunc("GET /r/{id}", h.report)
	m.HandleFunc("GET /r/{id}/linhas.jsonl", h.downloadJSON)
	m.HandleFunc("GET /r/{id}/relatorio.html", h.downloadHTML)
	m.HandleFunc("GET /r/{id}/separados.zip", h.downloadSplit)
	m.HandleFunc("POST /r/{id}/apagar", h.deleteResult)
	m.HandleFunc("POST /api/check", h.apiCheck)
	m.HandleFunc("GET /procedimento/{code}", h.procedimento)
	m.HandleFunc("GET /estabelecimento/{cnes}", h.estabelecimento)
	m.HandleFunc("GET /healthz", h.healthz)
	m.HandleFunc("GET /static/{name}", serveStatic)
	m.HandleFunc("GET /exemplo/{name}", h.sample)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.errorPage(w, r, http.StatusMethodNotAllowed, "Método não permitido", "O endereço "+r.URL.Path+" não aceita "+r.Method+".")
			return
		}
		h.errorPage(w, r, http.StatusNotFound, "Página não encontrada", "O endereço "+r.URL.Path+" não existe nesta página.")
	})
	h.mux = m
}

// ServeHTTP serves a request. Every response carries the
// Content-Security-Policy and the other protective headers; a POST from
// another origin is refused before it is read.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("Cache-Control", "no-store")
	if r.URL.Path == "" && !strings.HasSuffix(requestPath(r), "/") {
		// Mounted with http.StripPrefix("/prefix", h) and asked for
		// "/prefix": send the browser to "/prefix/" so that relative links
		// resolve under the prefix.
		last := path.Base(requestPath(r))
		if last == "." || last == "/" || last == "" {
			last = "."
		}
		redirect(w, r, last+"/")
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/") {
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + r.URL.Path
		r2.URL.RawPath = ""
		r = r2
	}
	if err := h.cop.Check(r); err != nil {
		h.refuse(w, r, http.StatusForbidden, "origem", "Pedido recusado: o envio veio de outra página (outra origem). "+
			"Abra esta página diretamente e envie os arquivos por ela.")
		return
	}
	h.mux.ServeHTTP(w, r)
}

// requestPath is the path the client asked for, before any StripPrefix.
func requestPath(r *http.Request) string {
	p := r.RequestURI
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if p == "" {
		p = r.URL.Path
	}
	return p
}

// root returns the relative path from the page at r back to the
// handler's root ("./", "../", "../../"): every link is relative, so the
// handler works under any prefix.
func root(r *http.Request) string {
	n := strings.Count(r.URL.Path, "/") - 1
	if n <= 0 {
		return "./"
	}
	return strings.Repeat("../", n)
}

// redirect answers 303 See Other with a Location relative to the request
// (http.Redirect would make it absolute from the stripped path, losing a
// mount prefix).
func redirect(w http.ResponseWriter, r *http.Request, loc string) {
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusSeeOther)
}

// acquire takes a slot for a heavy operation, waiting while
// MaxConcurrent are running; it fails when the request ends first.
func (h *Handler) acquire(r *http.Request) (func(), error) {
	select {
	case h.sem <- struct{}{}:
		return func() { <-h.sem }, nil
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}

// isAPI reports whether r is a request of the machine interface.
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz"
}

// refuse answers a refused request: a page, or a JSON error on the API.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	if isAPI(r) {
		writeJSONError(w, status, code, msg)
		return
	}
	title := http.StatusText(status)
	switch status {
	case http.StatusForbidden:
		title = "Pedido recusado"
	case http.StatusRequestEntityTooLarge:
		title = "Envio grande demais"
	case http.StatusBadRequest:
		title = "Não foi possível verificar"
	}
	h.errorPage(w, r, status, title, msg)
}

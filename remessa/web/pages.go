package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// page holds what the layout of every page needs.
type page struct {
	// Root is the relative path back to the handler's root.
	Root  string
	Title string
}

var funcs = template.FuncMap{
	"brl":  remessa.FormatBRL,
	"plus": func(a, b int) int { return a + b },
	"fin": func(f sigtap.Financiamento) string {
		if f == 0 {
			return "—"
		}
		return f.String()
	},
	"num":  formatInt,
	"dec":  func(d decimal.Decimal) string { return strings.Replace(d.StringFixed(2), ".", ",", 1) },
	"hora": func(t time.Time) string { return t.Format("15:04") },
	"size": FormatSize,
	"dur":  durationPT,
	"w":    func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
	"comp": func(c sigtap.Competencia) string {
		if !c.Valid() {
			return "—"
		}
		return c.Format()
	},
	"fs": func(folha, seq int) string { return pad(folha, 3) + "/" + pad(seq, 2) },
}

// templates maps a page name to its template (the layout plus the page).
var templates = func() map[string]*template.Template {
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	out := map[string]*template.Template{}
	names, _ := fs.Glob(templateFS, "templates/*.html")
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		out[base] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, n))
	}
	return out
}()

// render writes page name with data v. The page is rendered to memory
// first, so that a template error is a clean 500.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, v any) {
	var b bytes.Buffer
	if err := templates[name].ExecuteTemplate(&b, "layout.html", v); err != nil {
		log.Printf("web: page %s: %v", name, err)
		http.Error(w, "erro interno ao montar a página", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}

// errorView is the page of an error.
type errorView struct {
	page
	Status  int
	Message string
}

// errorPage answers status with a page saying msg.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	h.render(w, r, status, "error", &errorView{page: page{Root: root(r), Title: title}, Status: status, Message: msg})
}

// loadedInfo describes the loaded data for the form page and /healthz.
type loadedInfo struct {
	SIGTAP []sigtapInfo `json:"sigtap"`
	CNES   []cnesInfo   `json:"cnes"`
}

type sigtapInfo struct {
	Competencia string `json:"competencia"`
	Release     string `json:"release"`
	Generation  string `json:"generation"`
	Procedures  int    `json:"procedures"`
	// Format is the competência as MM/AAAA, for the page.
	Format string `json:"-"`
}

type cnesInfo struct {
	Competencia      string `json:"competencia"`
	Estabelecimentos int    `json:"estabelecimentos"`
	Vinculos         int    `json:"vinculos"`
	Equipes          int    `json:"equipes"`
	Format           string `json:"-"`
}

func newLoadedInfo(set *sigtap.Set, reg *cnes.Registry) loadedInfo {
	info := loadedInfo{SIGTAP: []sigtapInfo{}, CNES: []cnesInfo{}}
	if set != nil {
		for _, c := range set.Competencias() {
			rel, ok := set.ForCompetencia(c)
			if !ok {
				continue
			}
			info.SIGTAP = append(info.SIGTAP, sigtapInfo{Competencia: c.String(), Release: rel.Name(),
				Generation: rel.Generation().String(), Procedures: len(rel.Procedures()), Format: c.Format()})
		}
	}
	if reg != nil {
		for _, c := range reg.Competencias() {
			n := reg.At(c).Counts()
			info.CNES = append(info.CNES, cnesInfo{Competencia: c.String(), Estabelecimentos: n.Estabelecimentos,
				Vinculos: n.Vinculos, Equipes: n.Equipes, Format: c.Format()})
		}
	}
	return info
}

// indexView is the form page.
type indexView struct {
	page
	Info      loadedInfo
	MaxUpload int64
	MaxFiles  int
	TTL       time.Duration
	Samples   []string
	Deleted   bool
	Error     string
}

// index serves GET /: the form.
func (h *Handler) index(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "index", h.indexView(r, ""))
}

func (h *Handler) indexView(r *http.Request, errMsg string) *indexView {
	v := &indexView{page: page{Root: root(r), Title: "Verificar remessa BPA"}, Info: h.info,
		MaxUpload: h.opts.MaxUploadBytes, MaxFiles: h.opts.MaxFiles, TTL: h.opts.ResultTTL,
		Deleted: r.URL.Query().Get("apagado") != "", Error: errMsg}
	for _, s := range h.opts.Samples {
		v.Samples = append(v.Samples, s.Name)
	}
	return v
}

// sample serves GET /exemplo/{name}: a Sample's file.
func (h *Handler) sample(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	for _, s := range h.opts.Samples {
		if s.Name == name {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Disposition", `attachment; filename="`+s.Name+`"`)
			w.Write(s.Data)
			return
		}
	}
	h.errorPage(w, r, http.StatusNotFound, "Exemplo não encontrado", "Não há arquivo de exemplo "+name+" nesta página.")
}

// serveStatic serves the embedded CSS and script.
func serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	b, err := staticFS.ReadFile("static/" + name)
	if err != nil || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	switch {
	case strings.HasSuffix(name, ".css"):
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case strings.HasSuffix(name, ".js"):
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

// formatInt writes n with Brazilian thousands separators: 999.999.
func formatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func pad(n, w int) string {
	s := strconv.Itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

package web

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

func TestNewFailsClosed(t *testing.T) {
	set, reg, _ := demoSources(t)
	if _, err := New(nil, reg, nil); !errors.Is(err, remessa.ErrNoSIGTAP) {
		t.Errorf("New without SIGTAP: %v, want ErrNoSIGTAP", err)
	}
	if _, err := New(set, nil, nil); !errors.Is(err, remessa.ErrNoCNES) {
		t.Errorf("New without CNES: %v, want ErrNoCNES", err)
	}
	if _, err := New(set, nil, &Options{AllowMissing: []remessa.Source{remessa.FonteCNES}}); err != nil {
		t.Errorf("New with AllowMissing cnes: %v", err)
	}
	if _, err := New(set, reg, &Options{Samples: []Sample{{Name: "../x"}}}); err == nil {
		t.Error("New accepted a sample name with a slash")
	}
	if _, err := New(set, reg, &Options{TrustedOrigins: []string{"not an origin"}}); err == nil {
		t.Error("New accepted an invalid trusted origin")
	}
}

func TestIndex(t *testing.T) {
	h := newDemo(t, &Options{Samples: []Sample{{Name: "PADEMO.JAN", Data: []byte("x")}}})
	w := get(h, "/")
	if w.Code != 200 {
		t.Fatalf("GET /: %d", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{
		`action="./check"`, `enctype="multipart/form-data"`, `name="files"`, `multiple`,
		"12/2025", "01/2026", "TabelaUnificada_202601_v2601221740", // SIGTAP loaded
		`<td>01/2026</td><td class="n">7</td>`, // CNES snapshot: 7 establishments
		`src="./static/app.js"`, `href="./static/app.css"`,
		"Verificar o exemplo PADEMO.JAN", `href="./exemplo/PADEMO.JAN"`,
		"1 GB e 200 arquivos", "30 minutos",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET / lacks %q", want)
		}
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if w := get(h, "/exemplo/PADEMO.JAN"); w.Code != 200 || w.Body.String() != "x" {
		t.Errorf("GET /exemplo/PADEMO.JAN: %d %q", w.Code, w.Body)
	}
	if w := get(h, "/exemplo/OUTRO.JAN"); w.Code != 404 {
		t.Errorf("GET /exemplo/OUTRO.JAN: %d", w.Code)
	}
	// GET /check (a reload of the form's target) goes back to the form.
	if w := get(h, "/check"); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "./" {
		t.Errorf("GET /check: %d %q", w.Code, w.Header().Get("Location"))
	}
}

func TestStatic(t *testing.T) {
	h := newDemo(t, nil)
	for name, ct := range map[string]string{"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"} {
		w := get(h, "/static/"+name)
		if w.Code != 200 || w.Header().Get("Content-Type") != ct || w.Body.Len() < 500 {
			t.Errorf("GET /static/%s: %d %q %d bytes", name, w.Code, w.Header().Get("Content-Type"), w.Body.Len())
		}
	}
	if w := get(h, "/static/nada.js"); w.Code != 404 {
		t.Errorf("GET /static/nada.js: %d", w.Code)
	}
}

// TestCheckDemo uploads the demo file and reads its report: the demo's
// known counts (PLANTED.md) and values.
func TestCheckDemo(t *testing.T) {
	h := newDemo(t, nil)
	id := checkDemo(t, h)
	if len(id) != 22 {
		t.Errorf("id %q: want 22 characters (128 bits)", id)
	}
	w := get(h, "/r/"+id)
	if w.Code != 200 {
		t.Fatalf("GET /r/%s: %d", id, w.Code)
	}
	body := w.Body.String()
	for id, want := range map[string]string{
		"n-linhas": "47", "n-aprovadas": "27", "n-rejeitadas": "20", "n-nao-verificadas": "0",
		"v-aprovado": "R$ 5.297,53", "v-rejeitado": "R$ 2.178,53", "v-nao-verificado": "R$ 0,00",
		"n-mostradas": "20",
	} {
		if got := text(t, body, id); got != want {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
	for _, want := range []string{
		"competência 01/2026", "Valor por financiamento", "06 Média e Alta Complexidade (MAC)",
		"Principais motivos de rejeição", "SERVICO_NAO_CADASTRADO", "PROCED.EXIGE SERV./CLASS. NAO CADAST. NO CNES",
		`href="../r/` + id + `/linhas.jsonl"`, `href="../r/` + id + `/relatorio.html"`, `href="../r/` + id + `/separados.zip"`,
		`href="../procedimento/0207010064?competencia=202601"`, `href="../estabelecimento/9990001?competencia=202601"`,
		`<option value="9990001">9990001 (9)</option>`, `<option value="CBO_INCOMPATIVEL">`,
		`action="../r/` + id + `#linhas"`, `action="../r/` + id + `/apagar"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if shown, hidden := visibleRows(body); shown != 20 || hidden != 0 {
		t.Errorf("rows shown %d hidden %d, want 20 and 0", shown, hidden)
	}
}

// TestReportFilters filters the lines by query parameters, as the page
// does without its script.
func TestReportFilters(t *testing.T) {
	h := newDemo(t, nil)
	id := checkDemo(t, h)
	for _, c := range []struct {
		query string
		shown int
	}{
		{"", 20},
		{"?critica=CBO_INCOMPATIVEL", 1},
		{"?critica=SERVICO_NAO_CADASTRADO", 3},
		{"?cnes=9990001", 9},
		{"?cnes=9990001&critica=CBO_INCOMPATIVEL", 1},
		{"?cnes=9990002&critica=CBO_INCOMPATIVEL", 0},
		{"?profissional=-", 2}, // BPA-C lines
		{"?profissional=" + strings.ReplaceAll("*** **** **** 0001", " ", "+"), 8},
		{"?critica=NAO_EXISTE", 0},
		{"?critica=" + strings.Repeat("X", 500), 0},
	} {
		w := get(h, "/r/"+id+c.query)
		if w.Code != 200 {
			t.Fatalf("%s: %d", c.query, w.Code)
		}
		body := w.Body.String()
		shown, hidden := visibleRows(body)
		if shown != c.shown || shown+hidden != 20 {
			t.Errorf("%s: %d rows shown, %d hidden; want %d shown of 20", c.query, shown, hidden, c.shown)
		}
		if got := text(t, body, "n-mostradas"); got != itoa(int64(c.shown)) {
			t.Errorf("%s: count shown %q, want %d", c.query, got, c.shown)
		}
	}
	// The chosen option is selected, so the form shows the filter.
	body := get(h, "/r/"+id+"?cnes=9990001").Body.String()
	if !strings.Contains(body, `<option value="9990001" selected>`) {
		t.Error("the filtered establishment is not selected in the form")
	}
}

// TestDownloads checks that each download is what the library writes.
func TestDownloads(t *testing.T) {
	h := newDemo(t, nil)
	set, reg, data := demoSources(t)
	id := checkDemo(t, h)

	// JSON lines: byte for byte what the library writes for the set.
	w := get(h, "/r/"+id+"/linhas.jsonl")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("linhas.jsonl: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="remessa-202601.jsonl"` {
		t.Errorf("linhas.jsonl Content-Disposition %q", cd)
	}
	want := libraryJSON(t, set, reg, remessa.ReaderInput("PADEMO.JAN", bytes.NewReader(data)))
	if w.Body.String() != want {
		t.Errorf("linhas.jsonl differs from the library's JSON lines:\n got %d bytes\nwant %d bytes", w.Body.Len(), len(want))
	}

	// HTML report: WriteMonthHTML, with its own policy.
	w = get(h, "/r/"+id+"/relatorio.html")
	ck := &remessa.Checker{SIGTAP: set, CNES: reg}
	m, err := ck.CheckFiles(context.Background(), []remessa.Input{remessa.ReaderInput("PADEMO.JAN", bytes.NewReader(data))}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var hb bytes.Buffer
	remessa.WriteMonthHTML(&hb, m)
	if w.Code != 200 || w.Body.String() != hb.String() {
		t.Errorf("relatorio.html: %d, %d bytes, want WriteMonthHTML's %d", w.Code, w.Body.Len(), hb.Len())
	}
	if got := w.Header().Get("Content-Security-Policy"); got != cspReport {
		t.Errorf("relatorio.html CSP %q", got)
	}

	// Split: the library's split files, plus LEIAME.txt.
	w = get(h, "/r/"+id+"/separados.zip")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("separados.zip: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f, err := bpa.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	sr, err := remessa.Split(f, &remessa.SplitOptions{SIGTAP: set, CNES: reg})
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := map[string][]byte{}
	for _, sf := range sr.Files {
		var b bytes.Buffer
		sf.File.Encode(&b, nil)
		wantFiles[sf.Name.String()] = b.Bytes()
	}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		rc, _ := zf.Open()
		got, _ := io.ReadAll(rc)
		rc.Close()
		if zf.Name == "LEIAME.txt" {
			if !strings.Contains(string(got), "PADEMO.JAN → PADEMOPV.JAN") {
				t.Errorf("LEIAME.txt: %s", got)
			}
			continue
		}
		if !bytes.Equal(got, wantFiles[zf.Name]) {
			t.Errorf("%s differs from remessa.Split's", zf.Name)
		}
		delete(wantFiles, zf.Name)
	}
	if len(wantFiles) > 0 || !slices.Contains(names, "LEIAME.txt") {
		t.Errorf("zip holds %v; missing %d split files", names, len(wantFiles))
	}

	// Unknown ids are not found.
	for _, p := range []string{"/r/xyz", "/r/xyz/linhas.jsonl", "/r/xyz/relatorio.html", "/r/xyz/separados.zip"} {
		if w := get(h, p); w.Code != 404 || !strings.Contains(w.Body.String(), "Resultado não encontrado") {
			t.Errorf("GET %s: %d", p, w.Code)
		}
	}
}

// libraryJSON is the JSON lines of a set as the library writes them.
func libraryJSON(t testing.TB, set *sigtap.Set, reg *cnes.Registry, ins ...remessa.Input) string {
	t.Helper()
	var b bytes.Buffer
	jw := remessa.NewJSONLinesWriter(&b)
	ck := &remessa.Checker{SIGTAP: set, CNES: reg}
	m, err := ck.CheckFiles(context.Background(), ins, jw.WriteResult, jw.WriteFileSummary)
	if err != nil {
		t.Fatal(err)
	}
	jw.WriteMonthSummary(m)
	return b.String()
}

// jsonLines decodes a JSON lines body.
func jsonLines(t testing.TB, body string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func TestAPICheck(t *testing.T) {
	h := newDemo(t, nil)
	set, reg, data := demoSources(t)

	// Raw body.
	r := httptest.NewRequest("POST", "/api/check?nome=PADEMO.JAN", bytes.NewReader(data))
	r.Header.Set("Content-Type", "application/octet-stream")
	w := serve(h, r)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("raw: %d %q %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if want := libraryJSON(t, set, reg, remessa.ReaderInput("PADEMO.JAN", bytes.NewReader(data))); w.Body.String() != want {
		t.Error("raw: the JSON lines differ from the library's")
	}
	lines := jsonLines(t, w.Body.String())
	last := lines[len(lines)-1]
	if last["kind"] != "summary" || last["files"] != 1.0 || last["approved"] != 27.0 || last["rejected"] != 20.0 {
		t.Errorf("raw: summary %v", last)
	}

	// Multipart, two files: per-file lines and file_summary, then the
	// month.
	other := bytes.Clone(data)
	w = postFiles(t, h, "/api/check", part{"files", "PADEMO.JAN", data}, part{"files", "PADEMO2.JAN", other})
	if w.Code != 200 {
		t.Fatalf("multipart: %d %s", w.Code, w.Body)
	}
	if want := libraryJSON(t, set, reg, remessa.ReaderInput("PADEMO.JAN", bytes.NewReader(data)),
		remessa.ReaderInput("PADEMO2.JAN", bytes.NewReader(other))); w.Body.String() != want {
		t.Error("multipart: the JSON lines differ from the library's")
	}
	kinds := map[string]int{}
	var fileSummaries []string
	for _, l := range jsonLines(t, w.Body.String()) {
		kinds[l["kind"].(string)]++
		if l["kind"] == "file_summary" {
			fileSummaries = append(fileSummaries, l["file"].(string))
		}
	}
	if kinds["line"] != 94 || kinds["file_summary"] != 2 || kinds["summary"] != 1 {
		t.Errorf("multipart: kinds %v", kinds)
	}
	if !slices.Equal(fileSummaries, []string{"PADEMO.JAN", "PADEMO2.JAN"}) {
		t.Errorf("multipart: file summaries %v", fileSummaries)
	}

	// Refusals: 400 and a JSON error.
	for _, c := range []struct {
		name, ct, code string
		body           []byte
	}{
		{"not BPA", "text/plain", "not_bpa", []byte("isto não é um BPA\r\n")},
		{"empty", "application/octet-stream", "no_files", nil},
		{"zip", "application/zip", "not_bpa", []byte("PK\x03\x04" + strings.Repeat("\x00", 100))},
	} {
		r := httptest.NewRequest("POST", "/api/check", bytes.NewReader(c.body))
		r.Header.Set("Content-Type", c.ct)
		w := serve(h, r)
		var e struct{ Error, Message string }
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != 400 || (e.Error != c.code && !(c.code == "no_files" && e.Error == "empty")) || e.Message == "" {
			t.Errorf("%s: %d %s", c.name, w.Code, w.Body)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", c.name, ct)
		}
	}
}

// TestAPIEmptyBody: an empty raw body is an empty file.
func TestAPIEmptyBody(t *testing.T) {
	h := newDemo(t, nil)
	r := httptest.NewRequest("POST", "/api/check", strings.NewReader(""))
	w := serve(h, r)
	if w.Code != 400 || !strings.Contains(w.Body.String(), `"error":"empty"`) {
		t.Errorf("empty body: %d %s", w.Code, w.Body)
	}
}

// TestNotBPAPage: a file that is not BPA gets the form again and a clear
// message, never a report.
func TestNotBPAPage(t *testing.T) {
	h := newDemo(t, nil)
	_, _, data := demoSources(t)
	for _, c := range []struct {
		name  string
		parts []part
		want  string
	}{
		{"text", []part{{"files", "notas.txt", []byte("lista de compras\r\n")}}, "O arquivo notas.txt não é um arquivo BPA"},
		{"one bad of two", []part{{"files", "PADEMO.JAN", data}, {"files", "foto.jpg", []byte("\xff\xd8\xff\xe0")}}, "O arquivo foto.jpg não é um arquivo BPA"},
		{"empty", []part{{"files", "VAZIO.JAN", nil}}, "O arquivo VAZIO.JAN está vazio"},
		{"no file", []part{{"files", "", nil}}, "Nenhum arquivo enviado"},
		{"bad competência", []part{{"competencia", "", []byte("2026-13")}, {"files", "PADEMO.JAN", data}}, "Competência &#34;2026-13&#34; inválida"},
		{"unknown sample", []part{{"exemplo", "", []byte("X.JAN")}}, "Não há arquivo de exemplo"},
	} {
		w := postFiles(t, h, "/check", c.parts...)
		body := w.Body.String()
		if w.Code != 400 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d, want 400 and %q in\n%s", c.name, w.Code, c.want, body)
			continue
		}
		if !strings.Contains(body, `id="envio"`) || strings.Contains(body, "n-aprovadas") {
			t.Errorf("%s: the answer is not the form with the message", c.name)
		}
	}
	if n, _ := h.store.stats(); n != 0 {
		t.Errorf("%d results kept after refused uploads", n)
	}
	// Not a multipart form.
	r := httptest.NewRequest("POST", "/check", strings.NewReader("x"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if w := serve(h, r); w.Code != 400 {
		t.Errorf("urlencoded POST /check: %d", w.Code)
	}
}

// TestCompetenciaField: the processing competência of the form reaches
// the checker: a set judged as 12/2025 rejects the 01/2026 file.
func TestCompetenciaField(t *testing.T) {
	h := newDemo(t, nil)
	_, _, data := demoSources(t)
	w := postFiles(t, h, "/check", part{"competencia", "", []byte("12/2025")}, part{"files", "PADEMO.JAN", data})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	body := get(h, "/"+w.Header().Get("Location")).Body.String()
	if got := text(t, body, "n-aprovadas"); got != "0" {
		t.Errorf("aprovadas %s, want 0 (every line of a file of another competência is rejected)", got)
	}
	if !strings.Contains(body, "ARQUIVO_COMPETENCIA_DIFERENTE") {
		t.Error("no ARQUIVO_COMPETENCIA_DIFERENTE in the report")
	}
}

func TestSampleCheck(t *testing.T) {
	_, _, data := demoSources(t)
	h := newDemo(t, &Options{Samples: []Sample{{Name: "PADEMO.JAN", Data: data}}})
	w := postFiles(t, h, "/check", part{"exemplo", "", []byte("PADEMO.JAN")})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	body := get(h, "/"+w.Header().Get("Location")).Body.String()
	if text(t, body, "n-aprovadas") != "27" || text(t, body, "n-rejeitadas") != "20" {
		t.Error("the sample's report has the wrong counts")
	}
}

func TestDeleteResult(t *testing.T) {
	h := newDemo(t, nil)
	id := checkDemo(t, h)
	w := serve(h, httptest.NewRequest("POST", "/r/"+id+"/apagar", nil))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "../../?apagado=1" {
		t.Fatalf("apagar: %d %q", w.Code, w.Header().Get("Location"))
	}
	if w := get(h, "/r/"+id); w.Code != 404 {
		t.Errorf("after apagar: %d", w.Code)
	}
	if !strings.Contains(get(h, "/?apagado=1").Body.String(), "O resultado foi apagado") {
		t.Error("the form does not say the result was deleted")
	}
}

// TestCaps: uploads over the caps get 413 and a page saying so (400 and a
// JSON error on the API), and nothing is kept.
func TestCaps(t *testing.T) {
	dir := t.TempDir()
	h := newDemo(t, &Options{MaxUploadBytes: 64 << 10, MaxFiles: 2, TempDir: dir})
	_, _, data := demoSources(t)
	big := bytes.Repeat(data, 20) // > 64 KB

	// Declared too large: refused before reading.
	w := postFiles(t, h, "/check", part{"files", "GRANDE.JAN", big})
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "passa do limite de 64 KB") {
		t.Errorf("large upload: %d %s", w.Code, w.Body)
	}
	// Chunked (no Content-Length): refused while reading.
	body, ct := multipartBody(t, part{"files", "GRANDE.JAN", big})
	r := httptest.NewRequest("POST", "/check", io.MultiReader(body)) // not a *bytes.Reader: no length
	r.ContentLength = -1
	r.Header.Set("Content-Type", ct)
	if w := serve(h, r); w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "Envio grande demais") {
		t.Errorf("chunked large upload: %d", w.Code)
	}
	// Too many files.
	w = postFiles(t, h, "/check", part{"files", "A.JAN", data}, part{"files", "B.JAN", data}, part{"files", "C.JAN", data})
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "mais de 2 arquivos") {
		t.Errorf("3 files: %d %s", w.Code, w.Body)
	}
	// The API: 400 and a JSON error.
	r = httptest.NewRequest("POST", "/api/check", bytes.NewReader(big))
	w = serve(h, r)
	if w.Code != 400 || !strings.Contains(w.Body.String(), `"error":"too_large"`) {
		t.Errorf("API large body: %d %s", w.Code, w.Body)
	}
	r = httptest.NewRequest("POST", "/api/check", io.MultiReader(bytes.NewReader(big)))
	r.ContentLength = -1
	if w := serve(h, r); w.Code != 400 || !strings.Contains(w.Body.String(), `"error":"too_large"`) {
		t.Errorf("API chunked large body: %d %s", w.Code, w.Body)
	}
	w = postFiles(t, h, "/api/check", part{"files", "A.JAN", data}, part{"files", "B.JAN", data}, part{"files", "C.JAN", data})
	if w.Code != 400 || !strings.Contains(w.Body.String(), `"error":"too_many_files"`) {
		t.Errorf("API 3 files: %d %s", w.Code, w.Body)
	}
	if n, _ := h.store.stats(); n != 0 {
		t.Errorf("%d results kept after refused uploads", n)
	}
	assertEmpty(t, dir)
}

// TestTooManyLines: a file of more lines than a BPA file holds is refused
// before it is checked.
func TestTooManyLines(t *testing.T) {
	h := newDemo(t, nil)
	_, _, data := demoSources(t)
	line := data[bytes.IndexByte(data, '\n')+1:]
	line = line[:bytes.IndexByte(line, '\n')+1]
	big := append(bytes.Clone(data), bytes.Repeat(line, bpa.MaxLines)...)
	w := postFiles(t, h, "/api/check", part{"files", "ENORME.JAN", big})
	if w.Code != 400 || !strings.Contains(w.Body.String(), `"error":"too_many_lines"`) {
		t.Errorf("API: %d %.300s", w.Code, w.Body)
	}
}

// assertEmpty fails when dir holds anything: every temporary file is
// removed before the response ends.
func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		t.Errorf("left in the temporary folder: %s", e.Name())
	}
}

// TestTempFilesRemoved: after every kind of request the temporary folder
// is empty.
func TestTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	h := newDemo(t, &Options{TempDir: dir})
	_, _, data := demoSources(t)
	checkDemo(t, h)
	assertEmpty(t, dir)
	postFiles(t, h, "/check", part{"files", "A.JAN", data}, part{"files", "X.TXT", []byte("x")})
	assertEmpty(t, dir)
	postFiles(t, h, "/api/check", part{"files", "A.JAN", data}, part{"files", "B.JAN", data})
	assertEmpty(t, dir)
	// A client that goes away in the middle of its upload.
	body, ct := multipartBody(t, part{"files", "A.JAN", data})
	b, _ := io.ReadAll(body)
	r := httptest.NewRequest("POST", "/check", io.MultiReader(bytes.NewReader(b[:len(b)/2]), errReader{}))
	r.Header.Set("Content-Type", ct)
	if w := serve(h, r); w.Code != 400 {
		t.Errorf("broken upload: %d", w.Code)
	}
	assertEmpty(t, dir)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// TestCSRF: a POST a browser says comes from another origin is refused,
// before its body is read.
func TestCSRF(t *testing.T) {
	dir := t.TempDir()
	h := newDemo(t, &Options{TempDir: dir, TrustedOrigins: []string{"https://clinica.example"}})
	_, _, data := demoSources(t)
	for _, c := range []struct {
		name    string
		path    string
		headers map[string]string
		want    int
	}{
		{"cross-site", "/check", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"same-site", "/check", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"foreign Origin", "/check", map[string]string{"Origin": "http://malicioso.example"}, 403},
		{"null Origin", "/check", map[string]string{"Origin": "null"}, 403},
		{"API cross-site", "/api/check", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"delete cross-site", "/r/x/apagar", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"same-origin", "/check", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"}, 303},
		{"Origin = Host", "/check", map[string]string{"Origin": "http://example.com"}, 303},
		{"trusted origin", "/check", map[string]string{"Origin": "https://clinica.example", "Sec-Fetch-Site": "cross-site"}, 303},
		{"no browser headers", "/check", nil, 303},
	} {
		body, ct := multipartBody(t, part{"files", "PADEMO.JAN", data})
		r := httptest.NewRequest("POST", c.path, body) // Host example.com
		r.Header.Set("Content-Type", ct)
		for k, v := range c.headers {
			r.Header.Set(k, v)
		}
		w := serve(h, r)
		if w.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, w.Code, c.want)
		}
		if c.want == 403 {
			if strings.HasPrefix(c.path, "/api/") {
				if !strings.Contains(w.Body.String(), `"error":"origem"`) {
					t.Errorf("%s: %s", c.name, w.Body)
				}
			} else if !strings.Contains(w.Body.String(), "outra origem") {
				t.Errorf("%s: the page does not say why", c.name)
			}
		}
	}
	if n, _ := h.store.stats(); n != 4 {
		t.Errorf("%d results kept, want the 4 accepted", n)
	}
	assertEmpty(t, dir)
}

// TestCSPEveryResponse: every response, whatever its route or status,
// forbids external loads.
func TestCSPEveryResponse(t *testing.T) {
	_, _, data := demoSources(t)
	h := newDemo(t, &Options{MaxUploadBytes: 4 << 10, Samples: []Sample{{Name: "PADEMO.JAN", Data: data}}})
	big, ct := multipartBody(t, part{"files", "A.JAN", bytes.Repeat(data, 3)})
	reqs := []*http.Request{
		httptest.NewRequest("GET", "/", nil),
		httptest.NewRequest("GET", "/healthz", nil),
		httptest.NewRequest("GET", "/static/app.js", nil),
		httptest.NewRequest("GET", "/static/app.css", nil),
		httptest.NewRequest("GET", "/exemplo/PADEMO.JAN", nil),
		httptest.NewRequest("GET", "/procedimento/0301010072", nil),
		httptest.NewRequest("GET", "/procedimento/abc", nil),
		httptest.NewRequest("GET", "/estabelecimento/9990001", nil),
		httptest.NewRequest("GET", "/estabelecimento/1", nil),
		httptest.NewRequest("GET", "/r/nada", nil),
		httptest.NewRequest("GET", "/nada", nil),
		httptest.NewRequest("DELETE", "/", nil),
		httptest.NewRequest("PUT", "/check", nil),
		httptest.NewRequest("POST", "/check", strings.NewReader("x")),
		httptest.NewRequest("POST", "/api/check", strings.NewReader("x")),
	}
	r := httptest.NewRequest("POST", "/check", big)
	r.Header.Set("Content-Type", ct)
	reqs = append(reqs, r)
	r = httptest.NewRequest("POST", "/check", nil)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	reqs = append(reqs, r)
	statuses := map[int]bool{}
	for _, r := range reqs {
		w := serve(h, r)
		statuses[w.Code] = true
		p := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(p, "default-src 'none'") || !strings.Contains(p, "frame-ancestors 'none'") || strings.Contains(p, "http") {
			t.Errorf("%s %s (%d): CSP %q", r.Method, r.URL, w.Code, p)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: no nosniff", r.Method, r.URL)
		}
	}
	for _, s := range []int{200, 400, 403, 404, 405, 413} {
		if !statuses[s] {
			t.Errorf("no response of status %d was looked at", s)
		}
	}
	// The report's downloads too.
	h2 := newDemo(t, nil)
	id := checkDemo(t, h2)
	for _, p := range []string{"/r/" + id, "/r/" + id + "/linhas.jsonl", "/r/" + id + "/relatorio.html", "/r/" + id + "/separados.zip"} {
		if w := get(h2, p); !strings.Contains(w.Header().Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("GET %s: CSP %q", p, w.Header().Get("Content-Security-Policy"))
		}
	}
}

// TestEscaping: text from the upload (a file name) is escaped, never
// markup.
func TestEscaping(t *testing.T) {
	h := newDemo(t, nil)
	_, _, data := demoSources(t)
	evil := `<img src=x onerror=alert(1)>.JAN`
	w := postFiles(t, h, "/check", part{"files", evil, data}, part{"files", "B.JAN", data})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("%d", w.Code)
	}
	body := get(h, "/"+w.Header().Get("Location")).Body.String()
	if strings.Contains(body, "<img src=x") {
		t.Error("the file name reached the page unescaped")
	}
	if !strings.Contains(body, html.EscapeString(evil)) {
		t.Error("the file name is not shown escaped")
	}
	w = postFiles(t, h, "/check", part{"files", "<b>x</b>", []byte("nada")})
	if strings.Contains(w.Body.String(), "<b>x</b>") {
		t.Error("the file name reached the error message unescaped")
	}
}

// TestMasked: no CNS, CPF or patient name of the upload appears in full
// in the report, the downloads other than the split files, or the
// establishment page.
func TestMasked(t *testing.T) {
	h := newDemo(t, nil)
	_, reg, data := demoSources(t)
	f, err := bpa.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var secrets []string
	for _, rec := range f.Records {
		if i, ok := rec.(*bpa.Individualizado); ok {
			for _, s := range []string{i.CNSPaciente.String(), i.CNSProfissional.String(), i.CPF.String(), strings.TrimSpace(i.Nome)} {
				if len(strings.Trim(s, "0 ")) >= 5 {
					secrets = append(secrets, s)
				}
			}
		}
	}
	for _, v := range reg.At(sigtap.MustParseCompetencia("202601")).VinculosDe(cnes.MustParseCode("9990001")) {
		secrets = append(secrets, v.CNS.String())
	}
	if len(secrets) < 20 {
		t.Fatalf("only %d secrets to look for", len(secrets))
	}
	id := checkDemo(t, h)
	pages := map[string]string{}
	for _, p := range []string{"/r/" + id, "/r/" + id + "/linhas.jsonl", "/r/" + id + "/relatorio.html",
		"/estabelecimento/9990001?competencia=202601", "/estabelecimento/9990002"} {
		w := get(h, p)
		if w.Code != 200 {
			t.Fatalf("GET %s: %d", p, w.Code)
		}
		pages[p] = w.Body.String()
	}
	for p, body := range pages {
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s shows %q unmasked", p, s)
			}
		}
	}
	if !strings.Contains(pages["/estabelecimento/9990001?competencia=202601"], "*** **** ****") {
		t.Error("the establishment page shows no masked CNS")
	}
}

// TestExpiry: a result is dropped from memory when its TTL ends.
func TestExpiry(t *testing.T) {
	h := newDemo(t, &Options{ResultTTL: 150 * time.Millisecond})
	id := checkDemo(t, h)
	if w := get(h, "/r/"+id); w.Code != 200 {
		t.Fatalf("fresh result: %d", w.Code)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, b := h.store.stats()
		if n == 0 && b == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("result still kept after its TTL: %d results, %d bytes", n, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	w := get(h, "/r/"+id)
	if w.Code != 404 || !strings.Contains(w.Body.String(), "ficam na memória por 0 segundos") && !strings.Contains(w.Body.String(), "Resultado não encontrado") {
		t.Errorf("expired result: %d", w.Code)
	}
	for _, p := range []string{"/linhas.jsonl", "/relatorio.html", "/separados.zip"} {
		if w := get(h, "/r/"+id+p); w.Code != 404 {
			t.Errorf("expired %s: %d", p, w.Code)
		}
	}
}

// TestResultCaps: the oldest results go first when the count or the bytes
// would pass their caps; a result too large for the byte cap is kept
// without its files (downloads that need them say so).
func TestResultCaps(t *testing.T) {
	h := newDemo(t, &Options{MaxResults: 2})
	a, b, c := checkDemo(t, h), checkDemo(t, h), checkDemo(t, h)
	if get(h, "/r/"+a).Code != 404 || get(h, "/r/"+b).Code != 200 || get(h, "/r/"+c).Code != 200 {
		t.Error("MaxResults 2: the oldest of 3 results was not dropped")
	}
	if n, _ := h.store.stats(); n != 2 {
		t.Errorf("%d results kept, want 2", n)
	}

	// Byte cap: the oldest results go to make room.
	h = newDemo(t, nil)
	id := checkDemo(t, h)
	res, _ := h.store.get(id)
	if res == nil || res.inputs == nil {
		t.Fatal("a small result was kept without its files")
	}
	full := res.size
	summary := (&result{month: res.month, filters: res.filters}).estimate()
	if _, size := h.store.stats(); size != full || full < summary+res.inputs[0].size() {
		t.Errorf("result bytes %d, estimate %d, summary %d", size, full, summary)
	}
	h = newDemo(t, &Options{MaxResultBytes: 2*full + full/2})
	a, b, c = checkDemo(t, h), checkDemo(t, h), checkDemo(t, h)
	if get(h, "/r/"+a).Code != 404 || get(h, "/r/"+b).Code != 200 || get(h, "/r/"+c).Code != 200 {
		t.Error("MaxResultBytes for 2.5 results: the oldest of 3 was not dropped")
	}

	// The summary fits, the files do not.
	_, _, data := demoSources(t)
	h = newDemo(t, &Options{MaxResultBytes: summary + 16})
	id = checkDemo(t, h)
	res, ok := h.store.get(id)
	if !ok {
		t.Fatal("the result was not kept")
	}
	if res.inputs != nil {
		t.Error("the files were kept over the byte cap")
	}
	body := get(h, "/r/"+id).Body.String()
	if strings.Contains(body, "linhas.jsonl") || !strings.Contains(body, "não ficaram guardados") {
		t.Error("the report offers downloads it cannot give")
	}
	for _, p := range []string{"/linhas.jsonl", "/separados.zip"} {
		if w := get(h, "/r/"+id+p); w.Code != http.StatusGone {
			t.Errorf("%s without files: %d", p, w.Code)
		}
	}
	if w := get(h, "/r/"+id+"/relatorio.html"); w.Code != 200 {
		t.Errorf("relatorio.html without files: %d", w.Code)
	}

	// Smaller than one summary: shown once, not kept.
	h = newDemo(t, &Options{MaxResultBytes: summary / 2})
	w := postFiles(t, h, "/check", part{"files", "PADEMO.JAN", data})
	if w.Code != 200 || text(t, w.Body.String(), "n-aprovadas") != "27" || strings.Contains(w.Body.String(), "/apagar") {
		t.Errorf("unkept result: %d", w.Code)
	}
	if n, _ := h.store.stats(); n != 0 {
		t.Errorf("%d results kept over the byte cap", n)
	}
}

// TestDiscardUploads: without the copies, the report offers the HTML
// report only.
func TestDiscardUploads(t *testing.T) {
	h := newDemo(t, &Options{DiscardUploads: true})
	id := checkDemo(t, h)
	res, _ := h.store.get(id)
	if res == nil || res.inputs != nil {
		t.Fatal("the files were kept")
	}
	body := get(h, "/r/"+id).Body.String()
	if strings.Contains(body, "separados.zip") || !strings.Contains(body, "relatorio.html") || strings.Contains(body, "grande demais") {
		t.Error("the report offers the wrong downloads")
	}
	if w := get(h, "/r/"+id+"/separados.zip"); w.Code != http.StatusGone {
		t.Errorf("separados.zip: %d", w.Code)
	}
}

func TestHealthz(t *testing.T) {
	h := newDemo(t, nil)
	checkDemo(t, h)
	w := get(h, "/healthz")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("%d %q", w.Code, w.Header().Get("Content-Type"))
	}
	var got struct {
		Status string
		SIGTAP []struct{ Competencia, Release string }
		CNES   []struct {
			Competencia      string
			Estabelecimentos int
		}
		Results int
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Status != "ok" || len(got.SIGTAP) != 2 || got.SIGTAP[1].Competencia != "202601" ||
		got.SIGTAP[1].Release != "TabelaUnificada_202601_v2601221740" || len(got.CNES) != 2 ||
		got.CNES[0].Estabelecimentos != 7 || got.Results != 1 {
		t.Errorf("healthz: %s", w.Body)
	}
}

func TestProcedimento(t *testing.T) {
	h := newDemo(t, nil)
	w := get(h, "/procedimento/0301010072?competencia=202601")
	if w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{
		"03.01.01.007-2", "CONSULTA MEDICA EM ATENÇÃO ESPECIALIZADA", "competência 01/2026",
		"Instrumentos de registro", "CBOs permitidos", "Regras condicionadas", "Habilitações exigidas",
		"Financiamento</th><td>06 Média e Alta Complexidade (MAC)", `<td id="valor-sa">R$ 10,00</td>`,
		`href="?competencia=202512"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("procedimento lacks %q", want)
		}
	}
	// The latest competência by default; MM/AAAA; formatted code.
	for _, p := range []string{"/procedimento/0301010072", "/procedimento/03.01.01.007-2?competencia=01/2026"} {
		if w := get(h, p); w.Code != 200 || !strings.Contains(w.Body.String(), "competência 01/2026") {
			t.Errorf("GET %s: %d", p, w.Code)
		}
	}
	for p, want := range map[string]int{
		"/procedimento/123":                           400,
		"/procedimento/0301010072?competencia=2026":   400,
		"/procedimento/0301010072?competencia=202001": 404,
		"/procedimento/0401010015?competencia=202601": 404, // valid, not in the demo subset
	} {
		if w := get(h, p); w.Code != want {
			t.Errorf("GET %s: %d, want %d", p, w.Code, want)
		}
	}
	// Every procedure of the demo world renders.
	set, _, _ := demoSources(t)
	rel, _ := set.ForCompetencia(sigtap.MustParseCompetencia("202512"))
	for _, p := range rel.Procedures() {
		if w := get(h, "/procedimento/"+p.Code.String()+"?competencia=202512"); w.Code != 200 {
			t.Errorf("procedimento %s: %d", p.Code, w.Code)
		}
	}
}

func TestEstabelecimento(t *testing.T) {
	h := newDemo(t, nil)
	w := get(h, "/estabelecimento/9990001?competencia=202601")
	if w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{"CNES 9990001", "Profissionais", "Serviços/classificações", "Habilitações", "Equipes", "Base do CNES da competência 01/2026"} {
		if !strings.Contains(body, want) {
			t.Errorf("estabelecimento lacks %q", want)
		}
	}
	for p, want := range map[string]int{
		"/estabelecimento/9990001":                    200,
		"/estabelecimento/9990007?competencia=202512": 200,
		"/estabelecimento/abc":                        400,
		"/estabelecimento/1234567?competencia=202601": 404,
		"/estabelecimento/9990001?competencia=199901": 404,
	} {
		if w := get(h, p); w.Code != want {
			t.Errorf("GET %s: %d, want %d", p, w.Code, want)
		}
	}
	// Every establishment of the demo world renders.
	_, reg, _ := demoSources(t)
	for _, c := range reg.Competencias() {
		for e := range reg.At(c).Estabelecimentos() {
			if w := get(h, "/estabelecimento/"+e.CNES.String()+"?competencia="+c.String()); w.Code != 200 {
				t.Errorf("estabelecimento %s %s: %d", e.CNES, c, w.Code)
			}
		}
	}
}

// TestDemoPageFast: the demo's report page renders well under 100 ms.
func TestDemoPageFast(t *testing.T) {
	h := newDemo(t, nil)
	id := checkDemo(t, h)
	for _, p := range []string{"/", "/r/" + id} {
		get(h, p) // warm up
		const n = 20
		start := time.Now()
		for range n {
			if w := get(h, p); w.Code != 200 {
				t.Fatal(w.Code)
			}
		}
		per := time.Since(start) / n
		t.Logf("GET %s: %v per page", p, per)
		if per > 100*time.Millisecond {
			t.Errorf("GET %s takes %v, want < 100 ms", p, per)
		}
	}
	start := time.Now()
	checkDemo(t, h)
	t.Logf("POST /check of the demo file: %v", time.Since(start))
}

package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/remessa"
)

// check serves POST /check: reads the files, checks them as one remessa,
// keeps the result and sends the browser to its page (303 See Other to
// r/{id}). A refused upload gets a page saying why (413 for the caps, 400
// for a file that is not BPA, with the form again).
func (h *Handler) check(w http.ResponseWriter, r *http.Request) {
	release, err := h.acquire(r)
	if err != nil {
		return // the client left while waiting
	}
	defer release()
	up, uerr := h.readUpload(w, r, false, !h.opts.DiscardUploads)
	defer up.remove()
	if uerr != nil {
		h.refuseUpload(w, r, uerr)
		return
	}
	ck := h.ck
	ck.Competencia = up.competencia
	copied := up.compress()
	m, err := ck.CheckFiles(r.Context(), up.inputs(), nil, nil)
	copied()
	up.remove() // nothing of the upload stays on disk past the check
	if err != nil {
		h.checkFailed(w, r, err)
		return
	}
	res := &result{month: m, competencia: up.competencia, inputs: up.stored(), filters: buildChoices(m)}
	for _, f := range up.files {
		res.names = append(res.names, f.name)
		res.lines = append(res.lines, f.lines)
	}
	id := h.store.put(res)
	if id == "" {
		// Too large to keep: show it once.
		h.render(w, r, http.StatusOK, "report", h.newReportView(r, res, filter{}))
		return
	}
	redirect(w, r, "r/"+id)
}

// refuseUpload answers a refused upload: the form again with the message
// for a bad file, a page for the caps.
func (h *Handler) refuseUpload(w http.ResponseWriter, r *http.Request, e *uploadError) {
	if e.status == http.StatusBadRequest {
		h.render(w, r, e.status, "index", h.indexView(r, e.msg))
		return
	}
	h.refuse(w, r, e.status, e.code, e.msg)
}

// checkErr classifies an error of CheckFiles: a refusal of the input
// (400) or a failure of the server (500).
func checkErr(err error) *uploadError {
	var he *remessa.HeaderError
	switch {
	case errors.As(err, &he) && errors.Is(err, bpa.ErrEmpty):
		return &uploadError{http.StatusBadRequest, "empty", fmt.Sprintf("O arquivo %s está vazio: nada foi verificado.", he.File)}
	case errors.As(err, &he) && errors.Is(err, bpa.ErrNotBPA):
		return &uploadError{http.StatusBadRequest, "not_bpa", fmt.Sprintf("O arquivo %s não é um arquivo BPA: a primeira linha não é um cabeçalho "+
			"de BPA (01#BPA#…). Envie o arquivo exportado pelo BPA-Mag (PA…​.MÊS), sem compactar. Nada foi verificado.", he.File)}
	case errors.As(err, &he):
		return &uploadError{http.StatusBadRequest, "bad_header", fmt.Sprintf("O cabeçalho do arquivo %s não pôde ser lido: nada foi verificado.", he.File)}
	case errors.Is(err, bpa.ErrTooManyLines):
		return &uploadError{http.StatusBadRequest, "too_many_lines",
			fmt.Sprintf("Um arquivo tem mais de %d linhas de produção, o máximo de um arquivo BPA. Divida a produção em mais arquivos.", bpa.MaxLines)}
	case errors.Is(err, remessa.ErrNoFiles):
		return &uploadError{http.StatusBadRequest, "no_files", "Nenhum arquivo enviado: escolha um ou mais arquivos BPA."}
	}
	return &uploadError{http.StatusInternalServerError, "internal", "A verificação falhou por um erro do servidor; tente de novo."}
}

// checkFailed answers a check that did not run to its end.
func (h *Handler) checkFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return // the client left
	}
	e := checkErr(err)
	if e.status == http.StatusInternalServerError {
		log.Printf("web: check: %v", err)
		h.refuse(w, r, e.status, e.code, e.msg)
		return
	}
	h.refuseUpload(w, r, e)
}

// apiCheck serves POST /api/check: the JSON lines of `remessa check
// -json` for the files of a multipart form (field "files") or for a raw
// BPA body: each file's lines, its file-level críticas and
// {"kind":"file_summary"}, then {"kind":"summary", …, "files": N}.
// Status 200 whenever the check ran, whatever its verdicts; 400 with
// {"error": CODE, "message": …} for input that is not BPA, too large or
// otherwise refused.
func (h *Handler) apiCheck(w http.ResponseWriter, r *http.Request) {
	release, err := h.acquire(r)
	if err != nil {
		return
	}
	defer release()
	up, uerr := h.readUpload(w, r, true, false)
	defer up.remove()
	if uerr != nil {
		writeJSONError(w, http.StatusBadRequest, uerr.code, uerr.msg)
		return
	}
	ck := h.ck
	ck.Competencia = up.competencia
	h.streamJSON(w, r, &ck, up.inputs(), "")
}

// streamJSON runs the check of ins and writes its JSON lines to w. The
// status (200) is sent with the first line, so a file refused before any
// verdict still gets a 400; name, when set, makes the response a download.
func (h *Handler) streamJSON(w http.ResponseWriter, r *http.Request, ck *remessa.Checker, ins []remessa.Input, name string) {
	lw := &lazyWriter{w: w, name: name}
	bw := bufio.NewWriterSize(lw, 64<<10)
	jw := remessa.NewJSONLinesWriter(bw)
	m, err := ck.CheckFiles(r.Context(), ins, jw.WriteResult, jw.WriteFileSummary)
	if err == nil {
		err = jw.WriteMonthSummary(m)
	}
	if err == nil {
		bw.Flush() // fails only when the client is gone: nothing to tell it
		lw.start() // an empty body still gets its 200
		return
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return
	}
	if !lw.started {
		e := checkErr(err)
		if e.status == http.StatusInternalServerError {
			log.Printf("web: check: %v", err)
		}
		writeJSONError(w, e.status, e.code, e.msg)
		return
	}
	// Too late for a status: say it in the stream.
	log.Printf("web: check: %v", err)
	bw.Flush()
	b, _ := json.Marshal(map[string]string{"kind": "error", "error": checkErr(err).code, "message": checkErr(err).msg})
	lw.Write(append(b, '\n'))
}

// lazyWriter sends the 200 header and the JSON lines content type with
// the first bytes written.
type lazyWriter struct {
	w       http.ResponseWriter
	name    string
	started bool
}

func (l *lazyWriter) start() {
	if l.started {
		return
	}
	l.started = true
	l.w.Header().Set("Content-Type", "application/x-ndjson")
	if l.name != "" {
		l.w.Header().Set("Content-Disposition", `attachment; filename="`+l.name+`"`)
	}
	l.w.WriteHeader(http.StatusOK)
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	l.start()
	return l.w.Write(p)
}

// writeJSONError answers {"error": code, "message": msg}.
func writeJSONError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}{code, msg})
}

// storedInputs returns the kept files of res as checker inputs.
func storedInputs(res *result) []remessa.Input {
	ins := make([]remessa.Input, len(res.inputs))
	for i, f := range res.inputs {
		gz := f.gz
		ins[i] = remessa.Input{Name: f.name, Open: func() (io.ReadCloser, error) { return membersReader(gz) }}
	}
	return ins
}

// downloadName names a download: "remessa-202601.jsonl".
func downloadName(res *result, ext string) string {
	c := res.month.Competencia
	if c.Valid() {
		return "remessa-" + c.String() + ext
	}
	return "remessa" + ext
}

// downloadJSON serves GET /r/{id}/linhas.jsonl: the result's JSON lines
// (the kept files are checked again, as the first time).
func (h *Handler) downloadJSON(w http.ResponseWriter, r *http.Request) {
	res, release, ok := h.keptFiles(w, r)
	if !ok {
		return
	}
	defer release()
	ck := h.ck
	ck.Competencia = res.competencia
	h.streamJSON(w, r, &ck, storedInputs(res), downloadName(res, ".jsonl"))
}

// keptFiles returns the result of the request's {id} whose uploaded files
// were kept, holding a check slot (release it when done); false when it
// answered instead: the result expired, its files were not kept, or no
// slot came before the request ended.
func (h *Handler) keptFiles(w http.ResponseWriter, r *http.Request) (res *result, release func(), ok bool) {
	res, found := h.store.get(r.PathValue("id"))
	if !found {
		h.expired(w, r)
		return nil, nil, false
	}
	if res.inputs == nil {
		h.notKept(w, r)
		return nil, nil, false
	}
	release, err := h.acquire(r)
	if err != nil {
		return nil, nil, false
	}
	return res, release, true
}

func (h *Handler) notKept(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, r, http.StatusGone, "Arquivos não guardados",
		"Os arquivos deste envio são grandes demais para ficar na memória desta página, por isso as linhas em JSON e os arquivos separados "+
			"não estão disponíveis. Use a linha de comando: remessa check -json e remessa split.")
}

// downloadHTML serves GET /r/{id}/relatorio.html: the self-contained
// report of remessa.WriteMonthHTML.
func (h *Handler) downloadHTML(w http.ResponseWriter, r *http.Request) {
	res, ok := h.store.get(r.PathValue("id"))
	if !ok {
		h.expired(w, r)
		return
	}
	var b bytes.Buffer
	if err := remessa.WriteMonthHTML(&b, res.month); err != nil {
		log.Printf("web: report: %v", err)
		h.refuse(w, r, http.StatusInternalServerError, "internal", "O relatório não pôde ser montado.")
		return
	}
	w.Header().Set("Content-Security-Policy", cspReport)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+downloadName(res, ".html")+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.Write(b.Bytes())
}

// healthz serves GET /healthz: 200 and the loaded data.
func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	n, bytes := h.store.stats()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(struct {
		Status string `json:"status"`
		loadedInfo
		Results     int   `json:"results"`
		ResultBytes int64 `json:"result_bytes"`
	}{"ok", h.info, n, bytes})
}

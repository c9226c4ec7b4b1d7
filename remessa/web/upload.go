package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

// upload is the files of one POST, spilled to a temporary folder while
// they are checked, and compressed in memory for the result.
type upload struct {
	dir         string // temporary folder ("" when nothing was spilled)
	files       []*spilled
	competencia sigtap.Competencia
	sample      string // name of a Sample to check instead of files
	budget      *budget
}

// spilled is one uploaded file.
type spilled struct {
	name  string
	path  string // temporary file; "" when data holds the file
	data  []byte // a Sample's content
	size  int64
	lines int // line breaks, plus one for a last line without one
	// members is the compressed copy (nil past the budget).
	members [][]byte
}

// uploadError is a refused upload: the status, a stable code for the API
// and a message for people.
type uploadError struct {
	status int
	code   string
	msg    string
}

func (e *uploadError) Error() string { return e.msg }

func tooLarge(max int64) *uploadError {
	return &uploadError{http.StatusRequestEntityTooLarge, "too_large",
		fmt.Sprintf("O envio passa do limite de %s. Envie os arquivos em partes menores (a remessa pode ser verificada em mais de um envio) "+
			"ou peça a quem administra esta página para aumentar o limite.", FormatSize(max))}
}

// readUpload reads the files of r: a multipart form whose field "files"
// holds the BPA files (optional fields "competencia", AAAAMM, and
// "exemplo", a Sample's name), or — when raw is set and the body is not
// a multipart form — the body itself as one BPA file named by the query
// parameter "nome". Each file is written to a temporary file; with keep
// set, compress makes the copies the result keeps. The caller must call
// remove.
func (h *Handler) readUpload(w http.ResponseWriter, r *http.Request, raw, keep bool) (*upload, *uploadError) {
	up := &upload{budget: &budget{left: h.opts.MaxResultBytes, over: !keep}}
	max := h.opts.MaxUploadBytes
	if r.ContentLength > max {
		return up, tooLarge(max)
	}
	body := http.MaxBytesReader(w, r.Body, max)
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" || params["boundary"] == "" {
		if !raw {
			return up, &uploadError{http.StatusBadRequest, "not_multipart",
				"O envio não veio do formulário da página (multipart/form-data com o campo files)."}
		}
		if c := r.URL.Query().Get("competencia"); c != "" {
			cmp, err := sigtap.ParseCompetencia(c)
			if err != nil {
				return up, badCompetencia(c)
			}
			up.competencia = cmp
		}
		name := cleanName(r.URL.Query().Get("nome"))
		if name == "" {
			name = "arquivo.bpa"
		}
		if err := up.spill(h.opts.TempDir, name, body); err != nil {
			return up, readErr(err, max)
		}
		return up, up.checkFiles(h.opts.MaxFiles)
	}
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return up, readErr(err, max)
		}
		switch p.FormName() {
		case "files":
			fn := p.FileName()
			if err := up.spill(h.opts.TempDir, fn, p); err != nil {
				return up, readErr(err, max)
			}
			if last := up.files[len(up.files)-1]; last.size == 0 && fn == "" {
				// The empty part a browser sends when no file was chosen.
				up.files = up.files[:len(up.files)-1]
				os.Remove(last.path)
				continue
			}
			if len(up.files) > h.opts.MaxFiles {
				return up, &uploadError{http.StatusRequestEntityTooLarge, "too_many_files",
					fmt.Sprintf("O envio tem mais de %d arquivos, o limite desta página. Envie a remessa em partes.", h.opts.MaxFiles)}
			}
		case "competencia":
			v, err := readSmall(p, 32)
			if err != nil {
				return up, readErr(err, max)
			}
			if v = strings.TrimSpace(v); v != "" {
				c, err := sigtap.ParseCompetencia(strings.ReplaceAll(v, "/", ""))
				if err != nil {
					if c2, err2 := parseMMAAAA(v); err2 == nil {
						c, err = c2, nil
					}
				}
				if err != nil {
					return up, badCompetencia(v)
				}
				up.competencia = c
			}
		case "exemplo":
			v, err := readSmall(p, 128)
			if err != nil {
				return up, readErr(err, max)
			}
			up.sample = strings.TrimSpace(v)
		default:
			if _, err := io.Copy(io.Discard, p); err != nil {
				return up, readErr(err, max)
			}
		}
	}
	if len(up.files) == 0 && up.sample != "" {
		for _, s := range h.opts.Samples {
			if s.Name == up.sample {
				up.addData(s.Name, s.Data)
			}
		}
		if len(up.files) == 0 {
			return up, &uploadError{http.StatusBadRequest, "no_files", fmt.Sprintf("Não há arquivo de exemplo %q nesta página.", up.sample)}
		}
	}
	return up, up.checkFiles(h.opts.MaxFiles)
}

// parseMMAAAA reads "01/2026".
func parseMMAAAA(s string) (sigtap.Competencia, error) {
	m, y, ok := strings.Cut(s, "/")
	if !ok || len(m) != 2 || len(y) != 4 {
		return sigtap.Competencia{}, errors.New("not MM/AAAA")
	}
	return sigtap.ParseCompetencia(y + m)
}

func badCompetencia(v string) *uploadError {
	return &uploadError{http.StatusBadRequest, "bad_competencia",
		fmt.Sprintf("Competência %q inválida: escreva AAAAMM (por exemplo 202601) ou deixe em branco.", clip(v, 32))}
}

// checkFiles refuses an empty upload and a file of more lines than a BPA
// file holds.
func (up *upload) checkFiles(maxFiles int) *uploadError {
	if len(up.files) == 0 {
		return &uploadError{http.StatusBadRequest, "no_files", "Nenhum arquivo enviado: escolha um ou mais arquivos BPA."}
	}
	if len(up.files) > maxFiles {
		return &uploadError{http.StatusRequestEntityTooLarge, "too_many_files",
			fmt.Sprintf("O envio tem mais de %d arquivos, o limite desta página. Envie a remessa em partes.", maxFiles)}
	}
	for _, f := range up.files {
		// Blank lines are not counted by the reader: a file may have a few
		// more line breaks than lines.
		if f.lines > bpa.MaxLines+1+16 {
			return &uploadError{http.StatusBadRequest, "too_many_lines",
				fmt.Sprintf("O arquivo %s tem %d linhas: um arquivo BPA tem no máximo %d linhas de produção. Divida a produção em mais arquivos.",
					f.name, f.lines, bpa.MaxLines)}
		}
	}
	return nil
}

// readErr turns an error reading the body into a refusal.
func readErr(err error, max int64) *uploadError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(max)
	}
	return &uploadError{http.StatusBadRequest, "read_error", "O envio foi interrompido ou está malformado; tente de novo."}
}

// readSmall reads a form field of at most n bytes.
func readSmall(r io.Reader, n int64) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, n+1))
	if err != nil {
		return "", err
	}
	if int64(len(b)) > n {
		io.Copy(io.Discard, r)
		b = b[:n]
	}
	return string(b), nil
}

// cleanName returns the base name of an uploaded file, without control
// characters, at most 100 characters.
func cleanName(s string) string {
	s = strings.ReplaceAll(s, "\\", "/")
	s = filepath.Base(filepath.FromSlash(s))
	if s == "." || s == "/" {
		s = ""
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || r == '/' {
			return -1
		}
		return r
	}, s)
	return clip(strings.TrimSpace(s), 100)
}

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// uniqueName names a file of the set: its clean name, "arquivo N" when it
// has none, with " (2)", " (3)" … for repeated names.
func (up *upload) uniqueName(fn string) string {
	name := cleanName(fn)
	if name == "" {
		name = fmt.Sprintf("arquivo %d", len(up.files)+1)
	}
	base := name
	for i := 2; up.hasName(name); i++ {
		name = fmt.Sprintf("%s (%d)", base, i)
	}
	return name
}

func (up *upload) hasName(n string) bool {
	for _, f := range up.files {
		if f.name == n {
			return true
		}
	}
	return false
}

// spill writes one file from r to the temporary folder, counting its
// lines and compressing it within the budget.
func (up *upload) spill(tempDir, fn string, r io.Reader) error {
	if up.dir == "" {
		d, err := os.MkdirTemp(tempDir, "gosus-web-")
		if err != nil {
			return err
		}
		up.dir = d
	}
	f, err := os.CreateTemp(up.dir, "bpa-*")
	if err != nil {
		return err
	}
	s := &spilled{name: up.uniqueName(fn), path: f.Name()}
	up.files = append(up.files, s)
	lc := &lineCounter{}
	n, err := io.Copy(io.MultiWriter(f, lc), r)
	s.size = n
	s.lines = lc.lines()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// addData adds a file held in memory (a Sample).
func (up *upload) addData(name string, data []byte) {
	s := &spilled{name: up.uniqueName(name), data: data, size: int64(len(data))}
	lc := &lineCounter{}
	lc.Write(data)
	s.lines = lc.lines()
	up.files = append(up.files, s)
}

// inputs returns the files as inputs of Checker.CheckFiles.
func (up *upload) inputs() []remessa.Input {
	ins := make([]remessa.Input, len(up.files))
	for i, f := range up.files {
		if f.path != "" {
			in := remessa.FileInput(f.path)
			in.Name = f.name
			ins[i] = in
			continue
		}
		data := f.data
		ins[i] = remessa.Input{Name: f.name, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	}
	return ins
}

// stored returns the compressed files, or nil when they exceeded the
// budget.
func (up *upload) stored() []storedFile {
	if up.budget.over {
		for _, f := range up.files {
			f.members = nil
		}
		return nil
	}
	out := make([]storedFile, len(up.files))
	for i, f := range up.files {
		out[i] = storedFile{name: f.name, gz: f.members}
		f.members = nil
	}
	return out
}

// remove deletes the temporary folder and everything in it.
func (up *upload) remove() {
	if up.dir != "" {
		os.RemoveAll(up.dir)
		up.dir = ""
	}
}

// compress starts making the compressed copies of the files, within the
// budget, while the caller checks them; the returned function waits for
// the copies. The copies use the cores the check leaves idle (its reading
// stage is sequential) and cost no wall time when cores are free.
func (up *upload) compress() (wait func()) {
	if up.budget.over {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, f := range up.files {
			var r io.Reader = bytes.NewReader(f.data)
			var fh *os.File
			if f.path != "" {
				var err error
				if fh, err = os.Open(f.path); err != nil {
					up.budget.over = true
					return
				}
				r = fh
			}
			z := newParallelGzip(up.budget)
			_, err := io.Copy(z, r)
			if fh != nil {
				fh.Close()
			}
			f.members = z.close()
			if err != nil {
				z.mu.Lock()
				up.budget.over = true
				z.mu.Unlock()
			}
			if f.members == nil {
				return
			}
		}
	}()
	return func() { <-done }
}

// budget is the memory left for the compressed copies of one upload.
type budget struct {
	left int64
	over bool
}

// lineCounter counts line breaks, and a last line without one. Line ends
// are those the bpa Reader reads: CR LF, LF or CR alone, so the count is
// the larger of the LFs and the CRs.
type lineCounter struct {
	lf, cr int
	last   byte
	any    bool
}

func (c *lineCounter) Write(p []byte) (int, error) {
	if len(p) > 0 {
		c.lf += bytes.Count(p, []byte{'\n'})
		c.cr += bytes.Count(p, []byte{'\r'})
		c.last, c.any = p[len(p)-1], true
	}
	return len(p), nil
}

func (c *lineCounter) lines() int {
	n := max(c.lf, c.cr)
	if c.any && c.last != '\n' && c.last != '\r' {
		return n + 1
	}
	return n
}

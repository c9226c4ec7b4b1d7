package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/remessa"
)

// downloadSplit serves GET /r/{id}/separados.zip: each kept file split by
// remessa.Split into its PAB/Vigilância and MAC/FAEC files (the financing
// each line gets from the SIGTAP release and CNES snapshot of its
// competência), with a LEIAME.txt saying what went where. With one file
// the split files are at the top of the ZIP; with several, in a folder
// per file. A file of more than MaxSplitLines lines, or one that cannot be
// split, is left out and the LEIAME says why.
func (h *Handler) downloadSplit(w http.ResponseWriter, r *http.Request) {
	res, release, ok := h.keptFiles(w, r)
	if !ok {
		return
	}
	defer release()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var leia strings.Builder
	leia.WriteString("Arquivos separados pelo go-sus como o BPA-Mag separa: PAB/Vigilância (financiamento 01 e 07) e MAC/FAEC (os demais),\r\n")
	leia.WriteString("pelo financiamento efetivo de cada linha (regras condicionadas aplicadas). Cada arquivo tem o seu cabeçalho recalculado.\r\n\r\n")
	now := time.Now()
	for i, f := range res.inputs {
		dir := ""
		if len(res.inputs) > 1 {
			dir = zipSafe(f.name) + "/"
		}
		if res.lines[i] > h.opts.MaxSplitLines {
			fmt.Fprintf(&leia, "%s: não separado aqui (%d linhas, acima do limite de %d desta página); use remessa split.\r\n", f.name, res.lines[i], h.opts.MaxSplitLines)
			continue
		}
		parts, err := h.splitOne(r.Context(), f)
		if err != nil {
			fmt.Fprintf(&leia, "%s: não separado: %v\r\n", f.name, err)
			continue
		}
		for _, p := range parts {
			name := dir + p.name
			hw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
			if err == nil {
				_, err = hw.Write(p.data)
			}
			if err != nil {
				log.Printf("web: split zip: %v", err)
				h.refuse(w, r, http.StatusInternalServerError, "internal", "O ZIP não pôde ser montado.")
				return
			}
			fmt.Fprintf(&leia, "%s → %s (%s): %d linhas", f.name, name, p.part, p.lines)
			if p.unknown > 0 {
				fmt.Fprintf(&leia, ", %d de financiamento desconhecido", p.unknown)
			}
			leia.WriteString("\r\n")
		}
	}
	lw, err := zw.CreateHeader(&zip.FileHeader{Name: "LEIAME.txt", Method: zip.Deflate, Modified: now})
	if err == nil {
		_, err = lw.Write([]byte(leia.String()))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		log.Printf("web: split zip: %v", err)
		h.refuse(w, r, http.StatusInternalServerError, "internal", "O ZIP não pôde ser montado.")
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+downloadName(res, "-separados.zip")+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// splitPart is one written split file.
type splitPart struct {
	name    string
	part    string
	data    []byte
	lines   int
	unknown int
}

// splitOne splits one kept file.
func (h *Handler) splitOne(ctx context.Context, f storedFile) ([]splitPart, error) {
	zr, err := membersReader(f.gz)
	if err != nil {
		return nil, err
	}
	file, err := bpa.Decode(zr)
	if err != nil {
		return nil, fmt.Errorf("arquivo ilegível: %w", err)
	}
	fin := h.opts.Financiamento
	res, err := remessa.SplitContext(ctx, file, &remessa.SplitOptions{SIGTAP: h.set, CNES: h.reg, Financiamento: &fin})
	if err != nil {
		return nil, err
	}
	unknown := map[int]bool{}
	for _, l := range res.Unknown {
		unknown[l] = true
	}
	var out []splitPart
	for _, sf := range res.Files {
		var b bytes.Buffer
		if err := sf.File.Encode(&b, nil); err != nil {
			return nil, err
		}
		p := splitPart{name: sf.Name.String(), part: partName(sf.Part), data: b.Bytes(), lines: len(sf.Lines)}
		for _, l := range sf.Lines {
			if unknown[l] {
				p.unknown++
			}
		}
		out = append(out, p)
	}
	return out, nil
}

func partName(p remessa.SplitPart) string {
	if p == remessa.SplitPAB {
		return "PAB/Vigilância"
	}
	return "MAC/FAEC"
}

// zipSafe makes a file name safe as a ZIP folder name.
func zipSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|':
			return '_'
		}
		return r
	}, s)
	if s == "" || s == "." || s == ".." {
		s = "arquivo"
	}
	return s
}

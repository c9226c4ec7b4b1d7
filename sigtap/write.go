package sigtap

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The writer emits a release in the official format: per table its data
// file <table>.txt (fixed-width lines at the layout's widths, Windows-1252,
// CRLF after every line including the last) and its <table>_layout.txt,
// then layout.txt with every layout, versao and config.inf (as loaded).
// Rows keep their loaded order, so writing a loaded official release
// reproduces its data files byte for byte. LEIA_ME.TXT and the XLS data
// dictionary are not kept by the loader and not written.

// releaseFile is one file of a written release.
type releaseFile struct {
	name  string
	write func(w io.Writer) error
}

// files lists the files of the release in writing order.
func (r *Release) files() ([]releaseFile, error) {
	var out []releaseFile
	var layouts []*Layout
	comp := r.compBytes()
	for _, name := range r.order {
		t, err := r.table(name)
		if err != nil {
			return nil, err
		}
		m := t.meta()
		if m.layout == nil {
			continue
		}
		layouts = append(layouts, m.layout)
		if m.present {
			out = append(out, releaseFile{name + ".txt", func(w io.Writer) error { return writeTable(w, t, comp) }})
		}
		l := m.layout
		out = append(out, releaseFile{name + "_layout.txt", func(w io.Writer) error {
			_, err := w.Write(l.AppendText(nil))
			return err
		}})
	}
	out = append(out, releaseFile{"layout.txt", func(w io.Writer) error {
		_, err := w.Write(AppendLayouts(nil, layouts))
		return err
	}})
	for _, m := range []struct {
		name string
		data []byte
	}{{"versao", r.version}, {"config.inf", r.config}} {
		if m.data != nil {
			data := m.data
			out = append(out, releaseFile{m.name, func(w io.Writer) error {
				_, err := w.Write(data)
				return err
			}})
		}
	}
	return out, nil
}

// writeTable writes every row of t followed by CRLF.
func writeTable(w io.Writer, t anyTable, comp []byte) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	for i := 0; i < t.len(); i++ {
		var err error
		line, err = t.appendLine(line[:0], i, comp)
		if err != nil {
			return err
		}
		line = append(line, '\r', '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteZip writes the release as a ZIP in the official layout (flat,
// Deflate). Entries carry the generation time, so the same release always
// gives the same bytes.
func (r *Release) WriteZip(w io.Writer) error {
	files, err := r.files()
	if err != nil {
		return err
	}
	mod := r.gen.Time()
	if mod.IsZero() {
		mod = r.comp.FirstDay()
	}
	mod = time.Date(mod.Year(), mod.Month(), mod.Day(), mod.Hour(), mod.Minute(), 0, 0, time.UTC)
	zw := zip.NewWriter(w)
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: mod})
		if err != nil {
			return err
		}
		if err := f.write(fw); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return zw.Close()
}

// WriteDir writes the release files into dir, creating it if needed.
func (r *Release) WriteDir(dir string) error {
	files, err := r.files()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	return nil
}

// WriteFile writes the release to path: a ZIP when path ends in ".zip"
// (any case), a directory otherwise.
func (r *Release) WriteFile(path string) error {
	if !strings.EqualFold(filepath.Ext(path), ".zip") {
		return r.WriteDir(path)
	}
	return writeFile(path, r.WriteZip)
}

func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			err = errors.Join(err, os.Remove(path))
		}
	}()
	return write(f)
}

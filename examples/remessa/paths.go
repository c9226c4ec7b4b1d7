package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/remessa"
)

// bpaFile is one BPA file of a PATH list.
type bpaFile struct {
	path  string // as the user gave it (joined with its folder); "-" for stdin
	name  string // the name reports use: the base name, or path when two base names collide
	lines int    // cbc_lin of the header (0 when unknown), for progress
}

// errHeaderOnly is the verdict on a BPA file without production lines.
var errHeaderOnly = errors.New("no production line: the file holds only its header")

// sniff reads the first line of the regular file path (at most bpa.SniffLen
// bytes) and returns its header, or bpa.ErrEmpty / bpa.ErrNotBPA, or an
// I/O error (an *fs.PathError).
func sniff(path string) (*bpa.Header, error) {
	f, err := cli.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, bpa.SniffLen))
	if err != nil {
		return nil, err
	}
	return bpa.SniffHeader(b)
}

// expandPaths turns the PATH arguments of check, value and split into BPA
// files: a file is taken when it is a BPA file (else the run stops with
// exit 1 naming it, or 2 when it cannot be read); a folder gives every
// regular file in it whose first line starts with 01#BPA#, in name order,
// and every other entry is listed as skipped on standard error; "-"
// (standard input) is allowed only as the single PATH. Everything is
// checked before any release or registry is loaded. month reports whether
// the set is a month of several files (a folder, or more than one file)
// rather than the single FILE of the one-file reports.
func (e *env) expandPaths(name string, args []string) (files []bpaFile, month bool, code int) {
	if len(args) == 0 {
		return nil, false, e.usageError(name, "no PATH given (a BPA file, a folder of BPA files, or - for standard input)")
	}
	if slices.Contains(args, "-") {
		if len(args) > 1 {
			return nil, false, e.usageError(name, `"-" (standard input) must be the only PATH`)
		}
		return []bpaFile{{path: "-", name: "-"}}, false, proceed
	}
	seen := map[string]bool{}
	add := func(path string, h *bpa.Header) {
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = path
		}
		if seen[abs] {
			return
		}
		seen[abs] = true
		files = append(files, bpaFile{path: path, name: filepath.Base(path), lines: max(h.Lines, 0)})
	}
	for _, p := range args {
		st, err := os.Stat(p)
		if err != nil {
			return nil, false, e.ioFail(name, err)
		}
		if !st.IsDir() {
			h, err := sniff(p)
			if err != nil {
				return nil, false, e.failPath(name, p, err)
			}
			add(p, h)
			continue
		}
		month = true
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, false, e.ioFail(name, err)
		}
		found := 0
		for _, de := range entries {
			fp := filepath.Join(p, de.Name())
			if de.IsDir() {
				e.Errorf("ignorado %s: é uma pasta (subpastas não são lidas)", fp)
				continue
			}
			if !de.Type().IsRegular() {
				e.Errorf("ignorado %s: não é um arquivo comum", fp)
				continue
			}
			h, err := sniff(fp)
			if err != nil {
				e.Errorf("ignorado %s: %s", fp, skipReason(err))
				continue
			}
			add(fp, h)
			found++
		}
		if found == 0 {
			return nil, false, e.invalid(name, fmt.Errorf("%s: no BPA file in the folder (none whose first line starts with 01#BPA#)", p))
		}
	}
	if len(files) > 1 {
		month = true
	}
	// Reports name files by their base name, unless two share it.
	count := map[string]int{}
	for _, f := range files {
		count[f.name]++
	}
	for i := range files {
		if count[files[i].name] > 1 {
			files[i].name = files[i].path
		}
	}
	return files, month, proceed
}

// skipReason says in Portuguese why a file of a folder is not a BPA file
// (other errors, I/O errors, are Go error values: English).
func skipReason(err error) string {
	switch {
	case errors.Is(err, bpa.ErrEmpty):
		return "arquivo vazio"
	case errors.Is(err, bpa.ErrNotBPA):
		return "não é um arquivo BPA (a primeira linha não começa com 01#BPA#)"
	}
	return cli.Message(err)
}

// failPath reports err about the file path for command name, naming the
// path, with the status the contract gives it.
func (e *env) failPath(name, path string, err error) int {
	e.Flags(name)
	return e.FailPath(path, err)
}

// inputsOf returns the remessa Inputs of files.
func (e *env) inputsOf(files []bpaFile) []remessa.Input {
	in := make([]remessa.Input, len(files))
	for i, f := range files {
		if f.path == "-" {
			in[i] = remessa.ReaderInput("-", e.stdin)
			continue
		}
		fi := remessa.FileInput(f.path)
		fi.Name = f.name
		in[i] = fi
	}
	return in
}

// pathOf returns the path of the file a report names name.
func pathOf(files []bpaFile, name string) string {
	for _, f := range files {
		if f.name == name {
			return f.path
		}
	}
	return name
}

// declaredLines sums the header line counts of files (0 when one is
// unknown), for progress.
func declaredLines(files []bpaFile) int64 {
	var n int64
	for _, f := range files {
		if f.path == "-" {
			return 0
		}
		n += int64(f.lines)
	}
	return n
}

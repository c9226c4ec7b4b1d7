package cnes

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-sus/sus/internal/safezip"
	"github.com/go-sus/sus/sigtap"
)

// LoadOptions tunes a load. The zero value loads everything, strictly
// quoted, without personal data.
type LoadOptions struct {
	// CNES keeps only these establishments (and the rows that hang from
	// them). Empty keeps all. Rows of establishments left out are skipped
	// without being decoded, so their defects are not reported.
	CNES []Code
	// Municipios keeps only establishments whose CO_MUNICIPIO_GESTOR, or
	// the IBGE prefix of whose CO_UNIDADE, is in the list (6-digit IBGE
	// codes). Empty keeps all. With both filters an establishment must
	// match both.
	Municipios []string
	// Competencia, when set, must match the AAAAMM in the file names; it
	// also names the competência of files that carry none.
	Competencia sigtap.Competencia
	// PersonalData keeps professional names (NO_PROFISSIONAL) and CPFs
	// (CO_CPF, NU_CPF). Off by default: the checks never need them.
	PersonalData bool
	// PublicVinculo decides which vínculos count as public for check C11;
	// nil means DefaultPublicVinculo.
	PublicVinculo func(Vinculacao) bool
	// LazyQuotes relaxes the csv quoting rules (encoding/csv LazyQuotes)
	// for files where a '"' inside a field was not doubled. Off by
	// default, so that a stray quote is reported with its line and column.
	LazyQuotes bool
	// Strict turns every warning (bad date, malformed row) into an error.
	Strict bool
	// MaxWarnings caps the warnings kept (default 100; they are all
	// counted).
	MaxWarnings int
	// MaxLineBytes caps one line (default DefaultMaxLineBytes).
	MaxLineBytes int
	// MaxEntryBytes and MaxTotalBytes cap what a ZIP may inflate to per
	// member and in all (defaults: those of internal/safezip, 2 GiB and
	// 8 GiB).
	MaxEntryBytes, MaxTotalBytes int64
}

// Open loads a registry from path: a BASE_DE_DADOS_CNES_AAAAMM.ZIP file or
// a directory holding its CSV files (possibly in subfolders).
func Open(path string, opt LoadOptions) (*Snapshot, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return load(os.DirFS(path), filepath.Base(path), opt)
	}
	return LoadZip(path, opt)
}

// LoadZip loads a BASE_DE_DADOS_CNES_AAAAMM.ZIP. The archive is untrusted:
// unsafe member names are ignored, sizes are capped while inflating and
// nothing is written to disk.
func LoadZip(path string, opt LoadOptions) (*Snapshot, error) {
	a, err := safezip.OpenFile(path, opt.limits())
	if err != nil {
		return nil, err
	}
	defer a.Close()
	return load(a, filepath.Base(path), opt)
}

// LoadZipReader is LoadZip for an archive held in memory or uploaded.
func LoadZipReader(ra io.ReaderAt, size int64, opt LoadOptions) (*Snapshot, error) {
	a, err := safezip.New(ra, size, opt.limits())
	if err != nil {
		return nil, err
	}
	return load(a, "", opt)
}

// Load loads a registry from fsys: the extracted CSV files, anywhere in
// the tree, matched by a case-insensitive prefix of their base name
// (tbEstabelecimento202601.csv). Other files are ignored.
//
// Every loader streams: a file's CSV is parsed by encoding/csv in a
// goroutine of its own while the calling goroutine decodes and indexes the
// records (the goroutine has ended when the load returns). A load without
// filter reads each table once; a filtered one reads tbCargaHorariaSus a
// second time to sum the kept professionals' workload over the whole
// country (check C11).
func Load(fsys fs.FS, opt LoadOptions) (*Snapshot, error) {
	return load(fsys, "", opt)
}

func (o LoadOptions) limits() safezip.Limits {
	return safezip.Limits{MaxEntry: o.MaxEntryBytes, MaxTotal: o.MaxTotalBytes}
}

// namer is implemented by safezip.Archive, whose root lists nested
// members by base name only.
type namer interface{ Names() []string }

// discover finds the member of each table and the competência.
func discover(fsys fs.FS, hint string, want sigtap.Competencia) (files [numTables]string, comp sigtap.Competencia, err error) {
	var names []string
	if n, ok := fsys.(namer); ok {
		names = n.Names()
	} else {
		err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				names = append(names, p)
			}
			return nil
		})
		if err != nil {
			return files, comp, err
		}
	}
	comps := map[string][]string{}
	for _, n := range names {
		t, c, ok := tableFor(n)
		if !ok {
			continue
		}
		if files[t] != "" {
			return files, comp, &ParseError{File: n, Err: fmt.Errorf("%w: %s and %s", ErrDuplicateTable, files[t], n)}
		}
		files[t] = n
		if c != "" {
			comps[c] = append(comps[c], path.Base(n))
		}
	}
	if files[TableEstabelecimento] == "" {
		return files, comp, fmt.Errorf("%w: %s", ErrMissingTable, tableDefs[TableEstabelecimento].name)
	}
	if len(comps) == 0 {
		if i := strings.LastIndexByte(hint, '_'); i >= 0 {
			if c, e := sigtap.ParseCompetencia(strings.TrimSuffix(strings.ToUpper(hint[i+1:]), ".ZIP")); e == nil {
				comps[c.String()] = []string{hint}
			}
		}
	}
	switch {
	case len(comps) > 1:
		var parts []string
		for c, ns := range comps {
			parts = append(parts, c+" ("+strings.Join(ns, ", ")+")")
		}
		return files, comp, fmt.Errorf("%w: files of several competências: %s", ErrCompetencia, strings.Join(parts, "; "))
	case len(comps) == 1:
		for c := range comps {
			comp, err = sigtap.ParseCompetencia(c)
			if err != nil {
				return files, comp, fmt.Errorf("%w: %v", ErrCompetencia, err)
			}
		}
		if !want.IsZero() && want != comp {
			return files, comp, fmt.Errorf("%w: files are %s, %s was asked for", ErrCompetencia, comp, want)
		}
	case want.IsZero():
		return files, comp, fmt.Errorf("%w: no AAAAMM in the file names; set LoadOptions.Competencia", ErrCompetencia)
	default:
		comp = want
	}
	return files, comp, nil
}

func load(fsys fs.FS, hint string, opt LoadOptions) (*Snapshot, error) {
	files, comp, err := discover(fsys, hint, opt.Competencia)
	if err != nil {
		return nil, err
	}
	l := newLoader(fsys, opt)
	l.s.comp = comp
	for _, t := range Tables() {
		l.s.stats[t].Table = t
		if files[t] == "" {
			continue
		}
		if err := l.table(t, files[t]); err != nil {
			return nil, err
		}
		if t == TableSipac && l.s.filtered && l.s.present[TableCargaHoraria] {
			if err := l.workloadPass(files[TableCargaHoraria]); err != nil {
				return nil, err
			}
		}
	}
	l.finish()
	return l.s, nil
}

// table streams one file through its row decoder.
func (l *loader) table(t Table, name string) error {
	f, err := l.fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	tr, err := newTableReader(name, t, f, l.opt.LazyQuotes, l.opt.MaxLineBytes)
	if err != nil {
		return err
	}
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	if pipelined(size) {
		tr.start()
		defer tr.stop()
	}
	st := &l.s.stats[t]
	st.File, st.Columns = name, tr.headerLen
	l.s.present[t] = true
	l.bindOptional(t, tr)
	for {
		if st.Rows == sampleRows && size > 0 {
			if rows, off := tr.progress(); off > 0 {
				l.reserve(t, size*rows/off, size, tr.headerLen)
			}
		}
		ok, err := tr.next()
		if err != nil {
			return err
		}
		if err := l.drain(tr, st); err != nil {
			return err
		}
		if !ok {
			l.flush(t, st)
			return nil
		}
		st.Rows++
		if l.s.filtered && l.skip(t, tr) {
			st.Unmatched++
			continue
		}
		if err := l.row(t, tr, st); err != nil {
			var pe *ParseError
			if l.opt.Strict || !errors.As(err, &pe) {
				return err
			}
			st.Skipped++
			l.warn(pe)
		}
		if err := l.drain(tr, st); err != nil {
			return err
		}
	}
}

// drain moves the soft errors of the reader into the warnings (or fails
// in strict mode). Records with a wrong field count were skipped.
func (l *loader) drain(tr *tableReader, st *TableStats) error {
	if len(tr.soft) == 0 {
		return nil
	}
	for _, pe := range tr.takeSoft() {
		if l.opt.Strict {
			return pe
		}
		if pe.Field == "" {
			st.Skipped++
		}
		l.warn(pe)
	}
	return nil
}

func (l *loader) warn(pe *ParseError) {
	l.s.nwarn++
	if len(l.s.warnings) < l.maxWarn {
		l.s.warnings = append(l.s.warnings, pe)
	}
}

func (l *loader) bindOptional(t Table, tr *tableReader) {
	switch t {
	case TableCargaHoraria:
		l.s.cnpjDet = tr.has(vCNPJDet)
	case TableServClass:
		l.s.cnpjCPF = tr.has(sCNPJCPF)
	}
}

// row decodes and stores one record of table t.
func (l *loader) row(t Table, tr *tableReader, st *TableStats) error {
	switch t {
	case TableEstabelecimento:
		r, err := decodeEstab(tr)
		if err != nil {
			return err
		}
		return l.addEstab(tr, r, st)
	case TableCargaHoraria:
		r, err := decodeVinc(tr)
		if err != nil {
			return err
		}
		l.addVinc(r, st)
	case TableServClass:
		r, err := decodeServ(tr)
		if err != nil {
			return err
		}
		l.addServ(r, st)
	case TableEquipe:
		r, err := decodeTeam(tr)
		if err != nil {
			return err
		}
		return l.addTeam(tr, r, st)
	case TableEquipeProf:
		r, err := decodeMember(tr)
		if err != nil {
			return err
		}
		l.addMember(r, st)
	case TableSipac:
		r, err := decodeHab(tr)
		if err != nil {
			return err
		}
		l.addHab(r, st)
	case TableProfissional:
		r, err := decodeProf(tr)
		if err != nil {
			return err
		}
		l.addProf(tr, r, st)
	}
	return nil
}

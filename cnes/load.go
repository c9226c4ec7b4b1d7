package cnes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-sus/sus/internal/safeio"
	"github.com/go-sus/sus/internal/safezip"
	"github.com/go-sus/sus/sigtap"
)

// Default caps of LoadOptions, sized from the national distribution
// (docs/cnes.md §2.4): its biggest tables, tbDadosProfissionalSus (about 7.6 M
// rows) and tbCargaHorariaSus (about 6.5 M), are about 1 GB each; the seven
// tables the package reads are about 2.5 GB in all.
const (
	// DefaultMaxFileBytes caps one table file or ZIP member: twice the
	// biggest real table.
	DefaultMaxFileBytes = 2 << 30
	// DefaultMaxTotalBytes caps what one load reads in all (a filtered
	// load reads tbCargaHorariaSus twice).
	DefaultMaxTotalBytes = 8 << 30
	// DefaultMaxWarnings is how many warnings a Snapshot keeps (all are
	// counted).
	DefaultMaxWarnings = 100
)

// LoadOptions tunes a load. A nil *LoadOptions, like the zero value, loads
// everything, strictly quoted, without personal data, within the default
// caps.
//
// The caps (MaxRecordBytes, MaxFileBytes, MaxTotalBytes, MaxWarnings)
// bound the time and memory a hostile or corrupt input can cost: a load
// that passes one fails with a *ParseError naming the file, whose cause is
// a *LimitError naming the option. They do not bound a load that keeps
// every row of a well-formed file: memory grows with the rows kept (about
// 300 bytes per vínculo, some 2 GB for the national registry), so filter
// a registry that comes from outside by CNES or Municipios.
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
	// MaxWarnings caps the warnings kept (default DefaultMaxWarnings; they
	// are all counted, see Snapshot.WarningCount).
	MaxWarnings int
	// MaxRecordBytes caps one record: a line, or several when a quoted
	// field holds line breaks (default DefaultMaxRecordBytes). A longer
	// record fails with ErrRecordTooLong as soon as the cap is passed; a
	// quote that is never closed is reported at the line where it opened.
	MaxRecordBytes int
	// MaxFileBytes caps one table file or ZIP member, read or inflated
	// (default DefaultMaxFileBytes); MaxTotalBytes caps all of them
	// together (default DefaultMaxTotalBytes). Passing either fails with
	// ErrFileTooLarge.
	MaxFileBytes, MaxTotalBytes int64
}

// withDefaults returns a copy of *o (the zero value for nil) with the
// defaults filled in.
func (o *LoadOptions) withDefaults() LoadOptions {
	var v LoadOptions
	if o != nil {
		v = *o
	}
	if v.MaxWarnings <= 0 {
		v.MaxWarnings = DefaultMaxWarnings
	}
	if v.MaxRecordBytes <= 0 {
		v.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if v.MaxFileBytes <= 0 {
		v.MaxFileBytes = DefaultMaxFileBytes
	}
	if v.MaxTotalBytes <= 0 {
		v.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if v.PublicVinculo == nil {
		v.PublicVinculo = DefaultPublicVinculo
	}
	return v
}

// limits are the backstop caps of the ZIP reader (the loader's own count
// fails first, with the option's name).
func (o *LoadOptions) limits() safezip.Limits {
	return safezip.Limits{MaxEntry: o.MaxFileBytes + 1, MaxTotal: o.MaxTotalBytes + 1}
}

// Open loads a registry from path: a BASE_DE_DADOS_CNES_AAAAMM.ZIP file or
// a directory holding the CSV files of one competência (possibly in
// subfolders). Anything but a regular file or a directory (a FIFO, a
// device) is refused with ErrNotRegular before it is read. Errors and
// warnings name the files by their path under path.
func Open(path string, opts *LoadOptions) (*Snapshot, error) {
	return OpenContext(context.Background(), path, opts)
}

// OpenContext is Open with a context: cancelling it stops the load between
// files and within a file every few thousand rows, with ctx.Err() wrapped
// in a *ParseError naming the file.
func OpenContext(ctx context.Context, path string, opts *LoadOptions) (*Snapshot, error) {
	o := opts.withDefaults()
	st, err := os.Stat(path)
	if err != nil {
		return nil, fileErr(path, err)
	}
	if st.IsDir() {
		return load(ctx, os.DirFS(path), path, filepath.Base(path), &o)
	}
	f, err := safeio.Open(path)
	if err != nil {
		return nil, fileErr(path, err)
	}
	defer f.Close()
	return loadZip(ctx, f, st.Size(), path, filepath.Base(path), &o)
}

// Load loads a registry from fsys: the extracted CSV files of one
// competência, anywhere in the tree, matched by a case-insensitive prefix
// of their base name (tbEstabelecimento202601.csv). Other files are
// ignored.
//
// Every loader streams: a file's CSV is parsed in a goroutine of its own
// while the calling goroutine decodes and indexes the records (the
// goroutine has ended when the load returns). A load without filter reads
// each table once; a filtered one reads tbCargaHorariaSus a second time to
// sum the kept professionals' workload over the whole country (check C11).
func Load(fsys fs.FS, opts *LoadOptions) (*Snapshot, error) {
	return LoadContext(context.Background(), fsys, opts)
}

// LoadContext is Load with a context (see OpenContext).
func LoadContext(ctx context.Context, fsys fs.FS, opts *LoadOptions) (*Snapshot, error) {
	o := opts.withDefaults()
	return load(ctx, fsys, "", "", &o)
}

// LoadZip loads a BASE_DE_DADOS_CNES_AAAAMM.ZIP of size bytes read from r
// (an uploaded archive, a ZIP held in memory). The archive is untrusted:
// unsafe member names are ignored, members are streamed and their sizes
// capped while they inflate (never trusting the declared sizes), and
// nothing is written to disk.
func LoadZip(r io.ReaderAt, size int64, opts *LoadOptions) (*Snapshot, error) {
	return LoadZipContext(context.Background(), r, size, opts)
}

// LoadZipContext is LoadZip with a context (see OpenContext).
func LoadZipContext(ctx context.Context, r io.ReaderAt, size int64, opts *LoadOptions) (*Snapshot, error) {
	o := opts.withDefaults()
	return loadZip(ctx, r, size, "", "", &o)
}

// loadZip loads the archive r; base names it in errors, hint may hold
// the competência (BASE_DE_DADOS_CNES_202601.ZIP).
func loadZip(ctx context.Context, r io.ReaderAt, size int64, base, hint string, o *LoadOptions) (*Snapshot, error) {
	a, err := safezip.New(r, size, o.limits())
	if err != nil {
		return nil, fileErr(base, err)
	}
	return load(ctx, a, base, hint, o)
}

// namer is implemented by safezip.Archive, whose root lists nested
// members by base name only.
type namer interface{ Names() []string }

// tableFiles lists the files of fsys that belong to a table (regular or
// not: a FIFO named like a table is refused when it is opened, not
// silently skipped).
func tableFiles(fsys fs.FS) ([]string, error) {
	if n, ok := fsys.(namer); ok {
		var out []string
		for _, name := range n.Names() {
			if _, _, ok := tableFor(name); ok {
				out = append(out, name)
			}
		}
		return out, nil
	}
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			if _, _, ok := tableFor(p); ok {
				out = append(out, p)
			}
		}
		return nil
	})
	return out, err
}

// discover finds the file of each table and the competência among names.
// hint is a path or name whose last element may tell the competência
// ("BASE_DE_DADOS_CNES_202601.ZIP", "202601").
func discover(names []string, hint string, want sigtap.Competencia) (files [numTables]string, comp sigtap.Competencia, err error) {
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
		if c, ok := hintCompetencia(hint); ok {
			comps[c.String()] = []string{hint}
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

// hintCompetencia reads the competência a folder or ZIP name carries:
// "202601", "BASE_DE_DADOS_CNES_202601.ZIP".
func hintCompetencia(hint string) (sigtap.Competencia, bool) {
	h := strings.ToUpper(path.Base(filepath.ToSlash(hint)))
	h = strings.TrimSuffix(h, ".ZIP")
	if i := strings.LastIndexByte(h, '_'); i >= 0 {
		h = h[i+1:]
	}
	if len(h) != 6 || !allDigits(h) {
		return sigtap.Competencia{}, false
	}
	c, err := sigtap.ParseCompetencia(h)
	return c, err == nil
}

// load loads the one competência of fsys. base prefixes the file names in
// errors and warnings (the path given to Open); hint may tell the
// competência.
func load(ctx context.Context, fsys fs.FS, base, hint string, o *LoadOptions) (*Snapshot, error) {
	names, err := tableFiles(fsys)
	if err != nil {
		return nil, fileErr(base, err)
	}
	files, comp, err := discover(names, hint, o.Competencia)
	if err != nil {
		return nil, fileErr(base, err)
	}
	return loadFiles(ctx, fsys, base, files, comp, o)
}

// loadFiles loads the given table files of one competência.
func loadFiles(ctx context.Context, fsys fs.FS, base string, files [numTables]string, comp sigtap.Competencia, o *LoadOptions) (*Snapshot, error) {
	l := newLoader(fsys, *o)
	l.ctx, l.base = ctx, base
	l.s.comp = comp
	for _, t := range Tables() {
		l.s.stats[t].Table = t
		if files[t] == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, &ParseError{File: l.display(files[t]), Err: err}
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

// display returns the name of a file in errors: its path under the base
// given to Open.
func (l *loader) display(name string) string {
	if l.base == "" {
		return name
	}
	return l.base + "/" + name
}

// openTable opens a table file: a regular file (or archive member) within
// the size caps, its header read and bound. Call close when done.
func (l *loader) openTable(t Table, name string) (tr *tableReader, size int64, close func(), err error) {
	disp := l.display(name)
	f, err := safeio.OpenFS(l.fsys, name)
	if errors.Is(err, safezip.ErrTooLarge) { // the size the member declares
		err = &LimitError{Option: "MaxFileBytes", Limit: l.opt.MaxFileBytes, Err: ErrFileTooLarge}
	}
	if err != nil {
		return nil, 0, nil, fileErr(disp, err)
	}
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	if size > l.opt.MaxFileBytes {
		f.Close()
		return nil, 0, nil, &ParseError{File: disp, Err: &LimitError{Option: "MaxFileBytes", Limit: l.opt.MaxFileBytes, Err: ErrFileTooLarge}}
	}
	cr := &capReader{r: f, l: l}
	tr, err = newTableReader(disp, t, cr, l.opt.LazyQuotes, l.opt.MaxRecordBytes)
	if err != nil {
		f.Close()
		return nil, 0, nil, err
	}
	if pipelined(size) {
		tr.start()
	}
	return tr, size, func() { tr.stop(); f.Close() }, nil
}

// capReader counts what a table file yields against MaxFileBytes and
// MaxTotalBytes (a ZIP member's declared size is not trusted).
type capReader struct {
	r    io.Reader
	l    *loader
	read int64
}

func (c *capReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += int64(n)
	c.l.total += int64(n)
	switch {
	case c.read > c.l.opt.MaxFileBytes:
		return 0, &LimitError{Option: "MaxFileBytes", Limit: c.l.opt.MaxFileBytes, Err: ErrFileTooLarge}
	case c.l.total > c.l.opt.MaxTotalBytes:
		return 0, &LimitError{Option: "MaxTotalBytes", Limit: c.l.opt.MaxTotalBytes, Err: ErrFileTooLarge}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			err = pathErr.Err // the file is named by the *ParseError
		}
	}
	return n, err
}

// ctxRows is how often (in records) a load checks its context.
const ctxRows = 4096

// table streams one file through its row decoder.
func (l *loader) table(t Table, name string) error {
	tr, size, closeTable, err := l.openTable(t, name)
	if err != nil {
		return err
	}
	defer closeTable()
	st := &l.s.stats[t]
	st.File, st.Columns = name, tr.headerLen
	l.s.present[t] = true
	l.bindOptional(t, tr)
	checkpoint := sampleRows
	for n := 1; ; n++ {
		if st.Rows == checkpoint && size > 0 {
			if rows, off := tr.progress(); off > 0 {
				l.reserve(t, min(size*rows/off, int64(st.Rows)*reserveGrowth), size, tr.headerLen)
			}
			checkpoint *= reserveGrowth
		}
		if n%ctxRows == 0 {
			if err := l.ctx.Err(); err != nil {
				line, _ := tr.fieldPos(0)
				return &ParseError{File: tr.file, Line: line, Err: err}
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
		if tr.rec == nil { // a skipped record, reported by drain
			continue
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
	for i := range tr.soft {
		pe := &tr.soft[i]
		if l.opt.Strict {
			e := *pe
			return &e
		}
		if pe.Field == "" {
			st.Skipped++
		}
		l.warn(pe)
	}
	clear(tr.soft)
	tr.soft = tr.soft[:0]
	return nil
}

// warn counts a warning and keeps (a copy of) the first MaxWarnings.
func (l *loader) warn(pe *ParseError) {
	l.s.nwarn++
	if len(l.s.warnings) < l.opt.MaxWarnings {
		e := *pe
		l.s.warnings = append(l.s.warnings, &e)
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

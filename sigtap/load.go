package sigtap

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-sus/sus/internal/safeio"
)

// Open loads the release at path: a ZIP file as DATASUS publishes it, or a
// directory holding its files. The competência and generation are read
// from the name when it has the official form
// (TabelaUnificada_202512_v2601221256.zip). Only regular files are read: a
// FIFO or device is refused. Errors are *ParseError values whose File
// starts with path.
func Open(path string, opts *LoadOptions) (*Release, error) {
	return OpenContext(context.Background(), path, opts)
}

// OpenContext is Open with a context: the load stops between files and
// every few thousand rows once ctx is done, and returns ctx.Err() wrapped
// in a *ParseError naming the file.
func OpenContext(ctx context.Context, path string, opts *LoadOptions) (*Release, error) {
	cfg := newConfig(opts)
	if cfg.name == "" {
		cfg.name = filepath.Base(path)
	}
	r, err := openRelease(ctx, path, cfg)
	return r, withSource(err, path)
}

// openRelease loads the ZIP or directory at path; errors name the files
// inside it.
func openRelease(ctx context.Context, path string, cfg *loadConfig) (*Release, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fileErr("", err)
	}
	if st.IsDir() {
		return loadFS(ctx, os.DirFS(path), cfg, path)
	}
	f, err := safeio.Open(path)
	if err != nil {
		return nil, fileErr("", err)
	}
	defer f.Close()
	return loadZip(ctx, f, st.Size(), cfg, path)
}

// LoadZip loads a release ZIP from ra (size bytes). The ZIP is untrusted:
// entries with ".." or absolute names are ignored, sizes are capped while
// inflating (LoadOptions.MaxFileBytes, MaxTotalBytes …) and nothing is
// written to disk. Set LoadOptions.Name or Generation to identify the
// release.
func LoadZip(ra io.ReaderAt, size int64, opts *LoadOptions) (*Release, error) {
	return LoadZipContext(context.Background(), ra, size, opts)
}

// LoadZipContext is LoadZip with a context (see OpenContext).
func LoadZipContext(ctx context.Context, ra io.ReaderAt, size int64, opts *LoadOptions) (*Release, error) {
	return loadZip(ctx, ra, size, newConfig(opts), "")
}

func loadZip(ctx context.Context, ra io.ReaderAt, size int64, cfg *loadConfig, srcName string) (*Release, error) {
	src, err := newZipSource(ra, size, cfg)
	if err != nil {
		return nil, err
	}
	return load(ctx, src, cfg, srcName)
}

// Load loads a release whose files are at the root of fsys (a directory,
// an embed.FS sub-tree, a fstest.MapFS). With the default lazy
// descriptions, fsys is read again on the first Description call. Use
// LoadSet for an fs.FS that holds release ZIPs.
func Load(fsys fs.FS, opts *LoadOptions) (*Release, error) {
	return LoadContext(context.Background(), fsys, opts)
}

// LoadContext is Load with a context (see OpenContext).
func LoadContext(ctx context.Context, fsys fs.FS, opts *LoadOptions) (*Release, error) {
	return loadFS(ctx, fsys, newConfig(opts), "")
}

func loadFS(ctx context.Context, fsys fs.FS, cfg *loadConfig, srcName string) (*Release, error) {
	src, err := newFSSource(fsys, cfg)
	if err != nil {
		return nil, err
	}
	return load(ctx, src, cfg, srcName)
}

// load reads layouts, decodes the tables concurrently and indexes them.
// srcName is the path of the release, kept for the errors of a lazy
// description read.
func load(ctx context.Context, src *source, cfg *loadConfig, srcName string) (*Release, error) {
	r := &Release{tables: map[string]anyTable{}, warns: warnings{max: cfg.maxWarnings}}
	r.warns.merge(&src.warns)
	b := newBudget(ctx, cfg)
	want, err := identify(r, cfg)
	if err != nil {
		return nil, err
	}
	layouts, err := readLayouts(r, src, b)
	if err != nil {
		return nil, err
	}
	if err := r.makeTables(src, layouts); err != nil {
		return nil, err
	}
	if err := r.readMeta(src, b); err != nil {
		return nil, err
	}
	if err := r.decodeAll(src, cfg, want, b); err != nil {
		return nil, err
	}
	if err := r.settleCompetencia(want); err != nil {
		return nil, err
	}
	if err := r.setupDescriptions(src, cfg, b, srcName); err != nil {
		return nil, err
	}
	if err := r.assemble(); err != nil {
		return nil, err
	}
	return r, nil
}

// identify reads the competência and generation from the options and the
// name; want is the DT_COMPETENCIA every row must hold, when known.
func identify(r *Release, cfg *loadConfig) ([]byte, error) {
	var nameComp Competencia
	if cfg.name != "" {
		if c, g, err := ParseReleaseName(cfg.name); err == nil {
			nameComp, r.gen = c, g
		}
	}
	if !cfg.gen.IsZero() {
		r.gen = cfg.gen
	}
	r.comp = nameComp
	if cfg.comp.Valid() {
		if nameComp.Valid() && nameComp != cfg.comp {
			return nil, &ParseError{Err: fmt.Errorf("%w: name %s says %s, option says %s", ErrCompetencia, cfg.name, nameComp, cfg.comp)}
		}
		r.comp = cfg.comp
	}
	if r.comp.Valid() {
		return []byte(r.comp.String()), nil
	}
	return nil, nil
}

// readLayouts reads layout.txt and every <table>_layout.txt; the
// per-table files win over layout.txt, with a warning when they differ.
func readLayouts(r *Release, src *source, b *budget) (map[string]*Layout, error) {
	layouts := map[string]*Layout{}
	if name, ok := src.lookup("layout.txt"); ok {
		data, err := src.read(name, b.layoutCap(), b)
		if err != nil {
			return nil, err
		}
		ls, err := ParseLayouts(data)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			layouts[l.Table] = l
			r.order = append(r.order, l.Table)
		}
	}
	var extra []string
	keys := make([]string, 0, len(src.entries))
	for k := range src.entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		table, ok := strings.CutSuffix(key, "_layout.txt")
		if !ok || table == "" {
			continue
		}
		if err := b.ctx.Err(); err != nil {
			return nil, &ParseError{File: src.entries[key], Err: err}
		}
		data, err := src.read(src.entries[key], b.layoutCap(), b)
		if err != nil {
			return nil, err
		}
		l, err := ParseLayout(table, data)
		if err != nil {
			return nil, err
		}
		if g, ok := layouts[table]; !ok {
			extra = append(extra, table)
		} else if !g.Equal(l) {
			r.warns.warn(key, 0, "differs from layout.txt; the per-table layout is used")
		}
		layouts[table] = l
	}
	r.order = append(r.order, extra...)
	return layouts, nil
}

// makeTables creates one table per layout (typed when known, generic
// otherwise) and records the known tables the release lacks.
func (r *Release) makeTables(src *source, layouts map[string]*Layout) error {
	for _, name := range r.order {
		m := tableMeta{name: name, layout: layouts[name]}
		m.file, m.present = src.lookup(name + ".txt")
		if !m.present {
			m.file = name + ".txt"
		}
		var t anyTable = &generic{tableMeta: m}
		if mk, ok := knownTables[name]; ok {
			var err error
			if t, err = mk(m); err != nil {
				return err
			}
		}
		r.tables[name] = t
	}
	known := make([]string, 0, len(knownTables))
	for name := range knownTables {
		known = append(known, name)
	}
	sort.Strings(known)
	for _, name := range known {
		mk := knownTables[name]
		if _, ok := r.tables[name]; ok {
			continue
		}
		m := tableMeta{name: name, file: name + ".txt"}
		if f, ok := src.lookup(name + ".txt"); ok {
			r.warns.warn(f, 0, "no layout for this table; ignored")
		}
		t, _ := mk(m)
		r.tables[name] = t
	}
	keys := make([]string, 0, len(src.entries))
	for key := range src.entries {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		f := src.entries[key]
		table, ok := strings.CutSuffix(key, ".txt")
		if !ok || strings.HasSuffix(table, "_layout") || table == "layout" || table == "leia_me" {
			continue
		}
		if _, known := r.tables[table]; !known {
			r.warns.warn(f, 0, "no layout for this file; ignored")
		}
	}
	for _, t := range r.tables {
		if t.meta().present {
			return nil
		}
	}
	return &ParseError{Err: ErrNoRelease}
}

// readMeta keeps versao and config.inf as they are (4 KiB at most).
func (r *Release) readMeta(src *source, b *budget) error {
	for _, m := range []struct {
		name string
		dst  *[]byte
	}{{"versao", &r.version}, {"config.inf", &r.config}} {
		if f, ok := src.lookup(m.name); ok {
			data, err := src.read(f, metaCap, b)
			if err != nil {
				return err
			}
			*m.dst = data
		}
	}
	return nil
}

// decodeAll decodes the present tables, biggest first, on cfg.workers
// goroutines. The first error in table order is returned.
func (r *Release) decodeAll(src *source, cfg *loadConfig, want []byte, b *budget) error {
	var jobs []anyTable
	for _, name := range r.order {
		t := r.tables[name]
		if !t.meta().present || (name == TableDescricao && cfg.desc != EagerDescriptions) {
			continue
		}
		jobs = append(jobs, t)
	}
	size := func(t anyTable) int64 { return src.size(t.meta().file) }
	sort.SliceStable(jobs, func(i, j int) bool { return size(jobs[i]) > size(jobs[j]) })
	errs := make([]error, len(jobs))
	warns := make([][]*ParseError, len(jobs))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < min(cfg.workers, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) || failed.Load() {
					return
				}
				file := jobs[i].meta().file
				err := b.ctx.Err()
				if err != nil {
					err = &ParseError{File: file, Err: err}
				} else {
					var f io.ReadCloser
					var size int64
					if f, size, err = src.open(file, b.dataCap(), b); err == nil {
						warns[i], err = jobs[i].decode(f, size, want, b)
						f.Close()
					}
				}
				if err != nil {
					errs[i] = fileErr(file, err)
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	var first error
	firstAt := len(r.order)
	for i, t := range jobs {
		for _, w := range warns[i] {
			r.warns.add(w)
		}
		if errs[i] != nil {
			if at := indexOf(r.order, t.meta().name); at < firstAt {
				first, firstAt = errs[i], at
			}
		}
	}
	return first
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return len(s)
}

// settleCompetencia checks that all tables agree on DT_COMPETENCIA and
// sets the release competência.
func (r *Release) settleCompetencia(want []byte) error {
	var ref *tableMeta
	for _, name := range r.order {
		m := r.tables[name].meta()
		if !m.compSeen {
			continue
		}
		if ref == nil {
			ref = m
			continue
		}
		if m.comp != ref.comp {
			return &ParseError{File: m.file, Line: m.compLine, Field: colCompetencia, Value: string(m.comp[:]),
				Err: fmt.Errorf("%w: %s holds %s", ErrCompetencia, ref.file, ref.comp[:])}
		}
	}
	switch {
	case ref != nil && want == nil:
		c, err := ParseCompetenciaBytes(ref.comp[:])
		if err != nil {
			return &ParseError{File: ref.file, Line: ref.compLine, Field: colCompetencia, Err: ErrCompetencia}
		}
		r.comp = c
	case ref == nil && want == nil:
		return &ParseError{Err: fmt.Errorf("%w: no DT_COMPETENCIA and no name to tell the competência (set LoadOptions.Competencia)", ErrCompetencia)}
	}
	return nil
}

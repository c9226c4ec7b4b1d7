package sigtap

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-sus/sus/internal/safezip"
)

// LoadOption configures Open, Load, LoadZip, OpenFS and OpenSet.
type LoadOption func(*loadConfig)

type descMode uint8

const (
	descLazy descMode = iota
	descEager
	descSkip
)

type loadConfig struct {
	comp    Competencia
	gen     Generation
	name    string
	desc    descMode
	lim     safezip.Limits
	workers int
	allGens bool
}

// WithCompetencia states the release competência. Every DT_COMPETENCIA
// must equal it; it is needed only for a release whose tables carry no
// DT_COMPETENCIA and whose name does not say.
func WithCompetencia(c Competencia) LoadOption { return func(o *loadConfig) { o.comp = c } }

// WithGeneration states the release generation, for sources whose name
// does not carry it (an io.ReaderAt, a renamed file).
func WithGeneration(g Generation) LoadOption { return func(o *loadConfig) { o.gen = g } }

// WithName gives the file name the competência and generation are read
// from (TabelaUnificada_AAAAMM_vAAMMDDHHMM[.zip]), for sources that have
// no name of their own.
func WithName(name string) LoadOption { return func(o *loadConfig) { o.name = name } }

// WithDescriptions reads tb_descricao (17 MB, the long procedure texts)
// during the load instead of on first use.
func WithDescriptions() LoadOption { return func(o *loadConfig) { o.desc = descEager } }

// SkipDescriptions does not keep tb_descricao at all: Description reports
// it absent and Write leaves it out.
func SkipDescriptions() LoadOption { return func(o *loadConfig) { o.desc = descSkip } }

// WithLimits caps the uncompressed size of each entry and of the whole
// archive (defaults: safezip.DefaultMaxEntry and DefaultMaxTotal). A
// release that inflates past a cap fails with ErrTooLarge.
func WithLimits(maxEntry, maxTotal int64) LoadOption {
	return func(o *loadConfig) { o.lim = safezip.Limits{MaxEntry: maxEntry, MaxTotal: maxTotal} }
}

// WithConcurrency sets how many tables are decoded at once (default
// GOMAXPROCS).
func WithConcurrency(n int) LoadOption { return func(o *loadConfig) { o.workers = n } }

// AllGenerations makes OpenSet load every generation found, not only the
// newest of each competência.
func AllGenerations() LoadOption { return func(o *loadConfig) { o.allGens = true } }

func newConfig(opts []LoadOption) *loadConfig {
	cfg := &loadConfig{}
	for _, o := range opts {
		o(cfg)
	}
	if cfg.workers <= 0 {
		cfg.workers = runtime.GOMAXPROCS(0)
	}
	return cfg
}

// Open loads the release at path: a ZIP file as DATASUS publishes it, or a
// directory holding its files. The competência and generation are read
// from the name when it has the official form
// (TabelaUnificada_202512_v2601221256.zip).
func Open(path string, opts ...LoadOption) (*Release, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	opts = append([]LoadOption{WithName(filepath.Base(path))}, opts...)
	if st.IsDir() {
		return Load(os.DirFS(path), opts...)
	}
	cfg := newConfig(opts)
	a, err := safezip.OpenFile(path, cfg.lim)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	return load(newZipSource(a, cfg.lim), cfg)
}

// LoadZip loads a release ZIP from ra (size bytes). The ZIP is untrusted:
// entries with ".." or absolute names are ignored, sizes are capped while
// inflating (WithLimits) and nothing is written to disk. Use WithName or
// WithGeneration to identify the release.
func LoadZip(ra io.ReaderAt, size int64, opts ...LoadOption) (*Release, error) {
	cfg := newConfig(opts)
	a, err := safezip.New(ra, size, cfg.lim)
	if err != nil {
		return nil, err
	}
	return load(newZipSource(a, cfg.lim), cfg)
}

// Load loads a release whose files are at the root of fsys (a directory,
// an embed.FS sub-tree, a fstest.MapFS). With the default lazy
// descriptions, fsys is read again on the first Description call.
func Load(fsys fs.FS, opts ...LoadOption) (*Release, error) {
	cfg := newConfig(opts)
	src, err := newFSSource(fsys, cfg.lim)
	if err != nil {
		return nil, err
	}
	return load(src, cfg)
}

// OpenFS loads the release named name inside fsys: a directory or a ZIP
// file (read through io.ReaderAt when the file supports it, as embed.FS
// files do). It is how the embedded demo world is opened.
func OpenFS(fsys fs.FS, name string, opts ...LoadOption) (*Release, error) {
	opts = append([]LoadOption{WithName(path.Base(name))}, opts...)
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		sub, err := fs.Sub(fsys, name)
		if err != nil {
			return nil, err
		}
		return Load(sub, opts...)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if ra, ok := f.(io.ReaderAt); ok {
		return LoadZip(ra, st.Size(), opts...)
	}
	cfg := newConfig(opts)
	data, err := readCapped(nil, f, st.Size(), limitOr(cfg.lim.MaxTotal, safezip.DefaultMaxTotal), name)
	if err != nil {
		return nil, err
	}
	return LoadZip(bytesReaderAt(data), int64(len(data)), opts...)
}

type bytesReaderAt []byte

// ReadAt implements io.ReaderAt.
func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// load reads layouts, decodes the tables concurrently and indexes them.
func load(src *source, cfg *loadConfig) (*Release, error) {
	r := &Release{tables: map[string]anyTable{}}
	r.warns = append(r.warns, src.warns...)
	want, err := identify(r, cfg)
	if err != nil {
		return nil, err
	}
	layouts, err := readLayouts(r, src)
	if err != nil {
		return nil, err
	}
	if err := r.makeTables(src, layouts); err != nil {
		return nil, err
	}
	if err := r.readMeta(src); err != nil {
		return nil, err
	}
	if err := r.decodeAll(src, cfg, want); err != nil {
		return nil, err
	}
	if err := r.settleCompetencia(want); err != nil {
		return nil, err
	}
	if err := r.setupDescriptions(src, cfg); err != nil {
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
			return nil, fmt.Errorf("%w: name %s says %s, option says %s", ErrCompetencia, cfg.name, nameComp, cfg.comp)
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
func readLayouts(r *Release, src *source) (map[string]*Layout, error) {
	layouts := map[string]*Layout{}
	if name, ok := src.lookup("layout.txt"); ok {
		data, err := src.read(name)
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
		data, err := src.read(src.entries[key])
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
			r.warns = append(r.warns, Warning{File: key, Message: "differs from layout.txt; the per-table layout is used"})
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
			r.warns = append(r.warns, Warning{File: f, Message: "no layout for this table; ignored"})
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
			r.warns = append(r.warns, Warning{File: f, Message: "no layout for this file; ignored"})
		}
	}
	for _, t := range r.tables {
		if t.meta().present {
			return nil
		}
	}
	return ErrNoRelease
}

// readMeta keeps versao and config.inf as they are.
func (r *Release) readMeta(src *source) error {
	for _, m := range []struct {
		name string
		dst  *[]byte
	}{{"versao", &r.version}, {"config.inf", &r.config}} {
		if f, ok := src.lookup(m.name); ok {
			data, err := src.read(f)
			if err != nil {
				return err
			}
			if len(data) > 4096 {
				return &ParseError{File: f, Err: fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))}
			}
			*m.dst = data
		}
	}
	return nil
}

// decodeAll decodes the present tables, biggest first, on cfg.workers
// goroutines. The first error in table order is returned.
func (r *Release) decodeAll(src *source, cfg *loadConfig, want []byte) error {
	var jobs []anyTable
	for _, name := range r.order {
		t := r.tables[name]
		if !t.meta().present || (name == TableDescricao && cfg.desc != descEager) {
			continue
		}
		jobs = append(jobs, t)
	}
	size := func(t anyTable) int64 { return src.sizes[strings.ToLower(path.Base(t.meta().file))] }
	sort.SliceStable(jobs, func(i, j int) bool { return size(jobs[i]) > size(jobs[j]) })
	errs := make([]error, len(jobs))
	warns := make([][]Warning, len(jobs))
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
				f, size, err := src.open(jobs[i].meta().file)
				if err == nil {
					warns[i], err = jobs[i].decode(f, size, want)
					f.Close()
				}
				if err != nil {
					errs[i] = err
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	var first error
	firstAt := len(r.order)
	for i, t := range jobs {
		r.warns = append(r.warns, warns[i]...)
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
		return fmt.Errorf("%w: no DT_COMPETENCIA and no name to tell the competência (use WithCompetencia)", ErrCompetencia)
	}
	return nil
}

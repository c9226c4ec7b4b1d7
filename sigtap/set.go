package sigtap

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/go-sus/sus/internal/safeio"
)

// Set holds releases of several competências (and possibly several
// generations of one). Production is judged by the release of its own
// competência: ForCompetencia gives it, the newest loaded generation
// unless Pin chose another. A Set is safe for concurrent reads once built;
// Add and Pin must not run concurrently with reads.
type Set struct {
	by     map[Competencia][]*Release // generations, oldest first
	pinned map[Competencia]Generation
}

// NewSet returns a set of the given releases.
func NewSet(releases ...*Release) *Set {
	s := &Set{by: map[Competencia][]*Release{}, pinned: map[Competencia]Generation{}}
	for _, r := range releases {
		s.Add(r)
	}
	return s
}

// Add adds a release; a release with the same competência and generation
// as one already in the set replaces it.
func (s *Set) Add(r *Release) {
	rs := s.by[r.comp]
	for i, o := range rs {
		if o.gen == r.gen {
			rs[i] = r
			return
		}
	}
	rs = append(rs, r)
	slices.SortStableFunc(rs, func(a, b *Release) int { return a.gen.Compare(b.gen) })
	s.by[r.comp] = rs
}

// Merge adds every release of o (every generation, as Add does) and takes
// over o's pinned generations. It is how releases from several paths make
// one set:
//
//	set := sigtap.NewSet()
//	for _, p := range paths {
//		s, err := sigtap.OpenSet(p, nil)
//		if err != nil {
//			return err
//		}
//		set.Merge(s)
//	}
func (s *Set) Merge(o *Set) {
	if o == nil {
		return
	}
	for _, c := range o.Competencias() {
		for _, r := range o.by[c] {
			s.Add(r)
		}
	}
	for c, g := range o.pinned {
		s.pinned[c] = g
	}
}

// Pin makes ForCompetencia(c) answer with generation g instead of the
// newest one. The generation must be in the set.
func (s *Set) Pin(c Competencia, g Generation) error {
	for _, r := range s.by[c] {
		if r.gen == g {
			s.pinned[c] = g
			return nil
		}
	}
	return fmt.Errorf("sigtap: no release %s in the set", ReleaseName(c, g))
}

// ForCompetencia returns the release in force for competência c: the
// pinned generation, or else the newest one loaded. ok is false when the
// set has no release of c (the caller must say so, not guess from another
// competência).
func (s *Set) ForCompetencia(c Competencia) (*Release, bool) {
	rs := s.by[c]
	if len(rs) == 0 {
		return nil, false
	}
	if g, ok := s.pinned[c]; ok {
		for _, r := range rs {
			if r.gen == g {
				return r, true
			}
		}
	}
	return rs[len(rs)-1], true
}

// Generations returns the releases of competência c, oldest generation
// first.
func (s *Set) Generations(c Competencia) []*Release { return slices.Clone(s.by[c]) }

// Competencias returns the competências of the set, in order.
func (s *Set) Competencias() []Competencia {
	out := make([]Competencia, 0, len(s.by))
	for c := range s.by {
		out = append(out, c)
	}
	slices.SortFunc(out, Competencia.Compare)
	return out
}

// Period is a run of consecutive competências, From to To inclusive.
type Period struct {
	From, To Competencia
}

// String returns "202510–202601" (or a single competência).
func (p Period) String() string {
	if p.From == p.To {
		return p.From.String()
	}
	return p.From.String() + "–" + p.To.String()
}

// Periods returns the validity periods of a fact across the set: the runs
// of consecutive competências whose release in force answers Yes. A
// competência missing from the set, or answering No or Unknown, ends a
// run. For example
//
//	s.Periods(func(r *Release) Answer { return r.AllowsCBO(code, cbo) })
//
// says since when, and until when, a CBO may perform a procedure.
func (s *Set) Periods(fact func(*Release) Answer) []Period {
	var out []Period
	var cur *Period
	for _, c := range s.Competencias() {
		r, _ := s.ForCompetencia(c)
		yes := fact(r) == Yes
		switch {
		case yes && cur != nil && cur.To.Next() == c:
			cur.To = c
		case yes:
			out = append(out, Period{c, c})
			cur = &out[len(out)-1]
		default:
			cur = nil
		}
	}
	return out
}

// Since returns the first competência of the run that holds the fact in
// the newest competência of the set ("allowed since 202511"); ok is false
// when the fact does not hold there.
func (s *Set) Since(fact func(*Release) Answer) (Competencia, bool) {
	cs := s.Competencias()
	if len(cs) == 0 {
		return Competencia{}, false
	}
	ps := s.Periods(fact)
	if len(ps) == 0 || ps[len(ps)-1].To != cs[len(cs)-1] {
		return Competencia{}, false
	}
	return ps[len(ps)-1].From, true
}

// OpenSet loads the releases at path, which may be
//
//   - a release ZIP or a release directory (one holding layout.txt or
//     tb_procedimento.txt): a set of one;
//   - a folder of release ZIPs and release directories (competência
//     subfolders): every release in it. Entries named
//     TabelaUnificada_AAAAMM_vAAMMDDHHMM[.zip] are identified by their
//     name; other ZIPs and subfolders are loaded when they hold a release
//     and identified by their data (other files, ZIPs without SIGTAP
//     tables and subfolders without release files are skipped).
//
// Only the newest generation of each competência is loaded unless
// LoadOptions.AllGenerations is set. For a folder, LoadOptions.Name,
// Competencia and Generation are ignored: each release is identified by
// its own name and data. Releases load one after the other, each with its
// tables decoded concurrently. Errors are *ParseError values whose File
// starts with the path of the release.
func OpenSet(path string, opts *LoadOptions) (*Set, error) {
	return OpenSetContext(context.Background(), path, opts)
}

// OpenSetContext is OpenSet with a context (see OpenContext); it is also
// checked between releases.
func OpenSetContext(ctx context.Context, path string, opts *LoadOptions) (*Set, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, withSource(fileErr("", err), path)
	}
	if !st.IsDir() {
		r, err := OpenContext(ctx, path, opts)
		if err != nil {
			return nil, err
		}
		return NewSet(r), nil
	}
	return loadSet(ctx, os.DirFS(path), path, opts)
}

// LoadSet is OpenSet on the root of fsys: release files at the root make
// a set of one; otherwise the release ZIPs and release directories at the
// root are loaded (an embed.FS holding release ZIPs, for example; use
// fs.Sub for a folder inside fsys). ZIP files are read through io.ReaderAt
// when the file supports it (embed.FS and os.DirFS files do), or else
// into memory, up to LoadOptions.MaxTotalBytes.
func LoadSet(fsys fs.FS, opts *LoadOptions) (*Set, error) {
	return LoadSetContext(context.Background(), fsys, opts)
}

// LoadSetContext is LoadSet with a context (see OpenSetContext).
func LoadSetContext(ctx context.Context, fsys fs.FS, opts *LoadOptions) (*Set, error) {
	return loadSet(ctx, fsys, "", opts)
}

// setMember is a release of a folder, before it is loaded.
type setMember struct {
	name  string // entry name in the folder
	dir   bool
	comp  Competencia // from the name, when named
	gen   Generation
	named bool
}

func loadSet(ctx context.Context, fsys fs.FS, base string, opts *LoadOptions) (*Set, error) {
	cfg := newConfig(opts)
	des, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, withSource(fileErr("", err), base)
	}
	if isReleaseDir(des) {
		one := *cfg
		if one.name == "" && base != "" {
			one.name = path.Base(base)
		}
		r, err := loadFS(ctx, fsys, &one, base)
		if err != nil {
			return nil, withSource(err, base)
		}
		return NewSet(r), nil
	}
	var named, other []setMember
	for _, d := range des {
		name := d.Name()
		m := setMember{name: name, dir: d.IsDir()}
		if m.dir {
			sub, err := fs.ReadDir(fsys, name)
			if err != nil || !isReleaseDir(sub) {
				continue
			}
		} else if !strings.EqualFold(path.Ext(name), ".zip") {
			continue
		}
		if c, g, err := ParseReleaseName(name); err == nil {
			m.comp, m.gen, m.named = c, g, true
			named = append(named, m)
		} else {
			other = append(other, m)
		}
	}
	// Releases identified by their data load first, so that the newest
	// generation of each competência is known before the named ones.
	newest := map[Competencia]Generation{}
	var loaded []*Release
	for _, m := range other {
		r, err := loadMember(ctx, fsys, base, m, cfg)
		if errors.Is(err, ErrNoRelease) {
			continue // a ZIP of something else
		}
		if err != nil {
			return nil, err
		}
		loaded = append(loaded, r)
		if g, ok := newest[r.comp]; !ok || r.gen.Compare(g) > 0 {
			newest[r.comp] = r.gen
		}
	}
	sort.SliceStable(named, func(i, j int) bool {
		if named[i].comp != named[j].comp {
			return named[i].comp.Before(named[j].comp)
		}
		return named[i].gen.Compare(named[j].gen) < 0
	})
	for i := 0; i < len(named); i++ {
		m := named[i]
		if i+1 < len(named) && named[i+1].comp == m.comp && named[i+1].gen == m.gen {
			named = slices.Delete(named, i, i+1) // the same release twice (a ZIP and its extracted folder): keep the last
			i--
			continue
		}
		if g, ok := newest[m.comp]; !ok || m.gen.Compare(g) >= 0 {
			newest[m.comp] = m.gen
		}
	}
	s := NewSet()
	for _, r := range loaded {
		if cfg.allGens || r.gen == newest[r.comp] {
			s.Add(r)
		}
	}
	for _, m := range named {
		if !cfg.allGens && m.gen != newest[m.comp] {
			continue
		}
		r, err := loadMember(ctx, fsys, base, m, cfg)
		if err != nil {
			return nil, err
		}
		s.Add(r)
	}
	if len(s.by) == 0 {
		return nil, withSource(&ParseError{Err: fmt.Errorf("%w: no release ZIP or release directory", ErrNoRelease)}, base)
	}
	return s, nil
}

// loadMember loads one release of a folder; errors name it.
func loadMember(ctx context.Context, fsys fs.FS, base string, m setMember, cfg *loadConfig) (*Release, error) {
	src := m.name
	if base != "" {
		src = base + "/" + m.name
	}
	if err := ctx.Err(); err != nil {
		return nil, &ParseError{File: src, Err: err}
	}
	one := *cfg
	one.name, one.comp, one.gen = m.name, Competencia{}, Generation{}
	var r *Release
	var err error
	if m.dir {
		var sub fs.FS
		if sub, err = fs.Sub(fsys, m.name); err == nil {
			r, err = loadFS(ctx, sub, &one, src)
		}
	} else {
		r, err = loadZipFile(ctx, fsys, m.name, &one, src)
	}
	return r, withSource(err, src)
}

// loadZipFile loads the release ZIP name of fsys.
func loadZipFile(ctx context.Context, fsys fs.FS, name string, cfg *loadConfig, src string) (*Release, error) {
	f, err := safeio.OpenFS(fsys, name)
	if err != nil {
		return nil, fileErr("", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fileErr("", err)
	}
	if ra, ok := f.(io.ReaderAt); ok {
		return loadZip(ctx, ra, st.Size(), cfg, src)
	}
	if st.Size() > cfg.maxTotal {
		return nil, &ParseError{Err: bytesLimit(cfg.maxTotal, "MaxTotalBytes", "")}
	}
	data, err := safeio.ReadAll(f, cfg.maxTotal)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			err = bytesLimit(cfg.maxTotal, "MaxTotalBytes", "")
		}
		return nil, fileErr("", err)
	}
	return loadZip(ctx, bytesReaderAt(data), int64(len(data)), cfg, src)
}

// isReleaseDir reports whether a directory holds the files of a release
// (layout.txt or tb_procedimento.txt, in any case).
func isReleaseDir(des []fs.DirEntry) bool {
	for _, d := range des {
		if d.IsDir() {
			continue
		}
		switch strings.ToLower(d.Name()) {
		case "layout.txt", TableProcedimento + ".txt", TableProcedimento + "_layout.txt":
			return true
		}
	}
	return false
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

package sigtap

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
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

// OpenSet loads the releases in dir: every TabelaUnificada_*.zip file and
// TabelaUnificada_* directory. Only the newest generation of each
// competência is loaded unless AllGenerations is given. Releases load
// one after the other, each with its tables decoded concurrently.
func OpenSet(dir string, opts ...LoadOption) (*Set, error) {
	return LoadSet(os.DirFS(dir), ".", opts...)
}

// LoadSet is OpenSet over fsys (an embed.FS, for example).
func LoadSet(fsys fs.FS, dir string, opts ...LoadOption) (*Set, error) {
	cfg := newConfig(opts)
	des, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	type cand struct {
		name string
		comp Competencia
		gen  Generation
	}
	var cands []cand
	for _, d := range des {
		if !d.IsDir() && !strings.EqualFold(path.Ext(d.Name()), ".zip") {
			continue
		}
		c, g, err := ParseReleaseName(d.Name())
		if err != nil {
			continue
		}
		cands = append(cands, cand{d.Name(), c, g})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].comp != cands[j].comp {
			return cands[i].comp.Before(cands[j].comp)
		}
		return cands[i].gen.Compare(cands[j].gen) < 0
	})
	if !cfg.allGens {
		var newest []cand
		for i, c := range cands {
			if i+1 == len(cands) || cands[i+1].comp != c.comp {
				newest = append(newest, c)
			}
		}
		cands = newest
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("%w: no TabelaUnificada_AAAAMM_vAAMMDDHHMM release in %s", ErrNoRelease, dir)
	}
	s := NewSet()
	for _, c := range cands {
		r, err := OpenFS(fsys, path.Join(dir, c.name), opts...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		s.Add(r)
	}
	return s, nil
}

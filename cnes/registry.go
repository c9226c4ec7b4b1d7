package cnes

import (
	"fmt"
	"slices"

	"github.com/go-sus/sus/sigtap"
)

// Registry holds several competências side by side. A BPA line must be
// checked against the registry of its own competência (PT GM/MS
// 3.462/2010 Art. 3): At returns exactly that snapshot, or nil, whose
// checks answer Unknown with ReasonNotLoaded. Closest is the explicit,
// reported fallback.
//
// Add is not safe for concurrent use with the other methods; once filled,
// a Registry is safe for concurrent reads.
type Registry struct {
	snaps map[sigtap.Competencia]*Snapshot
	comps []sigtap.Competencia // sorted
}

// NewRegistry returns a registry holding the snapshots.
func NewRegistry(snaps ...*Snapshot) (*Registry, error) {
	r := &Registry{snaps: map[sigtap.Competencia]*Snapshot{}}
	for _, s := range snaps {
		if err := r.Add(s); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// OpenRegistry loads every path (ZIP or directory, see Open) with the same
// options into a registry.
func OpenRegistry(opt LoadOptions, paths ...string) (*Registry, error) {
	r, _ := NewRegistry()
	for _, p := range paths {
		s, err := Open(p, opt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if err := r.Add(s); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	return r, nil
}

// Add adds a snapshot; its competência must not be loaded already.
func (r *Registry) Add(s *Snapshot) error {
	if s == nil {
		return fmt.Errorf("%w: nil snapshot", ErrCompetencia)
	}
	if _, dup := r.snaps[s.comp]; dup {
		return fmt.Errorf("%w: %s", ErrDuplicateCompetencia, s.comp)
	}
	r.snaps[s.comp] = s
	i, _ := slices.BinarySearchFunc(r.comps, s.comp, sigtap.Competencia.Compare)
	r.comps = slices.Insert(r.comps, i, s.comp)
	return nil
}

// At returns the snapshot of competência c, or nil when it is not loaded.
// Checks on the nil snapshot answer Unknown (ReasonNotLoaded).
func (r *Registry) At(c sigtap.Competencia) *Snapshot {
	if r == nil {
		return nil
	}
	return r.snaps[c]
}

// Closest returns the snapshot of c when loaded (exact true); otherwise the
// latest snapshot before c, or failing that the earliest after it (exact
// false), so that the caller can report the fallback. It returns nil when
// the registry is empty.
func (r *Registry) Closest(c sigtap.Competencia) (s *Snapshot, exact bool) {
	if r == nil || len(r.comps) == 0 {
		return nil, false
	}
	if s, ok := r.snaps[c]; ok {
		return s, true
	}
	i, _ := slices.BinarySearchFunc(r.comps, c, sigtap.Competencia.Compare)
	if i > 0 {
		return r.snaps[r.comps[i-1]], false
	}
	return r.snaps[r.comps[0]], false
}

// Competencias returns the loaded competências in order.
func (r *Registry) Competencias() []sigtap.Competencia {
	if r == nil {
		return nil
	}
	return slices.Clone(r.comps)
}

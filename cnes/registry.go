package cnes

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/go-sus/sus/internal/safeio"
	"github.com/go-sus/sus/internal/safezip"
	"github.com/go-sus/sus/sigtap"
)

// Registry holds several competências side by side. A BPA line must be
// checked against the registry of its own competência (PT GM/MS
// 3.462/2010 Art. 3): At returns exactly that snapshot, or nil, whose
// checks answer Unknown with ReasonNotLoaded. Closest is the explicit,
// reported fallback.
//
// Add and Merge are not safe for concurrent use with the other methods;
// once filled, a Registry is safe for concurrent reads.
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

// OpenRegistry loads every competência found at path into a registry:
// path may be a BASE_DE_DADOS_CNES_AAAAMM.ZIP, a folder of one
// competência's CSV files, or a folder of such folders and ZIPs (at any
// depth: "cnes/202512/…csv", "cnes/BASE_DE_DADOS_CNES_202601.ZIP"). CSV
// files are grouped by the competência in their names (or, for names
// without one, in their folder's name: "202601"); each group and each
// ZIP is one snapshot, loaded with the same options. Two distributions of
// the same competência fail with ErrDuplicateCompetencia naming both.
// Files that belong to no table, and ZIPs that hold none (a SIGTAP release
// in the same folder), are ignored; finding no distribution at all is
// ErrMissingTable.
func OpenRegistry(path string, opts *LoadOptions) (*Registry, error) {
	return OpenRegistryContext(context.Background(), path, opts)
}

// OpenRegistryContext is OpenRegistry with a context (see OpenContext).
func OpenRegistryContext(ctx context.Context, path string, opts *LoadOptions) (*Registry, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fileErr(path, err)
	}
	if !st.IsDir() {
		s, err := OpenContext(ctx, path, opts)
		if err != nil {
			return nil, err
		}
		return NewRegistry(s)
	}
	o := opts.withDefaults()
	return loadRegistry(ctx, os.DirFS(path), path, &o)
}

// LoadRegistry is OpenRegistry on the root of fsys (an embed.FS holding
// competência folders or ZIPs, for instance). A ZIP inside fsys is read
// in place when its file implements io.ReaderAt (os.DirFS, embed.FS and
// fstest.MapFS files do), else read into memory within MaxFileBytes.
func LoadRegistry(fsys fs.FS, opts *LoadOptions) (*Registry, error) {
	return LoadRegistryContext(context.Background(), fsys, opts)
}

// LoadRegistryContext is LoadRegistry with a context (see OpenContext).
func LoadRegistryContext(ctx context.Context, fsys fs.FS, opts *LoadOptions) (*Registry, error) {
	o := opts.withDefaults()
	return loadRegistry(ctx, fsys, "", &o)
}

func isZipName(name string) bool { return strings.EqualFold(path.Ext(name), ".zip") }

// loadRegistry expands the root of fsys into distributions (see
// OpenRegistry) and loads each.
func loadRegistry(ctx context.Context, fsys fs.FS, base string, o *LoadOptions) (*Registry, error) {
	display := func(name string) string {
		if base == "" {
			return name
		}
		return base + "/" + name
	}
	groups := map[sigtap.Competencia][]string{}
	var zips []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if isZipName(p) {
			zips = append(zips, p)
			return nil
		}
		_, c, ok := tableFor(p)
		if !ok {
			return nil
		}
		var comp sigtap.Competencia
		switch hint, okHint := hintCompetencia(path.Dir(p)); {
		case c != "":
			comp, err = sigtap.ParseCompetencia(c)
			if err != nil {
				return &ParseError{File: display(p), Err: fmt.Errorf("%w: %v", ErrCompetencia, err)}
			}
		case okHint:
			comp = hint
		case !o.Competencia.IsZero():
			comp = o.Competencia
		default:
			return &ParseError{File: display(p), Err: fmt.Errorf("%w: no AAAAMM in the file or folder name; set LoadOptions.Competencia", ErrCompetencia)}
		}
		groups[comp] = append(groups[comp], p)
		return nil
	})
	if err != nil {
		return nil, fileErr(base, err)
	}

	r, _ := NewRegistry()
	from := map[sigtap.Competencia]string{}
	add := func(s *Snapshot, source string) error {
		if prev, dup := from[s.comp]; dup {
			return fileErr(display(source), fmt.Errorf("%w: %s (also in %s)", ErrDuplicateCompetencia, s.comp, display(prev)))
		}
		from[s.comp] = source
		return r.Add(s)
	}
	comps := make([]sigtap.Competencia, 0, len(groups))
	for c := range groups {
		comps = append(comps, c)
	}
	slices.SortFunc(comps, sigtap.Competencia.Compare)
	for _, c := range comps {
		if !o.Competencia.IsZero() && c != o.Competencia {
			return nil, fileErr(display(path.Dir(groups[c][0])), fmt.Errorf("%w: files are %s, %s was asked for", ErrCompetencia, c, o.Competencia))
		}
		files, comp, err := discover(groups[c], "", c)
		if err != nil {
			return nil, fileErr(base, err)
		}
		s, err := loadFiles(ctx, fsys, base, files, comp, o)
		if err != nil {
			return nil, err
		}
		if err := add(s, path.Dir(files[TableEstabelecimento])); err != nil {
			return nil, err
		}
	}
	slices.Sort(zips)
	for _, z := range zips {
		if err := ctx.Err(); err != nil {
			return nil, &ParseError{File: display(z), Err: err}
		}
		s, err := loadZipFS(ctx, fsys, z, display(z), o)
		if err != nil {
			return nil, err
		}
		if s == nil {
			continue // a ZIP without any table of the registry
		}
		if err := add(s, z); err != nil {
			return nil, err
		}
	}
	if len(r.comps) == 0 {
		return nil, fileErr(base, fmt.Errorf("%w: no CNES distribution (table CSV files, ZIPs or competência folders)", ErrMissingTable))
	}
	return r, nil
}

// loadZipFS loads the ZIP name of fsys; it returns nil, nil for a ZIP
// that holds no table of the registry (a SIGTAP release beside it).
func loadZipFS(ctx context.Context, fsys fs.FS, name, disp string, o *LoadOptions) (*Snapshot, error) {
	f, err := safeio.OpenFS(fsys, name)
	if err != nil {
		return nil, fileErr(disp, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fileErr(disp, err)
	}
	if ra, ok := f.(io.ReaderAt); ok {
		return loadRegistryZip(ctx, ra, fi.Size(), disp, path.Base(name), o)
	}
	b, err := safeio.ReadAll(f, o.MaxFileBytes)
	if err != nil {
		if _, tooBig := err.(*safeio.LimitError); tooBig {
			err = &LimitError{Option: "MaxFileBytes", Limit: o.MaxFileBytes, Err: ErrFileTooLarge}
		}
		return nil, fileErr(disp, err)
	}
	return loadRegistryZip(ctx, bytes.NewReader(b), int64(len(b)), disp, path.Base(name), o)
}

// loadRegistryZip is loadZip, returning nil, nil for an archive without
// any table of the registry.
func loadRegistryZip(ctx context.Context, r io.ReaderAt, size int64, base, hint string, o *LoadOptions) (*Snapshot, error) {
	a, err := safezip.New(r, size, o.limits())
	if err != nil {
		return nil, fileErr(base, err)
	}
	if names, _ := tableFiles(a); len(names) == 0 {
		return nil, nil
	}
	return load(ctx, a, base, hint, o)
}

// Add adds a snapshot; its competência must not be loaded already.
func (r *Registry) Add(s *Snapshot) error {
	if s == nil {
		return fmt.Errorf("cnes: %w: nil snapshot", ErrCompetencia)
	}
	if _, dup := r.snaps[s.comp]; dup {
		return fmt.Errorf("cnes: %w: %s", ErrDuplicateCompetencia, s.comp)
	}
	if r.snaps == nil {
		r.snaps = map[sigtap.Competencia]*Snapshot{}
	}
	r.snaps[s.comp] = s
	i, _ := slices.BinarySearchFunc(r.comps, s.comp, sigtap.Competencia.Compare)
	r.comps = slices.Insert(r.comps, i, s.comp)
	return nil
}

// Merge adds every snapshot of o (a registry loaded from another path,
// for instance). When r already holds one of o's competências, Merge
// fails with ErrDuplicateCompetencia and adds nothing.
func (r *Registry) Merge(o *Registry) error {
	if o == nil {
		return nil
	}
	var dups []string
	for _, c := range o.comps {
		if _, dup := r.snaps[c]; dup {
			dups = append(dups, c.String())
		}
	}
	if len(dups) > 0 {
		return fmt.Errorf("cnes: %w: %s", ErrDuplicateCompetencia, strings.Join(dups, ", "))
	}
	for _, c := range o.comps {
		if err := r.Add(o.snaps[c]); err != nil {
			return err
		}
	}
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

package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Errors of the output checks, wrapped in an *fs.PathError naming the
// user's path.
var (
	ErrOutputSymlink  = errors.New("is a symbolic link: refusing to replace it")
	ErrOutputDir      = errors.New("is a folder, not a file")
	ErrOutputNotFile  = errors.New("is not a regular file (device, pipe or socket): refusing to replace it")
	ErrOutputNotDir   = errors.New("is not a folder")
	ErrOutputNoParent = errors.New("its folder does not exist")
	ErrOutputForeign  = errors.New("is a folder holding other files: refusing to replace it")
)

// pathErr names the user's path in err, dropping the temporary path of
// an *fs.PathError.
func pathErr(op, name string, err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// CheckOutput checks, before any long work, that the file name can be
// written: when it exists it must be a regular file (a symbolic link, a
// folder, a device or pipe is refused, not replaced), and its folder must
// exist and accept a new file. The error is an *fs.PathError naming name.
func CheckOutput(name string) error {
	if name == "" {
		return &fs.PathError{Op: "write", Path: name, Err: errors.New("empty path")}
	}
	if err := checkTarget(name, false); err != nil {
		return err
	}
	dir := filepath.Dir(name)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &fs.PathError{Op: "write", Path: name, Err: fmt.Errorf("%w (%s)", ErrOutputNoParent, dir)}
	case err != nil:
		return pathErr("write", name, err)
	case !st.IsDir():
		return &fs.PathError{Op: "write", Path: name, Err: fmt.Errorf("%s %w", dir, ErrOutputNotDir)}
	}
	return probe(dir, name)
}

// checkTarget refuses an existing name that is not a regular file (or,
// with dir, not a folder).
func checkTarget(name string, dir bool) error {
	st, err := os.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return pathErr("write", name, err)
	}
	m := st.Mode()
	switch {
	case m&fs.ModeSymlink != 0:
		return &fs.PathError{Op: "write", Path: name, Err: ErrOutputSymlink}
	case dir && !m.IsDir():
		return &fs.PathError{Op: "write", Path: name, Err: ErrOutputNotDir}
	case dir:
		return nil
	case m.IsDir():
		return &fs.PathError{Op: "write", Path: name, Err: ErrOutputDir}
	case !m.IsRegular():
		return &fs.PathError{Op: "write", Path: name, Err: ErrOutputNotFile}
	}
	return nil
}

// probe creates and removes a file in dir to learn whether it is
// writable; errors name name.
func probe(dir, name string) error {
	f, err := os.CreateTemp(dir, ".probe*")
	if err != nil {
		return pathErr("write", name, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// AtomicFile is an output file written under a temporary name in the
// target's folder and renamed over the target by Commit (or CommitAll,
// for several files that must all be replaced or none), so that readers
// never see a partial file and a failure or an interrupt leaves the
// previous file intact. Writes are buffered. Errors name the target, never
// the temporary file.
type AtomicFile struct {
	name string
	f    *os.File
	bw   *bufio.Writer
	mode fs.FileMode
	done bool
}

// CreateAtomic checks name with CheckOutput and creates its temporary
// file. The file gets the mode of the file it replaces, or 0644.
func CreateAtomic(name string) (*AtomicFile, error) {
	if err := CheckOutput(name); err != nil {
		return nil, err
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(name); err == nil {
		mode = st.Mode().Perm()
	}
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return nil, pathErr("create", name, err)
	}
	if err := track(f.Name(), false); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, pathErr("create", name, err)
	}
	return &AtomicFile{name: name, f: f, bw: bufio.NewWriterSize(f, 64<<10), mode: mode}, nil
}

// Name returns the target path.
func (a *AtomicFile) Name() string { return a.name }

// Write writes to the temporary file.
func (a *AtomicFile) Write(p []byte) (int, error) {
	n, err := a.bw.Write(p)
	return n, pathErr("write", a.name, err)
}

// finish flushes, syncs and closes the temporary file.
func (a *AtomicFile) finish() error {
	err := a.bw.Flush()
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(a.f.Name(), a.mode)
	}
	return pathErr("write", a.name, err)
}

// Abort removes the temporary file; the target is left as it was. It may
// be called after Commit (it then does nothing) and more than once.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	os.Remove(a.f.Name())
	untrack(a.f.Name())
}

// Commit replaces the target with what was written.
func (a *AtomicFile) Commit() error { return CommitAll(a) }

// CommitAll replaces every target with what was written to its
// AtomicFile — all of them or, when one fails, none: targets already
// replaced get their previous content back (or are removed when they did
// not exist). On error every temporary file is removed. An interrupt
// waits for a CommitAll under way. Each rename is atomic; the set is
// all-or-none against errors and interrupts, not against a crash of the
// machine in the middle of the renames.
func CommitAll(files ...*AtomicFile) error {
	abort := func() {
		for _, a := range files {
			a.Abort()
		}
	}
	for _, a := range files {
		if a.done {
			abort()
			return pathErr("write", a.name, errors.New("already committed or aborted"))
		}
		if err := a.finish(); err != nil {
			abort()
			return err
		}
	}
	err := commit(func() error {
		if len(files) == 1 {
			a := files[0]
			if err := checkTarget(a.name, false); err != nil {
				return err
			}
			return pathErr("rename", a.name, os.Rename(a.f.Name(), a.name))
		}
		return renameAll(files)
	})
	if err != nil {
		abort()
		return err
	}
	for _, a := range files {
		a.done = true
		untrack(a.f.Name())
	}
	syncDirs(files)
	return nil
}

// renameAll renames several temporary files over their targets, keeping a
// hard link to each previous target so that a failure can put every one
// back.
func renameAll(files []*AtomicFile) error {
	type undo struct{ name, backup string }
	var undos []undo
	rollback := func() {
		for i := len(undos) - 1; i >= 0; i-- {
			u := undos[i]
			if u.backup == "" {
				os.Remove(u.name)
			} else {
				os.Rename(u.backup, u.name)
			}
		}
	}
	var backups []string
	defer func() {
		for _, b := range backups {
			os.Remove(b)
		}
	}()
	for _, a := range files {
		if err := checkTarget(a.name, false); err != nil {
			rollback()
			return err
		}
		backup := ""
		if _, err := os.Lstat(a.name); err == nil {
			backup = a.f.Name() + ".old"
			if err := linkOrCopy(a.name, backup); err != nil {
				rollback()
				return pathErr("write", a.name, err)
			}
			backups = append(backups, backup)
		}
		if err := os.Rename(a.f.Name(), a.name); err != nil {
			rollback()
			return pathErr("rename", a.name, err)
		}
		undos = append(undos, undo{a.name, backup})
	}
	return nil
}

// linkOrCopy makes backup a hard link to name or, where the file system
// has none, a copy of it.
func linkOrCopy(name, backup string) error {
	if os.Link(name, backup) == nil {
		return nil
	}
	in, err := os.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(backup, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(backup)
	}
	return err
}

// syncDirs syncs the folders of files so that the renames are durable
// (best effort: not every system can sync a folder).
func syncDirs(files []*AtomicFile) {
	seen := map[string]bool{}
	for _, a := range files {
		d := filepath.Dir(a.name)
		if seen[d] {
			continue
		}
		seen[d] = true
		if f, err := os.Open(d); err == nil {
			f.Sync()
			f.Close()
		}
	}
}

// WriteFileAtomic writes the file name through fn with an AtomicFile: fn
// writes to a buffered temporary file in name's folder, which replaces
// name once fn succeeded (flushed, synced, renamed). On error, or on an
// interrupt, name is left as it was and no temporary file remains. name
// is checked first (CheckOutput). The file gets the mode of the file it
// replaces, or 0644.
func WriteFileAtomic(name string, fn func(w io.Writer) error) error {
	a, err := CreateAtomic(name)
	if err != nil {
		return err
	}
	if err := fn(a); err != nil {
		a.Abort()
		return err
	}
	return a.Commit()
}

// CheckOutputDir checks, before any long work, that the folder dir can be
// written by WriteDirAtomic: when it exists it must be a folder (not a
// symbolic link or a file), and the folder that holds it must exist (or be
// creatable) and accept a new entry.
func CheckOutputDir(dir string) error {
	if dir == "" {
		return &fs.PathError{Op: "write", Path: dir, Err: errors.New("empty path")}
	}
	if err := checkTarget(dir, true); err != nil {
		return err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	st, err := os.Stat(parent)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return pathErr("write", dir, err)
		}
	case err != nil:
		return pathErr("write", dir, err)
	case !st.IsDir():
		return &fs.PathError{Op: "write", Path: dir, Err: fmt.Errorf("%s %w", parent, ErrOutputNotDir)}
	}
	return probe(parent, dir)
}

// WriteDirAtomic writes the folder dir: fn fills a new temporary folder
// beside dir, whose files are then synced and which replaces dir by
// renames, so that dir is never seen half written (a half-written copy
// that loads as a complete one is worse than none). When dir exists it is
// replaced only when it is empty or holds nothing but regular files that
// fn wrote too (the previous output of the same command); a folder holding
// anything else is refused, untouched. On error or interrupt dir is left
// as it was and the temporary folder is removed. Errors name dir. An
// existing dir is replaced by two renames (dir aside, the new folder in
// its place) under the lock that interrupts wait for; only a crash of the
// machine between them would leave the previous folder as the hidden
// sibling ".DIR.tmp….old".
func WriteDirAtomic(dir string, fn func(tmp string) error) error {
	dir = filepath.Clean(dir)
	if err := CheckOutputDir(dir); err != nil {
		return err
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp*")
	if err != nil {
		return pathErr("create", dir, err)
	}
	if err := track(tmp, true); err != nil {
		os.RemoveAll(tmp)
		return pathErr("create", dir, err)
	}
	fail := func(err error) error {
		os.RemoveAll(tmp)
		untrack(tmp)
		return err
	}
	if err := fn(tmp); err != nil {
		return fail(err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fail(pathErr("write", dir, err))
	}
	written, err := syncTree(tmp)
	if err != nil {
		return fail(pathErr("write", dir, err))
	}
	err = commit(func() error {
		if err := checkTarget(dir, true); err != nil {
			return err
		}
		old, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return pathErr("rename", dir, os.Rename(tmp, dir))
		}
		if err != nil {
			return pathErr("write", dir, err)
		}
		for _, e := range old {
			if !e.Type().IsRegular() || !slices.Contains(written, e.Name()) {
				return &fs.PathError{Op: "write", Path: dir, Err: fmt.Errorf("%w (it holds %q)", ErrOutputForeign, e.Name())}
			}
		}
		backup := tmp + ".old"
		if err := os.Rename(dir, backup); err != nil {
			return pathErr("rename", dir, err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(backup, dir)
			return pathErr("rename", dir, err)
		}
		os.RemoveAll(backup)
		return nil
	})
	if err != nil {
		return fail(err)
	}
	untrack(tmp)
	if f, err := os.Open(parent); err == nil {
		f.Sync()
		f.Close()
	}
	return nil
}

// syncTree syncs every regular file directly in dir and returns their
// names; a sub-folder is synced recursively and named with a trailing
// slash.
func syncTree(dir string) ([]string, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range es {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir():
			if _, err := syncTree(p); err != nil {
				return nil, err
			}
			names = append(names, e.Name()+"/")
		case e.Type().IsRegular():
			f, err := os.OpenFile(p, os.O_RDWR, 0)
			if err != nil {
				return nil, err
			}
			err = f.Sync()
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return nil, err
			}
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// IsTempName reports whether a base name is one of the temporary names
// the atomic writers and the output checks use (".NAME.tmp…",
// ".probe…"), for tests that look for leftovers.
func IsTempName(base string) bool {
	return strings.HasPrefix(base, ".") && (strings.Contains(base, ".tmp") || strings.HasPrefix(base, ".probe"))
}

// Package safeio holds the low-level guards every loader of untrusted
// input shares: only regular files are opened (a FIFO, device or socket
// given as a table file would block or never end), and whole-file reads
// are capped so that a hostile input fails with a clear limit error
// instead of exhausting memory.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular reports a path that is not a regular file (a FIFO, a
// device, a socket): loaders refuse it before reading.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge reports an input larger than the cap of the read.
var ErrTooLarge = errors.New("larger than the limit")

// LimitError is ErrTooLarge with the limit that was passed.
type LimitError struct {
	Limit int64 // the cap, in bytes
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%v of %s", ErrTooLarge, FormatBytes(e.Limit))
}

// Unwrap returns ErrTooLarge.
func (e *LimitError) Unwrap() error { return ErrTooLarge }

// FormatBytes formats n bytes for an error message ("64 MiB", "512 B").
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// Open opens the file at path for reading when it is a regular file, and
// fails with an *fs.PathError wrapping ErrNotRegular otherwise (a
// directory included). Symbolic links are followed.
func Open(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	// The file may have been replaced between Stat and Open.
	if st, err = f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = ErrNotRegular
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return f, nil
}

// OpenFS opens name in fsys when fs.Stat says it is a regular file (or
// when the file system reports no type bits, as archives do), and fails
// with an *fs.PathError wrapping ErrNotRegular otherwise.
func OpenFS(fsys fs.FS, name string) (fs.File, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() || st.Mode().Type() != 0 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return fsys.Open(name)
}

// ReadAll reads r to the end, failing with a *LimitError once more than
// limit bytes arrive. It never allocates more than limit+1 bytes for the
// data.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &LimitError{Limit: limit}
	}
	return b, nil
}

// ReadFile reads the regular file name of fsys, capped at limit bytes
// (see ReadAll and OpenFS).
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := OpenFS(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := ReadAll(f, limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return b, nil
}

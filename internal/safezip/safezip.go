// Package safezip opens ZIP archives that come from outside (DATASUS
// downloads, user uploads) without trusting them: entry names with ".." or
// absolute paths are ignored, every entry and the whole archive have caps
// on their uncompressed size that are enforced while reading (not just from
// the declared sizes), and nothing is ever written to disk.
package safezip

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync/atomic"
	"time"
)

// Default limits, generous for DATASUS releases (the biggest SIGTAP entry
// is 17 MB; national CNES files run to hundreds of MB).
const (
	DefaultMaxEntry = 2 << 30 // 2 GiB
	DefaultMaxTotal = 8 << 30 // 8 GiB
)

// ErrTooLarge reports an entry or archive that inflates past its cap.
var ErrTooLarge = errors.New("zip: uncompressed size exceeds the limit")

// Limits caps what an archive may inflate to. Zero fields take the
// defaults.
type Limits struct {
	MaxEntry int64 // per entry
	MaxTotal int64 // all entries read through one Archive
}

// Archive is a ZIP archive viewed as an fs.FS of its safe, regular entries.
type Archive struct {
	r       *zip.Reader
	closer  io.Closer
	files   map[string]*zip.File // cleaned name → entry
	names   []string             // in archive order
	skipped []string             // unsafe names that were ignored
	lim     Limits
	total   atomic.Int64
}

// New reads the archive directory from ra.
func New(ra io.ReaderAt, size int64, lim Limits) (*Archive, error) {
	r, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, err
	}
	if lim.MaxEntry <= 0 {
		lim.MaxEntry = DefaultMaxEntry
	}
	if lim.MaxTotal <= 0 {
		lim.MaxTotal = DefaultMaxTotal
	}
	a := &Archive{r: r, files: make(map[string]*zip.File, len(r.File)), lim: lim}
	for _, f := range r.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if f.FileInfo().IsDir() {
			continue
		}
		if !fs.ValidPath(name) || strings.Contains(name, "..") || path.IsAbs(name) {
			a.skipped = append(a.skipped, f.Name)
			continue
		}
		if _, dup := a.files[name]; dup {
			a.skipped = append(a.skipped, f.Name)
			continue
		}
		a.files[name] = f
		a.names = append(a.names, name)
	}
	return a, nil
}

// OpenFile opens the ZIP file at name. Close the archive when done.
func OpenFile(name string, lim Limits) (*Archive, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	a, err := New(f, st.Size(), lim)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a.closer = f
	return a, nil
}

// Close closes the underlying file when the archive was opened by OpenFile.
func (a *Archive) Close() error {
	if a.closer != nil {
		return a.closer.Close()
	}
	return nil
}

// Names returns the safe entry names in archive order.
func (a *Archive) Names() []string { return append([]string(nil), a.names...) }

// Skipped returns the entry names that were ignored as unsafe or duplicate.
func (a *Archive) Skipped() []string { return append([]string(nil), a.skipped...) }

// Entry returns the zip header of a safe entry.
func (a *Archive) Entry(name string) (*zip.File, bool) {
	f, ok := a.files[name]
	return f, ok
}

// Open implements fs.FS. Reading past the entry or archive cap fails with
// ErrTooLarge.
func (a *Archive) Open(name string) (fs.File, error) {
	if name == "." {
		return &rootDir{a: a}, nil
	}
	f, ok := a.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if int64(f.UncompressedSize64) > a.lim.MaxEntry || f.UncompressedSize64 > 1<<62 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrTooLarge}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &entry{f: f, rc: rc, a: a, left: a.lim.MaxEntry}, nil
}

// ReadDir implements fs.ReadDirFS for the root (the archive is treated as
// flat; nested names are listed with their full path).
func (a *Archive) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(a.names))
	for _, n := range a.names {
		out = append(out, fs.FileInfoToDirEntry(info{a.files[n], n}))
	}
	return out, nil
}

type entry struct {
	f    *zip.File
	rc   io.ReadCloser
	a    *Archive
	left int64
}

func (e *entry) Stat() (fs.FileInfo, error) { return info{e.f, e.f.Name}, nil }
func (e *entry) Close() error               { return e.rc.Close() }
func (e *entry) Read(p []byte) (int, error) {
	if int64(len(p)) > e.left+1 {
		p = p[:e.left+1]
	}
	n, err := e.rc.Read(p)
	e.left -= int64(n)
	if e.left < 0 {
		return 0, &fs.PathError{Op: "read", Path: e.f.Name, Err: ErrTooLarge}
	}
	if e.a.total.Add(int64(n)) > e.a.lim.MaxTotal {
		return 0, &fs.PathError{Op: "read", Path: e.f.Name, Err: ErrTooLarge}
	}
	return n, err
}

type info struct {
	f    *zip.File
	name string
}

func (i info) Name() string       { return path.Base(i.name) }
func (i info) Size() int64        { return int64(i.f.UncompressedSize64) }
func (i info) Mode() fs.FileMode  { return 0o444 }
func (i info) ModTime() time.Time { return i.f.Modified }
func (i info) IsDir() bool        { return false }
func (i info) Sys() any           { return nil }

type rootDir struct {
	a   *Archive
	off int
}

func (d *rootDir) Stat() (fs.FileInfo, error) { return dirInfo{}, nil }
func (d *rootDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *rootDir) Close() error               { return nil }
func (d *rootDir) ReadDir(n int) ([]fs.DirEntry, error) {
	es, _ := d.a.ReadDir(".")
	es = es[d.off:]
	if n <= 0 {
		d.off += len(es)
		return es, nil
	}
	if len(es) == 0 {
		return nil, io.EOF
	}
	if len(es) > n {
		es = es[:n]
	}
	d.off += len(es)
	return es, nil
}

type dirInfo struct{}

func (dirInfo) Name() string       { return "." }
func (dirInfo) Size() int64        { return 0 }
func (dirInfo) Mode() fs.FileMode  { return fs.ModeDir | 0o555 }
func (dirInfo) ModTime() time.Time { return time.Time{} }
func (dirInfo) IsDir() bool        { return true }
func (dirInfo) Sys() any           { return nil }

// Entries returns the number of entries the archive's end-of-central-
// directory record declares (ZIP64 included), reading only the end of
// the archive. Callers check it against their cap before New, which
// allocates for every entry the directory lists. It fails with
// zip.ErrFormat when no end record is found.
func Entries(ra io.ReaderAt, size int64) (uint64, error) {
	const eocdLen, maxComment = 22, 65535
	n := min(size, eocdLen+maxComment)
	if n < eocdLen {
		return 0, zip.ErrFormat
	}
	buf := make([]byte, n)
	if _, err := ra.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return 0, err
	}
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if string(buf[i:i+4]) != "PK\x05\x06" {
			continue
		}
		total := uint64(le16(buf[i+10:]))
		if total != 0xFFFF {
			return total, nil
		}
		// ZIP64: the locator sits just before the end record.
		loc := size - n + int64(i) - 20
		if loc < 0 {
			return 0, zip.ErrFormat
		}
		var l [20]byte
		if _, err := ra.ReadAt(l[:], loc); err != nil {
			return 0, err
		}
		if string(l[:4]) != "PK\x06\x07" {
			return total, nil
		}
		off := int64(le64(l[8:]))
		var e [56]byte
		if off < 0 || off > size-56 {
			return 0, zip.ErrFormat
		}
		if _, err := ra.ReadAt(e[:], off); err != nil {
			return 0, err
		}
		if string(e[:4]) != "PK\x06\x06" {
			return 0, zip.ErrFormat
		}
		return le64(e[32:]), nil
	}
	return 0, zip.ErrFormat
}

func le16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }

func le64(b []byte) uint64 {
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

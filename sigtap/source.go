package sigtap

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/go-sus/sus/internal/safezip"
)

// source is where a release is read from: a ZIP archive or a directory
// (any fs.FS), with the entries at its root.
type source struct {
	fsys     fs.FS
	zip      *safezip.Archive // nil for directories
	entries  map[string]string
	sizes    map[string]int64
	maxEntry int64
	warns    []Warning
}

func newZipSource(a *safezip.Archive, lim safezip.Limits) *source {
	s := &source{fsys: a, zip: a, maxEntry: limitOr(lim.MaxEntry, safezip.DefaultMaxEntry)}
	for _, n := range a.Skipped() {
		s.warns = append(s.warns, Warning{File: n, Message: "unsafe or duplicate ZIP entry ignored"})
	}
	names := a.Names()
	sizes := make(map[string]int64, len(names))
	for _, n := range names {
		if f, ok := a.Entry(n); ok {
			sizes[n] = int64(min(f.UncompressedSize64, 1<<62))
		}
	}
	s.index(names, sizes)
	return s
}

func newFSSource(fsys fs.FS, lim safezip.Limits) (*source, error) {
	s := &source{fsys: fsys, maxEntry: limitOr(lim.MaxEntry, safezip.DefaultMaxEntry)}
	des, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var names []string
	sizes := map[string]int64{}
	for _, d := range des {
		if d.IsDir() {
			continue
		}
		names = append(names, d.Name())
		if fi, err := d.Info(); err == nil {
			sizes[d.Name()] = fi.Size()
		}
	}
	s.index(names, sizes)
	return s, nil
}

func limitOr(v, def int64) int64 {
	if v <= 0 {
		return def
	}
	return v
}

// index maps lower-case base names to entry names; the official ZIPs are
// flat, but a release zipped inside one folder still loads.
func (s *source) index(names []string, sizes map[string]int64) {
	s.entries = make(map[string]string, len(names))
	s.sizes = make(map[string]int64, len(names))
	sort.Strings(names)
	for _, n := range names {
		key := strings.ToLower(path.Base(n))
		if prev, dup := s.entries[key]; dup {
			s.warns = append(s.warns, Warning{File: n, Message: "same file name as " + prev + "; ignored"})
			continue
		}
		s.entries[key] = n
		s.sizes[key] = sizes[n]
	}
}

// lookup returns the entry name for a lower-case base name.
func (s *source) lookup(base string) (string, bool) {
	n, ok := s.entries[base]
	return n, ok
}

// read returns the whole content of an entry, failing with ErrTooLarge
// past the entry cap (the archive also enforces its total cap).
func (s *source) read(name string) ([]byte, error) {
	f, err := s.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	hint := s.sizes[strings.ToLower(path.Base(name))]
	return readCapped(nil, f, hint, s.maxEntry, name)
}

// open opens an entry for streaming; reading past the entry cap fails with
// ErrTooLarge.
func (s *source) open(name string) (io.ReadCloser, int64, error) {
	f, err := s.fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	hint := s.sizes[strings.ToLower(path.Base(name))]
	if s.zip != nil {
		return f, hint, nil // safezip enforces its caps
	}
	return &cappedReader{f: f, left: s.maxEntry, name: name}, hint, nil
}

type cappedReader struct {
	f    fs.File
	left int64
	name string
}

// Read reads from the file, failing with ErrTooLarge past the cap.
func (c *cappedReader) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.f.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, &fs.PathError{Op: "read", Path: c.name, Err: ErrTooLarge}
	}
	return n, err
}

// Close closes the file.
func (c *cappedReader) Close() error { return c.f.Close() }

// readCapped reads r to its end into buf[:0], growing it as needed, and
// fails with ErrTooLarge past max bytes. hint is the expected size.
func readCapped(buf []byte, r io.Reader, hint, max int64, name string) ([]byte, error) {
	if hint < 0 || hint > max {
		hint = max
	}
	hint = min(hint, 256<<20) // grow past this only if the data is really there
	if int64(cap(buf)) < hint+1 {
		buf = make([]byte, 0, hint+1)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// rawEntry is a ZIP entry kept compressed, to be inflated on first use.
type rawEntry struct {
	name   string
	method uint16
	crc    uint32
	size   uint64
	data   []byte
	max    int64
}

// raw returns the compressed bytes of a ZIP entry, or nil when the source
// is not a ZIP.
func (s *source) raw(name string) (*rawEntry, error) {
	if s.zip == nil {
		return nil, nil
	}
	f, ok := s.zip.Entry(name)
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return nil, &fs.PathError{Op: "open", Path: name, Err: zip.ErrAlgorithm}
	}
	if int64(f.UncompressedSize64) > s.maxEntry || f.UncompressedSize64 > 1<<62 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrTooLarge}
	}
	rc, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	data, err := readCapped(nil, rc, int64(min(f.CompressedSize64, 1<<40)), s.maxEntry, name)
	if err != nil {
		return nil, err
	}
	return &rawEntry{name: name, method: f.Method, crc: f.CRC32, size: f.UncompressedSize64, data: data, max: s.maxEntry}, nil
}

// inflate decompresses a raw entry, enforcing the cap and the CRC.
func (e *rawEntry) inflate() ([]byte, error) {
	var r io.Reader = bytes.NewReader(e.data)
	if e.method == zip.Deflate {
		fr := flate.NewReader(r)
		defer fr.Close()
		r = fr
	}
	data, err := readCapped(nil, r, int64(e.size), e.max, e.name)
	if err != nil {
		return nil, err
	}
	if crc32.ChecksumIEEE(data) != e.crc {
		return nil, &fs.PathError{Op: "read", Path: e.name, Err: zip.ErrChecksum}
	}
	return data, nil
}

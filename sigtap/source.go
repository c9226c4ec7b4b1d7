package sigtap

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/go-sus/sus/internal/safeio"
	"github.com/go-sus/sus/internal/safezip"
)

// budget is the state of one load's caps, shared by the goroutines that
// decode its tables: the bytes and rows read so far, and the context.
type budget struct {
	ctx          context.Context
	maxFile      int64
	maxTotal     int64
	maxLayout    int64
	maxRows      int
	maxTotalRows int
	bytes        atomic.Int64
	rows         atomic.Int64
}

func newBudget(ctx context.Context, cfg *loadConfig) *budget {
	return &budget{ctx: ctx, maxFile: cfg.maxFile, maxTotal: cfg.maxTotal, maxLayout: cfg.maxLayout,
		maxRows: cfg.maxRows, maxTotalRows: cfg.maxTotalRows}
}

// lazyBudget is the budget of a lazy tb_descricao read, after the load:
// the per-file caps hold, the total was reserved during the load.
func (b *budget) lazy() *budget {
	return &budget{ctx: context.Background(), maxFile: b.maxFile, maxTotal: 1 << 62, maxLayout: b.maxLayout,
		maxRows: b.maxRows, maxTotalRows: 1 << 62}
}

// charge counts n more bytes read against the total cap. The error is
// about the release as a whole (no file).
func (b *budget) charge(n int64) error {
	if b.bytes.Add(n) > b.maxTotal {
		return &ParseError{Err: bytesLimit(b.maxTotal, "MaxTotalBytes", "release")}
	}
	return nil
}

// fileCap is the cap of one file and the option that sets it.
type fileCap struct {
	max    int64
	option string
}

func (b *budget) dataCap() fileCap   { return fileCap{b.maxFile, "MaxFileBytes"} }
func (b *budget) layoutCap() fileCap { return fileCap{b.maxLayout, "MaxLayoutBytes"} }

var metaCap = fileCap{metaMaxBytes, ""}

// source is where a release is read from: a ZIP archive or a directory
// (any fs.FS), with the entries at its root.
type source struct {
	fsys    fs.FS
	zip     *safezip.Archive // nil for directories
	entries map[string]string
	sizes   map[string]int64
	warns   warnings
}

// zipLimits are the archive's own caps: a backstop behind the budget's,
// which are checked first and name their option.
var zipLimits = safezip.Limits{}

// newZipSource reads the directory of a release ZIP, refusing one that
// lists more than maxFiles entries before allocating for them.
func newZipSource(ra io.ReaderAt, size int64, cfg *loadConfig) (*source, error) {
	if n, err := safezip.Entries(ra, size); err == nil && n > uint64(cfg.maxFiles) {
		return nil, &ParseError{Err: countLimit(cfg.maxFiles, "ZIP entries", "MaxFiles")}
	}
	a, err := safezip.New(ra, size, zipLimits)
	if err != nil {
		return nil, &ParseError{Err: err}
	}
	s := &source{fsys: a, zip: a, warns: warnings{max: cfg.maxWarnings}}
	for _, n := range a.Skipped() {
		s.warns.warn(n, 0, "unsafe or duplicate ZIP entry ignored")
	}
	names := a.Names()
	sizes := make(map[string]int64, len(names))
	for _, n := range names {
		if f, ok := a.Entry(n); ok {
			sizes[n] = int64(min(f.UncompressedSize64, 1<<62))
		}
	}
	s.index(names, sizes)
	return s, nil
}

// newFSSource lists the files at the root of fsys.
func newFSSource(fsys fs.FS, cfg *loadConfig) (*source, error) {
	s := &source{fsys: fsys, warns: warnings{max: cfg.maxWarnings}}
	des, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fileErr("", err)
	}
	if len(des) > cfg.maxFiles {
		return nil, &ParseError{Err: countLimit(cfg.maxFiles, "files", "MaxFiles")}
	}
	var names []string
	sizes := map[string]int64{}
	for _, d := range des {
		if d.IsDir() {
			continue
		}
		names = append(names, d.Name())
		if fi, err := d.Info(); err == nil && fi.Mode().IsRegular() {
			sizes[d.Name()] = fi.Size()
		}
	}
	s.index(names, sizes)
	return s, nil
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
			s.warns.warn(n, 0, "same file name as "+prev+"; ignored")
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

// size returns the size an entry declares (a ZIP's header, a file's
// Stat).
func (s *source) size(name string) int64 { return s.sizes[strings.ToLower(path.Base(name))] }

// open opens an entry for streaming. Only regular files are opened (a
// FIFO would block forever); an entry that declares more than c.max bytes
// fails at once, and reading past c.max or past the budget's total fails
// with ErrTooLarge.
func (s *source) open(name string, c fileCap, b *budget) (io.ReadCloser, int64, error) {
	size := s.size(name)
	if size > c.max {
		return nil, 0, &ParseError{File: name, Err: bytesLimit(c.max, c.option, "")}
	}
	var f fs.File
	var err error
	if s.zip != nil {
		f, err = s.zip.Open(name)
	} else {
		f, err = safeio.OpenFS(s.fsys, name)
		if err == nil {
			var st fs.FileInfo
			if st, err = f.Stat(); err == nil {
				size = st.Size()
				if size > c.max {
					f.Close()
					return nil, 0, &ParseError{File: name, Err: bytesLimit(c.max, c.option, "")}
				}
			} else {
				f.Close()
			}
		}
	}
	if err != nil {
		return nil, 0, fileErr(name, err)
	}
	return &capReader{f: f, name: name, left: c.max, c: c, b: b}, size, nil
}

// read returns the whole content of an entry (see open).
func (s *source) read(name string, c fileCap, b *budget) ([]byte, error) {
	f, size, err := s.open(name, c, b)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := bytes.NewBuffer(make([]byte, 0, min(size, c.max)+1))
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, fileErr(name, err)
	}
	return buf.Bytes(), nil
}

// capReader reads an entry, failing with ErrTooLarge past its cap or the
// budget's total.
type capReader struct {
	f    io.ReadCloser
	name string
	left int64
	c    fileCap
	b    *budget
}

// Read reads from the entry, failing past the caps.
func (r *capReader) Read(p []byte) (int, error) {
	if int64(len(p)) > r.left+1 {
		p = p[:r.left+1]
	}
	n, err := r.f.Read(p)
	r.left -= int64(n)
	if r.left < 0 {
		return 0, &ParseError{File: r.name, Err: bytesLimit(r.c.max, r.c.option, "")}
	}
	if r.b != nil {
		if e := r.b.charge(int64(n)); e != nil {
			return 0, e
		}
	}
	if err != nil && err != io.EOF {
		return n, fileErr(r.name, err)
	}
	return n, err
}

// Close closes the entry.
func (r *capReader) Close() error { return r.f.Close() }

// rawEntry is a ZIP entry kept compressed, to be inflated on first use.
type rawEntry struct {
	name   string
	method uint16
	crc    uint32
	size   uint64
	data   []byte
}

// maxRawBytes caps the compressed bytes of tb_descricao kept for a lazy
// read (the real entry compresses to 0.4 MB); a bigger one is read
// during the load.
const maxRawBytes = 8 << 20

// raw returns the compressed bytes of a ZIP entry, or nil when the source
// is not a ZIP or the entry is too big to keep compressed.
func (s *source) raw(name string, c fileCap) (*rawEntry, error) {
	if s.zip == nil {
		return nil, nil
	}
	f, ok := s.zip.Entry(name)
	if !ok {
		return nil, &ParseError{File: name, Err: fs.ErrNotExist}
	}
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return nil, &ParseError{File: name, Err: zip.ErrAlgorithm}
	}
	if f.UncompressedSize64 > uint64(c.max) {
		return nil, &ParseError{File: name, Err: bytesLimit(c.max, c.option, "")}
	}
	if f.CompressedSize64 > maxRawBytes {
		return nil, nil
	}
	rc, err := f.OpenRaw()
	if err != nil {
		return nil, fileErr(name, err)
	}
	data := make([]byte, f.CompressedSize64)
	if _, err := io.ReadFull(rc, data); err != nil {
		return nil, fileErr(name, err)
	}
	return &rawEntry{name: name, method: f.Method, crc: f.CRC32, size: f.UncompressedSize64, data: data}, nil
}

// open returns a reader that inflates the entry, checking its size and
// CRC at the end.
func (e *rawEntry) open() io.ReadCloser {
	var r io.Reader = bytes.NewReader(e.data)
	var closer io.Closer = io.NopCloser(nil)
	if e.method == zip.Deflate {
		fr := flate.NewReader(r)
		r, closer = fr, fr
	}
	return &checkReader{r: r, c: closer, e: e, h: crc32.NewIEEE()}
}

// checkReader verifies the size and CRC of an inflated entry.
type checkReader struct {
	r io.Reader
	c io.Closer
	e *rawEntry
	h hash.Hash32
	n uint64
}

// Read reads inflated bytes, failing at the end when they do not match
// the entry's header.
func (c *checkReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += uint64(n)
	c.h.Write(p[:n])
	if c.n > c.e.size {
		return 0, zip.ErrChecksum
	}
	if err == io.EOF && (c.n != c.e.size || c.h.Sum32() != c.e.crc) {
		return n, zip.ErrChecksum
	}
	if err == io.ErrUnexpectedEOF {
		return n, zip.ErrChecksum
	}
	return n, err
}

// Close releases the inflater.
func (c *checkReader) Close() error { return c.c.Close() }

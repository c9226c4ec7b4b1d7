package web

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"io"
	"runtime"
	"sync"
)

// blockSize is the size of the blocks a parallelGzip compresses
// independently.
const blockSize = 1 << 20

// Pools of the compressors and buffers: an upload of a million lines is
// hundreds of blocks.
var (
	gzPool = sync.Pool{New: func() any {
		zw, _ := gzip.NewWriterLevel(io.Discard, flate.BestSpeed)
		return zw
	}}
	bufPool   = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	blockPool = sync.Pool{New: func() any { b := make([]byte, 0, blockSize); return &b }}
)

// parallelGzip compresses a stream in blocks of blockSize, each a gzip
// member of its own, on up to GOMAXPROCS goroutines: the members
// concatenated are one gzip stream (gzip.Reader reads multistream input),
// written in a fraction of the time one compressor takes. The compressed
// size is charged to a budget; past it, the copy is abandoned.
type parallelGzip struct {
	b       *budget
	buf     []byte // the block being filled
	members [][]byte
	wg      sync.WaitGroup
	mu      sync.Mutex // guards b and members' slots
	sem     chan struct{}
}

func newParallelGzip(b *budget) *parallelGzip {
	return &parallelGzip{b: b, sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// Write never fails: a copy over budget is dropped, not an error.
func (z *parallelGzip) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && !z.over() {
		if z.buf == nil {
			z.buf = (*blockPool.Get().(*[]byte))[:0]
		}
		k := min(len(p), blockSize-len(z.buf))
		z.buf = append(z.buf, p[:k]...)
		p = p[k:]
		if len(z.buf) == blockSize {
			z.flush()
		}
	}
	return n, nil
}

func (z *parallelGzip) over() bool {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.b.over
}

// flush compresses the current block in the background.
func (z *parallelGzip) flush() {
	block := z.buf
	z.buf = nil
	if len(block) == 0 {
		return
	}
	z.mu.Lock()
	i := len(z.members)
	z.members = append(z.members, nil)
	z.mu.Unlock()
	z.sem <- struct{}{}
	z.wg.Go(func() {
		defer func() { <-z.sem }()
		out := bufPool.Get().(*bytes.Buffer)
		out.Reset()
		zw := gzPool.Get().(*gzip.Writer)
		zw.Reset(out)
		zw.Write(block)
		zw.Close()
		gzPool.Put(zw)
		c := bytes.Clone(out.Bytes())
		bufPool.Put(out)
		blockPool.Put(&block)
		z.mu.Lock()
		defer z.mu.Unlock()
		if z.b.over || int64(len(c)) > z.b.left {
			z.b.over = true
			return
		}
		z.b.left -= int64(len(c))
		z.members[i] = c
	})
}

// close compresses what is left and waits; it returns the members, or
// nil when the copy went over budget.
func (z *parallelGzip) close() [][]byte {
	if !z.over() {
		z.flush()
	}
	z.wg.Wait()
	if z.over() {
		z.members = nil
		return nil
	}
	if len(z.members) == 0 {
		// An empty file: one empty member.
		var out bytes.Buffer
		zw := gzip.NewWriter(&out)
		zw.Close()
		z.members = [][]byte{out.Bytes()}
	}
	return z.members
}

// membersReader reads the members of a compressed copy as one stream.
func membersReader(members [][]byte) (io.ReadCloser, error) {
	rs := make([]io.Reader, len(members))
	for i, m := range members {
		rs[i] = bytes.NewReader(m)
	}
	return gzip.NewReader(io.MultiReader(rs...))
}

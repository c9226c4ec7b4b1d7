package remessatest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// ExpectedName is the name of the expectations file WriteDir writes.
const ExpectedName = "EXPECTED.jsonl"

// WriteOptions configure WriteDir. The zero value (or nil) writes the
// files with as many goroutines as GOMAXPROCS, without progress.
type WriteOptions struct {
	// Workers is the number of files written at once (0: GOMAXPROCS).
	Workers int
	// Progress, when not nil, is called from time to time with the
	// production lines written so far and their total; calls may come
	// from several goroutines, one at a time.
	Progress func(done, total int)
}

// ErrDirExists reports a WriteDir whose directory exists and is not
// empty.
var ErrDirExists = errors.New("remessatest: the directory exists and is not empty")

// WriteDir writes the world into directory dir, which must not exist or
// be empty:
//
//	dir/cnes/            the CNES registry: the seven CSV files of the
//	                     competência (cnes.OpenRegistry reads the folder)
//	dir/bpa/PAW001.MMM … the BPA files, in set order
//	dir/EXPECTED.jsonl   the expectations (WriteExpected)
//
// It writes into a temporary directory next to dir and renames it to
// dir at the end: dir never holds a partial world, and a failed or
// cancelled run (ctx) removes what it wrote. Files are drawn in constant
// memory, several at once.
func (w *World) WriteDir(ctx context.Context, dir string, opts *WriteOptions) (err error) {
	if opts == nil {
		opts = &WriteOptions{}
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%w: %s", ErrDirExists, dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	parent, base := filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := w.Registry.Fixture.WriteDir(filepath.Join(tmp, "cnes")); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(tmp, "bpa"), 0o755); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		done  atomic.Int64
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
			cancel()
		}
		mu.Unlock()
	}
	total := 0
	for _, f := range w.Files {
		total += f.Lines
	}
	var progress func(int)
	if opts.Progress != nil {
		progress = func(n int) {
			d := done.Add(int64(n))
			mu.Lock()
			opts.Progress(int(d), total)
			mu.Unlock()
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := writeFile(ctx, filepath.Join(tmp, ExpectedName), w.WriteExpected, nil); err != nil {
			fail(err)
		}
	}()
	// A file that repeats another is copied from it once it is written.
	written := make([]chan struct{}, len(w.Files))
	for i := range written {
		written[i] = make(chan struct{})
	}
	next := make(chan int)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	for range min(workers, len(w.Files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f := w.Files[i]
				name := filepath.Join(tmp, "bpa", f.Name)
				fn := func(out io.Writer) error { return w.WriteFile(i, out) }
				if f.CopyOf >= 0 {
					select {
					case <-written[f.CopyOf]:
					case <-ctx.Done():
						return
					}
					fn = func(out io.Writer) error { return copyFile(out, filepath.Join(tmp, "bpa", w.Files[f.CopyOf].Name)) }
				}
				if err := writeFile(ctx, name, fn, progress); err != nil {
					fail(fmt.Errorf("remessatest: %s: %w", f.Name, err))
				}
				close(written[i])
			}
		}()
	}
	for i := range w.Files {
		select {
		case next <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return os.Rename(tmp, dir)
}

// writeFile creates name and writes it with fn through a buffer that
// stops with ctx's error and reports the lines written to progress
// (every 65 536 and at the end).
func writeFile(ctx context.Context, name string, fn func(io.Writer) error, progress func(int)) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	cw := &ctxWriter{ctx: ctx, w: f, progress: progress, pending: -1} // the header is no production line
	bw := bufio.NewWriterSize(cw, 1<<20)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && progress != nil {
		progress(cw.pending)
	}
	return err
}

// ctxWriter writes to w until ctx is done, counting the lines written.
type ctxWriter struct {
	ctx      context.Context
	w        io.Writer
	progress func(int)
	pending  int
}

func (c *ctxWriter) Write(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if c.progress != nil {
		c.pending += bytes.Count(b, []byte{'\n'})
		if c.pending >= 1<<16 {
			c.progress(c.pending)
			c.pending = 0
		}
	}
	return c.w.Write(b)
}

// WriteExpected writes the world's expectations as JSON lines, file by
// file in set order: one object per crítica of a production line,
// {"file":"PAW001.JAN","line":17,"code":"CBO_INCOMPATIVEL"}; then one per
// file-level crítica (line 0, or 1 for the header's); then the file's
// {"kind":"file_summary","file":…,"competencia":…,"lines":…,"approved":…,
// "rejected":…,"unverified":…,"valor":{…}}. The last object is the
// month's {"kind":"summary","competencia":…,"files":N,"lines":…,
// "approved":…,"rejected":…,"unverified":…,"valor":{…},"totals":[…],
// "reasons":[…]}, with remessa's field names ("valor" and "totals" are
// remessa.Total values: approved_lines, approved …). A remessa check -json
// of the world's files must agree with every object.
func (w *World) WriteExpected(out io.Writer) error {
	bw := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var buf []byte
	for i, f := range w.Files {
		var err error
		w.fileCriticas(f, func(e Expectation) bool {
			buf = appendExpectation(buf[:0], e)
			_, err = bw.Write(buf)
			return err == nil
		})
		if err != nil {
			return err
		}
		fe := w.expected.Files[i]
		for _, e := range fe.Criticas {
			if _, err := bw.Write(appendExpectation(buf[:0], e)); err != nil {
				return err
			}
		}
		if err := enc.Encode(struct {
			Kind        string             `json:"kind"`
			File        string             `json:"file"`
			Competencia sigtap.Competencia `json:"competencia"`
			Lines       int                `json:"lines"`
			Approved    int                `json:"approved"`
			Rejected    int                `json:"rejected"`
			Unverified  int                `json:"unverified"`
			Valor       remessa.Total      `json:"valor"`
		}{"file_summary", fe.Name, fe.Competencia, fe.Lines, fe.Approved, fe.Rejected, fe.Unverified, fe.Valor}); err != nil {
			return err
		}
	}
	e := w.expected
	type reason struct {
		Code  remessa.Code    `json:"code"`
		Lines int             `json:"lines"`
		Valor decimal.Decimal `json:"valor"`
	}
	reasons := make([]reason, len(e.Reasons))
	for i, r := range e.Reasons {
		reasons[i] = reason{r.Code, r.Lines, r.Valor}
	}
	if err := enc.Encode(struct {
		Kind        string             `json:"kind"`
		Competencia sigtap.Competencia `json:"competencia"`
		Files       int                `json:"files"`
		Lines       int                `json:"lines"`
		Approved    int                `json:"approved"`
		Rejected    int                `json:"rejected"`
		Unverified  int                `json:"unverified"`
		Valor       remessa.Total      `json:"valor"`
		Totals      []remessa.Total    `json:"totals"`
		Reasons     []reason           `json:"reasons"`
	}{"summary", e.Competencia, e.FileCount, e.Lines, e.Approved, e.Rejected, e.Unverified, e.Valor, e.Totals, reasons}); err != nil {
		return err
	}
	return bw.Flush()
}

// appendExpectation appends {"file":…,"line":…,"code":…} and a newline
// (file names and codes need no escaping).
func appendExpectation(b []byte, e Expectation) []byte {
	b = append(b, `{"file":"`...)
	b = append(b, e.File...)
	b = append(b, `","line":`...)
	b = strconv.AppendInt(b, int64(e.Line), 10)
	b = append(b, `,"code":"`...)
	b = append(b, e.Code...)
	return append(b, "\"}\n"...)
}

// copyFile copies the file at path to out.
func copyFile(out io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(out, f)
	return err
}

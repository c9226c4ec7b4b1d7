package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// IsTerminal reports whether w is an *os.File on a character device (a
// terminal): progress is shown only there.
func IsTerminal(w io.Writer) bool {
	if t, ok := w.(*StatusWriter); ok {
		w = t.w
	}
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// StatusWriter is the standard error of a command on a terminal: a
// progress line is drawn on it with carriage returns, and any other write
// first clears that line so that messages never land in the middle of it
// (the progress is redrawn at its next refresh).
type StatusWriter struct {
	w     io.Writer
	mu    sync.Mutex
	dirty bool
}

// NewStatusWriter returns a StatusWriter on w.
func NewStatusWriter(w io.Writer) *StatusWriter { return &StatusWriter{w: w} }

// clearLine is a carriage return and the ANSI "erase to end of line".
const clearLine = "\r\x1b[K"

// Write writes p after clearing a progress line.
func (s *StatusWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dirty {
		io.WriteString(s.w, clearLine)
		s.dirty = false
	}
	return s.w.Write(p)
}

// status draws line as the current progress line.
func (s *StatusWriter) status(line string, final bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	end := ""
	if final {
		end = "\n"
	}
	io.WriteString(s.w, clearLine+line+end)
	s.dirty = !final
}

// clear removes the progress line.
func (s *StatusWriter) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dirty {
		io.WriteString(s.w, clearLine)
		s.dirty = false
	}
}

// Progress shows on a terminal how far a long run is: units done (lines,
// files, releases), units per second and, when the total or the input
// size is known, the percentage and the time left. It redraws one line of
// standard error a few times a second from its own goroutine, starting
// after a short delay (a run that ends sooner shows nothing), and ends
// with a line at 100 % (Done) or clears itself (Stop). Counting is a few
// atomic operations, cheap enough per line.
//
// A nil *Progress is valid and does nothing: NewProgress returns nil when
// standard error is not a terminal, so callers never test for it.
type Progress struct {
	out   *StatusWriter
	label string
	unit  string
	start time.Time
	delay time.Duration
	total atomic.Int64 // units expected, 0 unknown
	size  atomic.Int64 // bytes expected, 0 unknown
	done  atomic.Int64 // units done
	bytes atomic.Int64 // bytes done
	shown atomic.Bool
	stop  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

// Progress refresh timing.
const (
	progressDelay    = 500 * time.Millisecond
	progressInterval = 200 * time.Millisecond
)

// NewProgress starts a progress line labelled label ("check",
// "loading SIGTAP") counting unit ("lines", "releases") on w, or returns
// nil when w is not a terminal (see IsTerminal). w should be the command's
// standard error (Env.Stderr, a *StatusWriter on a terminal).
func NewProgress(w io.Writer, label, unit string) *Progress {
	if !IsTerminal(w) {
		return nil
	}
	return startProgress(w, label, unit, progressDelay, progressInterval)
}

func startProgress(w io.Writer, label, unit string, delay, every time.Duration) *Progress {
	sw, ok := w.(*StatusWriter)
	if !ok {
		sw = NewStatusWriter(w)
	}
	p := &Progress{out: sw, label: label, unit: unit, start: time.Now(), delay: delay, stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case now := <-t.C:
				if now.Sub(p.start) >= p.delay {
					p.shown.Store(true)
					p.out.status(p.line(now, false), false)
				}
			}
		}
	}()
	return p
}

// SetTotal sets the number of units expected (0: unknown).
func (p *Progress) SetTotal(n int64) {
	if p != nil {
		p.total.Store(max(n, 0))
	}
}

// SetSize sets the number of input bytes expected (0: unknown); with
// AddBytes or Reader it gives the percentage and the time left when the
// total of units is not known.
func (p *Progress) SetSize(n int64) {
	if p != nil {
		p.size.Store(max(n, 0))
	}
}

// Add counts n more units done.
func (p *Progress) Add(n int64) {
	if p != nil {
		p.done.Add(n)
	}
}

// Set sets the units done.
func (p *Progress) Set(n int64) {
	if p != nil {
		p.done.Store(n)
	}
}

// AddBytes counts n more input bytes read.
func (p *Progress) AddBytes(n int64) {
	if p != nil {
		p.bytes.Add(n)
	}
}

// Reader returns r counting the bytes read and, as units, the line feeds
// in them (so that a run reading a file by lines counts lines). For a nil
// Progress it returns r.
func (p *Progress) Reader(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return &progressReader{r: r, p: p}
}

type progressReader struct {
	r io.Reader
	p *Progress
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	if n > 0 {
		pr.p.bytes.Add(int64(n))
		pr.p.done.Add(int64(bytes.Count(b[:n], []byte{'\n'})))
	}
	return n, err
}

// Done ends a successful run: when the line was shown it is redrawn at
// 100 % (the total becomes what was done) and ended with a line feed.
func (p *Progress) Done() { p.end(true) }

// Stop ends a run that failed or was cut short: the line is cleared.
func (p *Progress) Stop() { p.end(false) }

func (p *Progress) end(ok bool) {
	if p == nil {
		return
	}
	p.once.Do(func() {
		close(p.stop)
		p.wg.Wait()
		if !p.shown.Load() {
			return
		}
		if !ok {
			p.out.clear()
			return
		}
		p.total.Store(p.done.Load())
		if p.size.Load() > 0 {
			p.bytes.Store(p.size.Load())
		}
		p.out.status(p.line(time.Now(), true), true)
	})
}

// line formats the progress line at now.
func (p *Progress) line(now time.Time, final bool) string {
	done, total := p.done.Load(), p.total.Load()
	el := now.Sub(p.start)
	secs := el.Seconds()
	s := fmt.Sprintf("%s: %s", p.label, group(done))
	if total > 0 && !final {
		s += " of " + group(total)
	}
	s += " " + p.unit
	frac := -1.0
	switch {
	case final:
		frac = 1
	case total > 0:
		frac = float64(done) / float64(total)
	case p.size.Load() > 0:
		frac = float64(p.bytes.Load()) / float64(p.size.Load())
	}
	if frac >= 0 {
		s += fmt.Sprintf(" (%d %%)", int(min(frac, 1)*100))
	}
	if secs > 0 {
		s += fmt.Sprintf(", %s %s/s", group(int64(float64(done)/secs+0.5)), p.unit)
	}
	switch {
	case final:
		s += ", " + clock(el)
	case frac > 0 && frac < 1:
		s += ", ETA " + clock(time.Duration(float64(el)*(1-frac)/frac))
	default:
		s += ", " + clock(el)
	}
	return s
}

// group formats n with a space every three digits ("1 234 567").
func group(n int64) string {
	s := fmt.Sprint(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ' ')
		}
		b = append(b, s[i])
	}
	return neg + string(b)
}

// clock formats d as m:ss (or h:mm:ss).
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

var errAny = errors.New("any error")

func write(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func TestCheckOutput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	os.WriteFile(file, []byte("x"), 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(file, link); err != nil {
		t.Skip(err)
	}
	for _, tt := range []struct {
		name string
		want error
	}{
		{filepath.Join(dir, "new"), nil},
		{file, nil},
		{dir, ErrOutputDir},
		{link, ErrOutputSymlink},
		{filepath.Join(dir, "no", "x"), ErrOutputNoParent},
		{filepath.Join(file, "x"), errAny},
	} {
		err := CheckOutput(tt.name)
		var pe *fs.PathError
		switch {
		case tt.want == nil && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want == errAny && (!errors.As(err, &pe) || pe.Path != tt.name):
			t.Errorf("%s: %v, want an error naming the path", tt.name, err)
		case tt.want != nil && tt.want != errAny && (!errors.Is(err, tt.want) || !errors.As(err, &pe) || pe.Path != tt.name):
			t.Errorf("%s: %v, want %v naming the path", tt.name, err, tt.want)
		}
	}
	if runtime.GOOS == "linux" {
		if err := CheckOutput("/dev/null"); !errors.Is(err, ErrOutputNotFile) {
			t.Errorf("/dev/null: %v", err)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "x" || len(entries(t, dir)) != 2 {
		t.Error("CheckOutput changed the folder")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.txt")
	if err := WriteFileAtomic(name, write("ok")); err != nil {
		t.Fatal(err)
	}
	os.Chmod(name, 0o600)
	boom := errors.New("boom")
	if err := WriteFileAtomic(name, func(w io.Writer) error { io.WriteString(w, "partial"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	b, _ := os.ReadFile(name)
	if string(b) != "ok" || len(entries(t, dir)) != 1 {
		t.Errorf("content %q, entries %v: a failed write must leave the old file alone", b, entries(t, dir))
	}
	if err := WriteFileAtomic(name, write("new")); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(name)
	if b, _ := os.ReadFile(name); string(b) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v: the mode of the replaced file is kept", b, st.Mode())
	}
	// A symbolic link is refused, not replaced.
	link := filepath.Join(dir, "link")
	if os.Symlink(name, link) == nil {
		if err := WriteFileAtomic(link, write("x")); !errors.Is(err, ErrOutputSymlink) || !strings.Contains(err.Error(), link) {
			t.Errorf("symlink: %v", err)
		}
	}
}

func TestCommitAllRollsBack(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	os.WriteFile(a, []byte("old a"), 0o644)
	blocker := filepath.Join(dir, "b")
	fa, err := CreateAtomic(a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := CreateAtomic(blocker)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fa, "new a")
	io.WriteString(fb, "new b")
	// b becomes a folder before the commit: its rename fails, a is put back.
	os.Mkdir(blocker, 0o755)
	err = CommitAll(fa, fb)
	if !errors.Is(err, ErrOutputDir) || !strings.Contains(err.Error(), blocker) {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(a); string(b) != "old a" {
		t.Errorf("a = %q: a failed CommitAll must restore every file", b)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("left behind: %v", got)
	}
	// And a CommitAll that succeeds replaces every file.
	os.Remove(blocker)
	fa, _ = CreateAtomic(a)
	fb, _ = CreateAtomic(blocker)
	io.WriteString(fa, "new a")
	io.WriteString(fb, "new b")
	if err := CommitAll(fa, fb); err != nil {
		t.Fatal(err)
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(blocker)
	if string(ba) != "new a" || string(bb) != "new b" || len(entries(t, dir)) != 2 {
		t.Errorf("%q %q %v", ba, bb, entries(t, dir))
	}
}

func TestWriteDirAtomic(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "release")
	fill := func(names ...string) func(string) error {
		return func(tmp string) error {
			for _, n := range names {
				if err := os.WriteFile(filepath.Join(tmp, n), []byte(n), 0o644); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if err := WriteDirAtomic(out, fill("a.txt", "b.txt")); err != nil {
		t.Fatal(err)
	}
	// A failing writer leaves the previous folder whole.
	boom := errors.New("boom")
	err := WriteDirAtomic(out, func(tmp string) error {
		fill("a.txt")(tmp)
		return boom
	})
	if !errors.Is(err, boom) || !slices.Equal(entries(t, out), []string{"a.txt", "b.txt"}) || len(entries(t, parent)) != 1 {
		t.Errorf("err %v, out %v, parent %v", err, entries(t, out), entries(t, parent))
	}
	// The previous output of the same command is replaced.
	if err := WriteDirAtomic(out, fill("a.txt", "b.txt", "c.txt")); err != nil {
		t.Fatal(err)
	}
	// A folder holding anything else is refused, untouched.
	os.WriteFile(filepath.Join(out, "mine.doc"), []byte("user's"), 0o644)
	err = WriteDirAtomic(out, fill("a.txt"))
	if !errors.Is(err, ErrOutputForeign) || !strings.Contains(err.Error(), out) {
		t.Errorf("foreign: %v", err)
	}
	if got := entries(t, out); !slices.Equal(got, []string{"a.txt", "b.txt", "c.txt", "mine.doc"}) || len(entries(t, parent)) != 1 {
		t.Errorf("out %v, parent %v", got, entries(t, parent))
	}
	// A file where the folder should be is refused.
	f := filepath.Join(parent, "file")
	os.WriteFile(f, nil, 0o644)
	if err := WriteDirAtomic(f, fill("a")); !errors.Is(err, ErrOutputNotDir) {
		t.Errorf("file: %v", err)
	}
}

func TestInterruptRemovesTemps(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out")
	os.WriteFile(name, []byte("previous"), 0o644)
	a, err := CreateAtomic(name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(a, "half")
	d := filepath.Join(dir, "d")
	started := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- WriteDirAtomic(d, func(tmp string) error {
			close(started)
			time.Sleep(100 * time.Millisecond)
			return os.WriteFile(filepath.Join(tmp, "x"), nil, 0o644)
		})
	}()
	<-started
	if n := removeTemps(); n != 2 {
		t.Errorf("removed %d temporaries, want 2", n)
	}
	defer func() {
		temps.Lock()
		temps.interrupted = false
		temps.Unlock()
	}()
	if err := a.Commit(); err == nil {
		t.Error("commit after an interrupt succeeded")
	}
	if err := <-done; err == nil {
		t.Error("folder commit after an interrupt succeeded")
	}
	if b, _ := os.ReadFile(name); string(b) != "previous" {
		t.Errorf("out = %q", b)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"out"}) {
		t.Errorf("left behind: %v", got)
	}
}

func TestProgressLine(t *testing.T) {
	var b strings.Builder
	p := startProgress(&b, "check", "lines", 0, time.Hour)
	p.SetTotal(200)
	p.Add(50)
	p.start = p.start.Add(-10 * time.Second)
	line := p.line(time.Now(), false)
	if !strings.HasPrefix(line, "check: 50 of 200 lines (25 %), 5 lines/s, ETA 0:30") {
		t.Errorf("line %q", line)
	}
	p.shown.Store(true)
	p.Add(100)
	p.Done()
	if out := b.String(); !strings.Contains(out, "check: 150 lines (100 %)") || !strings.HasSuffix(out, "\n") {
		t.Errorf("final %q", out)
	}
	// A run too short to show anything prints nothing; a nil Progress is a no-op.
	b.Reset()
	q := startProgress(&b, "x", "lines", time.Hour, time.Millisecond)
	q.Add(1)
	time.Sleep(5 * time.Millisecond)
	q.Done()
	var nilp *Progress
	nilp.Add(1)
	nilp.Done()
	if b.Len() != 0 {
		t.Errorf("printed %q", b.String())
	}
	if group(1234567) != "1 234 567" || group(12) != "12" || clock(3725*time.Second) != "1:02:05" {
		t.Error("group or clock")
	}
	if NewProgress(&b, "x", "lines") != nil {
		t.Error("progress on a non-terminal")
	}
}

func TestStatusWriterClearsTheLine(t *testing.T) {
	var b strings.Builder
	s := NewStatusWriter(&b)
	s.status("50 %", false)
	io.WriteString(s, "warning\n")
	if b.String() != clearLine+"50 %"+clearLine+"warning\n" {
		t.Errorf("%q", b.String())
	}
}

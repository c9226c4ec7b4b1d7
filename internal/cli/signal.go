package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// ErrInterrupted is returned by the atomic writers once an interrupt
// (SIGINT, SIGTERM) is being handled: no output may be replaced any more.
var ErrInterrupted = errors.New("interrupted")

// temps tracks the temporary files and folders of the atomic writers of
// this process, so that an interrupt can remove them. Its lock is also held
// while outputs are renamed into place, so that an interrupt never cuts a
// commit (of several files, CommitAll) in half.
var temps = struct {
	sync.Mutex
	paths       map[string]bool // temporary path → is a folder
	interrupted bool
}{paths: map[string]bool{}}

// track records a temporary path. It fails once an interrupt is handled.
func track(path string, dir bool) error {
	temps.Lock()
	defer temps.Unlock()
	if temps.interrupted {
		return ErrInterrupted
	}
	temps.paths[path] = dir
	return nil
}

// untrack forgets a temporary path (renamed into place or removed).
func untrack(path string) {
	temps.Lock()
	delete(temps.paths, path)
	temps.Unlock()
}

// commit runs fn, the renames of a commit, holding the registry lock: an
// interrupt waits for it. It fails without calling fn once an interrupt is
// handled.
func commit(fn func() error) error {
	temps.Lock()
	defer temps.Unlock()
	if temps.interrupted {
		return ErrInterrupted
	}
	return fn()
}

// removeTemps removes every tracked temporary path and refuses later
// commits; it returns how many it removed.
func removeTemps() int {
	temps.Lock()
	defer temps.Unlock()
	temps.interrupted = true
	n := 0
	for p, dir := range temps.paths {
		if dir {
			os.RemoveAll(p)
		} else {
			os.Remove(p)
		}
		delete(temps.paths, p)
		n++
	}
	return n
}

// exit is os.Exit, replaced by tests.
var exit = os.Exit

// HandleSignals makes SIGINT and SIGTERM end the process cleanly: cancel
// is called (the command's context is done), every temporary file and
// folder of the atomic writers is removed — the files they would have
// replaced stay as they were, and an output commit under way is let
// finish first — a line "NAME: interrupted (SIGNAL): unfinished output
// discarded" goes to stderr and the process exits with ExitError. The
// returned function stops the handling.
func HandleSignals(stderr io.Writer, name string, cancel context.CancelFunc) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			cancel()
			removeTemps()
			fmt.Fprintf(stderr, "\n%s: interrupted (%v): unfinished output discarded, existing files left as they were\n", name, sig)
			exit(ExitError)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

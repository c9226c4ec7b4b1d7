package cli

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// processLocks reports whether LockFile excludes other LockFile calls of
// the same process (flock, LockFileEx, O_EXCL); fcntl locks (AIX,
// Solaris) belong to the process and do not.
func processLocks() bool { return runtime.GOOS != "aix" && runtime.GOOS != "solaris" }

// diesWithProcess reports whether the lock is released by the system when
// its holder is killed (everywhere but the O_EXCL fallback).
func diesWithProcess() bool {
	switch runtime.GOOS {
	case "plan9", "js", "wasip1":
		return false
	}
	return true
}

func TestLockFileExcludes(t *testing.T) {
	if !processLocks() {
		t.Skip("fcntl locks do not exclude the same process")
	}
	name := filepath.Join(t.TempDir(), "state.json.lock")
	l, err := LockFile(name, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = LockFile(name, 150*time.Millisecond)
	var le *LockError
	if !errors.Is(err, ErrLockTimeout) || !errors.As(err, &le) {
		t.Fatalf("second lock: %v, want a *LockError", err)
	}
	if waited := time.Since(start); waited < 150*time.Millisecond || waited > 5*time.Second {
		t.Errorf("waited %v for a 150ms timeout", waited)
	}
	if le.Name != name || le.Timeout != 150*time.Millisecond {
		t.Errorf("LockError %+v", le)
	}
	if runtime.GOOS != "windows" && le.PID != os.Getpid() {
		t.Errorf("holder PID %d, want %d", le.PID, os.Getpid())
	}
	if msg := err.Error(); !strings.Contains(msg, name) || !strings.Contains(msg, "150ms") {
		t.Errorf("message %q names neither the lock file nor the wait", msg)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	// Released: the next one gets it at once, and the file stays, empty.
	start = time.Now()
	l, err = LockFile(name, 0)
	if err != nil {
		t.Fatalf("after Unlock: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("free lock took %v", d)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if diesWithProcess() {
		if b, err := os.ReadFile(name); err != nil || len(b) != 0 {
			t.Errorf("lock file after Unlock: %q, %v; want it empty", b, err)
		}
	}
}

// TestLockFileWaits: a waiter gets the lock as soon as the holder lets
// go, and the holders never overlap.
func TestLockFileWaits(t *testing.T) {
	if !processLocks() {
		t.Skip("fcntl locks do not exclude the same process")
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "counter.lock")
	counter := filepath.Join(dir, "counter")
	os.WriteFile(counter, []byte("0"), 0o644)
	const workers, rounds = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for range workers {
		wg.Go(func() {
			for range rounds {
				l, err := LockFile(name, 10*time.Second)
				if err != nil {
					errs <- err
					return
				}
				b, _ := os.ReadFile(counter)
				n, _ := strconv.Atoi(string(b))
				time.Sleep(time.Millisecond) // widen the window a lost update needs
				err = WriteFileAtomic(counter, func(w io.Writer) error {
					_, err := w.Write([]byte(strconv.Itoa(n + 1)))
					return err
				})
				if uerr := l.Unlock(); err == nil {
					err = uerr
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if b, _ := os.ReadFile(counter); string(b) != strconv.Itoa(workers*rounds) {
		t.Errorf("counter %s, want %d: updates were lost", b, workers*rounds)
	}
}

func TestLockFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	_, err := LockFile(dir, time.Second)
	if err == nil || errors.Is(err, ErrLockTimeout) {
		t.Errorf("directory as lock file: %v", err)
	}
}

// TestLockHelperProcess is not a test: TestLockFileKilledHolder runs the
// test binary again with GO_SUS_LOCK_HELPER set, and then this function
// takes the lock, says so and waits to be killed.
func TestLockHelperProcess(t *testing.T) {
	name := os.Getenv("GO_SUS_LOCK_HELPER")
	if name == "" {
		return
	}
	if _, err := LockFile(name, 10*time.Second); err != nil {
		os.Stdout.WriteString("error: " + err.Error() + "\n")
		os.Exit(3)
	}
	os.Stdout.WriteString("locked\n")
	time.Sleep(time.Minute)
	os.Exit(4)
}

// TestLockFileKilledHolder: a process killed while it holds the lock does
// not block the next one.
func TestLockFileKilledHolder(t *testing.T) {
	if !diesWithProcess() {
		t.Skip("the O_EXCL fallback does not survive a killed holder")
	}
	if testing.Short() {
		t.Skip("starts a process")
	}
	name := filepath.Join(t.TempDir(), "state.json.lock")
	cmd, pid := startHolder(t, name)

	_, err := LockFile(name, 100*time.Millisecond)
	var le *LockError
	if !errors.As(err, &le) {
		t.Fatalf("lock held by process %d: %v", pid, err)
	}
	if runtime.GOOS != "windows" && le.PID != pid {
		t.Errorf("holder PID %d, want %d", le.PID, pid)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on unix
		t.Fatal(err)
	}
	cmd.Wait()
	start := time.Now()
	l, err := LockFile(name, 5*time.Second)
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	defer l.Unlock()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("lock of a killed holder took %v to come free", d)
	}
}

// startHolder runs TestLockHelperProcess holding the lock file name and
// returns once it holds it.
func startHolder(t *testing.T, name string) (*exec.Cmd, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "GO_SUS_LOCK_HELPER="+name)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("helper: %q, %v", line, err)
	}
	return cmd, cmd.Process.Pid
}

package cli

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"time"
)

// ErrLockTimeout is wrapped by the *LockError LockFile returns when another
// process still held the lock at the end of the wait.
var ErrLockTimeout = errors.New("lock held by another process")

// LockError reports that the lock file Name was still held by another
// process after waiting Timeout. It unwraps to ErrLockTimeout.
type LockError struct {
	Name    string        // the lock file
	Timeout time.Duration // how long LockFile waited
	PID     int           // the process holding the lock, 0 when unknown
}

// Error implements the error interface.
func (e *LockError) Error() string {
	s := e.Name + ": " + ErrLockTimeout.Error()
	if e.PID > 0 {
		s += " (process " + strconv.Itoa(e.PID) + ")"
	}
	return s + ", not released within " + e.Timeout.String()
}

// Unwrap returns ErrLockTimeout.
func (e *LockError) Unwrap() error { return ErrLockTimeout }

// FileLock is an exclusive lock held on a lock file; see LockFile.
type FileLock struct {
	name string
	f    *os.File // nil on platforms that use an O_EXCL file (lock_other.go)
}

// Lock polling: the first retry comes after minPoll, each following one
// after twice the previous delay, up to maxPoll.
const (
	minPoll = time.Millisecond
	maxPoll = 50 * time.Millisecond
)

// LockFile takes an exclusive lock on the file name, creating it (mode
// 0644) when it does not exist, for one read-modify-write of the file it
// guards (the convention is name = guarded + ".lock"; the guarded file can
// then be replaced by WriteFileAtomic while the lock is held). When
// another process holds the lock, LockFile waits for it, polling, at most
// timeout; then it returns a *LockError wrapping ErrLockTimeout. A lock
// file that is not a regular file is refused.
//
// The lock belongs to the operating system, not to the file's presence:
//
//   - on Linux, macOS, the BSDs and illumos it is flock(2) LOCK_EX on the
//     open lock file; on AIX and Solaris, an fcntl(2) write lock on it;
//   - on Windows it is LockFileEx with LOCKFILE_EXCLUSIVE_LOCK on the
//     open handle.
//
// Either way the kernel releases it when the holding process ends, even
// when it is killed (SIGKILL, TerminateProcess, a crash), so a dead run
// never blocks later ones; Windows may release it a moment after the
// process ends, which the bounded wait absorbs. The lock file itself
// stays in place, empty between runs, and must not be deleted while a
// run may hold it. On platforms without such a lock (Plan 9, js/wasm,
// wasip1) LockFile falls back to creating name exclusively (O_EXCL) and
// Unlock removes it: there, a killed run leaves the file behind, every
// later LockFile ends in a *LockError naming it, and it must be removed
// by hand.
//
// While it holds the lock, the process writes its PID into the file so
// that a LockError can name the holder (not on Windows, where the locked
// file cannot be read by others). flock and LockFileEx locks belong to one
// open file, so two LockFile calls in one process exclude each other too;
// fcntl locks (AIX, Solaris) belong to the process and do not.
func LockFile(name string, timeout time.Duration) (*FileLock, error) {
	deadline := time.Now().Add(timeout)
	delay := minPoll
	for {
		l, ok, err := tryLock(name)
		if err != nil {
			return nil, err
		}
		if ok {
			l.writePID()
			return l, nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, &LockError{Name: name, Timeout: timeout, PID: holder(name)}
		}
		time.Sleep(min(delay, left))
		delay = min(2*delay, maxPoll)
	}
}

// Unlock releases the lock. The lock file is emptied and left in place
// (removed on the O_EXCL platforms). Unlock must be called once.
func (l *FileLock) Unlock() error { return l.unlock() }

// openLockFile opens (creating) the lock file for reading and writing and
// refuses anything but a regular file.
func openLockFile(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = &os.PathError{Op: "lock", Path: name, Err: errors.New("not a regular file")}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// writePID records the holder's PID in the lock file (best effort: the
// PID only helps the message of a LockError).
func (l *FileLock) writePID() {
	if l.f == nil {
		return
	}
	if l.f.Truncate(0) == nil {
		l.f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
}

// clearPID empties the lock file before the lock is released, so that the
// file never names a process that no longer holds it.
func (l *FileLock) clearPID() {
	if l.f != nil {
		l.f.Truncate(0)
	}
}

// holder returns the PID written in the lock file name, or 0.
func holder(name string) int {
	f, err := os.Open(name)
	if err != nil {
		return 0
	}
	defer f.Close()
	var buf [32]byte
	n, _ := f.Read(buf[:])
	pid, err := strconv.Atoi(string(bytes.TrimSpace(buf[:n])))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// lockErr reports an unexpected error of the locking system call.
func lockErr(name string, err error) error {
	return &os.PathError{Op: "lock", Path: name, Err: err}
}

//go:build aix || (solaris && !illumos)

package cli

import (
	"errors"
	"io"
	"syscall"
)

// tryLock makes one attempt at an fcntl(2) write lock on the whole lock
// file name (these systems have no flock); ok is false when another
// process holds it.
func tryLock(name string) (l *FileLock, ok bool, err error) {
	f, err := openLockFile(name)
	if err != nil {
		return nil, false, err
	}
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
	for {
		err = syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case err == nil:
		return &FileLock{name: name, f: f}, true, nil
	case errors.Is(err, syscall.EAGAIN), errors.Is(err, syscall.EACCES):
		f.Close()
		return nil, false, nil
	}
	f.Close()
	return nil, false, lockErr(name, err)
}

func (l *FileLock) unlock() error {
	l.clearPID()
	lk := syscall.Flock_t{Type: syscall.F_UNLCK, Whence: io.SeekStart}
	err := syscall.FcntlFlock(l.f.Fd(), syscall.F_SETLK, &lk)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

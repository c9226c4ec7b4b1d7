//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd

package cli

import (
	"errors"
	"syscall"
)

// tryLock makes one attempt at flock(2) LOCK_EX on the lock file name; ok
// is false when another open file holds the lock.
func tryLock(name string) (l *FileLock, ok bool, err error) {
	f, err := openLockFile(name)
	if err != nil {
		return nil, false, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case err == nil:
		return &FileLock{name: name, f: f}, true, nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		f.Close()
		return nil, false, nil
	}
	f.Close()
	return nil, false, lockErr(name, err)
}

func (l *FileLock) unlock() error {
	l.clearPID()
	err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

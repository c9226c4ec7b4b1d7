//go:build windows

package cli

import (
	"syscall"
	"unsafe"
)

// LockFileEx and UnlockFileEx of kernel32 (a KnownDLL, always loaded from
// the system directory); the standard library's syscall package does not
// export them.
var (
	kernel32         = syscall.NewLazyDLL("kernel32.dll")
	procLockFileEx   = kernel32.NewProc("LockFileEx")
	procUnlockFileEx = kernel32.NewProc("UnlockFileEx")
)

const (
	lockfileFailImmediately = 0x1
	lockfileExclusiveLock   = 0x2

	// allBytes is the low and the high half of the length locked: the
	// whole file, as far as it may ever grow.
	allBytes = uintptr(^uint32(0))

	errorLockViolation syscall.Errno = 33  // ERROR_LOCK_VIOLATION
	errorIOPending     syscall.Errno = 997 // ERROR_IO_PENDING
)

// tryLock makes one attempt at LockFileEx(LOCKFILE_EXCLUSIVE_LOCK |
// LOCKFILE_FAIL_IMMEDIATELY) over the whole lock file name; ok is false
// when another handle holds it. Windows releases the lock when the handle
// is closed, which it does for every handle of a process that ends, however
// it ends.
func tryLock(name string) (l *FileLock, ok bool, err error) {
	f, err := openLockFile(name)
	if err != nil {
		return nil, false, err
	}
	var ol syscall.Overlapped
	r, _, e := syscall.SyscallN(procLockFileEx.Addr(), f.Fd(),
		lockfileExclusiveLock|lockfileFailImmediately, 0, allBytes, allBytes, uintptr(unsafe.Pointer(&ol)))
	switch {
	case r != 0:
		return &FileLock{name: name, f: f}, true, nil
	case e == errorLockViolation || e == errorIOPending:
		f.Close()
		return nil, false, nil
	}
	f.Close()
	if e == 0 {
		e = syscall.EINVAL
	}
	return nil, false, lockErr(name, e)
}

func (l *FileLock) unlock() error {
	l.clearPID()
	var ol syscall.Overlapped
	r, _, e := syscall.SyscallN(procUnlockFileEx.Addr(), l.f.Fd(), 0, allBytes, allBytes, uintptr(unsafe.Pointer(&ol)))
	err := l.f.Close()
	if r == 0 && e != 0 {
		return lockErr(l.name, e)
	}
	return err
}

//go:build !unix && !windows

package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// tryLock creates the lock file name exclusively: these platforms (Plan 9,
// js/wasm, wasip1) offer no lock that the system drops with its process,
// so a killed run leaves the file behind and someone must remove it.
func tryLock(name string) (l *FileLock, ok bool, err error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	if err := f.Close(); err != nil {
		os.Remove(name)
		return nil, false, err
	}
	return &FileLock{name: name}, true, nil
}

func (l *FileLock) unlock() error { return os.Remove(l.name) }

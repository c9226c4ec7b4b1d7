//go:build !plan9

package cli

import (
	"errors"
	"syscall"
)

// isErrno reports whether err holds a system error number.
func isErrno(err error) bool {
	var e syscall.Errno
	return errors.As(err, &e)
}

package cli

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
)

// Exit statuses of every example command (the contract of issue #12, also
// written in README.md and printed by every usage, see ExitStatusText).
const (
	// ExitOK: the command did its work and the input has no error.
	ExitOK = 0
	// ExitInvalid: the input was read and judged and has errors —
	// invalid identifiers, rejected or nao_verificada lines, a file that
	// is not valid (not a BPA file, empty, header only, a corrupt release).
	ExitInvalid = 1
	// ExitError: a usage error, an input that cannot be read (missing,
	// a folder where a file is wanted, no permission, reference data that
	// does not load), an output that cannot be written, any other I/O
	// error, or an interrupt (SIGINT, SIGTERM).
	ExitError = 2
	// ExitUsage is ExitError, named for usage errors.
	ExitUsage = ExitError
)

// ExitStatusText is the exit-status paragraph every usage ends with.
const ExitStatusText = `Exit status: 0 success; 1 the input was read and judged and has errors
(invalid identifiers, rejected or nao_verificada lines, an invalid file);
2 usage error, unreadable input, unwritable output, any other I/O error,
or an interrupt.
`

// Status returns the exit status the contract gives err: ExitOK for nil;
// ExitError for errors of the system — a file that cannot be opened, read
// or written (an *fs.PathError, *os.LinkError or *os.SyscallError
// anywhere in the chain, a syscall.Errno), a cancelled or timed-out run;
// and ExitInvalid for every other error. Commands pass it only errors met
// while reading and judging their input, whose other errors are verdicts
// on that input (not a BPA file, a corrupt ZIP, a malformed line).
func Status(err error) int {
	if err == nil {
		return ExitOK
	}
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	switch {
	case errors.As(err, &pe), errors.As(err, &le), errors.As(err, &se), isErrno(err),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return ExitError
	}
	return ExitInvalid
}

// libraryPrefixes are the package prefixes the module's errors start with.
var libraryPrefixes = map[string]bool{"bpa": true, "sigtap": true, "cnes": true, "remessa": true, "cns": true, "ledger": true, "autorizacao": true}

// Message returns the text of err for a command's message, which carries
// its own prefix ("bpa validate: "): the library's package prefixes
// ("bpa: ", "sigtap: " …, which wrapped errors may repeat) are dropped and
// a segment repeated right after itself ("x.zip: x.zip: zip: …") is kept
// once, so that a message reads "PATH: line N, column C (field): …".
func Message(err error) string {
	if err == nil {
		return ""
	}
	parts := strings.Split(err.Error(), ": ")
	out := parts[:0]
	for i, p := range parts {
		if i < len(parts)-1 && libraryPrefixes[p] {
			continue
		}
		if len(out) > 0 && out[len(out)-1] == p && i < len(parts)-1 {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, ": ")
}

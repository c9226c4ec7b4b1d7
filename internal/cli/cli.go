// Package cli holds what the example commands (cns, bpa, sigtap, cnes,
// remessa) share, so that they keep one command-line contract:
//
//   - App, Command and Env: subcommands, the help forms, usage errors,
//     one message prefix, a checked standard output;
//   - the exit statuses (ExitOK, ExitInvalid, ExitError, ExitStatusText,
//     Status) and message cleaning (Message);
//   - flag parsing that accepts flags after positional arguments (Parse);
//   - atomic outputs: files (WriteFileAtomic, AtomicFile, CommitAll for
//     all-or-none sets) and folders (WriteDirAtomic), checked before the
//     work starts (CheckOutput, CheckOutputDir), whose temporaries an
//     interrupt removes (HandleSignals);
//   - progress on a terminal (Progress, IsTerminal, StatusWriter);
//   - exclusive file locks that die with their process (LockFile).
package cli

import (
	"flag"
)

// Parse parses args with fs, accepting flags after positional arguments
// too ("validate N1 N2 -json"); "-" alone and everything after "--" stay
// positional. It returns the positional arguments.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

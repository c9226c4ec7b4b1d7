// Package cli holds what the example commands share: flag parsing that
// accepts flags after positional arguments, atomic file output, and
// exclusive file locks that die with their process (LockFile).
package cli

import (
	"bufio"
	"flag"
	"io"
	"os"
	"path/filepath"
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

// WriteFileAtomic writes a temporary file next to name with fn, syncs it
// and renames it over name once fn succeeded, so readers never see a
// partial file. The file gets mode 0644.
func WriteFileAtomic(name string, fn func(w io.Writer) error) error {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	bw := bufio.NewWriterSize(tmp, 64<<10)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

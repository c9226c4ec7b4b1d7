package cli

import (
	"flag"
	"fmt"
	"strings"
)

// HelpProblems runs "SUB -h" for every subcommand of a through run (the
// command's in-process entry point, given the arguments after the tool's
// name) and returns what breaks the help contract: a status other than
// ExitOK, a usage without its form or the exit statuses, a flag the usage
// does not explain (see UndocumentedFlags). A subcommand with
// sub-subcommands ("ledger status") is explored through the forms of its
// usage. It uses HelpHook, so it must not run concurrently with other
// commands of the process.
func (a *App) HelpProblems(run func(args []string) (code int, stdout string)) []string {
	var probs []string
	defer func() { HelpHook = nil }()
	check := func(args []string) bool {
		var fs *flag.FlagSet
		var usage string
		HelpHook = func(f *flag.FlagSet, u string) { fs, usage = f, u }
		code, out := run(append(args, "-h"))
		name := strings.Join(args, " ")
		switch {
		case code != ExitOK:
			probs = append(probs, fmt.Sprintf("%s -h: exit %d", name, code))
		case !strings.Contains(out, a.Name+" "+name) || !strings.Contains(out, "Exit status:"):
			probs = append(probs, fmt.Sprintf("%s -h: usage lacks the form or the exit statuses:\n%s", name, out))
		}
		if fs == nil {
			return false
		}
		for _, f := range UndocumentedFlags(fs, usage) {
			probs = append(probs, fmt.Sprintf("%s: flag %s is not explained in its usage", name, f))
		}
		return true
	}
	for _, sub := range a.Commands() {
		if check([]string{sub}) {
			continue
		}
		// No flag set: a command of sub-subcommands; try each form.
		seen := map[string]bool{}
		for _, line := range strings.Split(a.cmds[sub].Usage, "\n") {
			w := strings.Fields(line)
			if strings.HasPrefix(line, " ") || len(w) < 2 || w[0] != sub || strings.HasPrefix(w[1], "-") || seen[w[1]] {
				continue
			}
			seen[w[1]] = true
			if !check([]string{sub, w[1]}) {
				probs = append(probs, fmt.Sprintf("%s %s -h: no flag set parsed", sub, w[1]))
			}
		}
		if len(seen) == 0 {
			probs = append(probs, fmt.Sprintf("%s -h: no flag set parsed", sub))
		}
	}
	return probs
}

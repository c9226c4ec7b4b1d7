package main

import (
	"fmt"
	"time"

	"github.com/go-sus/sus/remessa/ledger"
	"github.com/go-sus/sus/sigtap"
)

func init() {
	register("ledger", command{
		usage: `ledger status -state FILE [-key KEY] [-as-of AAAAMM] [-json]
    Show, for KEY (default: every key in FILE), the competências recorded,
    the one that must be sent first, whether -as-of may be sent now (only
    after the previous one was validated, Portaria GM/MS 3.462/2010) and how
    many consecutive competências up to -as-of are missing (warning at 2,
    suspension of transfers at 3). -as-of defaults to the current month.
ledger record -state FILE -key KEY -competencia AAAAMM -status sent|validated|rejected [-note TEXT] [-json]
    Record a remessa (FILE is created when missing). Recording "sent" again
    for a competência is a corrected remessa that replaces the earlier one.
    A "sent" that the chronological rule would refuse is recorded with a
    warning on standard error.
ledger start -state FILE -key KEY -competencia AAAAMM
    Set the first competência judged for KEY (without it, the earliest one
    recorded). Earlier competências need no validation.
    KEY is the caller's: the IBGE code of the gestão, a CNES code, …
    Competências are AAAAMM or MM/AAAA. FILE is written atomically.
    Runs on the same FILE take turns: each holds an operating-system lock
    on FILE.lock (released by the system even when a run is killed) for
    its whole read-modify-write, and a run waits up to 10 s for the lock
    before it fails (exit 2) naming FILE. status of a FILE that does not
    exist exits 2; a FILE that is not a valid ledger exits 1.
`,
		run: func(e *env, args []string) int {
			return e.dispatch("ledger", args, map[string]func(*env, []string) int{
				"status": (*env).ledgerStatus,
				"record": (*env).ledgerRecord,
				"start":  (*env).ledgerStart,
			})
		},
	})
}

// competenciaFlag is a flag.Value holding a competência.
type competenciaFlag struct{ c sigtap.Competencia }

func (f *competenciaFlag) String() string { return f.c.String() }
func (f *competenciaFlag) Set(s string) error {
	c, err := sigtap.ParseCompetencia(s)
	if err != nil {
		return fmt.Errorf("want AAAAMM or MM/AAAA")
	}
	f.c = c
	return nil
}

func (e *env) ledgerStatus(args []string) int {
	const name = "ledger status"
	fs := e.flags(name)
	state := fs.String("state", "", "ledger `FILE` (JSON), required")
	key := fs.String("key", "", "the gestão or establishment `KEY` (default: all keys)")
	asOf := &competenciaFlag{c: sigtap.CompetenciaOf(time.Now())}
	fs.Var(asOf, "as-of", "the competência `AAAAMM` to judge (default: current month)")
	asJSON := fs.Bool("json", false, "one JSON object per key and line")
	if code := e.flagsOnly(name, fs, args); code != proceed {
		return code
	}
	switch {
	case *state == "":
		return e.usageError(name, "-state FILE is required")
	}
	var l ledger.Ledger
	exists, err := readState(*state, &l)
	if err != nil {
		return e.fail(name, err)
	}
	if !exists {
		return e.fail(name, fmt.Errorf("%s: %w", *state, errStateMissing))
	}
	keys := l.Keys()
	if *key != "" {
		keys = []string{*key}
	}
	for _, k := range keys {
		s := l.Summary(k, asOf.c)
		if *asJSON {
			e.writeJSONLine(s)
			continue
		}
		printSummary(e, s)
	}
	return exitOK
}

// printSummary prints the state of one key, in Portuguese.
func printSummary(e *env, s ledger.Summary) {
	w := e.stdout
	if s.Start.IsZero() {
		fmt.Fprintf(w, "%s: nenhuma competência registrada\n", s.Key)
	} else {
		fmt.Fprintf(w, "%s (início %s)\n", s.Key, s.Start)
	}
	for _, en := range s.Entries {
		line := fmt.Sprintf("  %s  %-11s  revisão %d", en.Competencia, en.Status.Label(), en.Revision)
		if en.Note != "" {
			line += "  " + en.Note
		}
		fmt.Fprintln(w, line)
	}
	if m := s.MustSendFirst; m != nil {
		fmt.Fprintf(w, "  enviar primeiro: %s (%s)\n", m.Competencia, m.Status.Label())
	}
	verdict := "não"
	if s.MaySend.Allowed {
		verdict = "sim"
	}
	fmt.Fprintf(w, "  pode enviar %s: %s (%s)\n", s.MaySend.Competencia, verdict, s.MaySend.Reason)
	g := s.Gap
	if g.Missing == 0 {
		fmt.Fprintf(w, "  em falta até %s: nenhuma\n", g.AsOf)
	} else {
		fmt.Fprintf(w, "  em falta até %s: %d consecutivas desde %s: %s\n", g.AsOf, g.Missing, g.First, nivel(g.Level))
	}
}

// nivel names a gap level in the reports ("warning" → "alerta"; at 3
// missing competências the transfers are suspended).
func nivel(l ledger.GapLevel) string {
	switch l {
	case ledger.GapOK:
		return "ok"
	case ledger.GapWarning:
		return "alerta"
	case ledger.GapSuspension:
		return "suspensão"
	}
	return l.String()
}

func (e *env) ledgerRecord(args []string) int {
	const name = "ledger record"
	fs := e.flags(name)
	state := fs.String("state", "", "ledger `FILE` (JSON), required; created when missing")
	key := fs.String("key", "", "the gestão or establishment `KEY`, required")
	var c competenciaFlag
	fs.Var(&c, "competencia", "the competência `AAAAMM` of the remessa, required")
	status := fs.String("status", "", "sent, validated or rejected, required")
	note := fs.String("note", "", "free `TEXT` kept with the entry (file name, protocol)")
	asJSON := fs.Bool("json", false, "print the entry as JSON")
	if code := e.flagsOnly(name, fs, args); code != proceed {
		return code
	}
	st, err := ledger.ParseStatus(*status)
	switch {
	case *state == "" || *key == "":
		return e.usageError(name, "-state FILE and -key KEY are required")
	case c.c.IsZero():
		return e.usageError(name, "-competencia AAAAMM is required")
	case err != nil || st == ledger.NotSent:
		return e.usageError(name, "-status must be sent, validated or rejected")
	}
	return e.withLedger(name, *state, func(l *ledger.Ledger) (func(), error) {
		if st == ledger.Sent {
			if d := l.MaySend(*key, c.c); !d.Allowed {
				fmt.Fprintf(e.stderr, "remessa %s: aviso: %s\n", name, d.Reason)
			}
		}
		en, err := l.Record(*key, c.c, st, *note)
		if err != nil {
			return nil, err
		}
		return func() {
			if *asJSON {
				e.writeJSONLine(en)
			} else {
				fmt.Fprintf(e.stdout, "%s %s %s (revisão %d)\n", *key, en.Competencia, en.Status.Label(), en.Revision)
			}
		}, nil
	})
}

func (e *env) ledgerStart(args []string) int {
	const name = "ledger start"
	fs := e.flags(name)
	state := fs.String("state", "", "ledger `FILE` (JSON), required; created when missing")
	key := fs.String("key", "", "the gestão or establishment `KEY`, required")
	var c competenciaFlag
	fs.Var(&c, "competencia", "the first competência `AAAAMM` judged, required")
	if code := e.flagsOnly(name, fs, args); code != proceed {
		return code
	}
	switch {
	case *state == "" || *key == "":
		return e.usageError(name, "-state FILE and -key KEY are required")
	case c.c.IsZero():
		return e.usageError(name, "-competencia AAAAMM is required")
	}
	return e.withLedger(name, *state, func(l *ledger.Ledger) (func(), error) {
		if err := l.SetStart(*key, c.c); err != nil {
			return nil, err
		}
		return func() { fmt.Fprintf(e.stdout, "%s início %s\n", *key, c.c) }, nil
	})
}

// withLedger locks and loads the ledger of path (empty when missing),
// applies fn, saves the ledger when fn succeeds and then calls the report
// function fn returned.
func (e *env) withLedger(name, path string, fn func(*ledger.Ledger) (func(), error)) int {
	return e.locked(name, path, func() int {
		var l ledger.Ledger
		if _, err := readState(path, &l); err != nil {
			return e.fail(name, err)
		}
		report, err := fn(&l)
		if err != nil {
			return e.fail(name, err)
		}
		if err := writeState(path, &l); err != nil {
			return e.fail(name, err)
		}
		report()
		return exitOK
	})
}

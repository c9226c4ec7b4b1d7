package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

func init() {
	register("world", command{usage: `world -sigtap RELEASE -o DIR [-competencia AAAAMM] [-estabs N] [-files N] [-lines N] [-error-rate R] [-seed S] [-file-errors=false]
    Writes a synthetic month for tests and benchmarks (package
    remessa/remessatest): DIR/cnes/ a CNES registry of N establishments in the
    real distribution format, DIR/bpa/PAW001.MMM … the BPA files (each the
    BPA-I production of its share of the establishments, -lines lines each,
    grouped by numbering key as BPA-Mag writes them) and DIR/EXPECTED.jsonl
    what "remessa check -sigtap RELEASE -cnes DIR/cnes DIR/bpa" must answer:
    one {"file","line","code"} object per crítica, the file summaries, then
    the month's summary. A share -error-rate (0 to 1) of the lines carries a
    planted error: within a line (CBO, professional, age, sex, quantity,
    instrument, competência, patient CNS, a competência without SIGTAP or
    CNES) or across files (instrument, quantity, repeated attendance); with
    -error-rate above 0 and at least 3 files, one file is of another
    competência and the last one repeats the file before it (unless
    -file-errors=false). RELEASE is one SIGTAP release (ZIP or folder): the
    lines carry its competência, -competencia (cbc_mvm, default the
    release's) may be up to three months later. The same flags and seed
    give the same bytes. DIR must not exist or be empty; it appears whole
    or not at all. Defaults: -estabs 50 -files 1 -lines 1000 -error-rate
    0.01 -seed 1.
    Progress counts the lines written. Exit status: 0 written; 1 the
    release holds no procedure a BPA-I line can carry; 2 usage error,
    unreadable release, unwritable DIR or an interrupt (nothing is left).
`, run: runWorld})
}

func runWorld(e *env, args []string) int {
	const name = "world"
	fs := e.flags(name)
	release := fs.String("sigtap", "", "SIGTAP release (ZIP or folder), required")
	out := fs.String("o", "", "output directory, required (must not exist or be empty)")
	cmp := fs.String("competencia", "", "processing month AAAAMM (default: the release's)")
	estabs := fs.Int("estabs", 50, "establishments of the CNES registry")
	files := fs.Int("files", 1, "BPA files")
	lines := fs.Int("lines", remessatest.DefaultLines, "production lines per file (at most 999999)")
	rate := fs.Float64("error-rate", 0.01, "share of lines with a planted error, 0 to 1")
	seed := fs.Uint64("seed", 1, "random seed")
	fileErrors := fs.Bool("file-errors", true, "with -error-rate > 0 and 3 files or more, plant a file of another competência and a repeated file")
	if c := e.flagsOnly(name, fs, args); c != proceed {
		return c
	}
	switch {
	case *release == "":
		return e.usageError(name, "need -sigtap RELEASE")
	case *out == "":
		return e.usageError(name, "need -o DIR")
	case *estabs < 1 || *files < 1 || *lines < 1:
		return e.usageError(name, "-estabs, -files and -lines must be at least 1")
	case *lines > 999999:
		return e.usageError(name, "-lines: a BPA file holds at most 999999 lines")
	case *files > 999:
		return e.usageError(name, "-files: at most 999")
	case !(*rate >= 0 && *rate <= 1):
		return e.usageError(name, "-error-rate must be between 0 and 1")
	case *estabs < *files:
		return e.usageError(name, "-estabs must be at least -files (each file is the production of its own establishments)")
	}
	opts := &remessatest.Options{Estabs: *estabs, Files: *files, Lines: *lines, ErrorRate: *rate, Seed: *seed}
	if *cmp != "" {
		c, err := sigtap.ParseCompetencia(*cmp)
		if err != nil {
			return e.usageError(name, "-competencia: %v", err)
		}
		opts.Competencia = c
	}
	if *rate > 0 && *files >= 3 && *fileErrors {
		opts.Duplicate, opts.OtherCompetencia = true, true
	}
	if err := worldOutput(*out); err != nil {
		return e.ioFail(name, err)
	}
	rel, err := sigtap.Open(*release, nil)
	if err != nil {
		return e.fail(name, err) // 2 when it cannot be read, 1 when it is no release
	}
	if !opts.Competencia.IsZero() && (opts.Competencia.Before(rel.Competencia()) || opts.Competencia.Sub(rel.Competencia()) > 3) {
		return e.usageError(name, "-competencia %s: the release is of %s; the processing month is that or up to three months later",
			opts.Competencia, rel.Competencia())
	}
	w, err := remessatest.New(rel, opts)
	switch {
	case errors.Is(err, remessatest.ErrOptions):
		return e.usageError(name, "%v", err)
	case err != nil:
		return e.invalid(name, err) // no world can be made of the release
	}
	prog := e.progress(name, "lines")
	prog.SetTotal(int64(w.Expected().Lines))
	err = w.WriteDir(e.ctx, *out, &remessatest.WriteOptions{Progress: func(done, _ int) { prog.Set(int64(done)) }})
	if err != nil {
		prog.Stop()
		return e.ioFail(name, err)
	}
	prog.Done()
	x := w.Expected()
	fmt.Fprintf(e.stdout, "mundo gravado em %s: %d arquivos, %d linhas, CNES de %d estabelecimentos (competência %s)\n",
		*out, x.FileCount, x.Lines, *estabs, x.Competencia.Format())
	fmt.Fprintf(e.stdout, "esperado: %d aprovadas, %d rejeitadas, %d não verificadas (%s)\n",
		x.Approved, x.Rejected, x.Unverified, remessatest.ExpectedName)
	return exitOK
}

// worldOutput checks, before any work, that the world can be written to
// dir: a folder that does not exist yet (in an existing folder) or is
// empty.
func worldOutput(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case err == nil && !st.IsDir():
		return fmt.Errorf("%s: not a folder", dir)
	case err == nil:
		ents, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		if len(ents) > 0 {
			return fmt.Errorf("%s: the folder exists and is not empty", dir)
		}
		return nil
	case !errors.Is(err, os.ErrNotExist):
		return err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if st, err := os.Stat(parent); err != nil {
		return err
	} else if !st.IsDir() {
		return fmt.Errorf("%s: %s is not a folder", dir, parent)
	}
	return nil
}

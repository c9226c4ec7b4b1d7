package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sus/sus/remessa/ledger"
	"github.com/go-sus/sus/sigtap"
)

// The tests of this file run the command as separate processes: the test
// binary is started again with REMESSA_TEST_HELPER set, and
// TestHelperProcess then behaves as the remessa command ("run") or as a
// run that takes the lock of a state file and hangs until it is killed
// ("hold").

// TestHelperProcess is not a test: see above.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("REMESSA_TEST_HELPER")
	if mode == "" {
		return
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	switch mode {
	case "run":
		os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
	case "hold":
		if _, err := lockState(args[0]); err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		fmt.Println("locked")
		time.Sleep(time.Minute)
	}
	os.Exit(4)
}

// helper returns the command that runs TestHelperProcess in mode with
// args.
func helper(mode string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "REMESSA_TEST_HELPER="+mode)
	return cmd
}

func skipProcesses(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts processes")
	}
	switch runtime.GOOS {
	case "plan9", "js", "wasip1", "ios", "android":
		t.Skip("no process-scoped file lock or no subprocesses on " + runtime.GOOS)
	}
}

// skipInProcess skips a test that holds a state lock in the test process
// itself and expects a run of the same process to find it taken: fcntl
// locks (AIX, Solaris) belong to the process and do not exclude it.
func skipInProcess(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "aix" || runtime.GOOS == "solaris" {
		t.Skip("fcntl locks do not exclude the same process")
	}
}

// readLedger reads the ledger of state file path.
func readLedger(t *testing.T, path string) *ledger.Ledger {
	t.Helper()
	var l ledger.Ledger
	if ok, err := readState(path, &l); !ok || err != nil {
		t.Fatalf("ledger %s: exists %v, %v", path, ok, err)
	}
	return &l
}

// TestLedgerRecordConcurrent: N processes record N competências in one
// ledger at the same time; each waits for the others' lock, none fails,
// and no entry is lost (before the OS lock, ~40% of them failed with
// "locked").
func TestLedgerRecordConcurrent(t *testing.T) {
	skipProcesses(t)
	const n = 8
	state := filepath.Join(t.TempDir(), "ledger.json")
	var wg sync.WaitGroup
	type out struct {
		err            error
		stdout, stderr string
	}
	outs := make([]out, n)
	for i := range n {
		wg.Go(func() {
			c := sigtap.MustParseCompetencia("202501").Add(i)
			cmd := helper("run", "ledger", "record", "-state", state, "-key", "355030",
				"-competencia", c.String(), "-status", "validated", "-note", fmt.Sprint("run ", i))
			var so, se bytes.Buffer
			cmd.Stdout, cmd.Stderr = &so, &se
			outs[i] = out{cmd.Run(), so.String(), se.String()}
		})
	}
	wg.Wait()
	for i, o := range outs {
		want := fmt.Sprintf("355030 %s validated (revision 1)\n", sigtap.MustParseCompetencia("202501").Add(i))
		if o.err != nil || o.stdout != want || o.stderr != "" {
			t.Errorf("run %d: %v\nstdout: %q\nstderr: %q", i, o.err, o.stdout, o.stderr)
		}
	}
	l := readLedger(t, state)
	entries := l.Entries("355030")
	if len(entries) != n {
		t.Fatalf("ledger holds %d entries, want %d: %+v", len(entries), n, entries)
	}
	for i, e := range entries {
		if c := sigtap.MustParseCompetencia("202501").Add(i); e.Competencia != c || e.Status != ledger.Validated || e.Note != fmt.Sprint("run ", i) {
			t.Errorf("entry %d: %+v", i, e)
		}
	}
	if g := l.Missing("355030", sigtap.MustParseCompetencia("202501").Add(n-1)); g.Missing != 0 {
		t.Errorf("gap %+v after %d validated competências", g, n)
	}
	if entries, _ := os.ReadDir(filepath.Dir(state)); len(entries) != 2 {
		t.Errorf("files in the state directory: %v, want the ledger and its lock file", entries)
	}
}

// TestLedgerLockKilledHolder: a run killed (SIGKILL) while it holds the
// lock of the ledger does not block the next run.
func TestLedgerLockKilledHolder(t *testing.T) {
	skipProcesses(t)
	state := filepath.Join(t.TempDir(), "ledger.json")
	want(t, runCLI(t, "", "ledger", "record", "-state", state, "-key", "355030", "-competencia", "202510", "-status", "validated"),
		exitOK, "355030 202510 validated (revision 1)\n")

	hold := helper("hold", state)
	stdout, err := hold.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hold.Process.Kill(); hold.Wait() })
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("holder: %q, %v", line, err)
	}

	// While it lives, a run waits for it and then fails, naming the file.
	defer func(d time.Duration) { lockTimeout = d }(lockTimeout)
	lockTimeout = 200 * time.Millisecond
	r := runCLI(t, "", "ledger", "record", "-state", state, "-key", "355030", "-competencia", "202511", "-status", "sent")
	if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "state file "+state+" is locked by another run") ||
		!strings.Contains(r.stderr, state+".lock") {
		t.Errorf("run while the lock is held: %+v", r)
	}
	if runtime.GOOS != "windows" && !strings.Contains(r.stderr, fmt.Sprintf("process %d", hold.Process.Pid)) {
		t.Errorf("message does not name the holder %d: %s", hold.Process.Pid, r.stderr)
	}

	// Killed, it holds nothing: the next run goes through at once.
	if err := hold.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	hold.Wait()
	lockTimeout = 10 * time.Second
	start := time.Now()
	want(t, runCLI(t, "", "ledger", "record", "-state", state, "-key", "355030", "-competencia", "202511", "-status", "sent"),
		exitOK, "355030 202511 sent (revision 1)\n")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("run after the holder was killed took %v", d)
	}
	if e := readLedger(t, state).Entries("355030"); len(e) != 2 {
		t.Errorf("entries %+v", e)
	}
}

// TestLedgerLockWaits: a run that finds the lock held waits for it and
// then does its work.
func TestLedgerLockWaits(t *testing.T) {
	skipInProcess(t)
	state := filepath.Join(t.TempDir(), "ledger.json")
	unlock, err := lockState(state)
	if err != nil {
		t.Fatal(err)
	}
	const hold = 300 * time.Millisecond
	time.AfterFunc(hold, unlock)
	start := time.Now()
	want(t, runCLI(t, "", "ledger", "start", "-state", state, "-key", "355030", "-competencia", "202501"),
		exitOK, "355030 start 202501\n")
	if d := time.Since(start); d < hold-50*time.Millisecond {
		t.Errorf("run finished after %v, before the lock was released (%v)", d, hold)
	}
	if s := readLedger(t, state).Start("355030"); s != sigtap.MustParseCompetencia("202501") {
		t.Errorf("start %v", s)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/bpa"
)

// readSplit reads a written split file and checks that its header agrees
// with its lines.
func readSplit(t *testing.T, path string) *bpa.File {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := bpa.NewReader(bytes.NewReader(b))
	f := &bpa.File{}
	for rec, err := range r.All() {
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if h, ok := rec.(*bpa.Header); ok {
			f.Header = *h
			continue
		}
		f.Records = append(f.Records, rec)
	}
	if ps := r.Problems(); len(ps) > 0 {
		t.Errorf("%s: %v", path, ps)
	}
	return f
}

func TestSplit(t *testing.T) {
	sig, cn, file := writeWorld(t)
	out := filepath.Join(t.TempDir(), "out", "sub")
	code, stdout, errOut := runRemessa("", "split", "-o", out, "-sigtap", sig, "-cnes", cn, file)
	if code != exitOK {
		t.Fatalf("exit %d %s", code, errOut)
	}
	pab, mac := filepath.Join(out, "PADEMOPV.JAN"), filepath.Join(out, "PADEMOMF.JAN")
	want := pab + " pab-vigilancia: 4 lines, 3 folhas, control 1883; financing 01 3, 07 1\n" +
		mac + " mac-faec: 43 lines, 15 folhas, control 2082; financing unknown 1, 04 3, 06 39\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(errOut, "warning: financing unknown for 1 line(s)") || !strings.Contains(errOut, ": 6;") {
		t.Errorf("stderr %q", errOut)
	}
	fp, fm := readSplit(t, pab), readSplit(t, mac)
	if fp.Header.Lines != 4 || fm.Header.Lines != 43 || fp.Header.Sigla != "DEMO" {
		t.Errorf("headers %+v %+v", fp.Header, fm.Header)
	}
	// Every input line is in one of the files, byte for byte.
	in, _ := os.ReadFile(file)
	pb, _ := os.ReadFile(pab)
	mb, _ := os.ReadFile(mac)
	for i, l := range strings.Split(strings.TrimSuffix(string(in), "\r\n"), "\r\n")[1:] {
		if strings.Count(string(pb), l+"\r\n")+strings.Count(string(mb), l+"\r\n") != 1 {
			t.Errorf("input line %d not in exactly one file", i+2)
		}
	}

	// -json, stdin, explicit identifiers, renumbering; no leftovers.
	out2 := t.TempDir()
	code, stdout, _ = runRemessa(string(in), "split", "-json", "-renumber", "-id-pab", "AB01", "-id-mac", "MC01", "-o", out2, "-sigtap", sig, "-cnes", cn, "-")
	objs := decodeJSONLines(t, stdout)
	if code != exitOK || len(objs) != 3 || objs[0]["name"] != "PAAB01.JAN" || objs[1]["name"] != "PAMC01.JAN" || objs[2]["kind"] != "summary" {
		t.Fatalf("json: exit %d %s", code, stdout)
	}
	if objs[0]["parte"] != "pab-vigilancia" || objs[0]["lines"] != 4.0 || len(objs[0]["input_lines"].([]any)) != 4 {
		t.Errorf("json file %v", objs[0])
	}
	if u := objs[2]["unknown"].([]any); len(u) != 1 || u[0] != 6.0 {
		t.Errorf("json summary %v", objs[2])
	}
	entries, _ := os.ReadDir(out2)
	if len(entries) != 2 {
		t.Errorf("%d entries in the output directory (temporary files left?)", len(entries))
	}
}

func TestSplitFailures(t *testing.T) {
	sig, cn, file := writeWorld(t)
	dir := t.TempDir()
	empty := func() bool { es, _ := os.ReadDir(dir); return len(es) == 0 }

	// -strict with a line of unknown financing writes nothing.
	if code, _, errOut := runRemessa("", "split", "-strict", "-o", dir, "-sigtap", sig, file); code != exitInvalid || !empty() || !strings.Contains(errOut, "nothing written") {
		t.Errorf("strict: exit %d, %q", code, errOut)
	}
	// An unreadable line: nothing written.
	bad := filepath.Join(t.TempDir(), "PABAD.JAN")
	b, _ := os.ReadFile(file)
	os.WriteFile(bad, append(b, "03XYZ\r\n"...), 0o644)
	if code, _, errOut := runRemessa("", "split", "-o", dir, "-sigtap", sig, bad); code != exitInvalid || !empty() || !strings.Contains(errOut, "nothing written") {
		t.Errorf("bad line: exit %d, %q", code, errOut)
	}
	// An identifier that makes an invalid name.
	if code, _, errOut := runRemessa("", "split", "-o", dir, "-sigtap", sig, "-id-pab", "A.B", file); code != exitInvalid || !empty() {
		t.Errorf("bad id: exit %d, %q", code, errOut)
	}
	// Without -sigtap: one unsplit file and a warning.
	code, stdout, errOut := runRemessa("", "split", "-o", dir, "-cnes", cn, file)
	if code != exitOK || !strings.Contains(errOut, "no -sigtap given") || !strings.Contains(stdout, "PADEMOMF.JAN mac-faec: 47 lines, 17 folhas, control 1743; financing unknown 47") {
		t.Errorf("no sigtap: exit %d\n%s%s", code, stdout, errOut)
	}
	for _, args := range [][]string{
		{"split"}, {"split", file}, {"split", "-o", dir}, {"split", "-x", "-o", dir, file},
	} {
		if code, _, errOut := runRemessa("", args...); code != exitUsage || !strings.Contains(errOut, "usage:") {
			t.Errorf("%q: exit %d, %q", args, code, errOut)
		}
	}
	if code, _, _ := runRemessa("", "split", "-o", dir, "/nonexistent.bpa"); code != exitError {
		t.Errorf("missing file: exit %d", code)
	}
}

package bpatest

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/sigtap"
)

// TestBroken proves every variant on every writable layout: bpa.Validate
// reports exactly one problem, of the variant's code and severity, on the
// line Apply names — or the reader stops with the variant's error.
func TestBroken(t *testing.T) {
	names := map[string]bool{}
	for _, v := range Broken() {
		if names[v.Name] {
			t.Errorf("variant %s listed twice", v.Name)
		}
		names[v.Name] = true
		if (v.Code == "") == (v.Err == nil) {
			t.Errorf("%s: want a code or an error", v.Name)
		}
	}
	for _, ver := range bpa.Versions {
		file, err := File(ver.Since(), 40, uint64(ver))
		if err != nil {
			t.Fatal(err)
		}
		if ps, err := bpa.Validate(bytes.NewReader(file)); err != nil || len(ps) != 0 {
			t.Fatalf("layout %v: the base file is not valid: %v %v", ver, err, ps)
		}
		applied := 0
		for _, v := range Broken() {
			broken, line, err := v.Apply(bytes.Clone(file))
			if errors.Is(err, ErrNotApplicable) {
				if ver >= v.Since {
					t.Errorf("layout %v, %s: %v", ver, v.Name, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("layout %v, %s: %v", ver, v.Name, err)
				continue
			}
			applied++
			ps, err := bpa.Validate(bytes.NewReader(broken))
			if v.Err != nil {
				if !errors.Is(err, v.Err) {
					t.Errorf("layout %v, %s: error %v, want %v", ver, v.Name, err, v.Err)
				}
				continue
			}
			if err != nil || len(ps) != 1 || ps[0].Code != v.Code || ps[0].Line != line || ps[0].Severity != v.Severity {
				t.Errorf("layout %v, %s: want %v %s on line %d, got %v %v", ver, v.Name, v.Severity, v.Code, line, err, ps)
			}
		}
		if applied < len(Broken())-5 {
			t.Errorf("layout %v: only %d variants apply", ver, applied)
		}
	}
}

// TestBrokenNotApplicable: a file without BPA-I line, and a file that is
// not a BPA file, are refused with ErrNotApplicable.
func TestBrokenNotApplicable(t *testing.T) {
	g := New(rand.New(rand.NewPCG(1, 1)), sigtap.MustParseCompetencia("202512"))
	h := g.Header()
	var b bytes.Buffer
	c := g.Consolidado()
	c.Folha, c.Seq = 1, 1
	if err := bpa.Encode(&b, h, []bpa.Record{c}, nil); err != nil {
		t.Fatal(err)
	}
	for _, v := range Broken() {
		if !slices.Contains([]string{"cns-check-digit", "line-length", "duplicate-slot"}, v.Name) {
			continue
		}
		if _, _, err := v.Apply(b.Bytes()); !errors.Is(err, ErrNotApplicable) {
			t.Errorf("%s on a BPA-C-only file: %v", v.Name, err)
		}
		if _, _, err := v.Apply([]byte("hello\r\n")); !errors.Is(err, ErrNotApplicable) {
			t.Errorf("%s on a text file: %v", v.Name, err)
		}
	}
}

func TestTooManyLines(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 50 MB")
	}
	ps, err := bpa.Validate(TooManyLines(sigtap.MustParseCompetencia("202601")))
	if !errors.Is(err, bpa.ErrTooManyLines) {
		t.Errorf("error %v (%d problems), want ErrTooManyLines", err, len(ps))
	}
}

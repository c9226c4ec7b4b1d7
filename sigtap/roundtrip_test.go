package sigtap_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

// dump is everything a release holds, as text: identity, and per table
// its layout and rows. Two releases with equal dumps are equal.
func dump(t testing.TB, r *sigtap.Release) map[string][]string {
	t.Helper()
	out := map[string][]string{
		"#id": {r.Competencia().String(), r.Generation().String(), r.Version()},
	}
	for _, name := range r.TableNames() {
		tb, err := r.Table(name)
		if err != nil {
			t.Fatal(err)
		}
		lines := []string{string(tb.Layout().AppendText(nil))}
		if !tb.Present() {
			lines = append(lines, "(absent)")
		}
		for i := 0; i < tb.Len(); i++ {
			line, err := tb.Line(nil, i)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, string(line))
		}
		out[name] = lines
	}
	return out
}

// roundTrip writes r as a ZIP, loads it back and checks that the two are
// equal (and that writing again gives the same bytes).
func roundTrip(t testing.TB, r *sigtap.Release) *sigtap.Release {
	t.Helper()
	var a, b bytes.Buffer
	if err := r.WriteZip(&a); err != nil {
		t.Fatal(err)
	}
	back, err := sigtap.LoadZip(bytes.NewReader(a.Bytes()), int64(a.Len()), &sigtap.LoadOptions{Name: r.Name() + ".zip"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dump(t, r), dump(t, back)); diff != "" {
		t.Fatalf("Load(Write(r)) differs from r (-r +back):\n%s", diff)
	}
	c, err := sigtap.Diff(r, back)
	if err != nil || !c.Empty() {
		t.Fatalf("Diff(r, Load(Write(r))) = %+v, %v", c, err)
	}
	if err := back.WriteZip(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("Write(Load(Write(r))) differs from Write(r)")
	}
	return back
}

func TestRoundTripTiny(t *testing.T) {
	for _, dir := range []string{"TabelaUnificada_202510_v2510160954", "TabelaUnificada_202512_v2601221256"} {
		r, err := sigtap.Open(filepath.Join("testdata", dir), nil)
		if err != nil {
			t.Fatal(err)
		}
		back := roundTrip(t, r)
		if back.Name() != dir {
			t.Errorf("name %s", back.Name())
		}
		// The written directory holds the same files as testdata.
		out := t.TempDir()
		if err := back.WriteDir(out); err != nil {
			t.Fatal(err)
		}
		des, _ := os.ReadDir(filepath.Join("testdata", dir))
		for _, d := range des {
			want, _ := os.ReadFile(filepath.Join("testdata", dir, d.Name()))
			got, err := os.ReadFile(filepath.Join(out, d.Name()))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s/%s differs after a round trip (%v)", dir, d.Name(), err)
			}
		}
	}
}

// TestRoundTripShared: Load(Write(r)) equals r for a whole official
// release and for a subset of it.
func TestRoundTripShared(t *testing.T) {
	r := shared(t, zip202601)
	roundTrip(t, r)
	s, err := r.Subset(sigtap.MustParseCode("0301010072"), sigtap.MustParseCode("0203020030"), sigtap.MustParseCode("0901010014"))
	if err != nil {
		t.Fatal(err)
	}
	back := roundTrip(t, s)
	if n := len(back.Procedures()); n != 3 {
		t.Errorf("subset has %d procedures", n)
	}
	// The subset answers like the full release for its procedures.
	for _, p := range s.Procedures() {
		for _, f := range []func(*sigtap.Release) any{
			func(x *sigtap.Release) any { v, _ := x.CBOs(p.Code); return v },
			func(x *sigtap.Release) any { v, _ := x.CIDs(p.Code); return v },
			func(x *sigtap.Release) any { v, _ := x.Detalhes(p.Code); return v },
			func(x *sigtap.Release) any { v, _ := x.Habilitacoes(p.Code); return v },
			func(x *sigtap.Release) any { v, _ := x.Registros(p.Code); return v },
			func(x *sigtap.Release) any { v, _ := x.RegrasCondicionadas(p.Code); return v },
			func(x *sigtap.Release) any { v, _ := x.Servicos(p.Code); return v },
			func(x *sigtap.Release) any { v, _, _ := x.Description(p.Code); return v },
		} {
			if diff := cmp.Diff(f(r), f(back), cmp.Comparer(func(a, b interface{ String() string }) bool { return a.String() == b.String() })); diff != "" {
				t.Errorf("%s: subset differs:\n%s", p.Code, diff)
			}
		}
		cbos, _ := back.CBOs(p.Code)
		for _, c := range cbos {
			if _, ok := back.Refs().Ocupacoes.Get(c); !ok {
				t.Errorf("CBO %s of %s not in the subset's tb_ocupacao", c, p.Code)
			}
		}
	}
}

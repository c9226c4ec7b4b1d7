package bpa

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-sus/sus/sigtap"
)

// useLayouts replaces the version table for one test (the table is
// otherwise fixed when the package starts; there is no public registry).
func useLayouts(t *testing.T, rows []layoutVersion, variants []layoutVariant) {
	t.Helper()
	old, oldVersions := lay, Versions
	lay = mustLayouts(rows, variants)
	Versions = slices.Clone(lay.writable)
	t.Cleanup(func() { lay, Versions = old, oldVersions })
}

// TestNewLayoutVersionIsOneRow adds a hypothetical layout, V360 from
// competência 01/2028 with one 9-byte field at 352–360, by adding one row
// to the version table, and checks that everything follows: the version
// functions, the writer's choice of layout, Encode and both Writers, the
// Reader and Decode, validation and the JSON bridge. A real new layout
// also binds its field to a new Individualizado member in the same row;
// the hypothetical field has no member (it is written blank and kept
// byte for byte by the JSON bridge).
func TestNewLayoutVersionIsOneRow(t *testing.T) {
	const v360 = Version(360)
	since := sigtap.MustParseCompetencia("202801")
	rows := append(slices.Clone(individualizadoVersions), layoutVersion{
		v360, since, []Field{num(40, "prd_teste", 352, 9, brancos, reserved)},
	})
	useLayouts(t, rows, readOnlyVariants)

	// The version functions.
	if !v360.Known() || v360.Since() != since || Width(TypeIndividualizado, v360) != 360 ||
		FieldSince("prd_teste") != since || Versions[len(Versions)-1] != v360 {
		t.Fatalf("version functions: known %v since %v width %d versions %v", v360.Known(), v360.Since(), Width(TypeIndividualizado, v360), Versions)
	}
	if VersionFor(since) != v360 || VersionFor(since.Add(-1)) != V351 || VersionFor(sigtap.Competencia{}) != v360 {
		t.Errorf("VersionFor: %v %v", VersionFor(since), VersionFor(since.Add(-1)))
	}
	if f, ok := FieldByName(TypeIndividualizado, v360, "prd_teste"); !ok || f.Start != 352 || f.End() != 360 {
		t.Errorf("FieldByName: %+v %v", f, ok)
	}
	if _, ok := FieldByName(TypeIndividualizado, V351, "prd_teste"); ok {
		t.Error("prd_teste must not exist in layout 351")
	}

	// Writing: Encode and both Writers pick V360 from the header.
	f := fileAt(since)
	var enc bytes.Buffer
	if err := f.Encode(&enc, nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(enc.String(), "\r\n"), "\r\n")
	if len(lines) != 4 || len(lines[2]) != 360 || len(lines[3]) != 360 || lines[2][351:] != strings.Repeat(" ", 9) {
		t.Fatalf("encoded lines: %q", lines)
	}
	h := f.Header
	if err := (&Totals{}).applyRecords(&h, f.Records); err != nil {
		t.Fatal(err)
	}
	var streamed bytes.Buffer
	w := NewWriterTotals(&streamed, h)
	for _, rec := range f.Records {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil || !bytes.Equal(streamed.Bytes(), enc.Bytes()) {
		t.Errorf("NewWriterTotals differs from Encode: %v", err)
	}
	path := filepath.Join(t.TempDir(), "v360.bpa")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	ws := NewWriter(out, f.Header)
	for _, rec := range f.Records {
		if err := ws.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	if got, _ := os.ReadFile(path); !bytes.Equal(got, enc.Bytes()) {
		t.Error("NewWriter differs from Encode")
	}

	// Reading: records of V360, equal to what was written; no problems.
	got, err := Decode(bytes.NewReader(enc.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range got.Records[1:] {
		r := rec.(*Individualizado)
		want := *f.Records[i+1].(*Individualizado)
		want.Line, want.Version = i+3, v360
		if !cmpEqual(*r, want) {
			t.Errorf("record %d read back differs:\n%+v\n%+v", i+3, *r, want)
		}
	}
	if ps, err := Validate(bytes.NewReader(enc.Bytes())); err != nil || len(ps) != 0 {
		t.Errorf("Validate: %v %v", ps, err)
	}

	// JSON: the new field is in every V360 object and carries its bytes.
	var js bytes.Buffer
	if err := ToJSON(&js, bytes.NewReader(enc.Bytes())); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(js.String(), `"prd_teste":""`); n != 2 {
		t.Fatalf("prd_teste in %d JSON objects, want 2:\n%s", n, js.String())
	}
	edited := strings.Replace(js.String(), `"prd_teste":""`, `"prd_teste":"123456789"`, 1)
	var back bytes.Buffer
	if err := FromJSON(&back, strings.NewReader(edited)); err != nil {
		t.Fatal(err)
	}
	want := []byte(strings.Replace(enc.String(), strings.Repeat(" ", 9)+"\r\n", "123456789\r\n", 1))
	if !bytes.Equal(back.Bytes(), want) {
		t.Errorf("FromJSON: the new field is not at 352–360:\n%q", back.String())
	}
	var again bytes.Buffer
	if err := ToJSON(&again, bytes.NewReader(back.Bytes())); err != nil || again.String() != edited {
		t.Errorf("JSON round trip: %v\n%s", err, again.String())
	}

	// A 351 line in this file is an older layout than the header calls for.
	old := strings.Replace(enc.String(), lines[3]+"\r\n", lines[3][:351]+"\r\n", 1)
	rd := NewReader(strings.NewReader(old))
	for range rd.All() {
	}
	if codes := problemCodes(rd.Problems()); codes != CodeLayoutOld+" "+CodeLayoutMixed {
		t.Errorf("reader problems: %s", codes)
	}
}

func problemCodes(ps []Problem) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Code)
	}
	return strings.Join(s, " ")
}

// fileAt is the golden production moved to competência c, its records
// without a Version (the writer chooses it).
func fileAt(c sigtap.Competencia) *File {
	f := goldenFile(V351)
	f.Header.Competencia = c
	at := NewDate(c.Year(), c.Month(), 15)
	for _, rec := range f.Records {
		switch r := rec.(type) {
		case *Consolidado:
			r.Competencia = c
		case *Individualizado:
			r.Version, r.Competencia, r.DataAtendimento = 0, c, at
			r.Idade = r.DataNascimento.YearsAt(at)
		}
	}
	return f
}

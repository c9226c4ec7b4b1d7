package bpa_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// production returns unnumbered records without prd_org, in the order
// Build puts them: 45 BPA-C lines of one CNES (three folhas), 5 of
// another, 120 BPA-I lines of one professional (two folhas) and 3 of
// another.
func production() []bpa.Record {
	base := exampleRecords()
	c0, i0 := base[0].(*bpa.Consolidado), base[1].(*bpa.Individualizado)
	var recs []bpa.Record
	for _, g := range []struct {
		n   int
		est string
	}{{45, "1234567"}, {5, "7654328"}} {
		for i := 0; i < g.n; i++ {
			c := *c0
			c.CNES = cnes.MustParseCode(g.est)
			c.Quantidade = 1 + i%7
			recs = append(recs, &c)
		}
	}
	for _, g := range []struct {
		n    int
		prof string
	}{{120, "107123814550008"}, {3, "114735289060006"}} {
		for i := 0; i < g.n; i++ {
			r := *i0
			r.CNSProfissional = cns.MustParseCNS(g.prof)
			r.Quantidade = 1 + i%3
			recs = append(recs, &r)
		}
	}
	return recs
}

func cloneRecords(recs []bpa.Record) []bpa.Record {
	out := make([]bpa.Record, len(recs))
	for i, rec := range recs {
		switch r := rec.(type) {
		case *bpa.Consolidado:
			c := *r
			out[i] = &c
		case *bpa.Individualizado:
			c := *r
			out[i] = &c
		}
	}
	return out
}

// TestWritePathsAgree writes the same production through Build, Encode
// and both Writers (numbering on) and gets the same bytes, which pass
// Validate: one numbering and one set of defaults for every path.
func TestWritePathsAgree(t *testing.T) {
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512"), Sigla: "SMSTST", Versao: "GOSUS"}
	recs := production()

	files, err := bpa.Build(h, cloneRecords(recs), nil)
	if err != nil || len(files) != 1 {
		t.Fatal(files, err)
	}
	var viaBuild bytes.Buffer
	if err := files[0].Encode(&viaBuild, nil); err != nil {
		t.Fatal(err)
	}
	if ps, err := bpa.Validate(bytes.NewReader(viaBuild.Bytes())); err != nil || len(ps) != 0 {
		t.Fatalf("Build's file: %v %v", ps, err)
	}

	number := &bpa.WriteOptions{Number: true}
	encoded := cloneRecords(recs)
	var viaEncode bytes.Buffer
	if err := bpa.Encode(&viaEncode, h, encoded, number); err != nil {
		t.Fatal(err)
	}
	c := encoded[44].(*bpa.Consolidado)
	if c.Folha != 3 || c.Seq != 5 || c.Origem != "" {
		t.Errorf("Encode with Number: record 45 has folha %d seq %d origem %q; want 3, 5 and the caller's empty origem", c.Folha, c.Seq, c.Origem)
	}

	var viaTotals bytes.Buffer
	w := bpa.NewWriterTotals(&viaTotals, files[0].Header) // totals from a first pass
	w.WriteOptions = *number
	for _, rec := range cloneRecords(recs) {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(t.TempDir(), "PASMSTST.DEZ")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	ws := bpa.NewWriter(f, h)
	ws.WriteOptions = *number
	for _, rec := range cloneRecords(recs) {
		if err := ws.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	viaWriter, _ := os.ReadFile(path)

	for name, got := range map[string][]byte{"Encode": viaEncode.Bytes(), "NewWriterTotals": viaTotals.Bytes(), "NewWriter": viaWriter} {
		if !bytes.Equal(got, viaBuild.Bytes()) {
			t.Errorf("%s differs from Build:\n%s", name, firstDiff(got, viaBuild.Bytes()))
		}
	}
	if org := string(viaWriter[132+45 : 132+48]); org != bpa.DefaultOrg {
		t.Errorf("streamed BPA-C line has prd_org %q, want %q", org, bpa.DefaultOrg)
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\r\n"), strings.Split(string(b), "\r\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got " + la[i] + "\nwant " + lb[i]
		}
	}
	return "lengths " + strconv.Itoa(len(la)) + " and " + strconv.Itoa(len(lb))
}

// TestWriteFailsClosed: Encode and the Writer refuse what Validate would
// reject for its numbering, naming the line and the field; Encode writes
// nothing then, the Writer skips the record and goes on.
func TestWriteFailsClosed(t *testing.T) {
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512")}
	numbered := func(f, s int) []bpa.Record {
		recs := exampleRecords()
		c, i := recs[0].(*bpa.Consolidado), recs[1].(*bpa.Individualizado)
		c.Folha, c.Seq, i.Folha, i.Seq = 1, 1, f, s
		return recs
	}
	tests := []struct {
		name  string
		recs  []bpa.Record
		line  int
		field string
		err   error
	}{
		{"unnumbered", func() []bpa.Record {
			recs := numbered(1, 1)
			recs[0].(*bpa.Consolidado).Folha, recs[0].(*bpa.Consolidado).Seq = 0, 0
			return recs
		}(), 2, "prd_flh", bpa.ErrNotNumbered},
		{"seq 0", numbered(1, 0), 3, "prd_seq", bpa.ErrNotNumbered},
		{"folha 0", numbered(0, 1), 3, "prd_flh", bpa.ErrNotNumbered},
		{"folha 1000", numbered(1000, 1), 3, "prd_flh", bpa.ErrRange},
		{"seq 100", numbered(1, 100), 3, "prd_seq", bpa.ErrRange},
		{"BPA-C seq 21", func() []bpa.Record {
			recs := numbered(1, 1)
			recs[0].(*bpa.Consolidado).Seq = 21
			return recs
		}(), 2, "prd_seq", bpa.ErrRange},
		{"slot twice", func() []bpa.Record {
			recs := numbered(1, 1)
			dup := *recs[1].(*bpa.Individualizado)
			return append(recs, &dup)
		}(), 4, "prd_seq", bpa.ErrDuplicate},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := bpa.Encode(&buf, h, tt.recs, nil)
		var fe *bpa.FieldError
		if !errors.As(err, &fe) || fe.Line != tt.line || fe.Field != tt.field || !errors.Is(err, tt.err) {
			t.Errorf("%s: Encode = %v; want line %d field %s %v", tt.name, err, tt.line, tt.field, tt.err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: Encode wrote %d bytes", tt.name, buf.Len())
		}
		w := bpa.NewWriterTotals(&buf, h)
		var errs []error
		for _, rec := range tt.recs {
			if err := w.Write(rec); err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) != 1 || !errors.As(errs[0], &fe) || fe.Line != tt.line || fe.Field != tt.field {
			t.Errorf("%s: Writer errors %v", tt.name, errs)
		}
		if lines := w.Totals().Lines(); lines != len(tt.recs)-1 {
			t.Errorf("%s: the Writer wrote %d lines, want every other record (%d)", tt.name, lines, len(tt.recs)-1)
		}
	}
}

// TestWriteNumberAroundGivenSlots: with Number, records that carry a slot
// keep it and the others take the free ones; a given slot that numbering
// already used is a duplicate.
func TestWriteNumberAroundGivenSlots(t *testing.T) {
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202512")}
	mk := func(f, s int) *bpa.Consolidado {
		c := *exampleRecords()[0].(*bpa.Consolidado)
		c.Folha, c.Seq = f, s
		return &c
	}
	recs := []bpa.Record{mk(1, 1), mk(0, 0), mk(1, 3), mk(0, 0), mk(0, 0)}
	var buf bytes.Buffer
	if err := bpa.Encode(&buf, h, recs, &bpa.WriteOptions{Number: true}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rec := range recs {
		c := rec.(*bpa.Consolidado)
		got = append(got, strconv.Itoa(c.Folha)+"."+strconv.Itoa(c.Seq))
	}
	if want := "1.1 1.2 1.3 1.4 1.5"; strings.Join(got, " ") != want {
		t.Errorf("slots %v, want %s", got, want)
	}
	recs = []bpa.Record{mk(0, 0), mk(1, 1)}
	err := bpa.Encode(&buf, h, recs, &bpa.WriteOptions{Number: true})
	var fe *bpa.FieldError
	if !errors.Is(err, bpa.ErrDuplicate) || !errors.As(err, &fe) || fe.Line != 3 {
		t.Errorf("given slot after numbering took it: %v", err)
	}
}

package bpa

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

func cmpEqual(a, b any) bool { return cmp.Equal(a, b, cmpOpts) }

func slots(recs []Record) string {
	s := ""
	for _, r := range recs {
		f, q := slotOf(r)
		s += fmt.Sprintf("%d.%d ", f, q)
	}
	return s
}

func TestNumbererBPAC(t *testing.T) {
	var n Numberer
	a, b := cnes.MustParseCode("1111111"), cnes.MustParseCode("2222222")
	var ra, rb []Record
	for i := 0; i < 42; i++ {
		rec := &Consolidado{CNES: a}
		if i%2 == 1 {
			rec.CNES = b
		}
		if err := n.Number(rec); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			ra = append(ra, rec)
		} else {
			rb = append(rb, rec)
		}
	}
	// 21 records per CNES: folha 1 seq 1–20, folha 2 seq 1; restart per CNES.
	for _, rs := range [][]Record{ra, rb} {
		if f, s := slotOf(rs[19]); f != 1 || s != 20 {
			t.Errorf("20th = %d.%d", f, s)
		}
		if f, s := slotOf(rs[20]); f != 2 || s != 1 {
			t.Errorf("21st = %d.%d", f, s)
		}
	}
}

func TestNumbererBPAIKeys(t *testing.T) {
	var n Numberer
	base := goldenI(V350)
	for i := 0; i < 100; i++ {
		r := *base
		if err := n.Number(&r); err != nil {
			t.Fatal(err)
		}
		if i == 98 && (r.Folha != 1 || r.Seq != 99) || i == 99 && (r.Folha != 2 || r.Seq != 1) {
			t.Errorf("record %d = %d.%d", i, r.Folha, r.Seq)
		}
	}
	for _, edit := range []func(r *Individualizado){
		func(r *Individualizado) { r.CBO = sigtap.MustParseCBO("223505") },
		func(r *Individualizado) { r.Competencia = r.Competencia.Prev() },
		func(r *Individualizado) { r.CNSProfissional[0] = '2' },
		func(r *Individualizado) { r.CNES = cnes.MustParseCode("7654321") },
	} {
		r := *base
		edit(&r)
		if err := n.Number(&r); err != nil || r.Folha != 1 || r.Seq != 1 {
			t.Errorf("new key must restart at 001/01, got %d.%d %v", r.Folha, r.Seq, err)
		}
	}
}

func TestNumbererOverflow(t *testing.T) {
	n := Numberer{PerFolhaC: 1}
	for i := 0; i < MaxFolha; i++ {
		if err := n.Number(&Consolidado{}); err != nil {
			t.Fatal(i, err)
		}
	}
	rec := &Consolidado{}
	if err := n.Number(rec); !errors.Is(err, ErrFolhas) || rec.Folha != 0 {
		t.Errorf("folha 1000: %v (folha %d)", err, rec.Folha)
	}
}

func productionC(n int) []Record {
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = &Consolidado{CNES: cnes.MustParseCode("1234567"), Competencia: sigtap.MustParseCompetencia("202512"),
			Procedimento: sigtap.MustParseCode("0301010072"), Quantidade: i + 1}
	}
	return recs
}

func TestBuildSplit(t *testing.T) {
	h := Header{Competencia: sigtap.MustParseCompetencia("202512")}
	if _, err := Build(h, productionC(1000), &BuildOptions{PerFolhaC: 1}); !errors.Is(err, ErrFolhas) {
		t.Errorf("Build without Split: %v, want ErrFolhas", err)
	}
	files, err := Build(h, productionC(1000), &BuildOptions{PerFolhaC: 1, Split: true})
	if err != nil || len(files) != 2 || len(files[0].Records) != 999 || len(files[1].Records) != 1 {
		t.Fatalf("split: %d files, %v", len(files), err)
	}
	for _, f := range files {
		var buf bytes.Buffer
		if err := f.Encode(&buf, nil); err != nil {
			t.Fatal(err)
		}
		ps, _ := Validate(&buf)
		for _, p := range ps {
			t.Errorf("split file problem: %v", p)
		}
	}
	files, err = Build(h, productionC(5), &BuildOptions{MaxLinesPerFile: 2, Split: true})
	if err != nil || len(files) != 3 || files[2].Header.Lines != 1 || files[0].Header.Lines != 2 {
		t.Errorf("MaxLinesPerFile: %d files, %v", len(files), err)
	}
	if _, err := Build(h, productionC(5), &BuildOptions{MaxLinesPerFile: 2}); !errors.Is(err, ErrTooManyLines) {
		t.Errorf("MaxLinesPerFile without Split: %v", err)
	}
}

func TestBuildOrderAndKeep(t *testing.T) {
	h := Header{Competencia: sigtap.MustParseCompetencia("202512")}
	i1, i2 := goldenI(V350), goldenI(V350)
	i2.Nome = "SECOND"
	c := productionC(2)
	recs := []Record{i1, c[0], i2, c[1]}
	for _, r := range recs {
		setSlot(r, 0, 0)
	}
	files, err := Build(h, recs, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := files[0].Records
	if got[0] != c[0] || got[1] != c[1] || got[2] != i1 || got[3] != i2 || slots(got) != "1.1 1.2 1.1 1.2 " {
		t.Errorf("order/numbering: %s", slots(got))
	}
	// KeepNumbering: given slots are kept and checked; others fill free slots.
	c = productionC(3)
	setSlot(c[0], 1, 1)
	files, err = Build(h, c, &BuildOptions{KeepNumbering: true})
	if err != nil || slots(files[0].Records) != "1.1 1.2 1.3 " {
		t.Errorf("keep: %s %v", slots(files[0].Records), err)
	}
	c = productionC(2)
	setSlot(c[0], 1, 2)
	setSlot(c[1], 1, 2)
	if _, err := Build(h, c, &BuildOptions{KeepNumbering: true}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate slot: %v", err)
	}
	setSlot(c[1], 1, 21)
	if _, err := Build(h, c, &BuildOptions{KeepNumbering: true}); !errors.Is(err, ErrRange) {
		t.Errorf("seq 21 in BPA-C: %v", err)
	}
}

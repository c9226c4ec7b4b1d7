package remessa_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
)

// A line reusing a folha/seq slot, and a second identical attendance,
// are caught by the cross-line stage.
func TestDuplicateSlotAndAttendance(t *testing.T) {
	set, reg := demoWorld(t)
	_, lines, err := remessatest.BuildDemo()
	if err != nil {
		t.Fatal(err)
	}
	var recs []bpa.Record
	for _, l := range lines {
		recs = append(recs, l.Record)
	}
	// Line 9 is an approved MRI; copy it twice: once with the same slot,
	// once with a new slot (same attendance).
	orig := lines[7].Record.(*bpa.Individualizado)
	if orig.Line != 9 {
		t.Fatalf("line 9 moved: %d", orig.Line)
	}
	sameSlot := *orig
	newSlot := *orig
	newSlot.Folha, newSlot.Seq = 9, 1
	recs = append(recs, &sameSlot, &newSlot)
	h := bpa.Header{Competencia: remessatest.DemoMvm, DestinoTipo: "E", Versao: "GOSUS"}
	// bpa.Encode refuses a slot used twice: write the lines as they are.
	var totals bpa.Totals
	for _, rec := range recs {
		totals.Add(rec)
	}
	if err := totals.Apply(&h); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, rec := range append([]bpa.Record{&h}, recs...) {
		line, err := rec.AppendText(nil)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(line, '\r', '\n'))
	}
	got := map[int][]string{}
	ck := &remessa.Checker{SIGTAP: set, CNES: reg, Workers: 2}
	if _, err := ck.Check(&buf, func(r *remessa.Result) error {
		for _, c := range r.Criticas {
			got[r.Line] = append(got[r.Line], string(c.Code))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	n := len(lines) + 1 // last production line number before the copies
	if !slices.Contains(got[n+1], bpa.CodeSlot) || !slices.Contains(got[n+1], string(remessa.CodeQuantidade)) {
		t.Errorf("same-slot copy: %v", got[n+1])
	}
	if !slices.Contains(got[n+2], string(remessa.CodeLinhaDuplicada)) || slices.Contains(got[n+2], bpa.CodeSlot) {
		t.Errorf("new-slot copy: %v", got[n+2])
	}
}

package remessa

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// demoFile reads the demo world's PADEMO.JAN.
func demoFile(t testing.TB) (*bpa.File, []byte) {
	t.Helper()
	b, err := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	if err != nil {
		t.Fatal(err)
	}
	f, err := bpa.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PADEMO.JAN: %v", err)
	}
	return f, b
}

// productionLines returns the production lines (02/03) of an encoded file.
func productionLines(t testing.TB, f *bpa.File) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Encode(&buf, nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\r\n"), "\r\n")
	return lines[1:]
}

// checkReread re-reads an encoded split file and checks that its header
// totals agree with its records (the reader reports any mismatch).
func checkReread(t *testing.T, sf SplitFile) {
	t.Helper()
	var buf bytes.Buffer
	if err := sf.File.Encode(&buf, nil); err != nil {
		t.Fatalf("%s: encode: %v", sf.Name, err)
	}
	r := bpa.NewReader(&buf)
	n := 0
	for _, err := range r.All() {
		if err != nil {
			t.Fatalf("%s: %v", sf.Name, err)
		}
		n++
	}
	if ps := r.Problems(); len(ps) > 0 {
		t.Errorf("%s: problems on re-reading: %v", sf.Name, ps)
	}
	h := sf.File.Header
	if n != len(sf.File.Records)+1 || h.Lines != len(sf.File.Records) || len(sf.Lines) != h.Lines {
		t.Errorf("%s: %d lines read, header cbc_lin %d, %d records, %d line numbers", sf.Name, n, h.Lines, len(sf.File.Records), len(sf.Lines))
	}
	if h.Control < 1111 || h.Control > 2221 || h.Folhas < 1 {
		t.Errorf("%s: header control %d folhas %d", sf.Name, h.Control, h.Folhas)
	}
}

// TestSplitDemo splits PADEMO.JAN (demo world): PAB and Vigilância lines
// go to PADEMOPV.JAN, the rest to PADEMOMF.JAN, with their own headers.
func TestSplitDemo(t *testing.T) {
	set, reg := demoWorld(t)
	f, raw := demoFile(t)
	before, _ := demoFile(t)
	res, err := Split(f, &SplitOptions{SIGTAP: set, CNES: reg})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, f, cmpopts.EquateComparable(bpa.Date{}, sigtap.Competencia{})); diff != "" {
		t.Errorf("input modified (-before +after):\n%s", diff)
	}
	if len(res.Files) != 2 {
		t.Fatalf("%d files", len(res.Files))
	}
	pab, mac := res.File(SplitPAB), res.File(SplitMAC)
	if pab.Name.String() != "PADEMOPV.JAN" || mac.Name.String() != "PADEMOMF.JAN" {
		t.Errorf("names %s %s", pab.Name, mac.Name)
	}
	// PLANTED.md: 3 and 44 blood-pressure checks (PAB), 4 cariostático
	// (PAB, regra 0001 crítica), 5 Vigilância Sanitária; line 6 is of
	// 09/2025, for which the demo has no SIGTAP release.
	if diff := cmp.Diff([]int{3, 4, 5, 44}, pab.Lines); diff != "" {
		t.Errorf("PAB lines (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{6}, res.Unknown); diff != "" {
		t.Errorf("unknown (-want +got):\n%s", diff)
	}
	if len(res.Moved) != 0 {
		t.Errorf("moved %v", res.Moved)
	}
	wantFin := map[sigtap.Financiamento]int{0: 1, 4: 3, 6: 39}
	if diff := cmp.Diff(wantFin, mac.Financiamentos); diff != "" {
		t.Errorf("MAC/FAEC financings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[sigtap.Financiamento]int{1: 3, 7: 1}, pab.Financiamentos); diff != "" {
		t.Errorf("PAB financings (-want +got):\n%s", diff)
	}
	// Every production line of the input is in exactly one output, byte
	// for byte (numbering kept), and the headers differ only in totals.
	in := productionLines(t, f)
	var out []string
	for _, sf := range res.Files {
		checkReread(t, sf)
		out = append(out, productionLines(t, sf.File)...)
		h, orig := sf.File.Header, f.Header
		h.Lines, h.Folhas, h.Control = orig.Lines, orig.Folhas, orig.Control
		if h != orig {
			t.Errorf("%s header %+v, want the input's %+v", sf.Name, sf.File.Header, orig)
		}
	}
	slices.Sort(in)
	slices.Sort(out)
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("lines (-input +split):\n%s", diff)
	}
	if len(in) != bytes.Count(raw, []byte("\r\n"))-1 {
		t.Errorf("%d production lines in the input", len(in))
	}
	// The totals add up.
	if pab.File.Header.Lines+mac.File.Header.Lines != f.Header.Lines {
		t.Errorf("cbc_lin %d + %d != %d", pab.File.Header.Lines, mac.File.Header.Lines, f.Header.Lines)
	}
}

func TestSplitOptions(t *testing.T) {
	set, reg := demoWorld(t)
	f, _ := demoFile(t)

	// Without SIGTAP nothing is known: one MAC/FAEC file with every line.
	res, err := Split(f, nil)
	if err != nil || len(res.Files) != 1 || res.Files[0].Part != SplitMAC || len(res.Unknown) != f.Header.Lines {
		t.Fatalf("no SIGTAP: %v, %+v", err, res)
	}
	checkReread(t, res.Files[0])

	// Explicit identifiers, renumbering, and the caller's part.
	res, err = Split(f, &SplitOptions{SIGTAP: set, CNES: reg, IDPAB: "AB2601", IDMAC: "MC2601", Renumber: true,
		Part: func(rec bpa.Record, d *DecisaoFinanciamento) SplitPart {
			if d.Financiamento == sigtap.FinanciamentoFAEC {
				return SplitPAB // say, FAEC travels with PAB
			}
			return SplitPartOf(d.Financiamento)
		}})
	if err != nil {
		t.Fatal(err)
	}
	pab := res.File(SplitPAB)
	if pab.Name.String() != "PAAB2601.JAN" || res.File(SplitMAC).Name.String() != "PAMC2601.JAN" {
		t.Errorf("names %s %s", pab.Name, res.File(SplitMAC).Name)
	}
	if diff := cmp.Diff([]int{3, 4, 5, 30, 41, 44, 47}, sortedCopy(pab.Lines)); diff != "" {
		t.Errorf("PAB+FAEC lines (-want +got):\n%s", diff)
	}
	// Renumbered: BPA-C lines 3 and 4 of 9990002 were folha 1 seq 2 and
	// 3 in the input; line 5 of 9990004 starts its own folha.
	for i, want := range []int{1, 2, 1} {
		if c := pab.File.Records[i].(*bpa.Consolidado); c.Folha != 1 || c.Seq != want {
			t.Errorf("renumbered BPA-C %d (line %d): folha %d seq %d, want seq %d", i, pab.Lines[i], c.Folha, c.Seq, want)
		}
	}
	for _, sf := range res.Files {
		checkReread(t, sf)
	}

	// Errors wrap ErrSplit.
	if _, err := Split(f, &SplitOptions{SIGTAP: set, IDPAB: "BAD.ID"}); !errors.Is(err, ErrSplit) || !errors.Is(err, bpa.ErrFileName) {
		t.Errorf("bad ID: %v", err)
	}
	if _, err := Split(f, &SplitOptions{SIGTAP: set, Part: func(bpa.Record, *DecisaoFinanciamento) SplitPart { return 0 }}); !errors.Is(err, ErrSplit) {
		t.Errorf("bad part: %v", err)
	}
	dup := &bpa.File{Header: f.Header, Records: []bpa.Record{lineC(estabPoli, procGlicemia), lineC(estabPoli, procGlicemia)}}
	for _, r := range dup.Records {
		r.(*bpa.Consolidado).Folha, r.(*bpa.Consolidado).Seq = 1, 1
	}
	if _, err := Split(dup, &SplitOptions{SIGTAP: set}); !errors.Is(err, ErrSplit) {
		t.Errorf("duplicate slots: %v", err)
	}
	if res, err := Split(dup, &SplitOptions{SIGTAP: set, Renumber: true}); err != nil || len(res.Files) != 1 || res.Files[0].File.Header.Lines != 2 {
		t.Errorf("duplicate slots renumbered: %v %+v", err, res)
	}
}

// TestSplitMoved: a regra condicionada moves a PAB procedure to the
// MAC/FAEC file (official 202512 release: 0301040141 DIU in Modalidade 3).
func TestSplitMoved(t *testing.T) {
	r := realRelease(t)
	set := sigtap.NewSet(r)
	c := sigtap.MustParseCompetencia("202512")
	diu := sigtap.MustParseCode("0301040141")
	recs := []bpa.Record{lineI(estabPoli, diu, "", cnes.INE{}), lineI(estabPoli, diu, autPrograma.String(), cnes.INE{})}
	for i, rec := range recs {
		r := rec.(*bpa.Individualizado)
		r.Competencia, r.Line, r.Folha, r.Seq = c, i+2, 1, i+1
	}
	h := bpa.Header{Competencia: c, Responsavel: "TESTE", Sigla: "TST", Destino: "SES", DestinoTipo: "E", Versao: "D04.11"}
	res, err := SplitRecords(h, recs, &SplitOptions{SIGTAP: set, Financiamento: &FinanciamentoOptions{
		Modalidade: func(ctx *Contexto) (Modalidade, bool) {
			return Modalidade3, ctx.I != nil && ctx.I.Autorizacao != ""
		}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{res.File(SplitPAB).Lines[0], res.File(SplitMAC).Lines[0]}; !slices.Equal(got, []int{2, 3}) || !slices.Equal(res.Moved, []int{3}) {
		t.Errorf("PAB %v MAC %v moved %v", res.File(SplitPAB).Lines, res.File(SplitMAC).Lines, res.Moved)
	}
	if res.File(SplitPAB).Name.String() != "PATSTPV.DEZ" {
		t.Errorf("name %s", res.File(SplitPAB).Name)
	}
}

func TestSplitID(t *testing.T) {
	for _, tt := range []struct {
		sigla string
		p     SplitPart
		want  string
	}{
		{"CAPSAD", SplitPAB, "CAPSADPV"}, {"kauan-", SplitMAC, "kauan-MF"}, {"", SplitPAB, "BPAPV"},
		{"SMS DF", SplitMAC, "SMSDFMF"}, {"ÁÉ.#", SplitPAB, "BPAPV"}, {"ABCDEFGH", SplitMAC, "ABCDEFMF"},
	} {
		got := SplitID(tt.sigla, tt.p)
		if got != tt.want {
			t.Errorf("SplitID(%q, %v) = %q, want %q", tt.sigla, tt.p, got, tt.want)
		}
		if _, err := bpa.NewFileName(got, cmp202601); err != nil {
			t.Errorf("%q: %v", got, err)
		}
	}
	if SplitPAB.String() != "pab-vigilancia" || SplitMAC.String() != "mac-faec" || SplitPart(7).String() != "SplitPart(7)" {
		t.Error("SplitPart.String")
	}
	for f, want := range map[sigtap.Financiamento]SplitPart{0: SplitMAC, 1: SplitPAB, 2: SplitMAC, 4: SplitMAC, 5: SplitMAC, 6: SplitMAC, 7: SplitPAB, 8: SplitMAC} {
		if got := SplitPartOf(f); got != want {
			t.Errorf("SplitPartOf(%v) = %v, want %v", f, got, want)
		}
	}
}

func sortedCopy(s []int) []int {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// BenchmarkSplit splits a file of 9 400 lines (the demo's production
// repeated 200 times, renumbered) against the demo world.
func BenchmarkSplit(b *testing.B) {
	set, reg := demoWorld(b)
	f, _ := demoFile(b)
	big := &bpa.File{Header: f.Header}
	for i := 0; i < 200; i++ {
		for _, r := range f.Records {
			big.Records = append(big.Records, copyRecord(r))
		}
	}
	for _, r := range big.Records {
		switch r := r.(type) {
		case *bpa.Consolidado:
			r.Folha, r.Seq = 0, 0
		case *bpa.Individualizado:
			r.Folha, r.Seq = 0, 0
		}
	}
	opts := &SplitOptions{SIGTAP: set, CNES: reg}
	b.ReportAllocs()
	for b.Loop() {
		res, err := Split(big, opts)
		if err != nil || len(res.Files) != 2 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(big.Records))*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func TestSplitContextCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h := bpa.Header{Competencia: sigtap.MustParseCompetencia("202601")}
	if _, err := SplitRecordsContext(ctx, h, []bpa.Record{&bpa.Consolidado{}}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled split: %v", err)
	}
}

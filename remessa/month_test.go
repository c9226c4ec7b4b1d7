package remessa_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/ledger"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

// demoRecord returns a copy of the demo record at line n.
func demoRecord(t *testing.T, n int) bpa.Record {
	t.Helper()
	_, lines, err := remessatest.BuildDemo()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if l.Record.LineNumber() == n {
			switch r := l.Record.(type) {
			case *bpa.Individualizado:
				c := *r
				return &c
			case *bpa.Consolidado:
				c := *r
				return &c
			}
		}
	}
	t.Fatalf("no demo line %d", n)
	return nil
}

// encodeFile writes recs as a BPA file with header competência mvm.
func encodeFile(t *testing.T, mvm sigtap.Competencia, recs ...bpa.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	h := bpa.Header{Competencia: mvm, DestinoTipo: "E", Versao: "GOSUS"}
	if err := bpa.Encode(&buf, h, recs, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type namedFile struct {
	name string
	data []byte
}

// checkSet checks files as one remessa and returns each line's crítica
// codes as "FILE:LINE" → codes, the file summaries and the month.
func checkSet(t *testing.T, ck *remessa.Checker, files ...namedFile) (map[string][]string, []remessa.Summary, *remessa.MonthSummary) {
	t.Helper()
	var ins []remessa.Input
	for _, f := range files {
		ins = append(ins, remessa.ReaderInput(f.name, bytes.NewReader(f.data)))
	}
	got := map[string][]string{}
	var sums []remessa.Summary
	var order []string
	m, err := ck.CheckFiles(context.Background(), ins, func(r *remessa.Result) error {
		k := r.File + ":" + itoa(r.Line)
		order = append(order, k)
		for _, c := range r.Criticas {
			got[k] = append(got[k], string(c.Code))
		}
		return nil
	}, func(s *remessa.Summary) error {
		sums = append(sums, *s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Verdicts come out file by file, in input order.
	var want []string
	for i, f := range files {
		for l := 2; l < 2+sums[i].Lines; l++ {
			want = append(want, f.name+":"+itoa(l))
		}
	}
	if !slices.Equal(order, want) {
		t.Errorf("emit order %v, want %v", order, want)
	}
	return got, sums, m
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestMonthCrossFileRules(t *testing.T) {
	set, reg := demoWorld(t)
	jan, dez := remessatest.DemoMvm, remessatest.DemoMvm.Prev()
	other := cnes.MustParseCode("9990001") // another establishment of the demo
	withCmp := func(r bpa.Record, c sigtap.Competencia) bpa.Record {
		switch x := r.(type) {
		case *bpa.Individualizado:
			x.Competencia = c
		case *bpa.Consolidado:
			x.Competencia = c
		}
		return r
	}
	withCNES := func(r bpa.Record, c cnes.Code) bpa.Record {
		switch x := r.(type) {
		case *bpa.Individualizado:
			x.CNES = c
		case *bpa.Consolidado:
			x.CNES = c
		}
		return r
	}
	for _, c := range []struct {
		name string
		a, b []bpa.Record // production of file A and of file B
		code remessa.Code // expected on B's first line (or absent when !want)
		want bool
		fact string // expected in the facts of B's crítica
	}{
		// Line 2: consultations in BPA-C at 9990002; line 39: the same
		// procedure in BPA-I there.
		{name: "instrument across files", a: []bpa.Record{demoRecord(t, 2)}, b: []bpa.Record{demoRecord(t, 39)},
			code: remessa.CodeInstrumentoDuplicado, want: true, fact: "do arquivo PAA.JAN"},
		{name: "instrument, other competência", a: []bpa.Record{demoRecord(t, 2)}, b: []bpa.Record{withCmp(demoRecord(t, 39), dez)},
			code: remessa.CodeInstrumentoDuplicado},
		{name: "instrument, other CNES", a: []bpa.Record{demoRecord(t, 2)}, b: []bpa.Record{withCNES(demoRecord(t, 39), other)},
			code: remessa.CodeInstrumentoDuplicado},
		// Lines 28 and 29: two head MRIs of one patient (maximum 1).
		{name: "quantity across files", a: []bpa.Record{demoRecord(t, 28)}, b: []bpa.Record{demoRecord(t, 29)},
			code: remessa.CodeQuantidade, want: true, fact: "total do paciente 2"},
		{name: "quantity, other competência", a: []bpa.Record{demoRecord(t, 28)}, b: []bpa.Record{withCmp(demoRecord(t, 29), dez)},
			code: remessa.CodeQuantidade},
		// Line 9 twice: the same attendance.
		{name: "attendance across files", a: []bpa.Record{demoRecord(t, 9)}, b: []bpa.Record{demoRecord(t, 9)},
			code: remessa.CodeLinhaDuplicada, want: true, fact: "linha 2 do arquivo PAA.JAN"},
		{name: "attendance, other competência", a: []bpa.Record{demoRecord(t, 9)}, b: []bpa.Record{withCmp(demoRecord(t, 9), dez)},
			code: remessa.CodeLinhaDuplicada},
		{name: "attendance, other CNES", a: []bpa.Record{demoRecord(t, 9)}, b: []bpa.Record{withCNES(demoRecord(t, 9), cnes.MustParseCode("9990002"))},
			code: remessa.CodeLinhaDuplicada},
	} {
		for _, workers := range []int{1, 2} {
			t.Run(c.name, func(t *testing.T) {
				ck := &remessa.Checker{SIGTAP: set, CNES: reg, Workers: workers}
				a := namedFile{"PAA.JAN", encodeFile(t, jan, c.a...)}
				b := namedFile{"PAB.JAN", encodeFile(t, jan, c.b...)}
				got, sums, m := checkSet(t, ck, a, b)
				if has := slices.Contains(got["PAB.JAN:2"], string(c.code)); has != c.want {
					t.Errorf("B line 2 críticas %v: %s present = %v, want %v", got["PAB.JAN:2"], c.code, has, c.want)
				}
				// A alone is judged as it would be in a set of one.
				solo, _, _ := checkSet(t, ck, a)
				if !slices.Equal(solo["PAA.JAN:2"], got["PAA.JAN:2"]) {
					t.Errorf("A's verdict depends on B: %v vs %v", got["PAA.JAN:2"], solo["PAA.JAN:2"])
				}
				if c.fact != "" {
					var facts string
					ck.CheckFiles(context.Background(), []remessa.Input{remessa.ReaderInput(a.name, bytes.NewReader(a.data)),
						remessa.ReaderInput(b.name, bytes.NewReader(b.data))}, func(r *remessa.Result) error {
						for _, cr := range r.Criticas {
							if r.File == "PAB.JAN" && cr.Code == c.code {
								facts = cr.Facts
							}
						}
						return nil
					}, nil)
					if !strings.Contains(facts, c.fact) {
						t.Errorf("facts %q lack %q", facts, c.fact)
					}
				}
				// The month adds up the files.
				if len(sums) != 2 || m.FileCount != 2 || m.Lines != sums[0].Lines+sums[1].Lines ||
					m.Approved != sums[0].Approved+sums[1].Approved || m.Rejected != sums[0].Rejected+sums[1].Rejected ||
					!m.Valor.Approved.Equal(sums[0].Valor.Approved.Add(sums[1].Valor.Approved)) {
					t.Errorf("month %+v does not add up the files %+v", m.Summary, sums)
				}
			})
		}
	}
}

func TestMonthFileLevelCriticas(t *testing.T) {
	set, reg := demoWorld(t)
	jan, dez := remessatest.DemoMvm, remessatest.DemoMvm.Prev()
	prod := encodeFile(t, jan, demoRecord(t, 9), demoRecord(t, 19))
	fileCodes := func(s remessa.Summary) []string {
		var out []string
		for _, c := range s.Criticas {
			out = append(out, string(c.Code)+":"+c.Severity.String())
		}
		return out
	}
	ck := &remessa.Checker{SIGTAP: set, CNES: reg, Workers: 2}

	// The same production under two names.
	_, sums, m := checkSet(t, ck, namedFile{"PAA.JAN", prod}, namedFile{"PACOPIA.JAN", prod})
	if fc := fileCodes(sums[1]); !slices.Contains(fc, "ARQUIVO_DUPLICADO:aviso") || slices.Contains(fileCodes(sums[0]), "ARQUIVO_DUPLICADO:aviso") {
		t.Errorf("duplicate production: A %v, B %v", fileCodes(sums[0]), fc)
	}
	for _, c := range m.Criticas {
		if c.Code == remessa.CodeArquivoDuplicado && (c.File != "PACOPIA.JAN" || !strings.Contains(c.Facts, "PAA.JAN")) {
			t.Errorf("duplicate crítica names %q / %q", c.File, c.Facts)
		}
	}

	// Files whose lines end in CR alone: different production is no
	// duplicate, the same production is.
	cr := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\r")) }
	other := cr(encodeFile(t, jan, demoRecord(t, 9)))
	_, sums, _ = checkSet(t, ck, namedFile{"PAA.JAN", cr(prod)}, namedFile{"PAB.JAN", other}, namedFile{"PACOPIA.JAN", cr(prod)})
	if a, b, c := fileCodes(sums[0]), fileCodes(sums[1]), fileCodes(sums[2]); slices.Contains(a, "ARQUIVO_DUPLICADO:aviso") ||
		slices.Contains(b, "ARQUIVO_DUPLICADO:aviso") || !slices.Contains(c, "ARQUIVO_DUPLICADO:aviso") {
		t.Errorf("CR line ends: duplicate críticas A %v, B %v, C %v", a, b, c)
	}

	// A file of another processing month: rejected line by line.
	old := encodeFile(t, dez, demoRecord(t, 9))
	got, sums, m := checkSet(t, ck, namedFile{"PAA.JAN", prod}, namedFile{"PAVELHO.DEZ", old}, namedFile{"PAC.JAN", encodeFile(t, jan, demoRecord(t, 19))})
	if m.Competencia != jan {
		t.Errorf("set competência %v, want %v", m.Competencia, jan)
	}
	if !slices.Contains(fileCodes(sums[1]), "ARQUIVO_COMPETENCIA_DIFERENTE:erro") || !slices.Contains(got["PAVELHO.DEZ:2"], "ARQUIVO_COMPETENCIA_DIFERENTE") || sums[1].Approved != 0 {
		t.Errorf("old file: %v, line %v, %d approved", fileCodes(sums[1]), got["PAVELHO.DEZ:2"], sums[1].Approved)
	}
	if slices.Contains(got["PAA.JAN:2"], "ARQUIVO_COMPETENCIA_DIFERENTE") {
		t.Errorf("a file of the set's month was flagged")
	}
	// Checker.Competencia decides instead of the majority.
	ck2 := *ck
	ck2.Competencia = dez
	_, sums, _ = checkSet(t, &ck2, namedFile{"PAA.JAN", prod}, namedFile{"PAVELHO.DEZ", old})
	if !slices.Contains(fileCodes(sums[0]), "ARQUIVO_COMPETENCIA_DIFERENTE:erro") || slices.Contains(fileCodes(sums[1]), "ARQUIVO_COMPETENCIA_DIFERENTE:erro") {
		t.Errorf("explicit competência: %v / %v", fileCodes(sums[0]), fileCodes(sums[1]))
	}

	// A file name of another month.
	_, sums, _ = checkSet(t, ck, namedFile{"PAA.DEZ", prod})
	if !slices.Contains(fileCodes(sums[0]), "NOME_ARQUIVO_COMPETENCIA:aviso") {
		t.Errorf("name of another month: %v", fileCodes(sums[0]))
	}
	_, sums, _ = checkSet(t, ck, namedFile{"PAA.JAN", prod}, namedFile{"qualquer.bpa", old})
	for _, s := range sums {
		if slices.Contains(fileCodes(s), "NOME_ARQUIVO_COMPETENCIA:aviso") {
			t.Errorf("%s: name crítica %v", s.File, fileCodes(s))
		}
	}
}

// A set with a file that is not a BPA file is refused before anything is
// emitted, naming the file.
func TestMonthRefusesNonBPA(t *testing.T) {
	set, reg := demoWorld(t)
	prod := encodeFile(t, remessatest.DemoMvm, demoRecord(t, 9))
	for _, bad := range [][]byte{nil, []byte("random bytes\r\nmore\r\n"), []byte("\x00\x01\x02")} {
		ck := &remessa.Checker{SIGTAP: set, CNES: reg}
		emitted := 0
		_, err := ck.CheckFiles(context.Background(), []remessa.Input{
			remessa.ReaderInput("PAA.JAN", bytes.NewReader(prod)), remessa.ReaderInput("lixo.bin", bytes.NewReader(bad))},
			func(*remessa.Result) error { emitted++; return nil }, nil)
		var he *remessa.HeaderError
		if !errorsAs(err, &he) || he.File != "lixo.bin" || emitted != 0 || !strings.Contains(err.Error(), "lixo.bin") {
			t.Errorf("%q: err %v, %d emitted", bad, err, emitted)
		}
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// The month's reports show the month first, then each file; the JSON
// lines follow the documented order.
func TestMonthReports(t *testing.T) {
	set, reg := demoWorld(t)
	jan := remessatest.DemoMvm
	a := namedFile{"PAA.JAN", encodeFile(t, jan, demoRecord(t, 2), demoRecord(t, 9))}
	b := namedFile{"PAB.JAN", encodeFile(t, jan, demoRecord(t, 39), demoRecord(t, 27))}
	ck := &remessa.Checker{SIGTAP: set, CNES: reg}
	var js bytes.Buffer
	jw := remessa.NewJSONLinesWriter(&js)
	m, err := ck.CheckFiles(context.Background(), []remessa.Input{
		remessa.ReaderInput(a.name, bytes.NewReader(a.data)), remessa.ReaderInput(b.name, bytes.NewReader(b.data))},
		jw.WriteResult, jw.WriteFileSummary)
	if err != nil {
		t.Fatal(err)
	}
	if err := jw.WriteMonthSummary(m); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, l := range strings.Split(strings.TrimSpace(js.String()), "\n") {
		var obj struct {
			Kind  string `json:"kind"`
			File  string `json:"file"`
			Files int    `json:"files"`
		}
		if err := json.Unmarshal([]byte(l), &obj); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		kinds = append(kinds, obj.Kind+":"+obj.File)
		if obj.Kind == "summary" && obj.Files != 2 {
			t.Errorf("summary files = %d", obj.Files)
		}
	}
	want := []string{"line:PAA.JAN", "line:PAA.JAN", "file_summary:PAA.JAN", "line:PAB.JAN", "line:PAB.JAN", "file_summary:PAB.JAN", "summary:"}
	if !slices.Equal(kinds, want) {
		t.Errorf("JSON objects %v, want %v", kinds, want)
	}

	var txt bytes.Buffer
	if err := remessa.WriteMonthText(&txt, m); err != nil {
		t.Fatal(err)
	}
	out := txt.String()
	iMonth, iA, iB := strings.Index(out, "REMESSA - JAN/2026 - 2 ARQUIVOS"), strings.Index(out, "Arquivo: PAA.JAN"), strings.Index(out, "Arquivo: PAB.JAN")
	if iMonth != 0 || iA < 0 || iB < iA || !strings.Contains(out, "POR ESTABELECIMENTO") || !strings.Contains(out, "POR FINANCIAMENTO") {
		t.Errorf("month text report layout (month at %d, A at %d, B at %d):\n%s", iMonth, iA, iB, out)
	}
	var html bytes.Buffer
	if err := remessa.WriteMonthHTML(&html, m); err != nil {
		t.Fatal(err)
	}
	if h := html.String(); !strings.Contains(h, "Remessa de 2 arquivos") || !strings.Contains(h, "<td>PAB.JAN</td>") || strings.Contains(h, "<script") {
		t.Errorf("month HTML lacks the files table")
	}
}

// Given a ledger, the run says whether the gestão may send the month.
func TestMonthLedger(t *testing.T) {
	set, reg := demoWorld(t)
	jan := remessatest.DemoMvm
	prod := namedFile{"PAA.JAN", encodeFile(t, jan, demoRecord(t, 9))}
	codes := func(l *ledger.Ledger) []string {
		ck := &remessa.Checker{SIGTAP: set, CNES: reg, Ledger: l, Gestao: "530010"}
		_, _, m := checkSet(t, ck, prod)
		var out []string
		for _, c := range m.RunCriticas() {
			out = append(out, string(c.Code)+":"+c.Severity.String())
		}
		return out
	}
	l := ledger.New()
	if got := codes(l); !slices.Equal(got, []string{"REMESSA_ORDEM_NAO_VERIFICADA:nao_verificado"}) {
		t.Errorf("no history: %v", got)
	}
	if _, err := l.Record("530010", jan.Add(-2), ledger.Validated, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Record("530010", jan.Prev(), ledger.Sent, ""); err != nil {
		t.Fatal(err)
	}
	if got := codes(l); !slices.Equal(got, []string{"REMESSA_FORA_DE_ORDEM:erro"}) {
		t.Errorf("previous month sent but not validated: %v", got)
	}
	if _, err := l.Record("530010", jan.Prev(), ledger.Validated, ""); err != nil {
		t.Fatal(err)
	}
	if got := codes(l); len(got) != 0 {
		t.Errorf("previous month validated: %v", got)
	}
	if got := codes(nil); len(got) != 0 {
		t.Errorf("no ledger: %v", got)
	}
}

// A file whose header totals are wrong is rejected by SIA as a whole: its
// summary counts no line as approved, whatever the lines' own verdicts.
func TestFileRejectedByHeaderTotals(t *testing.T) {
	set, reg := demoWorld(t)
	data := encodeFile(t, remessatest.DemoMvm, demoRecord(t, 9), demoRecord(t, 19))
	// cbc_lin (bytes 14–19) says 5 lines; the file has 2.
	copy(data[13:19], "000005")
	ck := &remessa.Checker{SIGTAP: set, CNES: reg}
	approvedLines := 0
	sum, err := ck.Check(bytes.NewReader(data), func(r *remessa.Result) error {
		if r.Status == remessa.Aprovada {
			approvedLines++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if approvedLines == 0 {
		t.Fatal("the lines themselves should be aprovada: the test plants only the header error")
	}
	if !sum.FileRejected || sum.Approved != 0 || sum.Rejected != sum.Lines || !sum.Valor.Approved.IsZero() || sum.Valor.Rejected.IsZero() {
		t.Errorf("file rejected %v: %d approved, %d rejected of %d, value approved %s rejected %s",
			sum.FileRejected, sum.Approved, sum.Rejected, sum.Lines, sum.Valor.Approved, sum.Valor.Rejected)
	}
	if len(sum.Reasons) == 0 || sum.Reasons[0].Lines != sum.Lines {
		t.Errorf("reasons %+v", sum.Reasons)
	}
}

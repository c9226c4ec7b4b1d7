package sigtap_test

import (
	"testing"

	"github.com/go-sus/sus/sigtap"
)

func TestAnswers(t *testing.T) {
	r, err := sigtap.Open(tiny, nil)
	if err != nil {
		t.Fatal(err)
	}
	consulta := sigtap.MustParseCode("0301010072")
	absent := sigtap.MustParseCode("0301010048") // exists in SIGTAP, not in the tiny release
	var bad sigtap.Code
	copy(bad[:], "03010100X2")
	tests := []struct {
		name string
		got  sigtap.Answer
		want sigtap.Answer
	}{
		{"Exists", r.Exists(consulta), sigtap.Yes},
		{"Exists absent", r.Exists(absent), sigtap.No},
		{"Exists bad bytes", r.Exists(bad), sigtap.No},
		{"BPA-C", r.AllowsInstrument(consulta, sigtap.RegistroBPAC), sigtap.Yes},
		{"AIH", r.AllowsInstrument(consulta, sigtap.RegistroAIHPrincipal), sigtap.No},
		{"instrument of unknown procedure", r.AllowsInstrument(absent, sigtap.RegistroBPAC), sigtap.Unknown},
		{"CBO 225125", r.AllowsCBO(consulta, sigtap.MustParseCBO("225125")), sigtap.Yes},
		{"CBO 2231F9", r.AllowsCBO(consulta, sigtap.MustParseCBO("2231F9")), sigtap.Yes},
		{"CBO 223505", r.AllowsCBO(consulta, sigtap.MustParseCBO("223505")), sigtap.No},
		{"detalhe 060", r.HasDetalhe(consulta, sigtap.DetalheComplementarModalidade3), sigtap.Yes},
		{"detalhe 009", r.HasDetalhe(consulta, sigtap.DetalheExigeCPFCNS), sigtap.No},
		{"regra 0012", r.HasRegra(consulta, sigtap.RegraFAECPMAE), sigtap.Yes},
		{"regra 0015", r.HasRegra(consulta, sigtap.RegraFinanciamentoFAEC), sigtap.No},
		{"no CID rows", r.AllowsCID(consulta, sigtap.MustParseCID("A00")), sigtap.No},
		{"CID I500", r.AllowsCID(sigtap.MustParseCode("0301130019"), sigtap.MustParseCID("I500")), sigtap.Yes},
		{"principal CID I500", r.AllowsPrincipalCID(sigtap.MustParseCode("0301130019"), sigtap.MustParseCID("I500")), sigtap.Yes},
		{"CID category vs subcategory", r.AllowsCID(sigtap.MustParseCode("0301130019"), sigtap.MustParseCID("I50")), sigtap.No},
		{"serviço 121/012", r.AllowsServico(sigtap.MustParseCode("0204030188"), sigtap.ServicoClassificacao{121, 12}), sigtap.Yes},
		{"serviço 121/004", r.AllowsServico(sigtap.MustParseCode("0204030188"), sigtap.ServicoClassificacao{121, 4}), sigtap.No},
		{"no habilitação required", r.HabilitacoesSatisfied(consulta, nil), sigtap.Yes},
		{"AND group incomplete", r.HabilitacoesSatisfied(sigtap.MustParseCode("0301130019"), []sigtap.Habilitacao{802}), sigtap.No},
		{"AND group complete", r.HabilitacoesSatisfied(sigtap.MustParseCode("0301130019"), []sigtap.Habilitacao{802, 1, 803}), sigtap.Yes},
		{"habilitações of unknown procedure", r.HabilitacoesSatisfied(absent, nil), sigtap.Unknown},
		{"TUSS (empty table) is known", r.Refs().TUSS.Contains("10101012"), sigtap.No},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if _, ok := r.Procedure(absent); ok {
		t.Error("Procedure(absent) found")
	}
	if l, known := r.CIDs(consulta); !known || len(l) != 0 {
		t.Errorf("CIDs of the consulta: %v %v", l, known)
	}
	if _, known := r.CIDs(absent); known {
		t.Error("CIDs of an unknown procedure reported known")
	}
}

// TestZeroAllocs: the per-line queries must not allocate.
func TestZeroAllocs(t *testing.T) {
	r, err := sigtap.Open(tiny, nil)
	if err != nil {
		t.Fatal(err)
	}
	code := sigtap.MustParseCode("0301130019")
	cbo := sigtap.MustParseCBO("225120")
	cid := sigtap.MustParseCID("I500")
	habs := []sigtap.Habilitacao{802, 803}
	for name, f := range map[string]func(){
		"Procedure":             func() { r.Procedure(code) },
		"Exists":                func() { r.Exists(code) },
		"AllowsInstrument":      func() { r.AllowsInstrument(code, sigtap.RegistroBPAI) },
		"AllowsCBO":             func() { r.AllowsCBO(code, cbo) },
		"AllowsCID":             func() { r.AllowsCID(code, cid) },
		"HasDetalhe":            func() { r.HasDetalhe(code, sigtap.DetalheExigeCPFCNS) },
		"HasRegra":              func() { r.HasRegra(code, sigtap.RegraFinanciamentoMAC) },
		"HabilitacoesSatisfied": func() { r.HabilitacoesSatisfied(code, habs) },
		"AllowsServico":         func() { r.AllowsServico(code, sigtap.ServicoClassificacao{121, 4}) },
		"CBOs":                  func() { r.CBOs(code) },
		"Incremento":            func() { r.Incremento(code, 3201) },
		"Refs.Ocupacoes.Get":    func() { r.Refs().Ocupacoes.Get(cbo) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocates %.0f times", name, n)
		}
	}
}

func TestSearch(t *testing.T) {
	r := shared(t, zip202512)
	for query, want := range map[string]string{
		"ressonancia magnetica de cranio": "0207010064",
		"RESSONÂNCIA MAGNÈTICA próstata":  "0207030057",
		"glicemia capilar":                "0214010015",
	} {
		got := r.Search(query)
		if len(got) != 1 || got[0].Code.String() != want {
			t.Errorf("Search(%q) = %d results, first %v; want %s", query, len(got), got, want)
		}
	}
	if got := r.Search("   "); got != nil {
		t.Errorf("blank query: %d results", len(got))
	}
	if sigtap.Fold("Ação Çé") != "ACAO CE" {
		t.Errorf("Fold = %q", sigtap.Fold("Ação Çé"))
	}
}

// Per-line query benchmarks on the full 202512 release.
func benchQuery(b *testing.B, f func(r *sigtap.Release, i int)) {
	r := shared(b, zip202512)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		f(r, i)
		i++
	}
}

var (
	benchCodes = []sigtap.Code{
		sigtap.MustParseCode("0301010072"), sigtap.MustParseCode("0101050100"),
		sigtap.MustParseCode("0203020030"), sigtap.MustParseCode("0301130019"),
	}
	sinkA sigtap.Answer
)

func BenchmarkProcedure(b *testing.B) {
	benchQuery(b, func(r *sigtap.Release, i int) {
		if _, ok := r.Procedure(benchCodes[i&3]); !ok {
			b.Fatal("not found")
		}
	})
}

func BenchmarkAllowsCBO(b *testing.B) {
	cbo := sigtap.MustParseCBO("225125")
	benchQuery(b, func(r *sigtap.Release, i int) { sinkA = r.AllowsCBO(benchCodes[i&3], cbo) })
}

func BenchmarkAllowsCID(b *testing.B) {
	cid := sigtap.MustParseCID("C509")
	benchQuery(b, func(r *sigtap.Release, i int) { sinkA = r.AllowsCID(benchCodes[i&3], cid) })
}

func BenchmarkAllowsInstrument(b *testing.B) {
	benchQuery(b, func(r *sigtap.Release, i int) { sinkA = r.AllowsInstrument(benchCodes[i&3], sigtap.RegistroBPAI) })
}

func BenchmarkHasDetalhe(b *testing.B) {
	benchQuery(b, func(r *sigtap.Release, i int) { sinkA = r.HasDetalhe(benchCodes[i&3], sigtap.DetalheExigeCID) })
}

func BenchmarkHabilitacoesSatisfied(b *testing.B) {
	habs := []sigtap.Habilitacao{802, 803, 3802}
	benchQuery(b, func(r *sigtap.Release, i int) { sinkA = r.HabilitacoesSatisfied(benchCodes[i&3], habs) })
}

func BenchmarkSearch(b *testing.B) {
	benchQuery(b, func(r *sigtap.Release, i int) { r.Search("ressonancia magnetica") })
}

// TestConcurrentUse: queries, the lazy descriptions and the search index
// may be used from many goroutines at once (run with -race).
func TestConcurrentUse(t *testing.T) {
	r, err := sigtap.Open(tiny, nil)
	if err != nil {
		t.Fatal(err)
	}
	code := sigtap.MustParseCode("0301010072")
	done := make(chan string)
	for range 8 {
		go func() {
			d, _, _ := r.Description(code)
			r.Search("consulta")
			r.AllowsCBO(code, sigtap.MustParseCBO("225125"))
			done <- d
		}()
	}
	for range 8 {
		if d := <-done; d == "" {
			t.Error("empty description")
		}
	}
}

// BenchmarkLineChecks runs the SIGTAP checks of one BPA-I line (existence,
// instrument, CBO unless 021, age, sex, quantity, CID when 048, the
// patient-id atributos, habilitações, serviço) and reports lines/s.
func BenchmarkLineChecks(b *testing.B) {
	r := shared(b, zip202512)
	cbo := sigtap.MustParseCBO("225125")
	cid := sigtap.MustParseCID("C509")
	habs := []sigtap.Habilitacao{3802, 3803}
	sc := sigtap.ServicoClassificacao{Servico: 121, Classificacao: 4}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		code := benchCodes[i&3]
		i++
		p, ok := r.Procedure(code)
		if !ok {
			b.Fatal("not found")
		}
		n := 0
		if r.AllowsInstrument(code, sigtap.RegistroBPAI) == sigtap.Yes {
			n++
		}
		if r.HasDetalhe(code, sigtap.DetalheNaoExigeCBO) != sigtap.Yes && r.AllowsCBO(code, cbo) == sigtap.Yes {
			n++
		}
		if p.AllowsAgeMonths(400) && p.AllowsSex(sigtap.SexFemale) && p.AllowsQuantity(1) {
			n++
		}
		if r.HasDetalhe(code, sigtap.DetalheExigeCID) == sigtap.Yes && r.AllowsCID(code, cid) == sigtap.Yes {
			n++
		}
		for _, d := range []sigtap.Detalhe{9, 34, 58, 36, 37, 38} {
			if r.HasDetalhe(code, d) == sigtap.Yes {
				n++
			}
		}
		if r.HabilitacoesSatisfied(code, habs) == sigtap.Yes && r.AllowsServico(code, sc) != sigtap.No {
			n++
		}
		sinkA = sigtap.Answer(n)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

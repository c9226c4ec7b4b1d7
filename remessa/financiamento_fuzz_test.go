package remessa

import (
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/sigtap"
)

// FuzzParseModalidade: any text parses or fails cleanly, and what parses
// round-trips through its text form.
func FuzzParseModalidade(f *testing.F) {
	for _, s := range []string{"", "M1", "m2", "3", "Modalidade 2", "modalidade III", "nenhuma", "M4", "MM1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseModalidade(s)
		if err != nil {
			return
		}
		b, err := m.MarshalText()
		if err != nil {
			t.Fatalf("%q → %v: %v", s, m, err)
		}
		back, err := ParseModalidade(string(b))
		if err != nil || back != m {
			t.Fatalf("%q → %v → %q → %v, %v", s, m, b, back, err)
		}
	})
}

// FuzzDecidirFinanciamento parses a production line (BPA-C or BPA-I of any
// layout) and decides its financing against the demo world, with and
// without CNES: it must not panic, and the decision must be consistent.
func FuzzDecidirFinanciamento(f *testing.F) {
	set, reg := demoWorld(f)
	for _, rec := range []bpa.Record{
		lineI(estabPoli, procSinus, autPrograma.String(), ineEqAE),
		lineI(estabPoli, procSinus, autPrograma.String(), [10]byte{}),
		lineI(estabPoli, procConsulta, "", [10]byte{}),
		lineC(estabPoli, procCariostat),
		lineC(estabImagem, procVigil),
	} {
		line, err := rec.AppendText(nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var rec bpa.Record
		if len(line) >= 2 && string(line[:2]) == "02" {
			rec = new(bpa.Consolidado)
		} else {
			rec = new(bpa.Individualizado)
		}
		if rec.UnmarshalText(line) != nil {
			return
		}
		switch r := rec.(type) {
		case *bpa.Consolidado:
			r.Line = 7
		case *bpa.Individualizado:
			r.Line = 7
		}
		for _, fin := range []*Financiador{{SIGTAP: set, CNES: reg}, {SIGTAP: set}} {
			d, ok := fin.Decidir(cmp202601, rec)
			if !ok {
				t.Fatal("production line not decided")
			}
			checkInvariants(t, d)
		}
	})
}

// checkInvariants checks what every decision must satisfy.
func checkInvariants(t *testing.T, d DecisaoFinanciamento) {
	t.Helper()
	if d.Explicacao == "" {
		t.Error("no explanation")
	}
	if !d.Modalidade.valid() || (d.Modalidade != ModalidadeNenhuma && !d.Programa) {
		t.Errorf("modalidade %v, programa %v", d.Modalidade, d.Programa)
	}
	if d.Financiamento != d.Tabela && len(d.Regras) == 0 {
		t.Errorf("financing %v changed from %v without a regra", d.Financiamento, d.Tabela)
	}
	if d.Rubrica != 0 && d.Financiamento != sigtap.FinanciamentoFAEC {
		t.Errorf("rubrica %v with financing %v", d.Rubrica, d.Financiamento)
	}
	seen := map[sigtap.Regra]bool{}
	for _, g := range d.Regras {
		if seen[g] {
			t.Errorf("regra %v fired twice", g)
		}
		seen[g] = true
		if info, ok := LookupRegra(g); !ok || (!info.BPA && g != sigtap.RegraValorZerado) {
			t.Errorf("regra %v fired on a BPA line", g)
		}
	}
	for _, c := range d.Criticas {
		if c.Code == "" || c.Message == "" || c.Severity < Erro || c.Severity > NaoVerificado {
			t.Errorf("malformed crítica %+v", c)
		}
		if (c.Severity == NaoVerificado) != (c.Line == 0) {
			t.Errorf("crítica %+v: not-checked notes and only they have line 0", c)
		}
	}
}

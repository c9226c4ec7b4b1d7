package bpa

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

func codes(ps []Problem) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Code+"@"+p.Field)
	}
	return strings.Join(s, " ")
}

func TestValidateRecordRules(t *testing.T) {
	ctx := &Context{Mvm: sigtap.MustParseCompetencia("202512")}
	tests := []struct {
		name string
		edit func(r *Individualizado)
		want string
	}{
		{"valid", func(r *Individualizado) {}, ""},
		{"cns patient dv", func(r *Individualizado) { r.CNSPaciente[14] = '1' }, "BPA-CNS-DV@prd_cnspac"},
		{"cns prof blank", func(r *Individualizado) { r.CNSProfissional = cns.CNS{} }, "BPA-CNSMED@prd_cnsmed"},
		{"cpf dv and both ids", func(r *Individualizado) { r.CPF = cns.CPF([]byte("69626350955")) }, "BPA-CPF-DV@prd_cpf_pcnte BPA-CPF-CNS@prd_cpf_pcnte"},
		{"cnpj dv", func(r *Individualizado) { r.CNPJ = cnes.CNPJ([]byte("95222264000105")) }, "BPA-CNPJ-DV@prd_cnpj"},
		{"procedure dv", func(r *Individualizado) { r.Procedimento[9] = '3' }, "BPA-PA-DV@prd_pa"},
		{"procedure zeros", func(r *Individualizado) { copy(r.Procedimento[:], "0000000000") }, "BPA-PA-DV@prd_pa"},
		{"window before", func(r *Individualizado) {
			r.Competencia = sigtap.MustParseCompetencia("202508")
			r.DataAtendimento = NewDate(2025, time.August, 15)
			r.Idade = r.DataNascimento.YearsAt(r.DataAtendimento)
		}, "BPA-CMP-WINDOW@prd_cmp"},
		{"window after", func(r *Individualizado) {
			r.Competencia = sigtap.MustParseCompetencia("202601")
			r.DataAtendimento = NewDate(2026, time.January, 15)
			r.Idade = r.DataNascimento.YearsAt(r.DataAtendimento)
		}, "BPA-CMP-WINDOW@prd_cmp BPA-DTATEN-MVM@prd_dtaten"},
		{"dtaten outside cmp", func(r *Individualizado) { r.DataAtendimento = NewDate(2025, time.November, 30) }, "BPA-DTATEN-CMP@prd_dtaten"},
		{"dtaten invalid", func(r *Individualizado) { r.DataAtendimento = NewDate(2025, time.December, 32) }, "BPA-DTATEN@prd_dtaten"},
		{"age", func(r *Individualizado) { r.Idade++ }, "BPA-IDADE-CALC@prd_idade"},
		{"age range", func(r *Individualizado) { r.Idade = 131 }, "BPA-IDADE@prd_idade"},
		{"birth after", func(r *Individualizado) { r.DataNascimento = NewDate(2025, time.December, 16) }, "BPA-DTNASC-AFTER@prd_dtnasc"},
		{"birth blank", func(r *Individualizado) { r.DataNascimento = Date{} }, "BPA-DTNASC@prd_dtnasc"},
		{"sexo I before 2026", func(r *Individualizado) { r.Sexo = "I" }, "BPA-SEXO@prd_sexo"},
		{"sexo X", func(r *Individualizado) { r.Sexo = "X" }, "BPA-SEXO@prd_sexo"},
		{"raca 99", func(r *Individualizado) { r.Raca = "99" }, "BPA-RACA@prd_raca"},
		{"raca blank", func(r *Individualizado) { r.Raca = "" }, "BPA-RACA@prd_raca"},
		{"etnia without 05", func(r *Individualizado) { r.Etnia = "X265" }, "BPA-ETNIA@prd_etnia"},
		{"05 without etnia", func(r *Individualizado) { r.Raca = "05" }, "BPA-ETNIA@prd_etnia"},
		{"carater 07", func(r *Individualizado) { r.Carater = "07" }, "BPA-CATEN@prd_caten"},
		{"origem", func(r *Individualizado) { r.Origem = "BPI" }, "BPA-ORG@prd_org"},
		{"sit rua", func(r *Individualizado) { r.SituacaoRua = "0" }, "BPA-SIT-RUA@prd_situacao_rua"},
		{"sem cpf", func(r *Individualizado) { r.SemCPF = "X" }, "BPA-SEM-CPF@prd_sem_cpf"},
		{"srv without clf", func(r *Individualizado) { r.Servico = "114" }, "BPA-SRV-CLF@prd_srv"},
		{"ine zeros", func(r *Individualizado) { copy(r.INE[:], "0000000000") }, "BPA-INE@prd_ine"},
		{"cep zeros", func(r *Individualizado) { r.CEP = "00000000" }, "BPA-CEP@prd_cep_pcnte"},
		{"control char", func(r *Individualizado) { r.Nome = "MARIA\tJOSE" }, "BPA-CHARS@prd_nmpac"},
		{"undefined byte", func(r *Individualizado) { r.Bairro = "CENTRO\u0081" }, "BPA-CHARS@prd_bairro_pcnte"},
		{"cid", func(r *Individualizado) { copy(r.CID[:], "a09 ") }, "BPA-CID@prd_cid"},
		{"cbo", func(r *Individualizado) { r.CBO = sigtap.CBO{} }, "BPA-CBO@prd_cbo"},
		{"folha seq", func(r *Individualizado) { r.Folha, r.Seq = 0, 100 }, "BPA-FLH@prd_flh BPA-SEQ@prd_seq"},
		{"qt zero", func(r *Individualizado) { r.Quantidade = 0 }, "BPA-QT@prd_qt"},
		{"ibge blank", func(r *Individualizado) { r.IBGE = "" }, "BPA-IBGE@prd_ibge"},
	}
	for _, tt := range tests {
		r := goldenI(V351)
		r.Competencia = sigtap.MustParseCompetencia("202512")
		r.DataAtendimento = NewDate(2025, time.December, 15)
		r.Idade = r.DataNascimento.YearsAt(r.DataAtendimento)
		r.Line = 3
		tt.edit(r)
		ps := ValidateRecord(r, ctx)
		if got := codes(ps); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
		for _, p := range ps {
			if p.Line != 3 || p.Column == 0 || p.Message == "" {
				t.Errorf("%s: incomplete problem %+v", tt.name, p)
			}
			if strings.Contains(p.Message, "114735289060006") || strings.Contains(p.Message, "MARIA") {
				t.Errorf("%s: personal data in %q", tt.name, p.Message)
			}
		}
	}
	// Sexo I and raça 99 by competência; Skip.
	r := goldenI(V351)
	r.Sexo = "I"
	if ps := ValidateRecord(r, nil); len(ps) != 0 {
		t.Errorf("sexo I in 07/2026: %v", ps)
	}
	r = goldenI(V338)
	r.Raca = "99"
	if ps := ValidateRecord(r, nil); len(ps) != 0 {
		t.Errorf("raça 99 in 2015: %v", ps)
	}
	r.Quantidade = 0
	if ps := ValidateRecord(r, &Context{Skip: []string{CodeQuantidade}}); len(ps) != 0 {
		t.Errorf("Skip: %v", ps)
	}
}

func TestValidateHeaderAndBPAC(t *testing.T) {
	h := goldenFile(V350).Header
	h.Competencia, h.DestinoTipo = sigtap.Competencia{}, "X"
	h.CNPJCPF[13] = '9'
	if got := codes(ValidateRecord(&h, nil)); got != "BPA-HDR-MVM@cbc_mvm BPA-HDR-DST-IN@cbc_dst_in BPA-HDR-CGCCPF@cbc_cgccpf" {
		t.Errorf("header: %s", got)
	}
	h.CNPJCPF = TaxIDFromCPF(cns.MustParseCPF("69626350954"))
	if !h.CNPJCPF.Valid() {
		t.Error("zero-padded CPF must be a valid TaxID")
	}
	c := *goldenFile(V350).Records[0].(*Consolidado)
	c.Seq, c.CBO, c.Idade = 21, sigtap.CBO{}, 200
	if got := codes(ValidateRecord(&c, nil)); got != "BPA-SEQ@prd_seq BPA-IDADE@prd_idade" {
		t.Errorf("BPA-C: %s", got)
	}
}

func TestAppendProblemsNoAlloc(t *testing.T) {
	r := goldenI(V350)
	ctx := &Context{Mvm: r.Competencia}
	buf := make([]Problem, 0, 8)
	if n := testing.AllocsPerRun(100, func() { buf = AppendProblems(buf[:0], r, ctx) }); n != 0 || len(buf) != 0 {
		t.Errorf("AppendProblems on a valid record: %.0f allocs, %v", n, buf)
	}
}

func TestValidatorFile(t *testing.T) {
	lines := strings.Split(string(readGolden(t, V350)), "\r\n")
	lines[3] = set(lines[3], 48, "01") // second BPA-I line takes the first's slot
	lines[0] = set(lines[0], 20, "000009")
	data := strings.Join(lines, "\r\n")
	ps, err := Validate(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(ps); got != "BPA-SLOT-DUP@prd_seq BPA-HDR-FLH@cbc_flh" {
		t.Errorf("problems: %s (%v)", got, ps)
	}
	if ps[0].Line != 4 || !strings.Contains(ps[0].Facts, "linha 3") || ps[1].Severity != Aviso {
		t.Errorf("problems: %v", ps)
	}
	// Parse errors and reader warnings come through Validate too.
	ps, _ = Validate(bytes.NewReader(readGolden(t, V350)[:200]))
	if got := codes(ps); !strings.Contains(got, "BPA-LENGTH") || !strings.Contains(got, "BPA-EOL-FINAL") {
		t.Errorf("truncated file: %s", got)
	}
	if !HasErrors(ps) {
		t.Error("HasErrors")
	}
}

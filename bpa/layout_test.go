package bpa

import (
	"testing"

	"github.com/go-sus/sus/internal/fixed"
	"github.com/go-sus/sus/sigtap"
)

func fixedFields(fs []Field) []fixed.Field {
	out := make([]fixed.Field, len(fs))
	for i, f := range fs {
		out[i] = f.Field
	}
	return out
}

// TestLayoutContiguous asserts that every table covers its record without
// gap or overlap and has the width the PDF gives.
func TestLayoutContiguous(t *testing.T) {
	tests := []struct {
		name   string
		fields []Field
		width  int
	}{
		{"header", headerFields, 130},
		{"BPA-C", consolidadoFields, 48},
		{"BPA-I 328", tableI(V328), 328},
		{"BPA-I 338", tableI(V338), 338},
		{"BPA-I 349", tableI(V349), 349},
		{"BPA-I 350", tableI(V350), 350},
		{"BPA-I 351", tableI(V351), 351},
		{"BPA-I 353", tableI(V353), 353},
	}
	for _, tt := range tests {
		if i := fixed.Contiguous(fixedFields(tt.fields), tt.width); i >= 0 {
			t.Errorf("%s: field %d breaks contiguity or width %d", tt.name, i, tt.width)
		}
	}
}

// TestLayoutIndexes ties the index constants used by the decoder and
// encoder to the canonical names of §11.
func TestLayoutIndexes(t *testing.T) {
	want := map[int]string{
		iCNES: "prd_cnes", iCmp: "prd_cmp", iCNSMed: "prd_cnsmed", iCBO: "prd_cbo", iDtAten: "prd_dtaten",
		iFlh: "prd_flh", iSeq: "prd_seq", iPA: "prd_pa", iCNSPac: "prd_cnspac", iSexo: "prd_sexo", iIBGE: "prd_ibge",
		iCID: "prd_cid", iIdade: "prd_idade", iQt: "prd_qt", iCaten: "prd_caten", iNaut: "prd_naut", iOrg: "prd_org",
		iNmPac: "prd_nmpac", iDtNasc: "prd_dtnasc", iRaca: "prd_raca", iEtnia: "prd_etnia", iNac: "prd_nac",
		iSrv: "prd_srv", iClf: "prd_clf", iEqSeq: "prd_equipe_seq", iEqArea: "prd_equipe_area", iCNPJ: "prd_cnpj",
		iCEP: "prd_cep_pcnte", iLograd: "prd_lograd_pcnte", iEnd: "prd_end_pcnte", iCompl: "prd_compl_pcnte",
		iNum: "prd_num_pcnte", iBairro: "prd_bairro_pcnte", iTel: "prd_ddtel_pcnte", iEmail: "prd_email_pcnte",
		iINE: "prd_ine", iCPF: "prd_cpf_pcnte", iSitRua: "prd_situacao_rua", iSemCPF: "prd_sem_cpf",
	}
	for i, name := range want {
		if got := individualizadoFields[i].Name; got != name {
			t.Errorf("BPA-I index %d is %s, want %s", i, got, name)
		}
	}
	for i, name := range map[int]string{cCNES: "prd_cnes", cCmp: "prd_cmp", cCBO: "prd_cbo", cFlh: "prd_flh",
		cSeq: "prd_seq", cPA: "prd_pa", cIdade: "prd_idade", cQt: "prd_qt", cOrg: "prd_org"} {
		if got := consolidadoFields[i].Name; got != name {
			t.Errorf("BPA-C index %d is %s, want %s", i, got, name)
		}
	}
	for i, name := range map[int]string{hMvm: "cbc_mvm", hLin: "cbc_lin", hFlh: "cbc_flh", hCtrl: "cbc_smt_vrf",
		hRsp: "cbc_rsp", hSgl: "cbc_sgl", hCgcCpf: "cbc_cgccpf", hDst: "cbc_dst", hDstIn: "cbc_dst_in", hVersao: "cbc_versao"} {
		if got := headerFields[i].Name; got != name {
			t.Errorf("header index %d is %s, want %s", i, got, name)
		}
	}
	if len(individualizadoFields) != nIFields {
		t.Errorf("nIFields = %d, table has %d", nIFields, len(individualizadoFields))
	}
}

func TestVersionFor(t *testing.T) {
	tests := map[string]Version{
		"201212": V328, "201507": V328, "201508": V338, "202403": V338, "202404": V349,
		"202411": V349, "202412": V350, "202606": V350, "202607": V351, "203001": V351,
	}
	for c, want := range tests {
		if got := VersionFor(sigtap.MustParseCompetencia(c)); got != want {
			t.Errorf("VersionFor(%s) = %v, want %v", c, got, want)
		}
	}
	if VersionFor(sigtap.Competencia{}) != V351 {
		t.Error("VersionFor(zero) should be the newest layout")
	}
}

func TestFieldsAPI(t *testing.T) {
	f, ok := FieldByName(TypeIndividualizado, V350, "prd_cnspac")
	if !ok || f.Start != 60 || f.End() != 74 || f.Kind != fixed.Num || f.Blank != fixed.Spaces || f.Number != 10 {
		t.Errorf("prd_cnspac = %+v", f)
	}
	if _, ok := FieldByName(TypeIndividualizado, V338, "prd_cpf_pcnte"); ok {
		t.Error("prd_cpf_pcnte must not exist in layout 338")
	}
	fs := Fields(TypeConsolidado, 0)
	fs[0].Name = "changed"
	if consolidadoFields[0].Name != "prd_ident" {
		t.Error("Fields must return a copy")
	}
	if Width(TypeIndividualizado, V349) != 349 || Width(TypeHeader, 0) != 130 || Width(TypeConsolidado, 0) != 48 || Width(9, 0) != 0 {
		t.Error("Width")
	}
}

// TestControlField checks the two worked examples of §3.1.
func TestControlField(t *testing.T) {
	code := sigtap.MustParseCode
	tests := []struct {
		codes []sigtap.Code
		qts   []int
		want  int
	}{
		{[]sigtap.Code{code("0301070105"), code("0301070105")}, []int{1, 1}, 1543},
		{[]sigtap.Code{code("0301010072"), code("0301010072"), code("0214010015"), code("0301100039")}, []int{1, 3, 1, 12}, 1939},
		{nil, nil, 1111},
	}
	for _, tt := range tests {
		if got := ControlField(tt.codes, tt.qts); got != tt.want {
			t.Errorf("ControlField(%v) = %d, want %d", tt.codes, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	d := func(s string) Date {
		v, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		birth, at string
		want      int
	}{
		{"20000101", "20250101", 25},
		{"20000102", "20250101", 24},
		{"20000229", "20250228", 24}, // leap-day birthday counts from 1 March in common years
		{"20000229", "20250301", 25},
		{"20000229", "20240229", 24},
		{"20251210", "20251210", 0},
		{"20251211", "20251210", -1},
	}
	for _, tt := range tests {
		if got := d(tt.birth).YearsAt(d(tt.at)); got != tt.want {
			t.Errorf("YearsAt(%s, %s) = %d, want %d", tt.birth, tt.at, got, tt.want)
		}
	}
	for _, bad := range []string{"20250230", "2025010", "2025013a", "18991231", "20251301"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	if !d("20240229").Valid() || (Date{}).Valid() || NewDate(2023, 2, 29).Valid() {
		t.Error("Valid")
	}
	if s := d("20251231").String(); s != "20251231" {
		t.Errorf("String = %q", s)
	}
	var z Date
	if err := z.UnmarshalText([]byte("20251231")); err != nil || z != d("20251231") || z.Competencia() != sigtap.MustParseCompetencia("202512") {
		t.Errorf("UnmarshalText: %v %v", z, err)
	}
}

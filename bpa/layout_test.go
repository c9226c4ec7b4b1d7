package bpa

import (
	"os"
	"strings"
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

// TestLayoutNames ties the tables to the canonical names of docs/bpa.md §11, in
// layout order, and the reader's fixed offsets of prd_pa and prd_qt to the
// tables.
func TestLayoutNames(t *testing.T) {
	const (
		header = "cbc_hdr cbc_marca cbc_mvm cbc_lin cbc_flh cbc_smt_vrf cbc_rsp cbc_sgl cbc_cgccpf cbc_dst cbc_dst_in cbc_versao"
		bpac   = "prd_ident prd_cnes prd_cmp prd_cbo prd_flh prd_seq prd_pa prd_idade prd_qt prd_org"
		bpai   = "prd_ident prd_cnes prd_cmp prd_cnsmed prd_cbo prd_dtaten prd_flh prd_seq prd_pa prd_cnspac " +
			"prd_sexo prd_ibge prd_cid prd_idade prd_qt prd_caten prd_naut prd_org prd_nmpac prd_dtnasc prd_raca " +
			"prd_etnia prd_nac prd_srv prd_clf prd_equipe_seq prd_equipe_area prd_cnpj prd_cep_pcnte " +
			"prd_lograd_pcnte prd_end_pcnte prd_compl_pcnte prd_num_pcnte prd_bairro_pcnte prd_ddtel_pcnte " +
			"prd_email_pcnte prd_ine prd_cpf_pcnte prd_situacao_rua prd_sem_cpf"
	)
	if got := names(headerFields); got != header {
		t.Errorf("header names\n got %s\nwant %s", got, header)
	}
	if got := names(consolidadoFields); got != bpac {
		t.Errorf("BPA-C names\n got %s\nwant %s", got, bpac)
	}
	if got := names(tableI(V351)); got != bpai {
		t.Errorf("BPA-I names\n got %s\nwant %s", got, bpai)
	}
	if got := names(tableI(V353)); got != bpai+" prd_reservado" {
		t.Errorf("V353 names: %s", got)
	}
	for _, tc := range []struct {
		fields []Field
		name   string
		start  int
	}{
		{consolidadoFields, "prd_pa", cPAStart}, {consolidadoFields, "prd_qt", cQtStart},
		{tableI(V328), "prd_pa", iPAStart}, {tableI(V328), "prd_qt", iQtStart},
	} {
		if f := fieldNamed(tc.fields, tc.name); f == nil || f.Start-1 != tc.start {
			t.Errorf("%s offset %d does not match the table", tc.name, tc.start)
		}
	}
}

// TestLayoutBindings checks that every field is bound to a distinct member
// of its record, and that the BPA-I rows only append fields.
func TestLayoutBindings(t *testing.T) {
	for name, fs := range map[string][]Field{"header": headerFields, "BPA-C": consolidadoFields, "BPA-I": lay.newest.fields} {
		seen := map[uintptr]string{}
		for _, f := range fs {
			switch f.bind.kind {
			case bindConst, bindReserved:
				continue
			}
			if other, ok := seen[f.bind.off]; ok {
				t.Errorf("%s: %s and %s share a member", name, f.Name, other)
			}
			seen[f.bind.off] = f.Name
		}
	}
	prev := []Field(nil)
	for _, vi := range lay.versions {
		if vi.readOnly {
			continue
		}
		if len(vi.fields) <= len(prev) || names(vi.fields[:len(prev)]) != names(prev) {
			t.Errorf("layout %v does not extend the previous one", vi.v)
		}
		prev = vi.fields
	}
}

func names(fs []Field) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Name)
	}
	return strings.Join(s, " ")
}

func TestFieldSince(t *testing.T) {
	for name, want := range map[string]string{"prd_cnes": "201303", "prd_ine": "201508", "prd_cpf_pcnte": "202404",
		"prd_situacao_rua": "202412", "prd_sem_cpf": "202607"} {
		if got := FieldSince(name); got != sigtap.MustParseCompetencia(want) {
			t.Errorf("FieldSince(%s) = %v, want %s", name, got, want)
		}
	}
	if !FieldSince("prd_reservado").IsZero() || !FieldSince("cbc_mvm").IsZero() {
		t.Error("FieldSince of a field of no writable BPA-I layout must be zero")
	}
	for _, v := range Versions {
		if v.Since() != VersionFor(v.Since()).Since() || VersionFor(v.Since()) != v {
			t.Errorf("VersionFor(%v.Since()) = %v", v, VersionFor(v.Since()))
		}
	}
	if V353.Since() != V351.Since() || !V353.Known() || Version(352).Known() {
		t.Error("V353 is V351's read-only variant")
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

// TestControlField checks the two worked examples of docs/bpa.md §3.1.
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

// TestDocListsVersions: the package doc lists exactly the writable
// versions of the table, each with its competência.
func TestDocListsVersions(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(string(doc), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "//"))
		if strings.HasPrefix(line, "//\t") && len(f) >= 2 && len(f[0]) == 3 && strings.Contains(f[1], "/") {
			listed = append(listed, f[0]+" "+f[1])
		}
	}
	var want []string
	for _, v := range Versions {
		want = append(want, v.String()+" "+v.Since().Format())
	}
	if strings.Join(listed, ", ") != strings.Join(want, ", ") {
		t.Errorf("doc.go lists %v; the table has %v", listed, want)
	}
}

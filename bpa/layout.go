package bpa

import (
	"slices"
	"strconv"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/fixed"
	"github.com/go-sus/sus/sigtap"
)

// Field is one field of a record layout: its canonical name (docs/bpa.md
// §11), 1-based inclusive positions exactly as the
// DATASUS PDF prints them, NUM/ALFA kind and blank default, plus the field
// number in the PDF and the few format quirks real files need.
//
// The field tables are the single source of truth: each field is also
// bound to the member of its record struct that holds it, and the reader,
// the writer, the validator and the JSON bridge all work from them.
type Field struct {
	fixed.Field
	Number int   // field number in the PDF (0 for go-sus extensions)
	Flags  Flags // format quirks

	bind binding // the record member the field maps to
}

// Flags are the format quirks of a field.
type Flags uint8

// Field flags.
const (
	// Letters marks a NUM field that may also hold upper-case letters:
	// prd_etnia (140 BDSIA etnias are X265…X411), prd_cnpj and cbc_cgccpf
	// (alphanumeric CNPJ from 07/2026).
	Letters Flags = 1 << iota
	// LeftAligned marks a NUM field written left-aligned and padded with
	// spaces on the right: prd_ddtel_pcnte ("senão preencher com branco a
	// direita", PDF-2024). Inference; zero-padded values are read too.
	LeftAligned
)

// Version is a BPA-I layout version, named by the content length of the
// BPA-I record (without CR LF).
type Version int

// Layout versions of the BPA-I record. Their lengths, competências and
// fields come from one table (individualizadoVersions); these names are
// for callers.
const (
	V328 Version = 328 // 03/2013: address fields (BPA-Mag 02.55)
	V338 Version = 338 // 08/2015: prd_ine
	V349 Version = 349 // 04/2024: prd_cpf_pcnte
	V350 Version = 350 // 12/2024: prd_situacao_rua (PDF-2024)
	V351 Version = 351 // 07/2026: prd_sem_cpf (BPA-Mag 05.00)
	// V353 is the 353-byte variant written by viggosistemas/bpa-go. It is
	// read as V351 plus two reserved bytes (prd_reservado, 352–353), with a
	// warning, and never written.
	V353 Version = 353
)

// layoutVersion is one row of the BPA-I version table.
type layoutVersion struct {
	v     Version
	since sigtap.Competencia // first competência of the layout
	adds  []Field            // fields appended to the previous row's layout
}

// individualizadoVersions is the BPA-I version table (PDF-2024; docs/bpa.md §2.3, the
// LEIAME and RUNBOOK-2026 for the dates), oldest first: each row is a
// layout, the competência from which BPA-Mag exports it, and the fields it
// appends to the previous row, each bound to its Individualizado member.
// Everything about versions — Version.Known, Since, VersionFor, Versions,
// Width, FieldSince, length errors, the reader's layout warnings, JSON
// version detection, decoding, encoding and validation — is derived from
// it: a new layout is one new row (plus its Individualizado member).
var individualizadoVersions = []layoutVersion{
	{V328, sigtap.MustParseCompetencia("201303"), []Field{
		num(1, "prd_ident", 1, 2, zeros, lit("03")),
		num(2, "prd_cnes", 3, 7, brancos, to(func(r *Individualizado) *cnes.Code { return &r.CNES })),
		num(3, "prd_cmp", 10, 6, brancos, to(func(r *Individualizado) *sigtap.Competencia { return &r.Competencia })),
		num(4, "prd_cnsmed", 16, 15, brancos, to(func(r *Individualizado) *cns.CNS { return &r.CNSProfissional })),
		alfa(5, "prd_cbo", 31, 6, to(func(r *Individualizado) *sigtap.CBO { return &r.CBO })),
		num(6, "prd_dtaten", 37, 8, brancos, to(func(r *Individualizado) *Date { return &r.DataAtendimento })),
		num(7, "prd_flh", 45, 3, zeros, to(func(r *Individualizado) *int { return &r.Folha })),
		num(8, "prd_seq", 48, 2, zeros, to(func(r *Individualizado) *int { return &r.Seq })),
		num(9, "prd_pa", 50, 10, zeros, to(func(r *Individualizado) *sigtap.Code { return &r.Procedimento })),
		num(10, "prd_cnspac", 60, 15, brancos, to(func(r *Individualizado) *cns.CNS { return &r.CNSPaciente })),
		alfa(11, "prd_sexo", 75, 1, to(func(r *Individualizado) *string { return &r.Sexo })),
		num(12, "prd_ibge", 76, 6, brancos, to(func(r *Individualizado) *string { return &r.IBGE })),
		alfa(13, "prd_cid", 82, 4, to(func(r *Individualizado) *sigtap.CID { return &r.CID })),
		num(14, "prd_idade", 86, 3, zeros, to(func(r *Individualizado) *int { return &r.Idade })),
		num(15, "prd_qt", 89, 6, zeros, to(func(r *Individualizado) *int { return &r.Quantidade })),
		num(16, "prd_caten", 95, 2, brancos, to(func(r *Individualizado) *string { return &r.Carater })),
		num(17, "prd_naut", 97, 13, brancos, to(func(r *Individualizado) *string { return &r.Autorizacao })),
		alfa(18, "prd_org", 110, 3, to(func(r *Individualizado) *string { return &r.Origem })).withDefault(DefaultOrg),
		alfa(19, "prd_nmpac", 113, 30, to(func(r *Individualizado) *string { return &r.Nome })),
		num(20, "prd_dtnasc", 143, 8, brancos, to(func(r *Individualizado) *Date { return &r.DataNascimento })),
		num(21, "prd_raca", 151, 2, brancos, to(func(r *Individualizado) *string { return &r.Raca })),
		num(22, "prd_etnia", 153, 4, brancos, to(func(r *Individualizado) *string { return &r.Etnia })).with(Letters),
		num(23, "prd_nac", 157, 3, brancos, to(func(r *Individualizado) *string { return &r.Nacionalidade })),
		num(24, "prd_srv", 160, 3, brancos, to(func(r *Individualizado) *string { return &r.Servico })),
		num(25, "prd_clf", 163, 3, brancos, to(func(r *Individualizado) *string { return &r.Classificacao })),
		num(26, "prd_equipe_seq", 166, 8, brancos, to(func(r *Individualizado) *string { return &r.EquipeSeq })),
		num(27, "prd_equipe_area", 174, 4, brancos, to(func(r *Individualizado) *string { return &r.EquipeArea })),
		num(28, "prd_cnpj", 178, 14, brancos, to(func(r *Individualizado) *cnes.CNPJ { return &r.CNPJ })).with(Letters),
		num(29, "prd_cep_pcnte", 192, 8, brancos, to(func(r *Individualizado) *string { return &r.CEP })),
		num(30, "prd_lograd_pcnte", 200, 3, brancos, to(func(r *Individualizado) *string { return &r.Logradouro })),
		alfa(31, "prd_end_pcnte", 203, 30, to(func(r *Individualizado) *string { return &r.Endereco })),
		alfa(32, "prd_compl_pcnte", 233, 10, to(func(r *Individualizado) *string { return &r.Complemento })),
		alfa(33, "prd_num_pcnte", 243, 5, to(func(r *Individualizado) *string { return &r.Numero })),
		alfa(34, "prd_bairro_pcnte", 248, 30, to(func(r *Individualizado) *string { return &r.Bairro })),
		num(35, "prd_ddtel_pcnte", 278, 11, brancos, to(func(r *Individualizado) *string { return &r.Telefone })).with(LeftAligned),
		alfa(36, "prd_email_pcnte", 289, 40, to(func(r *Individualizado) *string { return &r.Email })),
	}},
	{V338, sigtap.MustParseCompetencia("201508"), []Field{
		num(37, "prd_ine", 329, 10, brancos, to(func(r *Individualizado) *cnes.INE { return &r.INE })),
	}},
	{V349, sigtap.MustParseCompetencia("202404"), []Field{
		num(38, "prd_cpf_pcnte", 339, 11, brancos, to(func(r *Individualizado) *cns.CPF { return &r.CPF })),
	}},
	{V350, sigtap.MustParseCompetencia("202412"), []Field{
		alfa(38, "prd_situacao_rua", 350, 1, to(func(r *Individualizado) *string { return &r.SituacaoRua })),
	}},
	{V351, sigtap.MustParseCompetencia("202607"), []Field{
		alfa(39, "prd_sem_cpf", 351, 1, to(func(r *Individualizado) *string { return &r.SemCPF })),
	}},
}

// layoutVariant is a BPA-I layout that is read, with a warning, and never
// written: base's layout plus extra fields bound to no member.
type layoutVariant struct {
	v    Version
	base Version
	adds []Field
}

// readOnlyVariants lie beside the version table, not in it: bpa-go writes
// 353 bytes, byte 350 prd_situacao_rua, 351 prd_sem_cpf (always "N") and
// two reserved bytes (docs/bpa.md §2.4). Its lines are V351 plus prd_reservado.
var readOnlyVariants = []layoutVariant{
	{V353, V351, []Field{alfa(0, "prd_reservado", 352, 2, reserved)}},
}

// headerFields is the header layout (PDF-2024; docs/bpa.md §2.1), 130 bytes.
// cbc_hdr (1–2) is the record type and cbc_marca (3–7) the "#BPA#" marker;
// the PDF names both cbc-hdr, and docs/bpa.md §11 names neither.
var headerFields = []Field{
	num(1, "cbc_hdr", 1, 2, zeros, lit("01")),
	alfa(2, "cbc_marca", 3, 5, lit("#BPA#")),
	num(3, "cbc_mvm", 8, 6, brancos, to(func(h *Header) *sigtap.Competencia { return &h.Competencia })),
	num(4, "cbc_lin", 14, 6, zeros, to(func(h *Header) *int { return &h.Lines })),
	num(5, "cbc_flh", 20, 6, zeros, to(func(h *Header) *int { return &h.Folhas })),
	num(6, "cbc_smt_vrf", 26, 4, zeros, to(func(h *Header) *int { return &h.Control })),
	alfa(7, "cbc_rsp", 30, 30, to(func(h *Header) *string { return &h.Responsavel })),
	alfa(8, "cbc_sgl", 60, 6, to(func(h *Header) *string { return &h.Sigla })),
	num(9, "cbc_cgccpf", 66, 14, zeros, to(func(h *Header) *TaxID { return &h.CNPJCPF })).with(Letters),
	alfa(10, "cbc_dst", 80, 40, to(func(h *Header) *string { return &h.Destino })),
	alfa(11, "cbc_dst_in", 120, 1, to(func(h *Header) *string { return &h.DestinoTipo })),
	alfa(12, "cbc_versao", 121, 10, to(func(h *Header) *string { return &h.Versao })),
}

// consolidadoFields is the BPA-C layout (PDF-2024; docs/bpa.md §2.2), 48 bytes.
var consolidadoFields = []Field{
	num(1, "prd_ident", 1, 2, zeros, lit("02")),
	num(2, "prd_cnes", 3, 7, brancos, to(func(c *Consolidado) *cnes.Code { return &c.CNES })),
	num(3, "prd_cmp", 10, 6, brancos, to(func(c *Consolidado) *sigtap.Competencia { return &c.Competencia })),
	alfa(4, "prd_cbo", 16, 6, to(func(c *Consolidado) *sigtap.CBO { return &c.CBO })),
	num(5, "prd_flh", 22, 3, zeros, to(func(c *Consolidado) *int { return &c.Folha })),
	num(6, "prd_seq", 25, 2, zeros, to(func(c *Consolidado) *int { return &c.Seq })),
	num(7, "prd_pa", 27, 10, zeros, to(func(c *Consolidado) *sigtap.Code { return &c.Procedimento })),
	num(8, "prd_idade", 37, 3, zeros, to(func(c *Consolidado) *int { return &c.Idade })),
	num(9, "prd_qt", 40, 6, zeros, to(func(c *Consolidado) *int { return &c.Quantidade })),
	alfa(10, "prd_org", 46, 3, to(func(c *Consolidado) *string { return &c.Origem })).withDefault(DefaultOrg),
}

// Content widths of the fixed records (without CR LF).
const (
	HeaderWidth      = 130
	ConsolidadoWidth = 48
)

func num(no int, name string, start, n int, blank fixed.Blank, b binding) Field {
	return bound(Field{Field: fixed.Field{Name: name, Start: start, Len: n, Kind: fixed.Num, Blank: blank}, Number: no}, b)
}

func alfa(no int, name string, start, n int, b binding) Field {
	return bound(Field{Field: fixed.Field{Name: name, Start: start, Len: n, Kind: fixed.Alfa, Blank: fixed.Spaces}, Number: no}, b)
}

func bound(f Field, b binding) Field { f.bind = b; return f }

func (f Field) with(fl Flags) Field { f.Flags = fl; return f }

func (f Field) withDefault(s string) Field { f.bind.dflt = s; return f }

const (
	brancos = fixed.Spaces
	zeros   = fixed.Zeros
)

// versionInfo is one BPA-I layout as the table derives it.
type versionInfo struct {
	v        Version
	since    sigtap.Competencia
	fields   []Field // the whole layout
	readOnly bool    // a variant: read, never written
}

// layoutSet is everything derived from the version table.
type layoutSet struct {
	versions []versionInfo // writable versions oldest first, then the variants
	byLen    []int8        // index into versions by content length, -1 for none
	writable []Version
	lengths  string         // "328, 338, 349, 350 or 351"
	newest   *versionInfo   // the newest writable version
	since    map[string]int // BPA-I field name → index of the version that adds it
}

// Capacities of the fixed arrays the reader and decoder keep per line; the
// table is checked against them when the package starts.
const (
	maxVersions = 16 // BPA-I layouts, variants included
	maxFields   = 64 // fields of one record
)

// lay is the derived state of the version table. Only tests replace it.
var lay = mustLayouts(individualizadoVersions, readOnlyVariants)

// Versions lists the layout versions the writer can produce, oldest first
// (the rows of the version table).
var Versions = slices.Clone(lay.writable)

func mustLayouts(rows []layoutVersion, variants []layoutVariant) *layoutSet {
	l := &layoutSet{since: map[string]int{}}
	var fields []Field
	for i, row := range rows {
		if i > 0 && (row.v <= rows[i-1].v || row.since.Before(rows[i-1].since)) {
			panic("bpa: version table out of order at " + row.v.String())
		}
		fields = append(slices.Clip(fields), row.adds...)
		for _, f := range row.adds {
			l.since[f.Name] = i
		}
		l.versions = append(l.versions, versionInfo{v: row.v, since: row.since, fields: fields})
		l.writable = append(l.writable, row.v)
	}
	for _, va := range variants {
		if l.find(va.v) != nil {
			panic("bpa: variant " + va.v.String() + " is also a version")
		}
		base := l.find(va.base)
		if base == nil {
			panic("bpa: variant " + va.v.String() + " has no base")
		}
		l.versions = append(l.versions, versionInfo{v: va.v, since: base.since, fields: append(slices.Clip(base.fields), va.adds...), readOnly: true})
	}
	l.newest = &l.versions[len(rows)-1]
	maxLen := 0
	for _, vi := range l.versions {
		maxLen = max(maxLen, int(vi.v))
	}
	l.byLen = make([]int8, maxLen+1)
	for i := range l.byLen {
		l.byLen[i] = -1
	}
	for i, vi := range l.versions {
		mustTable(vi.fields, int(vi.v), TypeIndividualizado, "BPA-I "+vi.v.String())
		l.byLen[vi.v] = int8(i)
	}
	if len(l.versions) > maxVersions {
		panic("bpa: more BPA-I layouts than maxVersions")
	}
	for i, v := range l.writable {
		switch {
		case i == 0:
			l.lengths = v.String()
		case i == len(l.writable)-1:
			l.lengths += " or " + v.String()
		default:
			l.lengths += ", " + v.String()
		}
	}
	return l
}

func init() {
	mustTable(headerFields, HeaderWidth, TypeHeader, "header")
	mustTable(consolidadoFields, ConsolidadoWidth, TypeConsolidado, "BPA-C")
}

// mustTable checks a layout when the package starts: contiguous fields of
// the record's width, each bound to a member of the record's own struct
// whose size fits the field.
func mustTable(fields []Field, width int, t RecordType, name string) {
	fs := make([]fixed.Field, len(fields))
	for i, f := range fields {
		fs[i] = f.Field
		b := f.bind
		switch {
		case b.kind == bindNone:
			panic("bpa: " + name + " field " + f.Name + " is not bound")
		case b.rec != 0 && b.rec != t:
			panic("bpa: " + name + " field " + f.Name + " is bound to another record type")
		case b.kind == bindID && b.size != f.Len:
			panic("bpa: " + name + " field " + f.Name + " is bound to an identifier of " + strconv.Itoa(b.size) + " bytes")
		case b.kind == bindConst && len(b.lit) != f.Len:
			panic("bpa: " + name + " field " + f.Name + " has a literal of the wrong width")
		}
	}
	if i := fixed.Contiguous(fs, width); i >= 0 {
		panic("bpa: " + name + " layout breaks at field " + strconv.Itoa(i))
	}
	if len(fields) > maxFields {
		panic("bpa: " + name + " has more than maxFields fields")
	}
}

// find returns the layout of version v, or nil.
func (l *layoutSet) find(v Version) *versionInfo {
	for i := range l.versions {
		if l.versions[i].v == v {
			return &l.versions[i]
		}
	}
	return nil
}

// index returns the position of v in l.versions, or -1.
func (l *layoutSet) index(v Version) int {
	if v < 0 || int(v) >= len(l.byLen) {
		return -1
	}
	return int(l.byLen[v])
}

// String returns the version as its length, "350".
func (v Version) String() string { return strconv.Itoa(int(v)) }

// Known reports whether v is one of the BPA-I layouts (including the
// read-only V353).
func (v Version) Known() bool { return lay.index(v) >= 0 }

// Since returns the first competência in which the layout is valid (the
// zero value for an unknown version).
func (v Version) Since() sigtap.Competencia {
	if i := lay.index(v); i >= 0 {
		return lay.versions[i].since
	}
	return sigtap.Competencia{}
}

// VersionFor returns the layout the writer uses for a file whose header
// competência (cbc_mvm) is c: the newest version whose Since is not after
// c (≥202607 → 351; ≥202412 → 350; ≥202404 → 349; ≥201508 → 338; older →
// 328, docs/bpa.md §10). The zero competência gives the newest version.
func VersionFor(c sigtap.Competencia) Version {
	if c.IsZero() {
		return lay.newest.v
	}
	for i := len(lay.writable) - 1; i > 0; i-- {
		if !c.Before(lay.versions[i].since) {
			return lay.versions[i].v
		}
	}
	return lay.writable[0]
}

// FieldSince returns the competência from which the BPA-I field called
// name exists: the Since of the first layout that has it (prd_cpf_pcnte:
// 04/2024; prd_sem_cpf: 07/2026). It returns the zero value for a name
// that is not a BPA-I field of a writable layout.
func FieldSince(name string) sigtap.Competencia {
	if i, ok := lay.since[name]; ok {
		return lay.versions[i].since
	}
	return sigtap.Competencia{}
}

// versionOfLength returns the BPA-I version whose content length is n.
func versionOfLength(n int) (Version, bool) {
	v := Version(n)
	return v, v.Known()
}

// tableI returns the BPA-I layout of v (nil for an unknown version).
func tableI(v Version) []Field {
	if i := lay.index(v); i >= 0 {
		return lay.versions[i].fields
	}
	return nil
}

// table returns the internal table for a record type and version.
func table(t RecordType, v Version) []Field {
	switch t {
	case TypeHeader:
		return headerFields
	case TypeConsolidado:
		return consolidadoFields
	case TypeIndividualizado:
		return tableI(v)
	}
	return nil
}

// RecordType is the record identifier in bytes 1–2 of every line.
type RecordType uint8

// Record types.
const (
	TypeHeader          RecordType = 1 // "01": header (cbc)
	TypeConsolidado     RecordType = 2 // "02": BPA-C, consolidated production
	TypeIndividualizado RecordType = 3 // "03": BPA-I, individualized production
)

// String returns "01", "02" or "03" ("??" for an unknown type).
func (t RecordType) String() string {
	switch t {
	case TypeHeader:
		return "01"
	case TypeConsolidado:
		return "02"
	case TypeIndividualizado:
		return "03"
	}
	return "??"
}

// Fields returns a copy of the layout of record type t; v selects the BPA-I
// version and is ignored for the header and BPA-C. It returns nil for an
// unknown type or version.
func Fields(t RecordType, v Version) []Field { return slices.Clone(table(t, v)) }

// Width returns the content width of record type t (BPA-I version v), or 0.
func Width(t RecordType, v Version) int {
	switch t {
	case TypeHeader:
		return HeaderWidth
	case TypeConsolidado:
		return ConsolidadoWidth
	case TypeIndividualizado:
		if v.Known() {
			return int(v)
		}
	}
	return 0
}

// FieldByName returns the field called name in the layout of t (version v).
func FieldByName(t RecordType, v Version, name string) (Field, bool) {
	if f := fieldNamed(table(t, v), name); f != nil {
		return *f, true
	}
	return Field{}, false
}

// fieldNamed returns the field called name in fields, or nil.
func fieldNamed(fields []Field, name string) *Field {
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

// Header fields that the reader, the validator and FromJSON address.
var (
	hdrMvm  = fieldNamed(headerFields, "cbc_mvm")
	hdrLin  = fieldNamed(headerFields, "cbc_lin")
	hdrFlh  = fieldNamed(headerFields, "cbc_flh")
	hdrCtrl = fieldNamed(headerFields, "cbc_smt_vrf")
)

// mustField returns the field called name of a fixed layout; the fields
// the View accessors and the reader's totals read exist in every layout.
func mustField(fields []Field, name string) fixed.Field {
	f := fieldNamed(fields, name)
	if f == nil {
		panic("bpa: no field " + name)
	}
	return f.Field
}

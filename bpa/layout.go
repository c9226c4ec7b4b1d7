package bpa

import (
	"slices"
	"strconv"

	"github.com/go-sus/sus/internal/fixed"
	"github.com/go-sus/sus/sigtap"
)

// Field is one field of a record layout: its canonical name (§11 of the
// project's bpa-file spec), 1-based inclusive positions exactly as the
// DATASUS PDF prints them, NUM/ALFA kind and blank default, plus the field
// number in the PDF and the few format quirks real files need.
//
// The field tables are the single source of truth: the reader, the writer,
// the validator and the JSON bridge all derive positions from them.
type Field struct {
	fixed.Field
	Number int   // field number in the PDF (0 for go-sus extensions)
	Flags  Flags // format quirks
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

// Layout versions of the BPA-I record.
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

// Versions lists the layout versions the writer can produce, oldest first.
var Versions = []Version{V328, V338, V349, V350, V351}

// String returns the version as its length, "350".
func (v Version) String() string { return strconv.Itoa(int(v)) }

// Known reports whether v is one of the BPA-I layouts (including V353).
func (v Version) Known() bool {
	switch v {
	case V328, V338, V349, V350, V351, V353:
		return true
	}
	return false
}

var versionSince = map[Version]sigtap.Competencia{
	V328: sigtap.MustParseCompetencia("201303"),
	V338: sigtap.MustParseCompetencia("201508"),
	V349: sigtap.MustParseCompetencia("202404"),
	V350: sigtap.MustParseCompetencia("202412"),
	V351: sigtap.MustParseCompetencia("202607"),
	V353: sigtap.MustParseCompetencia("202607"),
}

// Since returns the first competência in which the layout is valid (the
// zero value for an unknown version).
func (v Version) Since() sigtap.Competencia { return versionSince[v] }

// VersionFor returns the layout the writer uses for a file whose header
// competência (cbc_mvm) is c: ≥202607 → 351; ≥202412 → 350; ≥202404 → 349;
// ≥201508 → 338; older → 328 (§10). The zero competência gives V351.
func VersionFor(c sigtap.Competencia) Version {
	if c.IsZero() {
		return V351
	}
	switch {
	case !c.Before(versionSince[V351]):
		return V351
	case !c.Before(versionSince[V350]):
		return V350
	case !c.Before(versionSince[V349]):
		return V349
	case !c.Before(versionSince[V338]):
		return V338
	}
	return V328
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

// Content widths of the fixed records (without CR LF).
const (
	HeaderWidth      = 130
	ConsolidadoWidth = 48
)

func num(no int, name string, start, n int, blank fixed.Blank) Field {
	return Field{Field: fixed.Field{Name: name, Start: start, Len: n, Kind: fixed.Num, Blank: blank}, Number: no}
}

func alfa(no int, name string, start, n int) Field {
	return Field{Field: fixed.Field{Name: name, Start: start, Len: n, Kind: fixed.Alfa, Blank: fixed.Spaces}, Number: no}
}

func flagged(f Field, fl Flags) Field { f.Flags = fl; return f }

const (
	brancos = fixed.Spaces
	zeros   = fixed.Zeros
)

// headerFields is the header layout (PDF-2024 §2.1), 130 bytes.
// cbc_hdr (1–2) is the record type and cbc_marca (3–7) the "#BPA#" marker;
// the PDF names both cbc-hdr, and §11 names neither.
var headerFields = []Field{
	num(1, "cbc_hdr", 1, 2, zeros),
	alfa(2, "cbc_marca", 3, 5),
	num(3, "cbc_mvm", 8, 6, brancos),
	num(4, "cbc_lin", 14, 6, zeros),
	num(5, "cbc_flh", 20, 6, zeros),
	num(6, "cbc_smt_vrf", 26, 4, zeros),
	alfa(7, "cbc_rsp", 30, 30),
	alfa(8, "cbc_sgl", 60, 6),
	flagged(num(9, "cbc_cgccpf", 66, 14, zeros), Letters),
	alfa(10, "cbc_dst", 80, 40),
	alfa(11, "cbc_dst_in", 120, 1),
	alfa(12, "cbc_versao", 121, 10),
}

// Indexes into headerFields.
const (
	hType = iota
	hMarca
	hMvm
	hLin
	hFlh
	hCtrl
	hRsp
	hSgl
	hCgcCpf
	hDst
	hDstIn
	hVersao
)

// consolidadoFields is the BPA-C layout (PDF-2024 §2.2), 48 bytes.
var consolidadoFields = []Field{
	num(1, "prd_ident", 1, 2, zeros),
	num(2, "prd_cnes", 3, 7, brancos),
	num(3, "prd_cmp", 10, 6, brancos),
	alfa(4, "prd_cbo", 16, 6),
	num(5, "prd_flh", 22, 3, zeros),
	num(6, "prd_seq", 25, 2, zeros),
	num(7, "prd_pa", 27, 10, zeros),
	num(8, "prd_idade", 37, 3, zeros),
	num(9, "prd_qt", 40, 6, zeros),
	alfa(10, "prd_org", 46, 3),
}

// Indexes into consolidadoFields.
const (
	cType = iota
	cCNES
	cCmp
	cCBO
	cFlh
	cSeq
	cPA
	cIdade
	cQt
	cOrg
)

// individualizadoFields is the BPA-I layout (PDF-2024 §2.3 plus
// prd_sem_cpf of 2026 and the bpa-go reserved tail). Each version's table
// is a prefix of it.
var individualizadoFields = []Field{
	num(1, "prd_ident", 1, 2, zeros),
	num(2, "prd_cnes", 3, 7, brancos),
	num(3, "prd_cmp", 10, 6, brancos),
	num(4, "prd_cnsmed", 16, 15, brancos),
	alfa(5, "prd_cbo", 31, 6),
	num(6, "prd_dtaten", 37, 8, brancos),
	num(7, "prd_flh", 45, 3, zeros),
	num(8, "prd_seq", 48, 2, zeros),
	num(9, "prd_pa", 50, 10, zeros),
	num(10, "prd_cnspac", 60, 15, brancos),
	alfa(11, "prd_sexo", 75, 1),
	num(12, "prd_ibge", 76, 6, brancos),
	alfa(13, "prd_cid", 82, 4),
	num(14, "prd_idade", 86, 3, zeros),
	num(15, "prd_qt", 89, 6, zeros),
	num(16, "prd_caten", 95, 2, brancos),
	num(17, "prd_naut", 97, 13, brancos),
	alfa(18, "prd_org", 110, 3),
	alfa(19, "prd_nmpac", 113, 30),
	num(20, "prd_dtnasc", 143, 8, brancos),
	num(21, "prd_raca", 151, 2, brancos),
	flagged(num(22, "prd_etnia", 153, 4, brancos), Letters),
	num(23, "prd_nac", 157, 3, brancos),
	num(24, "prd_srv", 160, 3, brancos),
	num(25, "prd_clf", 163, 3, brancos),
	num(26, "prd_equipe_seq", 166, 8, brancos),
	num(27, "prd_equipe_area", 174, 4, brancos),
	flagged(num(28, "prd_cnpj", 178, 14, brancos), Letters),
	num(29, "prd_cep_pcnte", 192, 8, brancos),
	num(30, "prd_lograd_pcnte", 200, 3, brancos),
	alfa(31, "prd_end_pcnte", 203, 30),
	alfa(32, "prd_compl_pcnte", 233, 10),
	alfa(33, "prd_num_pcnte", 243, 5),
	alfa(34, "prd_bairro_pcnte", 248, 30),
	flagged(num(35, "prd_ddtel_pcnte", 278, 11, brancos), LeftAligned),
	alfa(36, "prd_email_pcnte", 289, 40),
	num(37, "prd_ine", 329, 10, brancos),
	num(38, "prd_cpf_pcnte", 339, 11, brancos),
	alfa(38, "prd_situacao_rua", 350, 1),
	alfa(39, "prd_sem_cpf", 351, 1),
	alfa(0, "prd_reservado", 352, 2),
}

// Indexes into individualizadoFields.
const (
	iType = iota
	iCNES
	iCmp
	iCNSMed
	iCBO
	iDtAten
	iFlh
	iSeq
	iPA
	iCNSPac
	iSexo
	iIBGE
	iCID
	iIdade
	iQt
	iCaten
	iNaut
	iOrg
	iNmPac
	iDtNasc
	iRaca
	iEtnia
	iNac
	iSrv
	iClf
	iEqSeq
	iEqArea
	iCNPJ
	iCEP
	iLograd
	iEnd
	iCompl
	iNum
	iBairro
	iTel
	iEmail
	iINE
	iCPF
	iSitRua
	iSemCPF
	iReservado
	nIFields
)

// fieldCount returns how many fields of individualizadoFields version v has.
func fieldCount(v Version) int {
	switch v {
	case V328:
		return iINE
	case V338:
		return iCPF
	case V349:
		return iSitRua
	case V350:
		return iSemCPF
	case V351:
		return iReservado
	case V353:
		return nIFields
	}
	return 0
}

// versionOfLength returns the BPA-I version whose content length is n.
func versionOfLength(n int) (Version, bool) {
	v := Version(n)
	return v, v.Known()
}

// tableI returns the internal BPA-I table of v (nil for an unknown version).
func tableI(v Version) []Field { return individualizadoFields[:fieldCount(v)] }

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
	for _, f := range table(t, v) {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

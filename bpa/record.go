package bpa

import (
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// Record is one line of a BPA file: a *Header, a *Consolidado or an
// *Individualizado.
type Record interface {
	// Type returns the record type (bytes 1–2 of the line).
	Type() RecordType
	// LineNumber returns the 1-based line the record was read from (0 for
	// a record built in code).
	LineNumber() int
	// AppendText appends the record's line, without CR LF, exactly as the
	// layout says (widths, padding, Windows-1252 bytes).
	AppendText(dst []byte) ([]byte, error)
	// UnmarshalText parses a line without its CR LF.
	UnmarshalText(line []byte) error
}

// Header is the header record ("01", 130 bytes). Lines, Folhas and Control
// are computed by the writers from the records written; callers never
// compute them.
type Header struct {
	Line        int                // line number when read (1), 0 otherwise
	Competencia sigtap.Competencia // cbc_mvm, 8–13: processing month (AAAAMM)
	Lines       int                // cbc_lin, 14–19: production lines (02 + 03)
	Folhas      int                // cbc_flh, 20–25: folhas (see FolhaRule)
	Control     int                // cbc_smt_vrf, 26–29: control field, 1111–2221
	Responsavel string             // cbc_rsp, 30–59: originating body
	Sigla       string             // cbc_sgl, 60–65: acronym of the originating body
	CNPJCPF     TaxID              // cbc_cgccpf, 66–79: CNPJ, or CPF zero-padded; zeros when absent
	Destino     string             // cbc_dst, 80–119: destination body
	DestinoTipo string             // cbc_dst_in, 120: "M" municipal, "E" estadual
	Versao      string             // cbc_versao, 121–130: system version, e.g. "D04.11"
}

// Consolidado is a BPA-C record ("02", 48 bytes): consolidated production.
type Consolidado struct {
	Line         int                // line number when read
	CNES         cnes.Code          // prd_cnes, 3–9
	Competencia  sigtap.Competencia // prd_cmp, 10–15: competência of the procedure
	CBO          sigtap.CBO         // prd_cbo, 16–21 (may be blank for Vigilância Sanitária)
	Folha        int                // prd_flh, 22–24: 1–999
	Seq          int                // prd_seq, 25–26: 1–20
	Procedimento sigtap.Code        // prd_pa, 27–36
	Idade        int                // prd_idade, 37–39: 0–130
	Quantidade   int                // prd_qt, 40–45
	Origem       string             // prd_org, 46–48: BPA PNI SIE SIB MIN PAC SCL EXT
}

// Individualizado is a BPA-I record ("03"): individualized production. Its
// layout Version is set by the reader from the line length; the writer
// writes a record in its own Version, or, when zero, in the version the
// file's header competência selects (VersionFor). Fields that do not exist
// in the record's version must be empty.
//
// NUM fields kept as strings (IBGE, Carater, Raca …) hold their digits
// ("01"); the writer zero-pads shorter digit strings ("1" → "01").
type Individualizado struct {
	Line    int     // line number when read
	Version Version // layout version; 0 = chosen by the writer

	CNES            cnes.Code          // prd_cnes, 3–9
	Competencia     sigtap.Competencia // prd_cmp, 10–15
	CNSProfissional cns.CNS            // prd_cnsmed, 16–30
	CBO             sigtap.CBO         // prd_cbo, 31–36
	DataAtendimento Date               // prd_dtaten, 37–44
	Folha           int                // prd_flh, 45–47: 1–999
	Seq             int                // prd_seq, 48–49: 1–99
	Procedimento    sigtap.Code        // prd_pa, 50–59
	CNSPaciente     cns.CNS            // prd_cnspac, 60–74
	Sexo            string             // prd_sexo, 75: M, F, I (from 01/2026)
	IBGE            string             // prd_ibge, 76–81: municipality of residence, 6 digits
	CID             sigtap.CID         // prd_cid, 82–85
	Idade           int                // prd_idade, 86–88: completed years, 0–130
	Quantidade      int                // prd_qt, 89–94
	Carater         string             // prd_caten, 95–96: caráter de atendimento 01–06
	Autorizacao     string             // prd_naut, 97–109: authorization number
	Origem          string             // prd_org, 110–112
	Nome            string             // prd_nmpac, 113–142: patient's name
	DataNascimento  Date               // prd_dtnasc, 143–150
	Raca            string             // prd_raca, 151–152: 01–05 (99 before 04/2023)
	Etnia           string             // prd_etnia, 153–156: only with raça 05
	Nacionalidade   string             // prd_nac, 157–159: "010" = Brasil
	Servico         string             // prd_srv, 160–162
	Classificacao   string             // prd_clf, 163–165
	EquipeSeq       string             // prd_equipe_seq, 166–173
	EquipeArea      string             // prd_equipe_area, 174–177
	CNPJ            cnes.CNPJ          // prd_cnpj, 178–191: OPM supplier
	CEP             string             // prd_cep_pcnte, 192–199
	Logradouro      string             // prd_lograd_pcnte, 200–202: street-type code
	Endereco        string             // prd_end_pcnte, 203–232
	Complemento     string             // prd_compl_pcnte, 233–242
	Numero          string             // prd_num_pcnte, 243–247 ("SN" or "00" when none)
	Bairro          string             // prd_bairro_pcnte, 248–277
	Telefone        string             // prd_ddtel_pcnte, 278–288: DDD + number
	Email           string             // prd_email_pcnte, 289–328
	INE             cnes.INE           // prd_ine, 329–338, from 08/2015 (V338)
	CPF             cns.CPF            // prd_cpf_pcnte, 339–349, from 04/2024 (V349)
	SituacaoRua     string             // prd_situacao_rua, 350: S, N or blank, from 12/2024 (V350)
	SemCPF          string             // prd_sem_cpf, 351: S, N or blank, from 07/2026 (V351)
}

// Type returns TypeHeader.
func (*Header) Type() RecordType { return TypeHeader }

// Type returns TypeConsolidado.
func (*Consolidado) Type() RecordType { return TypeConsolidado }

// Type returns TypeIndividualizado.
func (*Individualizado) Type() RecordType { return TypeIndividualizado }

// LineNumber returns h.Line.
func (h *Header) LineNumber() int { return h.Line }

// LineNumber returns c.Line.
func (c *Consolidado) LineNumber() int { return c.Line }

// LineNumber returns r.Line.
func (r *Individualizado) LineNumber() int { return r.Line }

// TaxID is the header's cbc_cgccpf: the CNPJ of the provider or public
// body, or a CPF zero-padded on the left to 14 characters. The zero value
// is written as zeros (the layout default).
type TaxID [14]byte

// TaxIDFromCNPJ returns the TaxID holding c.
func TaxIDFromCNPJ(c cnes.CNPJ) TaxID { return TaxID(c) }

// TaxIDFromCPF returns the TaxID holding c, zero-padded.
func TaxIDFromCPF(c cns.CPF) TaxID {
	t := TaxID{'0', '0', '0'}
	copy(t[3:], c[:])
	return t
}

// IsZero reports whether t is absent (the zero value or all zeros).
func (t TaxID) IsZero() bool {
	for _, b := range t {
		if b != 0 && b != '0' {
			return false
		}
	}
	return true
}

// CNPJ returns t as a CNPJ when its check digits match.
func (t TaxID) CNPJ() (cnes.CNPJ, bool) {
	c := cnes.CNPJ(t)
	return c, c.Valid()
}

// CPF returns the CPF in t when t starts with three zeros and the rest is a
// valid CPF.
func (t TaxID) CPF() (cns.CPF, bool) {
	var c cns.CPF
	if t[0] != '0' || t[1] != '0' || t[2] != '0' {
		return c, false
	}
	copy(c[:], t[3:])
	return c, c.Valid()
}

// Valid reports whether t is a valid CNPJ or a valid zero-padded CPF.
func (t TaxID) Valid() bool {
	if _, ok := t.CNPJ(); ok {
		return true
	}
	_, ok := t.CPF()
	return ok
}

// Masked returns t with personal digits hidden.
func (t TaxID) Masked() string {
	if c, ok := t.CPF(); ok {
		return c.Masked()
	}
	return cnes.CNPJ(t).Masked()
}

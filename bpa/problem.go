package bpa

import (
	"errors"
	"fmt"
	"strconv"
)

// Severity says what a problem does to its line: Erro rejects it, Aviso
// is only worth knowing, NaoVerificado says a check could not run for lack
// of data (the remessa package reports those; this package's own checks
// need no external data). It is the one severity vocabulary of the module:
// remessa.Severity is the same type. The zero value is invalid.
type Severity uint8

// Severities.
const (
	// Erro rejects the line (SIA "glosa").
	Erro Severity = iota + 1
	// Aviso is reported but the line is accepted.
	Aviso
	// NaoVerificado says a check could not run because its data is absent
	// (no CNES loaded, a SIGTAP table missing, no release for the
	// competência). It never rejects.
	NaoVerificado
)

var severityNames = [...]string{"", "erro", "aviso", "nao_verificado"}

// String returns "erro", "aviso" or "nao_verificado" ("" for the zero
// value, "Severity(n)" for an unknown value).
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "Severity(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts the
// names String returns.
func (s *Severity) UnmarshalText(b []byte) error {
	for i, n := range severityNames {
		if i > 0 && n == string(b) {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("bpa: unknown severity %q", b)
}

// Problem is one finding about a BPA file: a structural error, a reader
// warning or a validation rule that failed. It is written for the people
// who fix the file, in Portuguese: Message is fixed per code and case, in
// the style of SIA's consistency reports (upper case without accents; SIA's
// own wording where it is known, docs/bpa.md §6), and Facts
// holds the particulars of this line in ordinary Portuguese. Neither
// contains personal data (identifiers are masked, names and addresses are
// not quoted).
type Problem struct {
	Code     string   // stable rule code, one of the Code… constants
	Severity Severity // Erro or Aviso
	Line     int      // 1-based line (0 for the whole file)
	Column   int      // 1-based byte position of the field (0 when not about a field)
	Field    string   // canonical field name ("" when not about a field)
	Message  string   // what is wrong, SIA-style ("CNS PACIENTE, INVALIDO.")
	Facts    string   // the particulars, pt-BR ("CNS *** **** **** 0019: dígito verificador não confere"); may be empty
}

// String formats p like a compiler diagnostic, in Portuguese:
// "linha 7, coluna 60 (prd_cnspac): erro BPA-CNS-DV: CNS PACIENTE, INVALIDO. [CNS … : dígito verificador não confere]".
func (p Problem) String() string {
	b := make([]byte, 0, 96)
	if p.Line > 0 {
		b = append(b, "linha "...)
		b = strconv.AppendInt(b, int64(p.Line), 10)
		if p.Column > 0 {
			b = append(b, ", coluna "...)
			b = strconv.AppendInt(b, int64(p.Column), 10)
		}
	} else {
		b = append(b, "arquivo"...)
	}
	if p.Field != "" {
		b = append(b, " ("...)
		b = append(b, p.Field...)
		b = append(b, ')')
	}
	b = append(b, ": "...)
	b = append(b, p.Severity.String()...)
	b = append(b, ' ')
	b = append(b, p.Code...)
	b = append(b, ": "...)
	b = append(b, p.Message...)
	if p.Facts != "" {
		b = append(b, " ["...)
		b = append(b, p.Facts...)
		b = append(b, ']')
	}
	return string(b)
}

// Problem codes. They are stable: tools and the remessa package match on
// them. Structural codes come from the reader, the others from validation.
const (
	// Structure (reader errors, one per bad line).
	CodeLineTooLong = "BPA-LINE-TOO-LONG"
	CodeRecordType  = "BPA-RECORD-TYPE"
	CodeLength      = "BPA-LENGTH"
	CodeUTF8        = "BPA-UTF8"
	CodeDigits      = "BPA-DIGITS"
	CodeMarker      = "BPA-HDR-MARKER"
	CodeHeaderPos   = "BPA-HDR-POSITION"
	CodeCompetencia = "BPA-CMP-FORMAT"
	CodeParse       = "BPA-PARSE" // any other parse error

	// File-level reader findings.
	CodeLF           = "BPA-EOL-LF"       // warning: lines end in LF, not CR LF
	CodeCR           = "BPA-EOL-CR"       // warning: lines end in CR alone
	CodeNoFinalEOL   = "BPA-EOL-FINAL"    // warning: last line has no line end
	CodeBOM          = "BPA-BOM"          // warning: UTF-8 byte-order mark removed
	CodeEmptyLine    = "BPA-EMPTY-LINE"   // warning: empty lines skipped
	CodeEOFMarker    = "BPA-EOF-MARK"     // warning: DOS end-of-file byte (0x1A) skipped
	CodeShortLine    = "BPA-SHORT-LINE"   // warning: lines missing their trailing blanks, completed with spaces
	CodeLayoutOld    = "BPA-LAYOUT-OLD"   // warning: BPA-I layout older than VersionFor(cbc_mvm)
	CodeLayoutNew    = "BPA-LAYOUT-NEW"   // warning: BPA-I layout newer than VersionFor(cbc_mvm)
	CodeLayout353    = "BPA-LAYOUT-353"   // warning: bpa-go's 353-byte variant
	CodeLayoutMixed  = "BPA-LAYOUT-MIXED" // warning: BPA-I lines of more than one layout
	CodeHeaderLines  = "BPA-HDR-LIN"      // cbc_lin differs from the production lines
	CodeHeaderFolhas = "BPA-HDR-FLH"      // cbc_flh differs from the folhas counted (inference)
	CodeControl      = "BPA-HDR-CTRL"     // cbc_smt_vrf differs from the computed control field
	// CodeLayoutOther is an error of the Validator (the Reader only warns
	// with CodeLayoutMixed): a BPA-I line in another layout than most BPA-I
	// lines of the file. BPA-Mag writes one layout per file, so a 349-byte
	// line in a 350 file is a damaged line.
	CodeLayoutOther = "BPA-LAYOUT-OTHER"

	// Header fields.
	CodeHeaderMvm   = "BPA-HDR-MVM"    // cbc_mvm blank
	CodeHeaderDstIn = "BPA-HDR-DST-IN" // cbc_dst_in not M/E
	CodeHeaderTaxID = "BPA-HDR-CGCCPF" // cbc_cgccpf neither a valid CNPJ nor CPF

	// Production line fields.
	CodeCNES           = "BPA-CNES"         // blank CNES
	CodeCmp            = "BPA-CMP"          // blank prd_cmp
	CodeCmpWindow      = "BPA-CMP-WINDOW"   // prd_cmp outside cbc_mvm−3 … cbc_mvm
	CodeCBO            = "BPA-CBO"          // CBO blank (BPA-I) or malformed
	CodeFolha          = "BPA-FLH"          // folha outside 001–999
	CodeSeq            = "BPA-SEQ"          // seq outside 01–20 (BPA-C) / 01–99 (BPA-I)
	CodeSlot           = "BPA-SLOT-DUP"     // duplicate folha/seq slot in a numbering key
	CodeProcedimento   = "BPA-PA-DV"        // procedure code blank or check digit wrong
	CodeIdade          = "BPA-IDADE"        // age outside 0–130
	CodeIdadeCalc      = "BPA-IDADE-CALC"   // age differs from the completed years
	CodeQuantidade     = "BPA-QT"           // quantity zero
	CodeOrigem         = "BPA-ORG"          // origem outside BPA PNI SIE SIB MIN PAC SCL EXT
	CodeCNSProf        = "BPA-CNSMED"       // professional's CNS blank
	CodeCheckDigitCNS  = "BPA-CNS-DV"       // CNS with a wrong check digit or kind
	CodeCheckDigitCPF  = "BPA-CPF-DV"       // CPF with a wrong check digit
	CodeCheckDigitCNPJ = "BPA-CNPJ-DV"      // CNPJ with a wrong check digit
	CodeCPFAndCNS      = "BPA-CPF-CNS"      // both CPF and CNS of the patient
	CodeDataAtend      = "BPA-DTATEN"       // attendance date blank or impossible
	CodeDataAtendCmp   = "BPA-DTATEN-CMP"   // attendance date outside prd_cmp (inference)
	CodeDataAtendMvm   = "BPA-DTATEN-MVM"   // attendance date after the last day of cbc_mvm
	CodeDataNasc       = "BPA-DTNASC"       // birth date blank or impossible
	CodeDataNascAfter  = "BPA-DTNASC-AFTER" // birth date after the attendance date
	CodeSexo           = "BPA-SEXO"         // sexo not M/F (I from 01/2026)
	CodeCID            = "BPA-CID"          // malformed CID
	CodeIBGE           = "BPA-IBGE"         // municipality code blank
	CodeCarater        = "BPA-CATEN"        // caráter de atendimento outside 01–06
	CodeRaca           = "BPA-RACA"         // raça/cor outside 01–05 (99 before 04/2023)
	CodeEtnia          = "BPA-ETNIA"        // etnia given without raça 05 or missing with it
	CodeServico        = "BPA-SRV-CLF"      // serviço without classificação or vice versa
	CodeINE            = "BPA-INE"          // INE all zeros
	CodeCEP            = "BPA-CEP"          // CEP all zeros
	CodeSituacaoRua    = "BPA-SIT-RUA"      // not S, N or blank
	CodeSemCPF         = "BPA-SEM-CPF"      // not S, N or blank; or S with a CPF
	CodeChars          = "BPA-CHARS"        // control character or byte undefined in Windows-1252
)

// parseCode maps a parse error to its problem code.
func parseCode(err error) string {
	switch {
	case errors.Is(err, ErrLineTooLong):
		return CodeLineTooLong
	case errors.Is(err, ErrRecordType):
		return CodeRecordType
	case errors.Is(err, ErrUTF8):
		return CodeUTF8
	case errors.Is(err, ErrLength):
		return CodeLength
	case errors.Is(err, ErrNotDigits):
		return CodeDigits
	case errors.Is(err, ErrMarker):
		return CodeMarker
	case errors.Is(err, ErrHeaderPos):
		return CodeHeaderPos
	case errors.Is(err, ErrCompetencia):
		return CodeCompetencia
	}
	return CodeParse
}

// parseMessage returns the Portuguese message of a reader error, from its
// sentinel (the error's own text is English and is never shown in a
// report).
func parseMessage(err error) string {
	switch {
	case errors.Is(err, ErrLineTooLong):
		return "LINHA MAIOR QUE O TAMANHO MAXIMO"
	case errors.Is(err, ErrRecordType):
		return "TIPO DE REGISTRO INVALIDO (COLUNAS 1-2 DEVEM SER 01, 02 OU 03)"
	case errors.Is(err, ErrUTF8):
		return "LINHA GRAVADA EM UTF-8, NAO EM WINDOWS-1252"
	case errors.Is(err, ErrLength):
		return "TAMANHO DA LINHA INCORRETO PARA O TIPO DE REGISTRO"
	case errors.Is(err, ErrNotDigits):
		return "CAMPO NUMERICO COM CARACTERE QUE NAO E DIGITO"
	case errors.Is(err, ErrMarker):
		return "MARCADOR DO CABECALHO DIFERENTE DE #BPA#"
	case errors.Is(err, ErrHeaderPos):
		return "CABECALHO (01) FORA DA PRIMEIRA LINHA"
	case errors.Is(err, ErrCompetencia):
		return "COMPETENCIA INVALIDA (AAAAMM)"
	case errors.Is(err, ErrNotBPA):
		return "ARQUIVO NAO E UM BPA (A PRIMEIRA LINHA NAO E UM CABECALHO 01#BPA#)"
	case errors.Is(err, ErrEmpty):
		return "ARQUIVO VAZIO"
	case errors.Is(err, ErrTooManyLines):
		return "ARQUIVO COM MAIS DE 999999 LINHAS DE PRODUCAO"
	}
	return "LINHA ILEGIVEL"
}

// detailError is a sentinel with particulars: its Error is the English
// sentinel text plus detail, and fatos says the same in Portuguese for
// Problem.Facts.
type detailError struct {
	err    error
	detail string // English, appended to err's text
	fatos  string // Portuguese
}

func (e *detailError) Error() string { return e.err.Error() + e.detail }
func (e *detailError) Unwrap() error { return e.err }

// lineTooLong is ErrLineTooLong with the limit.
func lineTooLong(max int) error {
	return &detailError{err: ErrLineTooLong, detail: " (" + strconv.Itoa(max) + ")", fatos: "limite de " + strconv.Itoa(max) + " bytes"}
}

// ProblemOf turns a reader error into a Problem (severity Erro). A
// *ParseError keeps its line, column and field. The message is Portuguese,
// chosen by the error's sentinel.
func ProblemOf(err error) Problem {
	p := Problem{Code: CodeParse, Severity: Erro, Message: parseMessage(err)}
	var pe *ParseError
	if errors.As(err, &pe) {
		p.Code, p.Line, p.Column, p.Field = parseCode(pe.Err), pe.Line, pe.Column, pe.Field
	}
	var de *detailError
	if errors.As(err, &de) {
		p.Facts = de.fatos
	}
	return p
}

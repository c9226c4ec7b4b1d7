package bpa

import (
	"fmt"
	"slices"
	"strconv"
	"unsafe"

	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/fixed"
	"github.com/go-sus/sus/sigtap"
)

// Context is what the per-record checks need from the rest of the file.
type Context struct {
	// Mvm is the header's cbc_mvm. When zero, the competência window and
	// the attendance-date-versus-mvm checks are skipped.
	Mvm sigtap.Competencia
	// Skip lists problem codes not to report.
	Skip []string
}

// Competências from which domain values changed.
var (
	cmpSexoI    = sigtap.MustParseCompetencia("202601") // sexo I accepted (BPA-Mag 04.11)
	cmpRaca99   = sigtap.MustParseCompetencia("202304") // raça 99 dropped (BPA-Mag 03.01)
	validOrigem = []string{"BPA", "PNI", "SIE", "SIB", "MIN", "PAC", "SCL", "EXT"}
)

// ValidateRecord returns the problems of one record found without external
// tables: domains, check digits, dates, age, competência window, CPF xor
// CNS, control characters. ctx may be nil.
func ValidateRecord(rec Record, ctx *Context) []Problem { return AppendProblems(nil, rec, ctx) }

// AppendProblems is ValidateRecord appending to dst; it does not allocate
// when the record has no problem.
func AppendProblems(dst []Problem, rec Record, ctx *Context) []Problem {
	if ctx == nil {
		ctx = &Context{}
	}
	c := checker{dst: dst, ctx: ctx, line: rec.LineNumber()}
	switch r := rec.(type) {
	case *Header:
		c.header(r)
	case *Consolidado:
		c.consolidado(r)
	case *Individualizado:
		c.individualizado(r)
	}
	return c.dst
}

type checker struct {
	dst    []Problem
	ctx    *Context
	line   int
	fields []Field
}

// add appends a problem about the field called name ("" for none).
func (c *checker) add(code string, sev Severity, name string, msg string) {
	if len(c.ctx.Skip) > 0 && slices.Contains(c.ctx.Skip, code) {
		return
	}
	p := Problem{Code: code, Severity: sev, Line: c.line, Message: msg}
	if f := fieldNamed(c.fields, name); f != nil {
		p.Field, p.Column = f.Name, f.Start
	}
	c.dst = append(c.dst, p)
}

// texts reports control characters (and bytes Windows-1252 leaves
// undefined, which the reader keeps as C1 controls) in the record's text
// members: every ALFA field bound to a string, in layout order.
func (c *checker) texts(base unsafe.Pointer) {
	for k := range c.fields {
		f := &c.fields[k]
		if f.Kind != fixed.Alfa || f.bind.kind != bindString {
			continue
		}
		if s := *(*string)(member(base, f)); s != "" {
			if j := firstBadRune(s); j >= 0 {
				c.add(CodeChars, Erro, f.Name, "control character or byte undefined in Windows-1252 at position "+strconv.Itoa(j+1)+" of the field")
			}
		}
	}
}

func (c *checker) header(h *Header) {
	c.fields = headerFields
	if h.Competencia.IsZero() {
		c.add(CodeHeaderMvm, Erro, "cbc_mvm", "cbc_mvm (processing competência) is blank")
	}
	switch h.DestinoTipo {
	case "", "M", "E":
	default:
		c.add(CodeHeaderDstIn, Erro, "cbc_dst_in", "cbc_dst_in must be M (municipal) or E (estadual)")
	}
	if !h.CNPJCPF.IsZero() && !h.CNPJCPF.Valid() {
		c.add(CodeHeaderTaxID, Aviso, "cbc_cgccpf", "cbc_cgccpf "+h.CNPJCPF.Masked()+" is neither a valid CNPJ nor a valid CPF")
	}
	c.texts(unsafe.Pointer(h))
}

// common checks the fields BPA-C and BPA-I share (same names in both).
func (c *checker) common(cnesZero bool, cmp sigtap.Competencia, folha, seq, maxSeq int, pa sigtap.Code, idade, qt int, org string) {
	if cnesZero {
		c.add(CodeCNES, Erro, "prd_cnes", "prd_cnes is blank")
	}
	if cmp.IsZero() {
		c.add(CodeCmp, Erro, "prd_cmp", "prd_cmp (competência) is blank")
	} else if m := c.ctx.Mvm; !m.IsZero() && (cmp.Before(m.Add(-3)) || cmp.After(m)) {
		c.add(CodeCmpWindow, Erro, "prd_cmp", "competência "+cmp.Format()+" outside the window "+m.Add(-3).Format()+"–"+m.Format()+" of cbc_mvm")
	}
	if folha < 1 || folha > MaxFolha {
		c.add(CodeFolha, Erro, "prd_flh", "folha "+strconv.Itoa(folha)+" outside 001–999")
	}
	if seq < 1 || seq > maxSeq {
		c.add(CodeSeq, Erro, "prd_seq", fmt.Sprintf("seq %d outside 01–%02d", seq, maxSeq))
	}
	switch err := pa.Check(); {
	case pa.IsZero() || isZeroDigits(pa[:]):
		c.add(CodeProcedimento, Erro, "prd_pa", "prd_pa (procedure code) is blank")
	case err != nil:
		c.add(CodeProcedimento, Erro, "prd_pa", "procedure "+pa.Format()+": "+err.Error())
	}
	if idade < 0 || idade > 130 {
		c.add(CodeIdade, Erro, "prd_idade", "age "+strconv.Itoa(idade)+" outside 0–130")
	}
	if qt < 1 {
		c.add(CodeQuantidade, Erro, "prd_qt", "quantity is zero")
	}
	if !slices.Contains(validOrigem, org) {
		c.add(CodeOrigem, Erro, "prd_org", "prd_org must be one of BPA PNI SIE SIB MIN PAC SCL EXT")
	}
}

func isZeroDigits(b []byte) bool {
	for _, x := range b {
		if x != '0' {
			return false
		}
	}
	return true
}

func (c *checker) cbo(name string, cbo sigtap.CBO, required bool) {
	if cbo.IsZero() {
		if required {
			c.add(CodeCBO, Erro, name, "prd_cbo is blank")
		}
		return
	}
	if !cbo.Valid() {
		c.add(CodeCBO, Erro, name, "prd_cbo must be six upper-case letters or digits")
	}
}

func (c *checker) consolidado(r *Consolidado) {
	c.fields = consolidadoFields
	c.common(r.CNES.IsZero(), r.Competencia, r.Folha, r.Seq, MaxSeqC, r.Procedimento, r.Idade, r.Quantidade, r.Origem)
	c.cbo("prd_cbo", r.CBO, false)
	c.texts(unsafe.Pointer(r))
}

func (c *checker) cns(name string, v cns.CNS, who string) {
	if err := v.Check(); err != nil {
		c.add(CodeCheckDigitCNS, Erro, name, "CNS "+who+" "+v.Masked()+": "+err.Error())
	}
}

func oneOf(s string, vals ...string) bool { return slices.Contains(vals, s) }

func (c *checker) individualizado(r *Individualizado) {
	c.fields = lay.newest.fields
	c.common(r.CNES.IsZero(), r.Competencia, r.Folha, r.Seq, MaxSeqI, r.Procedimento, r.Idade, r.Quantidade, r.Origem)
	if r.CNSProfissional.IsZero() {
		c.add(CodeCNSProf, Erro, "prd_cnsmed", "prd_cnsmed (professional's CNS) is blank")
	} else {
		c.cns("prd_cnsmed", r.CNSProfissional, "do profissional")
	}
	c.cbo("prd_cbo", r.CBO, true)
	c.dates(r)
	if !r.CNSPaciente.IsZero() {
		c.cns("prd_cnspac", r.CNSPaciente, "do paciente")
	}
	switch {
	case r.Sexo == "M" || r.Sexo == "F":
	case r.Sexo == "I" && (r.Competencia.IsZero() || !r.Competencia.Before(cmpSexoI)):
	case r.Sexo == "I":
		c.add(CodeSexo, Erro, "prd_sexo", "sexo I is accepted only from competência 01/2026")
	default:
		c.add(CodeSexo, Erro, "prd_sexo", "prd_sexo must be M or F (or I from 01/2026)")
	}
	if r.IBGE == "" {
		c.add(CodeIBGE, Aviso, "prd_ibge", "prd_ibge (municipality of residence) is blank")
	}
	if !r.CID.IsZero() && !r.CID.Valid() {
		c.add(CodeCID, Erro, "prd_cid", "prd_cid is not a CID-10 code (A00 or A000)")
	}
	if !oneOf(r.Carater, "01", "02", "03", "04", "05", "06") {
		c.add(CodeCarater, Erro, "prd_caten", "prd_caten (caráter de atendimento) must be 01–06")
	}
	switch {
	case oneOf(r.Raca, "01", "02", "03", "04", "05"):
	case r.Raca == "99" && !r.Competencia.IsZero() && r.Competencia.Before(cmpRaca99):
	case r.Raca == "99":
		c.add(CodeRaca, Erro, "prd_raca", "raça 99 (sem informação) is not accepted from competência 04/2023")
	default:
		c.add(CodeRaca, Erro, "prd_raca", "prd_raca must be 01–05")
	}
	switch {
	case r.Raca == "05" && r.Etnia == "":
		c.add(CodeEtnia, Erro, "prd_etnia", "prd_etnia is required with raça 05 (indígena)")
	case r.Raca != "05" && r.Etnia != "":
		c.add(CodeEtnia, Erro, "prd_etnia", "prd_etnia is only given with raça 05 (indígena)")
	case r.Etnia != "" && len(r.Etnia) != 4:
		c.add(CodeEtnia, Erro, "prd_etnia", "prd_etnia must have 4 characters")
	}
	if (r.Servico == "") != (r.Classificacao == "") {
		c.add(CodeServico, Erro, "prd_srv", "prd_srv and prd_clf go together: a service needs its classification")
	}
	if !r.CNPJ.IsZero() {
		if err := r.CNPJ.Check(); err != nil {
			c.add(CodeCheckDigitCNPJ, Erro, "prd_cnpj", "CNPJ "+r.CNPJ.Masked()+": "+err.Error())
		}
	}
	if r.CEP != "" && isZeroDigits([]byte(r.CEP)) {
		c.add(CodeCEP, Erro, "prd_cep_pcnte", "CEP 00000000 is not a CEP")
	}
	if !r.INE.IsZero() && !r.INE.Valid() {
		c.add(CodeINE, Erro, "prd_ine", "INE 0000000000 is invalid (EQUIPE INVALIDA OU OBRIGATORIA); leave it blank when there is no team")
	}
	if !r.CPF.IsZero() {
		if err := r.CPF.Check(); err != nil {
			c.add(CodeCheckDigitCPF, Erro, "prd_cpf_pcnte", "CPF "+r.CPF.Masked()+": "+err.Error())
		}
		if !r.CNSPaciente.IsZero() {
			c.add(CodeCPFAndCNS, Erro, "prd_cpf_pcnte", "identify the patient by CPF or by CNS, not both")
		}
	}
	if !oneOf(r.SituacaoRua, "", "S", "N") {
		c.add(CodeSituacaoRua, Erro, "prd_situacao_rua", "prd_situacao_rua must be S, N or blank")
	}
	switch {
	case !oneOf(r.SemCPF, "", "S", "N"):
		c.add(CodeSemCPF, Erro, "prd_sem_cpf", "prd_sem_cpf must be S, N or blank")
	case r.SemCPF == "S" && !r.CPF.IsZero():
		c.add(CodeSemCPF, Aviso, "prd_sem_cpf", "prd_sem_cpf is S but a CPF is given")
	}
	c.texts(unsafe.Pointer(r))
}

// dates checks attendance and birth dates and the age (rules.md §1).
func (c *checker) dates(r *Individualizado) {
	at, birth := r.DataAtendimento, r.DataNascimento
	atOK := at.Valid()
	switch {
	case at.IsZero():
		c.add(CodeDataAtend, Erro, "prd_dtaten", "prd_dtaten (attendance date) is blank")
	case !atOK:
		c.add(CodeDataAtend, Erro, "prd_dtaten", "prd_dtaten is not a valid date (AAAAMMDD)")
	default:
		if !r.Competencia.IsZero() && at.Competencia() != r.Competencia {
			c.add(CodeDataAtendCmp, Erro, "prd_dtaten", "attendance date is outside competência "+r.Competencia.Format())
		}
		if m := c.ctx.Mvm; !m.IsZero() && at.Competencia().After(m) {
			c.add(CodeDataAtendMvm, Erro, "prd_dtaten", "attendance date is after the last day of cbc_mvm "+m.Format())
		}
	}
	switch {
	case birth.IsZero():
		c.add(CodeDataNasc, Erro, "prd_dtnasc", "prd_dtnasc (birth date) is blank")
	case !birth.Valid():
		c.add(CodeDataNasc, Erro, "prd_dtnasc", "prd_dtnasc is not a valid date (AAAAMMDD)")
	case atOK && birth.After(at):
		c.add(CodeDataNascAfter, Erro, "prd_dtnasc", "birth date is after the attendance date")
	case atOK:
		if y := birth.YearsAt(at); y != r.Idade && r.Idade >= 0 && r.Idade <= 130 {
			c.add(CodeIdadeCalc, Erro, "prd_idade", fmt.Sprintf("age %d differs from the completed years between birth and attendance (%d)", r.Idade, y))
		}
	}
}

package bpa

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/go-sus/sus/cns"
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
	cmpSexoI    = sigtap.MustCompetencia("202601") // sexo I accepted (BPA-Mag 04.11)
	cmpRaca99   = sigtap.MustCompetencia("202304") // raça 99 dropped (BPA-Mag 03.01)
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

func (c *checker) add(code string, sev Severity, idx int, msg string) {
	if len(c.ctx.Skip) > 0 && slices.Contains(c.ctx.Skip, code) {
		return
	}
	p := Problem{Code: code, Severity: sev, Line: c.line, Message: msg}
	if idx >= 0 && idx < len(c.fields) {
		p.Field, p.Column = c.fields[idx].Name, c.fields[idx].Start
	}
	c.dst = append(c.dst, p)
}

// text reports control characters (and bytes Windows-1252 leaves
// undefined, which the reader keeps as C1 controls) in a text field.
func (c *checker) text(idx int, s string) {
	if s == "" {
		return
	}
	if j := firstBadRune(s); j >= 0 {
		c.add(CodeChars, Erro, idx, "control character or byte undefined in Windows-1252 at position "+strconv.Itoa(j+1)+" of the field")
	}
}

func (c *checker) header(h *Header) {
	c.fields = headerFields
	if h.Competencia.IsZero() {
		c.add(CodeHeaderMvm, Erro, hMvm, "cbc_mvm (processing competência) is blank")
	}
	switch h.DestinoTipo {
	case "", "M", "E":
	default:
		c.add(CodeHeaderDstIn, Erro, hDstIn, "cbc_dst_in must be M (municipal) or E (estadual)")
	}
	if !h.CNPJCPF.IsZero() && !h.CNPJCPF.Valid() {
		c.add(CodeHeaderTaxID, Aviso, hCgcCpf, "cbc_cgccpf "+h.CNPJCPF.Masked()+" is neither a valid CNPJ nor a valid CPF")
	}
	c.text(hRsp, h.Responsavel)
	c.text(hSgl, h.Sigla)
	c.text(hDst, h.Destino)
	c.text(hVersao, h.Versao)
}

// common checks the fields BPA-C and BPA-I share. idx holds the indexes of
// cnes, cmp, flh, seq, pa, idade, qt, org in c.fields.
func (c *checker) common(cnesZero bool, cmp sigtap.Competencia, folha, seq, maxSeq int, pa sigtap.Code, idade, qt int, org string, idx [8]int) {
	if cnesZero {
		c.add(CodeCNES, Erro, idx[0], "prd_cnes is blank")
	}
	if cmp.IsZero() {
		c.add(CodeCmp, Erro, idx[1], "prd_cmp (competência) is blank")
	} else if m := c.ctx.Mvm; !m.IsZero() && (cmp.Before(m.Add(-3)) || cmp.After(m)) {
		c.add(CodeCmpWindow, Erro, idx[1], "competência "+cmp.Format()+" outside the window "+m.Add(-3).Format()+"–"+m.Format()+" of cbc_mvm")
	}
	if folha < 1 || folha > MaxFolha {
		c.add(CodeFolha, Erro, idx[2], "folha "+strconv.Itoa(folha)+" outside 001–999")
	}
	if seq < 1 || seq > maxSeq {
		c.add(CodeSeq, Erro, idx[3], fmt.Sprintf("seq %d outside 01–%02d", seq, maxSeq))
	}
	switch err := pa.Check(); {
	case pa.IsZero() || isZeroDigits(pa[:]):
		c.add(CodeProcedimento, Erro, idx[4], "prd_pa (procedure code) is blank")
	case err != nil:
		c.add(CodeProcedimento, Erro, idx[4], "procedure "+pa.Format()+": "+err.Error())
	}
	if idade < 0 || idade > 130 {
		c.add(CodeIdade, Erro, idx[5], "age "+strconv.Itoa(idade)+" outside 0–130")
	}
	if qt < 1 {
		c.add(CodeQuantidade, Erro, idx[6], "quantity is zero")
	}
	if !slices.Contains(validOrigem, org) {
		c.add(CodeOrigem, Erro, idx[7], "prd_org must be one of BPA PNI SIE SIB MIN PAC SCL EXT")
	}
	c.text(idx[7], org)
}

func isZeroDigits(b []byte) bool {
	for _, x := range b {
		if x != '0' {
			return false
		}
	}
	return true
}

func (c *checker) cbo(idx int, cbo sigtap.CBO, required bool) {
	if cbo.IsZero() {
		if required {
			c.add(CodeCBO, Erro, idx, "prd_cbo is blank")
		}
		return
	}
	if !cbo.Valid() {
		c.add(CodeCBO, Erro, idx, "prd_cbo must be six upper-case letters or digits")
	}
}

func (c *checker) consolidado(r *Consolidado) {
	c.fields = consolidadoFields
	c.common(r.CNES.IsZero(), r.Competencia, r.Folha, r.Seq, MaxSeqC, r.Procedimento, r.Idade, r.Quantidade, r.Origem,
		[8]int{cCNES, cCmp, cFlh, cSeq, cPA, cIdade, cQt, cOrg})
	c.cbo(cCBO, r.CBO, false)
}

func (c *checker) cns(idx int, v cns.CNS, who string) {
	if err := v.Check(); err != nil {
		c.add(CodeCheckDigitCNS, Erro, idx, "CNS "+who+" "+v.Masked()+": "+err.Error())
	}
}

func oneOf(s string, vals ...string) bool { return slices.Contains(vals, s) }

func (c *checker) individualizado(r *Individualizado) {
	c.fields = individualizadoFields
	c.common(r.CNES.IsZero(), r.Competencia, r.Folha, r.Seq, MaxSeqI, r.Procedimento, r.Idade, r.Quantidade, r.Origem,
		[8]int{iCNES, iCmp, iFlh, iSeq, iPA, iIdade, iQt, iOrg})
	if r.CNSProfissional.IsZero() {
		c.add(CodeCNSProf, Erro, iCNSMed, "prd_cnsmed (professional's CNS) is blank")
	} else {
		c.cns(iCNSMed, r.CNSProfissional, "do profissional")
	}
	c.cbo(iCBO, r.CBO, true)
	c.dates(r)
	if !r.CNSPaciente.IsZero() {
		c.cns(iCNSPac, r.CNSPaciente, "do paciente")
	}
	switch {
	case r.Sexo == "M" || r.Sexo == "F":
	case r.Sexo == "I" && (r.Competencia.IsZero() || !r.Competencia.Before(cmpSexoI)):
	case r.Sexo == "I":
		c.add(CodeSexo, Erro, iSexo, "sexo I is accepted only from competência 01/2026")
	default:
		c.add(CodeSexo, Erro, iSexo, "prd_sexo must be M or F (or I from 01/2026)")
	}
	if r.IBGE == "" {
		c.add(CodeIBGE, Aviso, iIBGE, "prd_ibge (municipality of residence) is blank")
	}
	if !r.CID.IsZero() && !r.CID.Valid() {
		c.add(CodeCID, Erro, iCID, "prd_cid is not a CID-10 code (A00 or A000)")
	}
	if !oneOf(r.Carater, "01", "02", "03", "04", "05", "06") {
		c.add(CodeCarater, Erro, iCaten, "prd_caten (caráter de atendimento) must be 01–06")
	}
	switch {
	case oneOf(r.Raca, "01", "02", "03", "04", "05"):
	case r.Raca == "99" && !r.Competencia.IsZero() && r.Competencia.Before(cmpRaca99):
	case r.Raca == "99":
		c.add(CodeRaca, Erro, iRaca, "raça 99 (sem informação) is not accepted from competência 04/2023")
	default:
		c.add(CodeRaca, Erro, iRaca, "prd_raca must be 01–05")
	}
	switch {
	case r.Raca == "05" && r.Etnia == "":
		c.add(CodeEtnia, Erro, iEtnia, "prd_etnia is required with raça 05 (indígena)")
	case r.Raca != "05" && r.Etnia != "":
		c.add(CodeEtnia, Erro, iEtnia, "prd_etnia is only given with raça 05 (indígena)")
	case r.Etnia != "" && len(r.Etnia) != 4:
		c.add(CodeEtnia, Erro, iEtnia, "prd_etnia must have 4 characters")
	}
	if (r.Servico == "") != (r.Classificacao == "") {
		c.add(CodeServico, Erro, iSrv, "prd_srv and prd_clf go together: a service needs its classification")
	}
	if !r.CNPJ.IsZero() {
		if err := r.CNPJ.Check(); err != nil {
			c.add(CodeCheckDigitCNPJ, Erro, iCNPJ, "CNPJ "+r.CNPJ.Masked()+": "+err.Error())
		}
	}
	if r.CEP != "" && isZeroDigits([]byte(r.CEP)) {
		c.add(CodeCEP, Erro, iCEP, "CEP 00000000 is not a CEP")
	}
	if !r.INE.IsZero() && !r.INE.Valid() {
		c.add(CodeINE, Erro, iINE, "INE 0000000000 is invalid (EQUIPE INVALIDA OU OBRIGATORIA); leave it blank when there is no team")
	}
	if !r.CPF.IsZero() {
		if err := r.CPF.Check(); err != nil {
			c.add(CodeCheckDigitCPF, Erro, iCPF, "CPF "+r.CPF.Masked()+": "+err.Error())
		}
		if !r.CNSPaciente.IsZero() {
			c.add(CodeCPFAndCNS, Erro, iCPF, "identify the patient by CPF or by CNS, not both")
		}
	}
	if !oneOf(r.SituacaoRua, "", "S", "N") {
		c.add(CodeSituacaoRua, Erro, iSitRua, "prd_situacao_rua must be S, N or blank")
	}
	switch {
	case !oneOf(r.SemCPF, "", "S", "N"):
		c.add(CodeSemCPF, Erro, iSemCPF, "prd_sem_cpf must be S, N or blank")
	case r.SemCPF == "S" && !r.CPF.IsZero():
		c.add(CodeSemCPF, Aviso, iSemCPF, "prd_sem_cpf is S but a CPF is given")
	}
	for _, t := range [...]struct {
		idx int
		s   string
	}{{iNmPac, r.Nome}, {iEnd, r.Endereco}, {iCompl, r.Complemento}, {iNum, r.Numero}, {iBairro, r.Bairro}, {iEmail, r.Email}, {iSexo, r.Sexo}, {iSitRua, r.SituacaoRua}, {iSemCPF, r.SemCPF}} {
		c.text(t.idx, t.s)
	}
}

// dates checks attendance and birth dates and the age (rules.md §1).
func (c *checker) dates(r *Individualizado) {
	at, birth := r.DataAtendimento, r.DataNascimento
	atOK := at.Valid()
	switch {
	case at.IsZero():
		c.add(CodeDataAtend, Erro, iDtAten, "prd_dtaten (attendance date) is blank")
	case !atOK:
		c.add(CodeDataAtend, Erro, iDtAten, "prd_dtaten is not a valid date (AAAAMMDD)")
	default:
		if !r.Competencia.IsZero() && at.Competencia() != r.Competencia {
			c.add(CodeDataAtendCmp, Erro, iDtAten, "attendance date is outside competência "+r.Competencia.Format())
		}
		if m := c.ctx.Mvm; !m.IsZero() && at.Competencia().After(m) {
			c.add(CodeDataAtendMvm, Erro, iDtAten, "attendance date is after the last day of cbc_mvm "+m.Format())
		}
	}
	switch {
	case birth.IsZero():
		c.add(CodeDataNasc, Erro, iDtNasc, "prd_dtnasc (birth date) is blank")
	case !birth.Valid():
		c.add(CodeDataNasc, Erro, iDtNasc, "prd_dtnasc is not a valid date (AAAAMMDD)")
	case atOK && birth.After(at):
		c.add(CodeDataNascAfter, Erro, iDtNasc, "birth date is after the attendance date")
	case atOK:
		if y := birth.YearsAt(at); y != r.Idade && r.Idade >= 0 && r.Idade <= 130 {
			c.add(CodeIdadeCalc, Erro, iIdade, fmt.Sprintf("age %d differs from the completed years between birth and attendance (%d)", r.Idade, y))
		}
	}
}

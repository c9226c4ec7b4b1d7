package bpa

import (
	"fmt"
	"slices"
	"strconv"
	"unsafe"

	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/fixed"
	"github.com/go-sus/sus/internal/ident"
	"github.com/go-sus/sus/sigtap"
)

// Context is what the per-record checks need from the rest of the file.
type Context struct {
	// Mvm is the header's cbc_mvm. When zero, the competência window and
	// the attendance-date-versus-mvm checks are skipped.
	Mvm sigtap.Competencia
	// Skip lists problem codes not to report.
	Skip []string
	// ControlFree says the record was decoded from a line that holds no
	// control character (Reader.ControlFree, View.ControlFree), so the
	// character check of its text fields (BPA-CHARS) is skipped. Leave it
	// false for records built or changed in code.
	ControlFree bool
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

// add appends a problem about the field called name ("" for none): msg
// is the SIA-style message, facts the particulars (Problem).
func (c *checker) add(code string, sev Severity, name string, msg, facts string) {
	if len(c.ctx.Skip) > 0 && slices.Contains(c.ctx.Skip, code) {
		return
	}
	p := Problem{Code: code, Severity: sev, Line: c.line, Message: msg, Facts: facts}
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
				c.add(CodeChars, Erro, f.Name, "CARACTERE DE CONTROLE OU INVALIDO EM WINDOWS-1252", "posição "+strconv.Itoa(j+1)+" do campo")
			}
		}
	}
}

func (c *checker) header(h *Header) {
	c.fields = headerFields
	if h.Competencia.IsZero() {
		c.add(CodeHeaderMvm, Erro, "cbc_mvm", "COMPETENCIA DE PROCESSAMENTO DO CABECALHO EM BRANCO", "")
	}
	switch h.DestinoTipo {
	case "", "M", "E":
	default:
		c.add(CodeHeaderDstIn, Erro, "cbc_dst_in", "INDICADOR DO ORGAO DE DESTINO DEVE SER M OU E", "M municipal, E estadual")
	}
	if !h.CNPJCPF.IsZero() && !h.CNPJCPF.Valid() {
		c.add(CodeHeaderTaxID, Aviso, "cbc_cgccpf", "CNPJ/CPF DO CABECALHO INVALIDO", h.CNPJCPF.Masked()+" não é CNPJ nem CPF válido")
	}
	c.texts(unsafe.Pointer(h))
}

// common checks the fields BPA-C and BPA-I share (same names in both).
func (c *checker) common(cnesZero bool, cmp sigtap.Competencia, folha, seq, maxSeq int, pa sigtap.Code, idade, qt int, org string) {
	if cnesZero {
		c.add(CodeCNES, Erro, "prd_cnes", "CNES EM BRANCO", "")
	}
	if cmp.IsZero() {
		c.add(CodeCmp, Erro, "prd_cmp", "COMPETENCIA EM BRANCO", "")
	} else if m := c.ctx.Mvm; !m.IsZero() && (cmp.Before(m.Add(-3)) || cmp.After(m)) {
		c.add(CodeCmpWindow, Erro, "prd_cmp", "COMPETENCIA FORA DO PRAZO DE APRESENTACAO", "competência "+cmp.Format()+" fora da janela "+m.Add(-3).Format()+"–"+m.Format()+" do cabeçalho (cbc_mvm)")
	}
	if folha < 1 || folha > MaxFolha {
		c.add(CodeFolha, Erro, "prd_flh", "NUMERO DA FOLHA INVALIDO", "folha "+strconv.Itoa(folha)+" fora de 001–999")
	}
	if seq < 1 || seq > maxSeq {
		c.add(CodeSeq, Erro, "prd_seq", "SEQUENCIA DA LINHA NA FOLHA INVALIDA", fmt.Sprintf("seq %d fora de 01–%02d", seq, maxSeq))
	}
	switch err := pa.Check(); {
	case pa.IsZero() || isZeroDigits(pa[:]):
		c.add(CodeProcedimento, Erro, "prd_pa", "PROCEDIMENTO EM BRANCO", "")
	case err != nil:
		c.add(CodeProcedimento, Erro, "prd_pa", "CODIGO DE PROCEDIMENTO INVALIDO", "procedimento "+pa.Format()+": "+ident.Motivo(err))
	}
	if idade < 0 || idade > 130 {
		c.add(CodeIdade, Erro, "prd_idade", "IDADE INVALIDA", "idade "+strconv.Itoa(idade)+" fora de 0–130")
	}
	if qt < 1 {
		c.add(CodeQuantidade, Erro, "prd_qt", "QUANTIDADE ZERADA", "")
	}
	if !slices.Contains(validOrigem, org) {
		c.add(CodeOrigem, Erro, "prd_org", "ORIGEM DO REGISTRO INVALIDA", "prd_org deve ser BPA, PNI, SIE, SIB, MIN, PAC, SCL ou EXT")
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
			c.add(CodeCBO, Erro, name, "CBO EM BRANCO", "")
		}
		return
	}
	if !cbo.Valid() {
		c.add(CodeCBO, Erro, name, "CBO INVALIDO", "o CBO tem seis caracteres, letras maiúsculas ou dígitos")
	}
}

func (c *checker) consolidado(r *Consolidado) {
	c.fields = consolidadoFields
	c.common(r.CNES.IsZero(), r.Competencia, r.Folha, r.Seq, MaxSeqC, r.Procedimento, r.Idade, r.Quantidade, r.Origem)
	c.cbo("prd_cbo", r.CBO, false)
	if !c.ctx.ControlFree {
		c.texts(unsafe.Pointer(r))
	}
}

// cns checks a CNS; msg is the message of an invalid one.
func (c *checker) cns(name string, v cns.CNS, msg string) {
	if err := v.Check(); err != nil {
		c.add(CodeCheckDigitCNS, Erro, name, msg, "CNS "+v.Masked()+": "+ident.Motivo(err))
	}
}

// Messages of an invalid CNS: SIA's for the patient (SIA-SINTESE,
// docs/bpa.md §6), ours in the same style for the professional.
const (
	msgCNSPaciente     = "CNS PACIENTE, INVALIDO."
	msgCNSProfissional = "CNS DO PROFISSIONAL INVALIDO"
)

func oneOf(s string, vals ...string) bool { return slices.Contains(vals, s) }

func (c *checker) individualizado(r *Individualizado) {
	c.fields = lay.newest.fields
	c.common(r.CNES.IsZero(), r.Competencia, r.Folha, r.Seq, MaxSeqI, r.Procedimento, r.Idade, r.Quantidade, r.Origem)
	if r.CNSProfissional.IsZero() {
		c.add(CodeCNSProf, Erro, "prd_cnsmed", "CNS DO PROFISSIONAL EM BRANCO", "")
	} else {
		c.cns("prd_cnsmed", r.CNSProfissional, msgCNSProfissional)
	}
	c.cbo("prd_cbo", r.CBO, true)
	c.dates(r)
	if !r.CNSPaciente.IsZero() {
		c.cns("prd_cnspac", r.CNSPaciente, msgCNSPaciente)
	}
	switch {
	case r.Sexo == "M" || r.Sexo == "F":
	case r.Sexo == "I" && (r.Competencia.IsZero() || !r.Competencia.Before(cmpSexoI)):
	case r.Sexo == "I":
		c.add(CodeSexo, Erro, "prd_sexo", "SEXO INVALIDO", "sexo I aceito só a partir da competência 01/2026")
	default:
		c.add(CodeSexo, Erro, "prd_sexo", "SEXO INVALIDO", "o sexo deve ser M ou F (ou I a partir de 01/2026)")
	}
	if r.IBGE == "" {
		c.add(CodeIBGE, Aviso, "prd_ibge", "MUNICIPIO DE RESIDENCIA EM BRANCO", "")
	}
	if !r.CID.IsZero() && !r.CID.Valid() {
		c.add(CodeCID, Erro, "prd_cid", "CID INVALIDO", "o CID-10 tem a forma A00 ou A000, sem ponto")
	}
	if !oneOf(r.Carater, "01", "02", "03", "04", "05", "06") {
		c.add(CodeCarater, Erro, "prd_caten", "CARATER DE ATENDIMENTO INVALIDO", "o caráter de atendimento vai de 01 a 06")
	}
	switch {
	case oneOf(r.Raca, "01", "02", "03", "04", "05"):
	case r.Raca == "99" && !r.Competencia.IsZero() && r.Competencia.Before(cmpRaca99):
	case r.Raca == "99":
		c.add(CodeRaca, Erro, "prd_raca", "RACA/COR INVALIDA", "raça 99 (sem informação) não é aceita a partir da competência 04/2023")
	default:
		c.add(CodeRaca, Erro, "prd_raca", "RACA/COR INVALIDA", "a raça/cor vai de 01 a 05")
	}
	switch {
	case r.Raca == "05" && r.Etnia == "":
		c.add(CodeEtnia, Erro, "prd_etnia", "ETNIA OBRIGATORIA PARA RACA/COR 05 (INDIGENA)", "")
	case r.Raca != "05" && r.Etnia != "":
		c.add(CodeEtnia, Erro, "prd_etnia", "ETNIA INFORMADA SEM RACA/COR 05 (INDIGENA)", "")
	case r.Etnia != "" && len(r.Etnia) != 4:
		c.add(CodeEtnia, Erro, "prd_etnia", "ETNIA INVALIDA", "a etnia tem 4 caracteres")
	}
	if (r.Servico == "") != (r.Classificacao == "") {
		c.add(CodeServico, Erro, "prd_srv", "SERVICO E CLASSIFICACAO DEVEM SER INFORMADOS JUNTOS", "")
	}
	if !r.CNPJ.IsZero() {
		if err := r.CNPJ.Check(); err != nil {
			c.add(CodeCheckDigitCNPJ, Erro, "prd_cnpj", "CNPJ INVALIDO", "CNPJ "+r.CNPJ.Masked()+": "+ident.Motivo(err))
		}
	}
	if r.CEP != "" && isZeroDigits([]byte(r.CEP)) {
		c.add(CodeCEP, Erro, "prd_cep_pcnte", "CEP DO USUARIO INVALIDO", "CEP 00000000")
	}
	if !r.INE.IsZero() && !r.INE.Valid() {
		c.add(CodeINE, Erro, "prd_ine", "EQUIPE INVALIDA OU OBRIGATORIA", "INE 0000000000; sem equipe, deixe o campo em branco")
	}
	if !r.CPF.IsZero() {
		if err := r.CPF.Check(); err != nil {
			c.add(CodeCheckDigitCPF, Erro, "prd_cpf_pcnte", "CPF DO PACIENTE INVALIDO", "CPF "+r.CPF.Masked()+": "+ident.Motivo(err))
		}
		if !r.CNSPaciente.IsZero() {
			c.add(CodeCPFAndCNS, Erro, "prd_cpf_pcnte", "PACIENTE IDENTIFICADO POR CPF E CNS AO MESMO TEMPO", "informe apenas um documento: o CPF ou o CNS")
		}
	}
	if !oneOf(r.SituacaoRua, "", "S", "N") {
		c.add(CodeSituacaoRua, Erro, "prd_situacao_rua", "PESSOA EM SITUACAO DE RUA DEVE SER 'S'SIM OU 'N'NAO", "ou em branco, sem informação")
	}
	switch {
	case !oneOf(r.SemCPF, "", "S", "N"):
		c.add(CodeSemCPF, Erro, "prd_sem_cpf", "PESSOA SEM CPF DEVE SER 'S'SIM OU 'N'NAO", "ou em branco")
	case r.SemCPF == "S" && !r.CPF.IsZero():
		c.add(CodeSemCPF, Aviso, "prd_sem_cpf", "PESSOA SEM CPF COM CPF INFORMADO", "prd_sem_cpf é S e a linha tem CPF")
	}
	if !c.ctx.ControlFree {
		c.texts(unsafe.Pointer(r))
	}
}

// dates checks attendance and birth dates and the age (docs/rules.md §1).
func (c *checker) dates(r *Individualizado) {
	at, birth := r.DataAtendimento, r.DataNascimento
	atOK := at.Valid()
	switch {
	case at.IsZero():
		c.add(CodeDataAtend, Erro, "prd_dtaten", "DATA DE ATENDIMENTO EM BRANCO", "")
	case !atOK:
		c.add(CodeDataAtend, Erro, "prd_dtaten", "DATA DE ATENDIMENTO INVALIDA", "a data tem a forma AAAAMMDD")
	default:
		if !r.Competencia.IsZero() && at.Competencia() != r.Competencia {
			c.add(CodeDataAtendCmp, Erro, "prd_dtaten", "DATA DE ATENDIMENTO FORA DA COMPETENCIA", "fora da competência "+r.Competencia.Format()+" da linha")
		}
		if m := c.ctx.Mvm; !m.IsZero() && at.Competencia().After(m) {
			c.add(CodeDataAtendMvm, Erro, "prd_dtaten", "DATA DE ATENDIMENTO POSTERIOR A COMPETENCIA DO CABECALHO", "depois do último dia de "+m.Format()+" (cbc_mvm)")
		}
	}
	switch {
	case birth.IsZero():
		c.add(CodeDataNasc, Erro, "prd_dtnasc", "DATA DE NASCIMENTO EM BRANCO", "")
	case !birth.Valid():
		c.add(CodeDataNasc, Erro, "prd_dtnasc", "DATA DE NASCIMENTO INVALIDA", "a data tem a forma AAAAMMDD")
	case atOK && birth.After(at):
		c.add(CodeDataNascAfter, Erro, "prd_dtnasc", "DATA DE NASCIMENTO POSTERIOR A DATA DE ATENDIMENTO", "")
	case atOK:
		if y := birth.YearsAt(at); y != r.Idade && r.Idade >= 0 && r.Idade <= 130 {
			c.add(CodeIdadeCalc, Erro, "prd_idade", "IDADE DIFERENTE DA CALCULADA PELAS DATAS", fmt.Sprintf("idade %d; anos completos entre o nascimento e o atendimento: %d", r.Idade, y))
		}
	}
}

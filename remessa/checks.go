package remessa

import (
	"slices"
	"strconv"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/sigtap"
)

// Source tells what data a check judges a line against.
type Source uint8

// Sources of checks.
const (
	FonteLayout  Source = iota + 1 // the BPA layout and domains (package bpa)
	FonteSIGTAP                    // the SIGTAP release of the line's competência
	FonteCNES                      // the CNES registry of the line's competência
	FonteArquivo                   // the file as a whole and cross-line rules
)

// String returns "layout", "sigtap", "cnes" or "arquivo".
func (s Source) String() string {
	switch s {
	case FonteLayout:
		return "layout"
	case FonteSIGTAP:
		return "sigtap"
	case FonteCNES:
		return "cnes"
	case FonteArquivo:
		return "arquivo"
	}
	return "?"
}

// Codes of the checker's own críticas. Layout and domain críticas carry the
// codes of package bpa ("BPA-CNS-DV" …); the financing engine adds its
// CodeRegra… codes.
const (
	CodeSemTabela            Code = "SIGTAP_SEM_TABELA"             // no SIGTAP release for the line's competência (not checked)
	CodeTabelaIncompleta     Code = "SIGTAP_TABELA_AUSENTE"         // a SIGTAP table a check needs is absent (not checked)
	CodeProcedimento         Code = "PROCEDIMENTO_INEXISTENTE"      // procedure not in the release of its competência
	CodeInstrumento          Code = "INSTRUMENTO_INCOMPATIVEL"      // registro 01/02 not allowed for the procedure
	CodeInstrumentoDuplicado Code = "INSTRUMENTO_DUPLICADO"         // same procedure in BPA-C and BPA-I, same CNES and month
	CodeCBO                  Code = "CBO_INCOMPATIVEL"              // CBO not allowed for the procedure
	CodeIdade                Code = "IDADE_INCOMPATIVEL"            // age outside the procedure's range
	CodeIdadeBPAC            Code = "IDADE_OBRIGATORIA"             // atributo 012: age required on BPA-C
	CodeSexo                 Code = "SEXO_INCOMPATIVEL"             // sex not allowed for the procedure
	CodeCIDObrigatorio       Code = "CID_OBRIGATORIO"               // atributo 048 and no CID
	CodeCID                  Code = "CID_INCOMPATIVEL"              // CID not linked to the procedure
	CodeQuantidade           Code = "QUANTIDADE_EXCEDIDA"           // more than QT_MAXIMA_EXECUCAO per patient per month
	CodeIdentificacao        Code = "CNS_CPF_OBRIGATORIO"           // atributo 009: patient's CNS or CPF required
	CodeCPFObrigatorio       Code = "CPF_OBRIGATORIO"               // atributo 058: patient's CPF required
	CodeAutorizacao          Code = "AUTORIZACAO_OBRIGATORIA"       // atributo 036: authorization number required
	CodeCNPJFornecedor       Code = "CNPJ_FORNECEDOR_OBRIGATORIO"   // atributo 037: supplier CNPJ required
	CodeServicoObrigatorio   Code = "SERVICO_OBRIGATORIO"           // atributo 038: serviço/classificação required
	CodeServico              Code = "SERVICO_INCOMPATIVEL"          // serviço/classificação not linked to the procedure
	CodeHabilitacao          Code = "HABILITACAO_AUSENTE"           // procedure needs a habilitação the establishment lacks
	CodeSemCNES              Code = "CNES_SEM_BASE"                 // no CNES registry for the line's competência (not checked)
	CodeEstabelecimento      Code = "ESTABELECIMENTO_INEXISTENTE"   // C1
	CodeEstabDesativado      Code = "ESTABELECIMENTO_DESATIVADO"    // C2
	CodeProfissional         Code = "PROFISSIONAL_NAO_VINCULADO"    // C4
	CodeCBOCNES              Code = "CBO_NAO_CADASTRADO"            // C5
	CodeEquipe               Code = "EQUIPE_INVALIDA"               // C6
	CodeServicoCNES          Code = "SERVICO_NAO_CADASTRADO"        // C8
	CodeFornecedor           Code = "CNPJ_FORNECEDOR_NAO_VINCULADO" // C10
	CodeCargaHoraria         Code = "CARGA_HORARIA"                 // C11
	CodeLinhaDuplicada       Code = "LINHA_DUPLICADA"               // same patient, procedure, date and professional
	CodeForaDoPrazo          Code = "COMPETENCIA_FORA_DO_PRAZO"     // prd_cmp outside cbc_mvm−3..cbc_mvm (−5 with atributo 029)
)

// Check describes one check of the table: its stable code, where its data
// comes from, the message SIA prints for it (verbatim where docs/bpa.md §6
// or docs/cnes.md §6.1 give one) and what it verifies.
type Check struct {
	Code        Code
	Source      Source
	Field       string // BPA field the crítica points at
	Message     string // SIA-style message
	Description string
	// Confirmed is false for rules inferred from docs/ but not seen on
	// a real SIA rejection.
	Confirmed bool

	run func(l *lineRun)
}

// checks is the per-line check table, run in order. Cross-line checks
// (instrument per procedure/CNES/month, quantity per patient, duplicate
// slots and lines) run in the ordered stage and are listed in crossChecks.
var checks = []Check{
	{Code: CodeForaDoPrazo, Source: FonteArquivo, Field: "prd_cmp", Message: "COMPETENCIA FORA DO PRAZO DE APRESENTACAO", Description: "prd_cmp within cbc_mvm−3..cbc_mvm (cbc_mvm−5 for atributo 029)", Confirmed: true, run: checkForaDoPrazo},
	{Code: CodeProcedimento, Source: FonteSIGTAP, Field: "prd_pa", Message: "PROCEDIMENTO NAO CONSTA NA TABELA DA COMPETENCIA", Description: "the procedure exists in the SIGTAP release of the line's competência", run: checkProcedimento},
	{Code: CodeInstrumento, Source: FonteSIGTAP, Field: "prd_pa", Message: "PROCEDIMENTO NAO PERMITIDO NESTE INSTRUMENTO DE REGISTRO", Description: "rl_procedimento_registro allows the record type (BPA-C ↔ 01, BPA-I ↔ 02)", Confirmed: true, run: checkInstrumento},
	{Code: CodeCBO, Source: FonteSIGTAP, Field: "prd_cbo", Message: "CBO INCOMPATIVEL COM O PROCEDIMENTO", Description: "rl_procedimento_ocupacao allows the CBO, unless atributo 021", Confirmed: true, run: checkCBO},
	{Code: CodeIdadeBPAC, Source: FonteSIGTAP, Field: "prd_idade", Message: "PROCEDIMENTO EXIGE IDADE NO BPA CONSOLIDADO", Description: "atributo 012: a BPA-C line gives an age", run: checkIdadeBPAC},
	{Code: CodeIdade, Source: FonteSIGTAP, Field: "prd_idade", Message: "IDADE INCOMPATIVEL COM O PROCEDIMENTO", Description: "age (months from the dates when known) within VL_IDADE_MINIMA..MAXIMA", Confirmed: true, run: checkIdade},
	{Code: CodeSexo, Source: FonteSIGTAP, Field: "prd_sexo", Message: "SEXO INCOMPATIVEL COM O PROCEDIMENTO", Description: "TP_SEXO of the procedure allows the patient's sex", Confirmed: true, run: checkSexo},
	{Code: CodeCIDObrigatorio, Source: FonteSIGTAP, Field: "prd_cid", Message: "PROCEDIMENTO EXIGE CID", Description: "atributo 048: a CID is given", Confirmed: true, run: checkCIDObrigatorio},
	{Code: CodeCID, Source: FonteSIGTAP, Field: "prd_cid", Message: "CID INCOMPATIVEL COM O PROCEDIMENTO", Description: "the CID is linked to the procedure (rl_procedimento_cid), when the procedure has CIDs", Confirmed: true, run: checkCID},
	{Code: CodeIdentificacao, Source: FonteSIGTAP, Field: "prd_cnspac", Message: "025-PROCED.EXIGE CNS", Description: "atributo 009: the patient is identified by CNS or CPF (unless atributo 034)", Confirmed: true, run: checkIdentificacao},
	{Code: CodeCPFObrigatorio, Source: FonteSIGTAP, Field: "prd_cpf_pcnte", Message: "PROCEDIMENTO EXIGE CPF DO PACIENTE", Description: "atributo 058: CPF required (CNS accepted for raça 05 indígena; prd_sem_cpf S from 07/2026)", run: checkCPFObrigatorio},
	{Code: CodeAutorizacao, Source: FonteSIGTAP, Field: "prd_naut", Message: "PROCEDIMENTO EXIGE NUMERO DE AUTORIZACAO", Description: "atributo 036: prd_naut is filled", run: checkAutorizacao},
	{Code: CodeCNPJFornecedor, Source: FonteSIGTAP, Field: "prd_cnpj", Message: "PROCEDIMENTO EXIGE CNPJ DO FORNECEDOR", Description: "atributo 037: prd_cnpj is filled", run: checkCNPJFornecedor},
	{Code: CodeServicoObrigatorio, Source: FonteSIGTAP, Field: "prd_srv", Message: "PROCEDIMENTO EXIGE SERVICO/CLASSIFICACAO", Description: "atributo 038: prd_srv and prd_clf are filled", run: checkServicoObrigatorio},
	{Code: CodeServico, Source: FonteSIGTAP, Field: "prd_srv", Message: "SERVICO/CLASSIFICACAO INCOMPATIVEL COM O PROCEDIMENTO", Description: "a serviço/classificação given on the line is linked to the procedure (rl_procedimento_servico)", run: checkServico},
	{Code: CodeHabilitacao, Source: FonteSIGTAP, Field: "prd_pa", Message: "PROCEDIMENTO EXIGE HABILITACAO NAO CADASTRADA NO CNES", Description: "the establishment holds one of the habilitações (or a complete group) of rl_procedimento_habilitacao", run: checkHabilitacao},
	{Code: CodeEstabelecimento, Source: FonteCNES, Field: "prd_cnes", Message: "ESTABELECIMENTO NAO CADASTRADO NO CNES", Description: "C1: the establishment is in the CNES of the competência", run: checkEstabelecimento},
	{Code: CodeEstabDesativado, Source: FonteCNES, Field: "prd_cnes", Message: "ESTABELECIMENTO DESATIVADO NO CNES", Description: "C2: the establishment is active (no CO_MOTIVO_DESAB)", run: checkAtivo},
	{Code: CodeProfissional, Source: FonteCNES, Field: "prd_cnsmed", Message: "CNS DO PROFISSIONAL NAO ENCONTRADO NO ESTAB/EQUIPE", Description: "C4: the professional has a SUS vínculo in the establishment", Confirmed: true, run: checkProfissional},
	{Code: CodeCBOCNES, Source: FonteCNES, Field: "prd_cbo", Message: "CBO NAO CADASTRADO NO CNES", Description: "C5: the professional's vínculo has the line's CBO", Confirmed: true, run: checkCBOCNES},
	{Code: CodeEquipe, Source: FonteCNES, Field: "prd_ine", Message: "CNS DO PROFISSIONAL NAO ENCONTRADO NO ESTAB/EQUIPE", Description: "C6: the team of the INE is active in the establishment and has the professional", run: checkEquipe},
	{Code: CodeServicoCNES, Source: FonteCNES, Field: "prd_srv", Message: "PROCED.EXIGE SERV./CLASS. NAO CADAST. NO CNES", Description: "C8: the establishment has (SUS) one of the procedure's serviço/classificação pairs, or the one on the line", Confirmed: true, run: checkServicoCNES},
	{Code: CodeFornecedor, Source: FonteCNES, Field: "prd_cnpj", Message: "CNPJ DO FORNECEDOR NAO VINCULADO AO ESTABELECIMENTO", Description: "C10 (aviso): the supplier CNPJ is the establishment's, its mantenedora's or a third party's of its services", run: checkFornecedor},
	{Code: CodeCargaHoraria, Source: FonteCNES, Field: "prd_cnsmed", Message: "PROF.COM MAIS 2 VINC.PUBLICO OU PROF.COM CARG.H MAIOR 168H", Description: "C11: the professional's workload is at most 168 h and public vínculos at most 2", Confirmed: true, run: checkCargaHoraria},
}

// crossChecks documents the checks run in the ordered, cross-line stage.
var crossChecks = []Check{
	{Code: CodeInstrumentoDuplicado, Source: FonteArquivo, Field: "prd_pa", Message: "PROCED.JA INFORMADO EM BPA-I", Description: "from 01/2014 one instrument per procedure per CNES per competência (regra 0001 procedures excepted)", Confirmed: true},
	{Code: CodeQuantidade, Source: FonteArquivo, Field: "prd_qt", Message: "QUANTIDADE EXCEDE O MAXIMO PERMITIDO", Description: "QT_MAXIMA_EXECUCAO per patient per procedure per competência, across lines (BPA-I); per line for BPA-C", Confirmed: true},
	{Code: "BPA-SLOT-DUP", Source: FonteArquivo, Field: "prd_seq", Message: "FOLHA/SEQUENCIA DUPLICADA", Description: "a folha/seq slot is used once per numbering key"},
	{Code: CodeLinhaDuplicada, Source: FonteArquivo, Field: "prd_pa", Message: "ATENDIMENTO DUPLICADO", Description: "aviso: same patient, procedure, date and professional on two lines"},
}

// Checks returns the check table (per-line checks then cross-line checks),
// for documentation and for choosing codes to disable.
func Checks() []Check {
	out := make([]Check, 0, len(checks)+len(crossChecks))
	for _, c := range checks {
		c.run = nil
		out = append(out, c)
	}
	return append(out, crossChecks...)
}

// checkByCode indexes both tables (filled in init: the check functions
// refer to it).
var checkByCode = map[Code]*Check{}

func init() {
	for i := range checks {
		checkByCode[checks[i].Code] = &checks[i]
	}
	for i := range crossChecks {
		checkByCode[crossChecks[i].Code] = &crossChecks[i]
	}
}

// ---- file checks ----

func checkForaDoPrazo(l *lineRun) {
	mvm, cmp := l.ctx.Mvm, l.ctx.Competencia
	if !mvm.Valid() || !cmp.Valid() {
		return
	}
	max := 3
	if l.facts != nil && l.facts.has(sigtap.DetalheApresentacaoEstendida) == sigtap.Yes {
		max = 5
	}
	switch d := mvm.Sub(cmp); {
	case d < 0:
		l.fail(CodeForaDoPrazo, "competência da linha "+cmp.Format()+" posterior à do cabeçalho "+mvm.Format())
	case d > max:
		l.fail(CodeForaDoPrazo, "competência da linha "+cmp.Format()+", "+strconv.Itoa(d)+" competências antes da do cabeçalho "+mvm.Format()+" (o máximo é "+strconv.Itoa(max)+")")
	}
}

// ---- SIGTAP checks ----

func checkProcedimento(l *lineRun) {
	if l.ctx.Release != nil && l.ctx.Procedure == nil {
		l.fail(CodeProcedimento, l.ctx.Procedimento.String()+" não consta no SIGTAP de "+l.ctx.Competencia.Format())
	}
}

func checkInstrumento(l *lineRun) {
	f, code := l.facts, l.ctx.Procedimento
	reg, allowed := sigtap.RegistroBPAI, f.bpai
	if l.ctx.Instrumento == BPAC {
		reg, allowed = sigtap.RegistroBPAC, f.bpac
	}
	switch allowed {
	case sigtap.No:
		// The BPA rules of a procedure that cannot be in a BPA say nothing
		// useful: the remaining SIGTAP checks are skipped.
		l.stopSIGTAP = true
		l.fail(CodeInstrumento, code.String()+" admite os instrumentos de registro "+joinRegistros(f.registros)+", não "+reg.String()+" ("+string(l.ctx.Instrumento)+")")
	case sigtap.Unknown:
		l.notChecked(CodeInstrumento, tabelaAusente("rl_procedimento_registro"))
	}
}

func joinRegistros(regs []sigtap.Registro) string {
	s := make([]string, len(regs))
	for i, r := range regs {
		s[i] = r.String()
	}
	return strings.Join(s, ",")
}

func checkCBO(l *lineRun) {
	f, code, cbo := l.facts, l.ctx.Procedimento, l.ctx.CBO
	if f.has(sigtap.DetalheNaoExigeCBO) == sigtap.Yes {
		return
	}
	if !f.cboKnown {
		l.notChecked(CodeCBO, tabelaAusente("rl_procedimento_ocupacao"))
		return
	}
	if cbo.IsZero() && l.ctx.Instrumento == BPAC && len(f.cbos) == 0 {
		// BPA-C may leave the CBO blank for procedures without CBO rows
		// (Vigilância Sanitária, LEIAME 01.25).
		return
	}
	if !f.allowsCBO(cbo) {
		what := "CBO " + cbo.String()
		if cbo.IsZero() {
			what = "CBO em branco"
		}
		l.fail(CodeCBO, what+" fora dos CBOs permitidos para "+code.String()+" ("+strconv.Itoa(len(f.cbos))+" no SIGTAP)")
	}
}

func checkIdadeBPAC(l *lineRun) {
	if l.ctx.C == nil || l.facts.has(sigtap.DetalheExigeIdadeBPAC) != sigtap.Yes {
		return
	}
	// A BPA-C age of 000 is how generators write "not informed"; with
	// atributo 012 it must be informed (a newborn is 0 years, but BPA-C
	// lines of 012 procedures group people by age).
	if l.ctx.C.Idade == 0 && l.ctx.Procedure.MinAge.Applies() && l.ctx.Procedure.MinAge > 11 {
		l.fail(CodeIdadeBPAC, "atributo 012 (exige idade no BPA-C) e idade 000")
	}
}

func checkIdade(l *lineRun) {
	p := l.ctx.Procedure
	if !p.AgeApplies() {
		return
	}
	if i := l.ctx.I; i != nil {
		if i.DataNascimento.Valid() && i.DataAtendimento.Valid() && !i.DataNascimento.After(i.DataAtendimento) {
			m := monthsBetween(i.DataNascimento.Year(), int(i.DataNascimento.Month()), i.DataNascimento.Day(),
				i.DataAtendimento.Year(), int(i.DataAtendimento.Month()), i.DataAtendimento.Day())
			if !p.AllowsAgeMonths(m) {
				l.fail(CodeIdade, "idade de "+strconv.Itoa(m)+" meses fora da faixa "+p.MinAge.String()+".."+p.MaxAge.String()+" de "+l.ctx.Procedimento.String())
			}
			return
		}
	} else if l.facts.has(sigtap.DetalheExigeIdadeBPAC) != sigtap.Yes {
		return // BPA-C age is only judged for atributo 012 procedures
	}
	if !p.AllowsAgeYears(l.ctx.Idade) {
		l.fail(CodeIdade, "idade de "+strconv.Itoa(l.ctx.Idade)+" anos fora da faixa "+p.MinAge.String()+".."+p.MaxAge.String()+" de "+l.ctx.Procedimento.String())
	}
}

// monthsBetween returns the completed months from a birth date to a date.
func monthsBetween(y1, m1, d1, y2, m2, d2 int) int {
	m := (y2-y1)*12 + (m2 - m1)
	if d2 < d1 {
		m--
	}
	return m
}

func checkSexo(l *lineRun) {
	i := l.ctx.I
	if i == nil || len(i.Sexo) != 1 {
		return
	}
	if p := l.ctx.Procedure; !p.AllowsSex(sigtap.Sex(i.Sexo[0])) {
		l.fail(CodeSexo, "sexo "+i.Sexo+", mas "+l.ctx.Procedimento.String()+" é para o sexo "+p.Sex.String())
	}
}

func checkCIDObrigatorio(l *lineRun) {
	if l.ctx.I != nil && l.ctx.I.CID.IsZero() && l.facts.has(sigtap.DetalheExigeCID) == sigtap.Yes {
		l.fail(CodeCIDObrigatorio, "atributo 048 (exige CID) e CID em branco")
	}
}

func checkCID(l *lineRun) {
	i := l.ctx.I
	if i == nil || i.CID.IsZero() {
		return
	}
	f := l.facts
	if !f.cidKnown {
		l.notChecked(CodeCID, tabelaAusente("rl_procedimento_cid"))
		return
	}
	if len(f.cids) == 0 {
		return // no CID restriction
	}
	if !f.allowsCID(i.CID) {
		l.fail(CodeCID, "CID "+i.CID.String()+" fora dos CIDs de "+l.ctx.Procedimento.String()+" ("+strconv.Itoa(len(f.cids))+" no SIGTAP)")
	}
}

func patientIdentified(i *bpa.Individualizado) bool {
	return !i.CPF.IsZero() || !i.CNSPaciente.IsZero()
}

func checkIdentificacao(l *lineRun) {
	i := l.ctx.I
	if i == nil || patientIdentified(i) {
		return
	}
	if l.facts.has(sigtap.DetalheExigeCPFCNS) == sigtap.Yes && l.facts.has(sigtap.DetalheNaoExigeCPFCNS) != sigtap.Yes {
		l.fail(CodeIdentificacao, "atributo 009 (exige CPF/CNS) e paciente sem CNS nem CPF")
	}
}

// cmpSemCPF is the competência from which prd_sem_cpf exists (BPA-Mag 05.00).
var cmpSemCPF = bpa.FieldSince("prd_sem_cpf")

func checkCPFObrigatorio(l *lineRun) {
	i := l.ctx.I
	if i == nil || !i.CPF.IsZero() || l.facts.has(sigtap.DetalheObrigatorioCPF) != sigtap.Yes {
		return
	}
	if i.Raca == "05" && !i.CNSPaciente.IsZero() {
		return // indígena identified by CNS
	}
	if i.SemCPF == "S" && !l.ctx.Competencia.Before(cmpSemCPF) {
		return
	}
	l.fail(CodeCPFObrigatorio, "atributo 058 (obrigatório CPF) e paciente sem CPF (raça "+i.Raca+")")
}

func checkAutorizacao(l *lineRun) {
	if i := l.ctx.I; i != nil && strings.TrimSpace(i.Autorizacao) == "" &&
		l.facts.has(sigtap.DetalheExigeAutorizacao) == sigtap.Yes {
		l.fail(CodeAutorizacao, "atributo 036 (exige autorização) e prd_naut em branco")
	}
}

func checkCNPJFornecedor(l *lineRun) {
	if i := l.ctx.I; i != nil && i.CNPJ.IsZero() &&
		l.facts.has(sigtap.DetalheExigeCNPJFornecedor) == sigtap.Yes {
		l.fail(CodeCNPJFornecedor, "atributo 037 (exige CNPJ do fornecedor) e prd_cnpj em branco")
	}
}

func checkServicoObrigatorio(l *lineRun) {
	if i := l.ctx.I; i != nil && (i.Servico == "" || i.Classificacao == "") &&
		l.facts.has(sigtap.DetalheExigeServicoClassificacao) == sigtap.Yes {
		l.fail(CodeServicoObrigatorio, "atributo 038 (exige serviço/classificação) e prd_srv/prd_clf em branco")
	}
}

func checkServico(l *lineRun) {
	sc, ok := l.lineServico()
	if !ok {
		return
	}
	f := l.facts
	if !f.servKnown {
		l.notChecked(CodeServico, tabelaAusente("rl_procedimento_servico"))
		return
	}
	if len(f.servicos) > 0 && !slices.Contains(f.servicos, sc) {
		l.fail(CodeServico, "serviço/classificação "+sc.String()+" fora dos de "+l.ctx.Procedimento.String()+" ("+joinServicos(f.servicos)+")")
	}
}

func joinServicos(scs []sigtap.ServicoClassificacao) string {
	s := make([]string, len(scs))
	for i, sc := range scs {
		s[i] = sc.String()
	}
	return strings.Join(s, ",")
}

func checkHabilitacao(l *lineRun) {
	h, known := l.facts.habs, l.facts.habKnown
	if !known {
		l.notChecked(CodeHabilitacao, tabelaAusente("rl_procedimento_habilitacao"))
		return
	}
	if len(h.Any) == 0 && len(h.Groups) == 0 {
		return
	}
	if !l.ctx.HabilitacoesKnown {
		if l.ctx.Snapshot != nil {
			l.notChecked(CodeHabilitacao, "NAO VERIFICADO: ESTABELECIMENTO FORA DA BASE DO CNES CARREGADA")
		}
		return
	}
	if !h.SatisfiedBy(l.ctx.Habilitacoes) {
		has := "; o estabelecimento tem " + joinHabs(l.ctx.Habilitacoes)
		if len(l.ctx.Habilitacoes) == 0 {
			has = "; o estabelecimento não tem nenhuma"
		}
		l.fail(CodeHabilitacao, l.ctx.Procedimento.String()+" exige habilitação "+describeHabs(h)+has)
	}
}

// describeHabs writes a requirement as "03.01 ou 08.01+08.03".
func describeHabs(h sigtap.Habilitacoes) string {
	var parts []string
	for _, a := range h.Any {
		parts = append(parts, a.Format())
	}
	for _, g := range h.Groups {
		s := make([]string, len(g.All))
		for i, x := range g.All {
			s[i] = x.Format()
		}
		parts = append(parts, strings.Join(s, "+"))
	}
	return strings.Join(parts, " ou ")
}

func joinHabs(hs []sigtap.Habilitacao) string {
	if len(hs) == 0 {
		return "nenhuma"
	}
	s := make([]string, len(hs))
	for i, h := range hs {
		s[i] = h.Format()
	}
	return strings.Join(s, ",")
}

// ---- CNES checks ----

// cnes records a CNES check result: a failure with the registry's own SIA
// message when it has one, an unknown outcome as "not checked".
func (l *lineRun) cnes(code Code, res cnes.Result) {
	switch res.Outcome {
	case cnes.Fail:
		if res.Reason == cnes.ReasonEstabNotFound && code != CodeEstabelecimento {
			return // C1 says it once
		}
		l.failMsg(code, res.Message(), res.Facts())
	case cnes.Unknown:
		l.notChecked(code, naoVerificadoCNES(res.Reason))
	}
}

// tabelaAusente is the not-checked message of a check whose SIGTAP table
// is absent from the release: "NAO VERIFICADO: TABELA
// RL_PROCEDIMENTO_CID AUSENTE NO SIGTAP".
func tabelaAusente(table string) string {
	return "NAO VERIFICADO: TABELA " + strings.ToUpper(table) + " AUSENTE NO SIGTAP"
}

// naoVerificadoCNES is the not-checked message of a CNES check the
// registry could not answer: "NAO VERIFICADO: TABELA DO CNES AUSENTE NA
// BASE CARREGADA".
func naoVerificadoCNES(r cnes.Reason) string {
	return "NAO VERIFICADO: " + charset.FoldASCII(r.Text())
}

func checkEstabelecimento(l *lineRun) {
	l.cnes(CodeEstabelecimento, l.keyed(&l.kc.c1, func(s *cnes.Snapshot) cnes.Result { return s.CheckEstabelecimento(l.ctx.CNES) }))
}

func checkAtivo(l *lineRun) {
	res := l.keyed(&l.kc.c2, func(s *cnes.Snapshot) cnes.Result { return s.CheckAtivo(l.ctx.CNES) })
	if res.Reason == cnes.ReasonEstabNotFound {
		return // reported by C1
	}
	l.cnes(CodeEstabDesativado, res)
}

func checkProfissional(l *lineRun) {
	if l.ctx.I == nil || l.ctx.I.CNSProfissional.IsZero() {
		return
	}
	l.cnes(CodeProfissional, l.keyed(&l.kc.c4, func(s *cnes.Snapshot) cnes.Result { return s.CheckProfissional(l.ctx.CNES, l.ctx.I.CNSProfissional) }))
}

func checkCBOCNES(l *lineRun) {
	if l.ctx.I == nil || l.ctx.I.CNSProfissional.IsZero() {
		return
	}
	l.cnes(CodeCBOCNES, l.keyed(&l.kc.c5, func(s *cnes.Snapshot) cnes.Result { return s.CheckCBO(l.ctx.CNES, l.ctx.I.CNSProfissional, l.ctx.CBO) }))
}

func checkEquipe(l *lineRun) {
	if l.ctx.I == nil || l.ctx.I.INE.IsZero() {
		return
	}
	l.cnes(CodeEquipe, l.ctx.Snapshot.CheckEquipe(l.ctx.CNES, l.ctx.I.INE, l.ctx.I.CNSProfissional))
}

func checkServicoCNES(l *lineRun) {
	if sc, ok := l.lineServico(); ok {
		l.cnes(CodeServicoCNES, l.ctx.Snapshot.CheckServClass(l.ctx.CNES, sc))
		return
	}
	if l.facts == nil || !l.facts.servKnown || len(l.facts.servPairs) == 0 {
		return
	}
	k := servKey{l.ctx.Snapshot, l.ctx.CNES, l.facts}
	res, ok := l.w.serv[k]
	if !ok {
		res = l.ctx.Snapshot.CheckServClassAny(l.ctx.CNES, l.facts.servPairs)
		if len(l.w.serv) > 1<<16 {
			clear(l.w.serv)
		}
		l.w.serv[k] = res
	}
	l.cnes(CodeServicoCNES, res)
}

func checkFornecedor(l *lineRun) {
	if l.ctx.I == nil || l.ctx.I.CNPJ.IsZero() {
		return
	}
	res := l.ctx.Snapshot.CheckFornecedor(l.ctx.CNES, l.ctx.I.CNPJ)
	if res.Outcome == cnes.Fail {
		l.warn(CodeFornecedor, res.Facts())
		return
	}
	l.cnes(CodeFornecedor, res)
}

func checkCargaHoraria(l *lineRun) {
	if l.ctx.I == nil || l.ctx.I.CNSProfissional.IsZero() {
		return
	}
	l.cnes(CodeCargaHoraria, l.keyed(&l.kc.c11, func(s *cnes.Snapshot) cnes.Result { return s.CheckCargaHoraria(l.ctx.I.CNSProfissional) }))
}

// lineServico returns the serviço/classificação given on a BPA-I line.
func (l *lineRun) lineServico() (sigtap.ServicoClassificacao, bool) {
	i := l.ctx.I
	if i == nil || i.Servico == "" || i.Classificacao == "" {
		return sigtap.ServicoClassificacao{}, false
	}
	s, ok1 := atoiDigits(i.Servico)
	c, ok2 := atoiDigits(i.Classificacao)
	if !ok1 || !ok2 {
		return sigtap.ServicoClassificacao{}, false
	}
	return sigtap.ServicoClassificacao{Servico: sigtap.Servico(s), Classificacao: sigtap.Classificacao(c)}, true
}

func atoiDigits(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// maskPatient returns the masked CPF, or else CNS, of a BPA-I patient.
func maskPatient(cpf cns.CPF, c cns.CNS) string {
	if !cpf.IsZero() {
		return cpf.Masked()
	}
	return c.Masked()
}

func cnsMasked(c [15]byte) string { return cns.CNS(c).Masked() }

// keyCache keeps the CNES results that depend only on the numbering key
// (snapshot, CNES, professional, CBO), which consecutive lines share.
type keyCache struct {
	snap                *cnes.Snapshot
	cnes                cnes.Code
	prof                cns.CNS
	cbo                 sigtap.CBO
	c1, c2, c4, c5, c11 cachedResult
	habs                struct {
		ok bool
		e  habEntry
	}
}

type cachedResult struct {
	ok  bool
	res cnes.Result
}

// reset forgets the cached results when the line's key differs.
func (k *keyCache) reset(ctx *Contexto) {
	prof := ctx.CNSProfissional()
	if k.snap == ctx.Snapshot && k.cnes == ctx.CNES && k.prof == prof && k.cbo == ctx.CBO {
		return
	}
	*k = keyCache{snap: ctx.Snapshot, cnes: ctx.CNES, prof: prof, cbo: ctx.CBO}
}

// keyed returns the cached result or computes it.
func (l *lineRun) keyed(c *cachedResult, f func(*cnes.Snapshot) cnes.Result) cnes.Result {
	if !c.ok {
		c.res, c.ok = f(l.ctx.Snapshot), true
	}
	return c.res
}

// servKey caches C8 per establishment and procedure.
type servKey struct {
	snap *cnes.Snapshot
	cnes cnes.Code
	proc *procInfo
}

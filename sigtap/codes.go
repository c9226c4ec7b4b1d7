package sigtap

import (
	"strconv"
	"strings"

	"github.com/go-sus/sus/internal/ident"
)

// The small code types below are the keys of the SIGTAP reference tables.
// Each is a number whose String method gives the zero-padded form the
// files hold ("01", "059", "0014"); the zero value means "none" where the
// column may be blank (Rubrica, GrupoHabilitacao).

// Registro is an instrumento de registro (tb_registro.CO_REGISTRO, two
// digits): the document a procedure may be billed on.
type Registro uint8

// Instrumentos de registro of the 2025 releases (tb_registro).
const (
	RegistroBPAC             Registro = 1  // BPA (Consolidado)
	RegistroBPAI             Registro = 2  // BPA (Individualizado)
	RegistroAIHPrincipal     Registro = 3  // AIH (Proc. Principal)
	RegistroAIHEspecial      Registro = 4  // AIH (Proc. Especial)
	RegistroAIHSecundario    Registro = 5  // AIH (Proc. Secundário)
	RegistroAPACPrincipal    Registro = 6  // APAC (Proc. Principal)
	RegistroAPACSecundario   Registro = 7  // APAC (Proc. Secundário)
	RegistroRAASDomiciliar   Registro = 8  // RAAS (Atenção Domiciliar)
	RegistroRAASPsicossocial Registro = 9  // RAAS (Atenção Psicossocial)
	RegistroESUSAPS          Registro = 10 // e-SUS APS
)

// String returns the two digits ("02").
func (r Registro) String() string { return padUint(uint64(r), 2) }

// ParseRegistro parses "2" or "02".
func ParseRegistro(s string) (Registro, error) { return parseSmall[Registro](s, 2, "registro") }

// Detalhe is an atributo complementar (tb_detalhe.CO_DETALHE, three
// digits): the markers SIA/SIH use to switch consistency checks on or off
// for a procedure ("atributo 048 Exige CID").
type Detalhe uint16

// Atributos complementares cited by the submission rules (docs/sigtap.md §5).
const (
	DetalheInclusoAnestesia           Detalhe = 1  // Inclui valor da anestesia
	DetalheExigeCPFCNS                Detalhe = 9  // Exige CPF/CNS
	DetalheExigeIdadeBPAC             Detalhe = 12 // Exige idade no BPA (Consolidado)
	DetalheNaoExigeCBO                Detalhe = 21 // Não exige CBO
	DetalheApresentacaoEstendida      Detalhe = 29 // Admite período maior para a apresentação
	DetalheNaoExigeCPFCNS             Detalhe = 34 // Não exige CPF/CNS
	DetalheExigeAutorizacao           Detalhe = 36 // Exige autorização
	DetalheExigeCNPJFornecedor        Detalhe = 37 // Exige CNPJ do fornecedor
	DetalheExigeServicoClassificacao  Detalhe = 38 // Exige serviço/classificação
	DetalheNaoAdmiteLiberacaoIdade    Detalhe = 42 // Não admite liberação de crítica de idade
	DetalheExigeCID                   Detalhe = 48 // Exige CID
	DetalhePMAECirurgiasHospitalares  Detalhe = 51 // PMAE – componente cirurgias hospitalares
	DetalhePMAECirurgiasAmbulatoriais Detalhe = 52 // PMAE – componente cirurgias ambulatoriais
	DetalhePMAE                       Detalhe = 53 // Programa Mais Acesso a Especialistas
	DetalheObrigatorioCPF             Detalhe = 58 // Obrigatório CPF
	DetalheComplementarModalidade2    Detalhe = 59 // Componente complementar – modalidade 2
	DetalheComplementarModalidade3    Detalhe = 60 // Componente complementar – modalidade 3
)

// String returns the three digits ("059").
func (d Detalhe) String() string { return padUint(uint64(d), 3) }

// ParseDetalhe parses "59" or "059".
func ParseDetalhe(s string) (Detalhe, error) { return parseSmall[Detalhe](s, 3, "detalhe") }

// Regra is a regra condicionada (tb_regra_condicionada.CO_REGRA_CONDICIONADA,
// four digits).
type Regra uint16

// Regras condicionadas of the 2025 releases (docs/sigtap.md §6.1).
const (
	RegraRegistroBPAI          Regra = 1  // condiciona registro em BPA-I (CEO e PCD)
	RegraFAECPOB               Regra = 2  // financiamento FAEC (Projeto Olhar Brasil)
	RegraIncrementoCID         Regra = 4  // incremento por CID exclusivo
	RegraFaixaEtariaMamografia Regra = 5  // financiamento por faixa etária – mamografia
	RegraValorZerado           Regra = 8  // valor zerado
	RegraSecundariosZerados    Regra = 9  // secundários com valor zerado
	RegraSecundariosAPAC       Regra = 11 // condiciona registro de secundários na APAC
	RegraFAECPMAE              Regra = 12 // financiamento FAEC no PMAE
	RegraCompensacao           Regra = 13 // gera compensação financeira
	RegraFinanciamentoMAC      Regra = 14 // condiciona o tipo de financiamento em MAC
	RegraFinanciamentoFAEC     Regra = 15 // condiciona o tipo de financiamento em FAEC
)

// String returns the four digits ("0014").
func (g Regra) String() string { return padUint(uint64(g), 4) }

// ParseRegra parses "14" or "0014".
func ParseRegra(s string) (Regra, error) { return parseSmall[Regra](s, 4, "regra condicionada") }

// Habilitacao is a CNES habilitação (tb_habilitacao.CO_HABILITACAO), four
// digits XXYY written XX.YY for people.
type Habilitacao uint16

// Habilitações of the Agora Tem Especialistas / PMAE programmes.
const (
	HabilitacaoPMAE              Habilitacao = 3801 // Programa Mais Acesso a Especialistas
	HabilitacaoModalidade1       Habilitacao = 3802 // Agora Tem Especialistas – Modalidade 1
	HabilitacaoModalidade2       Habilitacao = 3803 // Modalidade 2 – Equipes Volantes
	HabilitacaoModalidade3       Habilitacao = 3804 // Modalidade 3 – Unidades Móveis
	HabilitacaoCreditoFinanceiro Habilitacao = 3805 // Componente Créditos Financeiros
	HabilitacaoRessarcimento     Habilitacao = 3806 // Componente Ressarcimento ao SUS
)

// String returns the four digits ("3802").
func (h Habilitacao) String() string { return padUint(uint64(h), 4) }

// Format returns "38.02".
func (h Habilitacao) Format() string { s := h.String(); return s[:2] + "." + s[2:] }

// ParseHabilitacao parses "3802" or "38.02" (the forms of SIGTAP's
// CO_HABILITACAO and of the CNES registry's COD_SUB_GRUPO_HABILITACAO).
func ParseHabilitacao(s string) (Habilitacao, error) {
	return parseSmall[Habilitacao](s, 4, "habilitação")
}

// MustParseHabilitacao is like ParseHabilitacao but panics on error.
func MustParseHabilitacao(s string) Habilitacao { return ident.Must(ParseHabilitacao(s)) }

// IsZero reports whether h is the zero value ("no habilitação").
func (h Habilitacao) IsZero() bool { return h == 0 }

// MarshalText implements encoding.TextMarshaler: the four digits ("3802"),
// or empty text for the zero value.
func (h Habilitacao) MarshalText() ([]byte, error) {
	if h == 0 {
		return []byte{}, nil
	}
	return []byte(h.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseHabilitacao;
// empty text gives the zero value.
func (h *Habilitacao) UnmarshalText(b []byte) error {
	return ident.UnmarshalText(h, b, ParseHabilitacao)
}

// GrupoHabilitacao numbers a set of habilitações required together
// (NU_GRUPO_HABILITACAO, four digits). Zero means "no group": the row's
// habilitação suffices alone.
type GrupoHabilitacao uint16

// String returns the four digits, or "" for the zero value.
func (g GrupoHabilitacao) String() string {
	if g == 0 {
		return ""
	}
	return padUint(uint64(g), 4)
}

// Servico is a CNES serviço (tb_servico.CO_SERVICO, three digits).
type Servico uint16

// String returns the three digits ("121").
func (s Servico) String() string { return padUint(uint64(s), 3) }

// Classificacao is a classificação inside a serviço (three digits).
type Classificacao uint16

// String returns the three digits ("004").
func (c Classificacao) String() string { return padUint(uint64(c), 3) }

// ServicoClassificacao is the pair a CNES establishment registers and some
// procedures require (rl_procedimento_servico).
type ServicoClassificacao struct {
	Servico       Servico
	Classificacao Classificacao
}

// String returns "121/004".
func (sc ServicoClassificacao) String() string {
	return sc.Servico.String() + "/" + sc.Classificacao.String()
}

// IsZero reports whether sc is the zero value ("no serviço/classificação").
func (sc ServicoClassificacao) IsZero() bool { return sc == ServicoClassificacao{} }

// MarshalText implements encoding.TextMarshaler: "121/004", or empty text
// for the zero value.
func (sc ServicoClassificacao) MarshalText() ([]byte, error) {
	if sc.IsZero() {
		return []byte{}, nil
	}
	return []byte(sc.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with
// ParseServicoClassificacao; empty text gives the zero value.
func (sc *ServicoClassificacao) UnmarshalText(b []byte) error {
	return ident.UnmarshalText(sc, b, ParseServicoClassificacao)
}

// ParseServicoClassificacao parses the pair as people and the registry
// write it: six digits ("121004"), or the serviço and the classificação
// separated by '/', '.', '-' or a space, each of one to three digits
// zero-padded on the left ("121/004", "121.004", "121/4", "121 12").
func ParseServicoClassificacao(s string) (ServicoClassificacao, error) {
	t := strings.TrimSpace(s)
	if i := strings.IndexAny(t, "/.- \t"); i >= 0 {
		if n := ident.Normalize(t); len(n) == 6 && ident.AllDigits(n) {
			return parseSC6(s, n) // "121.004", "1210/04": the six digits as before
		}
		return newSC(s, strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+1:]))
	}
	if t == "" {
		return ServicoClassificacao{}, &ValueError{Type: "serviço/classificação", Err: ErrEmpty}
	}
	if len(t) != 6 {
		return ServicoClassificacao{}, &ValueError{Type: "serviço/classificação", Value: truncate(s), Err: ErrLength}
	}
	return parseSC6(s, t)
}

// MustParseServicoClassificacao is like ParseServicoClassificacao but
// panics on error.
func MustParseServicoClassificacao(s string) ServicoClassificacao {
	return ident.Must(ParseServicoClassificacao(s))
}

// NewServicoClassificacao builds the pair from its two columns as the
// files hold them: CO_SERVICO ("121") and CO_CLASSIFICACAO ("12" or
// "012"), each of one to three digits (surrounding spaces are ignored).
func NewServicoClassificacao(servico, classificacao string) (ServicoClassificacao, error) {
	return newSC(servico+"/"+classificacao, strings.TrimSpace(servico), strings.TrimSpace(classificacao))
}

func newSC(orig, sv, cl string) (ServicoClassificacao, error) {
	for _, p := range []string{sv, cl} {
		switch {
		case p == "":
			return ServicoClassificacao{}, &ValueError{Type: "serviço/classificação", Value: truncate(orig), Err: ErrEmpty}
		case len(p) > 3:
			return ServicoClassificacao{}, &ValueError{Type: "serviço/classificação", Value: truncate(orig), Err: ErrLength}
		case !ident.AllDigits(p):
			return ServicoClassificacao{}, &ValueError{Type: "serviço/classificação", Value: truncate(orig), Err: ErrCharacters}
		}
	}
	a, _ := strconv.Atoi(sv)
	b, _ := strconv.Atoi(cl)
	return ServicoClassificacao{Servico(a), Classificacao(b)}, nil
}

// parseSC6 parses six digits n (orig is the input, for errors).
func parseSC6(orig, n string) (ServicoClassificacao, error) {
	if !ident.AllDigits(n) {
		return ServicoClassificacao{}, &ValueError{Type: "serviço/classificação", Value: truncate(orig), Err: ErrCharacters}
	}
	return newSC(orig, n[:3], n[3:])
}

func compareSC(a, b ServicoClassificacao) int {
	if a.Servico != b.Servico {
		return cmpNum(a.Servico, b.Servico)
	}
	return cmpNum(a.Classificacao, b.Classificacao)
}

// Financiamento is a financing type (tb_financiamento.CO_FINANCIAMENTO, two
// digits). Read the names from the release: the old XLS list is stale.
type Financiamento uint8

// Financing types of the 2025 releases (docs/sigtap.md §3.4; code 03 does not
// exist).
const (
	FinanciamentoPAB                     Financiamento = 1 // Atenção Básica (PAB)
	FinanciamentoAssistenciaFarmaceutica Financiamento = 2 // Assistência Farmacêutica
	FinanciamentoFAEC                    Financiamento = 4 // Fundo de Ações Estratégicas e Compensações
	FinanciamentoIncentivoMAC            Financiamento = 5 // Incentivo - MAC
	FinanciamentoMAC                     Financiamento = 6 // Média e Alta Complexidade
	FinanciamentoVigilancia              Financiamento = 7 // Vigilância em Saúde
	FinanciamentoGestao                  Financiamento = 8 // Gestão do SUS
)

// String returns the two digits ("06").
func (f Financiamento) String() string { return padUint(uint64(f), 2) }

// ParseFinanciamento parses "6" or "06".
func ParseFinanciamento(s string) (Financiamento, error) {
	return parseSmall[Financiamento](s, 2, "financiamento")
}

// MarshalText implements encoding.TextMarshaler: the two digits ("06"),
// or empty text for the zero value.
func (f Financiamento) MarshalText() ([]byte, error) {
	if f == 0 {
		return []byte{}, nil
	}
	return []byte(f.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with
// ParseFinanciamento; empty text gives the zero value.
func (f *Financiamento) UnmarshalText(b []byte) error {
	return ident.UnmarshalText(f, b, ParseFinanciamento)
}

// Rubrica is a financing subtype (tb_rubrica.CO_RUBRICA, six digits: the
// financing type and four digits). Zero means "no rubrica", the blank field
// of every non-FAEC procedure.
type Rubrica uint32

// String returns the six digits ("040072"), or "" for the zero value.
func (r Rubrica) String() string {
	if r == 0 {
		return ""
	}
	return padUint(uint64(r), 6)
}

// Financiamento returns the financing type the rubrica belongs to (its
// first two digits).
func (r Rubrica) Financiamento() Financiamento { return Financiamento(r / 10000) }

// ParseRubrica parses "040072".
func ParseRubrica(s string) (Rubrica, error) { return parseSmall[Rubrica](s, 6, "rubrica") }

// Modalidade is a modalidade de atendimento (tb_modalidade.CO_MODALIDADE):
// 01 ambulatorial, 02 hospitalar, 03 hospital dia, 06 atenção domiciliar.
type Modalidade uint8

// String returns the two digits ("01").
func (m Modalidade) String() string { return padUint(uint64(m), 2) }

// Leito is a bed type (tb_tipo_leito.CO_TIPO_LEITO, two digits).
type Leito uint8

// String returns the two digits ("01").
func (l Leito) String() string { return padUint(uint64(l), 2) }

// Sex is a one-letter sex code: TP_SEXO of tb_procedimento (which sexes a
// procedure applies to) and of tb_cid, and the patient sex of BPA lines.
type Sex byte

// Sex codes.
const (
	SexMale          Sex = 'M' // masculino
	SexFemale        Sex = 'F' // feminino
	SexBoth          Sex = 'I' // ambos / indiferente
	SexNotApplicable Sex = 'N' // não se aplica
)

// String returns the letter ("" for the zero value).
func (s Sex) String() string {
	if s == 0 {
		return ""
	}
	return string(rune(s))
}

// Complexity is TP_COMPLEXIDADE of a procedure.
type Complexity byte

// Complexity codes.
const (
	ComplexityNotApplicable Complexity = '0' // não se aplica
	ComplexityBasic         Complexity = '1' // atenção básica
	ComplexityMedium        Complexity = '2' // média complexidade
	ComplexityHigh          Complexity = '3' // alta complexidade
)

// String returns the digit ("" for the zero value).
func (c Complexity) String() string {
	if c == 0 {
		return ""
	}
	return string(rune(c))
}

// CompatibilidadeTipo is TP_COMPATIBILIDADE of rl_procedimento_compativel.
type CompatibilidadeTipo uint8

// Compatibility types (docs/sigtap.md §7.1; 4 and 5 are not in the official
// dictionary and their reading is an inference).
const (
	Compativel    CompatibilidadeTipo = 1 // compatível
	Incompativel  CompatibilidadeTipo = 2 // incompatível / excludente
	Concomitante  CompatibilidadeTipo = 3 // concomitante
	Sequencial    CompatibilidadeTipo = 4 // AIH principals allowed together (inference)
	Obrigatorio   CompatibilidadeTipo = 5 // the secondary must be present (inference)
	maxCompatTipo                     = 9
)

// String returns the digit ("1").
func (t CompatibilidadeTipo) String() string { return padUint(uint64(t), 1) }

// Age is an age limit of tb_procedimento, in months (VL_IDADE_MINIMA /
// VL_IDADE_MAXIMA). 1571 months (130 years 11 months) is the usual maximum;
// AgeNotApplicable (9999) means the procedure has no age limit.
type Age uint16

// AgeNotApplicable is the 9999 sentinel.
const AgeNotApplicable Age = 9999

// Applies reports whether a is a real limit (not 9999).
func (a Age) Applies() bool { return a != AgeNotApplicable }

// Years returns the completed years of a (1571 → 130).
func (a Age) Years() int { return int(a) / 12 }

// String returns "130a11m", "35a", "8m" or "n/a".
func (a Age) String() string {
	if !a.Applies() {
		return "n/a"
	}
	y, m := int(a)/12, int(a)%12
	switch {
	case y == 0:
		return strconv.Itoa(m) + "m"
	case m == 0:
		return strconv.Itoa(y) + "a"
	}
	return strconv.Itoa(y) + "a" + strconv.Itoa(m) + "m"
}

// Quantity is a 4-digit count of tb_procedimento (QT_MAXIMA_EXECUCAO,
// QT_DIAS_PERMANENCIA, QT_TEMPO_PERMANENCIA). QuantityNotApplicable (9999)
// means "no limit / not applicable".
type Quantity uint16

// QuantityNotApplicable is the 9999 sentinel.
const QuantityNotApplicable Quantity = 9999

// Applies reports whether q is a real value (not 9999).
func (q Quantity) Applies() bool { return q != QuantityNotApplicable }

// String returns the number, or "n/a".
func (q Quantity) String() string {
	if !q.Applies() {
		return "n/a"
	}
	return strconv.Itoa(int(q))
}

// numeric is the set of integer types the fixed-width number codec fills.
type numeric interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64 | ~int
}

func cmpNum[N numeric](a, b N) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// padUint formats v zero-padded to width.
func padUint(v uint64, width int) string {
	var buf [20]byte
	i := len(buf)
	for v > 0 || len(buf)-i < width {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return string(buf[i:])
}

// parseSmall parses a numeric code of at most width digits, ignoring the
// usual separators.
func parseSmall[N numeric](s string, width int, typ string) (N, error) {
	n := ident.Normalize(s)
	switch {
	case n == "":
		return 0, &ValueError{Type: typ, Err: ErrEmpty}
	case len(n) > width:
		return 0, &ValueError{Type: typ, Value: truncate(s), Err: ErrLength}
	case !ident.AllDigits(n):
		return 0, &ValueError{Type: typ, Value: truncate(s), Err: ErrCharacters}
	}
	v, _ := strconv.ParseUint(n, 10, 64)
	if uint64(N(v)) != v {
		return 0, &ValueError{Type: typ, Value: truncate(s), Err: ErrRange}
	}
	return N(v), nil
}

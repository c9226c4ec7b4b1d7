package remessatest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/remessa"
)

// Kind is a kind of error a production can plant in a line on purpose.
// The zero value, None, is a line planted with nothing: valid against the
// plan's SIGTAP release and the registry.
type Kind uint8

// Kinds of planted errors. Each changes one thing of an otherwise valid
// line; the comment says what, and which críticas of remessa.Checker (or
// problem code of package bpa) it must raise (Kind.Codes lists them).
const (
	None Kind = iota
	// KindCBO: the line's CBO is one the professional really holds in the
	// establishment, but the procedure does not allow it
	// (rl_procedimento_ocupacao): CBO_INCOMPATIVEL.
	KindCBO
	// KindProfissional: the professional's CNS is valid but has no
	// vínculo in the registry: PROFISSIONAL_NAO_VINCULADO (C4), and with
	// it CBO_NAO_CADASTRADO (C5 asks C4's question and more).
	KindProfissional
	// KindIdade: the patient's age (months from the dates, and the
	// completed years in prd_idade) is outside the procedure's
	// VL_IDADE_MINIMA..MAXIMA: IDADE_INCOMPATIVEL.
	KindIdade
	// KindSexo: the patient's sex is not the procedure's TP_SEXO:
	// SEXO_INCOMPATIVEL.
	KindSexo
	// KindQuantidade: the patient's total quantity of the procedure in the
	// competência passes QT_MAXIMA_EXECUCAO on this line — across two
	// lines of the same patient when the numbering key has room, else on
	// one line: QUANTIDADE_EXCEDIDA.
	KindQuantidade
	// KindInstrumento: the procedure is not allowed in BPA-I
	// (rl_procedimento_registro): INSTRUMENTO_INCOMPATIVEL. It is the
	// release's first BPA-C procedure (then APAC/AIH) that allows the
	// line's CBO and needs no habilitação, preferring those without
	// serviço; establishments register the serviço of the one their CBOs
	// would get. Nothing else fails unless the release has no such
	// procedure for the CBO.
	KindInstrumento
	// KindCompetencia: prd_cmp (and the attendance date) four months
	// before cbc_mvm: COMPETENCIA_FORA_DO_PRAZO (bpa BPA-CMP-WINDOW).
	// SIGTAP and CNES cannot judge such a line (no release or registry of
	// that competência).
	KindCompetencia
	// KindCNS: the patient is identified by a CNS whose check digit is
	// wrong: bpa BPA-CNS-DV.
	KindCNS
	// KindSemBase: prd_cmp (and the attendance date) one month before the
	// release's competência, for which the checker has neither SIGTAP
	// release nor CNES registry: SIGTAP_SEM_TABELA and CNES_SEM_BASE, the
	// line não verificada. Only when cbc_mvm is at most two months after
	// the release (the line stays within the window).
	KindSemBase
	// KindInstrumentoArquivos (World only): a BPA-C line, at the start of
	// a file, of a procedure that an establishment of the previous file
	// registered in BPA-I in the same competência (one instrument per
	// procedure per CNES per competência): INSTRUMENTO_DUPLICADO. The
	// procedure allows BPA-C and the line is otherwise valid.
	KindInstrumentoArquivos
	// KindQuantidadeArquivos (World only): a patient of the previous file
	// has the same procedure again, in another establishment, and the
	// quantities of both files together pass QT_MAXIMA_EXECUCAO:
	// QUANTIDADE_EXCEDIDA.
	KindQuantidadeArquivos
	// KindAtendimentoArquivos (World only): an attendance of the previous
	// file — same patient, procedure, date, establishment, professional
	// and CBO — again, at the end of a file: LINHA_DUPLICADA (an aviso;
	// with QUANTIDADE_EXCEDIDA too when the quantities pass the maximum).
	KindAtendimentoArquivos

	numKinds
)

// Kinds returns every kind of planted error, in order.
func Kinds() []Kind {
	ks := make([]Kind, 0, numKinds-1)
	for k := KindCBO; k < numKinds; k++ {
		ks = append(ks, k)
	}
	return ks
}

var kindNames = [numKinds]string{"none", "cbo", "profissional", "idade", "sexo", "quantidade", "instrumento", "competencia", "cns",
	"sem-base", "instrumento-arquivos", "quantidade-arquivos", "atendimento-arquivos"}

// String returns the kind's short name ("cbo", "idade" …).
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind returns the kind named s (its String form).
func ParseKind(s string) (Kind, error) {
	for k, n := range kindNames {
		if strings.EqualFold(s, n) {
			return Kind(k), nil
		}
	}
	return None, fmt.Errorf("remessatest: unknown error kind %q", s)
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	*k = v
	return err
}

var kindCodes = [numKinds][]remessa.Code{
	KindCBO:                 {remessa.CodeCBO},
	KindProfissional:        {remessa.CodeProfissional, remessa.CodeCBOCNES},
	KindIdade:               {remessa.CodeIdade},
	KindSexo:                {remessa.CodeSexo},
	KindQuantidade:          {remessa.CodeQuantidade},
	KindInstrumento:         {remessa.CodeInstrumento},
	KindCompetencia:         {remessa.CodeForaDoPrazo, remessa.CodeSemTabela, remessa.CodeSemCNES},
	KindCNS:                 {bpa.CodeCheckDigitCNS},
	KindSemBase:             {remessa.CodeSemTabela, remessa.CodeSemCNES},
	KindInstrumentoArquivos: {remessa.CodeInstrumentoDuplicado},
	KindQuantidadeArquivos:  {remessa.CodeQuantidade},
	KindAtendimentoArquivos: {remessa.CodeLinhaDuplicada},
}

// Code returns the main crítica code a checker raises for the kind
// (remessa.CodeCBO …, or package bpa's problem code for KindCNS); "" for
// None.
func (k Kind) Code() remessa.Code {
	if c := k.Codes(); len(c) > 0 {
		return c[0]
	}
	return ""
}

// Codes returns every crítica code remessa.Checker raises on a line
// planted with the kind, in the order it raises them, when it is given
// the world's SIGTAP release and CNES registry alone (KindCompetencia and
// KindSemBase lines are of competências neither covers). The line of a
// cross-file kind may get one more, which World's expectations say.
func (k Kind) Codes() []remessa.Code {
	if k < numKinds {
		return slices.Clone(kindCodes[k])
	}
	return nil
}

// validateErrors checks an error rate and the kinds asked for.
func validateErrors(rate float64, kinds []Kind) error {
	if rate < 0 || rate > 1 || rate != rate {
		return fmt.Errorf("remessatest: error rate %v outside 0–1", rate)
	}
	for _, k := range kinds {
		if k == None || k >= numKinds {
			return fmt.Errorf("remessatest: cannot plant error kind %v", k)
		}
	}
	return nil
}

// Planted is a line given an error on purpose.
type Planted struct {
	Part int  // file of the production (0 unless it is split)
	Line int  // line in that file (1 is the header)
	Kind Kind // what was planted
}

// String returns "line 17: cbo" ("part 1 line 17: cbo" for later files).
func (p Planted) String() string {
	if p.Part > 0 {
		return fmt.Sprintf("part %d line %d: %v", p.Part, p.Line, p.Kind)
	}
	return fmt.Sprintf("line %d: %v", p.Line, p.Kind)
}

package remessatest

import (
	"fmt"
	"strings"
)

// Kind is a kind of error a production can plant in a line on purpose.
// The zero value, None, is a line planted with nothing: valid against the
// plan's SIGTAP release and the registry.
type Kind uint8

// Kinds of planted errors. Each changes one thing of an otherwise valid
// line; the comment says what, and which crítica of the remessa checker
// (or problem code of package bpa) it must raise.
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

var kindNames = [numKinds]string{"none", "cbo", "profissional", "idade", "sexo", "quantidade", "instrumento", "competencia", "cns"}

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

var kindCodes = [numKinds]string{"", "CBO_INCOMPATIVEL", "PROFISSIONAL_NAO_VINCULADO", "IDADE_INCOMPATIVEL",
	"SEXO_INCOMPATIVEL", "QUANTIDADE_EXCEDIDA", "INSTRUMENTO_INCOMPATIVEL", "COMPETENCIA_FORA_DO_PRAZO", "BPA-CNS-DV"}

// Code returns the crítica code a checker raises for the kind: the remessa
// package's code (CBO_INCOMPATIVEL …) or, for KindCNS, package bpa's
// problem code (BPA-CNS-DV). It is "" for None. The strings are those of
// remessa's check table when this package was written; they are repeated
// here, not imported, so that remessa's tests can import remessatest.
func (k Kind) Code() string {
	if k < numKinds {
		return kindCodes[k]
	}
	return ""
}

// Errors says which errors a production plants, and how often.
type Errors struct {
	// Rate is the fraction of lines to plant an error in, 0 to 1. Each
	// line draws an error with this probability, of a kind drawn from
	// Kinds. An error the line cannot carry (its professional's
	// procedures have no sex or age limit, say, or the line continues a
	// patient's episode) waits for the next line that can — at most 64
	// wait, later draws are dropped — so the planted share is close to
	// Rate, not exact: Planted tells.
	Rate float64
	// Kinds are the kinds to plant, drawn uniformly; nil means all.
	Kinds []Kind
}

func (e Errors) validate() error {
	if e.Rate < 0 || e.Rate > 1 || e.Rate != e.Rate {
		return fmt.Errorf("remessatest: error rate %v outside 0–1", e.Rate)
	}
	for _, k := range e.Kinds {
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

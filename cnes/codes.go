package cnes

import (
	"strings"

	"github.com/go-sus/sus/internal/ident"
)

// code3 parses CO_SERVICO or CO_CLASSIFICACAO: one to three digits,
// read as a number, so that a classificação stored as "12" is 012 as SIA
// reads it (LEIAME 02.70).
func code3(s string) (uint16, bool) {
	if len(s) == 0 || len(s) > 3 {
		return 0, false
	}
	var n uint16
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint16(c-'0')
	}
	return n, true
}

// TipoHabilitacao is rlEstabSipac.TP_HABILITACAO: H habilitação, C regra
// contratual, E estabelecimento de ensino, F filantrópico, G gestão/metas,
// I incentivo, A IAPI, R RAS [DIC2025]. Codes are unique only within a
// type; SIGTAP habilitação checks use type H only.
type TipoHabilitacao byte

// Habilitação types of TP_HABILITACAO.
const (
	TipoHabilitacaoH TipoHabilitacao = 'H' // habilitação
	TipoIncentivo    TipoHabilitacao = 'I' // incentivo
)

// String returns the one-letter code.
func (t TipoHabilitacao) String() string {
	if t == 0 {
		return ""
	}
	return string(rune(t))
}

// TipoEquipe is tbEquipe.TP_EQUIPE, two characters zero-padded (NFCES046):
// "70" eSF, "71" eSB, "72" eMulti, "22" EMAD I, "23" EMAP, "81" EqAE.
type TipoEquipe [2]byte

// Team types used by the checks.
var (
	EquipeESF  = TipoEquipe{'7', '0'} // Equipe de Saúde da Família
	EquipeEqAE = TipoEquipe{'8', '1'} // Equipe de Atenção Especializada (SAES, Modalidade 2)
)

// ParseTipoEquipe parses one or two digits ("70", "1" → "01").
func ParseTipoEquipe(s string) (TipoEquipe, error) {
	var t TipoEquipe
	s = strings.TrimSpace(s)
	if len(s) == 0 || len(s) > 2 || !ident.AllDigits(s) {
		return t, ident.NewError("tipo de equipe", s, ErrCharacters)
	}
	if len(s) == 1 {
		t[0], t[1] = '0', s[0]
	} else {
		t[0], t[1] = s[0], s[1]
	}
	return t, nil
}

// IsZero reports whether t is the zero value.
func (t TipoEquipe) IsZero() bool { return t == TipoEquipe{} }

// String returns the two digits ("" for the zero value).
func (t TipoEquipe) String() string {
	if t.IsZero() {
		return ""
	}
	return string(t[:])
}

// Gestao is tbEstabelecimento.TP_GESTAO.
type Gestao byte

// Kinds of gestão.
const (
	GestaoMunicipal Gestao = 'M'
	GestaoEstadual  Gestao = 'E'
	GestaoDupla     Gestao = 'D'
	GestaoSem       Gestao = 'S'
)

// String returns the one-letter code ("" for the zero value).
func (g Gestao) String() string {
	if g == 0 {
		return ""
	}
	return string(rune(g))
}

// ProfID is CO_PROFISSIONAL_SUS, the registry's opaque professional key
// (VARCHAR2(16), 16 hex characters in practice). It is not the CNS.
type ProfID [16]byte

// String returns the id without trailing padding.
func (p ProfID) String() string {
	n := len(p)
	for n > 0 && p[n-1] == 0 {
		n--
	}
	return string(p[:n])
}

// Vinculacao is tbCargaHorariaSus.IND_VINCULACAO: six characters, the
// forma de contratação as vínculo (2) + tipo (2) + subtipo (2) (PC 1/2017
// Art. 379–381).
type Vinculacao [6]byte

// String returns the six characters (trailing padding removed).
func (v Vinculacao) String() string {
	n := len(v)
	for n > 0 && (v[n-1] == 0 || v[n-1] == ' ') {
		n--
	}
	return string(v[:n])
}

// DefaultPublicVinculo is the default answer to "is this vínculo public?"
// for check C11: IND_VINCULACAO starting with 0101 (vínculo empregatício,
// estatutário) or 0102 (vínculo empregatício, empregado público). This is
// an inference (docs/cnes.md §10 question 4): no source states which codes
// SIA counts. Replace it with LoadOptions.PublicVinculo.
func DefaultPublicVinculo(v Vinculacao) bool {
	return v[0] == '0' && v[1] == '1' && v[2] == '0' && (v[3] == '1' || v[3] == '2')
}

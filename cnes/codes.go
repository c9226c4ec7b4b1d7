package cnes

import (
	"strings"

	"github.com/go-sus/sus/internal/ident"
)

// ServClass is a serviço/classificação pair as SIGTAP and the registry
// write it: three characters of service then three of classification,
// zero-padded ("121012" for 121/012). SIA accepts a class stored as "12"
// for 012 (LEIAME 02.70), so both parts are compared zero-padded.
type ServClass [6]byte

// ParseServClass parses "121/012", "121012", "121-12" or "121 12". Each
// part is one to three digits, zero-padded on the left.
func ParseServClass(s string) (ServClass, error) {
	var sc ServClass
	serv, class, found := strings.Cut(strings.TrimSpace(s), "/")
	if !found {
		serv, class, found = strings.Cut(strings.TrimSpace(s), "-")
	}
	if !found {
		serv, class, found = strings.Cut(strings.TrimSpace(s), " ")
	}
	if !found {
		if len(s) != 6 {
			return sc, ident.NewError("serviço/classificação", s, ErrLength)
		}
		serv, class = s[:3], s[3:]
	}
	return MakeServClass(strings.TrimSpace(serv), strings.TrimSpace(class))
}

// MakeServClass builds a ServClass from the service and classification
// codes as the files hold them (CO_SERVICO "121", CO_CLASSIFICACAO "12").
func MakeServClass(servico, classificacao string) (ServClass, error) {
	var sc ServClass
	if !pad3(sc[:3], servico) || !pad3(sc[3:], classificacao) {
		return ServClass{}, ident.NewError("serviço/classificação", servico+"/"+classificacao, ErrCharacters)
	}
	return sc, nil
}

// MustServClass is like ParseServClass but panics on error.
func MustServClass(s string) ServClass {
	sc, err := ParseServClass(s)
	if err != nil {
		panic(err)
	}
	return sc
}

// pad3 writes s (1–3 digits) zero-padded into dst[:3].
func pad3[T ~string | ~[]byte](dst []byte, s T) bool {
	if len(s) == 0 || len(s) > 3 {
		return false
	}
	off := 3 - len(s)
	for i := 0; i < off; i++ {
		dst[i] = '0'
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		dst[off+i] = c
	}
	return true
}

// Servico returns the three-digit service code ("121").
func (sc ServClass) Servico() string { return string(sc[:3]) }

// Classificacao returns the three-digit classification code ("012").
func (sc ServClass) Classificacao() string { return string(sc[3:]) }

// IsZero reports whether sc is the zero value.
func (sc ServClass) IsZero() bool { return sc == ServClass{} }

// String returns "121/012" ("" for the zero value).
func (sc ServClass) String() string {
	if sc.IsZero() {
		return ""
	}
	return string(sc[:3]) + "/" + string(sc[3:])
}

// HabCode is a habilitação code as rlEstabSipac.COD_SUB_GRUPO_HABILITACAO
// and SIGTAP rl_procedimento_habilitacao.CO_HABILITACAO hold it: four
// characters, "3802" for the habilitação displayed as 38.02.
type HabCode [4]byte

// ParseHabCode parses "3802" or "38.02".
func ParseHabCode(s string) (HabCode, error) {
	var h HabCode
	n := ident.Normalize(s)
	switch {
	case n == "":
		return h, ident.NewError("habilitação", s, ErrEmpty)
	case len(n) != len(h):
		return h, ident.NewError("habilitação", s, ErrLength)
	case !ident.AllDigits(n):
		return h, ident.NewError("habilitação", s, ErrCharacters)
	}
	copy(h[:], n)
	return h, nil
}

// MustHabCode is like ParseHabCode but panics on error.
func MustHabCode(s string) HabCode {
	h, err := ParseHabCode(s)
	if err != nil {
		panic(err)
	}
	return h
}

// IsZero reports whether h is the zero value.
func (h HabCode) IsZero() bool { return h == HabCode{} }

// String returns the four characters ("" for the zero value).
func (h HabCode) String() string {
	if h.IsZero() {
		return ""
	}
	return string(h[:])
}

// Format returns the display form "38.02".
func (h HabCode) Format() string {
	if h.IsZero() {
		return ""
	}
	return string(h[:2]) + "." + string(h[2:])
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
// an inference (cnes.md §10 question 4): no source states which codes
// SIA counts. Replace it with LoadOptions.PublicVinculo.
func DefaultPublicVinculo(v Vinculacao) bool {
	return v[0] == '0' && v[1] == '1' && v[2] == '0' && (v[3] == '1' || v[3] == '2')
}

package cnes

import (
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// Row decoders: one per table. Each reads the bound columns of the
// current record into a value (strings are still substrings of the csv
// record; the loader copies what it keeps). A non-nil error means the
// record is unusable (a ★ key is empty or malformed); tolerated problems
// (bad dates) are recorded with softErr and the field reads as empty.

type estabRow struct {
	unidade     string
	code        Code
	pfpj        byte
	cnpj        CNPJ
	mantenedora CNPJ
	uf          string
	municipio   string
	gestao      Gestao
	motivo      string
	fantasia    string
	cpf         string
	natJur      string
}

func decodeEstab(tr *tableReader) (estabRow, error) {
	var r estabRow
	var err error
	if r.unidade, err = unidade(tr, eUnidade); err != nil {
		return r, err
	}
	c := trimSpaces(tr.get(eCNES))
	if c == "" {
		return r, tr.fieldErr(eCNES, ErrEmpty)
	}
	if len(c) > len(r.code) {
		return r, tr.fieldErr(eCNES, ErrLength)
	}
	if !allDigits(c) {
		return r, tr.fieldErr(eCNES, ErrCharacters)
	}
	padLeft(r.code[:], c)
	if p := trimSpaces(tr.get(ePFPJ)); len(p) == 1 {
		r.pfpj = p[0]
	} else if p != "" {
		tr.softErr(ePFPJ, ErrLength)
	}
	if r.cnpj, err = cnpjField(tr, eCNPJ); err != nil {
		return r, err
	}
	if r.mantenedora, err = cnpjField(tr, eMantenedora); err != nil {
		return r, err
	}
	r.uf = trimSpaces(tr.get(eUF))
	r.municipio = trimSpaces(tr.get(eMunicipio))
	if len(r.uf) > 2 {
		return r, tr.fieldErr(eUF, ErrLength)
	}
	if len(r.municipio) > 7 {
		return r, tr.fieldErr(eMunicipio, ErrLength)
	}
	if g := trimSpaces(tr.get(eGestao)); len(g) == 1 {
		r.gestao = Gestao(upper(g[0]))
	} else if g != "" {
		tr.softErr(eGestao, ErrLength)
	}
	r.motivo = trimSpaces(tr.get(eMotivo))
	if len(r.motivo) > 4 {
		return r, tr.fieldErr(eMotivo, ErrLength)
	}
	r.fantasia = tr.get(eFantasia)
	r.cpf = trimSpaces(tr.get(eCPF))
	r.natJur = trimSpaces(tr.get(eNatJur))
	if len(r.natJur) > 5 {
		r.natJur = ""
		tr.softErr(eNatJur, ErrLength)
	}
	return r, nil
}

type vincRow struct {
	unidade    string
	prof       ProfID
	cbo        sigtap.CBO
	sus        bool
	vinculacao Vinculacao
	chAmb      int
	chHosp     int
	chOutros   int
	cnpjDet    CNPJ
}

func decodeVinc(tr *tableReader) (vincRow, error) {
	var r vincRow
	var err error
	if r.unidade, err = unidade(tr, vUnidade); err != nil {
		return r, err
	}
	if r.prof, err = profID(tr, vProf); err != nil {
		return r, err
	}
	if r.cbo, err = cboField(tr, vCBO, true); err != nil {
		return r, err
	}
	switch s := trimSpaces(tr.get(vSUS)); s {
	case "S", "s":
		r.sus = true
	case "N", "n", "":
	default:
		tr.softErr(vSUS, ErrCharacters)
	}
	v := trimSpaces(tr.get(vVinculacao))
	if len(v) > len(r.vinculacao) {
		return r, tr.fieldErr(vVinculacao, ErrLength)
	}
	copy(r.vinculacao[:], v)
	r.chAmb = hours(tr, vCHAmb)
	r.chHosp = hours(tr, vCHHosp)
	r.chOutros = hours(tr, vCHOutros)
	if c, err := cnpjField(tr, vCNPJDet); err == nil {
		r.cnpjDet = c
	} else {
		tr.soft = append(tr.soft, *err.(*ParseError))
	}
	return r, nil
}

type profRow struct {
	prof ProfID
	cns  cns.CNS
	nome string
	cpf  string
}

func decodeProf(tr *tableReader) (profRow, error) {
	var r profRow
	var err error
	if r.prof, err = profID(tr, pProf); err != nil {
		return r, err
	}
	switch c := trimSpaces(tr.get(pCNS)); {
	case c == "":
	case len(c) != len(r.cns):
		return r, tr.fieldErr(pCNS, ErrLength)
	case !allDigits(c):
		return r, tr.fieldErr(pCNS, ErrCharacters)
	default:
		copy(r.cns[:], c)
	}
	r.nome = tr.get(pNome)
	r.cpf = trimSpaces(tr.get(pCPF))
	return r, nil
}

type servRowIn struct {
	unidade string
	sc      sigtap.ServicoClassificacao
	sus     bool
	caract  byte
	cnpj    CNPJ
}

func decodeServ(tr *tableReader) (servRowIn, error) {
	var r servRowIn
	var err error
	if r.unidade, err = unidade(tr, sUnidade); err != nil {
		return r, err
	}
	sv, ok := code3(trimSpaces(tr.get(sServico)))
	if !ok {
		return r, tr.fieldErr(sServico, ErrCharacters)
	}
	cl, ok := code3(trimSpaces(tr.get(sClass)))
	if !ok {
		return r, tr.fieldErr(sClass, ErrCharacters)
	}
	r.sc = sigtap.ServicoClassificacao{Servico: sigtap.Servico(sv), Classificacao: sigtap.Classificacao(cl)}
	switch s := trimSpaces(tr.get(sAmbSUS)); s {
	case "1":
		r.sus = true
	case "2", "":
	default:
		tr.softErr(sAmbSUS, ErrCharacters)
	}
	if c := trimSpaces(tr.get(sCaract)); len(c) == 1 {
		r.caract = c[0]
	}
	// CO_CNPJCPF holds a CNPJ (14) or a CPF (11, personal data, dropped).
	if c := trimSpaces(tr.get(sCNPJCPF)); len(c) == len(r.cnpj) && cnpjChars(c) {
		copy(r.cnpj[:], c)
	}
	return r, nil
}

type teamRow struct {
	municipio, area, seq string
	unidade              string
	tipo                 TipoEquipe
	ine                  INE
	ativacao             day
	desativacao          day
	nome                 string
}

func decodeTeam(tr *tableReader) (teamRow, error) {
	var r teamRow
	var err error
	if r.municipio, r.area, r.seq, err = teamKey(tr, qMunicipio, qArea, qSeq); err != nil {
		return r, err
	}
	if r.unidade, err = unidade(tr, qUnidade); err != nil {
		return r, err
	}
	if r.tipo, err = ParseTipoEquipe(tr.get(qTipo)); err != nil {
		return r, tr.fieldErr(qTipo, ErrCharacters)
	}
	switch s := trimSpaces(tr.get(qINE)); {
	case s == "":
	case len(s) > len(r.ine):
		return r, tr.fieldErr(qINE, ErrLength)
	case !allDigits(s):
		return r, tr.fieldErr(qINE, ErrCharacters)
	default:
		padLeft(r.ine[:], s)
	}
	r.ativacao = dateField(tr, qAtivacao)
	r.desativacao = dateField(tr, qDesativacao)
	r.nome = tr.get(qNome)
	return r, nil
}

type memberRow struct {
	municipio, area, seq string
	prof                 ProfID
	entrada              day
	desligamento         day
	unidade              string
	cbo                  sigtap.CBO
}

func decodeMember(tr *tableReader) (memberRow, error) {
	var r memberRow
	var err error
	if r.municipio, r.area, r.seq, err = teamKey(tr, mMunicipio, mArea, mSeq); err != nil {
		return r, err
	}
	if r.prof, err = profID(tr, mProf); err != nil {
		return r, err
	}
	r.entrada = dateField(tr, mEntrada)
	r.desligamento = dateField(tr, mDesligamento)
	r.unidade = trimSpaces(tr.get(mUnidade))
	if c, err := cboField(tr, mCBO, false); err == nil {
		r.cbo = c
	} else {
		tr.soft = append(tr.soft, *err.(*ParseError))
	}
	return r, nil
}

type habRowIn struct {
	unidade string
	code    sigtap.Habilitacao
	inicio  sigtap.Competencia
	fim     sigtap.Competencia
	tipo    TipoHabilitacao
}

func decodeHab(tr *tableReader) (habRowIn, error) {
	var r habRowIn
	var err error
	if r.unidade, err = unidade(tr, hUnidade); err != nil {
		return r, err
	}
	c := trimSpaces(tr.get(hCodigo))
	switch {
	case c == "":
		return r, tr.fieldErr(hCodigo, ErrEmpty)
	case len(c) > 4: // VARCHAR2(4)
		return r, tr.fieldErr(hCodigo, ErrLength)
	case !allDigits(c):
		return r, tr.fieldErr(hCodigo, ErrCharacters)
	}
	n, _ := num(c)
	r.code = sigtap.Habilitacao(n)
	if r.inicio, err = cmtpField(tr, hInicio); err != nil {
		return r, err
	}
	if r.fim, err = cmtpField(tr, hFim); err != nil {
		return r, err
	}
	t := trimSpaces(tr.get(hTipo))
	if len(t) != 1 {
		return r, tr.fieldErr(hTipo, ErrLength)
	}
	r.tipo = TipoHabilitacao(upper(t[0]))
	return r, nil
}

// Field helpers.

func unidade(tr *tableReader, col int) (string, error) {
	u := trimSpaces(tr.get(col))
	switch {
	case u == "":
		return "", tr.fieldErr(col, ErrEmpty)
	case len(u) > 31: // VARCHAR2(31) [DIC2025]
		return "", tr.fieldErr(col, ErrLength)
	}
	return u, nil
}

func profID(tr *tableReader, col int) (ProfID, error) {
	var p ProfID
	s := trimSpaces(tr.get(col))
	switch {
	case s == "":
		return p, tr.fieldErr(col, ErrEmpty)
	case len(s) > len(p):
		return p, tr.fieldErr(col, ErrLength)
	}
	copy(p[:], s)
	return p, nil
}

func cboField(tr *tableReader, col int, required bool) (sigtap.CBO, error) {
	var c sigtap.CBO
	s := trimSpaces(tr.get(col))
	if s == "" {
		if required {
			return c, tr.fieldErr(col, ErrEmpty)
		}
		return c, nil
	}
	if len(s) != len(c) {
		return c, tr.fieldErr(col, ErrLength)
	}
	copy(c[:], s)
	upperASCII(c[:])
	if !c.Valid() {
		return sigtap.CBO{}, tr.fieldErr(col, ErrCharacters)
	}
	return c, nil
}

// cnpjField reads an optional CNPJ column: empty, or 14 characters from
// [0-9A-Z] (the check digits are the registry's business, not checked).
func cnpjField(tr *tableReader, col int) (CNPJ, error) {
	var c CNPJ
	s := trimSpaces(tr.get(col))
	switch {
	case s == "":
	case len(s) != len(c):
		return c, tr.fieldErr(col, ErrLength)
	case !cnpjChars(s):
		return c, tr.fieldErr(col, ErrCharacters)
	default:
		copy(c[:], s)
	}
	return c, nil
}

func cnpjChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func hours(tr *tableReader, col int) int {
	n, ok := smallUint(tr.get(col))
	if !ok {
		tr.softErr(col, ErrCharacters)
		return 0
	}
	return n
}

func dateField(tr *tableReader, col int) day {
	d, err := parseDate(tr.get(col))
	if err != nil {
		tr.softErr(col, err)
		return 0
	}
	return d
}

func cmtpField(tr *tableReader, col int) (sigtap.Competencia, error) {
	c, kind, err := parseCMTP(tr.get(col))
	if err != nil {
		return c, tr.fieldErr(col, err)
	}
	if kind == cmtpMMAAAA {
		tr.softErr(col, ErrDate)
	}
	return c, nil
}

func teamKey(tr *tableReader, cm, ca, cs int) (m, a, s string, err error) {
	m, a, s = trimSpaces(tr.get(cm)), trimSpaces(tr.get(ca)), trimSpaces(tr.get(cs))
	switch {
	case m == "":
		return m, a, s, tr.fieldErr(cm, ErrEmpty)
	case s == "":
		return m, a, s, tr.fieldErr(cs, ErrEmpty)
	case len(m) > 7:
		return m, a, s, tr.fieldErr(cm, ErrLength)
	case len(a) > 10:
		return m, a, s, tr.fieldErr(ca, ErrLength)
	case len(s) > 10:
		return m, a, s, tr.fieldErr(cs, ErrLength)
	}
	return m, a, s, nil
}

func upper(b byte) byte {
	if b >= 'a' && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}

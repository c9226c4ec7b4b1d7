package bpa

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/internal/fixed"
	"github.com/go-sus/sus/sigtap"
)

// checkNum returns the offset of the first byte of field bytes b that the
// field's format does not allow, or −1. NUM fields hold digits; those whose
// blank default is spaces may be all spaces; Letters fields may hold
// upper-case letters; LeftAligned fields may end in spaces.
func checkNum(b []byte, f *Field) int {
	i := 0
	for ; i < len(b); i++ {
		c := b[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if f.Flags&Letters != 0 && c >= 'A' && c <= 'Z' {
			continue
		}
		break
	}
	if i == len(b) {
		return -1
	}
	if b[i] == ' ' && (f.Flags&LeftAligned != 0 || (i == 0 && f.Blank == brancos)) {
		for j := i; j < len(b); j++ {
			if b[j] != ' ' {
				return j
			}
		}
		return -1
	}
	return i
}

// checkFields verifies the structure of line against fields: the record type
// in bytes 1–2 is assumed checked; every NUM field must pass checkNum.
func checkFields(line []byte, fields []Field) *ParseError {
	for k := 1; k < len(fields); k++ {
		f := &fields[k]
		if f.Kind != numKind {
			continue
		}
		b := line[f.Start-1 : f.Start-1+f.Len]
		if allDigits(b) {
			continue
		}
		if j := checkNum(b, f); j >= 0 {
			return &ParseError{Column: f.Start + j, Field: f.Name, Err: ErrNotDigits}
		}
	}
	return nil
}

// lineText gives the text of the fields of one line with a single
// allocation: the line converted to a string once (decoded from
// Windows-1252 when it is not ASCII), every field a substring of it.
type lineText struct {
	s   string
	off [nIFields + 1]int32 // start of field k in s; off[len(fields)] = len(s)
	n   int
}

func (t *lineText) init(line []byte, fields []Field) {
	t.n = len(fields)
	// Positions of the bytes ≥ 0x80, found eight bytes at a time.
	var hi [48]int32
	nonASCII := hi[:0]
	i := 0
	for ; i+8 <= len(line); i += 8 {
		if binary.LittleEndian.Uint64(line[i:])&0x8080808080808080 == 0 {
			continue
		}
		for j := i; j < i+8; j++ {
			if line[j] >= 0x80 {
				nonASCII = append(nonASCII, int32(j))
			}
		}
	}
	for ; i < len(line); i++ {
		if line[i] >= 0x80 {
			nonASCII = append(nonASCII, int32(i))
		}
	}
	if len(nonASCII) == 0 {
		t.s = string(line)
		for k := range fields {
			t.off[k] = int32(fields[k].Start - 1)
		}
		t.off[len(fields)] = int32(len(line))
		return
	}
	extra := 0
	for _, p := range nonASCII {
		extra += utf8.RuneLen(runeOf[line[p]]) - 1
	}
	var sb strings.Builder
	sb.Grow(len(line) + extra)
	start := int32(0)
	for _, p := range nonASCII {
		sb.Write(line[start:p])
		sb.WriteRune(runeOf[line[p]])
		start = p + 1
	}
	sb.Write(line[start:])
	t.s = sb.String()
	shift, n := int32(0), 0
	for k := range fields {
		begin := int32(fields[k].Start - 1)
		for n < len(nonASCII) && nonASCII[n] < begin {
			shift += int32(utf8.RuneLen(runeOf[line[nonASCII[n]]]) - 1)
			n++
		}
		t.off[k] = begin + shift
	}
	t.off[len(fields)] = int32(len(t.s))
}

// get returns the text of field k without trailing spaces.
func (t *lineText) get(k int) string {
	lo, hi := t.off[k], t.off[k+1]
	for hi > lo && t.s[hi-1] == ' ' {
		hi--
	}
	return t.s[lo:hi]
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c-'0' > 9 {
			return false
		}
	}
	return true
}

// atoi reads the digits of a NUM field already checked by checkFields.
func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

// isSpaces reports whether b holds only spaces.
func isSpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' {
			return false
		}
	}
	return true
}

// competencia reads a NUM competência field (blank = zero value).
func competencia(line []byte, f *Field) (sigtap.Competencia, *ParseError) {
	b := f.Slice(line)
	if isSpaces(b) {
		return sigtap.Competencia{}, nil
	}
	c, err := sigtap.ParseCompetenciaBytes(b)
	if err != nil {
		return c, &ParseError{Column: f.Start, Field: f.Name, Err: ErrCompetencia}
	}
	return c, nil
}

// date reads a NUM date field (blank = zero value).
func date(line []byte, f *Field) Date {
	d, _ := dateDigits(f.Slice(line))
	return d
}

// copyID copies a fixed-width identifier field into dst unless it is blank.
func copyID(dst []byte, line []byte, f *Field) {
	b := f.Slice(line)
	if !isSpaces(b) {
		copy(dst, b)
	}
}

func recordTypeOf(line []byte) RecordType {
	if len(line) < 2 || line[0] != '0' {
		return 0
	}
	switch line[1] {
	case '1':
		return TypeHeader
	case '2':
		return TypeConsolidado
	case '3':
		return TypeIndividualizado
	}
	return 0
}

// checkShape checks the record type and length of line for type want.
func checkShape(line []byte, want RecordType) (Version, *ParseError) {
	t := recordTypeOf(line)
	if t == 0 {
		return 0, &ParseError{Column: 1, Err: ErrRecordType}
	}
	if t != want {
		return 0, &ParseError{Column: 1, Err: ErrRecordType}
	}
	switch t {
	case TypeHeader:
		if len(line) != HeaderWidth {
			return 0, lengthError(line, t)
		}
	case TypeConsolidado:
		if len(line) != ConsolidadoWidth {
			return 0, lengthError(line, t)
		}
	case TypeIndividualizado:
		v, ok := versionOfLength(len(line))
		if !ok {
			return 0, lengthError(line, t)
		}
		return v, nil
	}
	return 0, nil
}

// UnmarshalText parses a header line (without CR LF). Line is left
// unchanged; errors are *ParseError without a line number.
func (h *Header) UnmarshalText(line []byte) error {
	if _, err := checkShape(line, TypeHeader); err != nil {
		return err
	}
	if string(headerFields[hMarca].Slice(line)) != "#BPA#" {
		return &ParseError{Column: headerFields[hMarca].Start, Field: "cbc_marca", Err: ErrMarker}
	}
	if err := checkFields(line, headerFields); err != nil {
		return err
	}
	mvm, err := competencia(line, &headerFields[hMvm])
	if err != nil {
		return err
	}
	f := headerFields
	var t lineText
	t.init(line, f)
	*h = Header{
		Line:        h.Line,
		Competencia: mvm,
		Lines:       atoi(f[hLin].Slice(line)),
		Folhas:      atoi(f[hFlh].Slice(line)),
		Control:     atoi(f[hCtrl].Slice(line)),
		Responsavel: t.get(hRsp),
		Sigla:       t.get(hSgl),
		Destino:     t.get(hDst),
		DestinoTipo: t.get(hDstIn),
		Versao:      t.get(hVersao),
	}
	copy(h.CNPJCPF[:], f[hCgcCpf].Slice(line))
	return nil
}

// UnmarshalText parses a BPA-C line (without CR LF).
func (c *Consolidado) UnmarshalText(line []byte) error {
	if _, err := checkShape(line, TypeConsolidado); err != nil {
		return err
	}
	f := consolidadoFields
	if err := checkFields(line, f); err != nil {
		return err
	}
	cmp, err := competencia(line, &f[cCmp])
	if err != nil {
		return err
	}
	*c = Consolidado{
		Line:        c.Line,
		Competencia: cmp,
		Folha:       atoi(f[cFlh].Slice(line)),
		Seq:         atoi(f[cSeq].Slice(line)),
		Idade:       atoi(f[cIdade].Slice(line)),
		Quantidade:  atoi(f[cQt].Slice(line)),
	}
	copyID(c.CNES[:], line, &f[cCNES])
	copyID(c.CBO[:], line, &f[cCBO])
	copyID(c.Procedimento[:], line, &f[cPA])
	org := f[cOrg].Slice(line)
	if !isSpaces(org) {
		var t lineText
		t.init(line, f)
		c.Origem = t.get(cOrg)
	}
	return nil
}

// UnmarshalText parses a BPA-I line (without CR LF) of any known length and
// sets Version from it.
func (r *Individualizado) UnmarshalText(line []byte) error {
	v, perr := checkShape(line, TypeIndividualizado)
	if perr != nil {
		return perr
	}
	f := tableI(v)
	if err := checkFields(line, f); err != nil {
		return err
	}
	cmp, perr := competencia(line, &f[iCmp])
	if perr != nil {
		return perr
	}
	var t lineText
	t.init(line, f)
	line0 := r.Line
	*r = Individualizado{}
	r.Line, r.Version, r.Competencia = line0, v, cmp
	r.DataAtendimento = date(line, &f[iDtAten])
	r.Folha = atoi(f[iFlh].Slice(line))
	r.Seq = atoi(f[iSeq].Slice(line))
	r.Sexo = t.get(iSexo)
	r.IBGE = t.get(iIBGE)
	r.Idade = atoi(f[iIdade].Slice(line))
	r.Quantidade = atoi(f[iQt].Slice(line))
	r.Carater = t.get(iCaten)
	r.Autorizacao = t.get(iNaut)
	r.Origem = t.get(iOrg)
	r.Nome = t.get(iNmPac)
	r.DataNascimento = date(line, &f[iDtNasc])
	r.Raca = t.get(iRaca)
	r.Etnia = t.get(iEtnia)
	r.Nacionalidade = t.get(iNac)
	r.Servico = t.get(iSrv)
	r.Classificacao = t.get(iClf)
	r.EquipeSeq = t.get(iEqSeq)
	r.EquipeArea = t.get(iEqArea)
	r.CEP = t.get(iCEP)
	r.Logradouro = t.get(iLograd)
	r.Endereco = t.get(iEnd)
	r.Complemento = t.get(iCompl)
	r.Numero = t.get(iNum)
	r.Bairro = t.get(iBairro)
	r.Telefone = t.get(iTel)
	r.Email = t.get(iEmail)
	copyID(r.CNES[:], line, &f[iCNES])
	copyID(r.CNSProfissional[:], line, &f[iCNSMed])
	copyID(r.CBO[:], line, &f[iCBO])
	copyID(r.Procedimento[:], line, &f[iPA])
	copyID(r.CNSPaciente[:], line, &f[iCNSPac])
	copyID(r.CID[:], line, &f[iCID])
	copyID(r.CNPJ[:], line, &f[iCNPJ])
	if len(f) > iINE {
		copyID(r.INE[:], line, &f[iINE])
	}
	if len(f) > iCPF {
		copyID(r.CPF[:], line, &f[iCPF])
	}
	if len(f) > iSitRua {
		r.SituacaoRua = t.get(iSitRua)
	}
	if len(f) > iSemCPF {
		r.SemCPF = t.get(iSemCPF)
	}
	return nil
}

const numKind = fixed.Num

// lengthError explains a line whose length does not fit its record type,
// recognising UTF-8 input: a line that is valid UTF-8 with multi-byte
// characters and whose character count would be a correct length.
func lengthError(line []byte, t RecordType) *ParseError {
	n := len(line)
	if !charset.IsASCII(line) && utf8.Valid(line) {
		runes := utf8.RuneCount(line)
		ok := false
		switch t {
		case TypeHeader:
			ok = runes == HeaderWidth
		case TypeConsolidado:
			ok = runes == ConsolidadoWidth
		case TypeIndividualizado:
			_, ok = versionOfLength(runes)
		}
		if ok {
			return &ParseError{Column: firstMultiByte(line) + 1,
				Err: fmt.Errorf("%w (%d bytes but %d characters)", ErrUTF8, n, runes)}
		}
	}
	var want string
	switch t {
	case TypeHeader:
		want = "130"
	case TypeConsolidado:
		want = "48"
	default:
		want = "328, 338, 349, 350 or 351"
	}
	col := 0
	if w := Width(t, V351); n > w && t != TypeIndividualizado {
		col = w + 1
	}
	return &ParseError{Column: col, Err: fmt.Errorf("%w: %s record has %d bytes, want %s", ErrLength, t, n, want)}
}

func firstMultiByte(b []byte) int {
	for i, c := range b {
		if c >= 0x80 {
			return i
		}
	}
	return 0
}

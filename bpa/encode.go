package bpa

import (
	"fmt"

	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/internal/fixed"
	"github.com/go-sus/sus/sigtap"
)

// encoder writes records field by field from the layout tables.
type encoder struct {
	fold     bool    // fold text to upper-case ASCII (charset.FoldASCII)
	truncate bool    // cut over-long text fields instead of failing
	version  Version // BPA-I version for records whose Version is 0
}

func fieldErr(f *Field, err error) error { return &FieldError{Field: f.Name, Err: err} }

func tooLong(f *Field) error {
	return fieldErr(f, fmt.Errorf("%w (maximum %d)", ErrTooLong, f.Len))
}

// text appends an ALFA value: Windows-1252, space-padded on the right.
func (e *encoder) text(dst []byte, f *Field, s string) ([]byte, error) {
	if s == "" {
		return fixed.AppendBlank(dst, f.Len, f.Blank), nil
	}
	if len(s) <= f.Len && printableASCII(s) && (!e.fold || !hasLower(s)) {
		dst = append(dst, s...)
		return fixed.AppendBlank(dst, f.Len-len(s), fixed.Spaces), nil
	}
	if e.fold {
		s = charset.FoldASCII(s)
	}
	if firstBadRune(s) >= 0 {
		return dst, fieldErr(f, ErrControl)
	}
	if n := textLen(s); n > f.Len {
		if !e.truncate {
			return dst, tooLong(f)
		}
		s = cutRunes(s, f.Len)
	}
	n := len(dst)
	dst, err := charset.Append(dst, s)
	if err != nil {
		return dst, fieldErr(f, err)
	}
	return fixed.AppendBlank(dst, f.Len-(len(dst)-n), fixed.Spaces), nil
}

func cutRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// numText appends a NUM value held as a string: digits zero-padded on the
// left (space-padded on the right for LeftAligned fields); Letters fields
// may hold upper-case letters when the value fills the field.
func (e *encoder) numText(dst []byte, f *Field, s string) ([]byte, error) {
	if s == "" {
		return fixed.AppendBlank(dst, f.Len, f.Blank), nil
	}
	if len(s) > f.Len {
		return dst, tooLong(f)
	}
	digits := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if f.Flags&Letters != 0 && c >= 'A' && c <= 'Z' && len(s) == f.Len {
			digits = false
			continue
		}
		return dst, fieldErr(f, ErrNotDigits)
	}
	if !digits || len(s) == f.Len {
		return append(dst, s...), nil
	}
	if f.Flags&LeftAligned != 0 {
		dst = append(dst, s...)
		return fixed.AppendBlank(dst, f.Len-len(s), fixed.Spaces), nil
	}
	dst = fixed.AppendBlank(dst, f.Len-len(s), fixed.Zeros)
	return append(dst, s...), nil
}

// id appends a fixed-width identifier (cns.CNS, sigtap.Code …): the blank
// default for the zero value, else its bytes, which must be digits for a
// NUM field (or letters for Letters fields) and printable for ALFA fields.
func (e *encoder) id(dst []byte, f *Field, b []byte) ([]byte, error) {
	zero := true
	for _, c := range b {
		if c != 0 {
			zero = false
			break
		}
	}
	if zero {
		return fixed.AppendBlank(dst, f.Len, f.Blank), nil
	}
	if f.Kind == fixed.Num {
		if j := checkNum(b, f); j >= 0 {
			return dst, fieldErr(f, ErrNotDigits)
		}
	} else if firstBadByte(b) >= 0 {
		return dst, fieldErr(f, ErrControl)
	}
	return append(dst, b...), nil
}

// uint appends a non-negative integer zero-padded to the field width.
func (e *encoder) uint(dst []byte, f *Field, v int) ([]byte, error) {
	if v < 0 {
		return dst, fieldErr(f, ErrNegative)
	}
	out, err := fixed.AppendUint(dst, uint64(v), f.Len)
	if err != nil {
		return dst, tooLong(f)
	}
	return out, nil
}

func (e *encoder) comp(dst []byte, f *Field, c sigtap.Competencia) []byte {
	if c.IsZero() {
		return fixed.AppendBlank(dst, f.Len, f.Blank)
	}
	return c.AppendText6(dst)
}

func (e *encoder) date(dst []byte, f *Field, d Date) ([]byte, error) {
	if d.IsZero() {
		return fixed.AppendBlank(dst, f.Len, f.Blank), nil
	}
	if d.y > 9999 || d.m > 99 || d.d > 99 {
		return dst, fieldErr(f, ErrRange)
	}
	return d.AppendText(dst)
}

// appendHeader appends the header line.
func (e *encoder) appendHeader(dst []byte, h *Header) ([]byte, error) {
	f := headerFields
	dst = append(dst, "01#BPA#"...)
	dst = e.comp(dst, &f[hMvm], h.Competencia)
	var err error
	if dst, err = e.uint(dst, &f[hLin], h.Lines); err != nil {
		return dst, err
	}
	if dst, err = e.uint(dst, &f[hFlh], h.Folhas); err != nil {
		return dst, err
	}
	if dst, err = e.uint(dst, &f[hCtrl], h.Control); err != nil {
		return dst, err
	}
	if dst, err = e.text(dst, &f[hRsp], h.Responsavel); err != nil {
		return dst, err
	}
	if dst, err = e.text(dst, &f[hSgl], h.Sigla); err != nil {
		return dst, err
	}
	if dst, err = e.id(dst, &f[hCgcCpf], h.CNPJCPF[:]); err != nil {
		return dst, err
	}
	if dst, err = e.text(dst, &f[hDst], h.Destino); err != nil {
		return dst, err
	}
	if dst, err = e.text(dst, &f[hDstIn], h.DestinoTipo); err != nil {
		return dst, err
	}
	return e.text(dst, &f[hVersao], h.Versao)
}

// appendConsolidado appends a BPA-C line.
func (e *encoder) appendConsolidado(dst []byte, c *Consolidado) ([]byte, error) {
	f := consolidadoFields
	dst = append(dst, "02"...)
	var err error
	if dst, err = e.id(dst, &f[cCNES], c.CNES[:]); err != nil {
		return dst, err
	}
	dst = e.comp(dst, &f[cCmp], c.Competencia)
	if dst, err = e.id(dst, &f[cCBO], c.CBO[:]); err != nil {
		return dst, err
	}
	if dst, err = e.uint(dst, &f[cFlh], c.Folha); err != nil {
		return dst, err
	}
	if dst, err = e.uint(dst, &f[cSeq], c.Seq); err != nil {
		return dst, err
	}
	if dst, err = e.id(dst, &f[cPA], c.Procedimento[:]); err != nil {
		return dst, err
	}
	if dst, err = e.uint(dst, &f[cIdade], c.Idade); err != nil {
		return dst, err
	}
	if dst, err = e.uint(dst, &f[cQt], c.Quantidade); err != nil {
		return dst, err
	}
	return e.text(dst, &f[cOrg], c.Origem)
}

// appendIndividualizado appends a BPA-I line in r's version (or e.version).
func (e *encoder) appendIndividualizado(dst []byte, r *Individualizado) ([]byte, error) {
	v := r.Version
	if v == 0 {
		v = e.version
		if v == 0 {
			v = VersionFor(r.Competencia)
		}
	}
	if v == V353 || !v.Known() {
		return dst, &FieldError{Field: "prd_ident", Err: fmt.Errorf("%w: %d", ErrVersion, v)}
	}
	f := individualizadoFields
	n := fieldCount(v)
	// Fields absent from the version must be empty.
	tail := [...]struct {
		empty bool
		idx   int
	}{{r.INE.IsZero(), iINE}, {r.CPF.IsZero(), iCPF}, {r.SituacaoRua == "", iSitRua}, {r.SemCPF == "", iSemCPF}}
	for _, t := range tail {
		if t.idx >= n && !t.empty {
			return dst, &FieldError{Field: f[t.idx].Name, Err: fmt.Errorf("%w %d", ErrNotInLayout, v)}
		}
	}
	dst = append(dst, "03"...)
	var err error
	step := func(out []byte, e error) bool {
		dst, err = out, e
		return err == nil
	}
	_ = step(e.id(dst, &f[iCNES], r.CNES[:])) &&
		step(e.comp(dst, &f[iCmp], r.Competencia), nil) &&
		step(e.id(dst, &f[iCNSMed], r.CNSProfissional[:])) &&
		step(e.id(dst, &f[iCBO], r.CBO[:])) &&
		step(e.date(dst, &f[iDtAten], r.DataAtendimento)) &&
		step(e.uint(dst, &f[iFlh], r.Folha)) &&
		step(e.uint(dst, &f[iSeq], r.Seq)) &&
		step(e.id(dst, &f[iPA], r.Procedimento[:])) &&
		step(e.id(dst, &f[iCNSPac], r.CNSPaciente[:])) &&
		step(e.text(dst, &f[iSexo], r.Sexo)) &&
		step(e.numText(dst, &f[iIBGE], r.IBGE)) &&
		step(e.id(dst, &f[iCID], r.CID[:])) &&
		step(e.uint(dst, &f[iIdade], r.Idade)) &&
		step(e.uint(dst, &f[iQt], r.Quantidade)) &&
		step(e.numText(dst, &f[iCaten], r.Carater)) &&
		step(e.numText(dst, &f[iNaut], r.Autorizacao)) &&
		step(e.text(dst, &f[iOrg], r.Origem)) &&
		step(e.text(dst, &f[iNmPac], r.Nome)) &&
		step(e.date(dst, &f[iDtNasc], r.DataNascimento)) &&
		step(e.numText(dst, &f[iRaca], r.Raca)) &&
		step(e.numText(dst, &f[iEtnia], r.Etnia)) &&
		step(e.numText(dst, &f[iNac], r.Nacionalidade)) &&
		step(e.numText(dst, &f[iSrv], r.Servico)) &&
		step(e.numText(dst, &f[iClf], r.Classificacao)) &&
		step(e.numText(dst, &f[iEqSeq], r.EquipeSeq)) &&
		step(e.numText(dst, &f[iEqArea], r.EquipeArea)) &&
		step(e.id(dst, &f[iCNPJ], r.CNPJ[:])) &&
		step(e.numText(dst, &f[iCEP], r.CEP)) &&
		step(e.numText(dst, &f[iLograd], r.Logradouro)) &&
		step(e.text(dst, &f[iEnd], r.Endereco)) &&
		step(e.text(dst, &f[iCompl], r.Complemento)) &&
		step(e.text(dst, &f[iNum], r.Numero)) &&
		step(e.text(dst, &f[iBairro], r.Bairro)) &&
		step(e.numText(dst, &f[iTel], r.Telefone)) &&
		step(e.text(dst, &f[iEmail], r.Email)) &&
		(n <= iINE || step(e.id(dst, &f[iINE], r.INE[:]))) &&
		(n <= iCPF || step(e.id(dst, &f[iCPF], r.CPF[:]))) &&
		(n <= iSitRua || step(e.text(dst, &f[iSitRua], r.SituacaoRua))) &&
		(n <= iSemCPF || step(e.text(dst, &f[iSemCPF], r.SemCPF)))
	return dst, err
}

// AppendText appends the header line (without CR LF).
func (h *Header) AppendText(dst []byte) ([]byte, error) {
	var e encoder
	return e.appendHeader(dst, h)
}

// AppendText appends the BPA-C line (without CR LF).
func (c *Consolidado) AppendText(dst []byte) ([]byte, error) {
	var e encoder
	return e.appendConsolidado(dst, c)
}

// AppendText appends the BPA-I line (without CR LF) in r.Version, or, when
// zero, in VersionFor(r.Competencia). A Writer uses its header's version
// instead.
func (r *Individualizado) AppendText(dst []byte) ([]byte, error) {
	var e encoder
	return e.appendIndividualizado(dst, r)
}

// printableASCII reports whether s holds only bytes 0x20–0x7E.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

func hasLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

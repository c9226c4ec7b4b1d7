package bpatest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/sigtap"
)

// Variant is a deliberately broken BPA file: a valid file with one
// defect, and what a validator must say about it. bpa.Validate reports
// exactly one problem for it, of code Code, on the line Apply returns —
// or, for the variants whose file is not readable at all, the reader
// stops with Err. The tests of this package prove it for every variant
// and every layout.
type Variant struct {
	// Name names the defect, in kebab case ("cns-check-digit").
	Name string
	// Code is the problem code bpa.Validate reports, once
	// (bpa.CodeCheckDigitCNS …); "" when Err is set.
	Code string
	// Severity is the severity of that problem (bpa.Erro or bpa.Aviso).
	Severity bpa.Severity
	// Err is the error that stops the reader instead (bpa.ErrNotBPA,
	// bpa.ErrEmpty: errors.Is matches it); nil when Code is set.
	Err error
	// Since is the first BPA-I layout the defect exists in (a CPF needs
	// layout 349); 0 for every layout.
	Since bpa.Version
	// Apply returns a broken copy of file, a valid BPA file written with
	// CR LF line ends such as File makes, and the line the problem is
	// reported on (0 for the whole file). The header's totals are
	// recomputed as a reader counts them, so the defect is the only one.
	// Apply fails with ErrNotApplicable when file has no line the defect
	// fits (a BPA-I line, mostly) or its layout predates Since.
	Apply func(file []byte) (broken []byte, line int, err error)
}

// ErrNotApplicable reports a file a Variant cannot break: no line fits
// the defect, or the file's layout predates it.
var ErrNotApplicable = errors.New("bpatest: the defect does not apply to this file")

// Broken returns the broken variants, one per defect: a bpa problem code
// (layout, domain, check digit, date, numbering, header totals, line
// ends, characters) or a reader error. Each call returns fresh values.
func Broken() []Variant {
	return []Variant{
		// Patient and professional identifiers.
		onI("cns-check-digit", bpa.CodeCheckDigitCNS, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) {
			r.CPF = cns.CPF{}
			r.SemCPF = blankUnless(r.Version, bpa.V351, "S")
			r.CNSPaciente = wrongDigit(patientCNS)
		}),
		onI("cpf-check-digit", bpa.CodeCheckDigitCPF, bpa.V349, func(r *bpa.Individualizado, _ sigtap.Competencia) {
			r.CNSPaciente = cns.CNS{}
			r.SemCPF = blankUnless(r.Version, bpa.V351, "N")
			c := patientCPF
			c[10] = '0' + (c[10]-'0'+1)%10
			r.CPF = c
		}),
		onI("cpf-and-cns", bpa.CodeCPFAndCNS, bpa.V349, func(r *bpa.Individualizado, _ sigtap.Competencia) {
			r.CPF, r.CNSPaciente = patientCPF, patientCNS
			r.SemCPF = blankUnless(r.Version, bpa.V351, "N")
		}),
		onI("cnsmed-blank", bpa.CodeCNSProf, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.CNSProfissional = cns.CNS{} }),
		onI("cbo-blank", bpa.CodeCBO, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.CBO = sigtap.CBO{} }),
		onI("cnes-blank", bpa.CodeCNES, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.CNES = cnes.Code{} }),
		onI("procedure-check-digit", bpa.CodeProcedimento, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) {
			r.Procedimento[9] = '0' + (r.Procedimento[9]-'0'+1)%10
		}),
		// Domains.
		onI("quantity-zero", bpa.CodeQuantidade, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.Quantidade = 0 }),
		onI("origem", bpa.CodeOrigem, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.Origem = "XYZ" }),
		onI("sexo", bpa.CodeSexo, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.Sexo = "X" }),
		onI("raca", bpa.CodeRaca, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.Raca, r.Etnia = "07", "" }),
		onI("etnia-without-raca-05", bpa.CodeEtnia, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.Raca, r.Etnia = "01", "0001" }),
		onI("carater", bpa.CodeCarater, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.Carater = "09" }),
		onI("servico-without-classificacao", bpa.CodeServico, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) {
			r.Servico, r.Classificacao = "121", ""
		}),
		onI("cep-zeros", bpa.CodeCEP, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.CEP = "00000000" }),
		onI("situacao-rua", bpa.CodeSituacaoRua, bpa.V350, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.SituacaoRua = "X" }),
		onI("sem-cpf", bpa.CodeSemCPF, bpa.V351, func(r *bpa.Individualizado, _ sigtap.Competencia) { r.SemCPF = "X" }),
		// Dates and age.
		onI("idade-calc", bpa.CodeIdadeCalc, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) {
			if r.Idade > 0 {
				r.Idade--
			} else {
				r.Idade++
			}
		}),
		onI("birth-after-attendance", bpa.CodeDataNascAfter, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) {
			r.DataNascimento = bpa.DateOf(r.DataAtendimento.Time().AddDate(0, 0, 1))
			r.Idade = 0
		}),
		onI("attendance-outside-competencia", bpa.CodeDataAtendCmp, 0, func(r *bpa.Individualizado, _ sigtap.Competencia) {
			first := r.Competencia.FirstDay()
			r.DataAtendimento = bpa.DateOf(first.AddDate(0, 0, -1))
			r.DataNascimento = bpa.DateOf(first.AddDate(-30, 0, -10))
			r.Idade = r.DataNascimento.YearsAt(r.DataAtendimento)
		}),
		onI("competencia-window", bpa.CodeCmpWindow, 0, func(r *bpa.Individualizado, mvm sigtap.Competencia) {
			r.Competencia = mvm.Add(-4)
			r.DataAtendimento = bpa.DateOf(r.Competencia.FirstDay().AddDate(0, 0, 9))
			r.DataNascimento = bpa.DateOf(r.Competencia.FirstDay().AddDate(-30, 0, 0))
			r.Idade = r.DataNascimento.YearsAt(r.DataAtendimento)
		}),
		// Numbering and header.
		duplicateSlot(),
		onHeader("header-lines", bpa.CodeHeaderLines, bpa.Erro, func(h *bpa.Header) { h.Lines++ }),
		onHeader("header-control", bpa.CodeControl, bpa.Erro, func(h *bpa.Header) { h.Control = 1111 + (h.Control-1111+1)%1111 }),
		onHeader("header-folhas", bpa.CodeHeaderFolhas, bpa.Aviso, func(h *bpa.Header) { h.Folhas++ }),
		// Structure of the lines.
		onLine("line-length", bpa.CodeLength, func(l []byte) []byte {
			// Longer, by bytes that are not blanks (a short line may be
			// one whose trailing blanks were trimmed: BPA-SHORT-LINE).
			l = append(l, 'X')
			for bpa.Version(len(l)).Known() {
				l = append(l, 'X') // not the length of another layout
			}
			return l
		}),
		onLine("non-digit", bpa.CodeDigits, func(l []byte) []byte {
			f, _ := bpa.FieldByName(bpa.TypeIndividualizado, bpa.Version(len(l)), "prd_idade")
			l[f.Start-1] = 'X'
			return l
		}),
		onLine("record-type", bpa.CodeRecordType, func(l []byte) []byte { l[0], l[1] = '0', '9'; return l }),
		onLine("utf8", bpa.CodeUTF8, utf8Line),
		onLine("control-character", bpa.CodeChars, func(l []byte) []byte {
			f, _ := bpa.FieldByName(bpa.TypeIndividualizado, bpa.Version(len(l)), "prd_bairro_pcnte")
			l[f.Start] = '\t'
			return l
		}),
		onFile("second-header", bpa.CodeHeaderPos, bpa.Erro, func(lines [][]byte) ([][]byte, int) {
			return append(lines, bytes.Clone(lines[0])), len(lines) + 1
		}),
		onFile("lf-line-ends", bpa.CodeLF, bpa.Aviso, nil),
		onFile("no-final-line-end", bpa.CodeNoFinalEOL, bpa.Aviso, nil),
		onFile("byte-order-mark", bpa.CodeBOM, bpa.Aviso, nil),
		onFile("empty-line", bpa.CodeEmptyLine, bpa.Aviso, func(lines [][]byte) ([][]byte, int) {
			return append(lines[:2:2], append([][]byte{{}}, lines[2:]...)...), 3
		}),
		onFile("eof-marker", bpa.CodeEOFMarker, bpa.Aviso, func(lines [][]byte) ([][]byte, int) {
			return append(lines, []byte{0x1A}), len(lines) + 1
		}),
		// Not a BPA file at all.
		{Name: "not-bpa", Err: bpa.ErrNotBPA, Apply: func(file []byte) ([]byte, int, error) {
			return []byte("NOME;CNS;PROCEDIMENTO\r\nMARIA;700000000000005;0301010072\r\n"), 0, nil
		}},
		{Name: "empty", Err: bpa.ErrEmpty, Apply: func(file []byte) ([]byte, int, error) { return []byte{}, 0, nil }},
	}
}

// Valid identifiers put on broken lines: synthetic, check digits right.
var (
	patientCNS = CNS(rand.New(rand.NewPCG(13, 1)))
	patientCPF = CPF(rand.New(rand.NewPCG(13, 2)))
)

// wrongDigit returns c with its check digit changed.
func wrongDigit(c cns.CNS) cns.CNS {
	c[14] = '0' + (c[14]-'0'+1)%10
	return c
}

// blankUnless returns s when layout v has the field added in since, "".
func blankUnless(v, since bpa.Version, s string) string {
	if v >= since {
		return s
	}
	return ""
}

// split cuts a CR LF file into its lines (without line ends).
func split(file []byte) ([][]byte, error) {
	if !bytes.HasSuffix(file, []byte("\r\n")) {
		return nil, fmt.Errorf("%w: the file does not end in CR LF", ErrNotApplicable)
	}
	lines := bytes.Split(file[:len(file)-2], []byte("\r\n"))
	if len(lines) < 2 || !bytes.HasPrefix(lines[0], []byte("01#BPA#")) {
		return nil, fmt.Errorf("%w: not a BPA file with production lines", ErrNotApplicable)
	}
	for i := range lines {
		lines[i] = bytes.Clone(lines[i])
	}
	return lines, nil
}

func join(lines [][]byte) []byte { return append(bytes.Join(lines, []byte("\r\n")), '\r', '\n') }

// splitAtI splits file into lines and finds its first BPA-I line; a file
// without one is ErrNotApplicable.
func splitAtI(file []byte) ([][]byte, int, error) {
	lines, err := split(file)
	if err != nil {
		return nil, 0, err
	}
	for i, l := range lines[1:] {
		if bytes.HasPrefix(l, []byte("03")) {
			return lines, i + 1, nil
		}
	}
	return nil, 0, fmt.Errorf("%w: no BPA-I line", ErrNotApplicable)
}

// retotal sets the header's cbc_lin, cbc_flh and cbc_smt_vrf to what a
// reader counts in the production lines.
func retotal(lines [][]byte) ([][]byte, error) {
	var h bpa.Header
	if err := h.UnmarshalText(lines[0]); err != nil {
		return nil, err
	}
	rd := bpa.NewReader(bytes.NewReader(join(lines)))
	var t bpa.Totals
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		var pe *bpa.ParseError
		if errors.As(err, &pe) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if _, ok := rec.(*bpa.Header); !ok {
			t.Add(rec)
		}
	}
	h.Lines, h.Control = rd.Totals()
	h.Folhas = t.Folhas()
	b, err := h.AppendText(nil)
	if err != nil {
		return nil, err
	}
	lines[0] = b
	return lines, nil
}

// onI is a variant that changes one field (or a few) of the file's first
// BPA-I record.
func onI(name, code string, since bpa.Version, change func(r *bpa.Individualizado, mvm sigtap.Competencia)) Variant {
	return Variant{Name: name, Code: code, Severity: bpa.Erro, Since: since, Apply: func(file []byte) ([]byte, int, error) {
		lines, i, err := splitAtI(file)
		if err != nil {
			return nil, 0, err
		}
		var h bpa.Header
		if err := h.UnmarshalText(lines[0]); err != nil {
			return nil, 0, err
		}
		var r bpa.Individualizado
		if err := r.UnmarshalText(lines[i]); err != nil {
			return nil, 0, err
		}
		if r.Version < since {
			return nil, 0, fmt.Errorf("%w: layout %v predates %v", ErrNotApplicable, r.Version, since)
		}
		change(&r, h.Competencia)
		if lines[i], err = r.AppendText(nil); err != nil {
			return nil, 0, err
		}
		if lines, err = retotal(lines); err != nil {
			return nil, 0, err
		}
		return join(lines), i + 1, nil
	}}
}

// onLine is a variant that damages the bytes of the first BPA-I line.
func onLine(name, code string, change func(line []byte) []byte) Variant {
	return Variant{Name: name, Code: code, Severity: bpa.Erro, Apply: func(file []byte) ([]byte, int, error) {
		lines, i, err := splitAtI(file)
		if err != nil {
			return nil, 0, err
		}
		lines[i] = change(lines[i])
		if lines, err = retotal(lines); err != nil {
			return nil, 0, err
		}
		return join(lines), i + 1, nil
	}}
}

// onHeader is a variant that changes the header alone.
func onHeader(name, code string, sev bpa.Severity, change func(h *bpa.Header)) Variant {
	return Variant{Name: name, Code: code, Severity: sev, Apply: func(file []byte) ([]byte, int, error) {
		lines, err := split(file)
		if err != nil {
			return nil, 0, err
		}
		var h bpa.Header
		if err := h.UnmarshalText(lines[0]); err != nil {
			return nil, 0, err
		}
		change(&h)
		if lines[0], err = h.AppendText(nil); err != nil {
			return nil, 0, err
		}
		return join(lines), 1, nil
	}}
}

// onFile is a variant that changes the lines of the file (change, when
// not nil, returns them and the line of the problem) or its line ends.
func onFile(name, code string, sev bpa.Severity, change func(lines [][]byte) ([][]byte, int)) Variant {
	return Variant{Name: name, Code: code, Severity: sev, Apply: func(file []byte) ([]byte, int, error) {
		lines, err := split(file)
		if err != nil {
			return nil, 0, err
		}
		line := 0
		if change != nil {
			lines, line = change(lines)
		}
		out := join(lines)
		switch code {
		case bpa.CodeLF:
			out = bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n"))
			line = 1
		case bpa.CodeNoFinalEOL:
			out = out[:len(out)-2]
			line = len(lines)
		case bpa.CodeBOM:
			out = append([]byte("\xef\xbb\xbf"), out...)
			line = 1
		}
		return out, line, nil
	}}
}

// duplicateSlot copies the first BPA-I line right after itself: the copy
// reuses its folha/seq slot.
func duplicateSlot() Variant {
	return Variant{Name: "duplicate-slot", Code: bpa.CodeSlot, Severity: bpa.Erro, Apply: func(file []byte) ([]byte, int, error) {
		lines, i, err := splitAtI(file)
		if err != nil {
			return nil, 0, err
		}
		lines = append(lines[:i+1], append([][]byte{bytes.Clone(lines[i])}, lines[i+1:]...)...)
		if lines, err = retotal(lines); err != nil {
			return nil, 0, err
		}
		return join(lines), i + 2, nil
	}}
}

// TooManyLines returns a BPA file of processing month mvm with one
// production line more than a file may hold (bpa.MaxLines + 1 BPA-C
// lines, about 50 MB), streamed without being held in memory: the reader
// stops with bpa.ErrTooManyLines on its last line.
func TooManyLines(mvm sigtap.Competencia) io.Reader {
	h := bpa.Header{Competencia: mvm, Lines: bpa.MaxLines, Folhas: 1, Control: 1111, Responsavel: "SECRETARIA MUNICIPAL DE SAUDE",
		Sigla: "SMSTST", Destino: "SECRETARIA MUNICIPAL DE SAUDE", DestinoTipo: "M", Versao: "GOSUS"}
	c := bpa.Consolidado{CNES: cnes.MustParseCode("7000001"), Competencia: mvm, CBO: CBOs[0], Folha: 1, Seq: 1,
		Procedimento: Procedures[0], Idade: 30, Quantidade: 1, Origem: "BPA"}
	head, err1 := h.AppendText(nil)
	line, err2 := c.AppendText(nil)
	if err := errors.Join(err1, err2); err != nil {
		panic(err) // constant, valid records
	}
	return io.MultiReader(bytes.NewReader(append(head, '\r', '\n')), &repeat{line: append(line, '\r', '\n'), n: bpa.MaxLines + 1})
}

// repeat reads line n times.
type repeat struct {
	line []byte
	n    int
	off  int
}

func (r *repeat) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 && r.n > 0 {
		k := copy(p, r.line[r.off:])
		p, total, r.off = p[k:], total+k, r.off+k
		if r.off == len(r.line) {
			r.off, r.n = 0, r.n-1
		}
	}
	if total == 0 && r.n == 0 {
		return 0, io.EOF
	}
	return total, nil
}

// utf8Line rewrites a BPA-I line in UTF-8, as a tool that ignores the
// Windows-1252 rule writes it: accented letters take two bytes. Letters
// of the patient's name become Ã until the line has one, and until its
// length is not that of another layout.
func utf8Line(l []byte) []byte {
	f, _ := bpa.FieldByName(bpa.TypeIndividualizado, bpa.Version(len(l)), "prd_nmpac")
	name := []rune(charset.Decode(l[f.Start-1 : f.End()]))
	head, tail := charset.Decode(l[:f.Start-1]), charset.Decode(l[f.End():])
	out := func() []byte { return []byte(head + string(name) + tail) }
	for i := 0; i < len(name); i++ {
		if b := out(); !charset.IsASCII(b) && !bpa.Version(len(b)).Known() {
			return b
		}
		if name[i] != 'Ã' {
			name[i] = 'Ã'
		}
	}
	return out()
}

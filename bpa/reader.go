package bpa

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
)

// DefaultMaxLineLength is the line cap used when Reader.MaxLineLength is 0.
// The longest legal line has 353 bytes.
const DefaultMaxLineLength = 4096

// Reader reads a BPA file line by line in constant memory.
//
// Read returns typed records; ReadView returns a zero-copy View of each
// line for fast paths. A bad line gives a *ParseError for that line and
// reading goes on with the next one. Reading stops, with an error that is
// not a *ParseError and is returned again by every later call, on an I/O
// error and on input that is not a BPA file at all:
//
//   - ErrEmpty: the input has no line (or only empty lines);
//   - ErrNotBPA: its first line does not start with the header's
//     "01#BPA#";
//   - ErrTooManyLines: more than MaxLines lines follow the header
//     (cbc_lin has six digits).
//
// File-level findings (line ends, BOM, old or mixed layouts, a header whose
// cbc_lin or control field disagree with the lines) are collected as
// Problems, complete once Read has returned io.EOF.
//
// The exported fields can be changed before the first read.
type Reader struct {
	// File names the input in errors ("bpa: FILE: line 7 …"). NewReader
	// sets it to the Name of an input that has one (an *os.File).
	File string
	// MaxLineLength caps the length of one line; a longer line is reported
	// with ErrLineTooLong and skipped without being held in memory. Zero
	// means DefaultMaxLineLength.
	MaxLineLength int
	// ReuseRecord makes Read return the same *Header, *Consolidado or
	// *Individualizado value for every line of that type, overwritten by
	// the next call, saving an allocation per line (like
	// encoding/csv.Reader.ReuseRecord). Copy a record to keep it.
	ReuseRecord bool

	reuseH Header
	reuseC Consolidado
	reuseI Individualizado

	controlFree bool // the line last decoded by Read holds no control character
	src         io.Reader
	br          *bufio.Reader
	num         int // current line number
	err         error
	eof         bool
	header      *Header
	first       bool // first non-empty line seen
	count       int  // lines after the first non-empty one (MaxLines)

	lines   int    // production lines (02 and 03)
	sum     uint64 // running control sum, mod 1111
	types   [4]int // lines per record type
	version Version
	want    Version // layout the header competência calls for

	lf, crlf   int
	crOnly     bool // lines end in CR alone (crOnlyInput)
	cr         int  // lines ended by CR alone
	empty      int
	firstLF    int
	firstEmpty int
	noFinalEOL bool
	bom        bool
	eofMarker  int
	vcount     [maxVersions]int // BPA-I lines per version (lay.versions order)
	vfirst     [maxVersions]int // first line of each version
	mixedLine  int
	short      int    // lines completed with spaces (paddedWidth)
	firstShort int    // the first of them
	pad        []byte // the last line so completed
}

// NewReader returns a Reader reading from r. When r has a Name method (an
// *os.File), File is set to its name.
func NewReader(r io.Reader) *Reader {
	rd := &Reader{src: r}
	if n, ok := r.(interface{ Name() string }); ok {
		rd.File = n.Name()
	}
	return rd
}

func (r *Reader) init() {
	max := r.MaxLineLength
	if max <= 0 {
		max = DefaultMaxLineLength
		r.MaxLineLength = max
	}
	size := 64 << 10
	if max+2 > size {
		size = max + 2
	}
	r.br = bufio.NewReaderSize(r.src, size)
}

// readLine returns the next line without its line end.
func (r *Reader) readLine() ([]byte, error) {
	if r.br == nil {
		r.init()
	}
	delim := byte('\n')
	if r.num == 0 && crOnlyInput(r.br) {
		r.crOnly = true
	}
	if r.crOnly {
		delim = '\r'
		if b, _ := r.br.Peek(1); len(b) == 1 && b[0] == '\n' {
			r.br.Discard(1) // the LF of a CR LF among CR line ends
		}
	}
	line, err := r.br.ReadSlice(delim)
	switch {
	case err == bufio.ErrBufferFull:
		r.num++
		n := r.num
		// A first line this long is no header: the input is not a BPA
		// file, and the caller stops without reading the rest of it.
		for r.first && err == bufio.ErrBufferFull {
			_, err = r.br.ReadSlice('\n')
		}
		if err != nil && err != io.EOF {
			r.err = err
		}
		return nil, &ParseError{File: r.File, Line: n, Err: lineTooLong(r.MaxLineLength)}
	case err == io.EOF:
		if len(line) == 0 {
			return nil, io.EOF
		}
		r.noFinalEOL = true
	case err != nil:
		r.err = err
		return nil, err
	}
	r.num++
	if n := len(line); r.crOnly && n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
		r.cr++
	} else if n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
			r.crlf++
		} else {
			if r.lf == 0 {
				r.firstLF = r.num
			}
			r.lf++
		}
	}
	if r.num == 1 && bytes.HasPrefix(line, []byte("\xEF\xBB\xBF")) {
		r.bom = true
		line = line[3:]
	}
	if len(line) > r.MaxLineLength {
		return nil, &ParseError{File: r.File, Line: r.num, Err: lineTooLong(r.MaxLineLength)}
	}
	return line, nil
}

// crOnlyInput reports whether the input's first line ends in a CR that no
// LF follows: the line ends of a file written with CR alone, which the
// Reader then splits at every CR (warning CodeCR).
func crOnlyInput(br *bufio.Reader) bool {
	b, _ := br.Peek(SniffLen)
	i := bytes.IndexAny(b, "\r\n")
	return i >= 0 && b[i] == '\r' && i+1 < len(b) && b[i+1] != '\n'
}

// ReadView returns a View of the next line. Its record type and length are
// checked; a line that fails gives a *ParseError (reading can go on). At the
// end of the input it returns io.EOF.
func (r *Reader) ReadView() (View, error) {
	if r.err != nil {
		return View{}, r.err
	}
	for {
		if r.eof {
			return View{}, io.EOF
		}
		line, err := r.readLine()
		if err == io.EOF {
			if !r.first {
				return View{}, r.fatal(0, ErrEmpty)
			}
			r.finish()
			return View{}, io.EOF
		}
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				return View{}, err // I/O error, kept in r.err
			}
			// A line too long to be held.
			if !r.first {
				return View{}, r.fatal(0, ErrNotBPA)
			}
			if r.count++; r.count > MaxLines {
				return View{}, r.fatal(r.num, ErrTooManyLines)
			}
			return View{}, err
		}
		if len(line) == 0 {
			if r.empty == 0 {
				r.firstEmpty = r.num
			}
			r.empty++
			continue
		}
		if len(line) == 1 && line[0] == 0x1A {
			r.eofMarker = r.num
			continue
		}
		if !r.first {
			r.first = true
			if !hasMarker(line) {
				return View{}, r.fatal(0, ErrNotBPA)
			}
		} else if r.count++; r.count > MaxLines {
			return View{}, r.fatal(r.num, ErrTooManyLines)
		}
		return r.classify(line)
	}
}

// fatal stops the reader with an error about the whole input.
func (r *Reader) fatal(line int, err error) error {
	r.err = &fileError{file: r.File, line: line, err: err}
	return r.err
}

// classify checks the type and length of a line and keeps the totals.
func (r *Reader) classify(line []byte) (View, error) {
	t := recordTypeOf(line)
	if w := r.paddedWidth(t, line); w > 0 {
		r.pad = append(append(r.pad[:0], line...), spaces[:w-len(line)]...)
		line = r.pad
		if r.short == 0 {
			r.firstShort = r.num
		}
		r.short++
	}
	v := View{line: line, num: r.num, typ: t, file: r.File}
	switch {
	case t == TypeIndividualizado && lay.index(Version(len(line))) >= 0:
		free, high := scanLine(line)
		if err := utf8ErrorAt(line, t, high); err != nil {
			return View{}, r.lineError(t, err)
		}
		v.ver, v.shaped, v.free = Version(len(line)), true, free
		if v.ver != r.version || r.mixedLine != 0 {
			r.noteVersion(v.ver)
		} else {
			r.vcount[lay.index(v.ver)]++
		}
		v.term, v.termOK = controlTerm(line[iPAStart:iPAStart+10], line[iQtStart:iQtStart+6])
	case t == TypeConsolidado && len(line) == ConsolidadoWidth:
		v.term, v.termOK = controlTerm(line[cPAStart:cPAStart+10], line[cQtStart:cQtStart+6])
	case t == TypeHeader && len(line) == HeaderWidth:
		r.types[t]++
		if r.num != 1 || r.header != nil {
			return View{}, &ParseError{File: r.File, Line: r.num, Column: 1, Err: ErrHeaderPos}
		}
		h := &Header{Line: r.num}
		if h.UnmarshalText(line) == nil {
			r.header = h
			if !h.Competencia.IsZero() {
				r.want = VersionFor(h.Competencia)
			}
		}
		return v, nil
	case t == 0:
		return View{}, &ParseError{File: r.File, Line: r.num, Column: 1, Err: ErrRecordType}
	default:
		return View{}, r.lineError(t, lengthError(line, t))
	}
	r.types[t]++
	r.lines++
	if v.termOK {
		r.sum = (r.sum + v.term%1111) % 1111
	}
	return v, nil
}

// lineError counts a line of type t that cannot be read and returns err
// for it.
func (r *Reader) lineError(t RecordType, err *ParseError) *ParseError {
	r.types[t]++
	if t != TypeHeader {
		r.lines++
	}
	err.File, err.Line = r.File, r.num
	return err
}

// paddedWidth returns the width to which a line shorter than its layout is
// completed with spaces, or 0 when it is not. Some writers trim the blanks
// that end a record; the Reader restores them, and says so (CodeShortLine),
// when nothing else can explain the short line:
//
//   - the line ended with its line end: a last line cut off (a file
//     half-written) has none and keeps its length error;
//   - what is missing covers only fields that may be all spaces (text
//     fields, NUM fields whose blank default is spaces), so a line cut
//     before a field that cannot be blank keeps its length error;
//   - a BPA-I line takes the layout its header's competência calls for
//     (VersionFor); a line of an older layout's exact length is read in
//     that layout, and without a valid header nothing is completed.
func (r *Reader) paddedWidth(t RecordType, line []byte) int {
	if r.noFinalEOL {
		return 0
	}
	return paddedWidth(t, len(line), r.want)
}

// paddedWidth is Reader.paddedWidth for a line of n bytes, ended by its
// line end, in a file whose header calls for BPA-I layout want.
func paddedWidth(t RecordType, n int, want Version) int {
	if t == TypeIndividualizado && lay.index(Version(n)) >= 0 {
		return 0 // a layout of its own
	}
	fields, w := table(t, want), Width(t, want)
	if len(fields) == 0 || n >= w || n < blankTail(fields, w) {
		return 0
	}
	return w
}

// blankTail returns the 0-based start of the longest run of fields ending
// a record of width w that may all be spaces (see checkNum).
func blankTail(fields []Field, w int) int {
	start := w
	for k := len(fields) - 1; k > 0; k-- {
		f := &fields[k]
		if f.Kind == numKind && f.Blank != brancos && f.Flags&LeftAligned == 0 {
			break
		}
		start = f.Start - 1
	}
	return start
}

// spaces completes short lines (paddedWidth).
var spaces = bytes.Repeat([]byte{' '}, 512)

// Fixed 0-based offsets of prd_pa and prd_qt, checked by a test against
// the tables.
const (
	cPAStart = 26
	cQtStart = 39
	iPAStart = 49
	iQtStart = 88
)

// controlTerm parses the ten digits of pa and six of qt and returns their
// sum; false when either holds a non-digit.
func controlTerm(pa, qt []byte) (uint64, bool) {
	var a, b uint64
	for _, c := range pa {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		a = a*10 + uint64(d)
	}
	for _, c := range qt {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		b = b*10 + uint64(d)
	}
	return a + b, true
}

func (r *Reader) noteVersion(v Version) {
	i := lay.index(v)
	if r.vcount[i] == 0 {
		r.vfirst[i] = r.num
		if r.version == 0 {
			r.version = v
		} else if r.mixedLine == 0 {
			r.mixedLine = r.num
		}
	}
	r.vcount[i]++
}

// layoutCounts returns the BPA-I lines older and newer than the header's
// layout and of the 353 variant, with the first line of each.
func (r *Reader) layoutCounts() (old, oldFirst, newer, newFirst, v353, v353First int) {
	first := func(cur, f int) int {
		if cur == 0 || f < cur {
			return f
		}
		return cur
	}
	for i := range lay.versions {
		n, vi := r.vcount[i], &lay.versions[i]
		if n == 0 {
			continue
		}
		v := vi.v
		switch {
		case vi.readOnly:
			v353, v353First = n, r.vfirst[i]
		case r.want != 0 && v < r.want:
			old, oldFirst = old+n, first(oldFirst, r.vfirst[i])
		case r.want != 0 && v > r.want:
			newer, newFirst = newer+n, first(newFirst, r.vfirst[i])
		}
	}
	return
}

func (r *Reader) finish() { r.eof = true }

// Read returns the next record: a *Header, *Consolidado or *Individualizado
// (a new value each time). A line that cannot be parsed gives a *ParseError
// and the next call goes on with the following line; io.EOF ends the input.
func (r *Reader) Read() (Record, error) {
	v, err := r.ReadView()
	if err != nil {
		return nil, err
	}
	r.controlFree = v.ControlFree()
	if !r.ReuseRecord {
		return v.Decode()
	}
	var rec Record
	switch v.typ {
	case TypeHeader:
		r.reuseH.Line = v.num
		rec = &r.reuseH
	case TypeConsolidado:
		r.reuseC.Line = v.num
		rec = &r.reuseC
	default:
		r.reuseI.Line = v.num
		rec = &r.reuseI
	}
	return rec, v.decodeInto(rec)
}

// ControlFree reports whether the line of the record last returned by
// Read holds no control character (View.ControlFree), so that validating
// the record may skip the character check (Context.ControlFree).
func (r *Reader) ControlFree() bool { return r.controlFree }

// All returns an iterator over the records, for range loops. A bad line is
// yielded as (nil, *ParseError) and iteration goes on; an error that stops
// the reader (I/O, ErrNotBPA, ErrEmpty, ErrTooManyLines) is yielded last.
// io.EOF is not yielded.
func (r *Reader) All() iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return
			}
			if !yield(rec, err) {
				return
			}
			if err != nil && !isParseError(err) {
				return
			}
		}
	}
}

func isParseError(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe)
}

// Header returns the file's header once the first line has been read, or
// nil when the file has no valid header on line 1.
func (r *Reader) Header() *Header { return r.header }

// LineNumber returns the number of the last line read.
func (r *Reader) LineNumber() int { return r.num }

// Totals returns what the reader counted so far: production lines (02 and
// 03, including bad ones) and the control field computed from them (1111
// plus the sum of prd_pa + prd_qt mod 1111).
func (r *Reader) Totals() (lines, control int) { return r.lines, int(r.sum) + 1111 }

// Version returns the BPA-I layout of the first BPA-I line (0 when none).
func (r *Reader) Version() Version { return r.version }

// Problems returns the file-level findings: warnings about line ends, BOM,
// empty lines, old, bpa-go or mixed layouts and header totals. The list is
// complete after io.EOF.
func (r *Reader) Problems() []Problem { return r.problems(true) }

func (r *Reader) problems(totals bool) []Problem {
	var ps []Problem
	warn := func(code string, line int, msg, facts string) {
		ps = append(ps, Problem{Code: code, Severity: Aviso, Line: line, Message: msg, Facts: facts})
	}
	if r.bom {
		warn(CodeBOM, 1, "MARCA DE ORDEM DE BYTES UTF-8 (BOM) REMOVIDA", "arquivos BPA são gravados em Windows-1252")
	}
	if r.cr > 0 {
		warn(CodeCR, 1, "LINHAS TERMINADAS SO EM CR, SEM LF", firstOf(r.cr, "linha", "linhas")+" 1")
	}
	if r.lf > 0 {
		warn(CodeLF, r.firstLF, "LINHA TERMINADA SO EM LF, SEM CR", firstOf(r.lf, "linha", "linhas")+" "+strconv.Itoa(r.firstLF))
	}
	if r.noFinalEOL {
		warn(CodeNoFinalEOL, r.num, "ULTIMA LINHA SEM CR LF", "")
	}
	if r.empty > 0 {
		warn(CodeEmptyLine, r.firstEmpty, "LINHAS VAZIAS IGNORADAS", firstOf(r.empty, "linha vazia", "linhas vazias")+" "+strconv.Itoa(r.firstEmpty))
	}
	if r.eofMarker > 0 {
		warn(CodeEOFMarker, r.eofMarker, "CARACTERE DE FIM DE ARQUIVO DO DOS (0X1A) IGNORADO", "")
	}
	if r.short > 0 {
		warn(CodeShortLine, r.firstShort, "LINHA MAIS CURTA QUE O LAYOUT COMPLETADA COM BRANCOS",
			firstOf(r.short, "linha", "linhas")+" "+strconv.Itoa(r.firstShort)+"; os brancos finais do registro faltavam")
	}
	oldCount, oldFirst, newCount, newFirst, v353Count, v353First := r.layoutCounts()
	if oldCount > 0 {
		warn(CodeLayoutOld, oldFirst, "LAYOUT BPA-I MAIS ANTIGO QUE O DA COMPETENCIA DO CABECALHO", firstOf(oldCount, "linha BPA-I", "linhas BPA-I")+" "+strconv.Itoa(oldFirst))
	}
	if newCount > 0 {
		warn(CodeLayoutNew, newFirst, "LAYOUT BPA-I MAIS NOVO QUE O DA COMPETENCIA DO CABECALHO", firstOf(newCount, "linha BPA-I", "linhas BPA-I")+" "+strconv.Itoa(newFirst))
	}
	if v353Count > 0 {
		warn(CodeLayout353, v353First, "LINHA BPA-I DE 353 BYTES (VARIANTE DO BPA-GO)",
			firstOf(v353Count, "linha", "linhas")+" "+strconv.Itoa(v353First)+"; lidas no layout de 2026 (byte 350 prd_situacao_rua, 351 prd_sem_cpf) mais 2 bytes reservados")
	}
	if r.mixedLine > 0 {
		warn(CodeLayoutMixed, r.mixedLine, "LINHAS BPA-I DE MAIS DE UM LAYOUT NO MESMO ARQUIVO", "")
	}
	if totals && r.eof && r.header != nil {
		lines, ctrl := r.Totals()
		if r.header.Lines != lines {
			warn(CodeHeaderLines, r.header.Line, msgHeaderLines, fmt.Sprintf("cbc_lin %d, linhas de produção no arquivo %d", r.header.Lines, lines))
			ps[len(ps)-1].Field = "cbc_lin"
			ps[len(ps)-1].Column = hdrLin.Start
		}
		if r.header.Control != ctrl {
			warn(CodeControl, r.header.Line, msgControl, fmt.Sprintf("cbc_smt_vrf %d, calculado pelas linhas %d", r.header.Control, ctrl))
			ps[len(ps)-1].Field = "cbc_smt_vrf"
			ps[len(ps)-1].Column = hdrCtrl.Start
		}
	}
	return ps
}

// Messages of the header totals, shared by the Reader and the Validator.
const (
	msgHeaderLines  = "NUMERO DE LINHAS DO CABECALHO DIFERE DO ARQUIVO"
	msgHeaderFolhas = "NUMERO DE FOLHAS DO CABECALHO DIFERE DO CONTADO"
	msgControl      = "CAMPO DE CONTROLE DO CABECALHO INCORRETO"
)

// firstOf says how many lines and where the first is: "1 linha, na linha"
// or "3 linhas, a primeira na linha" (the caller appends the number).
func firstOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one + ", na linha"
	}
	return strconv.Itoa(n) + " " + many + ", a primeira na linha"
}

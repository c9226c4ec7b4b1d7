package remessa

import (
	"hash/maphash"
	"slices"
	"strconv"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// cmpInstrumentoUnico is when one instrument per procedure per CNES per
// competência became the rule (PT 1.362/2013, LEIAME 02.65).
var cmpInstrumentoUnico = sigtap.MustParseCompetencia("201401")

// crossInfo is what the ordered stage needs from the per-line stage.
type crossInfo struct {
	proc       bool // procedure found in SIGTAP
	maxQt      int  // QT_MAXIMA_EXECUCAO, -1 when not applicable
	exempt0001 bool // procedure under regra 0001: both instruments allowed
	patient    patientID
	date       bpa.Date
}

// patientID identifies a patient: 'P' + CPF or 'N' + CNS.
type patientID [16]byte

func (c *crossInfo) fill(ctx *Contexto, f *procInfo) {
	c.maxQt = -1
	if f != nil {
		c.proc = true
		if f.proc.MaxQuantity.Applies() {
			c.maxQt = int(f.proc.MaxQuantity)
		}
		c.exempt0001 = f.regra0001
	}
	if i := ctx.I; i != nil {
		c.date = i.DataAtendimento
		switch {
		case !i.CPF.IsZero():
			c.patient[0] = 'P'
			copy(c.patient[1:], i.CPF[:])
		case !i.CNSPaciente.IsZero():
			c.patient[0] = 'N'
			copy(c.patient[1:], i.CNSPaciente[:])
		}
	}
}

type instrKey struct {
	cnes cnes.Code
	cmp  sigtap.Competencia
	code sigtap.Code
}

type instrFirst struct {
	inst Instrumento
	file int32 // index of the file in the run
	line int32
}

type qtyKey struct {
	patient patientID
	code    sigtap.Code
	cmp     sigtap.Competencia
}

// dupKey identifies an attendance inside a numbering key (which already
// fixes the establishment, professional, CBO and competência).
type dupKey struct {
	patient patientID
	code    sigtap.Code
	date    bpa.Date
}

// keyState is what the cross-line rules remember per numbering key
// (bpa.NumberingKey: CNES, professional, CBO, competência). Lines of a key
// come together in BPA-Mag files, so per-key state stays in cache.
type keyState struct {
	file int32     // the file whose slots runs holds (slots are per file)
	runs []slotRun // used folha/seq slots as sorted, disjoint runs
	dups lineSet   // attendances (dupKey hashes) → first line, set-wide (fileRun.base + line)
}

// slotRun is a run of consecutive slots (folha·100 + seq).
type slotRun struct{ lo, hi int32 }

// use marks slot used and reports whether it was used before. Numbering
// in order extends the last run in O(1).
func (k *keyState) use(slot int32) bool {
	n := len(k.runs)
	if n > 0 && slot == k.runs[n-1].hi+1 {
		k.runs[n-1].hi = slot
		return false
	}
	i, _ := slices.BinarySearchFunc(k.runs, slot, func(r slotRun, s int32) int {
		switch {
		case r.hi < s:
			return -1
		case r.lo > s:
			return 1
		}
		return 0
	})
	if i < n && k.runs[i].lo <= slot && slot <= k.runs[i].hi {
		return true
	}
	// Join the neighbouring runs when the slot bridges them.
	switch {
	case i > 0 && k.runs[i-1].hi+1 == slot && i < n && k.runs[i].lo-1 == slot:
		k.runs[i-1].hi = k.runs[i].hi
		k.runs = slices.Delete(k.runs, i, i+1)
	case i > 0 && k.runs[i-1].hi+1 == slot:
		k.runs[i-1].hi = slot
	case i < n && k.runs[i].lo-1 == slot:
		k.runs[i].lo = slot
	default:
		k.runs = slices.Insert(k.runs, i, slotRun{slot, slot})
	}
	return false
}

// crossState holds what cross-line rules remember, bounded by their keys,
// never by the lines themselves:
//   - per establishment × competência × procedure, the first instrument
//     (a Go map entry of about 64 bytes; thousands of keys in a month);
//   - per patient × procedure × competência, the quantity so far (a 64-bit
//     hash and an int32 in a lineSet: 12 bytes a slot, at most 15 bytes a
//     key once sized);
//   - per attendance (numbering key × patient × procedure × date), the
//     first line, in one lineSet per numbering key (its lines come
//     together, so the look-ups stay in cache): 12 bytes a slot, about 18
//     bytes a key as the tables grow by half;
//   - per numbering key, the used folha/seq slots of the current file as
//     runs (a few tens of bytes a key).
//
// A month of 10 million BPA-I lines thus keeps about 250 MB. A 64-bit hash
// collision — about 3·10⁻⁶ for ten million keys — could report a false
// duplicate attendance or quantity.
type crossState struct {
	seed    maphash.Seed
	instr   map[instrKey]instrFirst
	qty     lineSet
	keys    map[bpa.NumberingKey]*keyState
	lastKey bpa.NumberingKey
	last    *keyState
}

func (s *crossState) init() {
	s.seed = maphash.MakeSeed()
	s.instr = map[instrKey]instrFirst{}
	s.keys = map[bpa.NumberingKey]*keyState{}
}

func (s *crossState) key(k bpa.NumberingKey) *keyState {
	if s.last != nil && k == s.lastKey {
		return s.last
	}
	ks := s.keys[k]
	if ks == nil {
		ks = &keyState{}
		s.keys[k] = ks
	}
	s.lastKey, s.last = k, ks
	return ks
}

// maxPresize bounds the lines the tables are sized for before any line is
// read (the header totals are the file's word, not yet checked).
const maxPresize = 16 << 20

// presize sizes the tables for n lines, saving the rehashing of growing
// tables.
func (s *crossState) presize(n int) {
	n = min(max(n, 0), maxPresize)
	s.qty = newLineSet(n / 2)
}

// apply runs the cross-line rules on a judged line of fr, in set order.
func (s *crossState) apply(r *run, fr *fileRun, j *job) {
	res, ci := &j.res, &j.cross
	line := int32(res.Line)
	add := func(code Code, sev Severity, msg, facts string) {
		if r.disabled[code] {
			return
		}
		field := ""
		if ck := checkByCode[code]; ck != nil {
			field = ck.Field
			if msg == "" {
				msg = ck.Message
			}
		}
		res.Criticas = append(res.Criticas, Critica{Code: code, Severity: sev, Line: res.Line, Field: field, Message: msg, Facts: facts})
	}

	// Duplicate folha/seq slot in the numbering key, within the file.
	ks := s.key(bpa.KeyOf(j.rec))
	if ks.file != fr.idx {
		ks.file, ks.runs = fr.idx, ks.runs[:0]
	}
	if res.Folha >= 0 && res.Folha < 10000 && res.Seq >= 0 && res.Seq < 100 {
		if ks.use(int32(res.Folha*100 + res.Seq)) {
			add(Code(bpa.CodeSlot), Erro, "", "folha "+strconv.Itoa(res.Folha)+" seq "+strconv.Itoa(res.Seq)+" já usada na mesma chave de numeração")
		}
	}

	if !ci.proc {
		return
	}
	// One instrument per procedure per CNES per competência.
	if !ci.exempt0001 && !res.Competencia.Before(cmpInstrumentoUnico) {
		ik := instrKey{res.CNES, res.Competencia, res.Procedimento}
		if first, ok := s.instr[ik]; !ok {
			s.instr[ik] = instrFirst{res.Instrumento, fr.idx, line}
		} else if first.inst != res.Instrumento {
			msg := "PROCED.JA INFORMADO EM BPA-I"
			if first.inst == BPAC {
				msg = "PROCED.JA INFORMADO EM BPA-C"
			}
			add(CodeInstrumentoDuplicado, Erro, msg, res.Procedimento.String()+" já informado em "+string(first.inst)+" na "+r.where(fr, first.file, first.line))
		}
	}
	// Quantity per patient per procedure per competência.
	if ci.maxQt >= 0 {
		total := res.Quantidade
		if ci.patient[0] != 0 {
			total = int(s.qty.add(maphash.Comparable(s.seed, qtyKey{ci.patient, res.Procedimento, res.Competencia}), int32(min(res.Quantidade, 1<<30))))
		}
		if total > ci.maxQt {
			facts := "quantidade " + strconv.Itoa(res.Quantidade)
			if total != res.Quantidade {
				facts = "total do paciente " + strconv.Itoa(total) + " em " + res.Competencia.Format()
			}
			add(CodeQuantidade, Erro, "", facts+" > QT_MAXIMA_EXECUCAO "+strconv.Itoa(ci.maxQt)+" de "+res.Procedimento.String())
		}
	}
	// Same attendance twice.
	if ci.patient[0] != 0 && j.rec.Type() == bpa.TypeIndividualizado {
		h := maphash.Comparable(s.seed, dupKey{ci.patient, res.Procedimento, ci.date})
		if first, dup := ks.dups.firstOrSet(h, fr.base+line); dup {
			ff := r.fileOf(fr, first)
			add(CodeLinhaDuplicada, Aviso, "", "mesmo paciente, procedimento, data e profissional da "+r.where(fr, ff.idx, first-ff.base))
		}
	}
}

// where names line of file f as seen from a line of fr: "linha 12", or
// "linha 12 do arquivo PA1.JAN" for another file.
func (r *run) where(fr *fileRun, f, line int32) string {
	s := "linha " + strconv.Itoa(int(line))
	if f != fr.idx {
		s += " do arquivo " + r.files[f].name
	}
	return s
}

// fileOf returns the file, up to fr, whose set-wide line numbers hold g.
func (r *run) fileOf(fr *fileRun, g int32) *fileRun {
	i, found := slices.BinarySearchFunc(r.files[:fr.idx+1], g, func(f *fileRun, g int32) int {
		switch {
		case f.base > g:
			return 1
		case f.base < g:
			return -1
		}
		return 0
	})
	if !found {
		i--
	}
	return r.files[max(i, 0)]
}

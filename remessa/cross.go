package remessa

import (
	"hash/maphash"
	"strconv"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// cmpInstrumentoUnico is when one instrument per procedure per CNES per
// competência became the rule (PT 1.362/2013, LEIAME 02.65).
var cmpInstrumentoUnico = sigtap.MustCompetencia("201401")

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

func (c *crossInfo) fill(ctx *Contexto) {
	c.maxQt = -1
	if p := ctx.Procedure; p != nil {
		c.proc = true
		if p.MaxQuantity.Applies() {
			c.maxQt = int(p.MaxQuantity)
		}
		c.exempt0001 = ctx.Release.HasRegra(ctx.Procedimento, sigtap.RegraRegistroBPAI) == sigtap.Yes
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
	line int32
}

type qtyKey struct {
	patient patientID
	code    sigtap.Code
	cmp     sigtap.Competencia
}

type slotKey struct {
	typ        bpa.RecordType
	cnes       cnes.Code
	prof       cns.CNS
	cbo        sigtap.CBO
	cmp        sigtap.Competencia
	folha, seq int32
}

type dupKey struct {
	patient patientID
	code    sigtap.Code
	date    bpa.Date
	prof    cns.CNS
	cbo     sigtap.CBO
}

// crossState holds what cross-line rules remember: hashes of keys (8
// bytes each) rather than the keys, so a million-line file stays within a
// few tens of megabytes. A 64-bit hash collision — about 3·10⁻⁸ for a
// million keys — could report a false duplicate.
type crossState struct {
	seed  maphash.Seed
	instr map[instrKey]instrFirst
	qty   map[uint64]int32
	slots map[uint64]int32
	dups  map[uint64]int32
}

func (s *crossState) init() {
	s.seed = maphash.MakeSeed()
	s.instr = map[instrKey]instrFirst{}
	s.qty = map[uint64]int32{}
	s.slots = map[uint64]int32{}
	s.dups = map[uint64]int32{}
}

// apply runs the cross-line rules on a judged line, in file order.
func (s *crossState) apply(r *run, j *job) {
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

	// Duplicate folha/seq slot in the numbering key.
	k := bpa.KeyOf(j.rec)
	sk := slotKey{typ: k.Type, cnes: k.CNES, prof: k.CNSProfissional, cbo: k.CBO, cmp: k.Competencia, folha: int32(res.Folha), seq: int32(res.Seq)}
	if h := maphash.Comparable(s.seed, sk); true {
		if first, ok := s.slots[h]; ok {
			add(Code(bpa.CodeSlot), Erro, "", "folha "+strconv.Itoa(res.Folha)+" seq "+strconv.Itoa(res.Seq)+" already used at line "+strconv.Itoa(int(first)))
		} else {
			s.slots[h] = line
		}
	}

	if !ci.proc {
		return
	}
	// One instrument per procedure per CNES per competência.
	if !ci.exempt0001 && !res.Competencia.Before(cmpInstrumentoUnico) {
		ik := instrKey{res.CNES, res.Competencia, res.Procedimento}
		if first, ok := s.instr[ik]; !ok {
			s.instr[ik] = instrFirst{res.Instrumento, line}
		} else if first.inst != res.Instrumento {
			msg := "PROCED.JA INFORMADO EM BPA-I"
			if first.inst == BPAC {
				msg = "PROCED.JA INFORMADO EM BPA-C"
			}
			add(CodeInstrumentoDuplicado, Erro, msg, res.Procedimento.String()+" already in "+string(first.inst)+" at line "+strconv.Itoa(int(first.line)))
		}
	}
	// Quantity per patient per procedure per competência.
	if ci.maxQt >= 0 {
		total := res.Quantidade
		if ci.patient[0] != 0 {
			h := maphash.Comparable(s.seed, qtyKey{ci.patient, res.Procedimento, res.Competencia})
			total += int(s.qty[h])
			s.qty[h] = int32(min(total, 1<<30))
		}
		if total > ci.maxQt {
			facts := "quantity " + strconv.Itoa(res.Quantidade)
			if total != res.Quantidade {
				facts = "patient total " + strconv.Itoa(total) + " in " + res.Competencia.String()
			}
			add(CodeQuantidade, Erro, "", facts+" > QT_MAXIMA_EXECUCAO "+strconv.Itoa(ci.maxQt)+" of "+res.Procedimento.String())
		}
	}
	// Same attendance twice.
	if ci.patient[0] != 0 && j.rec.Type() == bpa.TypeIndividualizado {
		i := j.rec.(*bpa.Individualizado)
		h := maphash.Comparable(s.seed, dupKey{ci.patient, res.Procedimento, ci.date, i.CNSProfissional, i.CBO})
		if first, ok := s.dups[h]; ok {
			add(CodeLinhaDuplicada, Aviso, "", "same patient, procedure, date and professional as line "+strconv.Itoa(int(first)))
		} else {
			s.dups[h] = line
		}
	}
}

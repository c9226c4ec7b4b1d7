package bpa

import "github.com/go-sus/sus/sigtap"

// MaxLines is the most production lines one file can describe: cbc_lin has
// six digits.
const MaxLines = 999999

// FolhaRule selects how cbc_flh is counted. Nothing public gives BPA-Mag's
// exact rule (docs/bpa.md §3.2), so it is configurable.
type FolhaRule uint8

// Folha counting rules.
const (
	// FolhaPerKey counts the distinct BPA-C folhas per CNES plus the
	// distinct BPA-I folhas per (CNES, CNS profissional, CBO, competência):
	// the folhas BPA-Mag's numbering creates (docs/bpa.md §10; inference).
	FolhaPerKey FolhaRule = iota
	// FolhaPerNumber counts distinct (record type, prd_flh) pairs, as the
	// MarceBrands validator does.
	FolhaPerNumber
)

// Totals accumulates the header's computed fields over production records:
// cbc_lin, cbc_flh and cbc_smt_vrf. The zero value is ready to use. Folhas
// are remembered as 64-bit hashes of their numbering key and number, with
// the set of seqs used in each (a few dozen bytes per folha), which also
// tells the writers about a folha/seq slot used twice.
type Totals struct {
	Rule FolhaRule // set before the first Add

	lines   int
	sum     uint64              // mod 1111
	slots   map[uint64]int32    // per (numbering key, folha): its index in sets
	sets    []seqSet            // the seqs used in each folha
	numbers map[uint64]struct{} // FolhaPerNumber: distinct (record type, folha)
}

// seqSet is a set of seqs 0–127.
type seqSet [2]uint64

// hasher is FNV-1a, 64 bits.
type hasher uint64

func newHasher() hasher { return 14695981039346656037 }

func (h hasher) bytes(b []byte) hasher {
	for _, c := range b {
		h ^= hasher(c)
		h *= 1099511628211
	}
	return h
}

func (h hasher) int(v int) hasher {
	for i := 0; i < 4; i++ {
		h ^= hasher(byte(v >> (8 * i)))
		h *= 1099511628211
	}
	return h
}

// keyC and keyI hash the numbering keys of docs/bpa.md §3.3.
func keyC(cnes []byte) hasher { return newHasher().bytes([]byte{2}).bytes(cnes) }

func keyI(cnes, cnsProf, cbo []byte, cmp int) hasher {
	return newHasher().bytes([]byte{3}).bytes(cnes).bytes(cnsProf).bytes(cbo).int(cmp)
}

func (t *Totals) addTerm(pa uint64, qt int) {
	t.lines++
	t.sum = (t.sum + pa%1111 + uint64(qt)%1111) % 1111
}

// addSlot records seq in the folha whose key (numbering key and folha
// number) hashes to h, unless dupCheck finds it already there: then it
// changes nothing and returns true.
func (t *Totals) addSlot(h hasher, seq int, dupCheck bool) bool {
	if t.slots == nil {
		t.slots = make(map[uint64]int32)
	}
	i, ok := t.slots[uint64(h)]
	if !ok {
		i = int32(len(t.sets))
		t.sets = append(t.sets, seqSet{})
		t.slots[uint64(h)] = i
	}
	set := &t.sets[i]
	if seq < 0 || seq >= 128 {
		return false
	}
	bit := uint64(1) << (seq % 64)
	if dupCheck && set[seq/64]&bit != 0 {
		return true
	}
	set[seq/64] |= bit
	return false
}

func (t *Totals) addNumber(typ RecordType, folha int) {
	if t.numbers == nil {
		t.numbers = make(map[uint64]struct{})
	}
	t.numbers[uint64(newHasher().int(int(typ)).int(folha))] = struct{}{}
}

// Add counts one record; headers are ignored.
func (t *Totals) Add(rec Record) { t.add(rec, false) }

// add counts one production record. With dupCheck it first looks for the
// record's folha/seq slot: when the slot is already used, it counts
// nothing and returns true.
func (t *Totals) add(rec Record, dupCheck bool) (dup bool) {
	var h hasher
	var pa sigtap.Code
	var qt, folha, seq int
	switch r := rec.(type) {
	case *Consolidado:
		h, pa, qt, folha, seq = keyC(r.CNES[:]), r.Procedimento, r.Quantidade, r.Folha, r.Seq
	case *Individualizado:
		h = keyI(r.CNES[:], r.CNSProfissional[:], r.CBO[:], r.Competencia.Int())
		pa, qt, folha, seq = r.Procedimento, r.Quantidade, r.Folha, r.Seq
	default:
		return false
	}
	if t.addSlot(h.int(folha), seq, dupCheck) {
		return true
	}
	t.addTerm(codeValue(pa), qt)
	if t.Rule == FolhaPerNumber {
		t.addNumber(rec.Type(), folha)
	}
	return false
}

// AddView counts one line read as a View; headers and lines whose
// procedure, quantity or folha are not digits count as lines only.
func (t *Totals) AddView(v View) {
	if v.typ != TypeConsolidado && v.typ != TypeIndividualizado {
		return
	}
	term, ok := v.ControlTerm()
	if !ok {
		t.lines++
	} else {
		t.lines++
		t.sum = (t.sum + term%1111) % 1111
	}
	flh, seq := atoiLoose(v.Folha()), atoiLoose(v.Seq())
	if v.typ == TypeConsolidado {
		t.addSlot(keyC(v.CNES()).int(flh), seq, false)
	} else {
		t.addSlot(keyI(v.CNES(), v.CNSProfissional(), v.CBO(), atoiLoose(v.Competencia())).int(flh), seq, false)
	}
	if t.Rule == FolhaPerNumber {
		t.addNumber(v.typ, flh)
	}
}

// atoiLoose reads digits, ignoring anything else (for hashing keys only).
func atoiLoose(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	return n
}

// codeValue is the integer of a procedure code's digits (0 when absent).
func codeValue(c sigtap.Code) uint64 {
	var n uint64
	for _, b := range c {
		if b >= '0' && b <= '9' {
			n = n*10 + uint64(b-'0')
		}
	}
	return n
}

// Lines returns the production lines counted (cbc_lin).
func (t *Totals) Lines() int { return t.lines }

// Folhas returns the folhas counted under Rule (cbc_flh).
func (t *Totals) Folhas() int {
	if t.Rule == FolhaPerNumber {
		return len(t.numbers)
	}
	return len(t.slots)
}

// Control returns the control field (cbc_smt_vrf): the sum of prd_pa (all
// ten digits) plus prd_qt over every 02 and 03 line, mod 1111, plus 1111.
func (t *Totals) Control() int { return int(t.sum) + 1111 }

// Apply sets h's Lines, Folhas and Control from t. It returns
// ErrTooManyLines when more lines were counted than cbc_lin can hold.
func (t *Totals) Apply(h *Header) error {
	if t.lines > MaxLines {
		return ErrTooManyLines
	}
	h.Lines, h.Folhas, h.Control = t.lines, t.Folhas(), t.Control()
	return nil
}

// ControlField computes cbc_smt_vrf from (procedure code, quantity) pairs;
// it is what Totals does, exposed for checking other tools' headers.
func ControlField(codes []sigtap.Code, quantities []int) int {
	var t Totals
	for i := range codes {
		t.addTerm(codeValue(codes[i]), quantities[i])
	}
	return t.Control()
}

package remessatest

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/bpa/bpatest"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// pools are fake names (by sex), e-mails, phones and addresses drawn once
// per production and shared by its lines, so that drawing a line
// allocates nothing.
type pools struct {
	names, emails [2][]string // [0] female, [1] male
	phones        []string
	addrs         []bpatest.Address
}

const (
	poolNames  = 2048 // per sex
	poolAddrs  = 1024
	poolPhones = 2048
)

func newPools(seed uint64) *pools {
	r := rand.New(rand.NewPCG(seed, seed^0x706f6f6c))
	ps := &pools{}
	for len(ps.names[0]) < poolNames || len(ps.names[1]) < poolNames {
		n := bpatest.Name(r)
		s := sexOfName(n)
		if len(ps.names[s]) < poolNames {
			ps.names[s] = append(ps.names[s], n)
			ps.emails[s] = append(ps.emails[s], bpatest.Email(r, n))
		}
	}
	for range poolPhones {
		ps.phones = append(ps.phones, bpatest.Phone(r))
	}
	for range poolAddrs {
		ps.addrs = append(ps.addrs, bpatest.NewAddress(r))
	}
	return ps
}

// sexOfName guesses the sex of a fake name from its first name: 0 female
// (MARIA, BEATRIZ …), 1 male.
func sexOfName(name string) int {
	first, _, _ := strings.Cut(name, " ")
	switch {
	case strings.HasSuffix(first, "A"), first == "BEATRIZ", first == "ALINE", first == "CONCEIÇÃO", first == "INÊS":
		return 0
	}
	return 1
}

// etnias are BDSIA etnia codes (prd_etnia, raça 05 only).
var etnias = [...]string{"0001", "0034", "0125", "X265"}

// generator draws whole lines: the walker's skeleton plus the patient.
type generator struct {
	p    *Production
	w    *walker
	src  *rand.PCG  // patient details: reseeded from each patient's number
	r    *rand.Rand // on src
	ps   *pools
	l    lineSkel
	rec  bpa.Individualizado
	recC bpa.Consolidado

	// the current patient
	sex    string
	birth  bpa.Date
	cid    sigtap.CID
	cpf    cns.CPF
	cns    cns.CNS
	male   int // 1 for a man: the name pool
	name   int
	addr   int
	phone  int
	raca   string
	etnia  string
	days   [maxEpisode]int
	hasCPF bool
}

func (p *Production) newGenerator() *generator {
	g := &generator{p: p, w: p.newWalker(), src: rand.NewPCG(0, 0), ps: p.pools()}
	g.r = rand.New(g.src)
	g.rec.Version = p.version
	return g
}

// next returns the next line and its planted kind. The record is reused.
func (g *generator) next() (bpa.Record, Kind) {
	l := &g.l
	g.w.next(l)
	if l.bpac {
		g.recC = bpa.Consolidado{Line: l.line, CNES: l.e.CNES, Competencia: l.cmp, CBO: l.cbo, Folha: l.folha, Seq: l.seq,
			Procedimento: l.proc.Code, Idade: l.idade, Quantidade: l.qty, Origem: "BPA"}
		return &g.recC, l.kind
	}
	if l.epPos == 0 || l.kind == KindAtendimentoArquivos {
		g.patient()
	}
	p, rec := g.p, &g.rec
	at := bpa.NewDate(l.cmp.Year(), l.cmp.Month(), g.days[l.epPos])
	*rec = bpa.Individualizado{
		Line:            l.line,
		Version:         p.version,
		CNES:            l.e.CNES,
		Competencia:     l.cmp,
		CNSProfissional: l.cnsProf,
		CBO:             l.cbo,
		DataAtendimento: at,
		Folha:           l.folha,
		Seq:             l.seq,
		Procedimento:    l.proc.Code,
		Sexo:            g.sex,
		CID:             g.cid,
		Idade:           g.birth.YearsAt(at),
		Quantidade:      l.qty,
		Carater:         "01",
		Origem:          "BPA",
		Nome:            g.ps.names[g.male][g.name],
		DataNascimento:  g.birth,
		Raca:            g.raca,
		Etnia:           g.etnia,
		Nacionalidade:   "010",
		Telefone:        g.ps.phones[g.phone],
		Email:           g.ps.emails[g.male][g.name],
	}
	a := &g.ps.addrs[g.addr]
	rec.IBGE, rec.CEP, rec.Logradouro, rec.Endereco = a.Municipio, a.CEP, a.StreetType.Code, a.Street
	rec.Complemento, rec.Numero, rec.Bairro = a.Complement, a.Number, a.District
	if l.pj >= 0 {
		s := p.srv[l.ei][l.pj]
		rec.Servico, rec.Classificacao = s.srv, s.clf
	}
	if l.proc.Fornecedor {
		rec.CNPJ = l.e.CNPJ
	}
	if g.hasCPF {
		rec.CPF = g.cpf
	} else {
		rec.CNSPaciente = g.cns
	}
	if p.version >= bpa.V350 {
		rec.SituacaoRua = "N"
	}
	if p.version >= bpa.V351 {
		rec.SemCPF = "N"
		if !g.hasCPF {
			rec.SemCPF = "S"
		}
	}
	return rec, l.kind
}

// patient draws the patient of the episode starting at g.l. Everything
// is drawn from the patient's number (and the procedure), so that
// another file of a World draws the same person for the same number.
func (g *generator) patient() {
	l, p := &g.l, g.p
	g.src.Seed(p.idSeed^0x70616369656e74, l.patient)
	r := g.r
	proc := l.proc
	switch {
	case proc.Sex == sigtap.SexMale:
		g.sex = "M"
	case proc.Sex == sigtap.SexFemale:
		g.sex = "F"
	case r.IntN(2) == 0:
		g.sex = "M"
	default:
		g.sex = "F"
	}
	g.cid = sigtap.CID{}
	if len(proc.CIDs) > 0 {
		g.cid = proc.CIDs[r.IntN(len(proc.CIDs))]
		if info, ok := p.plan.Release.Refs().CIDs.Get(g.cid); ok {
			switch info.Sex { // a CID of one sex (none in the 2025 releases)
			case sigtap.SexMale:
				g.sex = "M"
			case sigtap.SexFemale:
				g.sex = "F"
			}
		}
	}
	if l.kind == KindSexo {
		if proc.Sex == sigtap.SexMale {
			g.sex = "F"
		} else {
			g.sex = "M"
		}
	}
	lo, hi := proc.ageLo, proc.ageHi
	if l.kind == KindIdade {
		below := proc.belowHi >= proc.belowLo
		above := proc.aboveHi >= proc.aboveLo
		if below && (!above || r.IntN(2) == 0) {
			lo, hi = proc.belowLo, proc.belowHi
		} else {
			lo, hi = proc.aboveLo, proc.aboveHi
		}
	}
	g.birth = g.birthDate(l.cmp, lo, hi)
	canCPF := p.version >= bpa.V349
	cpfCoin := r.IntN(2) == 0
	g.hasCPF = canCPF && l.kind != KindCNS && (proc.CPF || cpfCoin)
	if g.hasCPF {
		g.cpf = g.w.ids.cpf(l.patient)
	} else {
		g.cns = g.w.ids.cns(l.patient)
	}
	g.male = 0
	if g.sex == "M" {
		g.male = 1
	}
	g.name, g.addr, g.phone = r.IntN(poolNames), r.IntN(poolAddrs), r.IntN(poolPhones)
	g.raca, g.etnia = race(r), ""
	if g.raca == "05" {
		g.etnia = etnias[r.IntN(len(etnias))]
	}
	// Draws whose number varies come last.
	if l.kind == KindCNS {
		g.cns[14] = '0' + (g.cns[14]-'0'+1+byte(r.IntN(9)))%10
	}
	g.days = g.attendanceDays(l.cmp, l.epLen)
}

// race draws prd_raca: 01 branca 40 %, 02 preta 10 %, 03 parda 45 %,
// 04 amarela 3 %, 05 indígena 2 %.
func race(r *rand.Rand) string {
	switch x := r.IntN(100); {
	case x < 40:
		return "01"
	case x < 50:
		return "02"
	case x < 95:
		return "03"
	case x < 98:
		return "04"
	default:
		return "05"
	}
}

// birthDate draws a birth date such that, on every day of competência c,
// the completed months of age lie in [lo, hi] — with a month of margin on
// each side when the range allows, so that checkers that count months a
// little differently agree. Birth days are 1–28 (no month-end or
// 29 February ambiguity).
func (g *generator) birthDate(c sigtap.Competencia, lo, hi int) bpa.Date {
	a := c.Year()*12 + int(c.Month()) - 1
	if hi-lo >= 3 {
		lo, hi = lo+1, hi-1
	}
	var m, day int
	if hi-lo >= 1 {
		// months on day d are a−m−[d < day]: a−m−1 ≥ lo and a−m ≤ hi.
		m = a - hi + g.r.IntN(hi-lo)
		day = 1 + g.r.IntN(28)
	} else {
		m, day = a-lo, 1
	}
	return bpa.NewDate(m/12, time.Month(m%12+1), day)
}

// attendanceDays draws n distinct days of competência c, ascending.
func (g *generator) attendanceDays(c sigtap.Competencia, n int) [maxEpisode]int {
	last := c.LastDay().Day()
	var d [maxEpisode]int
	for i := 0; i < n; {
		x := 1 + g.r.IntN(last)
		dup := false
		for j := range i {
			dup = dup || d[j] == x
		}
		if !dup {
			d[i] = x
			i++
		}
	}
	for i := 1; i < n; i++ {
		for j := i; j > 0 && d[j] < d[j-1]; j-- {
			d[j], d[j-1] = d[j-1], d[j]
		}
	}
	return d
}

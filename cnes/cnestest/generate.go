package cnestest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// gen holds the identifiers drawn for one Config.
type gen struct {
	cfg      Config
	r        *rand.Rand
	estab    map[string]*estabIDs
	prof     map[string]*profIDs
	team     map[string]*teamIDs
	other    cnes.CNPJ // a valid CNPJ of no establishment
	noTeam   cnes.INE  // a valid INE of no team
	w        [7]*tableWriter
	expected []Expectation
	usedINE  map[cnes.INE]bool
	usedCNS  map[cns.CNS]bool
}

type estabIDs struct {
	unidade     string
	cnpj, mant  cnes.CNPJ
	cpf         cns.CPF
	terceiro    cnes.CNPJ
	servicos    []Servico
	habs        []Hab
	expectation []Expect
}

type profIDs struct {
	cns   cns.CNS
	id    cnes.ProfID
	alt   cnes.ProfID
	cpf   cns.CPF
	index int
}

type teamIDs struct {
	ine         cnes.INE
	area, seq   string
	municipio   string
	unidade     string
	written     string // CO_EQUIPE as written
	desativacao bool
}

func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// profID draws a CO_PROFISSIONAL_SUS: 16 upper-case hex characters.
func profID(r *rand.Rand) cnes.ProfID {
	const hex = "0123456789ABCDEF"
	var p cnes.ProfID
	for i := range p {
		p[i] = hex[r.IntN(16)]
	}
	return p
}

// draw assigns every identifier, in Config order, before anything depends
// on the competência.
func (g *gen) draw() error {
	cfg, r := &g.cfg, g.r
	g.estab, g.prof, g.team = map[string]*estabIDs{}, map[string]*profIDs{}, map[string]*teamIDs{}
	g.usedINE, g.usedCNS = map[cnes.INE]bool{}, map[cns.CNS]bool{}
	for _, e := range cfg.Estabs {
		if _, err := cnes.ParseCode(e.CNES); err != nil || len(e.CNES) != 7 {
			return fmt.Errorf("cnestest: establishment %q: bad CNES", e.CNES)
		}
		if _, dup := g.estab[e.CNES]; dup {
			return fmt.Errorf("cnestest: establishment %s twice", e.CNES)
		}
		ids := &estabIDs{unidade: cfg.Municipio + e.CNES, servicos: slices.Clone(e.Servicos), habs: slices.Clone(e.Habs)}
		if e.Pessoa == cnes.PessoaFisica {
			ids.cpf = cns.RandomCPF(r)
		} else {
			ids.cnpj = cnes.RandomCNPJ(r)
		}
		if e.Mantenedora {
			ids.mant = cnes.RandomCNPJ(r)
		}
		for _, s := range e.Servicos {
			if s.Terceiro && ids.terceiro.IsZero() {
				ids.terceiro = cnes.RandomCNPJ(r)
			}
		}
		g.estab[e.CNES] = ids
	}
	g.other = cnes.RandomCNPJ(r)
	for i, p := range cfg.Profs {
		if _, dup := g.prof[p.Key]; dup {
			return fmt.Errorf("cnestest: professional %s twice", p.Key)
		}
		ids := &profIDs{index: i + 1}
		ids.cns = g.newCNS(p.Provisional)
		ids.id = profID(r)
		ids.cpf = cns.RandomCPF(r)
		if p.AltID {
			ids.alt = profID(r)
		}
		g.prof[p.Key] = ids
	}
	for i, t := range cfg.Teams {
		if _, ok := g.estab[t.CNES]; !ok {
			return fmt.Errorf("cnestest: team %s: unknown establishment %s", t.Key, t.CNES)
		}
		ine := g.newINE()
		if t.Unpadded {
			ine[0], ine[1], ine[2] = '0', '0', '0'
			if !ine.Valid() {
				ine[9] = '1'
			}
		}
		g.usedINE[ine] = true
		written := ine.String()
		if t.Unpadded {
			written = strings.TrimLeft(written, "0")
		}
		g.team[t.Key] = &teamIDs{ine: ine, written: written, municipio: cfg.Municipio,
			area: fmt.Sprintf("%04d", i+1), seq: strconv.Itoa(1000 + i), unidade: cfg.Municipio + t.CNES,
			desativacao: t.Desativacao != ""}
	}
	g.noTeam = g.newINE()
	return nil
}

func (g *gen) newCNS(provisional bool) cns.CNS {
	for {
		var c cns.CNS
		if provisional {
			c = cns.RandomProvisionalCNS(g.r)
		} else {
			c = cns.RandomCNS(g.r)
		}
		if !g.usedCNS[c] {
			g.usedCNS[c] = true
			return c
		}
	}
}

func (g *gen) newINE() cnes.INE {
	for {
		ine := cnes.RandomINE(g.r)
		if !g.usedINE[ine] {
			g.usedINE[ine] = true
			return ine
		}
	}
}

// applyPlan checks that each establishment's procedures are served and
// adds their first serviço/classificação and habilitação when missing.
func (g *gen) applyPlan() error {
	plan := map[string]Procedure{}
	for _, p := range g.cfg.Plan {
		plan[p.Code] = p
	}
	for _, e := range g.cfg.Estabs {
		ids := g.estab[e.CNES]
		for _, code := range e.Procedures {
			p, ok := plan[code]
			if !ok {
				return fmt.Errorf("cnestest: establishment %s: procedure %s is not in the plan", e.CNES, code)
			}
			if len(p.CBOs) > 0 && !g.served(e.CNES, p.CBOs) {
				return fmt.Errorf("cnestest: establishment %s: no SUS vínculo under a CBO of procedure %s %v", e.CNES, code, p.CBOs)
			}
			if len(p.ServClass) > 0 {
				if !slices.ContainsFunc(ids.servicos, func(s Servico) bool { return slices.Contains(p.ServClass, s.ServClass) && !s.NotSUS }) {
					ids.servicos = append(ids.servicos, Servico{ServClass: p.ServClass[0]})
				}
				ids.expectation = append(ids.expectation, Expect{Check: cnes.C8, CNES: e.CNES, Arg: strings.Join(p.ServClass, " "),
					Want: cnes.OK, Note: "plan: " + p.Code + " " + p.Name})
			}
			if len(p.Habs) > 0 {
				if !slices.ContainsFunc(ids.habs, func(h Hab) bool { return slices.Contains(p.Habs, h.Code) && tipo(h) == 'H' }) {
					ids.habs = append(ids.habs, Hab{Code: p.Habs[0]})
				}
				ids.expectation = append(ids.expectation, Expect{Check: cnes.C9, CNES: e.CNES, Arg: strings.Join(p.Habs, " "),
					Want: cnes.OK, Note: "plan: " + p.Code + " " + p.Name})
			}
		}
	}
	return nil
}

func tipo(h Hab) byte {
	if h.Tipo == 0 {
		return 'H'
	}
	return h.Tipo
}

// served reports whether a SUS vínculo of the establishment, present in
// the competência, carries one of the CBOs.
func (g *gen) served(cnesCode string, cbos []string) bool {
	for _, p := range g.cfg.Profs {
		for _, v := range p.Vinculos {
			if v.CNES == cnesCode && !v.NotSUS && g.present(v.Until) && slices.Contains(cbos, v.CBO) {
				return true
			}
		}
	}
	return false
}

// present reports whether something that lasts until competência until
// ("" forever) exists in the configured competência.
func (g *gen) present(until string) bool {
	if until == "" {
		return true
	}
	u, err := sigtap.ParseCompetencia(until)
	return err == nil && !g.cfg.Competencia.After(u)
}

// Generate builds the registry described by cfg.
func Generate(cfg Config) (*Fixture, error) {
	if cfg.Competencia.IsZero() {
		return nil, fmt.Errorf("cnestest: Config.Competencia is required")
	}
	if cfg.Municipio == "" {
		cfg.Municipio, cfg.UF = "530010", "53"
	}
	g := &gen{cfg: cfg, r: newRand(cfg.Seed)}
	if err := g.draw(); err != nil {
		return nil, err
	}
	if err := g.applyPlan(); err != nil {
		return nil, err
	}
	for _, t := range cnes.Tables() {
		g.w[t] = newTableWriter(t, cfg.Minimal, cfg.CRLF, g.r)
	}
	g.writeEstabs()
	g.writeProfs()
	g.writeTeams()
	if cfg.Bulk.Estabs > 0 {
		g.writeBulk()
	}
	if err := g.expect(); err != nil {
		return nil, err
	}
	f := &Fixture{Competencia: cfg.Competencia, Files: map[string][]byte{}, Expectations: g.expected}
	for _, t := range cnes.Tables() {
		w := g.w[t]
		if w.err != nil {
			return nil, w.err
		}
		f.Files[t.Name()+cfg.Competencia.String()+".csv"] = w.buf.Bytes()
		f.rows[t] = w.rows
		f.cols[t] = len(w.cols)
	}
	f.Files["FIXTURE.md"] = g.fixtureMD(f)
	return f, nil
}

// updated is the DT_ATUALIZACAO written in every row: the 10th of the
// competência.
func (g *gen) updated() string {
	c := g.cfg.Competencia
	return fmt.Sprintf("10/%02d/%04d", int(c.Month()), c.Year())
}

func (g *gen) writeEstabs() {
	w := g.w[cnes.TableEstabelecimento]
	for i, e := range g.cfg.Estabs {
		ids := g.estab[e.CNES]
		pessoa, nivel := "3", "1"
		if e.Pessoa == cnes.PessoaFisica {
			pessoa = "1"
		}
		if e.Mantenedora {
			nivel = "3"
		}
		w.set("CO_UNIDADE", ids.unidade)
		w.set("CO_CNES", e.CNES)
		w.set("NU_CNPJ_MANTENEDORA", ids.mant.String())
		w.set("TP_PFPJ", pessoa)
		w.set("NIVEL_DEP", nivel)
		w.set("NO_RAZAO_SOCIAL", e.Name)
		w.set("NO_FANTASIA", e.Name)
		w.set("NO_LOGRADOURO", "QUADRA TESTE")
		w.set("NU_ENDERECO", strconv.Itoa(100+i))
		w.set("NO_BAIRRO", "ASA SUL")
		w.set("CO_CEP", "70000000")
		w.set("NU_CPF", ids.cpf.String())
		w.set("NU_CNPJ", ids.cnpj.String())
		w.set("TP_UNIDADE", "36")
		w.set("CO_ESTADO_GESTOR", g.cfg.UF)
		w.set("CO_MUNICIPIO_GESTOR", g.cfg.Municipio)
		w.set("DT_ATUALIZACAO", g.updated())
		w.set("CO_MOTIVO_DESAB", e.Motivo)
		w.set("NU_LATITUDE", "-15.7801")
		w.set("NU_LONGITUDE", "-47.9292")
		w.set("CO_NATUREZA_JUR", e.NatJur)
		w.set("TP_GESTAO", e.Gestao.String())
		w.set("ST_CONTRATO_FORMALIZADO", "S")
		w.set("ST_COWORKING", "N")
		if i == 0 {
			w.set("DT_EXPEDICAO", "28-set-2017 00:00:00")
		}
		w.end()
	}
	s := g.w[cnes.TableServClass]
	for _, e := range g.cfg.Estabs {
		ids := g.estab[e.CNES]
		for _, v := range ids.servicos {
			sc := mustServClass(v.ServClass)
			class := sc.Classificacao.String()
			if v.Class != "" {
				class = v.Class
			}
			amb, caract, terc := "1", "1", ""
			if v.NotSUS {
				amb = "2"
			}
			if v.Terceiro {
				caract, terc = "2", ids.terceiro.String()
			}
			g.servRow(s, ids.unidade, sc.Servico.String(), class, caract, terc, amb)
		}
	}
	h := g.w[cnes.TableSipac]
	for _, e := range g.cfg.Estabs {
		ids := g.estab[e.CNES]
		for _, v := range ids.habs {
			inicio := v.Inicio
			if inicio == "" {
				inicio = "201901"
			}
			g.habRow(h, ids.unidade, v.Code, inicio, v.Fim, string(rune(tipo(v))))
		}
	}
}

func (g *gen) servRow(s *tableWriter, unidade, serv, class, caract, terceiro, ambSUS string) {
	s.set("CO_UNIDADE", unidade)
	s.set("CO_SERVICO", serv)
	s.set("CO_CLASSIFICACAO", class)
	s.set("TP_CARACTERISTICA", caract)
	s.set("CO_CNPJCPF", terceiro)
	s.set("CO_AMBULATORIAL", "1")
	s.set("CO_AMBULATORIAL_SUS", ambSUS)
	s.set("CO_HOSPITALAR", "2")
	s.set("CO_HOSPITALAR_SUS", "2")
	s.set("ST_ATIVO_SN", "S")
	s.set("DT_ATUALIZACAO", g.updated())
	s.end()
}

func (g *gen) habRow(h *tableWriter, unidade, code, inicio, fim, tipo string) {
	h.set("CO_UNIDADE", unidade)
	h.set("COD_SUB_GRUPO_HABILITACAO", code)
	h.set("CMTP_INICIO", inicio)
	h.set("CMTP_FIM", fim)
	h.set("NU_LEITOS", "0")
	h.set("NO_PORTARIA", "PT TESTE 0001/2025")
	h.set("DT_ATUALIZACAO", g.updated())
	h.set("TP_HABILITACAO", tipo)
	h.end()
}

func (g *gen) writeProfs() {
	ch := g.w[cnes.TableCargaHoraria]
	for _, p := range g.cfg.Profs {
		ids := g.prof[p.Key]
		for _, v := range p.Vinculos {
			e, ok := g.estab[v.CNES]
			if !ok {
				ch.fail(fmt.Errorf("cnestest: %s: unknown establishment %s", p.Key, v.CNES))
				continue
			}
			if !g.present(v.Until) {
				continue
			}
			id := ids.id
			if v.AltID {
				id = ids.alt
			}
			var employer cnes.CNPJ
			switch v.Employer {
			case "estab":
				employer = e.cnpj
			case "other":
				employer = g.other
			}
			g.vincRow(ch, e.unidade, id, v.CBO, !v.NotSUS, v.Vinculacao, v.Amb, v.Hosp, v.Other, employer)
		}
	}
	pw := g.w[cnes.TableProfissional]
	for _, p := range g.cfg.Profs {
		ids := g.prof[p.Key]
		name := fmt.Sprintf("PROFISSIONAL TESTE %02d", ids.index)
		g.profRow(pw, ids.id, ids.cpf, name, ids.cns)
		if p.AltID {
			g.profRow(pw, ids.alt, ids.cpf, name, ids.cns)
		}
	}
	// Two professionals without vínculo: the loader must skip them.
	for i := range 2 {
		g.profRow(pw, profID(g.r), cns.RandomCPF(g.r), fmt.Sprintf("PROFISSIONAL SEM VÍNCULO %02d", i+1), g.newCNS(false))
	}
}

func (g *gen) vincRow(ch *tableWriter, unidade string, id cnes.ProfID, cbo string, sus bool, vinculacao string, amb, hosp, other int, employer cnes.CNPJ) {
	if vinculacao == "" {
		vinculacao = "010202"
	}
	susFlag := "S"
	if !sus {
		susFlag = "N"
	}
	ch.set("CO_UNIDADE", unidade)
	ch.set("CO_PROFISSIONAL_SUS", id.String())
	ch.set("CO_CBO", cbo)
	ch.set("TP_SUS_NAO_SUS", susFlag)
	ch.set("IND_VINCULACAO", vinculacao)
	ch.set("TP_TERCEIRO_SIH", "N")
	ch.set("QT_CARGA_HORARIA_AMBULATORIAL", strconv.Itoa(amb))
	ch.set("TP_PRECEPTOR", "0")
	ch.set("TP_RESIDENTE", "0")
	ch.set("NU_CNPJ_DETALHAMENTO_VINCULO", employer.String())
	ch.set("DT_ATUALIZACAO", g.updated())
	ch.set("DT_ATUALIZACAO_ORIGEM", g.updated())
	ch.set("QT_CARGA_HORARIA_OUTROS", strconv.Itoa(other))
	ch.set("QT_CARGA_HOR_HOSP_SUS", strconv.Itoa(hosp))
	ch.end()
}

func (g *gen) profRow(pw *tableWriter, id cnes.ProfID, cpf cns.CPF, name string, c cns.CNS) {
	pw.set("CO_PROFISSIONAL_SUS", id.String())
	pw.set("CO_CPF", cpf.String())
	pw.set("NO_PROFISSIONAL", name)
	pw.set("CO_CNS", c.String())
	pw.set("DT_ATUALIZACAO", g.updated())
	pw.set("ST_NMPROF_CADSUS", "S")
	pw.set("CO_NACIONALIDADE", "10")
	pw.end()
}

func (g *gen) writeTeams() {
	tw, mw := g.w[cnes.TableEquipe], g.w[cnes.TableEquipeProf]
	for _, t := range g.cfg.Teams {
		ids := g.team[t.Key]
		g.teamRow(tw, ids, t.Tipo, t.Name, t.Ativacao, t.Desativacao)
		for _, m := range t.Members {
			p, ok := g.prof[m.Prof]
			if !ok {
				mw.fail(fmt.Errorf("cnestest: team %s: unknown professional %s", t.Key, m.Prof))
				continue
			}
			g.memberRow(mw, ids, p.id, m.CBO, m.Entrada, m.Desligamento)
		}
	}
}

func (g *gen) teamRow(tw *tableWriter, ids *teamIDs, tipo, name, ativacao, desativacao string) {
	tw.set("CO_MUNICIPIO", ids.municipio)
	tw.set("CO_AREA", ids.area)
	tw.set("SEQ_EQUIPE", ids.seq)
	tw.set("CO_UNIDADE", ids.unidade)
	tw.set("TP_EQUIPE", tipo)
	tw.set("NO_REFERENCIA", name)
	tw.set("DT_ATIVACAO", ativacao)
	tw.set("DT_DESATIVACAO", desativacao)
	tw.set("TP_POP_ASSIST_GERAL", "S")
	if ids.desativacao {
		tw.set("CD_MOTIVO_DESATIV", "01")
	}
	tw.set("CO_EQUIPE", ids.written)
	tw.set("DT_ATUALIZACAO", g.updated())
	tw.end()
}

func (g *gen) memberRow(mw *tableWriter, ids *teamIDs, id cnes.ProfID, cbo, entrada, desligamento string) {
	mw.set("CO_MUNICIPIO", ids.municipio)
	mw.set("CO_AREA", ids.area)
	mw.set("SEQ_EQUIPE", ids.seq)
	mw.set("CO_PROFISSIONAL_SUS", id.String())
	mw.set("CO_UNIDADE", ids.unidade)
	mw.set("CO_CBO", cbo)
	mw.set("TP_SUS_NAO_SUS", "S")
	mw.set("IND_VINCULACAO", "010202")
	mw.set("DT_ENTRADA", entrada)
	mw.set("DT_DESLIGAMENTO", desligamento)
	mw.set("ST_EQUIPEMINIMA", "1")
	mw.set("DT_ATUALIZACAO", g.updated())
	mw.end()
}

// mustServClass parses a serviço/classificação of the configuration
// ("121/012"); the configurations are the package's own.
func mustServClass(s string) sigtap.ServicoClassificacao {
	sc, err := sigtap.ParseServicoClassificacao(s)
	if err != nil {
		panic(err)
	}
	return sc
}

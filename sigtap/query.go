package sigtap

import "slices"

// Per-procedure queries. Each costs one hash look-up of the code plus, for
// the checks, a binary search in the procedure's few sorted values; none
// allocates. The Allows/Has checks answer Unknown when the table they need
// is absent from the release or the procedure is not in it, Yes when the
// row exists and No otherwise. The list queries return the procedure's
// values sorted (shared; do not modify) and known = false in the same
// Unknown cases.

// lookup returns the dense index of code, or −1.
func (r *Release) lookup(code Code) int32 {
	if i, ok := r.ix.pos[codeKey(code)]; ok {
		return i
	}
	return -1
}

// Procedure returns the tb_procedimento row of code.
func (r *Release) Procedure(code Code) (Procedure, bool) {
	i := r.lookup(code)
	if i < 0 || int(i) >= r.ix.nproc {
		return Procedure{}, false
	}
	return r.proc.rows[i], true
}

// Exists reports whether code is in tb_procedimento: the procedure exists
// in this competência (Unknown when the table is absent).
func (r *Release) Exists(code Code) Answer {
	if !r.proc.present {
		return Unknown
	}
	i := r.lookup(code)
	return answer(i >= 0 && int(i) < r.ix.nproc)
}

// Procedures returns every procedure in file order (shared; do not
// modify).
func (r *Release) Procedures() []Procedure { return r.proc.rows }

func list[V any](r *Release, c *csr[V], code Code) ([]V, bool) {
	if !c.known {
		return nil, false
	}
	i := r.lookup(code)
	if i < 0 {
		return nil, false
	}
	return c.get(i), true
}

func has[V, K any](r *Release, c *csr[V], code Code, k K, cmp func(V, K) int) Answer {
	if !c.known {
		return Unknown
	}
	i := r.lookup(code)
	if i < 0 {
		return Unknown
	}
	_, ok := slices.BinarySearchFunc(c.get(i), k, cmp)
	return answer(ok)
}

// hasNum is has for the short numeric lists (instruments, atributos,
// regras): a linear scan beats a binary search at these sizes.
func hasNum[N comparable](r *Release, c *csr[N], code Code, k N) Answer {
	if !c.known {
		return Unknown
	}
	i := r.lookup(code)
	if i < 0 {
		return Unknown
	}
	for _, v := range c.get(i) {
		if v == k {
			return Yes
		}
	}
	return No
}

// Registros returns the instruments code may be registered on
// (rl_procedimento_registro).
func (r *Release) Registros(code Code) ([]Registro, bool) { return list(r, &r.ix.registro, code) }

// AllowsInstrument reports whether code may be registered on reg: BPA-C
// lines need RegistroBPAC, BPA-I lines RegistroBPAI.
func (r *Release) AllowsInstrument(code Code, reg Registro) Answer {
	return hasNum(r, &r.ix.registro, code, reg)
}

// CBOs returns the occupations allowed to perform code
// (rl_procedimento_ocupacao). An empty list means the procedure has no
// CBO row; atributo 021 (DetalheNaoExigeCBO) says no CBO is required.
func (r *Release) CBOs(code Code) ([]CBO, bool) { return list(r, &r.ix.cbo, code) }

// AllowsCBO reports whether a row (code, cbo) exists in
// rl_procedimento_ocupacao. It answers No for a procedure without CBO
// rows: callers skip the check when HasDetalhe(code, DetalheNaoExigeCBO)
// is Yes.
func (r *Release) AllowsCBO(code Code, cbo CBO) Answer {
	return hasKey(r, &r.ix.cbo, code, cboKey(cbo), cboKey)
}

// hasKey is has for the long sorted lists (CBOs, CIDs), searched on an
// integer key that the compiler inlines.
func hasKey[V any, K uint32 | uint64](r *Release, c *csr[V], code Code, k K, key func(V) K) Answer {
	if !c.known {
		return Unknown
	}
	i := r.lookup(code)
	if i < 0 {
		return Unknown
	}
	vals := c.get(i)
	lo, hi := 0, len(vals)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if key(vals[m]) < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return answer(lo < len(vals) && key(vals[lo]) == k)
}

// CIDs returns the CIDs related to code (rl_procedimento_cid), sorted by
// CID. A procedure with none has no CID restriction; atributo 048
// (DetalheExigeCID) makes a CID mandatory.
func (r *Release) CIDs(code Code) ([]ProcedureCID, bool) { return list(r, &r.ix.cid, code) }

// AllowsCID reports whether (code, cid) is a row of rl_procedimento_cid
// (as principal or secondary CID). Codes match exactly: a category "A00"
// does not match its subcategory "A000".
func (r *Release) AllowsCID(code Code, cid CID) Answer {
	return hasKey(r, &r.ix.cid, code, cidKey(cid), func(v ProcedureCID) uint32 { return cidKey(v.CID) })
}

// AllowsPrincipalCID reports whether cid may be the principal diagnosis
// of code (ST_PRINCIPAL S).
func (r *Release) AllowsPrincipalCID(code Code, cid CID) Answer {
	return has(r, &r.ix.cid, code, ProcedureCID{cid, true}, cmpProcCID)
}

// Detalhes returns the atributos complementares of code
// (rl_procedimento_detalhe).
func (r *Release) Detalhes(code Code) ([]Detalhe, bool) { return list(r, &r.ix.detalhe, code) }

// HasDetalhe reports whether code carries atributo d (HasDetalhe(code,
// DetalheExigeCID) for atributo 048).
func (r *Release) HasDetalhe(code Code, d Detalhe) Answer {
	return hasNum(r, &r.ix.detalhe, code, d)
}

// RegrasCondicionadas returns the regras condicionadas linked to code
// (rl_procedimento_regra_cond).
func (r *Release) RegrasCondicionadas(code Code) ([]Regra, bool) { return list(r, &r.ix.regra, code) }

// HasRegra reports whether regra g is linked to code.
func (r *Release) HasRegra(code Code, g Regra) Answer {
	return hasNum(r, &r.ix.regra, code, g)
}

// Habilitacoes returns the habilitação requirement of code
// (rl_procedimento_habilitacao): single habilitações and AND groups.
func (r *Release) Habilitacoes(code Code) (Habilitacoes, bool) {
	if !r.ix.hab.known {
		return Habilitacoes{}, false
	}
	i := r.lookup(code)
	if i < 0 {
		return Habilitacoes{}, false
	}
	return r.ix.habReq[i], true
}

// HabilitacaoRows returns the rl_procedimento_habilitacao rows of code,
// sorted by group (blank first) and habilitação.
func (r *Release) HabilitacaoRows(code Code) ([]HabilitacaoRow, bool) {
	return list(r, &r.ix.hab, code)
}

// HabilitacoesSatisfied reports whether an establishment holding has
// meets the habilitação requirement of code: Yes when the procedure needs
// none, or has holds one single habilitação or every habilitação of one
// group.
func (r *Release) HabilitacoesSatisfied(code Code, has []Habilitacao) Answer {
	h, ok := r.Habilitacoes(code)
	if !ok {
		return Unknown
	}
	return answer(h.SatisfiedBy(has))
}

// Servicos returns the serviço/classificação pairs related to code
// (rl_procedimento_servico); the establishment needs one of them.
func (r *Release) Servicos(code Code) ([]ServicoClassificacao, bool) {
	return list(r, &r.ix.servico, code)
}

// AllowsServico reports whether (code, sc) is a row of
// rl_procedimento_servico.
func (r *Release) AllowsServico(code Code, sc ServicoClassificacao) Answer {
	return has(r, &r.ix.servico, code, sc, compareSC)
}

// Incrementos returns the percentage increments of code per habilitação
// (rl_procedimento_incremento), sorted by habilitação.
func (r *Release) Incrementos(code Code) ([]Incremento, bool) { return list(r, &r.ix.inc, code) }

// Incremento returns the increment of code for habilitação h.
func (r *Release) Incremento(code Code, h Habilitacao) (Incremento, Answer) {
	rows, ok := r.Incrementos(code)
	if !ok {
		return Incremento{}, Unknown
	}
	i, found := slices.BinarySearchFunc(rows, h, func(v Incremento, k Habilitacao) int { return cmpNum(v.Habilitacao, k) })
	if !found {
		return Incremento{}, No
	}
	return rows[i], Yes
}

// Compativeis returns the rl_procedimento_compativel rows whose principal
// is code, sorted by compatible procedure. See Refs().Excecoes for the
// exceptions.
func (r *Release) Compativeis(code Code) ([]Compatibilidade, bool) {
	return list(r, &r.ix.compat, code)
}

// Compatibilidade returns the compatibility rows between principal and
// compativel (one per instrument pair and type).
func (r *Release) Compatibilidade(principal, compativel Code) ([]Compatibilidade, Answer) {
	rows, ok := r.Compativeis(principal)
	if !ok {
		return nil, Unknown
	}
	lo, _ := slices.BinarySearchFunc(rows, compativel, func(v Compatibilidade, k Code) int { return cmpCode(v.Compativel, k) })
	hi := lo
	for hi < len(rows) && rows[hi].Compativel == compativel {
		hi++
	}
	return rows[lo:hi:hi], answer(hi > lo)
}

// Modalidades returns the modalidades de atendimento of code.
func (r *Release) Modalidades(code Code) ([]Modalidade, bool) {
	return list(r, &r.ix.modalidade, code)
}

// Leitos returns the bed types of code (rl_procedimento_leito).
func (r *Release) Leitos(code Code) ([]Leito, bool) { return list(r, &r.ix.leito, code) }

// SIASIH returns the pre-2008 SIA/SIH codes code came from.
func (r *Release) SIASIH(code Code) ([]SIASIHRef, bool) { return list(r, &r.ix.siasih, code) }

// Origens returns the older SIGTAP procedures code derives from
// (rl_procedimento_origem).
func (r *Release) Origens(code Code) ([]Code, bool) { return list(r, &r.ix.origem, code) }

// ComponentesRede returns the rede components of code
// (rl_procedimento_comp_rede, "95.02").
func (r *Release) ComponentesRede(code Code) ([]string, bool) { return list(r, &r.ix.compRede, code) }

// RENASES returns the RENASES codes of code (rl_procedimento_renases).
func (r *Release) RENASES(code Code) ([]string, bool) { return list(r, &r.ix.renases, code) }

// TUSS returns the TUSS codes of code (rl_procedimento_tuss, empty in
// the 2025 releases).
func (r *Release) TUSS(code Code) ([]string, bool) { return list(r, &r.ix.tuss, code) }

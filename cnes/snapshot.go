package cnes

import (
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// Snapshot is the registry of one competência, loaded from one
// BASE_DE_DADOS_CNES_AAAAMM distribution and indexed for the checks of
// docs/cnes.md §6.2. It is immutable after loading and safe for concurrent use.
//
// Every query and check method accepts a nil *Snapshot (a competência that
// is not loaded): queries find nothing and checks answer Unknown with
// ReasonNotLoaded.
type Snapshot struct {
	comp sigtap.Competencia

	// Maps are keyed by the identifiers' digits packed in a uint64
	// (keys.go).
	estabs  []estab
	byCode  *index64
	vincs   []vinc   // sorted by (estab, cns, cbo)
	vkeys   []uint64 // cnsKey of vincs[i], for the binary search
	profs   []prof
	pdata   map[int32]personal // by prof, only with LoadOptions.PersonalData
	byCNS   *index64           // cnsKey → first prof with the CNS; prof.next chains the rest
	teams   []team
	byINE   *index64 // first team with the INE; team.next chains the rest
	members []member // sorted by (team, cns)
	servs   []serv   // sorted by (estab, servclass), de-duplicated
	habs    []hab    // sorted by (estab, code, tipo)

	present  [numTables]bool
	cnpjDet  bool // tbCargaHorariaSus has NU_CNPJ_DETALHAMENTO_VINCULO
	cnpjCPF  bool // rlEstabServClass has CO_CNPJCPF
	personal bool // names and CPFs were kept

	filtered    bool
	filterCNES  map[Code]struct{} // non-nil when filtered by a CNES list
	munFilter   bool              // filtered by municipality
	workloadAll bool              // workload sums cover every establishment

	stats    [numTables]TableStats
	warnings []*ParseError
	nwarn    int
}

// estab is an establishment with the spans of its rows in the sorted
// slices.
type estab struct {
	Estabelecimento
	vOff, vN int32 // vincs
	sOff, sN int32 // servs
	hOff, hN int32 // habs
}

type vinc struct {
	key        uint64 // cnsKey of the professional's CNS (noKey when absent)
	cbo        sigtap.CBO
	sus        bool
	vinculacao Vinculacao
	estab      int32
	prof       int32
	chAmb      uint16
	chHosp     uint16
	chOutros   uint16
	cnpjDet    CNPJ
}

type prof struct {
	key    uint64 // cnsKey(cns), set when the load finishes
	id     ProfID
	cns    cns.CNS
	next   int32 // next prof with the same CNS, or -1
	hours  int32
	nvinc  int32
	public int32
}

// personal holds a professional's name and CPF (LoadOptions.PersonalData).
type personal struct {
	name string
	cpf  cns.CPF
}

type team struct {
	ine         INE
	tipo        TipoEquipe
	estab       int32
	ativacao    day
	desativacao day
	municipio   string
	area        string
	seq         string
	nome        string
	mOff, mN    int32
	next        int32 // next team with the same INE, or -1
}

type member struct {
	key          uint64 // cnsKey of the professional's CNS (noKey when absent)
	team         int32
	prof         int32
	estab        int32 // -1 when CO_UNIDADE is absent or not loaded
	cbo          sigtap.CBO
	entrada      day
	desligamento day
}

type serv struct {
	estab  int32
	sc     sigtap.ServicoClassificacao
	sus    bool
	caract byte
	cnpj   CNPJ
}

type hab struct {
	estab  int32
	code   sigtap.Habilitacao
	tipo   TipoHabilitacao
	inicio sigtap.Competencia
	fim    sigtap.Competencia
}

// TableStats counts what the loader did with one table.
type TableStats struct {
	Table   Table
	File    string // member name; "" when the table was absent
	Columns int    // header columns
	Rows    int    // data rows read
	Kept    int    // rows stored
	// Skipped counts rows dropped for a malformed ★ field (each has a
	// warning), duplicates and rows with the wrong number of fields.
	Skipped int
	// Unmatched counts rows whose establishment, team or professional is
	// not loaded (filtered out, or absent from the parent table).
	Unmatched int
}

// Counts sums up the indexed content of a snapshot.
type Counts struct {
	Estabelecimentos int
	Vinculos         int
	Profissionais    int
	Equipes          int
	Membros          int
	Servicos         int
	Habilitacoes     int
}

// Competencia returns the competência of the snapshot (zero for nil).
func (s *Snapshot) Competencia() sigtap.Competencia {
	if s == nil {
		return sigtap.Competencia{}
	}
	return s.comp
}

// Has reports whether table t was present in the loaded distribution.
func (s *Snapshot) Has(t Table) bool { return s != nil && t < numTables && s.present[t] }

// Filtered reports whether the snapshot was loaded with a CNES or
// municipality filter.
func (s *Snapshot) Filtered() bool { return s != nil && s.filtered }

// Stats returns the per-table load statistics in load order.
func (s *Snapshot) Stats() []TableStats {
	if s == nil {
		return nil
	}
	return append([]TableStats(nil), s.stats[:]...)
}

// Counts returns the number of indexed rows of each kind.
func (s *Snapshot) Counts() Counts {
	if s == nil {
		return Counts{}
	}
	return Counts{
		Estabelecimentos: len(s.estabs),
		Vinculos:         len(s.vincs),
		Profissionais:    len(s.profs),
		Equipes:          len(s.teams),
		Membros:          len(s.members),
		Servicos:         len(s.servs),
		Habilitacoes:     len(s.habs),
	}
}

// Warnings returns the tolerated problems met while loading (bad dates,
// malformed rows that were skipped, …), at most LoadOptions.MaxWarnings
// of them; WarningCount tells how many there were in all.
func (s *Snapshot) Warnings() []*ParseError {
	if s == nil {
		return nil
	}
	return append([]*ParseError(nil), s.warnings...)
}

// WarningCount returns the number of warnings, including those beyond the
// MaxWarnings kept.
func (s *Snapshot) WarningCount() int {
	if s == nil {
		return 0
	}
	return s.nwarn
}

// estabIndex finds an establishment by CNES code.
func (s *Snapshot) estabIndex(code Code) (int32, bool) {
	return s.byCode.get(codeKey(&code))
}

// firstProf finds the first professional with CNS c.
func (s *Snapshot) firstProf(c cns.CNS) (int32, bool) {
	k := cnsKey(&c)
	if k == noKey {
		return -1, false
	}
	return s.byCNS.get(k)
}

// firstTeam finds the first team with the INE.
func (s *Snapshot) firstTeam(ine INE) (int32, bool) {
	return s.byINE.get(ineKey(&ine))
}

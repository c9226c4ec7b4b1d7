// Command cnes inspects a CNES establishment registry
// (BASE_DE_DADOS_CNES_AAAAMM.ZIP or its extracted folder) and generates
// synthetic ones.
//
//	cnes info PATH                 competência, files and counts
//	cnes estab PATH CNES           everything about one establishment
//	cnes prof PATH CNES CNS        a professional's vínculos, CBOs, teams, workload
//	cnes gen -seed S -o DIR [-competencia AAAAMM] [-estabs N] [-vinculos N] [-minimal] [-crlf] [-zip]
//
// gen writes the demo world (establishments 9990001…, see
// remessa/remessatest/demo/cnes) in the real distribution format with its
// FIXTURE.md; -estabs adds N random establishments with -vinculos vínculos
// each (default 30) for benchmarks; -minimal writes only the required
// columns in a shuffled order; -crlf uses CRLF line ends; -zip writes
// BASE_DE_DADOS_CNES_AAAAMM.ZIP into DIR instead of the loose files.
//
// Personal data is masked in the output (CNS as *** **** **** 1234) and
// names and CPFs are never loaded. Exit status: 0 ok, 1 establishment or
// professional not found, 2 usage or I/O error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `usage:
  cnes info PATH
  cnes estab PATH CNES
  cnes prof PATH CNES CNS
  cnes gen -seed S -o DIR [-competencia AAAAMM] [-estabs N] [-vinculos N] [-minimal] [-crlf] [-zip]
`

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "info":
		return info(args[1:], stdout, stderr)
	case "estab":
		return estab(args[1:], stdout, stderr)
	case "prof":
		return prof(args[1:], stdout, stderr)
	case "gen":
		return gen(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "cnes: unknown command %q\n%s", args[0], usage)
	return 2
}

func fail(stderr io.Writer, code int, format string, a ...any) int {
	fmt.Fprintf(stderr, "cnes: "+format+"\n", a...)
	return code
}

func info(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		return fail(stderr, 2, "info takes one PATH\n%s", usage)
	}
	s, err := cnes.Open(args[0], nil)
	if err != nil {
		return fail(stderr, 2, "%v", err)
	}
	fmt.Fprintf(stdout, "competência  %s (%s)\n", s.Competencia(), s.Competencia().Format())
	for _, st := range s.Stats() {
		if st.File == "" {
			fmt.Fprintf(stdout, "%-24s absent\n", st.Table)
			continue
		}
		fmt.Fprintf(stdout, "%-24s %s: %d columns, %d rows, %d kept, %d skipped, %d unmatched\n",
			st.Table, st.File, st.Columns, st.Rows, st.Kept, st.Skipped, st.Unmatched)
	}
	c := s.Counts()
	fmt.Fprintf(stdout, "establishments %d, vínculos %d, professionals %d, teams %d, members %d, serv/class %d, sipac rows %d\n",
		c.Estabelecimentos, c.Vinculos, c.Profissionais, c.Equipes, c.Membros, c.Servicos, c.Habilitacoes)
	fmt.Fprintf(stdout, "warnings %d\n", s.WarningCount())
	for _, w := range s.Warnings() {
		fmt.Fprintf(stdout, "  %v\n", w)
	}
	return 0
}

// openOne loads the registry keeping one establishment.
func openOne(path, code string, stderr io.Writer) (*cnes.Snapshot, cnes.Code, int) {
	c, err := cnes.ParseCode(code)
	if err != nil {
		return nil, c, fail(stderr, 2, "%v", err)
	}
	s, err := cnes.Open(path, &cnes.LoadOptions{CNES: []cnes.Code{c}})
	if err != nil {
		return nil, c, fail(stderr, 2, "%v", err)
	}
	if _, ok := s.Estabelecimento(c); !ok {
		return nil, c, fail(stderr, 1, "CNES %s not in the registry of %s", c, s.Competencia())
	}
	return s, c, 0
}

func estab(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		return fail(stderr, 2, "estab takes PATH CNES\n%s", usage)
	}
	s, code, rc := openOne(args[0], args[1], stderr)
	if s == nil {
		return rc
	}
	e, _ := s.Estabelecimento(code)
	comp := s.Competencia()
	w := func(format string, a ...any) { fmt.Fprintf(stdout, format, a...) }
	w("CNES %s (CO_UNIDADE %s), competência %s\n", e.CNES, e.Unidade, comp)
	w("name            %s\n", e.Nome)
	w("pessoa          %s\n", e.Pessoa)
	w("CNPJ            %s\n", e.CNPJ.Format())
	w("mantenedora     %s\n", e.Mantenedora.Format())
	w("gestão          %s (UF %s, município %s)\n", e.Gestao, e.UF, e.Municipio)
	w("natureza jur.   %s\n", e.NaturezaJuridica)
	if e.Ativo() {
		w("active          yes\n")
	} else {
		w("active          no (CO_MOTIVO_DESAB %s)\n", e.MotivoDesativacao)
	}
	vs := s.VinculosDe(code)
	w("vínculos        %d\n", len(vs))
	for _, v := range vs {
		w("  CNS %s  CBO %s  %s  %3d h  IND_VINCULACAO %s%s\n", maskCNS(v.CNS), v.CBO, sus(v.SUS), v.Horas(), v.Vinculacao, employer(v))
	}
	sv := s.Servicos(code)
	w("serv/class      %d\n", len(sv))
	for _, x := range sv {
		flag := "SUS"
		if !x.AmbulatorialSUS {
			flag = "not SUS (CO_AMBULATORIAL_SUS≠1)"
		}
		w("  %s  %s", x.ServClass, flag)
		if !x.Terceiro.IsZero() {
			w("  terceiro %s", x.Terceiro.Format())
		}
		w("\n")
	}
	hs := s.Sipac(code)
	w("rlEstabSipac    %d\n", len(hs))
	for _, h := range hs {
		state := "not in force"
		switch {
		case h.Tipo != cnes.TipoHabilitacaoH:
			state = "not a habilitação (type " + h.Tipo.String() + ")"
		case h.Vigente(comp):
			state = "in force"
		}
		w("  %s %s  %s–%s  %s\n", h.Tipo, h.Code.Format(), orBlank(h.Inicio.String()), orBlank(h.Fim.String()), state)
	}
	ts := s.EquipesDe(code)
	w("teams           %d\n", len(ts))
	for _, t := range ts {
		state := "inactive"
		if t.AtivaEm(comp) {
			state = "active"
		}
		w("  INE %s  type %s  %s  %s  %d member(s)\n", t.INE, t.Tipo, t.Nome, state, len(t.Membros))
	}
	w("supplier CNPJs  %s\n", cnpjList(s.Fornecedores(code)))
	return 0
}

func prof(args []string, stdout, stderr io.Writer) int {
	if len(args) != 3 {
		return fail(stderr, 2, "prof takes PATH CNES CNS\n%s", usage)
	}
	c, err := cns.ParseCNS(args[2])
	if err != nil {
		return fail(stderr, 2, "%v", err)
	}
	s, code, rc := openOne(args[0], args[1], stderr)
	if s == nil {
		return rc
	}
	w := func(format string, a ...any) { fmt.Fprintf(stdout, format, a...) }
	w("CNS %s in CNES %s, competência %s\n", c.Masked(), code, s.Competencia())
	vs := s.Vinculos(code, c)
	w("vínculos        %d\n", len(vs))
	for _, v := range vs {
		w("  CBO %s  %s  %3d h (amb %d, hosp %d, outros %d)  IND_VINCULACAO %s%s\n", v.CBO, sus(v.SUS), v.Horas(),
			v.CargaAmbulatorial, v.CargaHospitalar, v.CargaOutros, v.Vinculacao, employer(v))
	}
	for _, t := range s.EquipesDe(code) {
		for _, m := range t.Membros {
			if m.CNS != c {
				continue
			}
			state := "not in the competência"
			if t.AtivaEm(s.Competencia()) && m.AtivoEm(s.Competencia()) {
				state = "member in the competência"
			}
			w("team            INE %s type %s, entrada %s, desligamento %s: %s\n", t.INE, t.Tipo,
				date(m.Entrada), date(m.Desligamento), state)
		}
	}
	if ch, ok := s.CargaHoraria(c); ok {
		w("workload        %d h/week over %d vínculo(s), %d public (all establishments)\n", ch.Horas, ch.Vinculos, ch.VinculosPublicos)
	}
	c4 := s.CheckProfissional(code, c)
	w("check           %v\n", c4)
	w("check           %v\n", s.CheckCargaHoraria(c))
	if len(vs) == 0 {
		return 1
	}
	return 0
}

func gen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("o", "", "output directory (required)")
	comp := fs.String("competencia", "202601", "competência AAAAMM")
	estabs := fs.Int("estabs", 0, "extra random establishments (benchmark size knob)")
	vinc := fs.Int("vinculos", 30, "vínculos per extra establishment")
	minimal := fs.Bool("minimal", false, "only the required columns, shuffled")
	crlf := fs.Bool("crlf", false, "CRLF line ends")
	zipped := fs.Bool("zip", false, "write BASE_DE_DADOS_CNES_AAAAMM.ZIP")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		return fail(stderr, 2, "gen needs -o DIR and no arguments\n%s", usage)
	}
	c, err := sigtap.ParseCompetencia(*comp)
	if err != nil {
		return fail(stderr, 2, "%v", err)
	}
	cfg := cnestest.World(c, *seed)
	cfg.Bulk = cnestest.Bulk{Estabs: *estabs, VinculosPerEstab: *vinc}
	cfg.Minimal, cfg.CRLF = *minimal, *crlf
	f, err := cnestest.Generate(cfg)
	if err != nil {
		return fail(stderr, 2, "%v", err)
	}
	if *zipped {
		b, err := f.Zip()
		if err == nil {
			err = os.MkdirAll(*out, 0o755)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(*out, f.ZipName()), b, 0o644)
		}
		if err != nil {
			return fail(stderr, 2, "%v", err)
		}
	} else if err := f.WriteDir(*out); err != nil {
		return fail(stderr, 2, "%v", err)
	}
	fmt.Fprintf(stdout, "wrote competência %s to %s: %d establishments, %d vínculos, %d expectations\n", c, *out,
		f.Rows(cnes.TableEstabelecimento), f.Rows(cnes.TableCargaHoraria), len(f.Expectations))
	return 0
}

func maskCNS(c cns.CNS) string {
	if c.IsZero() {
		return "(no CNS)          "
	}
	return c.Masked()
}

func sus(b bool) string {
	if b {
		return "SUS    "
	}
	return "non-SUS"
}

func employer(v cnes.Vinculo) string {
	if v.CNPJEmpregador.IsZero() {
		return ""
	}
	return "  CNPJ detalhamento " + v.CNPJEmpregador.Format()
}

func orBlank(s string) string {
	if s == "" {
		return "open"
	}
	return s
}

func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

func cnpjList(cs []cnes.CNPJ) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Format())
	}
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, ", ")
}

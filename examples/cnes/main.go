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
// names and CPFs are never loaded; what is typed on the command line is
// quoted back as typed.
//
// Exit status (the contract of every go-sus tool): 0 ok; 1 the
// establishment or professional is not in the registry, or PATH is not a
// CNES registry (a corrupt ZIP, a folder without its tables); 2 usage or
// I/O error (a PATH that cannot be read, an output that cannot be
// written).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/sigtap"
)

// app is the command; the subcommands register themselves in init.
var app = &cli.App{Name: "cnes", Notes: `PATH is a BASE_DE_DADOS_CNES_AAAAMM.ZIP, as DATASUS publishes it on its
CNES downloads page, or the folder it was extracted to.
`}

func main() { app.Main() }

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	return app.Run(context.Background(), args, strings.NewReader(""), stdout, stderr)
}

func init() {
	app.Register("info", cli.Command{Usage: `info PATH
    Print the registry's competência, every table file with its columns,
    rows kept, skipped and unmatched, the counts of establishments,
    vínculos, professionals, teams, services and habilitações, and the
    loader's warnings.
`, Run: info})
	app.Register("estab", cli.Command{Usage: `estab PATH CNES
    Print everything the registry holds about the establishment CNES (7
    digits): identification, gestão, state, vínculos (CNS masked), services
    and classifications, habilitações, teams and supplier CNPJs. Exit 1
    when CNES is not in the registry.
`, Run: estab})
	app.Register("prof", cli.Command{Usage: `prof PATH CNES CNS
    Print the vínculos, CBOs, teams and workload of the professional CNS in
    the establishment CNES, and the checks C4 and C11 SIA makes. Exit 1 when
    the establishment is not in the registry or the professional has no
    vínculo there.
`, Run: prof})
	app.Register("gen", cli.Command{Usage: `gen -o DIR [-seed S] [-competencia AAAAMM] [-estabs N] [-vinculos N] [-minimal] [-crlf] [-zip]
    Write a synthetic registry in the real distribution format with its
    FIXTURE.md (the demo world: establishments 9990001…, see
    remessa/remessatest/demo/cnes) to the folder DIR.
      -o DIR            output folder, required; written atomically (a
                        temporary folder renamed when complete); an
                        existing DIR is replaced only when it holds nothing
                        but files gen writes
      -seed S           random seed (default 1): the same seed, the same
                        registry
      -competencia M    competência AAAAMM (default 202601)
      -estabs N         N extra random establishments (0–100000), for
                        benchmarks
      -vinculos N       vínculos of each extra establishment (0–10000,
                        default 30)
      -minimal          only the required columns, in a shuffled order
      -crlf             CRLF line ends
      -zip              write DIR/BASE_DE_DADOS_CNES_AAAAMM.ZIP (atomically)
                        instead of the loose files
`, Run: gen})
}

// open loads the registry at path, optionally restricted by opts; a
// failure is reported and code is its exit status (cli.Proceed when it
// loaded): 2 when PATH cannot be read, 1 when it is not a CNES registry.
func open(e *cli.Env, path string, opts *cnes.LoadOptions) (*cnes.Snapshot, int) {
	prog := e.Progress("loading CNES "+path, "registries")
	prog.SetTotal(1)
	s, err := cnes.Open(path, opts)
	if err != nil {
		prog.Stop()
		return nil, e.FailPath(path, err)
	}
	prog.Add(1)
	prog.Done()
	return s, cli.Proceed
}

// positional parses args (only -h and its spellings are flags) and wants
// exactly the named positional arguments.
func positional(e *cli.Env, name string, args []string, want ...string) ([]string, int) {
	fs := e.Flags(name)
	pos, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return nil, code
	}
	if len(pos) < len(want) {
		return nil, e.UsageError("missing %s", strings.Join(want[len(pos):], " "))
	}
	if len(pos) > len(want) {
		return nil, e.UsageError("unexpected argument %q", pos[len(want)])
	}
	return pos, cli.Proceed
}

// reason is the cause of an identifier error without the (masked) value:
// the user typed it.
func reason(err error) string {
	for _, s := range []error{cns.ErrEmpty, cns.ErrCharacters, cns.ErrLength, cns.ErrCheckDigit, cns.ErrKind, cns.ErrRepeated} {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	return cli.Message(err)
}

func info(e *cli.Env, args []string) int {
	pos, code := positional(e, "info", args, "PATH")
	if code != cli.Proceed {
		return code
	}
	s, code := open(e, pos[0], nil)
	if code != cli.Proceed {
		return code
	}
	stdout := e.Stdout
	fmt.Fprintf(stdout, "competência  %s (%s)\n", s.Competencia(), s.Competencia().Format())
	for _, st := range s.Stats() {
		if st.File == "" {
			fmt.Fprintf(stdout, "%-24s ausente\n", st.Table)
			continue
		}
		fmt.Fprintf(stdout, "%-24s %s: %s, %s, %s, %s, %d sem correspondência\n", st.Table, st.File,
			plural(st.Columns, "coluna", "colunas"), plural(st.Rows, "linha", "linhas"),
			plural(st.Kept, "mantida", "mantidas"), plural(st.Skipped, "descartada", "descartadas"), st.Unmatched)
	}
	c := s.Counts()
	fmt.Fprintf(stdout, "estabelecimentos %d, vínculos %d, profissionais %d, equipes %d, membros %d, serviços/classificações %d, linhas sipac %d\n",
		c.Estabelecimentos, c.Vinculos, c.Profissionais, c.Equipes, c.Membros, c.Servicos, c.Habilitacoes)
	fmt.Fprintf(stdout, "avisos %d\n", s.WarningCount())
	for _, w := range s.Warnings() {
		// The loader's warnings are Go error values (English).
		fmt.Fprintf(stdout, "  %s\n", cli.Message(w))
	}
	return cli.ExitOK
}

// openOne loads the registry keeping one establishment. The CNES code is
// typed by the user: a bad one is a usage error quoting it as typed.
func openOne(e *cli.Env, path, code string) (*cnes.Snapshot, cnes.Code, int) {
	c, err := cnes.ParseCode(code)
	if err != nil {
		return nil, c, e.UsageError("CNES %q: %s", code, reason(err))
	}
	s, rc := open(e, path, &cnes.LoadOptions{CNES: []cnes.Code{c}})
	if rc != cli.Proceed {
		return nil, c, rc
	}
	if _, ok := s.Estabelecimento(c); !ok {
		e.Errorf("%s: CNES %s não consta na base do CNES de %s", path, c, s.Competencia().Format())
		return nil, c, cli.ExitInvalid
	}
	return s, c, cli.Proceed
}

func estab(env *cli.Env, args []string) int {
	pos, rc := positional(env, "estab", args, "PATH", "CNES")
	if rc != cli.Proceed {
		return rc
	}
	s, code, rc := openOne(env, pos[0], pos[1])
	if s == nil {
		return rc
	}
	e, _ := s.Estabelecimento(code)
	comp := s.Competencia()
	w := func(format string, a ...any) { fmt.Fprintf(env.Stdout, format, a...) }
	w("CNES %s (CO_UNIDADE %s), competência %s\n", e.CNES, e.Unidade, comp)
	w("nome            %s\n", e.Nome)
	w("pessoa          %s\n", e.Pessoa)
	w("CNPJ            %s\n", e.CNPJ.Format())
	w("mantenedora     %s\n", e.Mantenedora.Format())
	w("gestão          %s (UF %s, município %s)\n", e.Gestao, e.UF, e.Municipio)
	w("natureza jur.   %s\n", e.NaturezaJuridica)
	if e.Ativo() {
		w("ativo           sim\n")
	} else {
		w("ativo           não (CO_MOTIVO_DESAB %s)\n", e.MotivoDesativacao)
	}
	vs := s.VinculosDe(code)
	w("vínculos        %d\n", len(vs))
	for _, v := range vs {
		w("  CNS %s  CBO %s  %s  %3d h  IND_VINCULACAO %s%s\n", maskCNS(v.CNS), v.CBO, sus(v.SUS), v.Horas(), v.Vinculacao, employer(v))
	}
	sv := s.Servicos(code)
	w("serviço/classif. %d\n", len(sv))
	for _, x := range sv {
		flag := "SUS"
		if !x.AmbulatorialSUS {
			flag = "não SUS (CO_AMBULATORIAL_SUS≠1)"
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
		state := "fora de vigência"
		switch {
		case h.Tipo != cnes.TipoHabilitacaoH:
			state = "não é habilitação (tipo " + h.Tipo.String() + ")"
		case h.Vigente(comp):
			state = "em vigor"
		}
		w("  %s %s  %s–%s  %s\n", h.Tipo, h.Code.Format(), orBlank(h.Inicio.String()), orBlank(h.Fim.String()), state)
	}
	ts := s.EquipesDe(code)
	w("equipes         %d\n", len(ts))
	for _, t := range ts {
		state := "inativa"
		if t.AtivaEm(comp) {
			state = "ativa"
		}
		w("  INE %s  tipo %s  %s  %s  %s\n", t.INE, t.Tipo, t.Nome, state, plural(len(t.Membros), "membro", "membros"))
	}
	w("CNPJ fornecedor %s\n", cnpjList(s.Fornecedores(code)))
	return cli.ExitOK
}

func prof(e *cli.Env, args []string) int {
	pos, rc := positional(e, "prof", args, "PATH", "CNES", "CNS")
	if rc != cli.Proceed {
		return rc
	}
	c, err := cns.ParseCNS(pos[2])
	if err != nil {
		return e.UsageError("CNS %q: %s", pos[2], reason(err))
	}
	s, code, rc := openOne(e, pos[0], pos[1])
	if s == nil {
		return rc
	}
	w := func(format string, a ...any) { fmt.Fprintf(e.Stdout, format, a...) }
	w("CNS %s no CNES %s, competência %s\n", c.Masked(), code, s.Competencia())
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
			state := "fora da competência"
			if t.AtivaEm(s.Competencia()) && m.AtivoEm(s.Competencia()) {
				state = "membro na competência"
			}
			w("equipe          INE %s tipo %s, entrada %s, desligamento %s: %s\n", t.INE, t.Tipo,
				date(m.Entrada), date(m.Desligamento), state)
		}
	}
	if ch, ok := s.CargaHoraria(c); ok {
		w("carga horária   %d h semanais em %s, %s (todos os estabelecimentos)\n", ch.Horas,
			plural(ch.Vinculos, "vínculo", "vínculos"), plural(ch.VinculosPublicos, "público", "públicos"))
	}
	w("verificação     %s\n", verdict(s.CheckProfissional(code, c)))
	w("verificação     %s\n", verdict(s.CheckCargaHoraria(c)))
	if len(vs) == 0 {
		return cli.ExitInvalid
	}
	return cli.ExitOK
}

// Bounds of gen's size flags.
const (
	maxEstabs   = 100_000
	maxVinculos = 10_000
)

func gen(e *cli.Env, args []string) int {
	fs := e.Flags("gen")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("o", "", "output directory (required)")
	comp := fs.String("competencia", "202601", "competência AAAAMM")
	estabs := fs.Int("estabs", 0, "extra random establishments (benchmark size knob)")
	vinc := fs.Int("vinculos", 30, "vínculos per extra establishment")
	minimal := fs.Bool("minimal", false, "only the required columns, shuffled")
	crlf := fs.Bool("crlf", false, "CRLF line ends")
	zipped := fs.Bool("zip", false, "write BASE_DE_DADOS_CNES_AAAAMM.ZIP")
	pos, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	c, err := sigtap.ParseCompetencia(*comp)
	switch {
	case len(pos) > 0:
		return e.UsageError("unexpected argument %q", pos[0])
	case *out == "":
		return e.UsageError("-o DIR is required")
	case err != nil:
		return e.UsageError("-competencia %q: want a competência AAAAMM", *comp)
	case *estabs < 0 || *estabs > maxEstabs:
		return e.UsageError("-estabs %d: want 0 to %d", *estabs, maxEstabs)
	case *vinc < 0 || *vinc > maxVinculos:
		return e.UsageError("-vinculos %d: want 0 to %d", *vinc, maxVinculos)
	}
	zipName := ""
	if *zipped {
		zipName = filepath.Join(*out, "BASE_DE_DADOS_CNES_"+c.String()+".ZIP")
		if err := cli.CheckOutputDir(*out); err != nil {
			return e.Fail(err)
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return e.Fail(err)
		}
		err = cli.CheckOutput(zipName)
	} else {
		err = cli.CheckOutputDir(*out)
	}
	if err != nil {
		return e.Fail(err)
	}
	prog := e.Progress("gen", "steps")
	prog.SetTotal(2)
	cfg := cnestest.World(c, *seed)
	cfg.Bulk = cnestest.Bulk{Estabs: *estabs, VinculosPerEstab: *vinc}
	cfg.Minimal, cfg.CRLF = *minimal, *crlf
	f, err := cnestest.Generate(cfg)
	if err != nil {
		prog.Stop()
		return e.Exit(cli.ExitError, err)
	}
	prog.Add(1)
	if *zipped {
		var b []byte
		if b, err = f.Zip(); err == nil {
			err = cli.WriteFileAtomic(zipName, func(w io.Writer) error { _, err := w.Write(b); return err })
		}
	} else {
		err = cli.WriteDirAtomic(*out, f.WriteDir)
	}
	if err != nil {
		prog.Stop()
		return e.Exit(cli.ExitError, err)
	}
	prog.Add(1)
	prog.Done()
	fmt.Fprintf(e.Stdout, "competência %s gravada em %s: %d estabelecimentos, %d vínculos, %d expectativas\n", c, *out,
		f.Rows(cnes.TableEstabelecimento), f.Rows(cnes.TableCargaHoraria), len(f.Expectations))
	return cli.ExitOK
}

func maskCNS(c cns.CNS) string {
	if c.IsZero() {
		return "(sem CNS)         "
	}
	return c.Masked()
}

func sus(b bool) string {
	if b {
		return "SUS    "
	}
	return "não SUS"
}

// verdict describes the result of a check in Portuguese: the outcome, the
// check with its facts (cnes.Result.Facts) and, for a failure, SIA's
// message: "ok: C4 (profissional vinculado ao estabelecimento):
// confirmado no CNES [...]".
func verdict(r cnes.Result) string {
	outcome := "não verificado"
	switch r.Outcome {
	case cnes.OK:
		outcome = "ok"
	case cnes.Fail:
		outcome = "falha"
	}
	s := outcome + ": " + r.Facts()
	if m := r.Message(); m != "" {
		s += "; mensagem do SIA: " + m
	}
	return s
}

// plural writes n with the singular or the plural noun: "1 membro", "2
// membros".
func plural(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + plural
}

func employer(v cnes.Vinculo) string {
	if v.CNPJEmpregador.IsZero() {
		return ""
	}
	return "  CNPJ detalhamento " + v.CNPJEmpregador.Format()
}

func orBlank(s string) string {
	if s == "" {
		return "em aberto"
	}
	return s
}

// date writes t as DD/MM/AAAA, "-" for none.
func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("02/01/2006")
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

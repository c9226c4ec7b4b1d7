package remessatest_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

// demoMonth is a world of the demo release: 4 files of 300 lines over 8
// establishments, 5 % errors, one file repeated and one of another
// competência.
func demoMonth() *remessatest.World {
	w, err := remessatest.New(demoRelease(), &remessatest.Options{Estabs: 8, Files: 4, Lines: 300, ErrorRate: 0.05,
		Duplicate: true, OtherCompetencia: true, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	return w
}

// A month of BPA files judged by remessa.Checker exactly as the world
// expects.
func Example_world() {
	w := demoMonth()
	rel := demoRelease()
	var ins []remessa.Input
	for i, f := range w.Files {
		var b bytes.Buffer
		if err := w.WriteFile(i, &b); err != nil {
			log.Fatal(err)
		}
		ins = append(ins, remessa.ReaderInput(f.Name, &b))
	}
	reg, _ := cnes.NewRegistry(w.Registry.Snapshot)
	ck := &remessa.Checker{SIGTAP: sigtap.NewSet(rel), CNES: reg}
	got := 0
	m, err := ck.CheckFiles(context.Background(), ins, func(r *remessa.Result) error {
		got += len(r.Criticas)
		return nil
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	want := 0
	for range w.Criticas() {
		want++
	}
	fmt.Println(got == want, w.Expected().Compare(m))
	// Output: true <nil>
}

func ExampleNew() {
	w := demoMonth()
	for _, f := range w.Files {
		fmt.Println(f.Name, f.Competencia, f.Lines, "lines", f.CopyOf)
	}
	e := w.Expected()
	fmt.Println(e.Lines, "lines:", e.Approved, "aprovadas,", e.Rejected, "rejeitadas,", e.Unverified, "não verificadas")
	fmt.Println("approved value", e.Valor.Approved)
	// Output:
	// PAW001.DEZ 202512 300 lines -1
	// PAW002.DEZ 202512 300 lines -1
	// PAW003.JAN 202601 300 lines -1
	// PAW004.DEZ 202512 300 lines 1
	// 1200 lines: 808 aprovadas, 392 rejeitadas, 0 não verificadas
	// approved value 27944.39
}

func ExampleWorld_Criticas() {
	w := demoMonth()
	n := 0
	for e := range w.Criticas() {
		if n < 4 {
			fmt.Println(e.File, e.Line, e.Code)
		}
		n++
	}
	fmt.Println(n, "críticas")
	// Output:
	// PAW001.DEZ 9 IDADE_INCOMPATIVEL
	// PAW001.DEZ 11 QUANTIDADE_EXCEDIDA
	// PAW001.DEZ 17 BPA-CNS-DV
	// PAW001.DEZ 41 INSTRUMENTO_INCOMPATIVEL
	// 727 críticas
}

func ExampleWorld_Expected() {
	e := demoMonth().Expected()
	for _, f := range e.Files {
		var codes []string
		for _, c := range f.Criticas {
			codes = append(codes, fmt.Sprint(c.Line, ":", c.Code))
		}
		fmt.Println(f.Name, f.Approved, f.Rejected, f.Unverified, codes)
	}
	t := e.Totals[0]
	fmt.Println(t.CNES, t.Financiamento, t.ApprovedLines, t.Approved)
	// Output:
	// PAW001.DEZ 292 8 0 [0:SIGTAP_SEM_TABELA 0:CNES_SEM_BASE]
	// PAW002.DEZ 290 10 0 [0:SIGTAP_SEM_TABELA 0:CNES_SEM_BASE]
	// PAW003.JAN 0 300 0 [1:ARQUIVO_COMPETENCIA_DIFERENTE 0:SIGTAP_SEM_TABELA 0:CNES_SEM_BASE 0:SIGTAP_SEM_TABELA 0:CNES_SEM_BASE]
	// PAW004.DEZ 226 74 0 [0:SIGTAP_SEM_TABELA 0:CNES_SEM_BASE 0:ARQUIVO_DUPLICADO]
	// 7000001 01 42 0
}

func ExampleWorld_WriteDir() {
	dir, err := os.MkdirTemp("", "mes")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "mes")
	if err := demoMonth().WriteDir(context.Background(), out, nil); err != nil {
		log.Fatal(err)
	}
	var names []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(names)
	fmt.Println(names)
	// Output:
	// [EXPECTED.jsonl bpa/PAW001.DEZ bpa/PAW002.DEZ bpa/PAW003.JAN bpa/PAW004.DEZ cnes/FIXTURE.md cnes/rlEstabEquipeProf202512.csv cnes/rlEstabServClass202512.csv cnes/rlEstabSipac202512.csv cnes/tbCargaHorariaSus202512.csv cnes/tbDadosProfissionalSus202512.csv cnes/tbEquipe202512.csv cnes/tbEstabelecimento202512.csv]
}

func ExampleReadExpected() {
	w := demoMonth()
	var b bytes.Buffer
	if err := w.WriteExpected(&b); err != nil {
		log.Fatal(err)
	}
	first := ""
	e, err := remessatest.ReadExpected(&b, func(x remessatest.Expectation) error {
		if first == "" {
			first = fmt.Sprint(x.File, " ", x.Line, " ", x.Code)
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(first)
	fmt.Println(e.FileCount, "files,", e.Lines, "lines,", len(e.Totals), "totals")
	// Output:
	// PAW001.DEZ 9 IDADE_INCOMPATIVEL
	// 4 files, 1200 lines, 34 totals
}

func ExampleExpected_Compare() {
	e := demoMonth().Expected()
	m := &remessa.MonthSummary{FileCount: e.FileCount} // a check that judged nothing
	err := e.Compare(m)
	fmt.Println(err != nil)
	// Output: true
}

func ExampleDemo() {
	d, err := remessatest.Demo()
	if err != nil {
		log.Fatal(err)
	}
	ck := &remessa.Checker{SIGTAP: d.SIGTAP, CNES: d.CNES, File: d.Name}
	s, err := ck.Check(bytes.NewReader(d.File), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Name, len(d.Lines), "lines:", s.Approved, "aprovadas,", s.Rejected, "rejeitadas")
	fmt.Println(d.Lines[2].Record.LineNumber(), d.Lines[2].Expected, d.Lines[2].Purpose)
	// Output:
	// PADEMO.JAN 47 lines: 27 aprovadas, 20 rejeitadas
	// 4 [REGRA_0001] BPA-C of a regra 0001 procedure in a CEO habilitated 04.03
}

func ExampleBuildDemo() {
	file, lines, err := remessatest.BuildDemo()
	if err != nil {
		log.Fatal(err)
	}
	planted := remessatest.DemoPlanted(lines)
	fmt.Println(len(file), "bytes,", len(remessatest.DemoLines()), "lines, PLANTED.md of", len(planted), "bytes")
	// Output:
	// 15468 bytes, 47 lines, PLANTED.md of 5292 bytes
}

// Check a world written to disk and compare the run with its
// EXPECTED.jsonl: CompareDir says nothing when the checker judged exactly
// as expected.
func ExampleCompareDir() {
	d, err := remessatest.Demo()
	if err != nil {
		fmt.Println(err)
		return
	}
	rel, _ := d.SIGTAP.ForCompetencia(d.SIGTAP.Competencias()[0])
	w, err := remessatest.New(rel, &remessatest.Options{Files: 2, Lines: 50, ErrorRate: 0.2, Seed: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	dir := filepath.Join(os.TempDir(), "gosus-example-world")
	os.RemoveAll(dir)
	defer os.RemoveAll(dir)
	if err := w.WriteDir(context.Background(), dir, nil); err != nil {
		fmt.Println(err)
		return
	}
	wreg, err := cnes.OpenRegistry(filepath.Join(dir, "cnes"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var ins []remessa.Input
	for _, f := range w.Files {
		ins = append(ins, remessa.FileInput(filepath.Join(dir, "bpa", f.Name)))
	}
	got := map[string][]remessa.Code{}
	ck := &remessa.Checker{SIGTAP: sigtap.NewSet(rel), CNES: wreg}
	m, err := ck.CheckFiles(context.Background(), ins, func(r *remessa.Result) error {
		for _, c := range r.Criticas {
			k := fmt.Sprint(r.File, ":", r.Line)
			got[k] = append(got[k], c.Code)
		}
		return nil
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Lines, "lines;", remessatest.CompareDir(dir, got, m))
	// Output: 100 lines; <nil>
}

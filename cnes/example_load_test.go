package cnes_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"testing/fstest"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/sigtap"
)

// demoZip returns the demo registry of competência c as a ZIP.
func demoZip(c string) (name string, data []byte) {
	comp, err := sigtap.ParseCompetencia(c)
	if err != nil {
		log.Fatal(err)
	}
	f, err := cnestest.Generate(cnestest.World(comp, 1))
	if err != nil {
		log.Fatal(err)
	}
	z, err := f.Zip()
	if err != nil {
		log.Fatal(err)
	}
	return f.ZipName(), z
}

func ExampleLoadRegistry() {
	// An fs.FS (an embed.FS, say) holding the monthly ZIPs, in folders
	// or not: every competência is loaded.
	n12, z12 := demoZip("202512")
	n01, z01 := demoZip("202601")
	fsys := fstest.MapFS{"2025/" + n12: {Data: z12}, "2026/" + n01: {Data: z01}}
	r, err := cnes.LoadRegistry(fsys, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Competencias())
	// Output: [202512 202601]
}

func ExampleRegistry_Merge() {
	// Several paths, as a command line gives them.
	reg, _ := cnes.NewRegistry()
	for _, p := range []string{"../remessa/remessatest/demo/cnes/202512", "../remessa/remessatest/demo/cnes/202601"} {
		r, err := cnes.OpenRegistry(p, nil)
		if err != nil {
			log.Fatal(err)
		}
		if err := reg.Merge(r); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(reg.Competencias())
	// Output: [202512 202601]
}

func ExampleOpenContext() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := cnes.OpenContext(ctx, "../remessa/remessatest/demo/cnes/202601", nil)
	if err != nil {
		log.Fatal(err) // errors.Is(err, context.DeadlineExceeded) when it took too long
	}
	fmt.Println(s.Competencia())
	// Output: 202601
}

func ExampleLimitError() {
	// A quote opened on line 2 and never closed: the rest of the file
	// would be one field. The load stops at LoadOptions.MaxRecordBytes
	// and points at the opening quote.
	var b strings.Builder
	b.WriteString(`"CO_UNIDADE";"CO_CNES";"TP_PFPJ";"NU_CNPJ";"NU_CNPJ_MANTENEDORA";"CO_ESTADO_GESTOR";"CO_MUNICIPIO_GESTOR";"TP_GESTAO";"CO_MOTIVO_DESAB"` + "\n")
	b.WriteString(`"5300109990001";"9990001";"3";"";"";"53";"530010";"M";"` + "\n")
	for range 1000 {
		b.WriteString("5300109990002;9990002;3;;;53;530010;M;\n")
	}
	fsys := fstest.MapFS{"tbEstabelecimento202601.csv": {Data: []byte(b.String())}}
	_, err := cnes.Load(fsys, &cnes.LoadOptions{MaxRecordBytes: 4096})
	var pe *cnes.ParseError
	var le *cnes.LimitError
	if errors.As(err, &pe) && errors.As(err, &le) {
		fmt.Println(pe.StartLine, pe.Line, pe.Column, le.Option, le.Limit)
		fmt.Println(errors.Is(err, cnes.ErrRecordTooLong), errors.Is(err, cnes.ErrUnclosedQuote))
		fmt.Println(err)
	}
	// Output:
	// 2 2 55 MaxRecordBytes 4096
	// true true
	// cnes: tbEstabelecimento202601.csv: line 2, column 55: record larger than the limit of 4 KiB (LoadOptions.MaxRecordBytes), inside the quoted field opened here: unclosed quote?
}

package sigtap_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"

	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

func ExampleLoad() {
	// Any fs.FS with the release files at its root: a directory, an
	// embed.FS sub-tree, a fstest.MapFS.
	r, err := sigtap.Load(os.DirFS(tiny), &sigtap.LoadOptions{Name: "TabelaUnificada_202512_v2601221256"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Name(), len(r.Procedures()), "procedures")
	// Output:
	// TabelaUnificada_202512_v2601221256 5 procedures
}

func ExampleLoadSet() {
	// The embedded demo world holds two release ZIPs in its sigtap folder.
	sub, err := fs.Sub(demo.FS, "sigtap")
	if err != nil {
		fmt.Println(err)
		return
	}
	set, err := sigtap.LoadSet(sub, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range set.Competencias() {
		r, _ := set.ForCompetencia(c)
		fmt.Println(r.Competencia(), r.Generation(), len(r.Procedures()))
	}
	// Output:
	// 202512 v2601221256 20
	// 202601 v2601221740 20
}

func ExampleRelease_WriteZip() {
	r, _ := sigtap.Open(tiny, nil)
	var buf bytes.Buffer
	if err := r.WriteZip(&buf); err != nil {
		fmt.Println(err)
		return
	}
	// LoadZip reads it back (from any io.ReaderAt) as an equal release.
	back, err := sigtap.LoadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()), &sigtap.LoadOptions{Name: r.Name() + ".zip"})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := sigtap.Diff(r, back)
	fmt.Println(back.Name(), "same as written:", c.Empty())
	// Output:
	// TabelaUnificada_202512_v2601221256 same as written: true
}

func ExampleRelease_Table() {
	r, _ := sigtap.Open(tiny, nil)
	t, _ := r.Table(sigtap.TableProcRegistro)
	fmt.Println(t.Name(), t.Len(), "rows, width", t.Layout().Width())
	line, _ := t.Line(nil, 0)
	row, _ := t.Row(0)
	fmt.Printf("%s %q\n", line, row)
	// Output:
	// rl_procedimento_registro 9 rows, width 18
	// 020101060702202512 ["0201010607" "02" "202512"]
}

func ExampleRelease_Absent() {
	r, _ := sigtap.Open(tiny, &sigtap.LoadOptions{Descriptions: sigtap.SkipDescriptions})
	fmt.Println(r.Absent())
	_, _, err := r.Description(sigtap.MustParseCode("0301010072"))
	fmt.Println(err)
	// Output:
	// [tb_descricao]
	// sigtap: table absent from the release: tb_descricao
}

func ExampleNewSet() {
	a, _ := sigtap.Open(tiny, nil)
	// The same competência regenerated later (here: the same files under
	// a newer generation name).
	b, _ := sigtap.Load(os.DirFS(tiny), &sigtap.LoadOptions{Name: "TabelaUnificada_202512_v2602261637"})
	set := sigtap.NewSet(a, b)
	dez := sigtap.MustParseCompetencia("202512")
	r, _ := set.ForCompetencia(dez)
	fmt.Println("in force:", r.Generation())
	set.Pin(dez, a.Generation())
	r, _ = set.ForCompetencia(dez)
	fmt.Println("pinned:", r.Generation())
	// Output:
	// in force: v2602261637
	// pinned: v2601221256
}

func ExampleParseReleaseName() {
	c, g, err := sigtap.ParseReleaseName("downloads/TabelaUnificada_202512_v2601221256.zip")
	fmt.Println(c, g, g.Time().Format("2006-01-02 15:04"), err)
	// Output:
	// 202512 v2601221256 2026-01-22 12:56 <nil>
}

func ExampleFold() {
	fmt.Println(sigtap.Fold("Ressonância Magnética"))
	// Output:
	// RESSONANCIA MAGNETICA
}

func ExampleParseLayouts() {
	data, _ := os.ReadFile(tiny + "/layout.txt")
	ls, err := sigtap.ParseLayouts(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(ls), "tables; first", ls[0].Table, "width", ls[0].Width())
	fmt.Println(bytes.Equal(sigtap.AppendLayouts(nil, ls), data))
	// Output:
	// 41 tables; first tb_procedimento width 336
	// true
}

package sigtap_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"testing/fstest"
	"time"

	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

func ExampleOpenContext() {
	// The load stops between files and every few thousand rows once the
	// context is done.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, err := sigtap.OpenContext(ctx, tiny, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Name())
	// Output: TabelaUnificada_202512_v2601221256
}

func ExampleLoadContext() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a canceled load returns ctx.Err(), wrapped with the file
	_, err := sigtap.LoadContext(ctx, os.DirFS(tiny), nil)
	fmt.Println(errors.Is(err, context.Canceled))
	// Output: true
}

func ExampleLoadZipContext() {
	r, _ := sigtap.Open(tiny, nil)
	var zipped bytes.Buffer
	r.WriteZip(&zipped)
	back, err := sigtap.LoadZipContext(context.Background(), bytes.NewReader(zipped.Bytes()), int64(zipped.Len()),
		&sigtap.LoadOptions{Name: r.Name() + ".zip", Descriptions: sigtap.SkipDescriptions})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Name(), back.Has(sigtap.TableDescricao))
	// Output: TabelaUnificada_202512_v2601221256 false
}

func ExampleOpenSetContext() {
	set, err := sigtap.OpenSetContext(context.Background(), "testdata", &sigtap.LoadOptions{Descriptions: sigtap.SkipDescriptions})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(set.Competencias())
	// Output: [202510 202511 202512 202601]
}

func ExampleLoadSetContext() {
	set, err := sigtap.LoadSetContext(context.Background(), demo.SIGTAP(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(set.Competencias())
	// Output: [202512 202601]
}

func ExampleSet_Merge() {
	// Releases from several paths (the -sigtap list of a command, say)
	// make one set.
	set := sigtap.NewSet()
	for _, p := range []string{"testdata/TabelaUnificada_202511_v2511111519", "testdata/TabelaUnificada_202512_v2601221256"} {
		s, err := sigtap.OpenSet(p, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		set.Merge(s)
	}
	fmt.Println(set.Competencias())
	// Output: [202511 202512]
}

func ExampleLoadOptions() {
	// Every read is capped (defaults sized from the real releases with a
	// 4× margin or more); a cap that is too small for a file is an error
	// naming the file, the limit and the option.
	_, err := sigtap.Open(tiny, &sigtap.LoadOptions{MaxLayoutBytes: 1 << 10})
	fmt.Println(errors.Is(err, sigtap.ErrTooLarge))
	fmt.Println(err)
	// Output:
	// true
	// sigtap: testdata/TabelaUnificada_202512_v2601221256/layout.txt: larger than the limit of 1 KiB (LoadOptions.MaxLayoutBytes)
}

func ExampleRelease_Warnings() {
	// A copy of the tiny release whose tb_grupo.txt has LF line ends.
	m := fstest.MapFS{}
	des, _ := os.ReadDir(tiny)
	for _, d := range des {
		b, _ := os.ReadFile(tiny + "/" + d.Name())
		if d.Name() == "tb_grupo.txt" {
			b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		}
		m[d.Name()] = &fstest.MapFile{Data: b}
	}
	r, err := sigtap.Load(m, &sigtap.LoadOptions{Name: "TabelaUnificada_202512_v2601221256"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range r.Warnings() {
		fmt.Println(w)
	}
	fmt.Println(r.WarningCount(), "warning(s)")
	// Output:
	// sigtap: tb_grupo.txt: 2 lines end in LF instead of CRLF
	// 1 warning(s)
}

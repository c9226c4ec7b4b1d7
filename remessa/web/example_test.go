package web_test

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/remessa/web"
	"github.com/go-sus/sus/sigtap"
)

// A clinic's application mounts the page under a prefix of its own.
func ExampleNew() {
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil) // or sigtap.OpenSet("releases/", nil)
	if err != nil {
		panic(err)
	}
	sub, _ := fs.Sub(demo.FS, "cnes/202601")
	snap, err := cnes.Load(sub, nil) // or cnes.OpenRegistry("BASE_DE_DADOS_CNES_202601.ZIP", nil)
	if err != nil {
		panic(err)
	}
	reg, _ := cnes.NewRegistry(snap)

	h, err := web.New(set, reg, &web.Options{MaxUploadBytes: 256 << 20, MaxFiles: 50})
	if err != nil {
		panic(err)
	}
	defer h.Close() // drops the results kept in memory

	mux := http.NewServeMux()
	mux.Handle("/faturamento/bpa/", http.StripPrefix("/faturamento/bpa", h))

	srv := httptest.NewServer(mux) // http.ListenAndServe("127.0.0.1:8080", mux)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/faturamento/bpa/healthz")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	// Output: 200 application/json; charset=utf-8
}

func ExampleParseSize() {
	n, _ := web.ParseSize("1,5 GB")
	fmt.Println(n, web.FormatSize(n))
	// Output: 1610612736 1,5 GB
}

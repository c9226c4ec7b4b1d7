// Command gen writes the demo world's BPA file and PLANTED.md into a
// directory (remessatest.BuildDemo):
//
//	go run ./remessa/remessatest/demo/gen -o remessa/remessatest/demo/bpa
//
// go generate ./remessa/remessatest/demo runs it.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/remessa/remessatest/demo"
)

func main() {
	out := flag.String("o", ".", "output directory")
	flag.Parse()
	data, lines, err := remessatest.BuildDemo()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, demo.FileName), data, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "PLANTED.md"), []byte(remessatest.DemoPlanted(lines)), 0o644); err != nil {
		log.Fatal(err)
	}
}

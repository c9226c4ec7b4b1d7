// Command gen writes the demo world's BPA file and PLANTED.md into a
// directory: go run ./internal/demodata/demobpa/gen -o internal/demodata/bpa
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/go-sus/sus/internal/demodata/demobpa"
)

func main() {
	out := flag.String("o", ".", "output directory")
	flag.Parse()
	data, lines, err := demobpa.Build()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, demobpa.FileName), data, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "PLANTED.md"), []byte(demobpa.Planted(lines)), 0o644); err != nil {
		log.Fatal(err)
	}
}

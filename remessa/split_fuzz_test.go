package remessa

import (
	"bytes"
	"errors"
	"testing"

	"github.com/go-sus/sus/bpa"
)

// FuzzSplit reads arbitrary bytes as a BPA file and splits what could be
// read against the demo world: no panic, every production record in
// exactly one file, and every file encodable with consistent totals.
func FuzzSplit(f *testing.F) {
	set, reg := demoWorld(f)
	_, demo := demoFile(f)
	// Small seeds: the fuzzer stalls on inputs of many kilobytes. The
	// header and first BPA-C lines, and the header with the programme
	// line 41 and the FAEC line 47.
	lines := bytes.SplitAfter(demo, []byte("\r\n"))
	f.Add(bytes.Join(lines[:6], nil))
	f.Add(bytes.Join([][]byte{lines[0], lines[40], lines[46]}, nil))
	f.Add([]byte("01#BPA#202601000001000001111\r\n029990002202601225125001010214010015045000012BPA\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, _ := bpa.Decode(bytes.NewReader(data))
		if file == nil {
			return
		}
		n := 0
		for _, r := range file.Records {
			if _, ok := r.(*bpa.Header); !ok {
				n++
			}
		}
		for _, renumber := range []bool{false, true} {
			res, err := Split(file, &SplitOptions{SIGTAP: set, CNES: reg, Renumber: renumber})
			if err != nil {
				if !errors.Is(err, ErrSplit) {
					t.Fatalf("error not wrapping ErrSplit: %v", err)
				}
				continue
			}
			got := 0
			for _, sf := range res.Files {
				got += len(sf.File.Records)
				if len(sf.Lines) != len(sf.File.Records) || sf.File.Header.Lines != len(sf.File.Records) {
					t.Fatalf("%s: %d records, %d line numbers, cbc_lin %d", sf.Name, len(sf.File.Records), len(sf.Lines), sf.File.Header.Lines)
				}
				var buf bytes.Buffer
				if err := sf.File.Encode(&buf, nil); err != nil {
					// Records that parsed may still not encode (e.g. a
					// field the writer's layout version lacks); that is
					// the writer's verdict, not a split defect.
					continue
				}
			}
			if got != n {
				t.Fatalf("%d records split, input has %d", got, n)
			}
		}
	})
}

package sigtap_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// zipEntries reads every entry of a ZIP held in memory.
func zipEntries(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

// TestWriteReproducesOfficialFiles writes the loaded 202512 release and
// compares every data and layout file with the official ZIP, byte for
// byte.
func TestWriteReproducesOfficialFiles(t *testing.T) {
	p := sharedZip(t, zip202512)
	r := shared(t, zip202512)
	var buf bytes.Buffer
	if err := r.WriteZip(&buf); err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	want := zipEntries(t, orig)
	got := zipEntries(t, buf.Bytes())
	for name, g := range got {
		w, ok := want[name]
		if !ok {
			t.Errorf("%s written but not in the official ZIP", name)
			continue
		}
		if !bytes.Equal(g, w) {
			t.Errorf("%s differs from the official file (%d vs %d bytes)", name, len(g), len(w))
		}
	}
	for name := range want {
		if _, ok := got[name]; !ok && name != "LEIA_ME.TXT" && filepath.Ext(name) != ".xls" {
			t.Errorf("%s not written", name)
		}
	}
}

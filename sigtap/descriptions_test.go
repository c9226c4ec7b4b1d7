package sigtap_test

import (
	"bytes"
	"errors"
	"runtime"
	"testing"
	"testing/fstest"

	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

func TestDescriptionModes(t *testing.T) {
	code := sigtap.MustParseCode("0301010072")
	const want = "CONSULTA CLÍNICA DO PROFISSIONAL MÉDICO NA ATENÇÃO ESPECIALIZADA"
	// Lazy from a ZIP (the compressed entry is kept and inflated on first
	// use), lazy from a directory, eager, skipped.
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil)
	if err != nil {
		t.Fatal(err)
	}
	zipRel, _ := set.ForCompetencia(sigtap.MustParseCompetencia("202512"))
	dirRel, err := sigtap.Open(tiny, nil)
	if err != nil {
		t.Fatal(err)
	}
	eager, err := sigtap.Open(tiny, &sigtap.LoadOptions{Descriptions: sigtap.EagerDescriptions})
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*sigtap.Release{"zip": zipRel, "dir": dirRel, "eager": eager} {
		text, found, err := r.Description(code)
		if err != nil || !found || text != want {
			t.Errorf("%s: %q %v %v", name, text, found, err)
		}
		if _, found, err := r.Description(sigtap.MustParseCode("0101010010")); found || err != nil {
			t.Errorf("%s: description of a procedure not in the release: %v %v", name, found, err)
		}
	}
	skip, err := sigtap.Open(tiny, &sigtap.LoadOptions{Descriptions: sigtap.SkipDescriptions})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := skip.Description(code); !errors.Is(err, sigtap.ErrTableAbsent) {
		t.Errorf("skipped: %v", err)
	}
	if skip.Has(sigtap.TableDescricao) || len(skip.Absent()) != 1 {
		t.Errorf("skipped descriptions not absent: %v", skip.Absent())
	}
	// A release written without descriptions has the layout only.
	var buf bytes.Buffer
	if err := skip.WriteZip(&buf); err != nil {
		t.Fatal(err)
	}
	if e := zipEntries(t, buf.Bytes()); e["tb_descricao.txt"] != nil || e["tb_descricao_layout.txt"] == nil {
		t.Error("skipped descriptions written")
	}
}

// TestLazyDescriptionErrors: a bad tb_descricao does not fail the load; it
// fails the first Description call, every time.
func TestLazyDescriptionErrors(t *testing.T) {
	m := tinyFS(t)
	edit(t, m, "tb_descricao.txt", "202512\r\n", "202511\r\n")
	r, err := loadTiny(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, _, err := r.Description(sigtap.MustParseCode("0301010072")); !errors.Is(err, sigtap.ErrCompetencia) {
			t.Errorf("Description err = %v", err)
		}
	}
	if err := r.LoadDescriptions(); !errors.Is(err, sigtap.ErrCompetencia) {
		t.Errorf("LoadDescriptions = %v", err)
	}
	if _, err := loadTiny(m, &sigtap.LoadOptions{Descriptions: sigtap.EagerDescriptions}); !errors.Is(err, sigtap.ErrCompetencia) {
		t.Errorf("eager load err = %v", err)
	}
}

func TestFSEntryCap(t *testing.T) {
	m := fstest.MapFS{}
	for k, v := range tinyFS(t) {
		m[k] = v
	}
	if _, err := loadTiny(m, &sigtap.LoadOptions{MaxFileBytes: 10_000}); !errors.Is(err, sigtap.ErrTooLarge) {
		t.Errorf("10 kB entry cap on a directory: %v", err)
	}
}

// TestRetainedHeap: a loaded release, descriptions and search index
// included, keeps less than 150 MB alive.
func TestRetainedHeap(t *testing.T) {
	p := sharedZip(t, zip202512)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := sigtap.Open(p, &sigtap.LoadOptions{Descriptions: sigtap.EagerDescriptions})
	if err != nil {
		t.Fatal(err)
	}
	r.Search("x")
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
	runtime.KeepAlive(r)
	t.Logf("retained heap: %.1f MB", mb)
	if mb > 150 {
		t.Errorf("retained heap %.1f MB, want < 150", mb)
	}
}

package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

// bigWorld is a generated world over the demo SIGTAP release of 01/2026:
// a registry of 50 establishments and productions of n lines drawn from
// it, each with its own seed and error rate.
type bigWorld struct {
	set   *sigtap.Set
	reg   *cnes.Registry
	files [][]byte
}

var (
	bigOnce sync.Once
	big     *bigWorld
)

// sharedBigWorld is the world of 8 productions of n lines, built once for
// the tests that need it.
func sharedBigWorld(t *testing.T, n int) *bigWorld {
	t.Helper()
	bigOnce.Do(func() { big = newBigWorld(t, n, 8) })
	if big == nil {
		t.Fatal("no big world")
	}
	return big
}

func newBigWorld(t *testing.T, n, count int) *bigWorld {
	t.Helper()
	set, _, _ := demoSources(t)
	rel, ok := set.ForCompetencia(sigtap.MustParseCompetencia("202601"))
	if !ok {
		t.Fatal("no 202601 release")
	}
	plan, err := remessatest.NewPlan(rel, nil)
	if err != nil {
		t.Fatal(err)
	}
	wreg, err := remessatest.NewRegistry(plan, 50, 1)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := cnes.NewRegistry(wreg.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	w := &bigWorld{set: set, reg: reg, files: make([][]byte, count)}
	var wg sync.WaitGroup
	errs := make([]error, count)
	for i := range count {
		wg.Go(func() {
			prod, err := remessatest.NewProduction(wreg, rel.Competencia(), n, uint64(100+i), &remessatest.ProductionOptions{ErrorRate: 0.002 * float64(i+1)})
			if err != nil {
				errs[i] = err
				return
			}
			var b bytes.Buffer
			_, errs[i] = prod.WriteTo(&b)
			w.files[i] = b.Bytes()
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// heapPeak samples the heap every few milliseconds until stop and
// returns the peaks of the heap (objects, garbage included) and of the
// live heap as marked by the last GC.
func heapPeak(stop <-chan struct{}) <-chan [2]uint64 {
	out := make(chan [2]uint64, 1)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
		var peak [2]uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			peak[0] = max(peak[0], s[0].Value.Uint64())
			peak[1] = max(peak[1], s[1].Value.Uint64())
			select {
			case <-stop:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestConcurrentUploads posts 8 files of 100 000 lines at once (10 000
// under -short) through a real HTTP server: each upload gets its own
// report, with the counts and values the library gives for its file.
func TestConcurrentUploads(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	const uploads = 8
	start := time.Now()
	w := sharedBigWorld(t, n)
	t.Logf("generated %d files of %d lines (%d MB each) in %v", uploads, n, len(w.files[0])>>20, time.Since(start))

	// What the library says of each file.
	type counts struct{ lines, approved, rejected, unverified, valor string }
	want := make([]counts, uploads)
	start = time.Now()
	for i, data := range w.files {
		ck := &remessa.Checker{SIGTAP: w.set, CNES: w.reg}
		m, err := ck.CheckFiles(context.Background(), []remessa.Input{remessa.ReaderInput(fileName(i), bytes.NewReader(data))}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = counts{formatInt(m.Lines), formatInt(m.Approved), formatInt(m.Rejected), formatInt(m.Unverified), remessa.FormatBRL(m.Valor.Approved)}
	}
	lib := time.Since(start)
	t.Logf("library: %v for the %d files one after the other (%v per file)", lib, uploads, lib/uploads)
	for i := 1; i < uploads; i++ {
		if want[i].rejected == want[0].rejected {
			t.Fatalf("files 0 and %d have the same rejected count: the test would not tell reports apart", i)
		}
	}

	dir := t.TempDir()
	h, err := New(w.set, w.reg, &Options{TempDir: dir, MaxConcurrent: uploads})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()

	bodies := make([][]byte, uploads)
	cts := make([]string, uploads)
	for i := range uploads {
		body, ct := multipartBody(t, part{"files", fileName(i), w.files[i]})
		bodies[i], _ = io.ReadAll(body)
		cts[i] = ct
	}
	base := liveHeap()
	stop := make(chan struct{})
	peak := heapPeak(stop)
	var wg sync.WaitGroup
	var running, maxRunning atomic.Int32
	got := make([]counts, uploads)
	ids := make([]string, uploads)
	errs := make([]error, uploads)
	took := make([]time.Duration, uploads)
	start = time.Now()
	for i := range uploads {
		wg.Go(func() {
			r := running.Add(1)
			for {
				m := maxRunning.Load()
				if r <= m || maxRunning.CompareAndSwap(m, r) {
					break
				}
			}
			defer running.Add(-1)
			t0 := time.Now()
			resp, err := http.Post(srv.URL+"/check", cts[i], bytes.NewReader(bodies[i]))
			if err != nil {
				errs[i] = err
				return
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			took[i] = time.Since(t0)
			if resp.StatusCode != 200 {
				errs[i] = fmt.Errorf("upload %d: %d %.200s", i, resp.StatusCode, page)
				return
			}
			ids[i] = resp.Request.URL.Path
			s := string(page)
			got[i] = counts{text(t, s, "n-linhas"), text(t, s, "n-aprovadas"), text(t, s, "n-rejeitadas"), text(t, s, "n-nao-verificadas"), text(t, s, "v-aprovado")}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	close(stop)
	p := <-peak
	for i := range uploads {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if got[i] != want[i] {
			t.Errorf("upload %d: report %+v, want %+v", i, got[i], want[i])
		}
		for j := range i {
			if ids[i] == ids[j] {
				t.Errorf("uploads %d and %d share the result %s", i, j, ids[i])
			}
		}
	}
	t.Logf("%d concurrent uploads of %d lines: %v wall (each %v–%v), library alone %v; %d running at once",
		uploads, n, wall, minDur(took), maxDur(took), lib, maxRunning.Load())
	t.Logf("heap: %d MB live before (the test's own files and bodies); while checking, peak live heap %d MB (+%d MB), peak heap with garbage %d MB (+%d MB)",
		base>>20, p[1]>>20, (p[1]-base)>>20, p[0]>>20, (p[0]-base)>>20)
	nres, bytes := h.store.stats()
	t.Logf("kept: %d results, %d MB estimated", nres, bytes>>20)
	if nres != uploads {
		t.Errorf("%d results kept, want %d", nres, uploads)
	}
	assertEmpty(t, dir)
}

func fileName(i int) string { return fmt.Sprintf("PA%07d.JAN", 7000000+i) }

func minDur(ds []time.Duration) time.Duration {
	m := ds[0]
	for _, d := range ds {
		m = min(m, d)
	}
	return m
}

func maxDur(ds []time.Duration) time.Duration {
	m := ds[0]
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// TestUploadSpeed times one upload of 100 000 lines (10 000 under
// -short) against the library checking the same file, and checks the
// API's JSON lines are the library's.
func TestUploadSpeed(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	w := sharedBigWorld(t, n)
	data := w.files[0]
	h, err := New(w.set, w.reg, &Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ck := &remessa.Checker{SIGTAP: w.set, CNES: w.reg}
	var lib, page, api, libJSON time.Duration
	{
		t0 := time.Now()
		m, err := ck.CheckFiles(context.Background(), []remessa.Input{remessa.ReaderInput("PA7000000.JAN", bytes.NewReader(data))}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		lib = time.Since(t0)

		t0 = time.Now()
		var jb bytes.Buffer
		jw := remessa.NewJSONLinesWriter(&jb)
		m2, _ := ck.CheckFiles(context.Background(), []remessa.Input{remessa.ReaderInput("PA7000000.JAN", bytes.NewReader(data))}, jw.WriteResult, jw.WriteFileSummary)
		jw.WriteMonthSummary(m2)
		libJSON = time.Since(t0)

		body, ct := multipartBody(t, part{"files", "PA7000000.JAN", data})
		req := httptest.NewRequest("POST", "/check", body)
		req.Header.Set("Content-Type", ct)
		t0 = time.Now()
		rec := serve(h, req)
		page = time.Since(t0)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("POST /check: %d", rec.Code)
		}
		html := get(h, "/"+rec.Header().Get("Location")).Body.String()
		if text(t, html, "n-aprovadas") != formatInt(m.Approved) || text(t, html, "n-rejeitadas") != formatInt(m.Rejected) {
			t.Fatal("the page's counts differ from the library's")
		}

		t0 = time.Now()
		r := httptest.NewRequest("POST", "/api/check?nome=PA7000000.JAN", bytes.NewReader(data))
		rec = serve(h, r)
		api = time.Since(t0)
		if rec.Code != 200 || rec.Body.String() != jb.String() {
			t.Fatalf("POST /api/check: %d, %d bytes; the library wrote %d", rec.Code, rec.Body.Len(), jb.Len())
		}
	}
	t.Logf("%d lines (%d MB): library %v (%.0f lines/s); POST /check %v (%.2f× the library); library with JSON lines %v; POST /api/check %v (%.2f×)",
		n, len(data)>>20, lib, float64(n)/lib.Seconds(), page, page.Seconds()/lib.Seconds(), libJSON, api, api.Seconds()/libJSON.Seconds())
}

// discardWriter is a ResponseWriter that counts and drops the body.
type discardWriter struct {
	h    http.Header
	code int
	n    int64
}

func (d *discardWriter) Header() http.Header { return d.h }
func (d *discardWriter) WriteHeader(c int) {
	if d.code == 0 {
		d.code = c
	}
}
func (d *discardWriter) Write(p []byte) (int, error) {
	d.WriteHeader(200)
	d.n += int64(len(p))
	return len(p), nil
}

// TestMillionLines times an upload of 999 999 lines, the most one BPA
// file holds, against the library. It takes a minute and 1.5 GB: run it
// with GOSUS_WEB_1M=1.
func TestMillionLines(t *testing.T) {
	if os.Getenv("GOSUS_WEB_1M") == "" {
		t.Skip("set GOSUS_WEB_1M=1 to time a 999 999-line upload")
	}
	w := newBigWorld(t, bpa.MaxLines, 1)
	data := w.files[0]
	body, ct := multipartBody(t, part{"files", "PA7000000.JAN", data})
	bodyBytes, _ := io.ReadAll(body)
	h, err := New(w.set, w.reg, &Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ck := &remessa.Checker{SIGTAP: w.set, CNES: w.reg}
	base := liveHeap()

	t0 := time.Now()
	m, err := ck.CheckFiles(context.Background(), []remessa.Input{remessa.ReaderInput("PA7000000.JAN", bytes.NewReader(data))}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	lib := time.Since(t0)

	stop := make(chan struct{})
	peak := heapPeak(stop)
	req := httptest.NewRequest("POST", "/check", bytes.NewReader(bodyBytes))
	req.Header.Set("Content-Type", ct)
	t0 = time.Now()
	rec := serve(h, req)
	page := time.Since(t0)
	close(stop)
	p := <-peak
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("POST /check: %d %.300s", rec.Code, rec.Body)
	}
	html := get(h, "/"+rec.Header().Get("Location")).Body.String()
	if text(t, html, "n-aprovadas") != formatInt(m.Approved) {
		t.Error("the page's count differs from the library's")
	}
	_, kept := h.store.stats()

	t0 = time.Now()
	dw := &discardWriter{h: http.Header{}}
	h.ServeHTTP(dw, httptest.NewRequest("POST", "/api/check", bytes.NewReader(data)))
	api := time.Since(t0)
	if dw.code != 200 {
		t.Fatalf("POST /api/check: %d", dw.code)
	}
	hd, err := New(w.set, w.reg, &Options{TempDir: t.TempDir(), DiscardUploads: true})
	if err != nil {
		t.Fatal(err)
	}
	defer hd.Close()
	req = httptest.NewRequest("POST", "/check", bytes.NewReader(bodyBytes))
	req.Header.Set("Content-Type", ct)
	t0 = time.Now()
	if rec := serve(hd, req); rec.Code != http.StatusSeeOther {
		t.Fatalf("POST /check (DiscardUploads): %d", rec.Code)
	}
	discard := time.Since(t0)
	t.Logf("%d lines (%d MB): library %v (%.0f lines/s); POST /check %v (%.2f×), peak live heap +%d MB, result kept %d MB; "+
		"with DiscardUploads %v (%.2f×); POST /api/check %v (%d MB of JSON lines)",
		m.Lines, len(data)>>20, lib, float64(m.Lines)/lib.Seconds(), page, page.Seconds()/lib.Seconds(), (p[1]-base)>>20, kept>>20,
		discard, discard.Seconds()/lib.Seconds(), api, dw.n>>20)
}

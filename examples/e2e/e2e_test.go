// Package e2e holds the end-to-end test of `remessa serve` in a real
// browser: headless Chromium driven through the DevTools protocol
// (chromedp). It is a module of its own so that the library keeps its
// three dependencies. Run it from this folder:
//
//	go test ./...                      # needs /usr/bin/chromium (apt-get install chromium)
//	CHROMIUM=/path/to/chrome go test ./...
//
// It builds the remessa command of the repository, starts `remessa serve
// -demo` on a free loopback port, uploads the demo BPA file through the
// page, checks the counts shown and a filter, and saves a screenshot of
// the report in artifacts/ (E2E_ARTIFACTS names another folder).
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// repoRoot is the folder of the go-sus module, two levels up.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil || !strings.Contains(string(b), "module github.com/go-sus/sus\n") {
		t.Fatalf("%s is not the go-sus module: %v", dir, err)
	}
	return dir
}

// chromium finds the browser: $CHROMIUM, /usr/bin/chromium, or chromium or
// chromium-browser on the PATH.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, n := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium not found: .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("Chromium not found: apt-get install chromium, or set CHROMIUM")
	return ""
}

// startServe builds the remessa command and starts `remessa serve -demo`
// on a free loopback port; it returns the page's URL. The server is
// stopped with SIGINT (and killed if it lingers) when the test ends.
func startServe(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "remessa")
	build := exec.Command("go", "build", "-o", bin, "./examples/remessa")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./examples/remessa: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "-demo", "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("remessa serve ended with %v after SIGINT\n%s", err, stderr.String())
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Errorf("remessa serve did not stop on SIGINT")
		}
	})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
		for sc.Scan() {
			if u := re.FindString(sc.Text()); u != "" {
				urls <- u
			}
		}
		io.Copy(io.Discard, stdout)
		exited <- cmd.Wait()
	}()
	select {
	case u := <-urls:
		return u
	case <-time.After(60 * time.Second):
		t.Fatalf("remessa serve printed no address\n%s", stderr.String())
	}
	return ""
}

// download saves url to path.
func download(t *testing.T, url, path string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// artifacts returns the folder for the test's artifacts.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("E2E_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestReportInBrowser uploads the demo file through the page in headless
// Chromium and reads the report: the demo's known counts, a filter by
// crítica and by establishment applied by the page's script without a
// reload, no message of a blocked load in the console, and a screenshot.
func TestReportInBrowser(t *testing.T) {
	exe := chromium(t)
	base := startServe(t)

	// The demo BPA file, as a person would have it on disk.
	file := filepath.Join(t.TempDir(), "PADEMO.JAN")
	download(t, base+"exemplo/PADEMO.JAN", file)

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1024),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	// Start the browser on the parent context (no timeout there), then
	// bound the steps.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium %s: %v", exe, err)
	}
	var (
		mu       sync.Mutex
		messages []string
	)
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			mu.Lock()
			messages = append(messages, fmt.Sprintf("%s: %s", m.Type, m.Text))
			mu.Unlock()
		}
	}()
	step, cancelStep := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelStep()

	// The form page: the loaded data, then the upload.
	if err := chromedp.Do(step,
		chromedp.Navigate(base),
		chromedp.WaitVisible(chromedp.ID("arquivos")),
	); err != nil {
		t.Fatal(err)
	}
	loaded, err := chromedp.Run(step, chromedp.Text(chromedp.ID("sigtap")))
	if err != nil || !strings.Contains(loaded, "01/2026") {
		t.Errorf("the form page shows SIGTAP %q (%v)", loaded, err)
	}
	start := time.Now()
	if err := chromedp.Do(step,
		chromedp.SetUploadFiles(chromedp.ID("arquivos"), []string{file}),
		chromedp.Click(chromedp.ID("verificar")),
		chromedp.WaitVisible(chromedp.ID("n-aprovadas")),
	); err != nil {
		t.Fatal(err)
	}
	t.Logf("report shown %v after the click", time.Since(start))
	loc, _ := chromedp.Run(step, chromedp.Location())
	if !strings.HasPrefix(loc, base+"r/") {
		t.Errorf("the report is at %s", loc)
	}

	// The demo's known counts (remessa/remessatest/demo/bpa/PLANTED.md).
	for id, want := range map[string]string{
		"n-linhas": "47", "n-aprovadas": "27", "n-rejeitadas": "20", "n-nao-verificadas": "0",
		"v-aprovado": "R$ 5.297,53", "n-mostradas": "20",
	} {
		got, err := chromedp.Run(step, chromedp.Text(chromedp.ID(id)))
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(got) != want {
			t.Errorf("#%s shows %q, want %q", id, got, want)
		}
	}

	// Filters: applied by the script, without a reload.
	visible := `Array.from(document.querySelectorAll("#tabela-linhas tbody tr")).filter(r => !r.hidden).length`
	choose := func(id, value string) {
		t.Helper()
		js := fmt.Sprintf(`(() => { const s = document.getElementById(%q); s.value = %q; s.dispatchEvent(new Event("change")); return s.value; })()`, id, value)
		got, err := chromedp.Run(step, chromedp.Evaluate[string](js))
		if err != nil || got != value {
			t.Fatalf("choosing %q in #%s: %q %v", value, id, got, err)
		}
	}
	if _, err := chromedp.Run(step, chromedp.Poll[bool](`document.getElementById("filtros").dataset.js === "1"`)); err != nil {
		t.Fatalf("the page's script did not start: %v", err)
	}
	if _, err := chromedp.Run(step, chromedp.Evaluate[chromedp.Void](`window.semRecarga = true`)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cnes, critica string
		want          int
	}{
		{"", "CBO_INCOMPATIVEL", 1},
		{"", "SERVICO_NAO_CADASTRADO", 3},
		{"9990001", "", 9},
		{"9990002", "SERVICO_NAO_CADASTRADO", 1},
		{"", "", 20},
	} {
		choose("f-cnes", c.cnes)
		choose("f-critica", c.critica)
		n, err := chromedp.Run(step, chromedp.Evaluate[int](visible))
		if err != nil {
			t.Fatal(err)
		}
		shown, _ := chromedp.Run(step, chromedp.Text(chromedp.ID("n-mostradas")))
		if n != c.want || strings.TrimSpace(shown) != fmt.Sprint(c.want) {
			t.Errorf("filter cnes=%q critica=%q: %d rows visible, counter %q; want %d", c.cnes, c.critica, n, shown, c.want)
		}
	}
	same, err := chromedp.Run(step, chromedp.Evaluate[bool](`window.semRecarga === true`))
	if err != nil || !same {
		t.Error("the page reloaded while filtering")
	}

	// Leave a filter on for the screenshot.
	choose("f-critica", "SERVICO_NAO_CADASTRADO")
	png, err := chromedp.Run(step, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(artifacts(t), "relatorio.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(shot)
	t.Logf("screenshot: %s (%d KB)", abs, len(png)>>10)

	// Nothing was blocked by the Content-Security-Policy, and the script
	// raised nothing.
	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	for _, m := range messages {
		if strings.Contains(m, "Content Security Policy") || strings.HasPrefix(m, "exception") || strings.HasPrefix(m, "error") {
			t.Errorf("console: %s", m)
		}
	}
}

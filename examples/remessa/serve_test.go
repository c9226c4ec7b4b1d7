package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs "remessa serve ARGS" until the returned stop is called;
// it returns the page's URL, stderr and stop, whose result is the exit
// code.
func startServe(t *testing.T, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	old := serveContext
	serveContext = func(context.Context) (context.Context, context.CancelFunc) { return ctx, cancel }
	t.Cleanup(func() { serveContext = old })
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(append([]string{"serve"}, args...), strings.NewReader(""), &out, &errb) }()
	re := regexp.MustCompile(`http://[^ ]+/`)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if u := re.FindString(out.String()); u != "" {
			return u, &errb, func() int { cancel(); return <-done }
		}
		select {
		case code := <-done:
			t.Fatalf("serve ended with %d: %s", code, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve printed no address: %q %q", out.String(), errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeDemo(t *testing.T) {
	u, errb, stop := startServe(t, "-demo", "-addr", "127.0.0.1:0", "-max-upload", "10MB")
	if !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Errorf("address %s", u)
	}
	resp, err := http.Get(u + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"competencia":"202601"`) {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}
	// The demo file the page offers, checked through the API.
	resp, err = http.Get(u + "exemplo/PADEMO.JAN")
	if err != nil {
		t.Fatal(err)
	}
	demo, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp, err = http.Post(u+"api/check?nome=PADEMO.JAN", "application/octet-stream", bytes.NewReader(demo))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"kind":"summary"`) || !strings.Contains(string(body), `"approved":27`) {
		t.Errorf("api/check: %d %.300s", resp.StatusCode, body)
	}
	// The cap given on the command line.
	resp, err = http.Post(u+"api/check", "application/octet-stream", bytes.NewReader(make([]byte, 11<<20)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("11 MB upload with -max-upload 10MB: %d", resp.StatusCode)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d after stop", code)
	}
	if strings.Contains(errb.String(), "warning") {
		t.Errorf("warning on loopback: %s", errb.String())
	}
	if _, err := http.Get(u + "healthz"); err == nil {
		t.Error("the server still answers after stop")
	}
}

func TestServeWarnsOffLoopback(t *testing.T) {
	_, errb, stop := startServe(t, "-demo", "-addr", "0.0.0.0:0")
	stop()
	if !strings.Contains(errb.String(), "warning: listening on") {
		t.Errorf("no warning for 0.0.0.0: %q", errb.String())
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"serve"},
		{"serve", "-sigtap", "x"},
		{"serve", "-demo", "-sigtap", "x"},
		{"serve", "-demo", "-max-upload", "muito"},
		{"serve", "-demo", "-max-files", "0"},
		{"serve", "-demo", "extra"},
	} {
		r := runCLI(t, "", args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "usage:") {
			t.Errorf("%q: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	r := runCLI(t, "", "serve", "-sigtap", "/nada/aqui", "-cnes", "/nada")
	if r.code != exitUsage || !strings.Contains(r.stderr, "remessa serve:") {
		t.Errorf("missing data: exit %d, stderr %q", r.code, r.stderr)
	}
	r = runCLI(t, "", "serve", "-demo", "-addr", "256.0.0.1:0")
	if r.code != exitUsage {
		t.Errorf("bad address: exit %d, stderr %q", r.code, r.stderr)
	}
}

// Data sources that do not load stop serve before it listens: exit 2 and
// a message naming the path.
func TestServeDataErrors(t *testing.T) {
	missing := "/nonexistent/sigtap-releases"
	for _, args := range [][]string{
		{"-sigtap", missing, "-cnes", "../../remessa/remessatest/demo/cnes"},
		{"-sigtap", "../../remessa/remessatest/demo/sigtap", "-cnes", missing},
	} {
		var out, errb bytes.Buffer
		code := run(append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), strings.NewReader(""), &out, &errb)
		if code != exitError || !strings.Contains(errb.String(), missing) || out.Len() != 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out.String(), errb.String())
		}
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"

	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/remessa/web"
	"github.com/go-sus/sus/sigtap"
)

func init() {
	register("serve", command{usage: `serve [-addr 127.0.0.1:8080] -sigtap RELEASE[,RELEASE…] -cnes PATH[,PATH…] [-max-upload SIZE] [-max-files N] [-ttl DURATION] [-j N]
serve -demo [-addr 127.0.0.1:8080]
    Serves a web page for billing staff: drop the month's BPA files, see what
    SIA will reject and why and what the month is worth, download the JSON
    lines, the HTML report and the PAB/MAC split files. Every line is judged
    against the SIGTAP release and the CNES snapshot of its competência
    (-sigtap and -cnes as for check). -demo serves the bundled demo world
    instead (synthetic data) and offers its BPA file on the page.
    Listens on loopback by default; any other -addr prints a warning (the
    page shows production data, masked, to whoever reaches it). Port 0
    picks a free port; the address is printed on standard output.
    -max-upload caps one upload (default 1GB; units KB, MB, GB), -max-files
    the files of one upload (default 200); more gets 413. Results live only
    in memory, for -ttl (default 30m). Uploaded files are written to a
    temporary folder while checked and removed at once.
    Stops cleanly on SIGINT (Ctrl+C) or SIGTERM. Exit status: 0 after a
    clean stop, 2 on a usage error or when the data cannot be loaded or the
    address cannot be listened on.
`, run: runServe})
}

// serveContext returns the context whose end stops the server: the
// command's, done on SIGINT or SIGTERM (see cli.StopOnSignal). Tests
// replace it.
var serveContext = func(parent context.Context) (context.Context, context.CancelFunc) {
	cli.StopOnSignal()
	return context.WithCancel(parent)
}

func runServe(e *env, args []string) int {
	const name = "serve"
	fs := e.flags(name)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port)")
	sigtapList := fs.String("sigtap", "", "SIGTAP release(s), comma-separated")
	cnesList := fs.String("cnes", "", "CNES distribution(s), comma-separated")
	demo := fs.Bool("demo", false, "serve the bundled demo world")
	maxUpload := fs.String("max-upload", "1GB", "largest upload (KB, MB, GB)")
	maxFiles := fs.Int("max-files", web.DefaultMaxFiles, "most files in one upload")
	ttl := fs.Duration("ttl", web.DefaultResultTTL, "how long a result stays in memory")
	workers := fs.Int("j", 0, "workers per check (0: all cores)")
	if c := e.flagsOnly(name, fs, args); c != proceed {
		return c
	}
	size, err := web.ParseSize(*maxUpload)
	if err != nil {
		return e.usageError(name, "-max-upload: %v", err)
	}
	if *maxFiles < 1 {
		return e.usageError(name, "-max-files must be at least 1")
	}
	if *ttl < time.Second {
		return e.usageError(name, "-ttl must be at least 1s")
	}
	opts := &web.Options{MaxUploadBytes: size, MaxFiles: *maxFiles, ResultTTL: *ttl, Workers: *workers}
	var set *sigtap.Set
	var reg *cnes.Registry
	switch {
	case *demo && (*sigtapList != "" || *cnesList != ""):
		return e.usageError(name, "-demo serves the bundled world: leave out -sigtap and -cnes")
	case *demo:
		var sample web.Sample
		if set, reg, sample, err = serveDemo(); err != nil {
			fmt.Fprintf(e.stderr, "remessa %s: demo world: %v\n", name, err)
			return exitError
		}
		opts.Samples = []web.Sample{sample}
	case *sigtapList == "" || *cnesList == "":
		return e.usageError(name, "need -sigtap and -cnes (or -demo)")
	default:
		var code int
		if set, reg, code = e.loadRefs(name, *sigtapList, *cnesList); code != proceed {
			return code
		}
	}
	h, err := web.New(set, reg, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
		return exitError
	}
	defer h.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
		return exitError
	}
	ta, _ := ln.Addr().(*net.TCPAddr)
	if ta == nil || !ta.IP.IsLoopback() {
		fmt.Fprintf(e.stderr, "remessa %s: warning: listening on %s, not only on this computer (loopback): "+
			"anyone who reaches this address can upload files and see the results\n", name, ln.Addr())
	}
	host := ln.Addr().String()
	if ta != nil && ta.IP.IsUnspecified() {
		host = net.JoinHostPort("localhost", fmt.Sprint(ta.Port))
	}
	fmt.Fprintf(e.stdout, "remessa serve: http://%s/ (SIGTAP %v, CNES %v); Ctrl+C stops\n", host, set.Competencias(), reg.Competencias())
	if err := e.Flush(); err != nil { // stdout is buffered: the address must show now
		fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
		return exitError
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 20 * time.Second, IdleTimeout: 2 * time.Minute}
	ctx, stop := serveContext(e.ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
		return exitError
	case <-ctx.Done():
	}
	fmt.Fprintf(e.stderr, "remessa %s: stopping\n", name)
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
	}
	return exitOK
}

// serveDemo loads the bundled demo world: its SIGTAP releases, its CNES
// registry and its BPA file. The demo data's package is named only here.
func serveDemo() (*sigtap.Set, *cnes.Registry, web.Sample, error) {
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil)
	if err != nil {
		return nil, nil, web.Sample{}, err
	}
	reg, _ := cnes.NewRegistry()
	dirs, err := fs.ReadDir(demo.FS, "cnes")
	if err != nil {
		return nil, nil, web.Sample{}, err
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		sub, err := fs.Sub(demo.FS, "cnes/"+d.Name())
		if err == nil {
			var s *cnes.Snapshot
			if s, err = cnes.Load(sub, nil); err == nil {
				err = reg.Add(s)
			}
		}
		if err != nil {
			return nil, nil, web.Sample{}, err
		}
	}
	data, err := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	if err != nil {
		return nil, nil, web.Sample{}, err
	}
	return set, reg, web.Sample{Name: "PADEMO.JAN", Data: data}, nil
}

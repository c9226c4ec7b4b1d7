package cnes_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// The benchmark registry: the demo world plus 10 000 generated
// establishments with 30 vínculos each (≈300 000 tbCargaHorariaSus rows),
// built in memory once, never written to disk.
var big struct {
	once sync.Once
	fsys fstest.MapFS
	rows int
	snap *cnes.Snapshot
	err  error
}

func bigRegistry(b *testing.B) (fstest.MapFS, int, *cnes.Snapshot) {
	b.Helper()
	big.once.Do(func() {
		cfg := cnestest.World(sigtap.MustParseCompetencia("202601"), 1)
		cfg.Bulk = cnestest.Bulk{Estabs: 10000, VinculosPerEstab: 30}
		f, err := cnestest.Generate(cfg)
		if err != nil {
			big.err = err
			return
		}
		big.fsys = fstest.MapFS{}
		for n, d := range f.Files {
			big.fsys[n] = &fstest.MapFile{Data: d}
		}
		for _, t := range cnes.Tables() {
			big.rows += f.Rows(t)
		}
		big.snap, big.err = cnes.Load(big.fsys, cnes.LoadOptions{})
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.fsys, big.rows, big.snap
}

func reportRows(b *testing.B, rows int, bytes int64) {
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.SetBytes(bytes)
}

func totalBytes(fsys fstest.MapFS) int64 {
	var n int64
	for _, f := range fsys {
		n += int64(len(f.Data))
	}
	return n
}

// BenchmarkLoad loads the whole benchmark registry (every table, all
// indexes).
func BenchmarkLoad(b *testing.B) {
	fsys, rows, _ := bigRegistry(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cnes.Load(fsys, cnes.LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportRows(b, rows, totalBytes(fsys))
}

// BenchmarkLoadFiltered loads 10 establishments of the benchmark registry
// (with the second tbCargaHorariaSus pass for C11).
func BenchmarkLoadFiltered(b *testing.B) {
	fsys, rows, _ := bigRegistry(b)
	var codes []cnes.Code
	for i := range 10 {
		codes = append(codes, cnes.MustParseCode(strconv.Itoa(1000001+i*997)))
	}
	b.ReportAllocs()
	for b.Loop() {
		s, err := cnes.Load(fsys, cnes.LoadOptions{CNES: codes})
		if err != nil || s.Counts().Estabelecimentos != 10 {
			b.Fatal(err, s.Counts())
		}
	}
	reportRows(b, rows, totalBytes(fsys))
}

// BenchmarkCSVFloor reads the same files with encoding/csv (same dialect
// settings) without building anything: the floor the loader is measured
// against.
func BenchmarkCSVFloor(b *testing.B) {
	fsys, rows, _ := bigRegistry(b)
	b.ReportAllocs()
	for b.Loop() {
		for n, f := range fsys {
			if !strings.HasSuffix(n, ".csv") {
				continue
			}
			r := csv.NewReader(bytes.NewReader(f.Data))
			r.Comma = ';'
			r.ReuseRecord = true
			for {
				_, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	reportRows(b, rows, totalBytes(fsys))
}

// query is one BPA line's CNES questions.
type query struct {
	code cnes.Code
	cns  cns.CNS
	cbo  sigtap.CBO
	ine  cnes.INE
	sc   cnes.ServClass
	hab  cnes.HabCode
}

// queries draws lines from the registry: one vínculo of each of 1024
// establishments, with the team of the establishment when it has one.
func queries(b *testing.B, s *cnes.Snapshot) []query {
	var qs []query
	for e := range s.Estabelecimentos() {
		vs := s.VinculosDe(e.CNES)
		if len(vs) == 0 {
			continue
		}
		q := query{code: e.CNES, cns: vs[len(qs)%len(vs)].CNS, cbo: vs[len(qs)%len(vs)].CBO,
			sc: cnes.MustServClass("145/001"), hab: cnes.MustHabCode("3802")}
		if ts := s.EquipesDe(e.CNES); len(ts) > 0 {
			q.ine = ts[0].INE
		} else {
			q.ine = cnes.MustParseINE("1234567890")
		}
		qs = append(qs, q)
		if len(qs) == 1024 {
			break
		}
	}
	if len(qs) < 1024 {
		b.Fatalf("only %d queries", len(qs))
	}
	return qs
}

func benchCheck(b *testing.B, check func(*cnes.Snapshot, *query) cnes.Result) {
	_, _, s := bigRegistry(b)
	qs := queries(b, s)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r := check(s, &qs[i&1023])
		if r.Check == 0 {
			b.Fatal("no result")
		}
		i++
	}
}

func BenchmarkCheckEstabelecimento(b *testing.B) {
	benchCheck(b, func(s *cnes.Snapshot, q *query) cnes.Result { return s.CheckEstabelecimento(q.code) })
}

func BenchmarkCheckAtivo(b *testing.B) {
	benchCheck(b, func(s *cnes.Snapshot, q *query) cnes.Result { return s.CheckAtivo(q.code) })
}

func BenchmarkCheckProfissional(b *testing.B) {
	benchCheck(b, func(s *cnes.Snapshot, q *query) cnes.Result { return s.CheckProfissional(q.code, q.cns) })
}

func BenchmarkCheckCBO(b *testing.B) {
	benchCheck(b, func(s *cnes.Snapshot, q *query) cnes.Result { return s.CheckCBO(q.code, q.cns, q.cbo) })
}

func BenchmarkCheckEquipe(b *testing.B) {
	benchCheck(b, func(s *cnes.Snapshot, q *query) cnes.Result { return s.CheckEquipe(q.code, q.ine, q.cns) })
}

func BenchmarkCheckServClass(b *testing.B) {
	benchCheck(b, func(s *cnes.Snapshot, q *query) cnes.Result { return s.CheckServClass(q.code, q.sc) })
}

func BenchmarkCheckHabilitacao(b *testing.B) {
	benchCheck(b, func(s *cnes.Snapshot, q *query) cnes.Result { return s.CheckHabilitacao(q.code, q.hab) })
}

func BenchmarkCheckCargaHoraria(b *testing.B) {
	benchCheck(b, func(s *cnes.Snapshot, q *query) cnes.Result { return s.CheckCargaHoraria(q.cns) })
}

func BenchmarkEstabelecimento(b *testing.B) {
	benchCheck(b, func(s *cnes.Snapshot, q *query) cnes.Result {
		e, _ := s.Estabelecimento(q.code)
		return cnes.Result{Check: cnes.C3, CNES: e.CNES}
	})
}

// BenchmarkLine runs the seven checks remessa makes on every BPA-I line
// (C1, C2, C4, C5, C6, C8, C9); lines/s is the throughput of the CNES
// part of the checker.
func BenchmarkLine(b *testing.B) {
	_, _, s := bigRegistry(b)
	qs := queries(b, s)
	b.ReportAllocs()
	i := 0
	fails := 0
	for b.Loop() {
		q := &qs[i&1023]
		for _, r := range [...]cnes.Result{
			s.CheckEstabelecimento(q.code), s.CheckAtivo(q.code), s.CheckProfissional(q.code, q.cns),
			s.CheckCBO(q.code, q.cns, q.cbo), s.CheckEquipe(q.code, q.ine, q.cns),
			s.CheckServClass(q.code, q.sc), s.CheckHabilitacao(q.code, q.hab),
		} {
			if r.Outcome == cnes.Fail {
				fails++
			}
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	if fails == 0 {
		b.Fatal("the sample should contain failures")
	}
}

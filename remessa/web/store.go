package web

import (
	"crypto/rand"
	"encoding/base64"
	"slices"
	"sync"
	"time"
	"unsafe"

	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

// result is one check kept for its pages and downloads. It is not
// modified once stored.
type result struct {
	id      string
	created time.Time
	expires time.Time
	month   *remessa.MonthSummary
	// competencia is the processing competência asked for (zero: the
	// one most files carry).
	competencia sigtap.Competencia
	// inputs are the uploaded files, gzip-compressed, for the downloads
	// that need them (JSON lines, split); nil when they did not fit
	// MaxResultBytes.
	inputs []storedFile
	// names are the files' names, in input order.
	names []string
	// lines are the files' line counts (header included), in input order.
	lines []int
	// filters are the choices of the report's filters.
	filters filterChoices
	size    int64
	timer   *time.Timer
}

// storedFile is an uploaded file kept gzip-compressed in memory, as the
// members of a parallelGzip.
type storedFile struct {
	name string
	gz   [][]byte
}

// size is the compressed size.
func (f storedFile) size() int64 {
	n := int64(0)
	for _, m := range f.gz {
		n += int64(len(m)) + 24
	}
	return n
}

// store keeps results in memory under random ids, capped in count and
// bytes, each dropped when its TTL ends.
type store struct {
	mu       sync.Mutex
	byID     map[string]*result
	order    []*result // oldest first
	bytes    int64
	maxN     int
	maxBytes int64
	ttl      time.Duration
}

func newStore(maxN int, maxBytes int64, ttl time.Duration) *store {
	return &store{byID: map[string]*result{}, maxN: maxN, maxBytes: maxBytes, ttl: ttl}
}

// newID returns 128 random bits, URL-safe.
func newID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// put stores res under a fresh id, dropping the oldest results while the
// caps are exceeded, and returns the id. When res alone is larger than
// the byte cap, its inputs are dropped first; when it is still larger,
// it is not stored and put returns "".
func (s *store) put(res *result) string {
	res.size = res.estimate()
	if res.size > s.maxBytes && res.inputs != nil {
		res.inputs = nil
		res.size = res.estimate()
	}
	if res.size > s.maxBytes {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.order) > 0 && (len(s.order) >= s.maxN || s.bytes+res.size > s.maxBytes) {
		s.dropLocked(s.order[0])
	}
	res.id = newID()
	now := time.Now()
	res.created, res.expires = now, now.Add(s.ttl)
	s.byID[res.id] = res
	s.order = append(s.order, res)
	s.bytes += res.size
	id := res.id
	res.timer = time.AfterFunc(s.ttl, func() { s.drop(id) })
	return id
}

// get returns the live result of id.
func (s *store) get(id string) (*result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	if !time.Now().Before(res.expires) {
		s.dropLocked(res)
		return nil, false
	}
	return res, true
}

// drop removes the result of id, if still kept.
func (s *store) drop(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, ok := s.byID[id]
	if ok {
		s.dropLocked(res)
	}
	return ok
}

func (s *store) dropLocked(res *result) {
	if res.timer != nil {
		res.timer.Stop()
	}
	delete(s.byID, res.id)
	if i := slices.Index(s.order, res); i >= 0 {
		s.order = slices.Delete(s.order, i, i+1)
	}
	s.bytes -= res.size
}

// clear drops every result.
func (s *store) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.order) > 0 {
		s.dropLocked(s.order[0])
	}
}

// stats returns the count and estimated bytes of the results kept.
func (s *store) stats() (int, int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.order), s.bytes
}

// estimate is the memory a result holds, roughly: its summaries (the
// listed lines dominate), its filter choices and its compressed files.
func (res *result) estimate() int64 {
	n := int64(1024)
	for _, f := range res.inputs {
		n += f.size() + int64(len(f.name)) + 64
	}
	if res.month != nil {
		n += summarySize(&res.month.Summary)
		for _, f := range res.month.Files {
			n += summarySize(f)
		}
	}
	for _, c := range [][]choice{res.filters.cnes, res.filters.prof, res.filters.critica} {
		for _, x := range c {
			n += int64(unsafe.Sizeof(x)) + int64(len(x.Value)+len(x.Label))
		}
	}
	return n
}

// summarySize estimates the memory of a Summary.
func summarySize(s *remessa.Summary) int64 {
	n := int64(unsafe.Sizeof(*s))
	n += int64(len(s.Totals)) * int64(unsafe.Sizeof(remessa.Total{})+64)
	n += int64(len(s.Reasons)) * int64(unsafe.Sizeof(remessa.Reason{})+64)
	for i := range s.Criticas {
		n += criticaSize(&s.Criticas[i])
	}
	for i := range s.Listed {
		r := &s.Listed[i]
		n += int64(unsafe.Sizeof(*r)) + int64(len(r.File)+len(r.Profissional)+len(r.Paciente)+len(r.Explicacao)) + 32
		for j := range r.Criticas {
			n += criticaSize(&r.Criticas[j])
		}
	}
	n += int64(len(s.FinanciamentoNames)) * 64
	return n
}

func criticaSize(c *remessa.Critica) int64 {
	return int64(unsafe.Sizeof(*c)) + int64(len(c.File)+len(c.Code)+len(c.Field)+len(c.Message)+len(c.Facts))
}

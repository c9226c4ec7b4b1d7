package ledger

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

func comp(s string) sigtap.Competencia { return sigtap.MustParseCompetencia(s) }

// record applies "AAAAMM:status" steps to key.
func record(t *testing.T, l *Ledger, key string, steps ...string) {
	t.Helper()
	for _, s := range steps {
		c, st, _ := strings.Cut(s, ":")
		status, err := ParseStatus(st)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.Record(key, comp(c), status, ""); err != nil {
			t.Fatalf("Record %s: %v", s, err)
		}
	}
}

func TestLedgerMaySend(t *testing.T) {
	const key = "355030"
	tests := []struct {
		name      string
		start     string
		steps     []string
		n         string
		allowed   bool
		untracked bool
		blocking  *Position
	}{
		{name: "empty ledger: anything, becomes the start", n: "202505", allowed: true, untracked: true},
		{name: "first recorded is the start", steps: []string{"202503:sent"}, n: "202503", allowed: true},
		{name: "next after pending", steps: []string{"202503:sent"}, n: "202504",
			blocking: &Position{comp("202503"), Sent}},
		{name: "next after validated", steps: []string{"202503:validated"}, n: "202504", allowed: true},
		{name: "next after rejected", steps: []string{"202503:validated", "202504:rejected"}, n: "202505",
			blocking: &Position{comp("202504"), Rejected}},
		{name: "corrected remessa of the rejected one", steps: []string{"202503:validated", "202504:rejected"}, n: "202504", allowed: true},
		{name: "skipping a competência", steps: []string{"202503:validated"}, n: "202505",
			blocking: &Position{comp("202504"), NotSent}},
		{name: "blocking is the earliest gap", steps: []string{"202501:validated", "202503:validated", "202504:validated"}, n: "202505",
			allowed: true},
		{name: "earliest gap reported", steps: []string{"202501:validated", "202503:validated", "202505:validated"}, n: "202506",
			allowed: true},
		{name: "earliest gap blocks later", steps: []string{"202501:validated", "202503:validated", "202505:sent"}, n: "202506",
			blocking: &Position{comp("202502"), NotSent}},
		{name: "before the start: not judged", steps: []string{"202503:validated"}, n: "202501", allowed: true, untracked: true},
		{name: "explicit start", start: "202501", steps: []string{"202503:validated"}, n: "202501", allowed: true},
		{name: "explicit start without records", start: "202501", n: "202502",
			blocking: &Position{comp("202501"), NotSent}},
		{name: "explicit start, gap", start: "202501", steps: []string{"202503:validated"}, n: "202504", allowed: true},
		{name: "explicit start, gap blocks", start: "202501", steps: []string{"202502:validated", "202503:sent"}, n: "202504",
			blocking: &Position{comp("202501"), NotSent}},
		{name: "resend validated", steps: []string{"202503:validated", "202504:validated"}, n: "202504", allowed: true},
		{name: "year boundary", steps: []string{"202412:validated"}, n: "202501", allowed: true},
		{name: "zero competência", steps: []string{"202412:validated"}, n: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var l Ledger
			if tc.start != "" {
				if err := l.SetStart(key, comp(tc.start)); err != nil {
					t.Fatal(err)
				}
			}
			record(t, &l, key, tc.steps...)
			var n sigtap.Competencia
			if tc.n != "" {
				n = comp(tc.n)
			}
			d := l.MaySend(key, n)
			if d.Allowed != tc.allowed || d.Untracked != tc.untracked || d.Competencia != n || d.Reason == "" {
				t.Errorf("MaySend(%s) = %+v", tc.n, d)
			}
			if diff := cmp.Diff(tc.blocking, d.Blocking); diff != "" {
				t.Errorf("blocking (-want +got):\n%s\nreason: %s", diff, d.Reason)
			}
		})
	}
}

func TestLedgerReasons(t *testing.T) {
	var l Ledger
	record(t, &l, "k", "202503:validated", "202504:rejected")
	d := l.MaySend("k", comp("202505"))
	const want = "202505 só pode ser enviada depois que 202504 for validada (202504: rejeitada, envie uma remessa corrigida); primeiro 202504 (rejeitada, envie uma remessa corrigida)"
	if d.Reason != want {
		t.Errorf("reason\n got %s\nwant %s", d.Reason, want)
	}
	if got := l.MaySend("k", comp("202504")).Reason; got != "202504 pode ser enviada: 202503 foi validada" {
		t.Error(got)
	}
	if got := l.MaySend("k", comp("202503")).Reason; got != "202503 é o início do registro de k: nenhuma competência anterior é exigida" {
		t.Error(got)
	}
	if got := l.MaySend("x", comp("202503")).Reason; got != "nenhuma competência registrada para x: 202503 seria o início do registro" {
		t.Error(got)
	}
	if got := l.MaySend("k", comp("202412")).Reason; got != "202412 é anterior ao início 202503 do registro de k: não avaliada" {
		t.Error(got)
	}
}

func TestLedgerMustSendFirst(t *testing.T) {
	var l Ledger
	if c, s := l.MustSendFirst("k"); !c.IsZero() || s != NotSent {
		t.Errorf("empty: %v %v", c, s)
	}
	record(t, &l, "k", "202501:validated", "202502:validated")
	if c, s := l.MustSendFirst("k"); c != comp("202503") || s != NotSent {
		t.Errorf("all validated: %v %v", c, s)
	}
	record(t, &l, "k", "202503:sent")
	if c, s := l.MustSendFirst("k"); c != comp("202503") || s != Sent {
		t.Errorf("pending: %v %v", c, s)
	}
	record(t, &l, "k", "202503:rejected")
	if c, s := l.MustSendFirst("k"); c != comp("202503") || s != Rejected {
		t.Errorf("rejected: %v %v", c, s)
	}
}

func TestLedgerMissing(t *testing.T) {
	tests := []struct {
		name    string
		start   string
		steps   []string
		asOf    string
		missing int
		first   string
		level   GapLevel
	}{
		{name: "no history", asOf: "202506"},
		{name: "up to date", steps: []string{"202504:validated", "202505:validated", "202506:validated"}, asOf: "202506"},
		{name: "current pending", steps: []string{"202504:validated", "202505:validated", "202506:sent"}, asOf: "202506",
			missing: 1, first: "202506"},
		{name: "two missing: warning", steps: []string{"202504:validated"}, asOf: "202506",
			missing: 2, first: "202505", level: GapWarning},
		{name: "three missing: suspension", steps: []string{"202503:validated", "202504:rejected", "202505:sent"}, asOf: "202506",
			missing: 3, first: "202504", level: GapSuspension},
		{name: "counting stops at the start", steps: []string{"202505:rejected"}, asOf: "202506",
			missing: 2, first: "202505", level: GapWarning},
		{name: "explicit start counts unsent", start: "202501", asOf: "202506",
			missing: 6, first: "202501", level: GapSuspension},
		{name: "before start", steps: []string{"202505:sent"}, asOf: "202504"},
		{name: "gap behind a validated one does not count", steps: []string{"202501:validated", "202505:validated"}, asOf: "202506",
			missing: 1, first: "202506"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var l Ledger
			if tc.start != "" {
				l.SetStart("k", comp(tc.start))
			}
			record(t, &l, "k", tc.steps...)
			want := Gap{AsOf: comp(tc.asOf), Missing: tc.missing, Level: tc.level}
			if tc.first != "" {
				want.First = comp(tc.first)
			}
			if diff := cmp.Diff(want, l.Missing("k", comp(tc.asOf))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if GapLevelOf(0) != GapOK || GapLevelOf(1) != GapOK || GapLevelOf(2) != GapWarning || GapLevelOf(3) != GapSuspension || GapLevelOf(10) != GapSuspension {
		t.Error("GapLevelOf")
	}
}

func TestLedgerRecord(t *testing.T) {
	var l Ledger
	e, err := l.Record("k", comp("202503"), Sent, "PACAPSAD.MAR")
	if err != nil || e.Revision != 1 || e.Status != Sent || e.Note != "PACAPSAD.MAR" {
		t.Fatalf("first: %+v %v", e, err)
	}
	e, _ = l.Record("k", comp("202503"), Rejected, "")
	if e.Revision != 1 || e.Status != Rejected || e.Note != "PACAPSAD.MAR" {
		t.Errorf("rejected: %+v", e)
	}
	// A corrected remessa replaces the earlier one.
	e, _ = l.Record("k", comp("202503"), Sent, "PACAPSAD.MAR (2)")
	if e.Revision != 2 || e.Status != Sent || e.Note != "PACAPSAD.MAR (2)" {
		t.Errorf("corrected: %+v", e)
	}
	if got, ok := l.Entry("k", comp("202503")); !ok || got != e {
		t.Errorf("Entry: %+v", got)
	}
	if _, ok := l.Entry("k", comp("202504")); ok {
		t.Error("Entry of unrecorded")
	}
	if _, ok := l.Entry("nokey", comp("202504")); ok {
		t.Error("Entry of unknown key")
	}
	errs := []struct {
		key  string
		c    sigtap.Competencia
		s    Status
		want error
	}{
		{"", comp("202503"), Sent, ErrKey},
		{strings.Repeat("x", 65), comp("202503"), Sent, ErrKey},
		{"a\nb", comp("202503"), Sent, ErrKey},
		{"\xff", comp("202503"), Sent, ErrKey},
		{"k", sigtap.Competencia{}, Sent, ErrCompetencia},
		{"k", comp("202503"), NotSent, ErrStatus},
		{"k", comp("202503"), Status(9), ErrStatus},
	}
	for _, tc := range errs {
		if _, err := l.Record(tc.key, tc.c, tc.s, ""); !errors.Is(err, tc.want) {
			t.Errorf("Record(%q, %v, %v) = %v, want %v", tc.key, tc.c, tc.s, err, tc.want)
		}
	}
	if err := l.SetStart("k", comp("202504")); !errors.Is(err, ErrBeforeStart) {
		t.Errorf("SetStart after records: %v", err)
	}
	if err := l.SetStart("k", comp("202502")); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Record("k", comp("202501"), Sent, ""); !errors.Is(err, ErrBeforeStart) {
		t.Errorf("Record before start: %v", err)
	}
	if err := l.SetStart("", comp("202502")); !errors.Is(err, ErrKey) {
		t.Error(err)
	}
	if err := l.SetStart("k", sigtap.Competencia{}); !errors.Is(err, ErrCompetencia) {
		t.Error(err)
	}
	if l.Start("k") != comp("202502") || !l.Start("none").IsZero() {
		t.Error("Start")
	}
}

func TestStatusText(t *testing.T) {
	for _, s := range []Status{NotSent, Sent, Validated, Rejected} {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Status
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%v round trip: %v", s, err)
		}
	}
	if _, err := Status(7).MarshalText(); !errors.Is(err, ErrStatus) {
		t.Error(err)
	}
	var s Status
	if err := s.UnmarshalText([]byte("ok")); !errors.Is(err, ErrStatus) {
		t.Error(err)
	}
	if Status(7).String() != "Status(7)" || GapLevel(7).String() != "GapLevel(7)" {
		t.Error("String of unknown values")
	}
}

func sampleLedger(t *testing.T) *Ledger {
	l := New()
	if err := l.SetStart("2077485", comp("202501")); err != nil {
		t.Fatal(err)
	}
	record(t, l, "355030", "202503:validated", "202504:rejected", "202504:sent")
	record(t, l, "2077485", "202501:validated", "202502:sent")
	l.Record("355030", comp("202505"), Sent, "PACAPSAD.MAI")
	return l
}

const sampleLedgerJSON = `{"version":1,"keys":[` +
	`{"key":"2077485","start":"202501","entries":[{"competencia":"202501","status":"validated","revision":1},{"competencia":"202502","status":"sent","revision":1}]},` +
	`{"key":"355030","entries":[{"competencia":"202503","status":"validated","revision":1},{"competencia":"202504","status":"sent","revision":2},{"competencia":"202505","status":"sent","revision":1,"note":"PACAPSAD.MAI"}]}]}`

func TestLedgerJSON(t *testing.T) {
	l := sampleLedger(t)
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != sampleLedgerJSON {
		t.Errorf("JSON\n got %s\nwant %s", b, sampleLedgerJSON)
	}
	var back Ledger
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(&back)
	if string(b2) != string(b) {
		t.Errorf("round trip\n got %s\nwant %s", b2, b)
	}
	if diff := cmp.Diff(l.Summary("355030", comp("202506")), back.Summary("355030", comp("202506"))); diff != "" {
		t.Errorf("summary after round trip (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"2077485", "355030"}, back.Keys()); diff != "" {
		t.Error(diff)
	}
	var empty Ledger
	if b, _ := json.Marshal(&empty); string(b) != `{"version":1,"keys":[]}` {
		t.Errorf("empty ledger JSON %s", b)
	}
}

func TestLedgerJSONErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{`{"version":2,"keys":[]}`, ErrJSON},
		{`{"keys":[]}`, ErrJSON},
		{`{"version":1,"keys":[],"extra":1}`, ErrJSON},
		{`{"version":1,"keys":[]} {}`, ErrJSON},
		{`{"version":1,"keys":[{"key":"","entries":[]}]}`, ErrKey},
		{`{"version":1,"keys":[{"key":"a","entries":[]},{"key":"a","entries":[]}]}`, ErrJSON},
		{`{"version":1,"keys":[{"key":"a","entries":[{"competencia":"202513","status":"sent","revision":1}]}]}`, sigtap.ErrRange},
		{`{"version":1,"keys":[{"key":"a","entries":[{"status":"sent","revision":1}]}]}`, ErrCompetencia},
		{`{"version":1,"keys":[{"key":"a","entries":[{"competencia":"202501","status":"not_sent","revision":1}]}]}`, ErrStatus},
		{`{"version":1,"keys":[{"key":"a","entries":[{"competencia":"202501","status":"ok","revision":1}]}]}`, ErrStatus},
		{`{"version":1,"keys":[{"key":"a","entries":[{"competencia":"202501","status":"sent","revision":0}]}]}`, ErrJSON},
		{`{"version":1,"keys":[{"key":"a","entries":[{"competencia":"202501","status":"sent","revision":1},{"competencia":"01/2025","status":"sent","revision":1}]}]}`, ErrJSON},
		{`{"version":1,"keys":[{"key":"a","start":"202502","entries":[{"competencia":"202501","status":"sent","revision":1}]}]}`, ErrBeforeStart},
		{`[]`, ErrJSON},
		{`nul`, ErrJSON},
	}
	for _, tc := range tests {
		l := sampleLedger(t)
		err := l.UnmarshalJSON([]byte(tc.in))
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.in, err, tc.want)
		}
		if b, _ := json.Marshal(l); string(b) != sampleLedgerJSON {
			t.Errorf("%s: ledger changed on error", tc.in)
		}
	}
}

func TestLedgerSummary(t *testing.T) {
	l := sampleLedger(t)
	got := l.Summary("355030", comp("202506"))
	b, _ := json.Marshal(got)
	const want = `{"key":"355030","start":"202503","entries":[` +
		`{"competencia":"202503","status":"validated","revision":1},{"competencia":"202504","status":"sent","revision":2},{"competencia":"202505","status":"sent","revision":1,"note":"PACAPSAD.MAI"}],` +
		`"must_send_first":{"competencia":"202504","status":"sent"},` +
		`"may_send":{"competencia":"202506","allowed":false,"blocking":{"competencia":"202504","status":"sent"},"reason":"202506 só pode ser enviada depois que 202505 for validada (202505: enviada, aguardando validação); primeiro 202504 (enviada, aguardando validação)"},` +
		`"gap":{"as_of":"202506","missing":3,"first":"202504","level":"suspension"}}`
	if string(b) != want {
		t.Errorf("summary\n got %s\nwant %s", b, want)
	}
	empty := l.Summary("nobody", comp("202506"))
	if empty.MustSendFirst != nil || empty.Entries == nil || len(empty.Entries) != 0 || !empty.MaySend.Allowed {
		t.Errorf("empty summary %+v", empty)
	}
}

func TestLedgerConcurrent(t *testing.T) {
	var l Ledger
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			c := comp("202401")
			for i := range 50 {
				l.Record("k", c.Add(i), Validated, "")
				_ = l.MaySend("k", c.Add(i+1))
				_ = l.Missing("k", c.Add(i+w))
				_, _ = json.Marshal(&l)
			}
		})
	}
	wg.Wait()
	if d := l.MaySend("k", comp("202401").Add(50)); !d.Allowed {
		t.Errorf("%+v", d)
	}
}

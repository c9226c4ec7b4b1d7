package ledger_test

import (
	"encoding/json"
	"fmt"

	"github.com/go-sus/sus/remessa/ledger"
	"github.com/go-sus/sus/sigtap"
)

// The package example: record a validated competência, ask whether the
// next may be sent and how many are missing later on.
func Example() {
	var l ledger.Ledger
	c := sigtap.MustParseCompetencia
	if _, err := l.Record("355030", c("202510"), ledger.Validated, "PACAPSAD.OUT"); err != nil {
		fmt.Println(err)
		return
	}
	d := l.MaySend("355030", c("202511"))
	fmt.Println(d.Allowed, d.Reason)
	g := l.Missing("355030", c("202601"))
	fmt.Println(g.Missing, g.First, g.Level)
	b, err := json.Marshal(&l)
	fmt.Println(string(b), err)
	// Output:
	// true 202511 pode ser enviada: 202510 foi validada
	// 3 202511 suspension
	// {"version":1,"keys":[{"key":"355030","entries":[{"competencia":"202510","status":"validated","revision":1,"note":"PACAPSAD.OUT"}]}]} <nil>
}

func ExampleLedger() {
	var l ledger.Ledger
	c := sigtap.MustParseCompetencia
	l.Record("355030", c("202509"), ledger.Validated, "PACAPSAD.SET")
	l.Record("355030", c("202510"), ledger.Rejected, "PACAPSAD.OUT")

	fmt.Println(l.MaySend("355030", c("202511")).Reason)
	fmt.Println(l.MaySend("355030", c("202510")).Allowed) // a corrected remessa
	// Output:
	// 202511 só pode ser enviada depois que 202510 for validada (202510: rejeitada, envie uma remessa corrigida); primeiro 202510 (rejeitada, envie uma remessa corrigida)
	// true
}

func ExampleNew() {
	l := ledger.New()
	fmt.Println(len(l.Keys()), l.MaySend("2077485", sigtap.MustParseCompetencia("202512")).Reason)
	// Output: 0 nenhuma competência registrada para 2077485: 202512 seria o início do registro
}

func ExampleLedger_Record() {
	var l ledger.Ledger
	c := sigtap.MustParseCompetencia("202510")
	l.Record("355030", c, ledger.Sent, "PACAPSAD.OUT")
	l.Record("355030", c, ledger.Rejected, "")
	e, _ := l.Record("355030", c, ledger.Sent, "PACAPSAD.OUT corrigido") // replaces the first
	fmt.Println(e.Competencia, e.Status, e.Revision, e.Note)
	// Output: 202510 sent 2 PACAPSAD.OUT corrigido
}

func ExampleLedger_SetStart() {
	var l ledger.Ledger
	l.SetStart("355030", sigtap.MustParseCompetencia("202501"))
	l.Record("355030", sigtap.MustParseCompetencia("202503"), ledger.Validated, "")
	c, status := l.MustSendFirst("355030")
	fmt.Println(c, status, l.Start("355030"))
	// Output: 202501 not_sent 202501
}

func ExampleLedger_MaySend() {
	var l ledger.Ledger
	l.Record("355030", sigtap.MustParseCompetencia("202510"), ledger.Validated, "")
	d := l.MaySend("355030", sigtap.MustParseCompetencia("202511"))
	fmt.Println(d.Allowed, d.Reason)
	// Output: true 202511 pode ser enviada: 202510 foi validada
}

func ExampleLedger_MustSendFirst() {
	var l ledger.Ledger
	c := sigtap.MustParseCompetencia
	l.Record("355030", c("202508"), ledger.Validated, "")
	l.Record("355030", c("202509"), ledger.Sent, "")
	l.Record("355030", c("202510"), ledger.Sent, "")
	fmt.Println(l.MustSendFirst("355030"))
	// Output: 202509 sent
}

func ExampleLedger_Missing() {
	var l ledger.Ledger
	c := sigtap.MustParseCompetencia
	l.Record("355030", c("202508"), ledger.Validated, "")
	l.Record("355030", c("202509"), ledger.Rejected, "")
	for _, asOf := range []string{"202509", "202510", "202511"} {
		g := l.Missing("355030", c(asOf))
		fmt.Println(asOf, g.Missing, g.First, g.Level)
	}
	// Output:
	// 202509 1 202509 ok
	// 202510 2 202509 warning
	// 202511 3 202509 suspension
}

func ExampleLedger_Summary() {
	var l ledger.Ledger
	l.Record("355030", sigtap.MustParseCompetencia("202510"), ledger.Validated, "")
	s := l.Summary("355030", sigtap.MustParseCompetencia("202511"))
	fmt.Println(s.Start, s.MustSendFirst.Competencia, s.MaySend.Allowed, s.Gap.Missing, s.Gap.Level)
	// Output: 202510 202511 true 1 ok
}

func ExampleLedger_MarshalJSON() {
	var l ledger.Ledger
	l.Record("355030", sigtap.MustParseCompetencia("202510"), ledger.Validated, "PACAPSAD.OUT")
	b, _ := json.Marshal(&l)
	fmt.Println(string(b))

	var back ledger.Ledger
	fmt.Println(json.Unmarshal(b, &back), back.Keys())
	// Output:
	// {"version":1,"keys":[{"key":"355030","entries":[{"competencia":"202510","status":"validated","revision":1,"note":"PACAPSAD.OUT"}]}]}
	// <nil> [355030]
}

func ExampleParseStatus() {
	s, err := ledger.ParseStatus("rejected")
	fmt.Println(s == ledger.Rejected, err)
	// Output: true <nil>
}

func ExampleGapLevelOf() {
	fmt.Println(ledger.GapLevelOf(1), ledger.GapLevelOf(ledger.MissingWarning), ledger.GapLevelOf(ledger.MissingSuspension))
	// Output: ok warning suspension
}

func ExampleCheckKey() {
	fmt.Println(ledger.CheckKey("355030"), ledger.CheckKey(""))
	// Output: <nil> invalid ledger key
}

func ExampleLedger_Entries() {
	var l ledger.Ledger
	l.Record("355030", sigtap.MustParseCompetencia("202510"), ledger.Sent, "")
	l.Record("355030", sigtap.MustParseCompetencia("202509"), ledger.Validated, "")
	for _, e := range l.Entries("355030") {
		fmt.Println(e.Competencia, e.Status)
	}
	// Output:
	// 202509 validated
	// 202510 sent
}

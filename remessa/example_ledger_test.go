package remessa_test

import (
	"encoding/json"
	"fmt"

	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

func ExampleLedger() {
	var l remessa.Ledger
	c := sigtap.MustParseCompetencia
	l.Record("355030", c("202509"), remessa.LedgerValidated, "PACAPSAD.SET")
	l.Record("355030", c("202510"), remessa.LedgerRejected, "PACAPSAD.OUT")

	fmt.Println(l.MaySend("355030", c("202511")).Reason)
	fmt.Println(l.MaySend("355030", c("202510")).Allowed) // a corrected remessa
	// Output:
	// 202511 may not be sent before 202510 is validated (202510: rejected, send a corrected remessa); first 202510 (rejected, send a corrected remessa)
	// true
}

func ExampleNewLedger() {
	l := remessa.NewLedger()
	fmt.Println(len(l.Keys()), l.MaySend("2077485", sigtap.MustParseCompetencia("202512")).Reason)
	// Output: 0 no competência recorded for 2077485: 202512 would become its start
}

func ExampleLedger_Record() {
	var l remessa.Ledger
	c := sigtap.MustParseCompetencia("202510")
	l.Record("355030", c, remessa.LedgerSent, "PACAPSAD.OUT")
	l.Record("355030", c, remessa.LedgerRejected, "")
	e, _ := l.Record("355030", c, remessa.LedgerSent, "PACAPSAD.OUT corrigido") // replaces the first
	fmt.Println(e.Competencia, e.Status, e.Revision, e.Note)
	// Output: 202510 sent 2 PACAPSAD.OUT corrigido
}

func ExampleLedger_SetStart() {
	var l remessa.Ledger
	l.SetStart("355030", sigtap.MustParseCompetencia("202501"))
	l.Record("355030", sigtap.MustParseCompetencia("202503"), remessa.LedgerValidated, "")
	c, status := l.MustSendFirst("355030")
	fmt.Println(c, status, l.Start("355030"))
	// Output: 202501 not_sent 202501
}

func ExampleLedger_MaySend() {
	var l remessa.Ledger
	l.Record("355030", sigtap.MustParseCompetencia("202510"), remessa.LedgerValidated, "")
	d := l.MaySend("355030", sigtap.MustParseCompetencia("202511"))
	fmt.Println(d.Allowed, d.Reason)
	// Output: true 202511 may be sent: 202510 was validated
}

func ExampleLedger_MustSendFirst() {
	var l remessa.Ledger
	c := sigtap.MustParseCompetencia
	l.Record("355030", c("202508"), remessa.LedgerValidated, "")
	l.Record("355030", c("202509"), remessa.LedgerSent, "")
	l.Record("355030", c("202510"), remessa.LedgerSent, "")
	fmt.Println(l.MustSendFirst("355030"))
	// Output: 202509 sent
}

func ExampleLedger_Missing() {
	var l remessa.Ledger
	c := sigtap.MustParseCompetencia
	l.Record("355030", c("202508"), remessa.LedgerValidated, "")
	l.Record("355030", c("202509"), remessa.LedgerRejected, "")
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
	var l remessa.Ledger
	l.Record("355030", sigtap.MustParseCompetencia("202510"), remessa.LedgerValidated, "")
	s := l.Summary("355030", sigtap.MustParseCompetencia("202511"))
	fmt.Println(s.Start, s.MustSendFirst.Competencia, s.MaySend.Allowed, s.Gap.Missing, s.Gap.Level)
	// Output: 202510 202511 true 1 ok
}

func ExampleLedger_MarshalJSON() {
	var l remessa.Ledger
	l.Record("355030", sigtap.MustParseCompetencia("202510"), remessa.LedgerValidated, "PACAPSAD.OUT")
	b, _ := json.Marshal(&l)
	fmt.Println(string(b))

	var back remessa.Ledger
	fmt.Println(json.Unmarshal(b, &back), back.Keys())
	// Output:
	// {"version":1,"keys":[{"key":"355030","entries":[{"competencia":"202510","status":"validated","revision":1,"note":"PACAPSAD.OUT"}]}]}
	// <nil> [355030]
}

func ExampleParseLedgerStatus() {
	s, err := remessa.ParseLedgerStatus("rejected")
	fmt.Println(s == remessa.LedgerRejected, err)
	// Output: true <nil>
}

func ExampleGapLevelOf() {
	fmt.Println(remessa.GapLevelOf(1), remessa.GapLevelOf(remessa.MissingWarning), remessa.GapLevelOf(remessa.MissingSuspension))
	// Output: ok warning suspension
}

func ExampleCheckLedgerKey() {
	fmt.Println(remessa.CheckLedgerKey("355030"), remessa.CheckLedgerKey(""))
	// Output: <nil> invalid ledger key
}

func ExampleLedger_Entries() {
	var l remessa.Ledger
	l.Record("355030", sigtap.MustParseCompetencia("202510"), remessa.LedgerSent, "")
	l.Record("355030", sigtap.MustParseCompetencia("202509"), remessa.LedgerValidated, "")
	for _, e := range l.Entries("355030") {
		fmt.Println(e.Competencia, e.Status)
	}
	// Output:
	// 202509 validated
	// 202510 sent
}

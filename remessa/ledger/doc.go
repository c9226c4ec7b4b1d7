// Package ledger keeps the chronological record of the remessas a gestão
// or establishment sent to SIA/SUS, and answers the questions of the
// chronological rule of Portaria GM/MS 3.462/2010 (docs/rules.md §2).
//
// # The chronological rule
//
// A remessa of competência N from a gestão is accepted only after the
// remessa of N−1 was validated (Art. 3 III, from January 2011 on); a
// corrected remessa for a competência replaces the earlier one (Art. 3
// II); and transfers are suspended when a mandatory system is not fed and
// validated for 3 consecutive competências (Art. 4).
//
// A Ledger records, per key of the caller's choice (the IBGE code of the
// municipal gestão, a CNES code …), which competências were sent, and
// whether each was validated or rejected (Status: Sent, Validated,
// Rejected; NotSent for a competência without an Entry). It answers
//
//   - MaySend: may competência N be sent now? (a Decision with the reason
//     and, when refused, the blocking Position);
//   - MustSendFirst: the earliest competência not yet validated;
//   - Missing: how many consecutive competências up to N are missing (a
//     Gap, whose GapLevel is a warning at MissingWarning = 2, one before
//     suspension, and a suspension from MissingSuspension = 3);
//   - Summary: all of the above for one key, taken together.
//
// The ledger records facts and enforces nothing: it accepts a "sent" that
// MaySend would refuse, because SIA's answer (a rejection) is what should
// be recorded next. Storage is the caller's: the JSON form (MarshalJSON,
// UnmarshalJSON) lists keys and competências in order, so equal ledgers
// give equal bytes, and is checked strictly when read (ErrJSON). A Ledger
// is safe for concurrent use within one process; callers that share the
// JSON file between processes lock it around read-modify-write (the
// examples/remessa CLI does).
//
// # Example
//
//	var l ledger.Ledger
//	c := sigtap.MustParseCompetencia
//	if _, err := l.Record("355030", c("202510"), ledger.Validated, "PACAPSAD.OUT"); err != nil {
//		return err // ledger.ErrKey, ledger.ErrStatus, ledger.ErrBeforeStart …
//	}
//	d := l.MaySend("355030", c("202511"))
//	fmt.Println(d.Allowed, d.Reason)
//	// true 202511 may be sent: 202510 was validated
//	g := l.Missing("355030", c("202601"))
//	fmt.Println(g.Missing, g.Level) // 3 suspension (202511, 202512 and 202601)
//	b, err := json.Marshal(&l) // the caller stores b
//
// The "remessa ledger" command of examples/remessa is a thin command-line
// front end to this package.
package ledger

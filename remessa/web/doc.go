// Package web serves the check of a remessa as a local web page, for the
// people who prepare and receive BPA files, and as an http.Handler that a
// clinic's own web application mounts under a prefix of its choice.
//
//	h, err := web.New(set, reg, nil) // loaded SIGTAP releases and CNES registry
//	if err != nil {
//		return err
//	}
//	defer h.Close()
//	mux.Handle("/bpa/", http.StripPrefix("/bpa", h))
//
// # Routes
//
// Paths are relative to where the handler is mounted; every link a page
// holds is relative too, so the handler works under any prefix.
//
//   - GET /: the form: choose or drag and drop one or more BPA files, an
//     optional processing competência; the SIGTAP competências and CNES
//     snapshots loaded.
//   - POST /check (multipart/form-data, field "files"): checks the files as
//     one remessa (remessa.Checker.CheckFiles), keeps the result and
//     answers 303 See Other to its page, r/{id}.
//   - GET /r/{id}: the report: the month's lines and values aprovadas,
//     rejeitadas and não verificadas, the value per financing (a chart),
//     the main reasons for rejection, the establishments, and the lines
//     with ocorrências, filtered by establishment, professional and crítica
//     code — in the page by its script, and by the query parameters cnes,
//     profissional and critica without it.
//   - GET /r/{id}/linhas.jsonl, /r/{id}/relatorio.html,
//     /r/{id}/separados.zip: the result as JSON lines (as /api/check), as
//     the self-contained HTML report (remessa.WriteMonthHTML), and split
//     into PAB/Vigilância and MAC/FAEC files (remessa.Split) in a ZIP.
//     POST /r/{id}/apagar drops the result at once.
//   - POST /api/check: the same check for programs: a multipart form as
//     above, or a raw BPA body (query parameters nome and competencia).
//     The answer is the JSON lines of `remessa check -json` for a set
//     (application/x-ndjson): each file's lines, críticas and
//     {"kind":"file_summary"}, then {"kind":"summary", …, "files": N}.
//     Status 200 when the check ran, whatever its verdicts; 400 with
//     {"error": CODE, "message": …} for input that is not a BPA file, too
//     large (codes too_large, too_many_files) or otherwise refused.
//   - GET /procedimento/{code}?competencia=AAAAMM: what the SIGTAP release
//     of the competência says of a procedure: instrument, CBOs, age, sex,
//     CIDs, values, financing, regras, habilitações, serviços, atributos.
//   - GET /estabelecimento/{cnes}?competencia=AAAAMM: what the CNES
//     snapshot says of an establishment: professionals (masked CNS),
//     services, habilitações and teams.
//   - GET /healthz: 200 and the loaded releases and snapshots as JSON.
//
// # Private and safe by default
//
// The pages load nothing from outside the handler: the little script they
// use (drag and drop, filters) and the style are embedded, and every
// response carries a Content-Security-Policy that forbids anything else.
// Text is escaped by html/template. A POST that a browser says comes from
// another origin (Sec-Fetch-Site, Origin) is refused with 403
// (http.CrossOriginProtection; Options.TrustedOrigins adds origins).
//
// Uploaded files are written to a temporary folder while they are checked
// and removed before the response ends. A result lives only in memory,
// under an unguessable random id (128 bits from crypto/rand), for
// Options.ResultTTL (30 minutes by default); the results kept are capped
// in count and in bytes, the oldest dropped first. A result keeps its
// summary and the uploaded files gzip-compressed, for the JSON lines and
// split downloads; CNS, CPF and names appear only masked on the pages and
// in the reports (the split BPA files are the production itself, for SIA).
//
// An upload over Options.MaxUploadBytes (1 GB) or Options.MaxFiles (200)
// gets 413 and a page saying so; a file that is not BPA gets the form
// again with a message, not a report. Options.MaxConcurrent bounds the
// checks running at once, so memory stays bounded by the caps.
//
// Checks run at the library's speed: the web layer adds the multipart
// reading, a temporary file and the compressed copy, nothing per line.
package web

package demodata

// The demo BPA file (bpa/PADEMO.JAN) and its list of planted errors
// (bpa/PLANTED.md) are built by package demobpa from the people of the
// CNES registry above. Rewrite them with
//
//	go generate -run demobpa ./internal/demodata
//
//go:generate go run ./demobpa/gen -o bpa

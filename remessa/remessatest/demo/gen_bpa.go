package demo

// The demo BPA file (bpa/PADEMO.JAN) and its list of planted errors
// (bpa/PLANTED.md) are built by remessatest.BuildDemo from the people of
// the CNES registry above. Rewrite them with
//
//	go generate -run ./gen ./remessa/remessatest/demo
//
//go:generate go run ./gen -o bpa

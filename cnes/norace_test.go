//go:build !race

package cnes_test

const raceEnabled = false

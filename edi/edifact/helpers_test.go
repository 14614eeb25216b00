package edifact

import (
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %q, want %q", what, got, want)
	}
}

func eqDec(t *testing.T, what string, got *decimal.Decimal, want string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s is missing, want %s", what, want)
	}
	if got.String() != want {
		t.Fatalf("%s = %s, want %s", what, got.String(), want)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

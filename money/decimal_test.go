package money_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/money"
)

func TestIsPlainDecimal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"0", true},
		{"12", true},
		{"12.50", true},
		{"-12.50", true},
		{"0.000001", true},
		{"007", true},
		{"-0", true},
		{"123456789012345678901234567890.123456789", true},
		{"", false},
		{"-", false},
		{".", false},
		{"12.", false},
		{".5", false},
		{"-.5", false},
		{"+12", false},
		{"--12", false},
		{"1-2", false},
		{"1.2.3", false},
		{"1,5", false},
		{"1 234", false},
		{"1_234", false},
		{" 12", false},
		{"12\n", false},
		{"1.5e3", false},
		{"1e3", false},
		{"0x1F", false},
		{"NaN", false},
		{"Inf", false},
		{"١٢", false}, // Arabic-Indic digits are not ASCII digits
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := money.IsPlainDecimal(tc.in); got != tc.want {
				t.Fatalf("IsPlainDecimal(%q) = %v, want %v", tc.in, got, tc.want)
			}
			if _, err := decimal.NewFromString(tc.in); tc.want && err != nil {
				t.Fatalf("IsPlainDecimal(%q) = true, but decimal.NewFromString fails: %v", tc.in, err)
			}
		})
	}
}

package sheet

import "testing"

func TestSplitNumber(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in        string
		comma     bool // the column's decision, used for ambiguous values only
		want      string
		currency  string
		evidence  sep
		ambiguous bool
	}{
		{in: "12", want: "12"},
		{in: "12,50", comma: false, want: "12.50", evidence: sepComma},
		{in: "12.50", comma: true, want: "12.50", evidence: sepDot},
		{in: "1 234,56", want: "1234.56", evidence: sepComma},
		{in: "1\u00a0234,56", want: "1234.56", evidence: sepComma},
		{in: "1\u202f234,56", want: "1234.56", evidence: sepComma},
		{in: "1\u2009234,56", want: "1234.56", evidence: sepComma},
		{in: "1.234,56", want: "1234.56", evidence: sepComma},
		{in: "1,234.56", want: "1234.56", evidence: sepDot},
		{in: "1234.56", want: "1234.56", evidence: sepDot},
		{in: "1'234.50", want: "1234.50", evidence: sepDot},
		{in: "1’234.50", want: "1234.50", evidence: sepDot},
		{in: "1.234.567", want: "1234567", evidence: sepComma},
		{in: "1,234,567", want: "1234567", evidence: sepDot},
		{in: "1.234", comma: true, want: "1234", ambiguous: true},
		{in: "1.234", comma: false, want: "1.234", ambiguous: true},
		{in: "1,234", comma: true, want: "1.234", ambiguous: true},
		{in: "1,234", comma: false, want: "1234", ambiguous: true},
		{in: "0,125", want: "0.125", evidence: sepComma},
		{in: "1234,567", want: "1234.567", evidence: sepComma},
		{in: "1,2345", want: "1.2345", evidence: sepComma},
		{in: ",5", want: "0.5", evidence: sepComma},
		{in: "12,50 €", want: "12.50", currency: "EUR", evidence: sepComma},
		{in: "€12.50", want: "12.50", currency: "EUR", evidence: sepDot},
		{in: "EUR 12.50", want: "12.50", currency: "EUR", evidence: sepDot},
		{in: "12.50 CHF", want: "12.50", currency: "CHF", evidence: sepDot},
		{in: "CHF 1'234.50", want: "1234.50", currency: "CHF", evidence: sepDot},
		{in: "$1,875.00", want: "1875.00", evidence: sepDot},
		{in: "£ 3.20", want: "3.20", currency: "GBP", evidence: sepDot},
		{in: "(12,50)", want: "-12.50", evidence: sepComma},
		{in: "-12,50 €", want: "-12.50", currency: "EUR", evidence: sepComma},
		{in: "€ -12,50", want: "-12.50", currency: "EUR", evidence: sepComma},
		{in: "12,50-", want: "-12.50", evidence: sepComma},
		{in: "−3", want: "-3"},
		{in: "+3", want: "3"},
		{in: "12,-", want: "12"},
		{in: "  7  ", want: "7"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			n, ok := splitNumber(tt.in)
			if !ok {
				t.Fatalf("splitNumber(%q) refused", tt.in)
			}
			if got := n.value(tt.comma).String(); got != tt.want {
				t.Fatalf("splitNumber(%q).value(%v) = %s, want %s", tt.in, tt.comma, got, tt.want)
			}
			if n.currency != tt.currency || n.evidence != tt.evidence || n.ambiguous != tt.ambiguous {
				t.Fatalf("splitNumber(%q) = currency %q evidence %d ambiguous %v, want %q %d %v", tt.in,
					n.currency, n.evidence, n.ambiguous, tt.currency, tt.evidence, tt.ambiguous)
			}
		})
	}
}

func TestSplitNumberRefuses(t *testing.T) {
	t.Parallel()

	for _, in := range []string{"", "abc", "12a", "1.2.3", "1,23,456", "12.", "1 23", "1  234", "1.234,567,8", "1,234.567.8",
		"--3", "(-3)", "12 %", "2.11.2026", "02/11/2026", "1e5", "EUR", "12 EUR USD", "1 234.567,8", "1.234 567"} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			if n, ok := splitNumber(in); ok {
				t.Fatalf("splitNumber(%q) = %+v, want it refused", in, n)
			}
		})
	}
}

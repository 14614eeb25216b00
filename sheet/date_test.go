package sheet

import "testing"

func TestSplitDate(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in        string
		order     dateOrder // for ambiguous texts
		want      string
		evidence  dateOrder
		ambiguous bool
	}{
		{in: "2026-11-02", want: "2026-11-02"},
		{in: "2026/11/02", want: "2026-11-02"},
		{in: "2026-11-02T00:00:00Z", want: "2026-11-02"},
		{in: "20261102", want: "2026-11-02"},
		{in: "2.11.2026", want: "2026-11-02", evidence: orderDMY},
		{in: "02.11.26", want: "2026-11-02", evidence: orderDMY},
		{in: "02.11.2026 00:00", want: "2026-11-02", evidence: orderDMY},
		{in: "25/11/2026", want: "2026-11-25", evidence: orderDMY},
		{in: "11/25/2026", want: "2026-11-25", evidence: orderMDY},
		{in: "02/11/2026", order: orderDMY, want: "2026-11-02", ambiguous: true},
		{in: "02/11/2026", order: orderMDY, want: "2026-02-11", ambiguous: true},
		{in: "02-11-2026", order: orderDMY, want: "2026-11-02", ambiguous: true},
		{in: "05/05/2026", want: "2026-05-05"},
		{in: "2. November 2026", want: "2026-11-02"},
		{in: "Montag, 2. November 2026", want: "2026-11-02"},
		{in: "2 novembre 2026", want: "2026-11-02"},
		{in: "1er décembre 2026", want: "2026-12-01"},
		{in: "lundi 2 novembre 2026", want: "2026-11-02"},
		{in: "Nov 2, 2026", want: "2026-11-02"},
		{in: "November 2nd, 2026", want: "2026-11-02"},
		{in: "2-Nov-26", want: "2026-11-02"},
		{in: "2 févr. 2026", want: "2026-02-02"},
		{in: "3. März 2026", want: "2026-03-03"},
		{in: "2026-Nov-02", want: "2026-11-02"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			d, ok := splitDate(tt.in)
			if !ok {
				t.Fatalf("splitDate(%q) refused", tt.in)
			}
			got, ok := d.in(tt.order)
			if !ok || got.String() != tt.want {
				t.Fatalf("splitDate(%q).in(%v) = %s %v, want %s", tt.in, tt.order, got, ok, tt.want)
			}
			if d.evidence != tt.evidence || d.ambiguous != tt.ambiguous {
				t.Fatalf("splitDate(%q) evidence %v ambiguous %v, want %v %v", tt.in, d.evidence, d.ambiguous, tt.evidence, tt.ambiguous)
			}
		})
	}
}

func TestSplitDateRefuses(t *testing.T) {
	t.Parallel()

	for _, in := range []string{"", "abc", "2026-02-30", "31/02/2026", "13/13/2026", "2.11", "2026", "12,50", "Foo 2, 2026",
		"2 November", "1.2.3.4", "02/11-2026", "99999999", "18991231", "2 Novembre 2026 Mars"} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			if d, ok := splitDate(in); ok {
				t.Fatalf("splitDate(%q) = %+v, want it refused", in, d)
			}
		})
	}
}

func TestParseDateFormat(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in   string
		want dateOrder
		ok   bool
	}{
		{"DD/MM/YYYY", orderDMY, true}, {"dd.mm.yy", orderDMY, true}, {"MM/DD/YYYY", orderMDY, true},
		{"YYYY-MM-DD", orderYMD, true}, {"JJ/MM/AAAA", orderDMY, true}, {"TT.MM.JJJJ", orderDMY, true},
		{"DD/MM", orderUnknown, false}, {"", orderUnknown, false}, {"DD/MM/YYYY/DD", orderUnknown, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := parseDateFormat(tt.in)
			if ok != tt.ok || ok && got != tt.want {
				t.Fatalf("parseDateFormat(%q) = %v %v, want %v %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

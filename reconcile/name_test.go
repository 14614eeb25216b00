package reconcile

import "testing"

func TestNameKey(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"Müller & Söhne GmbH", "muller sohne"},
		{"MUELLER & SOEHNE G.m.b.H.", "mueller soehne"},
		{"Société Générale S.A.", "societe generale"},
		{"Łódź Trading Sp. z o.o.", "lodz trading"},
		{"Straße-Bau GmbH & Co. KG", "strasse bau"},
		{"The Company Ltd", "the company ltd"}, // only legal-form words: all kept
		{"Ørsted A/S", "orsted a s"},           // a slash splits words
		{"Москва ООО", "москва ооо"},
		{"", ""},
	} {
		if got := nameKey(c.in); got != c.want {
			t.Errorf("nameKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

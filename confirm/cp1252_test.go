package confirm

import "testing"

func TestCP1252(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Société Müller", "Soci\xe9t\xe9 M\xfcller"},
		{"12,50 €", "12,50 \x80"},
		{"« l’Été » – ok…", "\xab l\x92\xc9t\xe9 \xbb \x96 ok\x85"},
		{"1\u202f234", "1\xa0234"},
		{"Łódź", "?\xf3dz"},    // Ł has no base letter in Windows-1252; ź is z with an accent
		{"Ősz", "Osz"},         // Hungarian Ő
		{"東京 OK", "?? OK"},     // never dropped: each character outside becomes '?'
		{"a\x00b\tc", "a b c"}, // a NUL would end the string for fpdf
		{"\U0001F600", "?"},    // an emoji
	} {
		if got := cp1252(tc.in); got != tc.want {
			t.Errorf("cp1252(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

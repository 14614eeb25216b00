package verify

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestFoldAndWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Crème Brûlée", "creme brulee"},
		{"Straße", "strasse"},
		{"Copy paper A4 80g/m²", "copy paper a 4 80 g m 2"},
		{"500ml", "500 ml"},
		{"Œuvre ÆØ", "oeuvre aeo"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := strings.Join(words(fold(tc.in)), " "); got != tc.want {
				t.Fatalf("words(fold(%q)) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNameAndStreetWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		f        func(string) []string
	}{
		{"Papeterie Dupont S.A.R.L.", "papeterie dupont", nameWords},
		{"Hoffmann GmbH & Co. KG", "hoffmann", nameWords},
		{"Oficina Global S.L.", "oficina global", nameWords},
		{"SA", "sa", nameWords},
		{"Hauptstr. 5", "hauptstrasse 5", streetWords},
		{"5 av. de la République", "5 avenue de la republique", streetWords},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := strings.Join(tc.f(tc.in), " "); got != tc.want {
				t.Fatalf("%q -> %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestWordSim(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b     string
		min, max float64
	}{
		{"blue", "blue", 1, 1},
		{"bleu", "blue", 0.75, 0.75}, // one transposition
		{"balpoint", "ballpoint", 0.88, 0.9},
		{"kugelschr", "kugelschreiber", 0.85, 0.85}, // abbreviation
		{"blue", "black", 0, 0},
		{"80", "60", 0, 0}, // numbers must be equal
		{"a", "b", 0, 0},
		{"stapler", "staples", 0.85, 0.86},
	} {
		t.Run(tc.a+"~"+tc.b, func(t *testing.T) {
			t.Parallel()
			if got := wordSim(tc.a, tc.b); got < tc.min || got > tc.max {
				t.Fatalf("wordSim(%q, %q) = %.3f, want in [%.2f, %.2f]", tc.a, tc.b, got, tc.min, tc.max)
			}
		})
	}
}

func TestOSADistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 5, 3},
		{"ab", "ba", 5, 1},
		{"kitten", "sitting", 1, 2}, // stops past the limit
		{"", "abc", 5, 3},
		{"über", "uber", 5, 1},
	} {
		t.Run(tc.a+"~"+tc.b, func(t *testing.T) {
			t.Parallel()
			if got := osaDistance(tc.a, tc.b, tc.limit); got != tc.want {
				t.Fatalf("osaDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
			}
		})
	}
}

func TestNormGTIN(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"4006381333931", "04006381333931", true},
		{"04006381333931", "04006381333931", true},
		{"036000291452", "00036000291452", true}, // UPC-A
		{"96385074", "00000096385074", true},     // EAN-8
		{"400 6381 33393 1", "04006381333931", true},
		{"4006381333932", "04006381333932", false}, // wrong check digit
		{"400638133393", "00400638133393", false},  // a GTIN-12 that is really a GTIN-13 missing its digit
		{"12345", "", false},
		{"ABC4006381333931", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, ok := normGTIN(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("normGTIN(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestIdentifiers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, got, want string }{
		{"vat fr 40 303.265-045", normVATID("fr 40 303.265-045"), "FR40303265045"},
		{"gln with spaces", normGLN("301 2345 000017"), "3012345000017"},
		{"gln too short", normGLN("30123450"), ""},
		{"sku", normSKU(" fr 1002 "), "FR1002"},
		{"sku alnum", alnumSKU("fr-10.02"), "FR1002"},
		{"email display name", emailAddress(`"Jean Martin" <Jean.Martin@Dupont.FR>`), "jean.martin@dupont.fr"},
		{"email bare", emailAddress("orders@acme.co.uk"), "orders@acme.co.uk"},
		{"email none", emailAddress("5412345000013"), ""},
		{"domain co.uk", registrableDomain("eu.shop.acme.co.uk"), "acme.co.uk"},
		{"domain fr", registrableDomain("eu.dupont.fr"), "dupont.fr"},
		{"postal code", normPostalCode("sw1a 1aa"), "SW1A1AA"},
		{"field line", fieldName("lines[1].unit_price"), "Line 2 unit price"},
		{"field vat", fieldName("buyer.vat_id"), "Buyer VAT id"},
		{"decimal 10.00", canonicalDecimal(decimal.RequireFromString("10.00")), "10"},
		{"decimal 0.500", canonicalDecimal(decimal.RequireFromString("0.500")), "0.5"},
		{"decimal 100", canonicalDecimal(decimal.RequireFromString("100")), "100"},
		{"decimal -0.0", canonicalDecimal(decimal.RequireFromString("-0.0")), "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.got != tc.want {
				t.Fatalf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestPublicDomain(t *testing.T) {
	t.Parallel()
	r := DefaultRules()
	for domain, want := range map[string]bool{
		"gmail.com": true, "yahoo.fr": true, "yahoo.co.uk": true, "web.de": true, "orange.fr": true,
		"free.fr": true, "hotmail.es": true, "gmx.net": true, "mail.web.de": true,
		"dupont-papeterie.fr": false, "live-events.com": false, "freenet-logistics.de": false, "acme.co.uk": false,
	} {
		t.Run(domain, func(t *testing.T) {
			t.Parallel()
			if got := r.publicDomain(domain); got != want {
				t.Fatalf("publicDomain(%q) = %v, want %v", domain, got, want)
			}
		})
	}
}

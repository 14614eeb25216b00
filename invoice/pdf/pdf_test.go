package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/o2c-project/o2c/invoice"
)

// TestRenderTable renders every case of the table in the three languages and reads the text
// back with pdftotext: the title and number, the amount due, "Page n of N" on every page, and
// on a long invoice the table header again on every page.
func TestRenderTable(t *testing.T) {
	t.Parallel()
	due := map[string]string{"en": "Amount due", "fr": "Net à payer", "de": "Zahlbetrag"}
	page := map[string]string{"en": "Page %d of %d", "fr": "Page %d sur %d", "de": "Seite %d von %d"}
	for _, c := range testCases() {
		inv, err := invoice.Calculate(c.inv)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"en", "fr", "de"} {
			b, err := Render(c.inv, Branding{}, lang)
			if err != nil {
				t.Fatalf("%s %s: %v", c.name, lang, err)
			}
			if c.name != "500-lines" && lang != "fr" {
				continue // pdftotext on all 114 files would be slow: French and the long one suffice
			}
			pages := pdfText(t, b)
			all := strings.ReplaceAll(strings.Join(pages, "\n"), "\u00a0", " ") // pdftotext writes a no-break space as a space
			n := numbersFor(lang)
			for _, want := range []string{strings.ToUpper(titleOf(inv.Type, n.w)), inv.Number, due[lang], n.money(inv.Totals.Payable, inv.Currency)} {
				if !strings.Contains(all, strings.ReplaceAll(want, "\u00a0", " ")) {
					t.Errorf("%s %s: the PDF lacks %q", c.name, lang, want)
				}
			}
			for i, p := range pages {
				if !strings.Contains(p, fmt.Sprintf(page[lang], i+1, len(pages))) {
					t.Errorf("%s %s: page %d lacks its number of %d", c.name, lang, i+1, len(pages))
				}
				if c.name == "500-lines" && !strings.Contains(p, n.w.columns[1]) {
					t.Errorf("%s %s: page %d has no table header", c.name, lang, i+1)
				}
			}
			if c.name == "500-lines" && len(pages) < 10 {
				t.Errorf("500 lines on %d pages", len(pages))
			}
		}
	}
}

// TestFrenchLegalMentions: a French B2B invoice without the mentions in its notes gets the
// early-payment, late-penalty and 40 € indemnity mentions; a credit note and a foreign seller do
// not get the French ones.
func TestFrenchLegalMentions(t *testing.T) {
	t.Parallel()
	inv := caseByName(t, "s20-one-line").inv
	inv.Notes, inv.Payment.Terms = nil, "30 jours net."
	pages := strings.Join(pdfText(t, mustRender(t, inv, Branding{LatePenalty: "3 fois le taux d'intérêt légal"}, "fr")), " ")
	for _, want := range []string{"Indemnité forfaitaire pour frais de recouvrement de 40 €", "Pas d'escompte", "3 fois le taux d'intérêt légal"} {
		if !strings.Contains(strings.Join(strings.Fields(pages), " "), want) {
			t.Errorf("the French B2B invoice lacks %q", want)
		}
	}
	de := caseByName(t, "de-19-and-7").inv
	if text := strings.Join(pdfText(t, mustRender(t, de, Branding{}, "de")), " "); strings.Contains(text, "40 €") {
		t.Error("a German invoice carries the French indemnity")
	}
}

// TestRenderDeterministic: the same input gives the same bytes, and the logo is drawn.
func TestRenderDeterministic(t *testing.T) {
	t.Parallel()
	inv := caseByName(t, "fr-four-rates").inv
	a := mustRender(t, inv, Branding{Logo: testLogo(t), Accent: "#7a1f3d"}, "fr")
	b := mustRender(t, inv, Branding{Logo: testLogo(t), Accent: "#7a1f3d"}, "fr")
	if !bytes.Equal(a, b) {
		t.Error("two renderings differ")
	}
	if !bytes.Contains(a, []byte("/Subtype /Image")) {
		t.Error("the logo is not in the PDF")
	}
	if _, err := Render(inv, Branding{Logo: []byte("GIF89a")}, "fr"); err == nil {
		t.Error("a GIF logo is accepted")
	}
	if _, err := Render(inv, Branding{Accent: "blue"}, "fr"); err == nil {
		t.Error("an accent that is not #RRGGBB is accepted")
	}
}

func mustRender(t *testing.T, inv invoice.Invoice, b Branding, lang string) []byte {
	t.Helper()
	out, err := Render(inv, b, lang)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

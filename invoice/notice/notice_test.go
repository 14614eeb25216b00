package notice

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice/dunning"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/out")

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// sample is a French customer's partly disputed invoice, with every optional value given.
func sample() Data {
	return Data{
		Company: "Ateliers Durand", Customer: "Boulangerie Martin", CustomerCountry: "FR",
		InvoiceNumber: "F2026-000123", IssueDate: cal.MustParse("2026-11-27"), DueDate: cal.MustParse("2026-12-27"),
		Currency: "EUR", Total: dec("1434.56"), Amount: dec("1234.56"), Disputed: dec("200.00"), DaysOverdue: 45,
		PaymentLink: "https://pay.example/i/F2026-000123", IBAN: "FR7630006000011234567890189", BIC: "AGRIFRPP",
		PortalLink: "https://portal.example/invoices", PenaltyRate: dec("12.15"),
	}
}

func html(t *testing.T, m Message) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(m.HTML))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestRenderEveryTemplate renders every kind in every language: no key is missing, the subject
// is one line and the HTML title, the amount the mail asks for is written the language's way.
func TestRenderEveryTemplate(t *testing.T) {
	t.Parallel()
	wantAmount := map[Lang]string{English: "€1,234.56", French: "1\u00a0234,56\u00a0€", German: "1.234,56\u00a0€"}
	wantTotal := map[Lang]string{English: "€1,434.56", French: "1\u00a0434,56\u00a0€", German: "1.434,56\u00a0€"}
	for _, lang := range Languages {
		for _, kind := range Kinds {
			t.Run(string(lang)+"_"+string(kind), func(t *testing.T) {
				t.Parallel()
				m, err := Render(kind, lang, sample())
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				goldenMail(t, string(lang)+"_"+string(kind)+".txt", m)
				if (kind == KindFirm || kind == KindFinal) && !strings.Contains(m.Subject, wantAmount[lang]) {
					t.Fatalf("subject %q lost the amount %q", m.Subject, wantAmount[lang])
				}
				if m.Subject == "" || strings.ContainsAny(m.Subject, "\r\n") || !strings.Contains(m.Subject, "F2026-000123") {
					t.Fatalf("subject %q is not one line naming the invoice", m.Subject)
				}
				doc := html(t, m)
				if got := doc.Find("title").Text(); got != m.Subject {
					t.Fatalf("HTML title %q, subject %q", got, m.Subject)
				}
				if got := doc.Find("html").AttrOr("lang", ""); got != string(lang) {
					t.Fatalf("html lang = %q", got)
				}
				want := wantAmount[lang]
				if kind == KindInvoice {
					want = wantTotal[lang]
				}
				if got := doc.Find("table.amounts tr.amount td").Text(); got != want {
					t.Fatalf("HTML amount = %q, want %q", got, want)
				}
				if !strings.Contains(m.Text, want) {
					t.Fatalf("the text does not state %q:\n%s", want, m.Text)
				}
				if got := doc.Find("a.pay-link").AttrOr("href", ""); got != sample().PaymentLink {
					t.Fatalf("pay link = %q", got)
				}
				if kind != KindInvoice && doc.Find("p.disputed").Length() != 1 {
					t.Fatal("a reminder of a partly disputed invoice does not say what it leaves out")
				}
			})
		}
	}
}

// TestEveryKeyUsedAndRequired takes each key out of the view in turn: some template of each
// language must then fail, which shows that missingkey=error is on and that no key is stale.
func TestEveryKeyUsedAndRequired(t *testing.T) {
	t.Parallel()
	for _, lang := range Languages {
		full := viewOf(lang, sample())
		for key := range full {
			failed := false
			for _, kind := range Kinds {
				view := maps.Clone(full)
				delete(view, key)
				if _, err := render(kind, lang, view); err != nil {
					failed = true
					break
				}
			}
			if !failed {
				t.Errorf("%s: without key %q every template still renders", lang, key)
			}
		}
	}
}

func TestRenderEscapesHTML(t *testing.T) {
	t.Parallel()
	d := sample()
	d.Company = "<b>Durand & Fils</b>"
	d.Customer = `<script>alert("x")</script>`
	d.PaymentLink = "javascript:alert(1)"
	for _, lang := range Languages {
		m, err := Render(KindFirm, lang, d)
		if err != nil {
			t.Fatal(err)
		}
		doc := html(t, m)
		if doc.Find("script, b").Length() != 0 {
			t.Fatalf("%s: a name became markup:\n%s", lang, m.HTML)
		}
		if got := doc.Find("p.sign").Text(); !strings.Contains(got, "<b>Durand & Fils</b>") {
			t.Fatalf("%s: signature %q does not show the name as text", lang, got)
		}
		if got := doc.Find("a.pay-link").AttrOr("href", ""); strings.HasPrefix(got, "javascript") {
			t.Fatalf("%s: pay link %q kept its script", lang, got)
		}
		if !strings.Contains(m.Text, "<b>Durand & Fils</b>") {
			t.Fatalf("%s: the plain text escaped the name:\n%s", lang, m.Text)
		}
	}
}

func TestFinalNoticeFrenchIndemnity(t *testing.T) {
	t.Parallel()
	for _, lang := range Languages {
		for _, country := range []string{"FR", "DE"} {
			for _, kind := range []Kind{KindFriendly, KindFinal} {
				d := sample()
				d.CustomerCountry = country
				m, err := Render(kind, lang, d)
				if err != nil {
					t.Fatal(err)
				}
				want := country == "FR" && kind == KindFinal
				indemnity := FormatAmount(lang, dec("40"), "EUR")
				if got := strings.Contains(m.Text, "L441-10") && strings.Contains(m.Text, indemnity); got != want {
					t.Fatalf("%s %s to %s: mentions the 40 EUR indemnity = %v, want %v:\n%s", lang, kind, country, got, want, m.Text)
				}
				if got := html(t, m).Find("p.indemnity").Length() == 1; got != want {
					t.Fatalf("%s %s to %s: HTML indemnity = %v, want %v", lang, kind, country, got, want)
				}
				if got := html(t, m).Find("p.penalty").Length() == 1; got != (kind == KindFinal) {
					t.Fatalf("%s %s: HTML penalty = %v", lang, kind, got)
				}
			}
		}
	}
}

func TestRenderRefuses(t *testing.T) {
	t.Parallel()
	if _, err := Render("thanks", English, sample()); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("unknown kind: %v", err)
	}
	if _, err := Render(KindInvoice, "es", sample()); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("unknown language: %v", err)
	}
	if ReminderKind(dunning.Firm) != KindFirm {
		t.Fatal("ReminderKind(firm) is not KindFirm")
	}
}

func TestFormatAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang     Lang
		amount   string
		currency string
		want     string
	}{
		{English, "1234.56", "EUR", "€1,234.56"},
		{French, "1234.56", "EUR", "1\u00a0234,56\u00a0€"},
		{German, "1234.56", "EUR", "1.234,56\u00a0€"},
		{English, "1234567.891", "EUR", "€1,234,567.89"},
		{French, "1234567", "EUR", "1\u00a0234\u00a0567,00\u00a0€"},
		{German, "0.5", "EUR", "0,50\u00a0€"},
		{English, "999", "USD", "$999.00"},
		{English, "-1234.5", "GBP", "-£1,234.50"},
		{French, "-12", "EUR", "-12,00\u00a0€"},
		{English, "1234.56", "JPY", "¥1,235"},
		{English, "1234.5", "CHF", "CHF 1,234.50"},
		{German, "1234.5", "CHF", "1.234,50\u00a0CHF"},
		{English, "1.2345", "KWD", "KWD 1.235"},
		{"es", "1234.5", "EUR", "€1,234.50"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang)+"_"+tt.amount+"_"+tt.currency, func(t *testing.T) {
			t.Parallel()
			if got := FormatAmount(tt.lang, dec(tt.amount), tt.currency); got != tt.want {
				t.Fatalf("FormatAmount = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatDate(t *testing.T) {
	t.Parallel()
	d := cal.MustParse("2026-08-03")
	for lang, want := range map[Lang]string{English: "3 August 2026", French: "3 août 2026", German: "3. August 2026"} {
		if got := FormatDate(lang, d); got != want {
			t.Errorf("FormatDate(%s) = %q, want %q", lang, got, want)
		}
	}
}

// goldenMail compares a mail with testdata/out/name, or rewrites it with -update.
func goldenMail(t *testing.T, name string, m Message) {
	t.Helper()
	got := []byte("Subject: " + m.Subject + "\n\n" + m.Text + "\n-- HTML --\n" + m.HTML)
	path := filepath.Join("testdata", "out", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil { //nolint:gosec // a golden file of testdata
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path) //nolint:gosec // a golden file of testdata
	if err != nil {
		t.Fatalf("read golden file (run go test -update to write it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs (run go test -update and review the diff):\n%s", path, got)
	}
}

func ExampleFormatAmount() {
	amount := decimal.RequireFromString("1234.56")
	for _, lang := range Languages {
		fmt.Printf("%s %q\n", lang, FormatAmount(lang, amount, "EUR"))
	}
	// Output:
	// en "€1,234.56"
	// fr "1\u00a0234,56\u00a0€"
	// de "1.234,56\u00a0€"
}

package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

func statementCase() Statement {
	d := decimal.RequireFromString
	day := cal.MustParse
	return Statement{
		Seller:   invoice.Party{Name: "Torréfaction Lumière SAS", Address: invoice.Address{Line1: "8 rue des Cafés", PostCode: "69002", City: "Lyon", Country: "FR"}},
		Customer: invoice.Party{Name: "Bistrot Lumière SARL", Address: invoice.Address{Line1: "112 Rue Oberkampf", PostCode: "75011", City: "Paris", Country: "FR"}},
		Date:     day("2026-11-27"),
		Currency: "EUR",
		Items: []StatementItem{
			{Number: "F2026-000120", IssueDate: day("2026-11-20"), DueDate: day("2026-12-20"), Amount: d("1200.00")},
			{Number: "F2026-000090", IssueDate: day("2026-09-15"), DueDate: day("2026-10-15"), Amount: d("500.00"), Paid: d("200.00")},
			{Number: "F2026-000030", IssueDate: day("2026-06-01"), DueDate: day("2026-07-01"), Amount: d("80.00")},
			{Number: "A2026-000004", CreditNote: true, IssueDate: day("2026-11-02"), DueDate: day("2026-11-02"), Amount: d("50.00")},
			{Number: "F2026-000100", IssueDate: day("2026-10-01"), DueDate: day("2026-10-31"), Amount: d("300.00"), Paid: d("300.00")},
		},
	}
}

// The statement lists the open items with what is open of each and how late, the balance, its
// ageing, and what was paid.
func TestRenderStatement(t *testing.T) {
	s := statementCase()
	pdf, err := RenderStatement(s, Branding{}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("O2C_PDF_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "statement-en.pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := strings.ReplaceAll(strings.Join(pdfText(t, pdf), "\n"), "\u00a0", " ")
	// Balance: 1200 + 300 + 80 - 50 = 1530. Ageing: not due 1200 - 50 (the credit note is due
	// today); 43 days late 300 (31–60); 149 days late 80 (over 90).
	for _, want := range []string{"Statement of account", "Bistrot Lumière SARL", "Balance due", "1,530.00 EUR",
		"43 days overdue", "149 days overdue", "1,150.00", "300.00", "80.00", "Paid in the period", "F2026-000100",
		"Credit note A2026-000004", "−50.00", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the statement lacks %q:\n%s", want, text)
		}
	}
	open := text[:strings.Index(text, "Paid in the period")]
	if strings.Index(open, "F2026-000030") > strings.Index(open, "F2026-000090") {
		t.Error("open items are not oldest due first")
	}
	if strings.Contains(open, "F2026-000100") {
		t.Error("a paid invoice is listed among the open items")
	}

	fr, err := RenderStatement(s, Branding{}, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if ft := strings.ReplaceAll(strings.Join(pdfText(t, fr), "\n"), "\u00a0", " "); !strings.Contains(ft, "Relevé de compte") || !strings.Contains(ft, "1 530,00") {
		t.Errorf("the French statement:\n%s", ft)
	}

	bad := s
	bad.Items = append([]StatementItem{}, s.Items...)
	bad.Items[0].Paid = decimal.RequireFromString("5000")
	if _, err := RenderStatement(bad, Branding{}, "en"); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Errorf("an item paid more than its amount: %v, want CodeInvalid", err)
	}
}

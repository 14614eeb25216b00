package reconcile_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/bank"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/reconcile"
)

// open returns an open item of customer cust: "F2026-000123 C1 100.00" style.
func open(number, cust, amount, due string) reconcile.OpenItem {
	names := map[string]string{"C1": "Becker Logistik GmbH", "C2": "Hoffmann & Schulz AG", "C3": "Dupont Électrique SARL"}
	return reconcile.OpenItem{Number: number, CustomerID: cust, CustomerName: names[cust], IssueDate: cal.MustParse("2026-03-01"),
		DueDate: cal.MustParse(due), Currency: "EUR", AmountDue: decimal.RequireFromString(amount)}
}

func tx(amount, payer, iban, text string) reconcile.Transaction {
	t := reconcile.Transaction{ID: "T1", Amount: decimal.RequireFromString(amount), Currency: "EUR",
		BookingDate: cal.MustParse("2026-04-01"), ValueDate: cal.MustParse("2026-04-01"), Payer: bank.Party{Name: payer, IBAN: iban}}
	if text != "" {
		t.Remittance = []string{text}
	}
	return t
}

// book lists the open items of most cases: invoice numbers one typo apart on purpose.
func book() []reconcile.OpenItem {
	return []reconcile.OpenItem{
		open("F2026-000123", "C1", "100.00", "2026-03-31"),
		open("F2026-000124", "C2", "250.00", "2026-03-31"),
		open("F2026-000500", "C1", "80.00", "2026-04-10"),
		open("F2026-000777", "C3", "1000.00", "2026-04-15"),
		open("G-88", "C3", "40.00", "2026-04-20"),
	}
}

type want struct {
	status   reconcile.Status
	allocs   string // "F2026-000123=100.00 F2026-000500=80.00"
	writeOff string
	discount string
	credit   string
	reason   string // a part the reason must hold
}

func check(t *testing.T, got reconcile.Result, w want) {
	t.Helper()
	var parts []string
	for _, a := range got.Allocations {
		parts = append(parts, a.InvoiceNumber+"="+a.Amount.StringFixed(2))
	}
	if got.Status != w.status || strings.Join(parts, " ") != w.allocs {
		t.Fatalf("got %s [%s], want %s [%s]; reason: %s", got.Status, strings.Join(parts, " "), w.status, w.allocs, got.Reason)
	}
	for _, c := range []struct {
		name string
		got  decimal.Decimal
		want string
	}{{"write-off", got.WriteOff, w.writeOff}, {"discount", got.Discount, w.discount}, {"credit", got.Credit, w.credit}} {
		if c.want == "" {
			c.want = "0.00"
		}
		if c.got.StringFixed(2) != c.want {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	if !strings.Contains(got.Reason, w.reason) {
		t.Errorf("reason %q does not say %q", got.Reason, w.reason)
	}
	if (got.Status == reconcile.StatusMatched || got.Status == reconcile.StatusPartial) != (got.Confidence >= 0.9) {
		t.Errorf("status %s with confidence %.2f", got.Status, got.Confidence)
	}
}

func run(t *testing.T, items []reconcile.OpenItem, k reconcile.Knowledge, txs ...reconcile.Transaction) []reconcile.Result {
	t.Helper()
	res, err := reconcile.Reconcile(items, txs, k, reconcile.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(txs) {
		t.Fatalf("%d results for %d transactions", len(res), len(txs))
	}
	return res
}

func TestReferences(t *testing.T) {
	t.Parallel()
	rf := reconcile.MakeCreditorRef("F2026000777")
	badRF := rf[:2] + "00" + rf[4:]
	for _, c := range []struct {
		name string
		tx   reconcile.Transaction
		want want
	}{
		{"ExactNumber", tx("100.00", "", "", "Rechnung F2026-000123"), want{status: "matched", allocs: "F2026-000123=100.00", reason: "named in the remittance text; amount equal"}},
		{"CaseSpacesLeadingZeros", tx("100.00", "", "", "re f2026 123 danke"), want{status: "matched", allocs: "F2026-000123=100.00", reason: "leading zeros"}},
		{"NoDash", tx("100.00", "", "", "INVF2026000123"), want{status: "unmatched", reason: "no open invoice named"}},
		{"NoDashSpaced", tx("100.00", "", "", "INV F2026000123"), want{status: "matched", allocs: "F2026-000123=100.00"}},
		{"DigitsOnly", tx("1000.00", "", "", "Zahlung 2026/777"), want{status: "matched", allocs: "F2026-000777=1000.00", reason: "by its digits"}},
		{"TypoOnlyNeighbour", tx("1000.00", "", "", "Rechnung F2026-000771"), want{status: "matched", allocs: "F2026-000777=1000.00", reason: "the only open invoice that close"}},
		{"TypoTransposed", tx("1000.00", "", "", "F2026-007077"), want{status: "matched", allocs: "F2026-000777=1000.00", reason: "one typo"}},
		// F2026-000125 is one edit from both 000123 and 000124, whose amounts differ: the amount decides,
		// but other open invoices are that close, and the payer is unknown: only a suggestion.
		{"TypoAmongSeveral", tx("250.00", "", "", "F2026-000125"), want{status: "suggested", allocs: "F2026-000124=250.00", reason: "of the 2 open invoices that close only it fits"}},
		{"TypoAmongSeveralPaidByCustomer", tx("250.00", "Hoffmann & Schulz", "", "F2026-000125"), want{status: "matched", allocs: "F2026-000124=250.00", reason: "paid by its customer"}},
		{"TypoAmountDisagrees", tx("900.00", "", "", "F2026-000771"), want{status: "unmatched"}},
		{"ShortNumberNoTypo", tx("40.00", "", "", "G-89"), want{status: "unmatched"}},
		{"CreditorReference", reconcile.Transaction{ID: "T", Amount: decimal.RequireFromString("1000"), Currency: "EUR", CreditorRef: rf},
			want{status: "matched", allocs: "F2026-000777=1000.00", reason: "RF creditor reference " + rf + " (check digits valid)"}},
		{"CreditorReferenceBadCheckDigits", reconcile.Transaction{ID: "T", Amount: decimal.RequireFromString("1000"), Currency: "EUR", CreditorRef: badRF},
			want{status: "unmatched", reason: "fails its check digits"}},
		{"SeveralInOneText", tx("180.00", "", "", "Invoices F2026-000123, F2026-000500"), want{status: "matched", allocs: "F2026-000123=100.00 F2026-000500=80.00", reason: "amount equal to their sum"}},
		{"SeveralShortOfAll", tx("150.00", "", "", "F2026-000123 F2026-000500"), want{status: "suggested", allocs: "F2026-000123=100.00 F2026-000500=50.00", reason: "perhaps a dispute"}},
		{"SeveralOneOfThemPaid", tx("80.00", "Becker Logistik", "", "F2026-000123 F2026-000500"), want{status: "matched", allocs: "F2026-000500=80.00", reason: "pays exactly F2026-000500, F2026-000123 stays open"}},
		{"OtherCurrency", reconcile.Transaction{ID: "T", Amount: decimal.RequireFromString("100"), Currency: "CHF", Remittance: []string{"F2026-000123"}},
			want{status: "unmatched", reason: "no longer open in CHF"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			check(t, run(t, book(), reconcile.Knowledge{}, c.tx)[0], c.want)
		})
	}
}

func TestCustomerReference(t *testing.T) {
	t.Parallel()
	items := book()
	items[3].Reference = "PO-4500012345"
	check(t, run(t, items, reconcile.Knowledge{}, tx("1000.00", "", "", "Bestellung 4500012345"))[0],
		want{status: "matched", allocs: "F2026-000777=1000.00", reason: "customer's reference"})
}

func TestTolerances(t *testing.T) {
	t.Parallel()
	withDiscount := func() []reconcile.OpenItem {
		items := book()
		items[3].Discount = &reconcile.Discount{Percent: decimal.NewFromInt(2), Until: cal.MustParse("2026-03-25")}
		return items
	}
	on := func(t reconcile.Transaction, day string) reconcile.Transaction {
		t.ValueDate = cal.MustParse(day)
		return t
	}
	for _, c := range []struct {
		name  string
		items []reconcile.OpenItem
		tx    reconcile.Transaction
		want  want
	}{
		{"FeeWithinTolerance", book(), tx("992.50", "", "", "F2026-000777"), want{status: "matched", allocs: "F2026-000777=992.50", writeOff: "7.50", reason: "7.50 short: written off"}},
		// 2 % of 100.00 is 2.00: a fee of 2.50 is beyond the tolerance, the rest stays open.
		{"FeeBeyondTolerance", book(), tx("97.50", "Becker Logistik GmbH", "", "F2026-000123"), want{status: "partial", allocs: "F2026-000123=97.50", reason: "2.50 stays open"}},
		{"PartialFromUnknownPayer", book(), tx("50.00", "", "", "F2026-000123"), want{status: "suggested", allocs: "F2026-000123=50.00"}},
		{"DiscountInPeriod", withDiscount(), on(tx("980.00", "", "", "F2026-000777"), "2026-03-25"), want{status: "matched", allocs: "F2026-000777=980.00", discount: "20.00", reason: "early-payment discount of 20.00 (2% until 2026-03-25)"}},
		{"DiscountAfterPeriod", withDiscount(), on(tx("980.00", "Dupont Electrique", "", "F2026-000777"), "2026-03-26"), want{status: "partial", allocs: "F2026-000777=980.00", reason: "20.00 stays open"}},
		{"Overpayment", book(), tx("120.00", "BECKER LOGISTIK", "", "F2026-000123"), want{status: "partial", allocs: "F2026-000123=100.00", credit: "20.00", reason: "overpays by 20.00"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			check(t, run(t, c.items, reconcile.Knowledge{}, c.tx)[0], c.want)
		})
	}
}

func TestPayer(t *testing.T) {
	t.Parallel()
	k := reconcile.Knowledge{Accounts: map[string]string{"DE02120300000000202051": "C1"}, Aliases: map[string][]string{"C2": {"Nordlicht Vertrieb"}}}
	twins := append(book(), open("F2026-000900", "C2", "250.00", "2026-05-01"))
	for _, c := range []struct {
		name  string
		items []reconcile.OpenItem
		tx    reconcile.Transaction
		want  want
	}{
		{"IBANLearned", book(), tx("80.00", "Buchhaltung", "DE02 1203 0000 0000 2020 51", ""), want{status: "matched", allocs: "F2026-000500=80.00", reason: "IBAN DE02120300000000202051 learned"}},
		{"NameWithoutLegalForm", book(), tx("1000.00", "DUPONT ELECTRIQUE", "", ""), want{status: "matched", allocs: "F2026-000777=1000.00", reason: "is the name of customer C3"}},
		{"KnownAlias", book(), tx("250.00", "Nordlicht Vertrieb GmbH", "", ""), want{status: "matched", allocs: "F2026-000124=250.00", reason: "known alias"}},
		{"NameOneLetterOff", book(), tx("250.00", "Hoffmann & Schulx AG", "", ""), want{status: "matched", allocs: "F2026-000124=250.00", reason: "resembles"}},
		{"SubsetUnique", book(), tx("180.00", "", "DE02120300000000202051", ""), want{status: "matched", allocs: "F2026-000123=100.00 F2026-000500=80.00", reason: "only combination"}},
		{"TwoInvoicesSameAmount", twins, tx("250.00", "Hoffmann & Schulz AG", "", ""), want{status: "suggested", allocs: "F2026-000124=250.00", reason: "2 of its open invoices fit the amount"}},
		{"UnrelatedCredit", book(), tx("100.00", "Finanzamt Köln", "DE99500105170000000001", "Erstattung USt 2025"), want{status: "unmatched", reason: "the amount equals open invoice F2026-000123"}},
		{"KnownPayerNothingFits", book(), tx("33.00", "", "DE02120300000000202051", ""), want{status: "suggested", allocs: "F2026-000123=33.00", reason: "fits none of its 2 open invoices"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			check(t, run(t, c.items, k, c.tx)[0], c.want)
		})
	}
	t.Run("SubsetAmbiguous", func(t *testing.T) {
		t.Parallel()
		items := []reconcile.OpenItem{open("A-10001", "C1", "10.00", "2026-03-01"), open("A-10002", "C1", "20.00", "2026-03-02"),
			open("A-10003", "C1", "30.00", "2026-03-03"), open("A-10004", "C1", "40.00", "2026-03-04")}
		// 10+40 and 20+30 both make 50: the oldest first is proposed, nothing applied.
		check(t, run(t, items, k, tx("50.00", "", "DE02120300000000202051", ""))[0],
			want{status: "suggested", allocs: "A-10001=10.00 A-10004=40.00", reason: "several combinations"})
	})
}

func TestAppliedInOrder(t *testing.T) {
	t.Parallel()
	first, second := tx("100.00", "", "", "F2026-000123"), tx("100.00", "", "", "F2026-000123")
	second.ID = "T2"
	res := run(t, book(), reconcile.Knowledge{}, first, second)
	check(t, res[0], want{status: "matched", allocs: "F2026-000123=100.00"})
	check(t, res[1], want{status: "unmatched", reason: "names F2026-000123, no longer open"})
}

func TestNotPayments(t *testing.T) {
	t.Parallel()
	rev := tx("100.00", "", "", "F2026-000123")
	rev.NotPayment = "the reversal of an earlier debit, not a customer's payment"
	check(t, run(t, book(), reconcile.Knowledge{}, rev)[0], want{status: "unmatched", reason: "reversal"})
}

func TestLearn(t *testing.T) {
	t.Parallel()
	k := reconcile.Knowledge{Aliases: map[string][]string{"C1": {"Becker Transporte"}}}
	payment := tx("80.00", "BLT Spedition", "de02 1203 0000 0000 2020 51", "")
	before := run(t, book(), k, payment)[0]
	if before.Status != reconcile.StatusUnmatched {
		t.Fatalf("before learning: %s (%s)", before.Status, before.Reason)
	}
	learnt := reconcile.Learn(k, payment, "C1")
	if len(k.Aliases["C1"]) != 1 || k.Accounts != nil {
		t.Fatalf("Learn changed the knowledge it was given: %+v", k)
	}
	if learnt.Accounts["DE02120300000000202051"] != "C1" || strings.Join(learnt.Aliases["C1"], "|") != "Becker Transporte|BLT Spedition" {
		t.Fatalf("learnt %+v", learnt)
	}
	after := run(t, book(), learnt, payment)[0]
	check(t, after, want{status: "matched", allocs: "F2026-000500=80.00", reason: "learned from earlier payments"})
	again := reconcile.Learn(learnt, payment, "C1")
	if len(again.Aliases["C1"]) != 2 {
		t.Fatalf("learning the same name twice added it twice: %v", again.Aliases["C1"])
	}
}

// TestTypoTwoFit: a word one typo from two open invoices of the same amount names neither.
func TestTypoTwoFit(t *testing.T) {
	t.Parallel()
	items := append(book(), open("F2026-000133", "C3", "100.00", "2026-05-01"))
	check(t, run(t, items, reconcile.Knowledge{}, tx("100.00", "", "", "F2026-000113"))[0],
		want{status: "suggested", allocs: "F2026-000123=100.00", reason: "2 open invoices that close fit the amount"})
}

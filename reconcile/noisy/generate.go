package noisy

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/bank"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/reconcile"
)

// Kind is what a generated transaction is.
type Kind string

// Kinds of transactions (see the package doc for their shares).
const (
	KindExact        Kind = "exact"
	KindNormalised   Kind = "normalised"
	KindTypo         Kind = "typo"
	KindRF           Kind = "rf"
	KindCustomerRef  Kind = "customer_ref"
	KindFee          Kind = "fee"
	KindDiscount     Kind = "discount"
	KindLateDiscount Kind = "late_discount"
	KindOverpay      Kind = "overpay"
	KindSubsidiary   Kind = "subsidiary"
	KindIBAN         Kind = "iban"
	KindName         Kind = "name"
	KindAlias        Kind = "alias"
	KindIBANFee      Kind = "iban_fee"
	KindGrouped      Kind = "grouped"
	KindGroupedNoRef Kind = "grouped_noref"
	KindPartial      Kind = "partial"
	KindInstallment  Kind = "installment"
	KindUnrelated    Kind = "unrelated"
)

// Mix is the share of each kind among the transactions; the shares sum to 1.
var Mix = []struct {
	Kind  Kind
	Share float64
}{
	{KindExact, 0.38}, {KindNormalised, 0.10}, {KindTypo, 0.04}, {KindRF, 0.04}, {KindCustomerRef, 0.02},
	{KindFee, 0.03}, {KindDiscount, 0.03}, {KindLateDiscount, 0.01}, {KindOverpay, 0.01}, {KindSubsidiary, 0.02},
	{KindIBAN, 0.08}, {KindName, 0.05}, {KindAlias, 0.02}, {KindIBANFee, 0.01},
	{KindGrouped, 0.025}, {KindGroupedNoRef, 0.015}, {KindPartial, 0.04}, {KindInstallment, 0.02},
	{KindUnrelated, 0.06},
}

// Params size a generated set.
type Params struct {
	Transactions int
	Invoices     int // open invoices; at least about 0.98 × Transactions
	Customers    int // 0: one for every five invoices
	Seed         uint64
}

// Truth is what a transaction really pays.
type Truth struct {
	Kind Kind
	Paid []Paid // empty for an unrelated credit
}

// Paid is cash applied to one invoice.
type Paid struct {
	Invoice string
	Amount  decimal.Decimal
}

// Set is a generated test bed.
type Set struct {
	Open         []reconcile.OpenItem
	Knowledge    reconcile.Knowledge
	Transactions []reconcile.Transaction // in booking order
	Truth        []Truth                 // Truth[i] is that of Transactions[i]
}

type cust struct {
	id, name, base string
	ibans          [2]string // the first may be known, the second never is
	known          bool
	alias          string
	items          []int // indexes into open, in creation order
}

type gen struct {
	r     *rand.Rand
	p     Params
	custs []cust
	open  []reconcile.OpenItem
	used  []bool
	pool  []int // unused invoice indexes, shuffled
	k     reconcile.Knowledge
	names map[string]bool // aliases and subsidiaries given out, so that no two share one
}

type draft struct {
	date  cal.Date
	seq   int
	tx    reconcile.Transaction
	truth Truth
}

// Generate makes a set.
func Generate(p Params) (*Set, error) {
	if p.Transactions < 0 || p.Invoices < 1 {
		return nil, fmt.Errorf("need at least one invoice and no negative number of transactions")
	}
	if p.Customers == 0 {
		p.Customers = max(1, p.Invoices/5)
	}
	counts, need := plan(p.Transactions)
	if need > p.Invoices {
		return nil, fmt.Errorf("%d transactions pay about %d invoices; %d are too few", p.Transactions, need, p.Invoices)
	}
	g := &gen{r: rand.New(rand.NewPCG(p.Seed, p.Seed^0x5eed)), p: p,
		k: reconcile.Knowledge{Aliases: map[string][]string{}, Accounts: map[string]string{}}, names: map[string]bool{}}
	g.makeCustomers()
	g.makeInvoices()
	var kinds []Kind
	for _, m := range Mix {
		for range counts[m.Kind] {
			kinds = append(kinds, m.Kind)
		}
	}
	g.r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	// Grouped payments first take whole customers' invoices, so that they never run short.
	slices.SortStableFunc(kinds, func(a, b Kind) int { return groupedFirst(a) - groupedFirst(b) })
	var drafts []draft
	var partials []draft
	for _, kind := range kinds {
		if kind == KindInstallment {
			continue
		}
		d := g.payment(kind)
		d.seq = len(drafts)
		drafts = append(drafts, d)
		if kind == KindPartial {
			partials = append(partials, d)
		}
	}
	for k := range counts[KindInstallment] {
		first := partials[k%len(partials)]
		d := g.installment(first)
		d.seq = len(drafts)
		drafts = append(drafts, d)
	}
	slices.SortStableFunc(drafts, func(a, b draft) int {
		if c := a.date.DaysUntil(b.date); c != 0 {
			return -c
		}
		return a.seq - b.seq
	})
	set := &Set{Open: g.open, Knowledge: g.k}
	for i, d := range drafts {
		d.tx.ID = fmt.Sprintf("TX%07d", i+1)
		set.Transactions = append(set.Transactions, d.tx)
		set.Truth = append(set.Truth, d.truth)
	}
	return set, nil
}

func groupedFirst(k Kind) int {
	if k == KindGrouped || k == KindGroupedNoRef {
		return 0
	}
	return 1
}

// plan turns the mix into counts and the number of invoices they pay.
func plan(n int) (map[Kind]int, int) {
	counts := map[Kind]int{}
	total := 0
	for _, m := range Mix {
		counts[m.Kind] = int(math.Floor(m.Share * float64(n)))
		total += counts[m.Kind]
	}
	counts[KindExact] += n - total
	if counts[KindPartial] == 0 {
		counts[KindExact] += counts[KindInstallment]
		counts[KindInstallment] = 0
	}
	need := 0
	for _, m := range Mix {
		switch m.Kind {
		case KindGrouped, KindGroupedNoRef:
			need += counts[m.Kind] * 3
		case KindInstallment, KindUnrelated:
		default:
			need += counts[m.Kind]
		}
	}
	return counts, need
}

func (g *gen) makeCustomers() {
	seen := map[string]bool{}
	for i := range g.p.Customers {
		var c cust
		for {
			c.name, c.base = companyName(g.r)
			if key := strings.ToLower(c.base); !seen[key] {
				seen[key] = true
				break
			}
		}
		c.id = fmt.Sprintf("C%06d", i+1)
		c.ibans = [2]string{iban(g.r), iban(g.r)}
		if g.r.Float64() < 0.6 {
			c.known = true
			g.k.Accounts[c.ibans[0]] = c.id
		}
		g.custs = append(g.custs, c)
	}
}

var yearStart = cal.MustParse("2026-01-01")

func (g *gen) makeInvoices() {
	numbers := rand.New(rand.NewPCG(g.p.Seed, 7)).Perm(g.p.Invoices * 3)[:g.p.Invoices]
	fixed := map[int]decimal.Decimal{}
	for i := range g.p.Invoices {
		ci := g.r.IntN(len(g.custs))
		c := &g.custs[ci]
		amount := decimal.NewFromFloat(math.Exp(math.Log(20) + g.r.Float64()*(math.Log(20000)-math.Log(20)))).Round(2)
		if ci%33 == 0 { // a fixed monthly fee
			if a, ok := fixed[ci]; ok {
				amount = a
			} else {
				fixed[ci] = amount
			}
		}
		issue := yearStart.AddDays(g.r.IntN(180))
		o := reconcile.OpenItem{Number: fmt.Sprintf("F2026-%06d", numbers[i]+1), CustomerID: c.id, CustomerName: c.name,
			IssueDate: issue, DueDate: issue.AddDays(pickOf(g.r, []int{14, 30, 30, 45, 60})), Currency: "EUR", AmountDue: amount}
		if g.r.IntN(3) == 0 {
			o.Reference = fmt.Sprintf("45%08d", g.r.IntN(100_000_000))
		}
		if g.r.IntN(6) == 0 {
			o.Discount = &reconcile.Discount{Percent: decimal.NewFromInt(2), Until: issue.AddDays(10)}
		}
		c.items = append(c.items, len(g.open))
		g.open = append(g.open, o)
	}
	g.used = make([]bool, len(g.open))
	g.pool = g.r.Perm(len(g.open))
}

// take returns an unused invoice, with discount terms when terms is set.
func (g *gen) take(terms bool) int {
	for k := len(g.pool) - 1; k >= 0; k-- {
		i := g.pool[k]
		if g.used[i] {
			g.pool = g.pool[:k]
			continue
		}
		if terms && g.open[i].Discount == nil {
			g.open[i].Discount = &reconcile.Discount{Percent: decimal.NewFromInt(2), Until: g.open[i].IssueDate.AddDays(10)}
		}
		g.used[i] = true
		g.pool = g.pool[:k]
		return i
	}
	panic("noisy: the invoices ran out; plan counts them") // plan checks this before
}

// takeGroup returns two or three unused invoices of one customer.
func (g *gen) takeGroup() []int {
	for {
		c := &g.custs[g.r.IntN(len(g.custs))]
		var free []int
		for _, i := range c.items {
			if !g.used[i] {
				free = append(free, i)
			}
		}
		n := 2 + g.r.IntN(2)
		if len(free) < n {
			continue
		}
		g.r.Shuffle(len(free), func(a, b int) { free[a], free[b] = free[b], free[a] })
		free = free[:n]
		for _, i := range free {
			g.used[i] = true
		}
		return free
	}
}

func (g *gen) custOf(i int) *cust {
	var n int
	fmt.Sscanf(g.open[i].CustomerID, "C%d", &n)
	return &g.custs[n-1]
}

func (g *gen) payment(kind Kind) draft {
	if kind == KindUnrelated {
		return g.unrelated()
	}
	if kind == KindGrouped || kind == KindGroupedNoRef {
		return g.grouped(kind)
	}
	i := g.take(kind == KindDiscount || kind == KindLateDiscount)
	o := &g.open[i]
	c := g.custOf(i)
	d := draft{truth: Truth{Kind: kind}}
	t := &d.tx
	t.Currency = "EUR"
	t.Payer = bank.Party{Name: bankSpelling(g.r, c.name, c.base), IBAN: c.ibans[g.r.IntN(2)]}
	d.date = o.DueDate.AddDays(g.r.IntN(26) - 6)
	paid := o.AmountDue
	text := g.referenceText(o.Number)
	switch kind {
	case KindNormalised:
		text = g.respelt(o.Number)
	case KindTypo:
		text = "Rechnung " + g.typo(o.Number)
	case KindRF:
		text = ""
		t.CreditorRef = reconcile.MakeCreditorRef(strings.ReplaceAll(o.Number, "-", ""))
	case KindCustomerRef:
		if o.Reference == "" {
			o.Reference = fmt.Sprintf("45%08d", g.r.IntN(100_000_000))
		}
		text = pickOf(g.r, []string{"PO ", "Bestellung ", "Order no. ", "Your ref "}) + o.Reference
	case KindFee:
		paid = paid.Sub(decimal.New(int64(50+g.r.IntN(1451)), -2))
	case KindDiscount:
		d.date = o.IssueDate.AddDays(1 + g.r.IntN(10))
		paid = paid.Sub(o.AmountDue.Mul(o.Discount.Percent).Shift(-2).Round(2))
	case KindLateDiscount:
		d.date = o.Discount.Until.AddDays(3 + g.r.IntN(25))
		paid = paid.Sub(o.AmountDue.Mul(o.Discount.Percent).Shift(-2).Round(2))
	case KindOverpay:
		paid = paid.Add(decimal.NewFromInt(int64(1 + g.r.IntN(50))))
	case KindSubsidiary:
		t.Payer = bank.Party{Name: g.freshAlias() + " " + pickOf(g.r, legalForms), IBAN: iban(g.r)}
	case KindIBAN, KindIBANFee:
		text = ""
		g.know(c)
		t.Payer.IBAN = c.ibans[0]
		if g.r.IntN(2) == 0 {
			t.Payer.Name = pickOf(g.r, []string{"Kreditorenbuchhaltung", personName(g.r), "Zahlungsverkehr " + pickOf(g.r, cities)})
		}
		if kind == KindIBANFee {
			// Within the default tolerance: the smaller of 10.00 and 2 % of the amount.
			tol := decimal.Min(decimal.NewFromInt(10), o.AmountDue.Mul(decimal.New(2, -2))).Shift(2).IntPart()
			paid = paid.Sub(decimal.New(1+g.r.Int64N(max(1, tol)), -2))
		}
	case KindName:
		text = ""
		t.Payer.IBAN = c.ibans[1]
	case KindAlias:
		text = ""
		if c.alias == "" {
			c.alias = g.freshAlias()
			g.k.Aliases[c.id] = append(g.k.Aliases[c.id], c.alias)
		}
		t.Payer = bank.Party{Name: c.alias, IBAN: c.ibans[1]}
	case KindPartial:
		pct := 30 + g.r.IntN(61)
		paid = o.AmountDue.Mul(decimal.NewFromInt(int64(pct))).Shift(-2).Round(2)
	}
	if text != "" {
		t.Remittance = []string{text}
	}
	t.Amount = paid
	t.ValueDate, t.BookingDate = d.date, d.date
	d.truth.Paid = []Paid{{Invoice: o.Number, Amount: decimal.Min(paid, o.AmountDue)}} // an overpayment's rest is credit
	return d
}

// freshAlias is a trading name no other customer or subsidiary has.
func (g *gen) freshAlias() string {
	for {
		a := aliasName(g.r)
		w := strings.Fields(a)
		slices.Sort(w)
		if key := strings.Join(w, " "); !g.names[key] {
			g.names[key] = true
			return a
		}
	}
}

func (g *gen) know(c *cust) {
	if !c.known {
		c.known = true
		g.k.Accounts[c.ibans[0]] = c.id
	}
}

func (g *gen) grouped(kind Kind) draft {
	items := g.takeGroup()
	c := g.custOf(items[0])
	d := draft{truth: Truth{Kind: kind}}
	t := &d.tx
	t.Currency = "EUR"
	var numbers []string
	sum := decimal.Zero
	for _, i := range items {
		o := g.open[i]
		numbers = append(numbers, o.Number)
		sum = sum.Add(o.AmountDue)
		d.truth.Paid = append(d.truth.Paid, Paid{Invoice: o.Number, Amount: o.AmountDue})
		if due := o.DueDate.AddDays(g.r.IntN(10)); due.After(d.date) {
			d.date = due
		}
	}
	t.Amount = sum
	t.Payer = bank.Party{Name: bankSpelling(g.r, c.name, c.base), IBAN: c.ibans[g.r.IntN(2)]}
	if kind == KindGrouped {
		t.Remittance = []string{pickOf(g.r, []string{"Invoices ", "RE ", "Rechnungen ", "Factures "}) + strings.Join(numbers, pickOf(g.r, []string{", ", " ", " / "}))}
	} else if g.r.IntN(2) == 0 {
		g.know(c)
		t.Payer.IBAN = c.ibans[0]
	} else {
		t.Payer.IBAN = c.ibans[1]
		t.Payer.Name = c.name
	}
	t.ValueDate, t.BookingDate = d.date, d.date
	return d
}

func (g *gen) installment(first draft) draft {
	inv := first.truth.Paid[0].Invoice
	var o reconcile.OpenItem
	for _, x := range g.open {
		if x.Number == inv {
			o = x
			break
		}
	}
	d := draft{truth: Truth{Kind: KindInstallment}, date: first.date.AddDays(7 + g.r.IntN(30))}
	rest := o.AmountDue.Sub(first.truth.Paid[0].Amount)
	d.tx = reconcile.Transaction{Currency: "EUR", Amount: rest, Payer: first.tx.Payer, ValueDate: d.date, BookingDate: d.date,
		Remittance: []string{"Restzahlung " + inv}}
	d.truth.Paid = []Paid{{Invoice: inv, Amount: rest}}
	return d
}

var unrelatedTexts = []string{"Zinsen %d. Quartal 2026", "Erstattung Umsatzsteuer 2025 StNr 143/%d", "Umbuchung Tagesgeld %d",
	"Gutschrift Retoure Bestellung %d", "Rueckerstattung Kaution Vertrag %d", "Bonus Lieferantenvereinbarung %d",
	"Schadensregulierung Az. 22-%d", "Erstattung Reisekosten %d", "Kartenumsatz Abrechnung %d"}

func (g *gen) unrelated() draft {
	d := draft{truth: Truth{Kind: KindUnrelated}, date: yearStart.AddDays(g.r.IntN(240))}
	t := &d.tx
	t.Currency = "EUR"
	t.Amount = decimal.NewFromFloat(math.Exp(math.Log(5) + g.r.Float64()*(math.Log(50000)-math.Log(5)))).Round(2)
	if g.r.IntN(5) == 0 {
		t.Amount = g.open[g.r.IntN(len(g.open))].AmountDue
	}
	switch g.r.IntN(5) {
	case 0:
		t.Payer.Name = "Finanzamt " + pickOf(g.r, cities)
	case 1:
		t.Payer.Name = pickOf(g.r, []string{"Sparkasse ", "Volksbank ", "Commerzbank "}) + pickOf(g.r, cities)
	case 2:
		t.Payer.Name = personName(g.r)
	case 3:
		t.Payer.Name = pickOf(g.r, brandWords) + " Versand " + pickOf(g.r, legalForms)
	}
	t.Payer.IBAN = iban(g.r)
	t.Remittance = []string{fmt.Sprintf(pickOf(g.r, unrelatedTexts), 1+g.r.IntN(9999))}
	t.ValueDate, t.BookingDate = d.date, d.date
	return d
}

func (g *gen) referenceText(number string) string {
	return fmt.Sprintf(pickOf(g.r, []string{"Rechnung %s", "Invoice %s", "RE %s", "Facture %s", "%s",
		"Zahlung zu Rechnung %s vielen Dank", "INV %s KD %d"}), number, 1000+g.r.IntN(9000))
}

// respelt writes an invoice number as people do: case, separators, leading zeros.
func (g *gen) respelt(number string) string {
	head, tail, _ := strings.Cut(number, "-")
	switch g.r.IntN(6) {
	case 0:
		return "rechnung " + strings.ToLower(number)
	case 1:
		return "RE " + head + tail
	case 2:
		return "Rg. " + head + " " + tail
	case 3:
		return "Invoice " + head + "-" + strings.TrimLeft(tail, "0")
	case 4:
		return "RE-NR " + head + "/" + tail
	default:
		return "Rechnung Nr. " + strings.ToLower(head) + "." + tail
	}
}

// typo changes one character of the number's digits: a change, a swap, a drop or a double.
func (g *gen) typo(number string) string {
	b := []byte(number)
	var digits []int
	for i, c := range b {
		if c >= '0' && c <= '9' && i > 5 {
			digits = append(digits, i)
		}
	}
	i := pickOf(g.r, digits)
	switch g.r.IntN(4) {
	case 0:
		b[i] = byte('0' + (int(b[i]-'0')+1+g.r.IntN(9))%10)
	case 1:
		if i+1 < len(b) && b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i]
		} else {
			b[i] = byte('0' + (int(b[i]-'0')+1)%10)
		}
	case 2:
		b = append(b[:i:i], b[i+1:]...)
	default:
		b = append(b[:i+1:i+1], b[i:]...)
	}
	return string(b)
}

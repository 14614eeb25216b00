package demo

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// The orders are checked here by a small reference verifier written from the rules the demo was
// built against: customer by VAT id, GLN, sender e-mail, sender domain, then exact name and
// address; product by our SKU, the customer's code, GTIN, then exact description; price agreed on
// the order date else list, tolerance 0.5 % or 0.01; minimum and pack size; stock; delivery from
// today + 1; stated totals equal to the lines; open orders plus this one within the credit limit;
// no PO number or content sent twice by one customer. It is no substitute for the verify package,
// only a guard that each demo order carries exactly the codes it promises.

func TestOrdersCarryTheirCodes(t *testing.T) {
	t.Parallel()

	// A Friday, a Saturday, a day when the Atlantique tender still runs and one after it ended.
	for _, day := range []string{"2026-04-17", "2026-04-18", "2027-06-30", "2028-01-03"} {
		today := cal.MustParse(day)
		t.Run(day, func(t *testing.T) {
			t.Parallel()
			r := newReference(MasterData(), today)
			for _, o := range Orders(today) {
				got := r.check(t, o)
				want := o.Expect
				if want == nil {
					want = []o2c.AnomalyCode{}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: codes %v, want %v", o.Name, got, want)
				}
			}
		})
	}
}

func TestOrdersCoverEveryCode(t *testing.T) {
	t.Parallel()
	orders := Orders(testToday)
	if n := len(orders); n < 35 || n > 50 {
		t.Fatalf("%d orders, want about 40", n)
	}
	names := map[string]bool{}
	channels := map[o2c.Channel]bool{}
	clean := 0
	for _, o := range orders {
		if names[o.Name] {
			t.Fatalf("two orders are named %s", o.Name)
		}
		names[o.Name] = true
		if o.Draft.Source == nil || o.Draft.Source.Sender != o.Sender {
			t.Fatalf("%s: Sender %q is not the draft's source sender", o.Name, o.Sender)
		}
		if !slices.IsSortedFunc(o.Expect, func(a, b o2c.AnomalyCode) int {
			return slices.Index(o2c.AnomalyCodes, a) - slices.Index(o2c.AnomalyCodes, b)
		}) {
			t.Fatalf("%s: codes %v are not in the order of o2c.AnomalyCodes", o.Name, o.Expect)
		}
		if o.Expect == nil {
			clean++
			channels[o.Draft.Source.Channel] = true
		}
	}
	if clean < 20 {
		t.Fatalf("%d clean orders, want about 25", clean)
	}
	for _, ch := range []o2c.Channel{o2c.ChannelAPI, o2c.ChannelEmail, o2c.ChannelEDIFACT, o2c.ChannelUBL, o2c.ChannelCSV, o2c.ChannelPortal} {
		if !channels[ch] {
			t.Errorf("no clean order comes by %s", ch)
		}
	}
	for _, code := range o2c.AnomalyCodes {
		if code == o2c.AnomalyUnreadable { // a canonical order is read by definition
			continue
		}
		alone := false
		for _, o := range orders {
			alone = alone || reflect.DeepEqual(o.Expect, []o2c.AnomalyCode{code})
		}
		if !alone {
			t.Errorf("no order carries %s alone", code)
		}
	}
}

// TestCleanOrdersIdentify checks that clean orders name products by code only (SKU, customer
// code or GTIN, never by description alone) and identify their customer in each supported way.
func TestCleanOrdersIdentify(t *testing.T) {
	t.Parallel()
	r := newReference(MasterData(), testToday)
	ways := map[string]bool{}
	refs := map[string]bool{}
	for _, o := range Orders(testToday) {
		if o.Expect != nil {
			continue
		}
		c, how := r.customer(&o.Draft)
		if c == nil {
			t.Fatalf("%s: no customer", o.Name)
		}
		ways[how] = true
		for _, l := range o.Draft.Lines {
			_, how := r.product(c, l)
			if how == "" || how == "description" {
				t.Fatalf("%s line %d: product found by %q", o.Name, l.LineNo, how)
			}
			refs[how] = true
		}
	}
	for _, w := range []string{"vat_id", "gln", "email", "domain", "name"} {
		if !ways[w] {
			t.Errorf("no clean order identifies its customer by %s", w)
		}
	}
	for _, w := range []string{"sku", "customer_item", "gtin"} {
		if !refs[w] {
			t.Errorf("no clean order names a product by %s", w)
		}
	}
}

type sent struct {
	customer, po, content string
}

type reference struct {
	m        *o2c.MasterData
	today    cal.Date
	history  []sent
	exposure map[string]decimal.Decimal // net of the customer's open (auto-approved) orders
}

func newReference(m *o2c.MasterData, today cal.Date) *reference {
	return &reference{m: m, today: today, exposure: map[string]decimal.Decimal{}}
}

// check returns the codes of o, in the order of o2c.AnomalyCodes, and records it as sent.
func (r *reference) check(t *testing.T, o Order) []o2c.AnomalyCode {
	t.Helper()
	d := &o.Draft
	found := map[o2c.AnomalyCode]bool{}

	if strings.TrimSpace(d.PONumber) == "" || len(d.Lines) == 0 || d.Buyer == nil {
		found[o2c.AnomalyMissingField] = true
	}
	for _, score := range d.Confidence {
		if score < 0.9 {
			found[o2c.AnomalyLowConfidence] = true
		}
	}
	if !d.RequestedDeliveryDate.IsZero() && d.RequestedDeliveryDate.Before(r.today.AddDays(1)) {
		found[o2c.AnomalyDeliveryDate] = true
	}

	c, _ := r.customer(d)
	if c == nil {
		found[o2c.AnomalyUnknownCustomer] = true
	}
	if c != nil && d.Currency != "" && d.Currency != c.Currency {
		found[o2c.AnomalyCurrencyMismatch] = true
	}
	if c != nil && d.ShipTo != nil && !r.knownShipTo(c, d.ShipTo) {
		found[o2c.AnomalyUnknownShipTo] = true
	}

	net := decimal.Zero
	stated := decimal.Zero
	byRate := map[string]decimal.Decimal{}
	var content []string
	for _, l := range d.Lines {
		if l.Quantity == nil {
			found[o2c.AnomalyMissingField] = true
			continue
		}
		q := *l.Quantity
		p, _ := r.product(c, l)
		if p == nil {
			found[o2c.AnomalyUnknownProduct] = true
			content = append(content, "?"+l.Description+"×"+q.String())
			continue
		}
		content = append(content, p.SKU+"×"+q.String())
		price := *p.UnitPrice
		if c != nil {
			price = r.price(t, c, p, d.OrderDate)
		}
		charged := price
		if l.UnitPrice != nil {
			charged = *l.UnitPrice
			tol := decimal.Max(price.Mul(decimal.RequireFromString("0.005")), decimal.RequireFromString("0.01"))
			if l.UnitPrice.Sub(price).Abs().GreaterThan(tol) {
				found[o2c.AnomalyPriceMismatch] = true
			}
		}
		total := q.Mul(charged).Round(2)
		if l.LineTotal != nil && !l.LineTotal.Equal(total) {
			found[o2c.AnomalyTotalsMismatch] = true
		}
		net = net.Add(q.Mul(price).Round(2))
		stated = stated.Add(total)
		byRate[p.VATRate.String()] = byRate[p.VATRate.String()].Add(total)
		if p.StockQty != nil && q.GreaterThan(*p.StockQty) {
			found[o2c.AnomalyInsufficientStock] = true
		}
		if p.MinOrderQty != nil && q.LessThan(*p.MinOrderQty) || p.PackSize != nil && !q.Mod(*p.PackSize).IsZero() {
			found[o2c.AnomalyQuantityRule] = true
		}
	}
	if tt := d.Totals; tt != nil {
		tax := decimal.Zero
		for rate, base := range byRate {
			tax = tax.Add(base.Mul(decimal.RequireFromString(rate)).Shift(-2).Round(2))
		}
		if tt.Net != nil && !tt.Net.Equal(stated) || tt.Tax != nil && !tt.Tax.Equal(tax) ||
			tt.Gross != nil && (tt.Tax == nil || !tt.Gross.Equal(tt.Net.Add(*tt.Tax))) {
			found[o2c.AnomalyTotalsMismatch] = true
		}
	}

	if c != nil {
		slices.Sort(content)
		key := strings.Join(content, ",")
		for _, h := range r.history {
			if h.customer == c.ID && (h.po == d.PONumber || h.content == key) {
				found[o2c.AnomalyDuplicateOrder] = true
			}
		}
		r.history = append(r.history, sent{c.ID, d.PONumber, key})
		if c.CreditLimit != nil && !found[o2c.AnomalyCurrencyMismatch] && r.exposure[c.ID].Add(net).GreaterThan(*c.CreditLimit) {
			found[o2c.AnomalyCreditLimit] = true
		}
		if len(found) == 0 {
			r.exposure[c.ID] = r.exposure[c.ID].Add(net)
		}
	}

	out := []o2c.AnomalyCode{}
	for _, code := range o2c.AnomalyCodes {
		if found[code] {
			out = append(out, code)
		}
	}
	return out
}

// customer finds the buyer and says how.
func (r *reference) customer(d *o2c.OrderDraft) (*o2c.Customer, string) {
	b := d.Buyer
	if b == nil {
		b = &o2c.Party{}
	}
	sender := ""
	if d.Source != nil {
		sender = strings.ToLower(d.Source.Sender)
	}
	if sender == "" {
		sender = strings.ToLower(b.Email)
	}
	tries := []struct {
		how   string
		match func(c *o2c.Customer) bool
	}{
		{"vat_id", func(c *o2c.Customer) bool { return b.VATID != "" && b.VATID == c.VATID }},
		{"gln", func(c *o2c.Customer) bool { return b.GLN != "" && b.GLN == c.GLN }},
		{"email", func(c *o2c.Customer) bool { return sender != "" && sender == c.Email }},
		{"domain", func(c *o2c.Customer) bool {
			return strings.Contains(sender, "@") && domainOf(sender) == domainOf(c.Email)
		}},
		{"name", func(c *o2c.Customer) bool {
			return b.Name == c.Name && b.PostalCode == c.PostalCode && b.Street == c.Street && b.Country == c.Country
		}},
	}
	for _, try := range tries {
		for i := range r.m.Customers {
			if c := &r.m.Customers[i]; try.match(c) {
				return c, try.how
			}
		}
	}
	return nil, ""
}

func (r *reference) knownShipTo(c *o2c.Customer, p *o2c.Party) bool {
	for _, s := range r.m.ShipTos {
		if s.CustomerID == c.ID && s.Street == p.Street && s.PostalCode == p.PostalCode && s.Country == p.Country {
			return true
		}
	}
	return false
}

// product finds a line's product and says how.
func (r *reference) product(c *o2c.Customer, l o2c.DraftLine) (*o2c.Product, string) {
	find := func(match func(p *o2c.Product) bool) *o2c.Product {
		for i := range r.m.Products {
			if p := &r.m.Products[i]; match(p) {
				return p
			}
		}
		return nil
	}
	if p := find(func(p *o2c.Product) bool { return l.SupplierSKU != "" && p.SKU == l.SupplierSKU }); p != nil {
		return p, "sku"
	}
	if c != nil && l.BuyerSKU != "" {
		for _, it := range r.m.CustomerItems {
			if it.CustomerID == c.ID && it.CustomerSKU == l.BuyerSKU {
				return find(func(p *o2c.Product) bool { return p.SKU == it.SKU }), "customer_item"
			}
		}
	}
	if p := find(func(p *o2c.Product) bool { return l.GTIN != "" && p.GTIN == l.GTIN }); p != nil {
		return p, "gtin"
	}
	if p := find(func(p *o2c.Product) bool { return strings.EqualFold(p.Description, l.Description) }); p != nil {
		return p, "description"
	}
	return nil, ""
}

// price is the customer's price for p on day d. A customer invoiced in another currency than the
// list price's must have an agreed price for every article it orders.
func (r *reference) price(t *testing.T, c *o2c.Customer, p *o2c.Product, d cal.Date) decimal.Decimal {
	t.Helper()
	var found []o2c.CustomerPrice
	for _, cp := range r.m.CustomerPrices {
		if cp.CustomerID == c.ID && cp.SKU == p.SKU && cp.Covers(d) {
			found = append(found, cp)
		}
	}
	switch {
	case len(found) > 1:
		t.Fatalf("%d prices of %s for %s on %s", len(found), c.ID, p.SKU, d)
	case len(found) == 1:
		return found[0].UnitPrice
	case c.Currency != p.Currency:
		t.Fatalf("customer %s pays in %s and has no price for %s on %s", c.ID, c.Currency, p.SKU, d)
	}
	return *p.UnitPrice
}

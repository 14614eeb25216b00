package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// order is one document's content exactly as it is printed: every value here appears on the page
// in the layout's formats, and nothing that is not printed is set. Renderers print it; truth is
// made from it; so the two cannot disagree.
type order struct {
	lang      string // fr, de or en: unit words, country names, local descriptions
	po        string
	orderDate cal.Date
	delivery  cal.Date // requested delivery date; zero when not printed
	currency  string   // ISO 4217, printed as a code or a symbol
	cust      *o2c.Customer
	buyer     o2c.Party  // the buyer as printed
	shipTo    *o2c.Party // the delivery address as printed; nil when none
	contact   string     // the person who orders
	phone     string
	items     []item
	net, tax  decimal.Decimal
	gross     decimal.Decimal
	vat       []vatAmount // tax per rate, in rate order
	remarks   []string    // printed remarks: in-table notes and the note under the table, in print order
}

// item is one row of the line table: an article line, or a note when note is set.
type item struct {
	note     string
	no       int    // printed line number; 0 when the layout prints none
	sku      string // our code; "" when not printed
	buyerSKU string // the customer's code; "" when not printed
	gtin     string
	desc     string
	qty      decimal.Decimal
	unit     string // Rec. 20 code; printed as a word of the language when the layout has a unit
	price    decimal.Decimal
	total    decimal.Decimal
	vatRate  decimal.Decimal // not printed per line; drives the VAT lines of the totals
	product  *o2c.Product
	ordered  decimal.Decimal // delivery notes: the quantity ordered, printed beside the one shipped
}

// vatAmount is one VAT line of a totals block.
type vatAmount struct{ rate, base, amount decimal.Decimal }

// gen draws a document's content from the master data with a seeded generator.
type gen struct {
	r  *rand.Rand
	md *o2c.MasterData
}

func (g *gen) intn(n int) int                        { return g.r.IntN(n) }
func (g *gen) between(lo, hi int) int                { return lo + g.r.IntN(hi-lo+1) }
func (g *gen) chance(percent int) bool               { return g.r.IntN(100) < percent }
func pick[T any](g *gen, s []T) T                    { return s[g.r.IntN(len(s))] }
func (g *gen) digits(n int) string                   { return fmt.Sprintf("%0*d", n, g.r.Int64N(pow10(n))) }
func (g *gen) letter() byte                          { return byte('A' + g.r.IntN(26)) }
func (g *gen) person(lang string) string             { return pick(g, people[lang]) }
func (g *gen) date(from cal.Date, days int) cal.Date { return from.AddDays(g.intn(days + 1)) }

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// contentSpec says what a layout prints, so that the order holds exactly that.
type contentSpec struct {
	lang      string
	countries []string // customers to draw from; empty: all
	needItems bool     // only customers that have their own item codes
	lines     [2]int   // min and max article lines
	noStep    int      // line numbers 1, 2, 3 (1) or 10, 20, 30 (10); 0: none printed
	sku       bool     // the layout has a column for our code
	buyerSKU  bool     // ... for the customer's code
	gtin      bool     // ... for the GTIN
	descOnly  int      // percent of lines that carry only a description
	gtinOnly  int      // percent of lines whose only code is the GTIN
	localDesc bool     // descriptions in the buyer's words where it has some
	notes     int      // at most this many note rows inside the table
	delivery  int      // percent of orders that print a requested delivery date
	vatID     bool     // the buyer's VAT id is printed
	gln       bool     // the buyer's GLN is printed (when it has one)
	email     bool     // the buyer's e-mail is printed
	shipTo    int      // percent of orders that print a delivery address
	poNumber  func(g *gen, d cal.Date) string
	noteTexts []string // note rows to draw from
	remark    []string // remarks under the table to draw from (one or none)
}

// customer draws a customer of the spec.
func (g *gen) customer(s *contentSpec) *o2c.Customer {
	var cands []*o2c.Customer
	for i := range g.md.Customers {
		c := &g.md.Customers[i]
		if len(s.countries) > 0 && !slices.Contains(s.countries, c.Country) {
			continue
		}
		if s.needItems && len(g.items(c.ID)) == 0 {
			continue
		}
		cands = append(cands, c)
	}
	if len(cands) == 0 {
		panic(fmt.Sprintf("corpus: no demo customer in %v (items %v)", s.countries, s.needItems))
	}
	return pick(g, cands)
}

// items returns the customer's own item codes, by our SKU.
func (g *gen) items(customerID string) map[string]string {
	out := make(map[string]string)
	for _, it := range g.md.CustomerItems {
		if it.CustomerID == customerID {
			out[it.SKU] = it.CustomerSKU
		}
	}
	return out
}

func (g *gen) product(sku string) *o2c.Product {
	for i := range g.md.Products {
		if g.md.Products[i].SKU == sku {
			return &g.md.Products[i]
		}
	}
	return nil
}

// party is a customer's address as a layout prints it: always with the country, in the
// language of the document.
func party(name, street, postal, city, country string) o2c.Party {
	return o2c.Party{Name: name, Street: street, PostalCode: postal, City: city, Country: country}
}

// buildOrder draws an order for the spec.
func (g *gen) buildOrder(s *contentSpec) *order {
	c := g.customer(s)
	o := &order{lang: s.lang, cust: c, currency: c.Currency}
	o.orderDate = g.date(cal.MustParse("2026-01-05"), 330)
	if g.chance(s.delivery) {
		o.delivery = o.orderDate.AddDays(g.between(2, 21))
	}
	o.po = s.poNumber(g, o.orderDate)
	o.buyer = party(c.Name, c.Street, c.PostalCode, c.City, c.Country)
	if s.vatID {
		o.buyer.VATID = c.VATID
	}
	if s.gln {
		o.buyer.GLN = c.GLN
	}
	if s.email {
		o.buyer.Email = c.Email
	}
	if g.chance(s.shipTo) {
		var sites []o2c.ShipTo
		for _, st := range g.md.ShipTos {
			if st.CustomerID == c.ID {
				sites = append(sites, st)
			}
		}
		if len(sites) > 0 {
			st := pick(g, sites)
			p := party(st.Name, st.Street, st.PostalCode, st.City, st.Country)
			o.shipTo = &p
		}
	}
	o.contact = g.person(s.lang)
	o.phone = phone(g, c.Country)
	o.items = g.lines(s, c, o.orderDate)
	o.sum()
	if len(s.remark) > 0 && g.chance(50) {
		o.remarks = append(o.remarks, pick(g, s.remark))
	}
	return o
}

// lines draws the article lines of an order, with note rows between them.
func (g *gen) lines(s *contentSpec, c *o2c.Customer, day cal.Date) []item {
	n := g.between(s.lines[0], s.lines[1])
	own := g.items(c.ID)
	var pool []*o2c.Product
	switch {
	case s.buyerSKU && !s.sku: // the layout prints only the customer's codes
		for sku := range own {
			pool = append(pool, g.product(sku))
		}
		slices.SortFunc(pool, func(a, b *o2c.Product) int { return strings.Compare(a.SKU, b.SKU) })
		n = min(n, len(pool)) // an article once: the customer's list is short
	case c.Currency == "GBP":
		pool = g.gbpPool(c.ID)
	default:
		for i := range g.md.Products {
			pool = append(pool, &g.md.Products[i])
		}
	}
	g.r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	if s.buyerSKU && s.sku { // the customer's own articles first, so that its codes show
		slices.SortStableFunc(pool, func(a, b *o2c.Product) int {
			_, oa := own[a.SKU]
			_, ob := own[b.SKU]
			switch {
			case oa && !ob:
				return -1
			case ob && !oa:
				return 1
			}
			return 0
		})
		k := min(n, len(pool))
		g.r.Shuffle(k, func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	}
	for len(pool) < n { // long orders of a short list repeat articles, as canteens do
		pool = append(pool, pool[g.intn(len(pool))])
	}
	var out []item
	notes := g.intn(s.notes + 1)
	no := 0
	for i := range n {
		p := pool[i]
		if notes > 0 && i > 0 && g.chance(100*notes/n+5) {
			notes--
			out = append(out, item{note: pick(g, s.noteTexts)})
		}
		no++
		it := item{product: p, qty: g.quantity(p), unit: p.Unit, vatRate: *p.VATRate}
		if s.noStep > 0 {
			it.no = no * s.noStep
		}
		it.price = g.price(c, p, day)
		it.total = it.qty.Mul(it.price).Round(2)
		it.desc = p.Description
		if s.localDesc {
			it.desc = localName(s.lang, p)
		}
		code, hasOwn := own[p.SKU]
		switch {
		case g.chance(s.descOnly):
		case s.gtin && g.chance(s.gtinOnly):
			it.gtin = p.GTIN
		default:
			if s.sku {
				it.sku = p.SKU
			}
			if s.buyerSKU && hasOwn {
				it.buyerSKU = code
			}
			if s.gtin {
				it.gtin = p.GTIN
			}
		}
		out = append(out, it)
	}
	return out
}

// gbpPool is what a UK customer buys: its pound price list first, then the rest of the catalogue.
func (g *gen) gbpPool(customerID string) []*o2c.Product {
	var pool []*o2c.Product
	for _, cp := range g.md.CustomerPrices {
		if cp.CustomerID == customerID {
			pool = append(pool, g.product(cp.SKU))
		}
	}
	if g.chance(50) || len(pool) < 12 {
		for i := range g.md.Products {
			if p := &g.md.Products[i]; !slices.Contains(pool, p) && p.UnitPrice.LessThan(decimal.NewFromInt(100)) {
				pool = append(pool, p)
			}
		}
	}
	return pool
}

// quantity draws a quantity the product allows: a multiple of its pack size, at least its
// minimum, a few units of equipment, sometimes a fraction of a kilogram.
func (g *gen) quantity(p *o2c.Product) decimal.Decimal {
	switch {
	case p.PackSize != nil:
		return p.PackSize.Mul(decimal.NewFromInt(int64(g.between(1, 6))))
	case p.MinOrderQty != nil:
		return p.MinOrderQty.Add(decimal.NewFromInt(int64(g.intn(11))))
	case p.UnitPrice.GreaterThanOrEqual(decimal.NewFromInt(100)):
		return decimal.NewFromInt(int64(g.between(1, 2)))
	case p.Unit == "KGM" && g.chance(40):
		return decimal.New(int64(g.between(2, 40))*5, -1) // 1.0 to 20.0 by half kilos
	}
	return decimal.NewFromInt(int64(pick(g, []int{1, 2, 2, 3, 4, 5, 6, 8, 10, 10, 12, 15, 20, 24, 25, 30, 40, 50})))
}

// price is the customer's agreed price on day, else the list price (in pounds at the contract
// rate for UK customers).
func (g *gen) price(c *o2c.Customer, p *o2c.Product, day cal.Date) decimal.Decimal {
	for _, cp := range g.md.CustomerPrices {
		if cp.CustomerID == c.ID && cp.SKU == p.SKU && cp.Covers(day) {
			return cp.UnitPrice
		}
	}
	if c.Currency == "GBP" {
		return p.UnitPrice.Mul(decimal.RequireFromString("0.86")).Round(2)
	}
	return *p.UnitPrice
}

// sum computes the totals of the lines as printed: net, VAT per rate, gross.
func (o *order) sum() {
	o.net, o.tax = decimal.Zero, decimal.Zero
	bases := map[string]decimal.Decimal{}
	var rates []decimal.Decimal
	for _, it := range o.items {
		if it.note != "" {
			continue
		}
		o.net = o.net.Add(it.total)
		k := it.vatRate.String()
		if _, ok := bases[k]; !ok {
			rates = append(rates, it.vatRate)
		}
		bases[k] = bases[k].Add(it.total)
	}
	slices.SortFunc(rates, func(a, b decimal.Decimal) int { return a.Cmp(b) })
	o.vat = nil
	for _, r := range rates {
		base := bases[r.String()]
		amt := base.Mul(r).DivRound(decimal.NewFromInt(100), 2)
		o.vat = append(o.vat, vatAmount{rate: r, base: base, amount: amt})
		o.tax = o.tax.Add(amt)
	}
	o.gross = o.net.Add(o.tax)
}

// articles are the article rows, without notes.
func (o *order) articles() []item {
	var out []item
	for _, it := range o.items {
		if it.note == "" {
			out = append(out, it)
		}
	}
	return out
}

// notesInTable are the note rows, in order.
func (o *order) notesInTable() []string {
	var out []string
	for _, it := range o.items {
		if it.note != "" {
			out = append(out, it.note)
		}
	}
	return out
}

// truthSpec says which of the order's printed facts a layout shows beyond the lines.
type truthSpec struct {
	unit, price, total bool // the line table has these columns
	totals             int  // 0 none, 1 net only, 2 net, VAT and gross
	currency           bool // the currency is printed (code or symbol)
}

// truth is the canonical order of what is printed.
func (o *order) truth(ts truthSpec) o2c.OrderDraft {
	d := o2c.OrderDraft{
		DocumentType:          o2c.DocPurchaseOrder,
		PONumber:              o.po,
		OrderDate:             o.orderDate,
		RequestedDeliveryDate: o.delivery,
	}
	if ts.currency {
		d.Currency = o.currency
	}
	b := o.buyer
	d.Buyer = &b
	if o.shipTo != nil {
		s := *o.shipTo
		d.ShipTo = &s
	}
	for _, it := range o.articles() {
		l := o2c.DraftLine{LineNo: it.no, BuyerSKU: it.buyerSKU, SupplierSKU: it.sku, GTIN: it.gtin,
			Description: it.desc, Quantity: ptr(it.qty)}
		if ts.unit {
			l.Unit = it.unit
		}
		if ts.price {
			l.UnitPrice = ptr(it.price)
		}
		if ts.total {
			l.LineTotal = ptr(it.total)
		}
		d.Lines = append(d.Lines, l)
	}
	switch ts.totals {
	case 1:
		d.Totals = &o2c.Totals{Net: ptr(o.net)}
	case 2:
		d.Totals = &o2c.Totals{Net: ptr(o.net), Tax: ptr(o.tax), Gross: ptr(o.gross)}
	}
	d.Notes = strings.Join(append(o.notesInTable(), o.remarks...), "\n")
	return d
}

func ptr[T any](v T) *T { return &v }

// phone draws a phone number in the country's format.
func phone(g *gen, country string) string {
	switch country {
	case "FR":
		return fmt.Sprintf("+33 %d %s %s %s %s", g.between(1, 5), g.digits(2), g.digits(2), g.digits(2), g.digits(2))
	case "DE":
		return fmt.Sprintf("+49 %d %s-%s", g.between(30, 89), g.digits(4), g.digits(2))
	case "BE":
		return fmt.Sprintf("+32 %d %s %s %s", g.between(2, 9), g.digits(3), g.digits(2), g.digits(2))
	case "ES":
		return fmt.Sprintf("+34 9%s %s %s", g.digits(2), g.digits(3), g.digits(3))
	}
	return fmt.Sprintf("+44 %d %s %s", g.between(113, 1463), g.digits(3), g.digits(4))
}

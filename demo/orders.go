package demo

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// Orders returns the demo orders of the day today, in the order they are to be sent: clean ones
// and ones built to carry anomalies, interleaved. Orders are evaluated one after the other, so a
// duplicate comes after its original, and clean orders of one customer stay within its credit
// limit together.
func Orders(today cal.Date) []Order {
	b := newBook(MasterData(), today)
	specs := orderSpecs()
	out := make([]Order, 0, len(specs))
	for _, s := range specs {
		out = append(out, b.build(s))
	}
	return out
}

// ident is how an order names its buyer, which decides how verification finds the customer.
type ident int

const (
	byVAT    ident = iota // name, VAT id and billing address, as on a UBL or PDF order
	byGLN                 // name and GLN, as in an EDIFACT NAD+BY segment
	byEmail               // name only; the sender is the customer's ordering address
	byDomain              // name only; the sender is someone else at the customer's domain
	byName                // name and billing address only, as on a spreadsheet
)

// lineRef is how an order line names its product.
type lineRef int

const (
	refSKU  lineRef = iota // our SKU
	refItem                // the customer's own article code
	refGTIN                // the GTIN
)

// ln is one order line of a spec: a product of the catalogue, or, with desc set and no SKU, an
// article we do not sell.
type ln struct {
	sku, qty string
	ref      lineRef
	desc     string
}

// spec describes one order; build turns it into a canonical order.
type spec struct {
	name     string
	customer string // "" for a buyer we do not know; then buyer and from are set
	ident    ident
	channel  o2c.Channel
	from     string     // sender: a full address, or a mailbox at the customer's domain; "" = the channel's usual sender
	buyer    *o2c.Party // overrides the buyer built from ident
	po       string
	shipTo   string // the customer's address id; "" leaves ship_to out (deliver to the billing address)
	age      int    // the order date is today minus age days
	lead     int    // the requested delivery date is lead working days after today
	prices   bool   // state the agreed unit prices and line totals
	totals   bool   // state the document totals (needs prices)
	lines    []ln
	notes    string
	conf     map[string]float64
	expect   []o2c.AnomalyCode
	edit     func(d *o2c.OrderDraft) // turns the clean order into the faulty one
}

// book indexes the master data for building orders.
type book struct {
	m     *o2c.MasterData
	today cal.Date
	cust  map[string]*o2c.Customer
	prod  map[string]*o2c.Product
	ship  map[[2]string]*o2c.ShipTo
	items map[[2]string]string // customer id, SKU -> customer's code
}

func newBook(m *o2c.MasterData, today cal.Date) *book {
	b := &book{m: m, today: today, cust: map[string]*o2c.Customer{}, prod: map[string]*o2c.Product{},
		ship: map[[2]string]*o2c.ShipTo{}, items: map[[2]string]string{}}
	for i := range m.Customers {
		b.cust[m.Customers[i].ID] = &m.Customers[i]
	}
	for i := range m.Products {
		b.prod[m.Products[i].SKU] = &m.Products[i]
	}
	for i := range m.ShipTos {
		s := &m.ShipTos[i]
		b.ship[[2]string{s.CustomerID, s.AddressID}] = s
	}
	for _, it := range m.CustomerItems {
		b.items[[2]string{it.CustomerID, it.SKU}] = it.CustomerSKU
	}
	return b
}

// unitPrice is the price rule of verification: the customer's price valid on d (the latest to
// start, should two overlap), else the product's list price.
func unitPrice(m *o2c.MasterData, customerID, sku string, d cal.Date) decimal.Decimal {
	var best *o2c.CustomerPrice
	for i := range m.CustomerPrices {
		p := &m.CustomerPrices[i]
		if p.CustomerID == customerID && p.SKU == sku && p.Covers(d) && (best == nil || p.ValidFrom.After(best.ValidFrom)) {
			best = p
		}
	}
	if best != nil {
		return best.UnitPrice
	}
	for _, p := range m.Products {
		if p.SKU == sku {
			return *p.UnitPrice
		}
	}
	panic("demo: no product " + sku)
}

// build writes the canonical order of s as the customer would send it, then applies s.edit.
func (b *book) build(s spec) Order {
	c := b.cust[s.customer]
	if c == nil && (s.customer != "" || s.buyer == nil) {
		panic("demo: order " + s.name + " names no known customer and no buyer")
	}
	orderDate := b.today.AddDays(-s.age)
	d := o2c.OrderDraft{
		DocumentType:          o2c.DocPurchaseOrder,
		PONumber:              s.po,
		OrderDate:             orderDate,
		RequestedDeliveryDate: workingDaysAfter(b.today, s.lead),
		Currency:              "EUR",
		Lines:                 []o2c.DraftLine{},
		Notes:                 s.notes,
		Confidence:            s.conf,
	}
	if c != nil {
		d.Currency = c.Currency
	}
	sender := b.sender(s, c)
	d.Source = &o2c.Source{Channel: s.channel, File: fileName(s), Sender: sender}
	d.Buyer = s.buyer
	if d.Buyer == nil {
		d.Buyer = buyer(s.ident, c, sender)
	}
	if s.shipTo != "" {
		st := b.ship[[2]string{c.ID, s.shipTo}]
		if st == nil {
			panic(fmt.Sprintf("demo: order %s ships to unknown address %s", s.name, s.shipTo))
		}
		d.ShipTo = &o2c.Party{Name: st.Name, Street: st.Street, PostalCode: st.PostalCode, City: st.City, Country: st.Country}
	}
	cur := money.Currency(d.Currency)
	for i, l := range s.lines {
		qty := decimal.RequireFromString(l.qty)
		dl := o2c.DraftLine{LineNo: i + 1, Quantity: &qty}
		if l.sku == "" {
			dl.Description = l.desc
			dl.Unit = "C62"
			d.Lines = append(d.Lines, dl)
			continue
		}
		p := b.prod[l.sku]
		if p == nil {
			panic(fmt.Sprintf("demo: order %s names unknown SKU %s", s.name, l.sku))
		}
		dl.Description, dl.Unit = p.Description, p.Unit
		switch l.ref {
		case refSKU:
			dl.SupplierSKU = p.SKU
		case refItem:
			code, ok := b.items[[2]string{c.ID, p.SKU}]
			if !ok {
				panic(fmt.Sprintf("demo: order %s: customer %s has no code for %s", s.name, c.ID, p.SKU))
			}
			dl.BuyerSKU = code
		case refGTIN:
			dl.GTIN = p.GTIN
		}
		if s.prices {
			price := unitPrice(b.m, c.ID, p.SKU, orderDate)
			dl.UnitPrice = &price
			dl.LineTotal = ptr(cur.Round(qty.Mul(price)))
		}
		d.Lines = append(d.Lines, dl)
	}
	if s.totals {
		d.Totals = b.totals(c, d.Lines, cur)
	}
	if s.edit != nil {
		s.edit(&d)
	}
	return Order{Name: s.name, Sender: sender, Expect: s.expect, Draft: d}
}

// sender is who the order comes from: an explicit address or mailbox, else the channel's usual
// sender: the ordering address for e-mail and the portal, the GLN for EDIFACT, nobody for files
// and the API.
func (b *book) sender(s spec, c *o2c.Customer) string {
	switch {
	case s.from != "" && c != nil && !strings.Contains(s.from, "@"):
		return s.from + "@" + domainOf(c.Email)
	case s.from != "":
		return s.from
	}
	switch s.channel {
	case o2c.ChannelEmail, o2c.ChannelPortal:
		return c.Email
	case o2c.ChannelEDIFACT:
		if c.GLN == "" {
			panic("demo: EDIFACT order from customer " + c.ID + " without a GLN")
		}
		return c.GLN
	}
	return ""
}

// buyer writes the buyer party the way an order identified by id would.
func buyer(id ident, c *o2c.Customer, sender string) *o2c.Party {
	switch id {
	case byVAT:
		return &o2c.Party{Name: c.Name, VATID: c.VATID, Street: c.Street, PostalCode: c.PostalCode, City: c.City, Country: c.Country}
	case byGLN:
		if c.GLN == "" {
			panic("demo: customer " + c.ID + " has no GLN")
		}
		return &o2c.Party{Name: c.Name, GLN: c.GLN}
	case byEmail:
		if sender != c.Email {
			panic("demo: order by e-mail from " + sender + ", not the ordering address of " + c.ID)
		}
		return &o2c.Party{Name: c.Name, Email: sender}
	case byDomain:
		return &o2c.Party{Name: c.Name}
	case byName:
		return &o2c.Party{Name: c.Name, Street: c.Street, PostalCode: c.PostalCode, City: c.City, Country: c.Country}
	}
	panic("demo: unknown ident")
}

// totals states the document totals of lines. The net is always stated. Tax and gross are
// stated only on French orders (domestic sales, where the catalogue's rates apply), and only when
// rounding tax per rate and per line agree, so that no reading of "tax" can find a cent apart.
func (b *book) totals(c *o2c.Customer, lines []o2c.DraftLine, cur money.Currency) *o2c.Totals {
	net := decimal.Zero
	byRate := map[string]decimal.Decimal{}
	var rates []string
	perLine := decimal.Zero
	for _, l := range lines {
		if l.LineTotal == nil {
			panic("demo: totals need line totals")
		}
		net = net.Add(*l.LineTotal)
		rate := *b.prod[lineSKU(b, c, l)].VATRate
		k := rate.String()
		if _, ok := byRate[k]; !ok {
			rates = append(rates, k)
		}
		byRate[k] = byRate[k].Add(*l.LineTotal)
		perLine = perLine.Add(cur.Round(l.LineTotal.Mul(rate).Shift(-2)))
	}
	t := &o2c.Totals{Net: ptr(net)}
	if c.Country != "FR" {
		return t
	}
	tax := decimal.Zero
	for _, k := range rates {
		tax = tax.Add(cur.Round(byRate[k].Mul(decimal.RequireFromString(k)).Shift(-2)))
	}
	if tax.Equal(perLine) {
		t.Tax = ptr(tax)
		t.Gross = ptr(net.Add(tax))
	}
	return t
}

// lineSKU finds the SKU of a line that build wrote.
func lineSKU(b *book, c *o2c.Customer, l o2c.DraftLine) string {
	switch {
	case l.SupplierSKU != "":
		return l.SupplierSKU
	case l.BuyerSKU != "":
		for _, it := range b.m.CustomerItems {
			if it.CustomerID == c.ID && it.CustomerSKU == l.BuyerSKU {
				return it.SKU
			}
		}
	case l.GTIN != "":
		for _, p := range b.m.Products {
			if p.GTIN == l.GTIN {
				return p.SKU
			}
		}
	}
	panic("demo: line " + fmt.Sprint(l.LineNo) + " names no product")
}

// workingDaysAfter returns the date n working days (Monday to Friday) after d; for n < 0, n
// calendar days before it, which is how a late order asks for a day already gone.
func workingDaysAfter(d cal.Date, n int) cal.Date {
	if n < 0 {
		return d.AddDays(n)
	}
	for n > 0 {
		d = d.AddDays(1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d
}

// fileName is the original file a channel hands over, named after the PO as customers do.
func fileName(s spec) string {
	po := s.po
	if po == "" {
		po = "order"
	}
	switch s.channel {
	case o2c.ChannelEmail:
		return po + ".eml"
	case o2c.ChannelEDIFACT:
		return "ORDERS_" + po + ".edi"
	case o2c.ChannelUBL:
		return po + ".xml"
	case o2c.ChannelCSV:
		return po + ".csv"
	case o2c.ChannelScan, o2c.ChannelPDF:
		return "scan_" + po + ".pdf"
	}
	return ""
}

func domainOf(email string) string {
	_, domain, _ := strings.Cut(email, "@")
	return domain
}

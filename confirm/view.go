package confirm

import (
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// view is a confirmation put into words: every text the three renderers show, localised, formatted
// and cleaned, so that Text, HTML and PDF only lay it out and can never disagree on a value.
type view struct {
	Lang             string
	Status           Status
	Subject          string
	Title            string
	StatusLabel      string
	StatusFieldLabel string
	Greeting         string
	Thanks           string // thanks for the order, then the status sentence
	StatusText       string //
	Number           string
	IssuedLabel      string
	Issued           string
	Seller           Seller   // cleaned; Address is in SellerAddress
	SellerAddress    []string // one line each
	SellerContact    []field  // phone, e-mail, VAT ID, those known
	Customer         block    // who ordered
	ShipTo           block    // where the goods go; no Lines when unknown
	Refs             []field  // the customer's order number, dates, customer number: those known
	Columns          [7]string
	Lines            []row
	TotalLabel       string
	Total            string // "" for a rejected order, which has no total to confirm
	ChangesLabel     string
	Changes          []string // one sentence per changed or rejected line
	ChangesOffTable  []string // those of lines the order no longer has, which no table row shows
	ReasonLabel      string
	Reason           string // why a rejected order is rejected
	Questions        string
	Regards          string
	Colon            string // between a label and its value in running text
	PageLabel        string // {n}, {nb}
}

// block is an address: a title and its lines, the name first.
type block struct {
	Title string
	Lines []string
}

// field is a label and its value.
type field struct{ Label, Value string }

// row is one line of the order table, every cell written.
type row struct {
	No, Code, Description, Qty, Unit, Price, Total string
	BuyerCode                                      string // "Your code: …", when the customer's code differs from ours
	Status                                         Status
	Note                                           string // what changed, for a changed or rejected line
}

// build puts a confirmation into words. It panics on a confirmation no renderer may write (see
// Confirmation.check).
func build(c Confirmation) *view {
	c.check()
	l := localeFor(c.Language)
	o := c.Order
	currency := currencyOf(o.Currency, draftCurrency(o), customerCurrency(c.Customer))
	v := &view{
		Lang:             l.tag.String(),
		Status:           c.Status,
		Title:            l.title[c.Status],
		StatusLabel:      l.statusLabel[c.Status],
		StatusFieldLabel: l.statusField,
		Greeting:         l.greeting,
		Thanks:           fill(l.thanks, "order", orderPhrase(l, clean(o.PONumber), orderDate(o))),
		StatusText:       l.statusText[c.Status],
		Number:           clean(c.Number),
		IssuedLabel:      l.issuedLabel,
		Issued:           l.date(c.Issued),
		Seller:           Seller{Name: clean(c.Seller.Name), Email: clean(c.Seller.Email), Phone: clean(c.Seller.Phone), VATID: clean(c.Seller.VATID)},
		SellerAddress:    cleanLines(c.Seller.Address),
		Columns:          l.columns,
		TotalLabel:       l.netTotal,
		ChangesLabel:     l.changes,
		ReasonLabel:      l.reason,
		Questions:        l.questions,
		Regards:          l.regards,
		Colon:            l.colon,
		PageLabel:        l.page,
	}
	v.Subject = subject(l, c)
	for _, f := range []field{{l.phone, v.Seller.Phone}, {l.email, v.Seller.Email}, {l.vatID, v.Seller.VATID}} {
		if f.Value != "" {
			v.SellerContact = append(v.SellerContact, f)
		}
	}
	v.Customer = customerBlock(l, c)
	v.ShipTo = shipToBlock(l, c)
	for _, f := range []field{
		{l.poLabel, clean(o.PONumber)},
		{l.orderDateLbl, l.date(orderDate(o))},
		{l.deliveryLbl, l.date(deliveryDate(o))},
		{l.customerNo, customerID(c)},
	} {
		if f.Value != "" {
			v.Refs = append(v.Refs, f)
		}
	}
	v.Lines, v.Changes, v.ChangesOffTable = lines(l, c, currency)
	if c.Status != Rejected {
		v.Total = l.amount(o.NetTotal, currency)
	}
	if c.Status == Rejected {
		v.Reason = clean(o.Reason)
	}
	return v
}

// subject is the e-mail's subject line: a single line, whatever the PO number holds.
func subject(l *locale, c Confirmation) string {
	po := clean(c.Order.PONumber)
	var d cal.Date
	if po == "" { // the date says which order is meant; beside a PO number it only lengthens the subject
		d = orderDate(c.Order)
	}
	s := fill(l.subject[c.Status], "number", clean(c.Number), "order", orderPhrase(l, po, d))
	s = strings.ReplaceAll(s, "()", "") // no confirmation number
	return strings.Join(words(s), " ")
}

// orderPhrase names the customer's order by its number and date, those known: "order PO-4711 of
// 27 November 2026". The possessive is the sentence's, which declines it.
func orderPhrase(l *locale, po string, d cal.Date) string {
	switch {
	case po != "" && !d.IsZero():
		return fill(l.orderPODate, "po", po, "date", l.date(d))
	case po != "":
		return fill(l.orderPO, "po", po)
	case !d.IsZero():
		return fill(l.orderDate, "date", l.date(d))
	}
	return l.order
}

func orderDate(o *o2c.Order) cal.Date {
	if o.OrderDate.IsZero() && o.Draft != nil {
		return o.Draft.OrderDate
	}
	return o.OrderDate
}

func deliveryDate(o *o2c.Order) cal.Date {
	if o.RequestedDeliveryDate.IsZero() && o.Draft != nil {
		return o.Draft.RequestedDeliveryDate
	}
	return o.RequestedDeliveryDate
}

func draftCurrency(o *o2c.Order) string {
	if o.Draft == nil {
		return ""
	}
	return o.Draft.Currency
}

func customerCurrency(c *o2c.Customer) string {
	if c == nil {
		return ""
	}
	return c.Currency
}

// currencyScale is the decimals of a currency's amounts.
func currencyScale(currency string) int32 { return money.Currency(currency).Scale() }

// currencyOf is the first currency code given, in upper case.
func currencyOf(s ...string) string {
	for _, x := range s {
		if x = strings.ToUpper(clean(x)); x != "" {
			return x
		}
	}
	return ""
}

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

// Rules of building an invoice from o2c's data, before EN 16931's own.
const (
	RuleInvoiceVATRate  = "INVOICE-01" // a standard-rated product has a VAT rate
	RuleInvoiceCurrency = "INVOICE-02" // the orders of one invoice share the customer's currency
	RuleInvoiceLines    = "INVOICE-03" // an invoice has lines, each with a quantity and a price
)

// sale is one line to invoice, whatever it comes from: an order line or a manual line.
type sale struct {
	SKU, BuyerSKU, Description, Unit string
	Quantity, UnitPrice              decimal.Decimal
	VATRate                          *decimal.Decimal // overrides the product's
	OrderLineRef                     string
}

// draftSpec is what an invoice is made of.
type draftSpec struct {
	customer *o2c.Customer
	settings o2c.InvoicingSettings
	orders   []*o2c.Order
	sales    []sale
	period   invoice.Period
	issue    cal.Date
	note     string
}

// salesOf returns the lines of orders to invoice. An order knows what was ordered and resolved,
// not what was shipped: a partial shipment is invoiced at the ordered quantities.
func salesOf(orders []*o2c.Order) []sale {
	var out []sale
	for _, o := range orders {
		for _, l := range o.Lines {
			ref := fmt.Sprint(l.LineNo)
			if len(orders) > 1 && o.PONumber != "" {
				ref = o.PONumber + "/" + ref
			}
			out = append(out, sale{SKU: l.SKU, BuyerSKU: l.BuyerSKU, Description: l.Description, Unit: l.Unit,
				Quantity: l.Quantity, UnitPrice: l.UnitPrice, OrderLineRef: ref})
		}
	}
	return out
}

// build makes the EN 16931 content of an invoice, not yet calculated nor numbered, and the faults
// of o2c's data that would make it wrong.
func (s *Invoices) build(ctx context.Context, r o2c.Reader, d draftSpec) (invoice.Invoice, []o2c.Fault, error) {
	c := d.customer
	var faults []o2c.Fault
	currency := c.Currency
	if currency == "" {
		currency = "EUR"
	}
	for _, o := range d.orders {
		if o.Currency != "" && o.Currency != currency {
			faults = append(faults, o2c.Fault{Rule: RuleInvoiceCurrency, Path: "$.currency",
				Message: fmt.Sprintf("order %d is in %s and customer %s is invoiced in %s", o.ID, o.Currency, c.ID, currency)})
		}
	}
	terms := s.termsDays(c)
	m := invoice.Invoice{Type: invoice.TypeInvoice, IssueDate: d.issue, DueDate: d.issue.AddDays(terms),
		Currency: currency, BuyerReference: c.ID, Period: d.period, Seller: s.Seller.party(),
		Buyer: buyerParty(c, d.settings), Payment: s.Seller.payment(terms, currency)}
	if len(d.orders) == 1 {
		o := d.orders[0]
		m.PurchaseOrder, m.SalesOrder = o.PONumber, fmt.Sprint(o.ID)
		if o.PONumber != "" {
			m.BuyerReference = o.PONumber
		}
	} else if len(d.orders) > 1 {
		var pos []string
		for _, o := range d.orders {
			pos = append(pos, or(o.PONumber, fmt.Sprintf("order %d", o.ID)))
		}
		m.Notes = append(m.Notes, invoice.Note{SubjectCode: "AAI", Text: "Orders: " + strings.Join(pos, ", ")})
	}
	if d.note != "" {
		m.Notes = append(m.Notes, invoice.Note{SubjectCode: "AAI", Text: d.note})
	}
	if s.Seller.LegalInfo != "" {
		m.Notes = append(m.Notes, invoice.Note{SubjectCode: "ABL", Text: s.Seller.LegalInfo})
	}
	if len(d.sales) == 0 {
		faults = append(faults, o2c.Fault{Rule: RuleInvoiceLines, Path: "$.lines", Message: "there is nothing to invoice"})
	}
	crossBorder := false
	for i, sl := range d.sales {
		var p *o2c.Product
		if sl.SKU != "" {
			found, err := r.FindProductBySKU(ctx, sl.SKU)
			if err != nil && o2c.ErrorCode(err) != o2c.CodeNotFound {
				return m, nil, fmt.Errorf("find product %s: %w", sl.SKU, err)
			}
			p = found
		}
		unit := sl.Unit
		if unit == "" && p != nil {
			unit = p.Unit
		}
		if unit == "" {
			unit = "C62" // one piece
		}
		rated := p
		if sl.VATRate != nil {
			rated = &o2c.Product{VATRate: sl.VATRate}
		}
		vat, ok := vatOf(s.Seller.Country, c, rated, unit)
		if !ok {
			faults = append(faults, o2c.Fault{Rule: RuleInvoiceVATRate, Path: fmt.Sprintf("$.lines[%d].vat", i),
				Message: fmt.Sprintf("product %q has no VAT rate in the master data", or(sl.SKU, sl.Description))})
		}
		crossBorder = crossBorder || vat.Category == invoice.CategoryIntraCommunity || vat.Category == invoice.CategoryExport
		name := sl.Description
		if name == "" && p != nil {
			name = p.Description
		}
		l := invoice.Line{ID: fmt.Sprint(i + 1), Quantity: sl.Quantity, Unit: unit, NetPrice: sl.UnitPrice, VAT: vat,
			Name: or(name, sl.SKU), SellerItemID: sl.SKU, BuyerItemID: sl.BuyerSKU, OrderLineRef: sl.OrderLineRef}
		if p != nil && p.GTIN != "" {
			l.StandardID = invoice.Identifier{Scheme: invoice.SchemeGTIN, Value: p.GTIN}
		}
		m.Lines = append(m.Lines, l)
	}
	if crossBorder {
		// Exempt supplies of goods name where they went, and when (BR-IC-11, BR-IC-12): the
		// customer's country, and the day they were invoiced on shipment unless a period is given.
		m.Delivery = invoice.Delivery{PartyName: c.Name, Address: m.Buyer.Address}
		if d.period.IsZero() {
			m.Delivery.Date = d.issue
		}
	}
	return m, faults, nil
}

// buyerParty is the customer as BG-7; it is addressed electronically by its GLN, else by the
// address its invoices are mailed to.
func buyerParty(c *o2c.Customer, st o2c.InvoicingSettings) invoice.Party {
	p := invoice.Party{Name: c.Name, VATID: c.VATID,
		Address: invoice.Address{Line1: c.Street, PostCode: c.PostalCode, City: c.City, Country: strings.ToUpper(c.Country)}}
	email := or(st.Email, c.Email)
	if c.GLN != "" {
		p.IDs = []invoice.Identifier{{Scheme: invoice.SchemeGLN, Value: c.GLN}}
		p.Endpoint = invoice.Identifier{Scheme: invoice.SchemeGLN, Value: c.GLN}
	} else if email != "" {
		p.Endpoint = invoice.Identifier{Scheme: "EM", Value: email}
	}
	if email != "" {
		p.Contact.Email = email
	}
	return p
}

// languageOfInvoice is the language of a customer's invoices: its setting, else its country's.
func languageOfInvoice(c *o2c.Customer, st o2c.InvoicingSettings) string {
	if st.Language != "" {
		return st.Language
	}
	return languageOf(c, nil)
}

// fill copies what lists and payments need from the content m into the record.
func fill(rec *o2c.Invoice, m invoice.Invoice) error {
	doc, err := jsonMarshal(m)
	if err != nil {
		return err
	}
	rec.Document, rec.Currency, rec.IssueDate, rec.DueDate = doc, m.Currency, m.IssueDate, m.DueDate
	rec.NetTotal, rec.VATTotal = m.Totals.TaxExclusive, m.Totals.TaxTotal
	rec.GrossTotal, rec.AmountDue = m.Totals.TaxInclusive, m.Totals.Payable
	return nil
}

// termsDays is the customer's payment term in days: its own, else the seller's default, else 30.
func (s *Invoices) termsDays(c *o2c.Customer) int {
	if c.PaymentTermsDays != nil && *c.PaymentTermsDays >= 0 {
		return *c.PaymentTermsDays
	}
	if s.Seller.DefaultTermsDays > 0 {
		return s.Seller.DefaultTermsDays
	}
	return 30
}

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/confirm"
)

// confirmation answers an order that came by mail or through the portal with an e-mail a person
// reads: a summary of what we deliver, what changed and why, and the confirmation as a PDF.
func (s *Orders) confirmation(ctx context.Context, r *orderResponse, base o2c.Answer) (*o2c.Answer, error) {
	o := r.Order
	var customer *o2c.Customer
	if o.CustomerID != "" {
		c, err := s.Store.FindCustomerByID(ctx, o.CustomerID)
		if err != nil && o2c.ErrorCode(err) != o2c.CodeNotFound {
			return nil, fmt.Errorf("find customer %s of order %d: %w", o.CustomerID, o.ID, err)
		}
		customer = c
	}
	if o.Channel == o2c.ChannelPortal && customer != nil {
		base.To = customer.Email // a portal user reads mail at the customer's ordering address
	}
	if base.To == "" {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the order names no e-mail address to confirm it to")
	}
	c := confirm.Confirmation{
		Seller:   confirm.Seller{Name: s.Company.Name, Address: s.Company.Address, Email: s.Company.Email, Phone: s.Company.Phone, VATID: s.Company.VATID},
		Customer: customer, Order: o, Status: confirm.Status(r.Status), Number: "OC-" + responseNumber(o)[2:],
		Issued: r.Issued, Language: languageOf(customer, r.Original),
	}
	for i, l := range r.Lines {
		la := confirm.LineAnswer{LineNo: lineNo(l, i), Status: confirm.Status(l.Status)}
		if l.Resolved != nil {
			la.LineNo = l.Resolved.LineNo
			if q := l.Ordered.Quantity; q != nil && !q.Equal(l.Resolved.Quantity) {
				la.Ordered = q
			}
			if p := l.Ordered.UnitPrice; p != nil && !p.Equal(l.Resolved.UnitPrice) {
				la.OrderedPrice = p
			}
		}
		c.Lines = append(c.Lines, la)
	}
	pdf, err := confirm.PDF(c)
	if err != nil {
		return nil, fmt.Errorf("render the confirmation of order %d: %w", o.ID, err)
	}
	a := base
	a.Kind, a.Filename, a.ContentType = "confirmation", fmt.Sprintf("%s-%s.pdf", c.Number, r.Status), "application/pdf"
	a.Content, a.Subject, a.Text, a.HTML = pdf, confirm.Subject(c), confirm.Text(c), confirm.HTML(c)
	return &a, nil
}

// languageOf picks the language of a confirmation from the customer's country, else from the
// country of the buyer written on the order.
func languageOf(c *o2c.Customer, d *o2c.OrderDraft) string {
	country := ""
	switch {
	case c != nil && c.Country != "":
		country = c.Country
	case d != nil && d.Buyer != nil:
		country = d.Buyer.Country
	}
	switch strings.ToUpper(country) {
	case "FR", "BE", "LU", "MC":
		return "fr"
	case "DE", "AT", "LI":
		return "de"
	}
	return "en"
}

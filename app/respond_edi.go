package app

import (
	"fmt"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/edi/edifact"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/gs1"
)

// Control numbers of our X12 interchanges: 997s count from the document's id, 855s from the
// order's id in a range of their own, so that the two never share an ISA13 for one partner.
const x12ResponseBase = 500_000_000

// ordrsp answers an EDIFACT order with an ORDRSP addressed back to the interchange's sender.
func (s *Orders) ordrsp(r *orderResponse, base o2c.Answer) (*o2c.Answer, error) {
	// The envelope is all an answer needs of the interchange: its header is read, not the
	// whole document again for each of its orders.
	ic, err := edifact.ParseHeader(r.Document.Content)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the interchange's header cannot be read again to answer it: %s", o2c.ErrorMessage(err))
	}
	o := r.Order
	resp := edifact.OrderResponse{
		Envelope: edifact.Envelope{Sender: ic.Recipient, Recipient: ic.Sender, Prepared: s.Now().In(s.Location),
			ControlRef: fmt.Sprintf("R%d", o.ID), MessageRef: "1", Test: ic.Test},
		Number: responseNumber(o), Status: edifact.ResponseStatus(r.Status), Date: r.Issued,
		OrderNumber: r.Original.PONumber, OrderDate: r.Original.OrderDate, Currency: o.Currency,
	}
	if resp.OrderNumber == "" {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the order has no order number for the ORDRSP to name")
	}
	if b := r.Original.Buyer; b != nil {
		resp.Buyer = b.GLN
	}
	if st := r.Original.ShipTo; st != nil {
		resp.ShipTo = st.GLN
	}
	resp.Supplier = s.Company.GLN
	if gs1.ValidGLN(ic.Recipient.ID) {
		resp.Supplier = ic.Recipient.ID // as the buyer addresses us
	}
	for i, l := range r.Lines {
		rl := edifact.ResponseLine{LineNo: lineNo(l, i), Status: edifact.ResponseStatus(l.Status), GTIN: l.Ordered.GTIN,
			BuyerSKU: l.Ordered.BuyerSKU, SupplierSKU: l.Ordered.SupplierSKU, Unit: l.Ordered.Unit, Quantity: l.quantity()}
		if l.Ordered.Quantity != nil {
			rl.Ordered = l.Ordered.Quantity
		}
		if l.Resolved != nil {
			rl.SupplierSKU = or(l.Resolved.SKU, rl.SupplierSKU)
			rl.Unit = or(rl.Unit, l.Resolved.Unit)
			p := l.Resolved.UnitPrice
			rl.UnitPrice = &p
			rl.DeliveryDate = o.RequestedDeliveryDate
		}
		resp.Lines = append(resp.Lines, rl)
	}
	a := base
	a.Kind, a.Filename, a.ContentType = "ORDRSP", fmt.Sprintf("ORDRSP-%d-%s.edi", o.ID, r.Status), "application/EDIFACT"
	a.Content = edifact.WriteORDRSP(resp)
	return &a, nil
}

// x12Response answers an 850 with an 855 addressed back to its sender, in its versions.
func (s *Orders) x12Response(r *orderResponse, base o2c.Answer) (*o2c.Answer, error) {
	ics, err := x12.ParseAll(r.Document.Content)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the interchange cannot be read again to answer it: %s", o2c.ErrorMessage(err))
	}
	ic, g := x12OrderGroup(ics, r.Original.PONumber)
	if ic == nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the interchange holds no 850 to answer")
	}
	o := r.Order
	resp := x12.ResponseTo(ic, g, r.Original)
	resp.OrderNumber, resp.Date, resp.Currency = or(o.ERPRef, fmt.Sprint(o.ID)), r.Issued, or(o.Currency, resp.Currency)
	resp.Lines = resp.Lines[:0]
	for i, l := range r.Lines {
		rl := x12.ResponseLine{LineNo: lineNo(l, i), Quantity: l.ordered(), Unit: l.Ordered.Unit, UnitPrice: l.Ordered.UnitPrice,
			BuyerSKU: l.Ordered.BuyerSKU, SupplierSKU: l.Ordered.SupplierSKU, GTIN: l.Ordered.GTIN}
		switch l.Status {
		case responseAccepted:
			rl.Status = x12.LineAccepted
		case responseChanged:
			rl.Status, rl.AckQuantity = x12.LineChanged, l.quantity()
		default:
			rl.Status = x12.LineRejected
		}
		if l.Resolved != nil {
			p := l.Resolved.UnitPrice
			rl.UnitPrice, rl.Unit = &p, or(rl.Unit, l.Resolved.Unit)
			rl.DeliveryDate = o.RequestedDeliveryDate
		}
		if rl.Quantity.IsZero() && l.Resolved != nil {
			rl.Quantity = l.Resolved.Quantity
		}
		resp.Lines = append(resp.Lines, rl)
	}
	resp.Type = map[string]x12.AckType{responseAccepted: x12.AckDetailNoChange, responseChanged: x12.AckDetailChange,
		responseRejected: x12.AckRejectDetail}[r.Status]
	ctl := x12.Control{Interchange: x12ResponseBase + int(o.ID%(x12ResponseBase-1)) + 1, Group: 1, Set: 1, Time: s.Now().In(s.Location)}
	b, err := x12.Write855(resp, ctl)
	if err != nil {
		return nil, err
	}
	a := base
	a.Kind, a.Filename, a.ContentType = "855", fmt.Sprintf("855-%d-%s.x12", o.ID, r.Status), "application/EDI-X12"
	a.Content = b
	return &a, nil
}

// x12OrderGroup returns the interchange and group of the 850 whose BEG03 is po, or of the first
// 850 when none is (an order whose number a person corrected).
func x12OrderGroup(ics []*x12.Interchange, po string) (*x12.Interchange, *x12.Group) {
	var firstIC *x12.Interchange
	var firstG *x12.Group
	for _, ic := range ics {
		for gi := range ic.Groups {
			for _, set := range ic.Groups[gi].Sets {
				if set.ID != "850" {
					continue
				}
				if firstIC == nil {
					firstIC, firstG = ic, &ic.Groups[gi]
				}
				for _, seg := range set.Segments {
					if seg.ID == "BEG" && seg.Element(3) == po {
						return ic, &ic.Groups[gi]
					}
				}
			}
		}
	}
	return firstIC, firstG
}

// lineNo is a line's number as the customer wrote it, or its position.
func lineNo(l lineResponse, i int) int {
	if l.Ordered.LineNo > 0 {
		return l.Ordered.LineNo
	}
	return i + 1
}

// responseNumber is our number for the response to an order.
func responseNumber(o *o2c.Order) string { return fmt.Sprintf("OR%d", o.ID) }

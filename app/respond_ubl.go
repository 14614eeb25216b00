package app

import (
	"fmt"
	"strconv"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/ubl"
)

// ublResponse answers a UBL order with a Peppol BIS Ordering 3 Order Response: AP when we
// deliver it as ordered, CA with every line answered when something changes, RE with the reason
// when it is rejected.
func (s *Orders) ublResponse(r *orderResponse, base o2c.Answer) (*o2c.Answer, error) {
	o := r.Order
	resp := ubl.OrderResponse{ID: responseNumber(o), IssueDate: r.Issued, Currency: or(o.Currency, r.Original.Currency),
		OrderID: r.Original.PONumber, SalesOrderID: o.ERPRef}
	seller, buyer, err := ubl.OrderParties(r.Document.Content)
	if err != nil {
		return nil, err
	}
	resp.Seller, resp.Buyer = seller, buyer
	if resp.Seller.Endpoint.Value == "" && s.Company.GLN != "" {
		resp.Seller.Endpoint = ubl.Identifier{Scheme: "0088", Value: s.Company.GLN}
	}
	if resp.Seller.Name == "" && resp.Seller.ID.Value == "" {
		resp.Seller.Name = s.Company.Name
	}
	switch r.Status {
	case responseAccepted:
		resp.Code = ubl.ResponseAccepted
	case responseRejected:
		resp.Code, resp.Note = ubl.ResponseRejected, o.Reason
	default:
		resp.Code = ubl.ResponseConditionallyAccepted
		for i, l := range r.Lines {
			rl := ubl.ResponseLine{LineID: strconv.Itoa(lineNo(l, i)), Name: or(l.Ordered.Description, "item"),
				BuyerSKU: l.Ordered.BuyerSKU, SupplierSKU: l.Ordered.SupplierSKU, GTIN: l.Ordered.GTIN}
			switch l.Status {
			case responseAccepted:
				rl.Status = ubl.LineAccepted
			case responseChanged:
				p := l.Resolved.UnitPrice
				rl.Status, rl.Quantity, rl.Unit, rl.Price = ubl.LineChanged, l.quantity(), or(l.Resolved.Unit, or(l.Ordered.Unit, "C62")), &p
				rl.Name = or(l.Ordered.Description, or(l.Resolved.Description, "item"))
			default:
				rl.Status = ubl.LineNotAccepted
			}
			resp.Lines = append(resp.Lines, rl)
		}
	}
	b, err := ubl.WriteOrderResponse(resp)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the order response cannot be written: %s", o2c.ErrorMessage(err))
	}
	a := base
	a.Kind, a.Filename, a.ContentType = "OrderResponse", fmt.Sprintf("OrderResponse-%d-%s.xml", o.ID, r.Status), "application/xml"
	a.Content = b
	return &a, nil
}

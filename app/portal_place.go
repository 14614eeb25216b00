package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Orders placed in the portal are documents like any other: the portal writes what the customer
// chose as a canonical order (JSON), or keeps the file it uploaded, and hands it to Orders.Receive
// with the portal channel and the customer's id as sender, so that verification, review, the ERP
// post and the confirmation apply as for any channel.
//
// The buyer of every portal order is the user's customer, written from master data over whatever
// a file says: a portal user orders for their own customer and no other, and verification then
// finds that customer by the strongest identifier it has.

// PortalLine is one line the customer chose: our article and how many.
type PortalLine struct {
	SKU      string
	Quantity decimal.Decimal
}

// PlaceOrderParams is an order put together in the portal.
type PlaceOrderParams struct {
	PONumber              string   // the customer's own order number
	RequestedDeliveryDate cal.Date // zero: as soon as possible
	ShipToID              string   // one of the customer's delivery addresses; "" for the first
	Lines                 []PortalLine
	// FormID is the id of the order form; sending one form twice (a double click, a reload)
	// places one order. Empty means a new one.
	FormID string
}

// Limits of the portal's orders.
const (
	maxPortalLines   = 500
	maxPONumber      = 35 // what EDIFACT and most ERPs keep of a buyer's order number
	MaxUploadBytes   = 10 << 20
	maxUploadOrders  = 50
	portalFormIDSize = 16
)

var formIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// NewFormID returns a fresh order form id.
func NewFormID() string {
	b := make([]byte, portalFormIDSize)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// PlaceOrder checks an order put together in the portal and receives it. It returns the orders
// received (one), verified at once: approved, or in review. CodeInvalid with a fault per field.
func (p *Portal) PlaceOrder(ctx context.Context, u *o2c.PortalUser, pp PlaceOrderParams) ([]*o2c.Order, error) {
	customer, err := p.Customer(ctx, u)
	if err != nil {
		return nil, err
	}
	shipTos, err := p.ShipTos(ctx, u)
	if err != nil {
		return nil, err
	}
	d, err := p.draftOf(ctx, u, customer, shipTos, pp)
	if err != nil {
		return nil, err
	}
	content, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode portal order: %w", err)
	}
	formID := pp.FormID
	if !formIDPattern.MatchString(formID) {
		formID = NewFormID()
	}
	name := "portal-order.json"
	if d.PONumber != "" {
		name = "portal-order-" + fileSafe(d.PONumber) + ".json"
	}
	return p.receive(ctx, u, ReceiveParams{Channel: o2c.ChannelPortal, Sender: u.CustomerID, Filename: name,
		ContentType: "application/json", Content: content, NaturalKey: "portal:" + u.CustomerID + ":form:" + formID,
		Drafts: []o2c.OrderDraft{*d}, Actor: u.Actor()})
}

// draftOf checks the form and writes it as a canonical order.
func (p *Portal) draftOf(ctx context.Context, u *o2c.PortalUser, c *o2c.Customer, shipTos []o2c.ShipTo, pp PlaceOrderParams) (*o2c.OrderDraft, error) {
	var faults []o2c.Fault
	add := func(rule, path, format string, args ...any) {
		faults = append(faults, o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
	}
	po := strings.TrimSpace(pp.PONumber)
	if len(po) > maxPONumber || !utf8.ValidString(po) || strings.ContainsFunc(po, unicode.IsControl) {
		add("PORTAL-10", "po_number", "an order number has at most %d characters", maxPONumber)
	}
	today := p.today()
	if !pp.RequestedDeliveryDate.IsZero() && pp.RequestedDeliveryDate.Before(today) {
		add("PORTAL-11", "requested_delivery_date", "the delivery date is in the past")
	}
	var shipTo *o2c.ShipTo
	for i := range shipTos {
		if shipTos[i].AddressID == pp.ShipToID || (pp.ShipToID == "" && i == 0) {
			shipTo = &shipTos[i]
			break
		}
	}
	if shipTo == nil && (pp.ShipToID != "" || len(shipTos) > 0) {
		add("PORTAL-12", "ship_to", "choose one of your delivery addresses")
	}
	if len(pp.Lines) == 0 {
		add("PORTAL-13", "lines", "add at least one article")
	} else if len(pp.Lines) > maxPortalLines {
		add("PORTAL-13", "lines", "an order has at most %d lines", maxPortalLines)
	}
	d := &o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, Source: &o2c.Source{Channel: o2c.ChannelPortal, Sender: u.CustomerID},
		PONumber: po, OrderDate: today, RequestedDeliveryDate: pp.RequestedDeliveryDate, Currency: c.Currency,
		Buyer: buyerOf(c), Notes: "Placed in the customer portal by " + u.Email + "."}
	if shipTo != nil {
		d.ShipTo = &o2c.Party{Name: shipTo.Name, Street: shipTo.Street, PostalCode: shipTo.PostalCode, City: shipTo.City, Country: shipTo.Country}
	}
	for i, l := range pp.Lines {
		path := fmt.Sprintf("lines[%d]", i)
		pr, err := p.Product(ctx, u, strings.TrimSpace(l.SKU))
		if o2c.ErrorCode(err) == o2c.CodeNotFound {
			add("PORTAL-14", path+".sku", "there is no article %q", l.SKU)
			continue
		} else if err != nil {
			return nil, err
		}
		switch {
		case l.Quantity.Sign() <= 0:
			add("PORTAL-15", path+".quantity", "%s: the quantity must be more than 0", pr.SKU)
		case pr.MinOrderQty != nil && l.Quantity.LessThan(*pr.MinOrderQty):
			add("PORTAL-16", path+".quantity", "%s: order at least %s", pr.SKU, pr.MinOrderQty)
		case pr.PackSize != nil && pr.PackSize.Sign() > 0 && !l.Quantity.Mod(*pr.PackSize).IsZero():
			add("PORTAL-17", path+".quantity", "%s comes in packs of %s: order a multiple of it", pr.SKU, pr.PackSize)
		}
		q := l.Quantity
		d.Lines = append(d.Lines, o2c.DraftLine{LineNo: i + 1, SupplierSKU: pr.SKU, BuyerSKU: pr.CustomerSKU,
			Description: pr.Description, Quantity: &q, Unit: pr.Unit})
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return d, nil
}

// buyerOf is the customer as a buyer party, with every identifier master data has of it.
func buyerOf(c *o2c.Customer) *o2c.Party {
	return &o2c.Party{Name: c.Name, VATID: c.VATID, GLN: c.GLN, Email: c.Email, Street: c.Street,
		PostalCode: c.PostalCode, City: c.City, Country: c.Country}
}

// receive hands a portal document to the pipeline and checks that what it answers is the user's
// customer's: a re-delivery of a natural key returns the first delivery's orders.
func (p *Portal) receive(ctx context.Context, u *o2c.PortalUser, rp ReceiveParams) ([]*o2c.Order, error) {
	rec, err := p.Orders.Receive(ctx, rp)
	if err != nil {
		return nil, err
	}
	if !rec.Created && (rec.Document.Channel != o2c.ChannelPortal || rec.Document.Sender != u.CustomerID) {
		return nil, fmt.Errorf("portal document %s of customer %s came back as another sender's", rp.NaturalKey, u.CustomerID)
	}
	return rec.Orders, nil
}

// fileSafe keeps letters, digits, dot, dash and underscore of s for a file name.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

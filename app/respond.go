package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/extract"
)

// Company is who we are, as our answers name us.
type Company struct {
	Name    string
	Address string // postal address, lines separated by newlines
	Email   string
	Phone   string
	VATID   string
	GLN     string // our GS1 location number: EDI and Peppol address us by it
}

// identifiers are what names us on a document, never the buyer.
func (c Company) identifiers() []string {
	var out []string
	for _, s := range []string{c.Name, c.VATID, c.GLN, c.Email} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Response statuses of an order and of its lines.
const (
	responseAccepted = "accepted" // as ordered
	responseChanged  = "changed"  // with changes: quantity or price
	responseRejected = "rejected" // not delivered
)

// lineResponse answers one line as the customer ordered it.
type lineResponse struct {
	Status   string
	Ordered  o2c.DraftLine  // as the customer wrote it
	Resolved *o2c.OrderLine // what we deliver; nil for a rejected line
}

// orderResponse is the answer to one order, before any format is chosen.
type orderResponse struct {
	Order    *o2c.Order
	Document *o2c.Document
	Original *o2c.OrderDraft // the order as the customer sent it, before any correction
	Status   string
	Lines    []lineResponse
	Issued   cal.Date
}

// wantsResponse reports whether an order's sender expects an order response: EDI and UBL
// partners, whatever carried their file, and people who ordered by mail or through the portal.
// An API client reads the order's status itself.
func wantsResponse(o *o2c.Order) bool {
	if byMail(o.Channel) {
		return true
	}
	if o.Draft != nil && o.Draft.Source != nil {
		switch o.Draft.Source.Channel {
		case o2c.ChannelEDIFACT, o2c.ChannelX12, o2c.ChannelUBL:
			return true
		}
	}
	return false
}

// respondsTo says which statuses call for an order response, and with what.
func respondsTo(s o2c.OrderStatus) bool { return s == o2c.OrderPosted || s == o2c.OrderRejected }

// Respond sends the order response of an order that became status: posted (the ERP took it:
// accepted, or accepted with changes when what we deliver differs from what was ordered) or
// rejected. It goes in the sender's format (ORDRSP, 855, UBL OrderResponse, or an e-mail
// confirmation with the order as PDF) through the channel the order came by, once, and the
// order's history records it.
func (s *Orders) Respond(ctx context.Context, orderID int64, status o2c.OrderStatus) error {
	if s.Answers == nil || !respondsTo(status) {
		return nil
	}
	o, err := s.Store.FindOrderByID(ctx, orderID)
	if err != nil {
		return fmt.Errorf("find order %d to answer: %w", orderID, err)
	}
	doc, err := s.Store.FindDocumentByID(ctx, o.DocumentID)
	if err != nil {
		return fmt.Errorf("find document %d of order %d: %w", o.DocumentID, orderID, err)
	}
	events, err := s.Store.FindEvents(ctx, "order", fmt.Sprint(o.ID))
	if err != nil {
		return fmt.Errorf("read history of order %d: %w", o.ID, err)
	}
	r := s.responseOf(o, doc, events, status)
	a, err := s.responseAnswer(ctx, r)
	if err != nil {
		if o2c.ErrorCode(err) != o2c.CodeInvalid {
			return err
		}
		// No answer can be made (a sender with no address, an order the format cannot say):
		// the history tells the order desk, who can tell the customer another way.
		rec := sentAnswer{Kind: "order response", Filename: fmt.Sprintf("response-%d-%s", o.ID, status),
			Channel: string(o.Channel), Status: r.Status, Error: o2c.ErrorMessage(err)}
		if answered(events, rec.Filename) {
			return nil
		}
		return s.recordAnswer(ctx, rec, actionAnswerFailed, []int64{o.ID}, "job:respond")
	}
	if a == nil {
		return nil
	}
	return s.sendUnlessAnswered(ctx, events, *a, r.Status, []int64{o.ID}, "job:respond")
}

// responseOf compares the order as it will be delivered with the order as it was sent: the
// draft before a person's first correction (the history keeps it), else the draft as read.
func (s *Orders) responseOf(o *o2c.Order, doc *o2c.Document, events []o2c.AuditEvent, status o2c.OrderStatus) *orderResponse {
	r := &orderResponse{Order: o, Document: doc, Original: o.Draft, Issued: cal.DateIn(s.Now(), s.Location)}
	for _, e := range events {
		if e.Action != "corrected" {
			continue
		}
		var first o2c.OrderDraft
		if err := json.Unmarshal(e.Before, &first); err == nil && len(e.Before) > 0 && string(e.Before) != "null" {
			r.Original = &first
		}
		break
	}
	if r.Original == nil {
		r.Original = &o2c.OrderDraft{PONumber: o.PONumber, OrderDate: o.OrderDate, Currency: o.Currency}
	}
	r.Status, r.Lines = compareLines(r.Original, o, status == o2c.OrderRejected)
	return r
}

// compareLines answers each ordered line: rejected with the order; else accepted when we deliver
// it as ordered, changed when its quantity or (stated) price differ, rejected when a
// correction removed it. Lines a correction added are answered as changed.
func compareLines(orig *o2c.OrderDraft, o *o2c.Order, rejected bool) (string, []lineResponse) {
	resolved := map[int]*o2c.OrderLine{}
	for i := range o.Lines {
		resolved[o.Lines[i].LineNo] = &o.Lines[i]
	}
	status, seen := responseAccepted, map[int]bool{}
	var out []lineResponse
	for i, l := range orig.Lines {
		no := l.LineNo
		if no == 0 {
			no = i + 1
		}
		lr := lineResponse{Status: responseRejected, Ordered: l}
		if !rejected {
			if got := resolved[no]; got != nil {
				lr.Resolved, lr.Status, seen[no] = got, lineStatus(l, got), true
			}
		}
		if lr.Status != responseAccepted && status == responseAccepted {
			status = responseChanged
		}
		out = append(out, lr)
	}
	for i := range o.Lines {
		if l := &o.Lines[i]; !rejected && !seen[l.LineNo] {
			q := l.Quantity
			out = append(out, lineResponse{Status: responseChanged, Resolved: l,
				Ordered: o2c.DraftLine{LineNo: l.LineNo, BuyerSKU: l.BuyerSKU, Description: l.Description, Quantity: &q, Unit: l.Unit}})
			status = responseChanged
		}
	}
	if rejected {
		status = responseRejected
	}
	return status, out
}

func lineStatus(ordered o2c.DraftLine, got *o2c.OrderLine) string {
	switch {
	// Units are not compared: verification writes the same unit in its Rec. 20 form (EA as C62).
	case ordered.Quantity != nil && !ordered.Quantity.Equal(got.Quantity),
		ordered.UnitPrice != nil && !ordered.UnitPrice.Equal(got.UnitPrice):
		return responseChanged
	}
	return responseAccepted
}

// quantity returns the quantity a line answers with: what we deliver, none for a rejected line.
func (l lineResponse) quantity() *decimal.Decimal {
	if l.Resolved == nil {
		return nil
	}
	q := l.Resolved.Quantity
	return &q
}

// ordered returns the quantity as ordered, zero when the line stated none.
func (l lineResponse) ordered() decimal.Decimal {
	if l.Ordered.Quantity == nil {
		return decimal.Zero
	}
	return *l.Ordered.Quantity
}

// responseAnswer writes the response in the format of the document: nil when its sender expects
// none. CodeInvalid when it cannot be written.
func (s *Orders) responseAnswer(ctx context.Context, r *orderResponse) (*o2c.Answer, error) {
	if !wantsResponse(r.Order) {
		return nil, nil
	}
	doc := r.Document
	base := o2c.Answer{DocumentID: doc.ID, OrderID: r.Order.ID, Channel: doc.Channel, To: doc.Sender,
		InReplyTo: messageIDOf(doc)}
	switch extract.Detect(doc.Filename, doc.Content) {
	case extract.FormatEDIFACT:
		return s.ordrsp(r, base)
	case extract.FormatX12:
		return s.x12Response(r, base)
	case extract.FormatXML:
		return s.ublResponse(r, base)
	}
	if !byMail(doc.Channel) {
		return nil, nil
	}
	return s.confirmation(ctx, r, base)
}

// messageIDOf returns the Message-ID of the mail a document came in, from its natural key
// ("email:" + Message-ID + ":" + digest); "" when it did not come by mail or had no Message-ID
// (the key then holds a hash in its place).
func messageIDOf(doc *o2c.Document) string {
	k, ok := strings.CutPrefix(doc.NaturalKey, "email:")
	if !ok || doc.Channel != o2c.ChannelEmail {
		return ""
	}
	i := strings.LastIndexByte(k, ':')
	if i < 0 || !strings.Contains(k[:i], "@") {
		return ""
	}
	return k[:i]
}

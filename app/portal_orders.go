package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/o2c-project/o2c"
)

// Stage is where an order stands as its customer is told: the pipeline's statuses, grouped and
// named for the buyer, without the steps that are ours alone.
type Stage string

// Stages of an order in the portal.
const (
	StageReceived  Stage = "received"  // we have it; it is being read and checked
	StageChecking  Stage = "checking"  // a person at our order desk looks at it
	StageAccepted  Stage = "accepted"  // checked and accepted; being entered
	StageConfirmed Stage = "confirmed" // in our system and confirmed
	StageShipped   Stage = "shipped"   // the goods have left
	StageDelivered Stage = "delivered" // the goods arrived
	StageInvoiced  Stage = "invoiced"  // invoiced
	StageClosed    Stage = "closed"    // nothing more will happen
	StageRejected  Stage = "rejected"  // we could not accept it
	StageCancelled Stage = "cancelled" // withdrawn
)

// StageOf is the stage a customer sees for a status.
func StageOf(s o2c.OrderStatus) Stage {
	switch s {
	case o2c.OrderNeedsReview:
		return StageChecking
	case o2c.OrderApproved:
		return StageAccepted
	case o2c.OrderPosted, o2c.OrderConfirmed:
		return StageConfirmed
	case o2c.OrderShipped:
		return StageShipped
	case o2c.OrderDelivered:
		return StageDelivered
	case o2c.OrderInvoiced:
		return StageInvoiced
	case o2c.OrderClosed:
		return StageClosed
	case o2c.OrderRejected:
		return StageRejected
	case o2c.OrderCancelled:
		return StageCancelled
	}
	return StageReceived
}

// Step is one stage an order reached, and when: the timeline a customer sees. It carries no
// note and no name: those are the order desk's.
type Step struct {
	Stage Stage
	At    time.Time // UTC
}

// CustomerDocument is a document of an order its customer may download: the original it sent,
// and what we sent back (confirmations, order responses) or made for it (delivery notes,
// invoices).
type CustomerDocument struct {
	Ref         string             // "original", or the archived blob's SHA-256
	Type        o2c.ArchiveDocType // what it is
	FileName    string             //
	ContentType string             //
	Size        int64              // bytes
	At          time.Time          // when it was received or made (UTC)
}

// RefOriginal names an order's original among its documents.
const RefOriginal = "original"

// CustomerOrder is an order as its customer sees it.
type CustomerOrder struct {
	Order     *o2c.Order
	Stage     Stage
	Steps     []Step
	Documents []CustomerDocument
}

// customerDocTypes are the archived documents a customer may download; "other" documents (ERP
// exports, technical acknowledgements) are ours.
var customerDocTypes = []o2c.ArchiveDocType{o2c.ArchiveOrderResponse, o2c.ArchiveConfirmation,
	o2c.ArchiveDeliveryNote, o2c.ArchiveInvoice, o2c.ArchiveCreditNote}

// visible reports whether a customer sees an order: resolved to it, or sent by it through the
// portal and resolved to nobody yet (as FindCustomerOrders selects).
func visible(o *o2c.Order, customerID string) bool {
	return customerID != "" && (o.CustomerID == customerID ||
		(o.CustomerID == "" && o.Channel == o2c.ChannelPortal && o.Sender == customerID))
}

// notFound is how the portal answers for anything of another customer: as if it did not exist.
func notFound(what string, id any) error {
	return o2c.Errorf(o2c.CodeNotFound, "there is no %s %v", what, id)
}

// ListOrders returns one page of the user's customer's orders, newest first, and how many match.
// The filter's customer is always the user's.
func (p *Portal) ListOrders(ctx context.Context, u *o2c.PortalUser, f o2c.CustomerOrderFilter) ([]*o2c.Order, int, error) {
	f.CustomerID = u.CustomerID
	return p.store().FindCustomerOrders(ctx, f)
}

// order returns an order of the user's customer. CodeNotFound for any other.
func (p *Portal) order(ctx context.Context, u *o2c.PortalUser, id int64) (*o2c.Order, error) {
	o, err := p.store().FindOrderByID(ctx, id)
	if o2c.ErrorCode(err) == o2c.CodeNotFound || (err == nil && !visible(o, u.CustomerID)) {
		return nil, notFound("order", id)
	} else if err != nil {
		return nil, err
	}
	return o, nil
}

// Order returns an order of the user's customer with its timeline and documents. CodeNotFound
// for an order of another customer.
func (p *Portal) Order(ctx context.Context, u *o2c.PortalUser, id int64) (*CustomerOrder, error) {
	o, err := p.order(ctx, u, id)
	if err != nil {
		return nil, err
	}
	events, err := p.store().FindEvents(ctx, "order", strconv.FormatInt(id, 10))
	if err != nil {
		return nil, fmt.Errorf("read history of order %d: %w", id, err)
	}
	docs, err := p.documents(ctx, u, o)
	if err != nil {
		return nil, err
	}
	return &CustomerOrder{Order: o, Stage: StageOf(o.Status), Steps: steps(events), Documents: docs}, nil
}

// steps reads the stages an order went through from its status events: the first time each
// stage was reached, in order. A correction sends an order back to "received" for a moment; that
// is not news to the customer.
func steps(events []o2c.AuditEvent) []Step {
	var out []Step
	for _, e := range events {
		if e.Action != "received" && e.Action != "status" {
			continue
		}
		var after struct {
			Status o2c.OrderStatus `json:"status"`
		}
		if json.Unmarshal(e.After, &after) != nil || after.Status == "" {
			continue
		}
		st := StageOf(after.Status)
		if len(out) > 0 && (out[len(out)-1].Stage == st || st == StageReceived) {
			continue
		}
		out = append(out, Step{Stage: st, At: e.At})
	}
	return out
}

// documents lists what the customer may download of an order: its original, when every order
// the document holds is the customer's (an interchange may carry orders of several buyers), and
// the archived documents tagged with the order.
func (p *Portal) documents(ctx context.Context, u *o2c.PortalUser, o *o2c.Order) ([]CustomerDocument, error) {
	var out []CustomerDocument
	doc, ok, err := p.original(ctx, u, o)
	if err != nil {
		return nil, err
	}
	if ok {
		out = append(out, CustomerDocument{Ref: RefOriginal, Type: o2c.ArchiveOrder, FileName: doc.Filename,
			ContentType: doc.ContentType, Size: doc.Size, At: doc.ReceivedAt})
	}
	entries, err := p.archived(ctx, u, o)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		out = append(out, CustomerDocument{Ref: e.SHA256, Type: e.DocType, FileName: e.FileName,
			ContentType: e.ContentType, Size: e.Size, At: e.CreatedAt})
	}
	if confirmable(o, entries) {
		out = append(out, confirmationDocument(o))
	}
	return out, nil
}

// original returns the document of an order if the customer may have it.
func (p *Portal) original(ctx context.Context, u *o2c.PortalUser, o *o2c.Order) (*o2c.Document, bool, error) {
	siblings, _, err := p.store().FindOrders(ctx, o2c.OrderFilter{DocumentID: o.DocumentID, Limit: 500})
	if err != nil {
		return nil, false, fmt.Errorf("find orders of document %d: %w", o.DocumentID, err)
	}
	for _, s := range siblings {
		if !visible(s, u.CustomerID) {
			return nil, false, nil
		}
	}
	doc, err := p.store().FindDocumentByID(ctx, o.DocumentID)
	if err != nil {
		return nil, false, fmt.Errorf("find document %d of order %d: %w", o.DocumentID, o.ID, err)
	}
	return doc, true, nil
}

// archived returns the archive entries of an order its customer may have, oldest first.
func (p *Portal) archived(ctx context.Context, u *o2c.PortalUser, o *o2c.Order) ([]*o2c.ArchiveEntry, error) {
	if p.Archive == nil || p.Archive.Archiver == nil {
		return nil, nil
	}
	entries, _, err := p.store().FindArchiveEntries(ctx, o2c.ArchiveFilter{Types: customerDocTypes,
		Tags: map[string]string{"order_id": strconv.FormatInt(o.ID, 10)}, Limit: 100})
	if err != nil {
		return nil, fmt.Errorf("find documents of order %d: %w", o.ID, err)
	}
	out := entries[:0]
	for _, e := range entries {
		// An entry tagged for another customer (the order was moved since) is not this one's.
		if c := e.Tags[o2c.TagCustomer]; c == "" || c == u.CustomerID {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *o2c.ArchiveEntry) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out, nil
}

// Download is a document's bytes with what a browser needs to save it.
type Download struct {
	FileName    string
	ContentType string
	Content     io.ReadCloser
}

// Document opens a document of an order of the user's customer, by its Ref. CodeNotFound for
// any document that is not among the order's (CustomerDocument list), and for another customer's
// order.
func (p *Portal) Document(ctx context.Context, u *o2c.PortalUser, orderID int64, ref string) (*Download, error) {
	o, err := p.order(ctx, u, orderID)
	if err != nil {
		return nil, err
	}
	if ref == RefOriginal {
		doc, ok, err := p.original(ctx, u, o)
		if err != nil {
			return nil, err
		} else if !ok {
			return nil, notFound("document", ref)
		}
		return &Download{FileName: doc.Filename, ContentType: doc.ContentType, Content: io.NopCloser(bytes.NewReader(doc.Content))}, nil
	}
	entries, err := p.archived(ctx, u, o)
	if err != nil {
		return nil, err
	}
	if ref == RefConfirmation && confirmable(o, entries) {
		return p.confirmation(ctx, u, o)
	}
	i := slices.IndexFunc(entries, func(e *o2c.ArchiveEntry) bool { return e.SHA256 == ref })
	if i < 0 {
		return nil, notFound("document", ref)
	}
	e, rc, err := p.Archive.Content(ctx, ref)
	if err != nil {
		return nil, err
	}
	return &Download{FileName: e.FileName, ContentType: e.ContentType, Content: rc}, nil
}

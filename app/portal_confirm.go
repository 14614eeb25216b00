package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// A customer can download the confirmation of every order we have taken, even when none was
// sent (no mail server, an order that came by EDI): made on request from the order as it is,
// dated the day the ERP took it, in the same form as the confirmation we mail.

// RefConfirmation names the confirmation made on request among an order's documents.
const RefConfirmation = "confirmation"

// confirmable reports whether an order is taken (posted or later) and has no confirmation or
// order response archived, so one is offered on request.
func confirmable(o *o2c.Order, archived []*o2c.ArchiveEntry) bool {
	switch StageOf(o.Status) {
	case StageConfirmed, StageShipped, StageDelivered, StageInvoiced, StageClosed:
	default:
		return false
	}
	return !slices.ContainsFunc(archived, func(e *o2c.ArchiveEntry) bool {
		return e.DocType == o2c.ArchiveConfirmation || e.DocType == o2c.ArchiveOrderResponse
	})
}

func confirmationDocument(o *o2c.Order) CustomerDocument {
	return CustomerDocument{Ref: RefConfirmation, Type: o2c.ArchiveConfirmation, FileName: "order-confirmation-" +
		strconv.FormatInt(o.ID, 10) + ".pdf", ContentType: "application/pdf", At: o.PostedAt}
}

// confirmation makes the confirmation of an order as a PDF.
func (p *Portal) confirmation(ctx context.Context, u *o2c.PortalUser, o *o2c.Order) (*Download, error) {
	doc, err := p.store().FindDocumentByID(ctx, o.DocumentID)
	if err != nil {
		return nil, fmt.Errorf("find document %d of order %d: %w", o.DocumentID, o.ID, err)
	}
	events, err := p.store().FindEvents(ctx, "order", strconv.FormatInt(o.ID, 10))
	if err != nil {
		return nil, fmt.Errorf("read history of order %d: %w", o.ID, err)
	}
	r := p.Orders.responseOf(o, doc, events, o2c.OrderPosted)
	if !o.PostedAt.IsZero() {
		r.Issued = cal.DateIn(o.PostedAt, p.Orders.Location)
	}
	a, err := p.Orders.confirmation(ctx, r, o2c.Answer{DocumentID: doc.ID, OrderID: o.ID, Channel: o.Channel, To: u.Email})
	if err != nil {
		return nil, err
	}
	return &Download{FileName: a.Filename, ContentType: a.ContentType, Content: io.NopCloser(bytes.NewReader(a.Content))}, nil
}

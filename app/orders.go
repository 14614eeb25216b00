package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/verify"
)

// Orders is the order pipeline: receive, process (extract + verify + decide), post to the ERP,
// and the review actions of the order desk.
type Orders struct {
	Store    o2c.Store
	ERP      o2c.ERPConnector
	Rules    verify.Rules
	Catalog  *Catalog
	Location *time.Location // the company's zone: "today" for date checks belongs to it
	Now      func() time.Time
	Log      *slog.Logger
}

// NewOrders returns an order service with default rules, the UTC zone and the real clock.
func NewOrders(store o2c.Store, erp o2c.ERPConnector) *Orders {
	return &Orders{Store: store, ERP: erp, Rules: verify.DefaultRules(), Catalog: &Catalog{},
		Location: time.UTC, Now: time.Now, Log: slog.Default()}
}

// ReceiveParams is one incoming document.
type ReceiveParams struct {
	Channel     o2c.Channel
	Sender      string
	Filename    string
	ContentType string
	Content     []byte
	// NaturalKey makes a re-delivery a no-op; empty means channel + SHA-256 of the content.
	NaturalKey string
	// Drafts are the orders already read from the content by a caller that had to read it to
	// validate it (the API); nil lets the process job extract them.
	Drafts []o2c.OrderDraft
	Actor  string
}

// Received is the outcome of Receive.
type Received struct {
	Document *o2c.Document
	Orders   []*o2c.Order
	Created  bool // false when the document had been received before
}

// Receive stores the original and its order(s) and enqueues their processing, in one transaction.
// A document whose natural key was seen before is not stored again: the earlier orders are returned.
func (s *Orders) Receive(ctx context.Context, p ReceiveParams) (*Received, error) {
	sum := sha256.Sum256(p.Content)
	digest := hex.EncodeToString(sum[:])
	key := p.NaturalKey
	if key == "" {
		key = string(p.Channel) + ":sha256:" + digest
	}
	doc := &o2c.Document{NaturalKey: key, Channel: p.Channel, Filename: p.Filename, ContentType: p.ContentType,
		Sender: p.Sender, SHA256: digest, Size: int64(len(p.Content)), Content: p.Content}
	out := &Received{Document: doc, Created: true}
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		out.Orders = nil
		if err := tx.CreateDocument(ctx, doc); err != nil {
			return fmt.Errorf("store document %s: %w", key, err)
		}
		drafts := p.Drafts
		if drafts == nil {
			drafts = []o2c.OrderDraft{{}} // one order to be read by the process job
		}
		jobs := make([]o2c.JobArgs, 0, len(drafts))
		for i := range drafts {
			o := &o2c.Order{Status: o2c.OrderReceived, Channel: p.Channel, DocumentID: doc.ID, Sender: p.Sender,
				ReceivedAt: tx.Now(), Anomalies: []o2c.Anomaly{}}
			if p.Drafts != nil {
				d := drafts[i]
				setDraft(o, &d)
				o.Status = o2c.OrderExtracted
			}
			if err := tx.CreateOrder(ctx, o); err != nil {
				return fmt.Errorf("create order of document %d: %w", doc.ID, err)
			}
			note := fmt.Sprintf("received by %s", p.Channel)
			if err := addOrderEvent(ctx, tx, o, "received", p.Actor, nil, note); err != nil {
				return err
			}
			out.Orders = append(out.Orders, o)
			jobs = append(jobs, o2c.ProcessOrderJob{OrderID: o.ID})
		}
		return tx.Enqueue(ctx, jobs...)
	})
	if o2c.ErrorCode(err) == o2c.CodeConflict {
		return s.redelivered(ctx, key)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// redelivered answers a re-delivery with what the first delivery created.
func (s *Orders) redelivered(ctx context.Context, key string) (*Received, error) {
	doc, err := s.Store.FindDocumentByNaturalKey(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("find re-delivered document %s: %w", key, err)
	}
	orders, _, err := s.Store.FindOrders(ctx, o2c.OrderFilter{DocumentID: doc.ID, Limit: 500})
	if err != nil {
		return nil, fmt.Errorf("find orders of document %d: %w", doc.ID, err)
	}
	return &Received{Document: doc, Orders: orders, Created: false}, nil
}

// setDraft makes the draft the order's source of truth for the header fields it carries.
func setDraft(o *o2c.Order, d *o2c.OrderDraft) {
	o.Draft = d
	o.PONumber = d.PONumber
	o.OrderDate = d.OrderDate
	o.RequestedDeliveryDate = d.RequestedDeliveryDate
	o.Currency = d.Currency
	if d.Source != nil && d.Source.Sender != "" && o.Sender == "" {
		o.Sender = d.Source.Sender
	}
}

// ProcessOrder reads (when needed), verifies and decides one order, and enqueues its post when the
// rules approve it, all in one transaction. It is idempotent: an order already past verification
// is left alone, so a job that runs twice after a crash does nothing the second time.
func (s *Orders) ProcessOrder(ctx context.Context, id int64) error {
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		o, err := tx.FindOrderByID(ctx, id)
		if err != nil {
			return fmt.Errorf("find order %d: %w", id, err)
		}
		switch o.Status {
		case o2c.OrderReceived:
			ok, err := s.extractInto(ctx, tx, o)
			if err != nil || !ok {
				return err
			}
		case o2c.OrderExtracted:
		default:
			return nil
		}
		return s.verifyAndDecide(ctx, tx, o, "job:process")
	})
}

// extractInto reads the order's document. An unreadable document sends the order to review with
// the cause; a document holding several orders gets a sibling order for each further one.
func (s *Orders) extractInto(ctx context.Context, tx o2c.Tx, o *o2c.Order) (bool, error) {
	doc, err := tx.FindDocumentByID(ctx, o.DocumentID)
	if err != nil {
		return false, fmt.Errorf("find document %d of order %d: %w", o.DocumentID, o.ID, err)
	}
	drafts, err := extract.File(doc.Filename, doc.Content)
	if err != nil {
		if o2c.ErrorCode(err) == o2c.CodeInternal {
			return false, fmt.Errorf("extract document %d: %w", doc.ID, err)
		}
		o.Anomalies = []o2c.Anomaly{{Code: o2c.AnomalyUnreadable, Field: "document", Message: o2c.ErrorMessage(err)}}
		o.Decision = o2c.DecisionReview
		return false, s.move(ctx, tx, o, o2c.OrderNeedsReview, "job:process", "document unreadable: "+o2c.ErrorMessage(err))
	}
	if len(drafts) == 0 {
		o.Anomalies = []o2c.Anomaly{{Code: o2c.AnomalyUnreadable, Field: "document", Message: "the document holds no order"}}
		o.Decision = o2c.DecisionReview
		return false, s.move(ctx, tx, o, o2c.OrderNeedsReview, "job:process", "the document holds no order")
	}
	for i := range drafts[1:] {
		sib := &o2c.Order{Status: o2c.OrderExtracted, Channel: o.Channel, DocumentID: o.DocumentID, Sender: o.Sender,
			ReceivedAt: o.ReceivedAt, Anomalies: []o2c.Anomaly{}}
		setDraft(sib, &drafts[i+1])
		if err := tx.CreateOrder(ctx, sib); err != nil {
			return false, fmt.Errorf("create order %d of document %d: %w", i+2, doc.ID, err)
		}
		if err := addOrderEvent(ctx, tx, sib, "extracted", "job:process", nil, fmt.Sprintf("order %d of %d in document %d", i+2, len(drafts), doc.ID)); err != nil {
			return false, err
		}
		if err := tx.Enqueue(ctx, o2c.ProcessOrderJob{OrderID: sib.ID}); err != nil {
			return false, fmt.Errorf("enqueue processing of order %d: %w", sib.ID, err)
		}
	}
	setDraft(o, &drafts[0])
	return true, s.move(ctx, tx, o, o2c.OrderExtracted, "job:process", "")
}

// verifyAndDecide checks an extracted order against master data and moves it to approved (with
// its post enqueued) or to review.
func (s *Orders) verifyAndDecide(ctx context.Context, tx o2c.Tx, o *o2c.Order, actor string) error {
	if o.Draft == nil {
		return fmt.Errorf("order %d has no draft to verify", o.ID)
	}
	idx, err := s.Catalog.Index(ctx, tx)
	if err != nil {
		return err
	}
	v, err := verify.Verify(ctx, idx, tx, verify.Input{Draft: o.Draft, OrderID: o.ID, Sender: o.Sender,
		Today: cal.DateIn(tx.Now(), s.Location), Now: tx.Now()}, s.Rules)
	if err != nil {
		return fmt.Errorf("verify order %d: %w", o.ID, err)
	}
	applyVerification(o, v)
	if err := s.move(ctx, tx, o, o2c.OrderVerified, actor, verificationNote(v)); err != nil {
		return err
	}
	if v.Decision == o2c.DecisionAuto {
		if err := s.move(ctx, tx, o, o2c.OrderApproved, actor, "approved by the rules: no anomaly"); err != nil {
			return err
		}
		return tx.Enqueue(ctx, o2c.PostOrderJob{OrderID: o.ID})
	}
	return s.move(ctx, tx, o, o2c.OrderNeedsReview, actor, verificationNote(v))
}

func applyVerification(o *o2c.Order, v *o2c.Verification) {
	o.CustomerID = v.CustomerID
	o.ShipToID = v.ShipToID
	o.Currency = v.Currency
	o.Lines = v.Lines
	o.NetTotal = v.NetTotal
	o.ContentHash = v.ContentHash
	o.Anomalies = v.Anomalies
	if o.Anomalies == nil {
		o.Anomalies = []o2c.Anomaly{}
	}
	o.Decision = v.Decision
	o.LastError = ""
}

func verificationNote(v *o2c.Verification) string {
	if len(v.Anomalies) == 0 {
		return "no anomaly"
	}
	note := fmt.Sprintf("%d anomalies:", len(v.Anomalies))
	for _, a := range v.Anomalies {
		note += " " + string(a.Code)
	}
	return note
}

// move changes an order's status if the state machine allows it, saves the order and records
// who moved it, when, from where to where, and why.
func (s *Orders) move(ctx context.Context, tx o2c.Tx, o *o2c.Order, to o2c.OrderStatus, actor, note string) error {
	from := o.Status
	if !o2c.CanTransition(from, to) {
		return o2c.Errorf(o2c.CodeConflict, "order %d is %s and cannot become %s", o.ID, from, to)
	}
	o.Status = to
	if err := tx.UpdateOrder(ctx, o); err != nil {
		return fmt.Errorf("save order %d as %s: %w", o.ID, to, err)
	}
	before, _ := json.Marshal(map[string]o2c.OrderStatus{"status": from})
	return addOrderEvent(ctx, tx, o, "status", actor, before, note)
}

func addOrderEvent(ctx context.Context, tx o2c.Tx, o *o2c.Order, action, actor string, before json.RawMessage, note string) error {
	if actor == "" {
		actor = o2c.ActorSystem
	}
	after, err := json.Marshal(map[string]any{"status": o.Status, "version": o.Version})
	if err != nil {
		return fmt.Errorf("encode event of order %d: %w", o.ID, err)
	}
	e := &o2c.AuditEvent{Entity: "order", EntityID: fmt.Sprint(o.ID), Action: action, Actor: actor,
		Before: before, After: after, Note: note}
	if err := tx.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s of order %d: %w", action, o.ID, err)
	}
	return nil
}

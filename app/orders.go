package app

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/extract/engine"
	"github.com/o2c-project/o2c/extract/layout/reader"
	"github.com/o2c-project/o2c/verify"
)

// Orders is the order pipeline: receive, process (extract + verify + decide), post to the ERP,
// and the review actions of the order desk. Make one with NewOrders.
type Orders struct {
	Store    o2c.Store
	ERP      o2c.ERPConnector
	Answers  o2c.AnswerSender // where acknowledgements and order responses go back; nil sends none
	Alerting bool             // queue an alert job whenever an order enters review (alerts.go)
	Company  Company          // who we are, as answers name us
	Engines  []engine.Engine  // outside extraction engines, tried when the built-in one cannot read a document
	Rules    verify.Rules
	Catalog  *Catalog
	Reader   *reader.Reader // reads PDFs, scans and photos into words with their places; nil: default limits
	Location *time.Location // the company's zone: "today" for date checks belongs to it
	Now      func() time.Time
	Log      *slog.Logger
	// StockTimeout bounds the wait for the stock levels of an ERP that gives them (an
	// o2c.StockSource) before an order is verified; 0 means DefaultStockTimeout.
	StockTimeout time.Duration
	// Archiver keeps every original and every document o2c makes (archive_orders.go); nil
	// archives nothing.
	Archiver o2c.Archiver
	// Invoicing queues the invoice job of an order whose goods left (invoices_issue.go).
	Invoicing bool

	receipts groupCommit // stores incoming documents, many to a transaction
	archived groupCommit // tags and archives documents, many to a transaction
	posts    groupCommit // records acknowledged posts, many to a transaction
	answers  groupCommit // records answers sent, many to a transaction
	views    *viewCaches // what the review screen shows of documents (docview_cache.go)
}

// NewOrders returns an order service with default rules, the UTC zone and the real clock.
func NewOrders(store o2c.Store, erp o2c.ERPConnector) *Orders {
	return &Orders{Store: store, ERP: erp, Rules: verify.DefaultRules(), Catalog: &Catalog{},
		Location: time.UTC, Now: time.Now, Log: slog.Default(),
		receipts: groupCommit{store: store}, posts: groupCommit{store: store}, answers: groupCommit{store: store},
		archived: groupCommit{store: store}}
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
	// Unreadable, when set, is why the channel could not take the original (Content then only
	// describes it): the order goes straight to review as UNREADABLE with this cause.
	Unreadable string
	Actor      string
}

// Received is the outcome of Receive.
type Received struct {
	Document *o2c.Document
	Orders   []*o2c.Order
	Created  bool // false when the document had been received before
}

// Receive stores the original and its order(s), in one transaction. Orders still to be read get a
// process job; orders whose drafts the caller already read are verified and decided at once.
// A document whose natural key was seen before is not stored again: the earlier orders are returned.
func (s *Orders) Receive(ctx context.Context, p ReceiveParams) (*Received, error) {
	sum := sha256.Sum256(p.Content)
	digest := hex.EncodeToString(sum[:])
	key := p.NaturalKey
	derived := key == ""
	if derived {
		key = extract.NaturalKey(p.Filename, p.Content) // an EDI interchange: its sender and reference
	}
	if key == "" {
		key = string(p.Channel) + ":sha256:" + digest
	}
	doc := &o2c.Document{NaturalKey: key, Channel: p.Channel, Filename: p.Filename, ContentType: p.ContentType,
		Sender: p.Sender, SHA256: digest, Size: int64(len(p.Content)), Content: p.Content}
	out := &Received{Document: doc, Created: true}
	stock := s.readERPStock(ctx, p.Sender, draftPtrs(p.Drafts)...) // outside the transaction: it waits on the ERP
	entry, err := s.prepareOriginal(p, doc)
	if err != nil {
		return nil, err
	}
	err = s.receipts.do(ctx, func(tx o2c.Tx) error {
		out.Orders = nil
		if err := tx.CreateDocument(ctx, doc); err != nil {
			return fmt.Errorf("store document %s: %w", key, err)
		}
		drafts := p.Drafts
		if drafts == nil {
			drafts = []o2c.OrderDraft{{}} // one order to be read by the process job
		}
		var jobs []o2c.JobArgs
		for i := range drafts {
			o := &o2c.Order{Channel: p.Channel, DocumentID: doc.ID, Sender: p.Sender, ReceivedAt: tx.Now(),
				Anomalies: []o2c.Anomaly{}}
			note := fmt.Sprintf("received by %s", p.Channel)
			steps := []step{{o2c.OrderReceived, note}}
			if p.Drafts != nil {
				// A draft read by the caller needs no slow step before verification, which is
				// pure and fast: receipt, verification and decision form one durability
				// boundary, and the order is stored approved (its post queued) or in review.
				d := drafts[i]
				setDraft(o, &d)
				decided, err := s.decide(ctx, tx, o, stock)
				if err != nil {
					return err
				}
				steps = append(append(steps, step{o2c.OrderExtracted, "read by the sender"}), decided...)
			}
			if p.Unreadable != "" {
				o.Anomalies = []o2c.Anomaly{{Code: o2c.AnomalyUnreadable, Field: "document", Message: p.Unreadable}}
				o.Decision = o2c.DecisionReview
				steps = append(steps, step{o2c.OrderNeedsReview, "document unreadable: " + p.Unreadable})
			}
			if err := s.apply(ctx, tx, o, p.Actor, steps); err != nil {
				return err
			}
			out.Orders = append(out.Orders, o)
			if o.Status == o2c.OrderReceived {
				jobs = append(jobs, o2c.ProcessOrderJob{OrderID: o.ID})
			}
		}
		if s.Answers != nil && isEDI(p.Filename, p.Content) {
			jobs = append(jobs, o2c.AcknowledgeJob{DocumentID: doc.ID})
		}
		if err := s.archiveOriginal(ctx, tx, entry, out.Orders, p.Actor); err != nil {
			return err
		}
		return tx.Enqueue(ctx, jobs...)
	})
	if o2c.ErrorCode(err) == o2c.CodeConflict {
		again, err := s.redelivered(ctx, key)
		if err == nil && derived && !sameInterchange(again.Document.Content, p.Content) && !strings.Contains(key, digest) {
			// The same interchange reference with other content is no re-delivery (a sender
			// that reuses its references): it is kept under a key of its own, never dropped.
			// A key the caller chose (an Idempotency-Key) keeps its meaning: a conflict.
			p.NaturalKey = key + ":sha256:" + digest
			return s.Receive(ctx, p)
		}
		return again, err
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// isEDI reports whether a document is an EDI interchange, which is acknowledged on receipt.
func isEDI(name string, content []byte) bool {
	f := extract.Detect(name, content)
	return f == extract.FormatEDIFACT || f == extract.FormatX12
}

// sameInterchange compares two interchanges as EDI reads them: line breaks between segments are
// no part of the content, so a re-delivery re-wrapped by a mail gateway is still the same one.
func sameInterchange(a, b []byte) bool {
	drop := func(r rune) rune {
		if r == '\r' || r == '\n' {
			return -1
		}
		return r
	}
	return bytes.Equal(bytes.Map(drop, a), bytes.Map(drop, b))
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
	// In the order the document holds them, as the first delivery answered.
	slices.SortFunc(orders, func(a, b *o2c.Order) int { return cmp.Compare(a.ID, b.ID) })
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
// rules approve it. The document is read outside any transaction, since reading a scan may take
// seconds and a transaction holds SQLite's one writer; what was read is then applied, verified
// and decided in one transaction. It is idempotent: an order already past verification is left
// alone, so a job that runs twice after a crash does nothing the second time.
func (s *Orders) ProcessOrder(ctx context.Context, id int64) error {
	o, err := s.Store.FindOrderByID(ctx, id)
	if err != nil {
		return fmt.Errorf("find order %d: %w", id, err)
	}
	var read *reading
	if o.Status == o2c.OrderReceived {
		if read, err = s.read(ctx, o); err != nil {
			return err
		}
	}
	stock := s.readERPStock(ctx, o.Sender, processDrafts(o, read)...) // outside the transaction: it waits on the ERP
	err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
		o, err := tx.FindOrderByID(ctx, id)
		if err != nil {
			return fmt.Errorf("find order %d: %w", id, err)
		}
		switch o.Status {
		case o2c.OrderReceived:
			if read == nil { // it was no longer received when read, and is again: read it next time
				return o2c.Errorf(o2c.CodeUnavailable, "order %d changed while it was read", id)
			}
			ok, err := s.extractInto(ctx, tx, o, read, stock)
			if err != nil || !ok {
				return err
			}
		case o2c.OrderExtracted:
		default:
			return nil
		}
		return s.verifyAndDecide(ctx, tx, o, "job:process", stock)
	})
	if err != nil {
		return err
	}
	if err := s.tagOriginal(ctx, o, read); err != nil {
		return err
	}
	return s.archiveText(ctx, o, read)
}

// reading is what reading an order's document gave: its orders, or why it cannot be read.
type reading struct {
	doc    *o2c.Document
	drafts []o2c.OrderDraft
	err    error // a verdict on the document (CodeInvalid, CodeTooLarge...), never a passing failure
}

// read reads the document of an order. A failure that may pass (the database) is returned; a
// verdict on the document is kept in the reading.
func (s *Orders) read(ctx context.Context, o *o2c.Order) (*reading, error) {
	doc, err := s.Store.FindDocumentByID(ctx, o.DocumentID)
	if err != nil {
		return nil, fmt.Errorf("find document %d of order %d: %w", o.DocumentID, o.ID, err)
	}
	drafts, err := s.readDocument(ctx, s.Store, s.Now().UTC(), doc)
	if o2c.ErrorCode(err) == o2c.CodeInternal {
		return nil, fmt.Errorf("extract document %d: %w", doc.ID, err)
	}
	return &reading{doc: doc, drafts: drafts, err: err}, nil
}

// extractInto applies a reading to its order. An unreadable document sends the order to review
// with the cause; a document holding several orders (an EDI interchange) gets a sibling order for
// each further one, verified and decided in this same transaction, so that one job reads a whole
// interchange.
func (s *Orders) extractInto(ctx context.Context, tx o2c.Tx, o *o2c.Order, read *reading, stock erpStock) (bool, error) {
	doc, drafts, err := read.doc, read.drafts, read.err
	if err != nil {
		o.Anomalies = []o2c.Anomaly{{Code: o2c.AnomalyUnreadable, Field: "document", Message: o2c.ErrorMessage(err)}}
		o.Decision = o2c.DecisionReview
		return false, s.move(ctx, tx, o, o2c.OrderNeedsReview, "job:process", "document unreadable: "+o2c.ErrorMessage(err))
	}
	if len(drafts) == 0 {
		o.Anomalies = []o2c.Anomaly{{Code: o2c.AnomalyUnreadable, Field: "document", Message: "the document holds no order"}}
		o.Decision = o2c.DecisionReview
		return false, s.move(ctx, tx, o, o2c.OrderNeedsReview, "job:process", "the document holds no order")
	}
	if isDeliveryDocument(&drafts[0]) {
		return false, s.linkDelivery(ctx, tx, o, &drafts[0])
	}
	for i := range drafts[1:] {
		sib := &o2c.Order{Channel: o.Channel, DocumentID: o.DocumentID, Sender: o.Sender,
			ReceivedAt: o.ReceivedAt, Anomalies: []o2c.Anomaly{}}
		setDraft(sib, &drafts[i+1])
		note := fmt.Sprintf("order %d of %d in document %d", i+2, len(drafts), doc.ID)
		decided, err := s.decide(ctx, tx, sib, stock)
		if err != nil {
			return false, err
		}
		steps := append([]step{{o2c.OrderReceived, note}, {o2c.OrderExtracted, "read from the document"}}, decided...)
		if err := s.apply(ctx, tx, sib, "job:process", steps); err != nil {
			return false, err
		}
	}
	setDraft(o, &drafts[0])
	return true, s.move(ctx, tx, o, o2c.OrderExtracted, "job:process", "")
}

// verifyAndDecide checks an extracted order against master data and moves it to approved (with
// its post enqueued) or to review.
func (s *Orders) verifyAndDecide(ctx context.Context, tx o2c.Tx, o *o2c.Order, actor string, stock erpStock) error {
	steps, err := s.decide(ctx, tx, o, stock)
	if err != nil {
		return err
	}
	return s.apply(ctx, tx, o, actor, steps)
}

// step is one status change and why; each becomes an audit event.
type step struct {
	to   o2c.OrderStatus
	note string
}

// decide verifies the order's draft and returns the steps to approved or to review. The order
// carries the result afterwards, but nothing is saved. The ERP's stock, when read, overrides the
// master data's.
func (s *Orders) decide(ctx context.Context, tx o2c.Tx, o *o2c.Order, stock erpStock) ([]step, error) {
	if o.Draft == nil {
		return nil, fmt.Errorf("order %d has no draft to verify", o.ID)
	}
	idx, err := s.Catalog.Index(ctx, tx)
	if err != nil {
		return nil, err
	}
	v, err := verify.Verify(ctx, idx, tx, stock.input(verify.Input{Draft: o.Draft, OrderID: o.ID, Sender: o.Sender,
		Today: cal.DateIn(tx.Now(), s.Location), Now: tx.Now()}), s.Rules)
	if err != nil {
		return nil, fmt.Errorf("verify order %d: %w", o.ID, err)
	}
	applyVerification(o, v)
	steps := []step{{o2c.OrderVerified, stock.withNote(verificationNote(v))}}
	if v.Decision == o2c.DecisionAuto {
		return append(steps, step{o2c.OrderApproved, "approved by the rules: no anomaly"}), nil
	}
	return append(steps, step{o2c.OrderNeedsReview, verificationNote(v)}), nil
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
	return s.apply(ctx, tx, o, actor, []step{{to, note}})
}

// apply walks an order through steps, each allowed by the state machine, saves it once (creating
// it when it is new, whose first step is then its first status), records an audit event per step,
// and enqueues the post of an order that ends approved, or the response to one that ends posted
// or rejected.
func (s *Orders) apply(ctx context.Context, tx o2c.Tx, o *o2c.Order, actor string, steps []step) error {
	from, cur := o.Status, o.Status
	for i, st := range steps {
		if !(i == 0 && o.ID == 0) && !o2c.CanTransition(cur, st.to) {
			return o2c.Errorf(o2c.CodeConflict, "order %d is %s and cannot become %s", o.ID, cur, st.to)
		}
		cur = st.to
	}
	o.Status = cur
	if o.ID == 0 {
		if err := tx.CreateOrder(ctx, o); err != nil {
			return fmt.Errorf("create order of document %d: %w", o.DocumentID, err)
		}
	} else if err := tx.UpdateOrder(ctx, o); err != nil {
		return fmt.Errorf("save order %d as %s: %w", o.ID, cur, err)
	}
	prev := from
	for i, st := range steps {
		action := "status"
		if i == 0 && from == "" {
			action = "received"
		}
		if err := addStatusEvent(ctx, tx, o, action, actor, prev, st.to, st.note); err != nil {
			return err
		}
		prev = st.to
	}
	if err := s.queueAlert(ctx, tx, o, from); err != nil {
		return err
	}
	if s.Invoicing && shippedNow(from, cur) {
		if err := tx.Enqueue(ctx, o2c.InvoiceOrderJob{OrderID: o.ID}); err != nil {
			return err
		}
	}
	switch {
	case cur == o2c.OrderApproved:
		return tx.Enqueue(ctx, o2c.PostOrderJob{OrderID: o.ID})
	case respondsTo(cur) && s.Answers != nil && wantsResponse(o):
		return tx.Enqueue(ctx, o2c.RespondJob{OrderID: o.ID, Status: string(cur)})
	}
	return nil
}

// addStatusEvent records one status change of an order.
func addStatusEvent(ctx context.Context, tx o2c.Tx, o *o2c.Order, action, actor string, from, to o2c.OrderStatus, note string) error {
	if actor == "" {
		actor = o2c.ActorSystem
	}
	var before json.RawMessage
	if from != "" {
		before = json.RawMessage(`{"status":"` + string(from) + `"}`)
	}
	after := json.RawMessage(fmt.Sprintf(`{"status":%q,"version":%d}`, to, o.Version))
	e := &o2c.AuditEvent{Entity: "order", EntityID: fmt.Sprint(o.ID), Action: action, Actor: actor,
		Before: before, After: after, Note: note}
	if err := tx.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s of order %d: %w", action, o.ID, err)
	}
	return nil
}

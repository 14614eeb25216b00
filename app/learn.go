package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"strings"
	"unicode"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
	"github.com/o2c-project/o2c/extract/layout/reader"
)

// Actions of the audit events of learning.
const (
	actionCorrected = "corrected" // a person replaced an order's draft (Orders.Correct)
	actionLearned   = "learned"   // o2c learned from that correction
)

// learnedRecord is the "after" of an order's "learned" event: what one correction taught.
type learnedRecord struct {
	Correction     int64              `json:"correction"`                // the "corrected" event learned from
	LayoutTemplate int64              `json:"layout_template,omitempty"` // the template that learned the fields
	Fields         []string           `json:"fields,omitempty"`          // the header fields whose place was learned
	CustomerItems  []o2c.CustomerItem `json:"customer_items,omitempty"`  // the customer codes learned
}

// learnedLayout is what a correction teaches of a sender's layout: where its corrected fields stand.
type learnedLayout struct {
	sender    string
	signature []string
	anchors   map[string]layout.Anchor
	fields    []string // the keys of anchors, in layout.LearnedFields order
}

// Learn remembers a person's correction of an order (the audit event eventID), so that the
// sender's next documents come out right by themselves:
//   - a line whose product code (supplier_sku) was corrected, on which the customer wrote its own
//     code (buyer_sku), teaches that code as a customer item of the order's customer;
//   - corrected header fields (layout.LearnedFields) of a PDF or scan teach where those fields
//     stand on the sender's layout: a layout template, which readLayout applies to the next
//     documents of that layout.
//
// What is learned is saved with its audit events and recorded in the order's history (action
// "learned") in one transaction. Learning from the same correction twice does nothing. An order
// or an event that does not exist is CodeInvalid: the job can never succeed.
func (s *Orders) Learn(ctx context.Context, orderID, eventID int64) error {
	o, err := s.Store.FindOrderByID(ctx, orderID)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return o2c.Errorf(o2c.CodeInvalid, "there is no order %d to learn from", orderID)
	} else if err != nil {
		return fmt.Errorf("find order %d to learn from: %w", orderID, err)
	}
	events, err := s.Store.FindEvents(ctx, "order", fmt.Sprint(orderID))
	if err != nil {
		return fmt.Errorf("read history of order %d: %w", orderID, err)
	}
	if learnedAlready(events, eventID) {
		return nil
	}
	var correction *o2c.AuditEvent
	for i := range events {
		if events[i].ID == eventID && events[i].Action == actionCorrected {
			correction = &events[i]
		}
	}
	if correction == nil {
		return o2c.Errorf(o2c.CodeInvalid, "order %d has no correction %d to learn from", orderID, eventID)
	}
	before, err := correctedDraft(correction.Before)
	if err != nil {
		return o2c.Errorf(o2c.CodeInvalid, "correction %d of order %d: the draft before it does not decode: %s", eventID, orderID, err)
	}
	after, err := correctedDraft(correction.After)
	if err != nil {
		return o2c.Errorf(o2c.CodeInvalid, "correction %d of order %d: the corrected draft does not decode: %s", eventID, orderID, err)
	}
	items, err := s.itemsToLearn(ctx, o, before, after)
	if err != nil {
		return err
	}
	doc, err := s.Store.FindDocumentByID(ctx, o.DocumentID)
	if err != nil {
		return fmt.Errorf("find document %d of order %d: %w", o.DocumentID, orderID, err)
	}
	learned, err := s.layoutToLearn(ctx, doc, before, after)
	if err != nil {
		return err
	}
	if len(items) == 0 && learned == nil {
		return nil
	}
	actor := "learn:" + correction.Actor
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		events, err := tx.FindEvents(ctx, "order", fmt.Sprint(orderID))
		if err != nil {
			return fmt.Errorf("read history of order %d: %w", orderID, err)
		}
		if learnedAlready(events, eventID) { // another run of the job was faster
			return nil
		}
		rec := learnedRecord{Correction: eventID}
		var notes []string
		if learned != nil {
			if rec.LayoutTemplate, err = saveLearnedLayout(ctx, tx, learned, orderID, actor); err != nil {
				return err
			}
			rec.Fields = learned.fields
			notes = append(notes, fmt.Sprintf("layout of %s learned: %s", learned.sender, strings.Join(learned.fields, ", ")))
		}
		if len(items) > 0 {
			if _, err := upsertInTx(ctx, tx, &o2c.MasterData{CustomerItems: items}, nil, actor); err != nil {
				return fmt.Errorf("save customer items learned from order %d: %w", orderID, err)
			}
			rec.CustomerItems = items
			for _, it := range items {
				notes = append(notes, fmt.Sprintf("customer item %s → %s learned", it.CustomerSKU, it.SKU))
			}
		}
		after, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("encode what order %d taught: %w", orderID, err)
		}
		e := &o2c.AuditEvent{Entity: "order", EntityID: fmt.Sprint(orderID), Action: actionLearned, Actor: actor,
			After: after, Note: strings.Join(notes, "; ")}
		if err := tx.AddEvent(ctx, e); err != nil {
			return fmt.Errorf("record what order %d taught: %w", orderID, err)
		}
		return nil
	})
}

// learnedAlready reports whether an order's history records learning from the correction eventID.
func learnedAlready(events []o2c.AuditEvent, eventID int64) bool {
	for _, e := range events {
		if e.Action != actionLearned {
			continue
		}
		var rec learnedRecord
		if json.Unmarshal(e.After, &rec) == nil && rec.Correction == eventID {
			return true
		}
	}
	return false
}

// correctedDraft decodes a draft of a "corrected" event; an order corrected before it had a
// draft has an empty one.
func correctedDraft(raw json.RawMessage) (*o2c.OrderDraft, error) {
	var d *o2c.OrderDraft
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, err
		}
	}
	if d == nil {
		d = &o2c.OrderDraft{}
	}
	return d, nil
}

// itemsToLearn returns the customer items a correction teaches: on each line whose product code a
// person corrected to one of our products and on which the customer wrote its own code, that code
// now means that product for the order's customer. A mapping known already is not learned again;
// a code mapped to another product is remapped. Nothing is learned while the customer is unknown.
func (s *Orders) itemsToLearn(ctx context.Context, o *o2c.Order, before, after *o2c.OrderDraft) ([]o2c.CustomerItem, error) {
	if o.CustomerID == "" {
		return nil, nil
	}
	type candidate struct{ code, sku string }
	var candidates []candidate
	for i := range min(len(before.Lines), len(after.Lines)) {
		a, b := after.Lines[i], before.Lines[i]
		sku := strings.TrimSpace(a.SupplierSKU)
		if sku == "" || skuKey(sku) == skuKey(b.SupplierSKU) {
			continue
		}
		code := strings.TrimSpace(a.BuyerSKU)
		if code == "" {
			code = strings.TrimSpace(b.BuyerSKU)
		}
		if code != "" {
			candidates = append(candidates, candidate{code, sku})
		}
	}
	if len(candidates) == 0 {
		return nil, nil
	}
	// Master data has no finder for one customer code; the whole set is read, as MasterData.Upsert
	// reads it for the audit trail. Corrections are rare.
	m, err := s.Store.LoadMasterData(ctx)
	if err != nil {
		return nil, fmt.Errorf("read master data to learn customer items of order %d: %w", o.ID, err)
	}
	products := map[string]string{} // skuKey -> SKU as stored
	for _, p := range m.Products {
		products[skuKey(p.SKU)] = p.SKU
	}
	known := map[string]o2c.CustomerItem{} // skuKey(customer code) -> the stored item
	for _, it := range m.CustomerItems {
		if it.CustomerID == o.CustomerID {
			known[skuKey(it.CustomerSKU)] = it
		}
	}
	var items []o2c.CustomerItem
	seen := map[string]bool{}
	for _, c := range candidates {
		sku, ok := products[skuKey(c.sku)]
		if !ok || seen[skuKey(c.code)] {
			continue // not one of our products: nothing to learn; a code met twice: the first line's
		}
		seen[skuKey(c.code)] = true
		it := o2c.CustomerItem{CustomerID: o.CustomerID, CustomerSKU: c.code, SKU: sku}
		if old, ok := known[skuKey(c.code)]; ok {
			if skuKey(old.SKU) == skuKey(sku) {
				continue
			}
			it.CustomerSKU = old.CustomerSKU // the same code as verification reads it: replace that row
		}
		items = append(items, it)
	}
	return items, nil
}

// skuKey compares article codes as verification does: without case or spaces.
func skuKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// layoutToLearn returns where a correction's header fields stand on its document, when the
// document is a PDF or a scan from a known sender; nil when there is nothing to learn. A document
// that can no longer be read teaches nothing (a person may have typed the whole order of an
// unreadable one); a passing failure to read it is returned.
func (s *Orders) layoutToLearn(ctx context.Context, doc *o2c.Document, before, after *o2c.OrderDraft) (*learnedLayout, error) {
	if k := reader.Kind(doc.Filename, doc.Content); k != "pdf" && k != "image" {
		return nil, nil
	}
	var fields []string
	for _, f := range layout.LearnedFields {
		if v := layout.FieldValue(after, f); v != "" && v != layout.FieldValue(before, f) {
			fields = append(fields, f)
		}
	}
	sender := senderKey(doc.Sender)
	if len(fields) == 0 || sender == "" {
		return nil, nil
	}
	r := s.Reader
	if r == nil {
		r = &reader.Reader{}
	}
	read, err := r.Read(ctx, doc.Filename, doc.Content)
	if c := o2c.ErrorCode(err); c == o2c.CodeInvalid || c == o2c.CodeTooLarge {
		s.logInfo(ctx, "the corrected document cannot be read to learn its layout", "document", doc.ID, "cause", o2c.ErrorMessage(err))
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read document %d to learn its layout: %w", doc.ID, err)
	}
	l := &learnedLayout{sender: sender, signature: layout.Signature(read), anchors: map[string]layout.Anchor{}}
	for _, f := range fields {
		// A value the document does not hold (the person typed what it does not say) teaches nothing.
		if a, ok := layout.Learn(read, f, layout.FieldValue(after, f)); ok {
			l.anchors[f] = a
			l.fields = append(l.fields, f)
		}
	}
	if len(l.fields) == 0 || len(l.signature) == 0 {
		return nil, nil
	}
	return l, nil
}

// saveLearnedLayout merges what was learned into the sender's template of the same layout (the
// most similar one, from layout.SameLayout), or starts a template of a new layout, and records
// the change. It returns the template's ID.
func saveLearnedLayout(ctx context.Context, tx o2c.Tx, l *learnedLayout, orderID int64, actor string) (int64, error) {
	stored, err := tx.FindLayoutTemplates(ctx, l.sender)
	if err != nil {
		return 0, fmt.Errorf("find layout templates of %s: %w", l.sender, err)
	}
	templates, err := decodeLayoutTemplates(stored)
	if err != nil {
		return 0, err
	}
	rec := &o2c.LayoutTemplate{Sender: l.sender, UpdatedBy: actor}
	t := layout.Template{Fields: map[string]layout.Anchor{}}
	var before json.RawMessage
	if i := closestTemplate(templates, l.signature); i >= 0 {
		rec.ID, t, before = stored[i].ID, templates[i], stored[i].Template
		if t.Fields == nil {
			t.Fields = map[string]layout.Anchor{}
		}
	}
	for f, a := range l.anchors {
		t.Fields[f] = a
	}
	t.Signature = l.signature // the latest document's: a layout drifts slowly
	if rec.Template, err = json.Marshal(t); err != nil {
		return 0, fmt.Errorf("encode layout template of %s: %w", l.sender, err)
	}
	if err := tx.SaveLayoutTemplate(ctx, rec); err != nil {
		return 0, fmt.Errorf("save layout template of %s: %w", l.sender, err)
	}
	e := &o2c.AuditEvent{Entity: "layout_template", EntityID: fmt.Sprint(rec.ID), Action: actionLearned, Actor: actor,
		Before: before, After: rec.Template,
		Note: fmt.Sprintf("%s learned from order %d of %s", strings.Join(l.fields, ", "), orderID, l.sender)}
	if err := tx.AddEvent(ctx, e); err != nil {
		return 0, fmt.Errorf("record layout template %d: %w", rec.ID, err)
	}
	return rec.ID, nil
}

// layoutTemplatesOf returns the layouts learned of a sender's documents.
func layoutTemplatesOf(ctx context.Context, r o2c.Reader, sender string) ([]layout.Template, error) {
	key := senderKey(sender)
	if key == "" {
		return nil, nil
	}
	stored, err := r.FindLayoutTemplates(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("find layout templates of %s: %w", key, err)
	}
	return decodeLayoutTemplates(stored)
}

// decodeLayoutTemplates gives stored templates their meaning.
func decodeLayoutTemplates(stored []o2c.LayoutTemplate) ([]layout.Template, error) {
	out := make([]layout.Template, len(stored))
	for i, st := range stored {
		if err := json.Unmarshal(st.Template, &out[i]); err != nil {
			return nil, fmt.Errorf("decode layout template %d of %s: %w", st.ID, st.Sender, err)
		}
	}
	return out, nil
}

// closestTemplate returns the index of the template of the same layout as a document with the
// signature sig, the most similar one; -1 when none is similar enough.
func closestTemplate(templates []layout.Template, sig []string) int {
	best, bestSim := -1, 0.0
	for i := range templates {
		if sim := layout.Similarity(templates[i].Signature, sig); sim >= layout.SameLayout && sim > bestSim {
			best, bestSim = i, sim
		}
	}
	return best
}

// senderKey is the sender as templates are kept under: an e-mail address alone and in lower case
// ("Anna <Anna@Kantine.example>" is anna@kantine.example), any other name as it is, trimmed.
func senderKey(s string) string {
	s = strings.TrimSpace(s)
	if a, err := mail.ParseAddress(s); err == nil {
		return strings.ToLower(a.Address)
	}
	return s
}

func (s *Orders) logInfo(ctx context.Context, msg string, args ...any) {
	if s.Log != nil {
		s.Log.InfoContext(ctx, msg, args...)
	}
}

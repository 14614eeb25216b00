package app_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/extract/layout"
)

// pdfCell is a text placed on a page, in millimetres from the top left.
type pdfCell struct {
	x, y  float64
	text  string
	size  float64
	right bool // right-aligned on x
}

// pdfOf writes cells on one page of a native PDF with the core Helvetica font (cp1252 text).
func pdfOf(t *testing.T, cells []pdfCell) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("")
	p.AddPage()
	for _, c := range cells {
		size := c.size
		if size == 0 {
			size = 9
		}
		p.SetFont("Helvetica", "", size)
		x := c.x
		if c.right {
			x -= p.GetStringWidth(tr(c.text))
		}
		p.Text(x, c.y, tr(c.text))
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// kantineOrder is a PDF order of the clean customer in a layout whose order number stands by a
// label no dictionary holds ("Vorgang", German for "transaction"), and whose line gives only the
// customer's own article code.
func kantineOrder(t *testing.T, po, code, qty string) []byte {
	t.Helper()
	return pdfOf(t, []pdfCell{
		{x: 20, y: 20, text: "Berliner Kantinen Service GmbH", size: 14},
		{x: 20, y: 26, text: "Friedrichstraße 68"},
		{x: 20, y: 30, text: "10117 Berlin"},
		{x: 20, y: 34, text: "USt-IdNr.: DE522700320"},
		{x: 120, y: 20, text: "Bestellung", size: 16},
		{x: 120, y: 30, text: "Vorgang"}, {x: 150, y: 30, text: po},
		{x: 120, y: 35, text: "Datum:"}, {x: 150, y: 35, text: "02.03.2026"},
		{x: 20, y: 60, text: "Pos."}, {x: 32, y: 60, text: "Kunden-Art.-Nr."}, {x: 70, y: 60, text: "Bezeichnung"},
		{x: 150, y: 60, text: "Menge", right: true},
		{x: 20, y: 68, text: "1"}, {x: 32, y: 68, text: code}, {x: 70, y: 68, text: "Mineralwasser still"},
		{x: 150, y: 68, text: qty, right: true},
	})
}

// TestLearnFromCorrection: the generic engine misses the order number of a sender's layout and
// the customer's article code is unknown; a person corrects both once; the learn job queued with
// the correction remembers them, and the sender's next order of that layout comes out right.
func TestLearnFromCorrection(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is missing: apt-get install poppler-utils")
	}
	const (
		sender = "buyer@kantine.example"
		code   = "K-7780" // the customer's code of still water, which master data does not know
	)
	b := setup(t)
	ctx := t.Context()
	receive := func(key, from string, content []byte) *o2c.Order {
		t.Helper()
		r, err := b.orders.Receive(ctx, app.ReceiveParams{Channel: o2c.ChannelEmail, Sender: from, Filename: "order.pdf",
			ContentType: "application/pdf", Content: content, NaturalKey: key, Actor: "test"})
		if err != nil {
			t.Fatalf("receive %s: %v", key, err)
		}
		if err := b.orders.ProcessOrder(ctx, r.Orders[0].ID); err != nil {
			t.Fatalf("process %s: %v", key, err)
		}
		return b.order(t, r.Orders[0].ID)
	}

	first := receive("<first@kantine.example>", sender, kantineOrder(t, "V-4711", code, "12"))
	if first.Status != o2c.OrderNeedsReview || first.PONumber == "V-4711" {
		t.Fatalf("first order is %s with PO %q: the generic engine already reads this layout, the test proves nothing",
			first.Status, first.PONumber)
	}
	if first.CustomerID != cleanCustomer {
		t.Fatalf("first order is of customer %q, want %s (by the VAT id on the document)", first.CustomerID, cleanCustomer)
	}
	if len(first.Lines) != 1 || first.Draft.Lines[0].BuyerSKU != code || first.Lines[0].MatchedBy == "customer_item" {
		t.Fatalf("first order's lines %+v (draft %+v), want one with the customer code %s, unmatched by it", first.Lines, first.Draft.Lines, code)
	}

	// The person's correction: the order number, and our product for the customer's code.
	fixed := *first.Draft
	fixed.Lines = slices.Clone(first.Draft.Lines)
	fixed.PONumber = "V-4711"
	fixed.Lines[0].SupplierSKU = skuMinQty
	if _, err := b.orders.Correct(ctx, first.ID, first.Version, "user:dana", &fixed); err != nil {
		t.Fatal(err)
	}
	if jobs := b.jobs.of(t, first.ID); !slices.Contains(jobs, learnJob(first.ID)) {
		t.Fatalf("jobs of the corrected order %v, want a learn job", jobs)
	}
	corrected := lastEvent(t, b.events(t, first.ID), "corrected")
	if err := b.orders.Learn(ctx, first.ID, corrected.ID); err != nil {
		t.Fatal(err)
	}

	// The order's history says what was learned, and so do the template's and the item's.
	learned := lastEvent(t, b.events(t, first.ID), "learned")
	for _, want := range []string{"layout of " + sender + " learned: po_number", "customer item " + code + " → " + skuMinQty + " learned"} {
		if !strings.Contains(learned.Note, want) {
			t.Errorf("learned event note %q does not say %q", learned.Note, want)
		}
	}
	if learned.Actor != "learn:user:dana" {
		t.Errorf("learned by %q, want learn:user:dana", learned.Actor)
	}
	var rec struct {
		LayoutTemplate int64 `json:"layout_template"`
	}
	if err := json.Unmarshal(learned.After, &rec); err != nil || rec.LayoutTemplate == 0 {
		t.Fatalf("learned event after %s names no template: %v", learned.After, err)
	}
	tplEvents, err := b.store.FindEvents(ctx, "layout_template", fmt.Sprint(rec.LayoutTemplate))
	if err != nil {
		t.Fatal(err)
	}
	if len(tplEvents) != 1 || tplEvents[0].Action != "learned" || !strings.Contains(tplEvents[0].Note, "po_number") {
		t.Fatalf("template events %+v, want one learned event naming po_number", tplEvents)
	}
	itemEvents, err := b.store.FindEvents(ctx, "customer_item", cleanCustomer+"/"+code)
	if err != nil {
		t.Fatal(err)
	}
	if len(itemEvents) != 1 || itemEvents[0].Action != "created" || itemEvents[0].Actor != "learn:user:dana" {
		t.Fatalf("customer item events %+v, want one created by learn:user:dana", itemEvents)
	}
	templates, err := b.store.FindLayoutTemplates(ctx, sender)
	if err != nil || len(templates) != 1 || templates[0].ID != rec.LayoutTemplate {
		t.Fatalf("templates of %s: %+v, %v; want the one learned", sender, templates, err)
	}

	// Learning from the same correction again (the job run twice) changes nothing.
	n := len(b.events(t, first.ID))
	if err := b.orders.Learn(ctx, first.ID, corrected.ID); err != nil {
		t.Fatal(err)
	}
	if got := len(b.events(t, first.ID)); got != n {
		t.Fatalf("learning twice added %d events to the order", got-n)
	}

	// The sender's next order of the layout, with another number, comes out right.
	next := receive("<next@kantine.example>", sender, kantineOrder(t, "V-5820", code, "24"))
	if next.PONumber != "V-5820" || next.Draft.PONumber != "V-5820" {
		t.Fatalf("next order has PO %q, want V-5820", next.PONumber)
	}
	if c := next.Draft.Confidence["po_number"]; c < 0.9 {
		t.Errorf("the learned PO number has confidence %.2f, want at least 0.9", c)
	}
	if !strings.Contains(next.Draft.Notes, "read with the layout learned from earlier corrections (fields: po_number") {
		t.Errorf("next order's notes %q do not say the learned layout was used", next.Draft.Notes)
	}
	if len(next.Lines) != 1 || next.Lines[0].SKU != skuMinQty || next.Lines[0].MatchedBy != "customer_item" {
		t.Fatalf("next order's lines %+v, want %s matched by customer_item", next.Lines, skuMinQty)
	}
	if next.Status != o2c.OrderApproved {
		t.Fatalf("next order is %s with anomalies %+v, want approved by the rules", next.Status, next.Anomalies)
	}

	// Another sender's order of the same layout is read as the engine reads it: the template is
	// the first sender's alone.
	other := receive("<other@elsewhere.example>", "buyer@elsewhere.example", kantineOrder(t, "V-6931", code, "36"))
	if other.PONumber == "V-6931" {
		t.Errorf("another sender's order was read with the learned layout")
	}
}

// TestExtractTemplates: a PDF is read with the templates of its sender, asked once with the
// sender; a failing look-up is an internal error, retried by the job, not an unreadable document;
// a template of another layout is not applied, and a document without a sender asks nothing.
func TestExtractTemplates(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is missing: apt-get install poppler-utils")
	}
	content := kantineOrder(t, "V-4711", "K-7780", "12")
	var asked []string
	other := layout.Template{Signature: []string{"commande", "quantite", "reference"},
		Fields: map[string]layout.Anchor{"po_number": {Label: "commande", SameCell: true, Page: 1}}}
	opts := app.ExtractOptions{Sender: "buyer@kantine.example", Templates: func(sender string) ([]layout.Template, error) {
		asked = append(asked, sender)
		return []layout.Template{other}, nil
	}}
	drafts, err := app.ExtractDocumentWith(t.Context(), "order.pdf", content, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(asked, []string{"buyer@kantine.example"}) {
		t.Fatalf("asked for %q, want the sender once", asked)
	}
	if len(drafts) != 1 || drafts[0].PONumber == "V-4711" || strings.Contains(drafts[0].Notes, "learned") {
		t.Fatalf("a template of another layout was applied: %+v", drafts)
	}

	opts.Sender, asked = "", nil
	if _, err := app.ExtractDocumentWith(t.Context(), "order.pdf", content, opts); err != nil || len(asked) != 0 {
		t.Fatalf("a document without a sender: %v, asked %q; want it read, asking nothing", err, asked)
	}

	failing := app.ExtractOptions{Sender: "buyer@kantine.example",
		Templates: func(string) ([]layout.Template, error) { return nil, errors.New("database down") }}
	_, err = app.ExtractDocumentWith(t.Context(), "order.pdf", content, failing)
	if o2c.ErrorCode(err) != o2c.CodeInternal || !strings.Contains(err.Error(), "layout templates") {
		t.Fatalf("failing look-up: %v, want an internal error", err)
	}
}

// TestLearnErrors: a learn job for an order or a correction that does not exist can never
// succeed; a correction with nothing to learn (an API order) learns nothing.
func TestLearnErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	o := b.reviewOrder(t, "PO-NOTHING")
	err := b.orders.Learn(t.Context(), 999, 1)
	wantCode(t, err, o2c.CodeInvalid)
	err = b.orders.Learn(t.Context(), o.ID, 999)
	wantCode(t, err, o2c.CodeInvalid)
	// A status event is no correction.
	wantCode(t, b.orders.Learn(t.Context(), o.ID, b.events(t, o.ID)[0].ID), o2c.CodeInvalid)

	fixed := b.cleanDraft(t, "PO-NOTHING", 0)
	if _, err := b.orders.Correct(t.Context(), o.ID, o.Version, "user:dana", &fixed); err != nil {
		t.Fatal(err)
	}
	if jobs := b.jobs.of(t, o.ID); !slices.Contains(jobs, learnJob(o.ID)) {
		t.Fatalf("jobs %v, want a learn job", jobs)
	}
	corrected := lastEvent(t, b.events(t, o.ID), "corrected")
	n := len(b.events(t, o.ID))
	if err := b.orders.Learn(t.Context(), o.ID, corrected.ID); err != nil {
		t.Fatal(err)
	}
	// The product was corrected, but the line has no customer code, and the document is no PDF.
	if got := len(b.events(t, o.ID)); got != n {
		t.Fatalf("learning from a correction with nothing to learn added %d events", got-n)
	}
}

func learnJob(id int64) job { return job{Kind: o2c.LearnJob{}.Kind(), OrderID: id} }

// lastEvent returns the last event of an action in a history.
func lastEvent(t *testing.T, es []o2c.AuditEvent, action string) o2c.AuditEvent {
	t.Helper()
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Action == action {
			return es[i]
		}
	}
	t.Fatalf("no %s event in %d events", action, len(es))
	return o2c.AuditEvent{}
}

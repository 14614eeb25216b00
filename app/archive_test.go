package app_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/archive"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
)

// TestArchiveOrderAndItsDocuments: an order that came by mail is archived when it is stored,
// tagged once it is read, and so are the files posted to the ERP and the confirmation mailed;
// the same bytes again are no second entry; the archive verifies clean.
func TestArchiveOrderAndItsDocuments(t *testing.T) {
	t.Parallel()
	r := setupResponder(t, true)
	a := archive.New(t.TempDir(), r.store)
	r.orders.Archiver = a
	o := r.mailOrder(t, "PO-ARCH-1")
	r.respond(t, o)
	r.smtp.Wait(t, 1, 10*time.Second)

	entries, total, err := r.store.FindArchiveEntries(t.Context(), o2c.ArchiveFilter{Tags: map[string]string{o2c.TagPONumber: "PO-ARCH-1"}})
	if err != nil {
		t.Fatal(err)
	}
	byType := map[o2c.ArchiveDocType][]*o2c.ArchiveEntry{}
	for _, e := range entries {
		byType[e.DocType] = append(byType[e.DocType], e)
		if e.Tags[o2c.TagCustomer] != cleanCustomer || e.Tags["customer_name"] == "" || e.Tags["order_id"] == "" {
			t.Errorf("%s is not tagged with the customer and the order: %v", e.FileName, e.Tags)
		}
	}
	if total != 4 || len(byType[o2c.ArchiveOrder]) != 1 || len(byType[o2c.ArchiveConfirmation]) != 1 || len(byType[o2c.ArchiveOther]) != 2 {
		t.Fatalf("archived %d: %v", total, byType)
	}
	orig := byType[o2c.ArchiveOrder][0]
	for k, want := range map[string]string{"channel": "email", "sender": "buyer@kantinen.example", o2c.TagCurrency: o.Currency,
		o2c.TagAmount: o.NetTotal.String(), o2c.TagDate: o.OrderDate.String(), "document_type": "purchase_order"} {
		if orig.Tags[k] != want {
			t.Errorf("the original's %s is %q, want %q", k, orig.Tags[k], want)
		}
	}
	full, err := r.store.FindArchiveEntryBySHA256(t.Context(), orig.SHA256)
	if err != nil || !strings.Contains(full.Body, "PO-ARCH-1") || full.ContentType != "application/json" {
		t.Fatalf("the original's entry: %+v, %v", full, err)
	}
	conf, err := r.store.FindArchiveEntryBySHA256(t.Context(), byType[o2c.ArchiveConfirmation][0].SHA256)
	if err != nil || conf.ContentType != "application/pdf" || !strings.Contains(conf.Body, "PO-ARCH-1") || conf.Tags["kind"] != "confirmation" {
		t.Fatalf("the confirmation's entry: %+v, %v", conf, err)
	}
	_, blob, err := a.Open(t.Context(), conf.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 5)
	if _, err := blob.Read(head); err != nil || !bytes.Equal(head, []byte("%PDF-")) {
		t.Fatalf("the archived confirmation is no PDF: %q %v", head, err)
	}
	blob.Close()
	for _, e := range byType[o2c.ArchiveOther] {
		if e.Tags["kind"] != "erp_export" || !strings.HasPrefix(e.FileName, app.IdempotencyKey(o.ID)) {
			t.Errorf("outbox file %s: %v", e.FileName, e.Tags)
		}
	}

	// The same file again, by another way: one entry still.
	doc, err := r.store.FindDocumentByID(t.Context(), o.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelAPI, Filename: "again.json",
		Content: doc.Content, Actor: "api:test"}); err != nil {
		t.Fatal(err)
	}
	if _, n, err := r.store.FindArchiveEntries(t.Context(), o2c.ArchiveFilter{}); err != nil || n != 4 {
		t.Fatalf("%d entries after the same bytes again (%v), want 4", n, err)
	}
	rep, err := a.Verify(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 0 || rep.Entries != 4 || rep.Records < 5 {
		t.Fatalf("verify: %+v", rep)
	}
}

// TestArchiveCorrectedOrderTagsItsOriginal: a document nobody could read is archived when it
// arrives; the order a person types in for it tags the original.
func TestArchiveCorrectedOrderTagsItsOriginal(t *testing.T) {
	t.Parallel()
	b := setup(t)
	a := archive.New(t.TempDir(), b.store)
	b.orders.Archiver = a
	got, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelFolder, Filename: "scan.txt",
		Content: []byte("Bonjour, voici notre commande"), Actor: "folder"})
	if err != nil {
		t.Fatal(err)
	}
	id := got.Orders[0].ID
	if err := b.orders.ProcessOrder(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	o := b.order(t, id)
	if o.Status != o2c.OrderNeedsReview {
		t.Fatalf("order %d is %s", id, o.Status)
	}
	sum := got.Document.SHA256
	e, err := b.store.FindArchiveEntryBySHA256(t.Context(), sum)
	if err != nil || e.DocType != o2c.ArchiveOrder || e.Body != "Bonjour, voici notre commande" || e.Tags[o2c.TagPONumber] != "" {
		t.Fatalf("the unreadable original: %+v %v", e, err)
	}
	d := b.cleanDraft(t, "PO-TYPED-1", 0)
	if _, err := b.orders.Correct(t.Context(), id, o.Version, "user:anna", &d); err != nil {
		t.Fatal(err)
	}
	e, err = b.store.FindArchiveEntryBySHA256(t.Context(), sum)
	if err != nil || e.Tags[o2c.TagPONumber] != "PO-TYPED-1" || e.Tags[o2c.TagCustomer] != cleanCustomer {
		t.Fatalf("the corrected order did not tag its original: %v %v", e.Tags, err)
	}
	found, n, err := b.store.FindArchiveEntries(t.Context(), o2c.ArchiveFilter{Text: "commande po-typed-1"})
	if err != nil || n != 1 || found[0].SHA256 != sum {
		t.Fatalf("search by text and the typed PO: %d %v", n, err)
	}
	if rep, err := a.Verify(t.Context()); err != nil || len(rep.Problems) != 0 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

// The words of a PDF are found by search: the text the process job read is archived beside the
// original (which never changes) as a text rendition naming it.
func TestArchivePDFText(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("poppler-utils is not installed")
	}
	b := setup(t)
	a := archive.New(t.TempDir(), b.store)
	b.orders.Archiver = a
	got, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelPDF, Sender: demo.ReviewPDFSender,
		Filename: demo.ReviewPDFName, Content: demo.ReviewPDF(cal.MustParse("2026-11-27")), Actor: "folder"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.orders.ProcessOrder(t.Context(), got.Orders[0].ID); err != nil {
		t.Fatal(err)
	}
	found, n, err := b.store.FindArchiveEntries(t.Context(), o2c.ArchiveFilter{Text: "Oberkampf blend"})
	if err != nil || n != 1 {
		t.Fatalf("search for words of the PDF: %d entries, %v", n, err)
	}
	r, err := b.store.FindArchiveEntryBySHA256(t.Context(), found[0].SHA256) // with its body
	if err != nil {
		t.Fatal(err)
	}
	if r.Tags["text_of"] != got.Document.SHA256 || r.FileName != demo.ReviewPDFName+".txt" ||
		r.Tags[o2c.TagPONumber] != demo.ReviewPDFPO || !strings.Contains(r.Body, "House blend special roast") {
		t.Fatalf("the text rendition: %+v", r)
	}
	// Processing again (a retried job) adds nothing.
	if err := b.orders.ProcessOrder(t.Context(), got.Orders[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := b.store.FindArchiveEntries(t.Context(), o2c.ArchiveFilter{Text: "Oberkampf"}); n != 1 {
		t.Errorf("after a second run %d entries hold the words, want 1", n)
	}
	if rep, err := a.Verify(t.Context()); err != nil || len(rep.Problems) != 0 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

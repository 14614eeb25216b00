package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// issuedInvoice stores an issued invoice of customer C1 numbered number.
func issuedInvoice(t *testing.T, s o2c.Store, number string) *o2c.Invoice {
	t.Helper()
	inv := invoiceOf("C1")
	inv.Number, inv.Status, inv.Faults = number, o2c.InvoiceSent, nil
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.CreateInvoice(ctx(t), inv)) })
	return inv
}

func testDisputeRoundTrip(t *testing.T, s o2c.Store) {
	_, err := s.FindDisputeByID(ctx(t), 1)
	wantCode(t, err, o2c.CodeNotFound)
	inv := issuedInvoice(t, s, "F2026-000001")

	qty := dec("2.500")
	d := &o2c.Dispute{InvoiceID: inv.ID, CustomerID: "ignored", Currency: "USD", Status: o2c.DisputeOpen,
		Reason: o2c.DisputeDamaged, Lines: []o2c.DisputeLine{{LineID: "1", Quantity: &qty}, {LineID: "2"}},
		Amount: dec("30.00"), Owner: "ar@supplier.example", DueDate: cal.MustParse("2026-04-15"), CreatedBy: "user:ann",
		WrittenOff: dec("0.00")}
	var created time.Time
	inTx(t, s, func(tx o2c.Tx) {
		created = tx.Now()
		must(t, tx.CreateDispute(ctx(t), d))
	})
	if d.ID == 0 || d.Version != 1 || !d.CreatedAt.Equal(stored(created)) || d.InvoiceNumber != "F2026-000001" ||
		d.CustomerID != "C1" || d.Currency != "EUR" {
		t.Fatalf("created dispute %+v, want an id, version 1, the invoice's number, customer and currency", d)
	}
	got, err := s.FindDisputeByID(ctx(t), d.ID)
	must(t, err)
	wantJSON(t, "stored dispute", got, d)
	wantExact(t, "amount", got.Amount, "30.00")
	wantExact(t, "line quantity", *got.Lines[0].Quantity, "2.500")

	// Comments and documents come back in order, with who and when.
	c1, c2 := &o2c.DisputeComment{Author: "user:ann", Text: "Photos attached."}, &o2c.DisputeComment{Author: "user:bob", Text: "Checking with the carrier."}
	doc := &o2c.DisputeDocument{SHA256: strings.Repeat("ab", 32), FileName: "photo.jpg", AddedBy: "user:ann"}
	var commented time.Time
	inTx(t, s, func(tx o2c.Tx) {
		commented = tx.Now()
		must(t, tx.AddDisputeComment(ctx(t), d.ID, c1))
		must(t, tx.AddDisputeComment(ctx(t), d.ID, c2))
		must(t, tx.AddDisputeDocument(ctx(t), d.ID, doc))
	})
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.AddDisputeDocument(ctx(t), d.ID, doc) })
	wantCode(t, err, o2c.CodeConflict)
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.AddDisputeComment(ctx(t), 999, &o2c.DisputeComment{Author: "x", Text: "y"})
	})
	wantCode(t, err, o2c.CodeNotFound)
	got, err = s.FindDisputeByID(ctx(t), d.ID)
	must(t, err)
	if len(got.Comments) != 2 || got.Comments[0].Text != c1.Text || got.Comments[1].Author != "user:bob" ||
		!got.Comments[0].At.Equal(stored(commented)) || got.Comments[0].ID >= got.Comments[1].ID {
		t.Fatalf("comments %+v", got.Comments)
	}
	if len(got.Documents) != 1 || got.Documents[0].SHA256 != doc.SHA256 || got.Documents[0].FileName != "photo.jpg" ||
		!got.Documents[0].AddedAt.Equal(stored(commented)) {
		t.Fatalf("documents %+v", got.Documents)
	}

	// Resolving saves the resolution and stamps the moment; a stale version is refused.
	got.Status, got.Resolution, got.ResolutionNote, got.WrittenOff, got.ResolvedBy = o2c.DisputeResolved,
		o2c.ResolvedByWriteOff, "goodwill", dec("30.00"), "user:bob"
	var resolved time.Time
	inTx(t, s, func(tx o2c.Tx) {
		resolved = tx.Now()
		must(t, tx.UpdateDispute(ctx(t), got))
	})
	if got.Version != 2 || !got.ResolvedAt.Equal(stored(resolved)) {
		t.Fatalf("after update version %d resolved at %s, want 2 and %s", got.Version, got.ResolvedAt, resolved)
	}
	again, err := s.FindDisputeByID(ctx(t), d.ID)
	must(t, err)
	if again.Status != o2c.DisputeResolved || again.Resolution != o2c.ResolvedByWriteOff || exact(again.WrittenOff) != "30.00" ||
		again.ResolvedBy != "user:bob" || !again.ResolvedAt.Equal(got.ResolvedAt) || again.Version != 2 {
		t.Fatalf("resolved dispute %+v", again)
	}
	stale := *again
	stale.Version = 1
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateDispute(ctx(t), &stale) })
	wantCode(t, err, o2c.CodeConflict)
	stale.ID = 999
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateDispute(ctx(t), &stale) })
	wantCode(t, err, o2c.CodeNotFound)
	bad := *again
	bad.Reason = "angry"
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateDispute(ctx(t), &bad) })
	wantCode(t, err, o2c.CodeInvalid)
}

func testDisputeConflicts(t *testing.T, s o2c.Store) {
	inv := issuedInvoice(t, s, "F2026-000001")
	mk := func(ref string) *o2c.Dispute {
		return &o2c.Dispute{InvoiceID: inv.ID, Status: o2c.DisputeProposed, Reason: o2c.DisputeOther, Amount: dec("5.00"),
			PaymentRef: ref, CreatedBy: "job:payments"}
	}
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.CreateDispute(ctx(t), mk("TX-1"))) })
	// The same payment proposes once; another payment, or a dispute by hand (no reference), is new.
	err := s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateDispute(ctx(t), mk("TX-1")) })
	wantCode(t, err, o2c.CodeConflict)
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreateDispute(ctx(t), mk("TX-2")))
		must(t, tx.CreateDispute(ctx(t), mk("")))
		must(t, tx.CreateDispute(ctx(t), mk("")))
	})
	missing := mk("TX-3")
	missing.InvoiceID = 999
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateDispute(ctx(t), missing) })
	wantCode(t, err, o2c.CodeNotFound)
	sub := mk("")
	sub.Amount = dec("0.001")
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateDispute(ctx(t), sub) })
	wantCode(t, err, o2c.CodeInvalid)
	_, total, err := s.FindDisputes(ctx(t), o2c.DisputeFilter{})
	must(t, err)
	if total != 4 {
		t.Fatalf("%d disputes stored, want 4", total)
	}
}

func testFindDisputes(t *testing.T, s o2c.Store) {
	a, b := issuedInvoice(t, s, "F2026-000001"), issuedInvoice(t, s, "F2026-000002")
	mk := func(inv *o2c.Invoice, status o2c.DisputeStatus, owner, due string) *o2c.Dispute {
		d := &o2c.Dispute{InvoiceID: inv.ID, Status: status, Reason: o2c.DisputePrice, Amount: dec("1.00"), Owner: owner, CreatedBy: "t"}
		if due != "" {
			d.DueDate = cal.MustParse(due)
		}
		return d
	}
	ds := []*o2c.Dispute{
		mk(a, o2c.DisputeOpen, "ann", "2026-04-10"),
		mk(a, o2c.DisputeResolved, "bob", ""),
		mk(b, o2c.DisputeInProgress, "ann", "2026-04-01"),
		mk(b, o2c.DisputeProposed, "", ""),
	}
	inTx(t, s, func(tx o2c.Tx) {
		for _, d := range ds {
			must(t, tx.CreateDispute(ctx(t), d))
		}
	})
	for _, tt := range []struct {
		name string
		f    o2c.DisputeFilter
		want []int // indexes into ds, in the order expected
	}{
		{"All_DueFirst", o2c.DisputeFilter{}, []int{2, 0, 1, 3}},
		{"Active", o2c.DisputeFilter{Status: []o2c.DisputeStatus{o2c.DisputeOpen, o2c.DisputeInProgress}}, []int{2, 0}},
		{"Invoice", o2c.DisputeFilter{InvoiceID: a.ID}, []int{0, 1}},
		{"Owner", o2c.DisputeFilter{Owner: "ann"}, []int{2, 0}},
		{"Customer", o2c.DisputeFilter{CustomerID: "C2"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := s.FindDisputes(ctx(t), tt.f)
			must(t, err)
			var got, want []int64
			for _, d := range list {
				got = append(got, d.ID)
				if d.InvoiceNumber == "" || d.Comments != nil {
					t.Fatalf("listed dispute %+v: want its invoice number and no thread", d)
				}
			}
			for _, i := range tt.want {
				want = append(want, ds[i].ID)
			}
			if !slices.Equal(got, want) || total != len(want) {
				t.Fatalf("disputes %v (total %d), want %v", got, total, want)
			}
		})
	}
	list, total, err := s.FindDisputes(ctx(t), o2c.DisputeFilter{Limit: 2, Offset: 1})
	must(t, err)
	if len(list) != 2 || total != 4 || list[0].ID != ds[0].ID {
		t.Fatalf("page of 2 from 1: %d disputes, total %d", len(list), total)
	}
}

func testSentReminders(t *testing.T, s o2c.Store) {
	a, b := issuedInvoice(t, s, "F2026-000001"), issuedInvoice(t, s, "F2026-000002")
	got, err := s.FindSentReminders(ctx(t), []int64{a.ID})
	must(t, err)
	if got == nil || len(got) != 0 {
		t.Fatalf("reminders of a new invoice: %+v, want an empty list", got)
	}
	r := &o2c.SentReminder{InvoiceID: a.ID, Level: "friendly", Date: cal.MustParse("2026-04-08"), To: "ap@buyer.example",
		Amount: dec("90.00"), Currency: "EUR", Ref: "reminder-F2026-000001-friendly@supplier.example", Actor: "job:reminders"}
	var sent time.Time
	inTx(t, s, func(tx o2c.Tx) {
		sent = tx.Now()
		must(t, tx.CreateSentReminder(ctx(t), r))
	})
	// A level is recorded once per invoice, ever; another level or invoice is new.
	dup := *r
	dup.Date = cal.MustParse("2026-04-09")
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateSentReminder(ctx(t), &dup) })
	wantCode(t, err, o2c.CodeConflict)
	firm := *r
	firm.Level, firm.Date = "firm", cal.MustParse("2026-04-22")
	other := *r
	other.InvoiceID = b.ID
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreateSentReminder(ctx(t), &firm))
		must(t, tx.CreateSentReminder(ctx(t), &other))
	})
	missing := *r
	missing.InvoiceID = 999
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateSentReminder(ctx(t), &missing) })
	wantCode(t, err, o2c.CodeNotFound)

	got, err = s.FindSentReminders(ctx(t), []int64{a.ID})
	must(t, err)
	r.SentAt = stored(sent)
	if len(got) != 2 || got[1].Level != "firm" {
		t.Fatalf("reminders of %d: %+v, want friendly then firm", a.ID, got)
	}
	wantJSON(t, "reminder sent", got[0], *r)
	wantExact(t, "amount", got[0].Amount, "90.00")
	got, err = s.FindSentReminders(ctx(t), []int64{a.ID, b.ID, 12345})
	must(t, err)
	if len(got) != 3 || got[2].InvoiceID != b.ID {
		t.Fatalf("reminders of both: %+v", got)
	}
}

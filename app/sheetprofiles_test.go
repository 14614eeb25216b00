package app_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/sheet"
)

// kantineSender is the ordering address of the clean customer (Berliner Kantinen Service GmbH).
const kantineSender = "bestellungen@berliner-kantinen.de"

// kantineSheet is an order list whose headers no dictionary knows: without a profile it has no
// header row. Its article column holds the customer's own codes (see demo customer_items):
// 471100123 is BEV-1001 (espresso beans), 471100140 is BEV-1046 (milk, packs of 6).
func kantineSheet(po string, beans, milk int) []byte {
	return fmt.Appendf(nil, "Bestellung %s\nKennung;Wieviel;Was\n471100123;%d;Kaffee\n471100140;%d;Milch\n", po, beans, milk)
}

// kantineMail is a mail from the customer with kantineSheet(po, 2, 6) attached.
func kantineMail(po string) []byte {
	return []byte(strings.ReplaceAll("Message-ID: <po-"+po+"@berliner-kantinen.de>\nFrom: Einkauf <"+kantineSender+">\n"+
		"To: orders@supplier.example\nSubject: Bestellung\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"+
		"--b\nContent-Type: text/plain\n\nAnbei unsere Bestellung.\n"+
		"--b\nContent-Type: text/csv; name=liste.csv\nContent-Disposition: attachment; filename=liste.csv\n\n"+
		string(kantineSheet(po, 2, 6))+"--b--\n", "\n", "\r\n"))
}

// kantineProfile reads kantineSheet.
func kantineProfile() sheet.Profile {
	return sheet.Profile{Name: "Kantine, Bestellliste", Columns: map[string]string{"buyer_sku": "Kennung", "quantity": "Wieviel", "description": "Was"}}
}

func (b *bundle) receiveFrom(t *testing.T, channel o2c.Channel, sender, name string, content []byte) *o2c.Order {
	t.Helper()
	r, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: channel, Sender: sender, Filename: name,
		Content: content, Actor: string(channel)})
	if err != nil {
		t.Fatalf("receive %s: %v", name, err)
	}
	if !r.Created || len(r.Orders) != 1 {
		t.Fatalf("receive %s: created %v with %d orders", name, r.Created, len(r.Orders))
	}
	return r.Orders[0]
}

// wantLines checks an order's lines as "SKU qty" in document order.
func wantLines(t *testing.T, o *o2c.Order, want ...string) {
	t.Helper()
	var got []string
	for _, l := range o.Lines {
		got = append(got, l.SKU+" "+l.Quantity.String())
	}
	if !slices.Equal(got, want) {
		t.Fatalf("order %d (%s, anomalies %v) has lines %q, want %q", o.ID, o.Status, anomalyCodes(o), got, want)
	}
}

func TestSheetProfilesSave(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		profiles := &app.SheetProfiles{Store: b.store}
		p := kantineProfile()
		p.Name = ""
		saved, created, err := profiles.Save(t.Context(), cleanCustomer, p, "api:desk")
		if err != nil || !created {
			t.Fatalf("Save = created %v, %v; want a new profile", created, err)
		}
		if saved.Profile.Name != "Berliner Kantinen Service GmbH" || saved.UpdatedBy != "api:desk" || !saved.UpdatedAt.Equal(now) {
			t.Fatalf("saved %+v, want the customer's name, the actor and the store's clock", saved)
		}
		p2 := kantineProfile()
		p2.DateFormat = "TT.MM.JJJJ"
		if _, created, err := profiles.Save(t.Context(), cleanCustomer, p2, "api:other"); err != nil || created {
			t.Fatalf("second Save = created %v, %v; want an update", created, err)
		}
		got, err := profiles.Get(t.Context(), cleanCustomer)
		if err != nil || got.Profile.DateFormat != "TT.MM.JJJJ" || got.Profile.Columns["buyer_sku"] != "Kennung" || got.UpdatedBy != "api:other" {
			t.Fatalf("Get = %+v, %v; want the second profile", got, err)
		}
		list, err := profiles.List(t.Context())
		if err != nil || len(list) != 1 || list[0].CustomerID != cleanCustomer {
			t.Fatalf("List = %+v, %v", list, err)
		}
		if err := profiles.Delete(t.Context(), cleanCustomer, "api:desk"); err != nil {
			t.Fatal(err)
		}
		if _, err := profiles.Get(t.Context(), cleanCustomer); o2c.ErrorCode(err) != o2c.CodeNotFound {
			t.Fatalf("Get after Delete = %v, want CodeNotFound", err)
		}
		if err := profiles.Delete(t.Context(), cleanCustomer, "api:desk"); o2c.ErrorCode(err) != o2c.CodeNotFound {
			t.Fatalf("second Delete = %v, want CodeNotFound", err)
		}

		// The audit trail holds each change with the profile before and after.
		es, err := b.store.FindEvents(t.Context(), "sheet_profile", cleanCustomer)
		if err != nil {
			t.Fatal(err)
		}
		type trail struct{ action, actor, before, after string }
		name := func(raw json.RawMessage) string {
			if len(raw) == 0 {
				return ""
			}
			var p sheet.Profile
			if err := json.Unmarshal(raw, &p); err != nil {
				t.Fatalf("event profile %s: %v", raw, err)
			}
			return p.Name + "/" + p.DateFormat
		}
		var got3 []trail
		for _, e := range es {
			got3 = append(got3, trail{e.Action, e.Actor, name(e.Before), name(e.After)})
		}
		want := []trail{
			{"created", "api:desk", "", "Berliner Kantinen Service GmbH/"},
			{"updated", "api:other", "Berliner Kantinen Service GmbH/", "Kantine, Bestellliste/TT.MM.JJJJ"},
			{"deleted", "api:desk", "Kantine, Bestellliste/TT.MM.JJJJ", ""},
		}
		if !slices.Equal(got3, want) {
			t.Fatalf("audit trail %+v, want %+v", got3, want)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		profiles := &app.SheetProfiles{Store: b.store}
		p := sheet.Profile{Name: "x", Delimiter: ":", Columns: map[string]string{"qty": "Menge"}}
		_, _, err := profiles.Save(t.Context(), cleanCustomer, p, "api:desk")
		var paths []string
		for _, f := range o2c.ErrorFaults(err) {
			paths = append(paths, f.Path)
		}
		if o2c.ErrorCode(err) != o2c.CodeInvalid || strings.Join(paths, " ") != "$.delimiter $.columns.qty" {
			t.Fatalf("Save = %v with faults at %v, want CodeInvalid at $.delimiter and $.columns.qty", err, paths)
		}
		if _, err := profiles.Get(t.Context(), cleanCustomer); o2c.ErrorCode(err) != o2c.CodeNotFound {
			t.Fatalf("an invalid profile was saved: %v", err)
		}
	})

	t.Run("ErrUnknownCustomer", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		profiles := &app.SheetProfiles{Store: b.store}
		_, _, err := profiles.Save(t.Context(), "C99999", kantineProfile(), "api:desk")
		faults := o2c.ErrorFaults(err)
		if o2c.ErrorCode(err) != o2c.CodeNotFound || len(faults) != 1 || faults[0].Rule != app.RuleProfileCustomer {
			t.Fatalf("Save = %v with %+v, want CodeNotFound with a %s fault", err, faults, app.RuleProfileCustomer)
		}
		es, err := b.store.FindEvents(t.Context(), "sheet_profile", "C99999")
		if err != nil || len(es) != 0 {
			t.Fatalf("events %+v, %v; want none", es, err)
		}
	})
}

// TestSheetProfileBySender: a CSV the header words cannot read goes to review as UNREADABLE; once
// the customer of the sender's address has a profile, the next file of that layout is read by it,
// and the customer's own article codes find our products.
func TestSheetProfileBySender(t *testing.T) {
	t.Parallel()
	b := setup(t)
	profiles := &app.SheetProfiles{Store: b.store}

	first := b.process(t, b.receiveFrom(t, o2c.ChannelEmail, kantineSender, "bestellung.csv", kantineSheet("4711", 3, 12)).ID)
	if first.Status != o2c.OrderNeedsReview || !slices.Equal(anomalyCodes(first), []o2c.AnomalyCode{o2c.AnomalyUnreadable}) {
		t.Fatalf("without a profile: %s with %+v, want UNREADABLE in review", first.Status, first.Anomalies)
	}

	if _, _, err := profiles.Save(t.Context(), cleanCustomer, kantineProfile(), "api:desk"); err != nil {
		t.Fatal(err)
	}
	second := b.process(t, b.receiveFrom(t, o2c.ChannelEmail, kantineSender, "bestellung.csv", kantineSheet("4712", 4, 18)).ID)
	if second.CustomerID != cleanCustomer || second.PONumber != "4712" {
		t.Fatalf("with the profile: customer %q PO %q, want %s and 4712", second.CustomerID, second.PONumber, cleanCustomer)
	}
	wantLines(t, second, "BEV-1001 4", "BEV-1046 18")
	if second.Draft.Lines[0].BuyerSKU != "471100123" || second.Draft.Lines[1].Description != "Milch" {
		t.Fatalf("draft lines %+v, want the customer's codes and descriptions", second.Draft.Lines)
	}

	// Another sender of the same domain is the same customer; a sender of no customer is not
	// read with anyone's profile.
	third := b.process(t, b.receiveFrom(t, o2c.ChannelEmail, "kueche@berliner-kantinen.de", "liste.csv", kantineSheet("4713", 5, 24)).ID)
	wantLines(t, third, "BEV-1001 5", "BEV-1046 24")
	stranger := b.process(t, b.receiveFrom(t, o2c.ChannelEmail, "someone@example.org", "liste.csv", kantineSheet("4714", 5, 24)).ID)
	if !slices.Equal(anomalyCodes(stranger), []o2c.AnomalyCode{o2c.AnomalyUnreadable}) {
		t.Fatalf("a stranger's file: %s with %+v, want UNREADABLE", stranger.Status, stranger.Anomalies)
	}
}

// TestSheetProfileByMail: a mail that must be read whole (.eml) reads its CSV attachment with
// the profile of the mail's sender.
func TestSheetProfileByMail(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if _, _, err := (&app.SheetProfiles{Store: b.store}).Save(t.Context(), cleanCustomer, kantineProfile(), "api:desk"); err != nil {
		t.Fatal(err)
	}
	o := b.process(t, b.receiveFrom(t, o2c.ChannelEmail, "", "message.eml", kantineMail("4720")).ID)
	wantLines(t, o, "BEV-1001 2", "BEV-1046 6")
}

// TestSheetProfileByFirstRead: a file from no known sender whose header words read it wrongly
// (the customer's code column looks like ours) is read again with the profile of the customer that
// the first read names by its VAT id.
func TestSheetProfileByFirstRead(t *testing.T) {
	t.Parallel()
	b := setup(t)
	vat := b.customer(t, cleanCustomer).VATID
	file := func(po string) []byte {
		return fmt.Appendf(nil, "Bestellung %s\nUSt-IdNr.: %s\n\nKd-Code;Stückzahl;Text\n471100123;3;Kaffee\n471100140;12;Milch\n", po, vat)
	}

	before := b.process(t, b.receiveFrom(t, o2c.ChannelFolder, "", "a.csv", file("4801")).ID)
	if before.CustomerID != cleanCustomer || !slices.Contains(anomalyCodes(before), o2c.AnomalyUnknownProduct) {
		t.Fatalf("without a profile: customer %q, anomalies %v; want %s with UNKNOWN_PRODUCT", before.CustomerID, anomalyCodes(before), cleanCustomer)
	}

	p := sheet.Profile{Name: "Kantine", Columns: map[string]string{"buyer_sku": "Kd-Code"}}
	if _, _, err := (&app.SheetProfiles{Store: b.store}).Save(t.Context(), cleanCustomer, p, "api:desk"); err != nil {
		t.Fatal(err)
	}
	after := b.process(t, b.receiveFrom(t, o2c.ChannelFolder, "", "b.csv", file("4802")).ID)
	wantLines(t, after, "BEV-1001 3", "BEV-1046 12")
	if after.Draft.Lines[0].BuyerSKU != "471100123" || after.Draft.Lines[0].SupplierSKU != "" {
		t.Fatalf("draft line %+v, want the code read as the customer's", after.Draft.Lines[0])
	}

	// A profile that does not fit the file leaves the first read.
	p.Columns = map[string]string{"buyer_sku": "Kundenartikel"}
	if _, _, err := (&app.SheetProfiles{Store: b.store}).Save(t.Context(), cleanCustomer, p, "api:desk"); err != nil {
		t.Fatal(err)
	}
	misfit := b.process(t, b.receiveFrom(t, o2c.ChannelFolder, "", "c.csv", file("4803")).ID)
	if misfit.Draft == nil || len(misfit.Draft.Lines) != 2 || misfit.Draft.Lines[0].SupplierSKU != "471100123" {
		t.Fatalf("with a profile that does not fit: draft %+v, want the read by header words", misfit.Draft)
	}
}

func TestExtractDocumentWithAsksOncePerSheet(t *testing.T) {
	t.Parallel()
	var asked []string
	lookup := func(sender string) (*sheet.Profile, error) {
		asked = append(asked, sender)
		p := kantineProfile()
		return &p, nil
	}
	drafts, err := app.ExtractDocumentWith(t.Context(), "liste.csv", kantineSheet("1", 1, 6), app.ExtractOptions{Sender: kantineSender, SheetProfile: lookup})
	if err != nil || len(drafts) != 1 || len(drafts[0].Lines) != 2 {
		t.Fatalf("ExtractDocumentWith = %+v, %v", drafts, err)
	}
	if _, err := app.ExtractDocumentWith(t.Context(), "order.json", []byte(`{"document_type":"purchase_order","lines":[{"quantity":"1"}]}`),
		app.ExtractOptions{Sender: kantineSender, SheetProfile: lookup}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(asked, []string{kantineSender}) {
		t.Fatalf("asked for %q, want the CSV's sender once and nothing for JSON", asked)
	}

	// A failing look-up is an internal error, retried by the job, not an unreadable document;
	// also for a file that a mail carries.
	failing := app.ExtractOptions{Sender: kantineSender,
		SheetProfile: func(string) (*sheet.Profile, error) { return nil, errors.New("database down") }}
	_, err = app.ExtractDocumentWith(t.Context(), "liste.csv", kantineSheet("1", 1, 6), failing)
	if o2c.ErrorCode(err) != o2c.CodeInternal {
		t.Fatalf("failing look-up: %v, want an internal error", err)
	}
	_, err = app.ExtractDocumentWith(t.Context(), "message.eml", kantineMail("1"), failing)
	if o2c.ErrorCode(err) != o2c.CodeInternal {
		t.Fatalf("failing look-up for a mail's file: %v, want an internal error", err)
	}
}

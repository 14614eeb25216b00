package storetest

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

func testSheetProfiles(t *testing.T, s o2c.Store) {
	inTx(t, s, func(tx o2c.Tx) {
		_, err := tx.UpsertMasterData(ctx(t), &o2c.MasterData{Customers: []o2c.Customer{{ID: "C2", Name: "Beta SARL"}, {ID: "C1", Name: "Müller GmbH"}}})
		must(t, err)
	})
	_, err := s.FindSheetProfile(ctx(t), "C1")
	wantCode(t, err, o2c.CodeNotFound)
	list, err := s.FindSheetProfiles(ctx(t))
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("empty store lists %d sheet profiles", len(list))
	}

	// The first save inserts; the UpdatedAt given is ignored for the transaction's Now, and the
	// profile comes back byte for byte (key order, non-ASCII text, a tab escape).
	mueller := json.RawMessage(`{"name":"Müller GmbH, Bestellliste","delimiter":"\t","columns":{"quantity":"Stückzahl","buyer_sku":"Kd-Code"}}`)
	var first time.Time
	inTx(t, s, func(tx o2c.Tx) {
		first = tx.Now()
		must(t, tx.SaveSheetProfile(ctx(t), o2c.SheetProfile{CustomerID: "C1", Profile: mueller, UpdatedBy: "api:desk",
			UpdatedAt: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)}))
		got, err := tx.FindSheetProfile(ctx(t), "C1") // the transaction reads its own write
		must(t, err)
		wantJSON(t, "profile in the transaction", got, &o2c.SheetProfile{CustomerID: "C1", Profile: mueller, UpdatedAt: first, UpdatedBy: "api:desk"})
	})
	got, err := s.FindSheetProfile(ctx(t), "C1")
	must(t, err)
	wantJSON(t, "saved profile", got, &o2c.SheetProfile{CustomerID: "C1", Profile: mueller, UpdatedAt: first, UpdatedBy: "api:desk"})
	if string(got.Profile) != string(mueller) {
		t.Fatalf("profile came back as %s, want exactly %s", got.Profile, mueller)
	}
	if got.UpdatedAt.Location() != time.UTC {
		t.Fatalf("UpdatedAt %v is not in UTC", got.UpdatedAt)
	}

	// Saving again replaces the profile and who saved it, and when.
	replaced := json.RawMessage(`{"name":"Müller","header_row":3}`)
	var second time.Time
	inTx(t, s, func(tx o2c.Tx) {
		second = tx.Now()
		must(t, tx.SaveSheetProfile(ctx(t), o2c.SheetProfile{CustomerID: "C1", Profile: replaced, UpdatedBy: "user:anna"}))
	})
	got, err = s.FindSheetProfile(ctx(t), "C1")
	must(t, err)
	wantJSON(t, "replaced profile", got, &o2c.SheetProfile{CustomerID: "C1", Profile: replaced, UpdatedAt: second, UpdatedBy: "user:anna"})

	// Another customer has its own; the list is by customer id.
	beta := json.RawMessage(`{"name":"Beta","date_format":"DD/MM/YYYY"}`)
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.SaveSheetProfile(ctx(t), o2c.SheetProfile{CustomerID: "C2", Profile: beta, UpdatedBy: "api:desk"}))
	})
	list, err = s.FindSheetProfiles(ctx(t))
	must(t, err)
	if len(list) != 2 || list[0].CustomerID != "C1" || list[1].CustomerID != "C2" ||
		string(list[0].Profile) != string(replaced) || string(list[1].Profile) != string(beta) {
		t.Fatalf("list: %+v, want C1 then C2", list)
	}

	// A customer that does not exist cannot have a profile, and the failed save leaves nothing.
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.SaveSheetProfile(ctx(t), o2c.SheetProfile{CustomerID: "C9", Profile: beta, UpdatedBy: "api:desk"})
	})
	if err == nil {
		t.Fatal("saved a sheet profile of a customer that does not exist")
	}
	_, err = s.FindSheetProfile(ctx(t), "C9")
	wantCode(t, err, o2c.CodeNotFound)

	// A rolled-back save or delete changes nothing.
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		must(t, tx.SaveSheetProfile(ctx(t), o2c.SheetProfile{CustomerID: "C1", Profile: beta, UpdatedBy: "rolled-back"}))
		must(t, tx.DeleteSheetProfile(ctx(t), "C2"))
		return errTest
	})
	if !errors.Is(err, errTest) {
		t.Fatalf("InTx returned %v, want fn's error", err)
	}
	got, err = s.FindSheetProfile(ctx(t), "C1")
	must(t, err)
	wantJSON(t, "profile after rollback", got, &o2c.SheetProfile{CustomerID: "C1", Profile: replaced, UpdatedAt: second, UpdatedBy: "user:anna"})
	_, err = s.FindSheetProfile(ctx(t), "C2")
	must(t, err)

	// Delete removes one profile; deleting it again, or one never saved, is CodeNotFound.
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.DeleteSheetProfile(ctx(t), "C1"))
		_, err := tx.FindSheetProfile(ctx(t), "C1")
		wantCode(t, err, o2c.CodeNotFound)
	})
	_, err = s.FindSheetProfile(ctx(t), "C1")
	wantCode(t, err, o2c.CodeNotFound)
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.DeleteSheetProfile(ctx(t), "C1") })
	wantCode(t, err, o2c.CodeNotFound)
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.DeleteSheetProfile(ctx(t), "C9") })
	wantCode(t, err, o2c.CodeNotFound)
	list, err = s.FindSheetProfiles(ctx(t))
	must(t, err)
	if len(list) != 1 || list[0].CustomerID != "C2" {
		t.Fatalf("list after delete: %+v, want C2 alone", list)
	}
}

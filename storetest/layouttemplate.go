package storetest

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

func testLayoutTemplates(t *testing.T, s o2c.Store) {
	const kantine, other = "buyer@kantine.example", "orders@other.example"
	list, err := s.FindLayoutTemplates(ctx(t), kantine)
	must(t, err)
	if list == nil || len(list) != 0 {
		t.Fatalf("a sender with no template lists %#v, want an empty list", list)
	}

	// The first save inserts and sets ID and UpdatedAt (the one given is ignored); the template
	// comes back byte for byte (key order, non-ASCII text, a float).
	vorgang := json.RawMessage(`{"signature":["bestellung","vorgang","größe"],"fields":{"po_number":{"label":"vorgang","dx":30.5,"page":1}}}`)
	first := &o2c.LayoutTemplate{Sender: kantine, Template: vorgang, UpdatedBy: "learn:user:anna",
		UpdatedAt: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)}
	var firstAt time.Time
	inTx(t, s, func(tx o2c.Tx) {
		firstAt = tx.Now()
		must(t, tx.SaveLayoutTemplate(ctx(t), first))
		if first.ID == 0 {
			t.Fatal("SaveLayoutTemplate set no ID")
		}
		got, err := tx.FindLayoutTemplates(ctx(t), kantine) // the transaction reads its own write
		must(t, err)
		wantJSON(t, "templates in the transaction", got, []o2c.LayoutTemplate{*first})
	})
	wantJSON(t, "saved template", first, &o2c.LayoutTemplate{ID: first.ID, Sender: kantine, Template: vorgang,
		UpdatedAt: stored(firstAt), UpdatedBy: "learn:user:anna"})
	list, err = s.FindLayoutTemplates(ctx(t), kantine)
	must(t, err)
	wantJSON(t, "stored templates", list, []o2c.LayoutTemplate{*first})
	if string(list[0].Template) != string(vorgang) {
		t.Fatalf("template came back as %s, want exactly %s", list[0].Template, vorgang)
	}
	if list[0].UpdatedAt.Location() != time.UTC {
		t.Fatalf("UpdatedAt %v is not in UTC", list[0].UpdatedAt)
	}

	// A second layout of the sender is a template of its own, listed after the first; another
	// sender's is not listed.
	second := &o2c.LayoutTemplate{Sender: kantine, Template: json.RawMessage(`{"signature":["lieferschein"],"fields":{}}`), UpdatedBy: "learn:api:desk"}
	elsewhere := &o2c.LayoutTemplate{Sender: other, Template: json.RawMessage(`{"signature":["order"],"fields":{}}`), UpdatedBy: "learn:api:desk"}
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.SaveLayoutTemplate(ctx(t), second))
		must(t, tx.SaveLayoutTemplate(ctx(t), elsewhere))
	})
	if second.ID == first.ID || elsewhere.ID == second.ID || elsewhere.ID == first.ID {
		t.Fatalf("IDs %d, %d, %d are not distinct", first.ID, second.ID, elsewhere.ID)
	}
	list, err = s.FindLayoutTemplates(ctx(t), kantine)
	must(t, err)
	wantJSON(t, "the sender's two templates", list, []o2c.LayoutTemplate{*first, *second})
	list, err = s.FindLayoutTemplates(ctx(t), other)
	must(t, err)
	wantJSON(t, "the other sender's template", list, []o2c.LayoutTemplate{*elsewhere})
	list, err = s.FindLayoutTemplates(ctx(t), "BUYER@kantine.example")
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("the sender is matched as written, yet another spelling lists %d templates", len(list))
	}

	// Saving with an ID replaces that template, who taught it and when, and no other.
	learned := json.RawMessage(`{"signature":["bestellung","vorgang"],"fields":{"po_number":{"label":"vorgang","same_cell":true,"page":1}}}`)
	var secondAt time.Time
	inTx(t, s, func(tx o2c.Tx) {
		secondAt = tx.Now()
		upd := &o2c.LayoutTemplate{ID: first.ID, Sender: kantine, Template: learned, UpdatedBy: "learn:user:ben"}
		must(t, tx.SaveLayoutTemplate(ctx(t), upd))
		if upd.ID != first.ID || !upd.UpdatedAt.Equal(stored(secondAt)) {
			t.Fatalf("update gave ID %d at %v, want %d at %v", upd.ID, upd.UpdatedAt, first.ID, secondAt)
		}
	})
	list, err = s.FindLayoutTemplates(ctx(t), kantine)
	must(t, err)
	wantJSON(t, "templates after the update", list, []o2c.LayoutTemplate{
		{ID: first.ID, Sender: kantine, Template: learned, UpdatedAt: stored(secondAt), UpdatedBy: "learn:user:ben"}, *second})

	// An ID that is no template's is CodeNotFound, and an empty template is refused; neither
	// leaves anything.
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.SaveLayoutTemplate(ctx(t), &o2c.LayoutTemplate{ID: elsewhere.ID + 1000, Sender: kantine, Template: learned, UpdatedBy: "x"})
	})
	wantCode(t, err, o2c.CodeNotFound)
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.SaveLayoutTemplate(ctx(t), &o2c.LayoutTemplate{Sender: kantine, UpdatedBy: "x"})
	})
	if err == nil {
		t.Fatal("saved an empty template")
	}

	// A rolled-back save, new or replacing, changes nothing.
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		must(t, tx.SaveLayoutTemplate(ctx(t), &o2c.LayoutTemplate{Sender: kantine, Template: vorgang, UpdatedBy: "rolled-back"}))
		must(t, tx.SaveLayoutTemplate(ctx(t), &o2c.LayoutTemplate{ID: second.ID, Sender: kantine, Template: vorgang, UpdatedBy: "rolled-back"}))
		return errTest
	})
	if !errors.Is(err, errTest) {
		t.Fatalf("InTx returned %v, want fn's error", err)
	}
	list, err = s.FindLayoutTemplates(ctx(t), kantine)
	must(t, err)
	wantJSON(t, "templates after the rollback", list, []o2c.LayoutTemplate{
		{ID: first.ID, Sender: kantine, Template: learned, UpdatedAt: stored(secondAt), UpdatedBy: "learn:user:ben"}, *second})
}

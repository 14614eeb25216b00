package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

func testMailboxState(t *testing.T, s o2c.Store) {
	const (
		inbox  = "einkauf@example.com/INBOX"
		orders = "orders@example.com/Aufträge"
	)
	_, err := s.FindMailboxState(ctx(t), inbox)
	wantCode(t, err, o2c.CodeNotFound)

	// The first save inserts; the UpdatedAt given is ignored for the transaction's Now.
	var first time.Time
	inTx(t, s, func(tx o2c.Tx) {
		first = tx.Now()
		must(t, tx.SaveMailboxState(ctx(t), o2c.MailboxState{Mailbox: inbox, UIDValidity: 1700000000, LastUID: 42,
			UpdatedAt: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)}))
		got, err := tx.FindMailboxState(ctx(t), inbox) // the transaction reads its own write
		must(t, err)
		wantJSON(t, "state in the transaction", got, o2c.MailboxState{Mailbox: inbox, UIDValidity: 1700000000, LastUID: 42, UpdatedAt: first})
	})
	got, err := s.FindMailboxState(ctx(t), inbox)
	must(t, err)
	wantJSON(t, "saved state", got, o2c.MailboxState{Mailbox: inbox, UIDValidity: 1700000000, LastUID: 42, UpdatedAt: first})
	if got.UpdatedAt.Location() != time.UTC {
		t.Fatalf("UpdatedAt %v is not in UTC", got.UpdatedAt)
	}

	// Saving again replaces: a higher UID, then a new UIDVALIDITY with UIDs from the top of
	// their range (unsigned 32-bit), then a lower UID under it.
	for _, tt := range []struct{ validity, last uint32 }{
		{1700000000, 57},
		{4294967295, 4294967295},
		{4294967295, 3},
	} {
		var at time.Time
		inTx(t, s, func(tx o2c.Tx) {
			at = tx.Now()
			must(t, tx.SaveMailboxState(ctx(t), o2c.MailboxState{Mailbox: inbox, UIDValidity: tt.validity, LastUID: tt.last}))
		})
		got, err := s.FindMailboxState(ctx(t), inbox)
		must(t, err)
		wantJSON(t, "updated state", got, o2c.MailboxState{Mailbox: inbox, UIDValidity: tt.validity, LastUID: tt.last, UpdatedAt: at})
	}

	// Another mailbox has its own state.
	_, err = s.FindMailboxState(ctx(t), orders)
	wantCode(t, err, o2c.CodeNotFound)
	var at time.Time
	inTx(t, s, func(tx o2c.Tx) {
		at = tx.Now()
		must(t, tx.SaveMailboxState(ctx(t), o2c.MailboxState{Mailbox: orders, UIDValidity: 7, LastUID: 0}))
	})
	got, err = s.FindMailboxState(ctx(t), orders)
	must(t, err)
	wantJSON(t, "other mailbox", got, o2c.MailboxState{Mailbox: orders, UIDValidity: 7, LastUID: 0, UpdatedAt: at})
	got, err = s.FindMailboxState(ctx(t), inbox)
	must(t, err)
	if got.UIDValidity != 4294967295 || got.LastUID != 3 {
		t.Fatalf("saving %s changed %s: %+v", orders, inbox, got)
	}

	// A rolled-back save leaves neither a new mailbox nor a change to a known one.
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		must(t, tx.SaveMailboxState(ctx(t), o2c.MailboxState{Mailbox: "rolled-back", UIDValidity: 1, LastUID: 1}))
		must(t, tx.SaveMailboxState(ctx(t), o2c.MailboxState{Mailbox: orders, UIDValidity: 8, LastUID: 99}))
		return errTest
	})
	if !errors.Is(err, errTest) {
		t.Fatalf("InTx returned %v, want fn's error", err)
	}
	_, err = s.FindMailboxState(ctx(t), "rolled-back")
	wantCode(t, err, o2c.CodeNotFound)
	got, err = s.FindMailboxState(ctx(t), orders)
	must(t, err)
	wantJSON(t, "state after rollback", got, o2c.MailboxState{Mailbox: orders, UIDValidity: 7, LastUID: 0, UpdatedAt: at})
}

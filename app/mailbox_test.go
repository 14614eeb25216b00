package app_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/intake/mailbox"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

var _ mailbox.StateStore = app.MailboxState{}

func TestMailboxState(t *testing.T) {
	t.Parallel()

	const inbox = "einkauf@example.com/INBOX"

	// load calls Load and fails the test on an error.
	load := func(t *testing.T, s app.MailboxState, name string) (uint32, uint32) {
		t.Helper()
		v, last, err := s.Load(t.Context(), name)
		if err != nil {
			t.Fatalf("load %s: %v", name, err)
		}
		return v, last
	}
	save := func(t *testing.T, s app.MailboxState, name string, v, last uint32) {
		t.Helper()
		if err := s.Save(t.Context(), name, v, last); err != nil {
			t.Fatalf("save %s: %v", name, err)
		}
	}

	t.Run("NotFoundIsZero", func(t *testing.T) {
		t.Parallel()
		s := app.MailboxState{Store: sqlite.MustOpenTest(t, sqlstore.Options{})}
		if v, last := load(t, s, inbox); v != 0 || last != 0 {
			t.Fatalf("Load of an unknown mailbox = %d, %d; want 0, 0", v, last)
		}
	})

	t.Run("SaveThenLoad", func(t *testing.T) {
		t.Parallel()
		store := sqlite.MustOpenTest(t, sqlstore.Options{Now: func() time.Time { return now }})
		s := app.MailboxState{Store: store}
		save(t, s, inbox, 1700000000, 42)
		save(t, s, inbox, 1700000000, 57)
		save(t, s, "orders@example.com/INBOX", 9, 1)
		if v, last := load(t, s, inbox); v != 1700000000 || last != 57 {
			t.Fatalf("Load = %d, %d; want 1700000000, 57", v, last)
		}
		if v, last := load(t, s, "orders@example.com/INBOX"); v != 9 || last != 1 {
			t.Fatalf("Load of the other mailbox = %d, %d; want 9, 1", v, last)
		}
		got, err := store.FindMailboxState(t.Context(), inbox)
		if err != nil {
			t.Fatal(err)
		}
		if want := (o2c.MailboxState{Mailbox: inbox, UIDValidity: 1700000000, LastUID: 57, UpdatedAt: now}); got != want {
			t.Fatalf("stored %+v, want %+v", got, want)
		}
	})

	t.Run("SurvivesRestart", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "o2c.db")
		open := func() *sqlstore.DB {
			db, err := sqlite.Open(t.Context(), path, sqlstore.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
		db := open()
		save(t, app.MailboxState{Store: db}, inbox, 4294967295, 4294967295)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db = open()
		t.Cleanup(func() {
			if err := db.Close(); err != nil {
				t.Error(err)
			}
		})
		if v, last := load(t, app.MailboxState{Store: db}, inbox); v != 4294967295 || last != 4294967295 {
			t.Fatalf("Load after reopening = %d, %d; want 4294967295, 4294967295", v, last)
		}
	})

	t.Run("ErrStoreClosed", func(t *testing.T) {
		t.Parallel()
		db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "o2c.db"), sqlstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		s := app.MailboxState{Store: db}
		if _, _, err := s.Load(t.Context(), inbox); err == nil {
			t.Fatal("Load on a closed store returned no error: a failure must not read as \"nothing saved\"")
		}
		if err := s.Save(t.Context(), inbox, 1, 1); err == nil {
			t.Fatal("Save on a closed store returned no error")
		}
	})
}

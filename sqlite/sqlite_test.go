package sqlite_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
	"github.com/o2c-project/o2c/storetest"
)

func TestStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) o2c.Store { return sqlite.MustOpenTest(t, sqlstore.Options{}) })
}

func TestStoreInMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) o2c.Store {
		db, err := sqlite.Open(t.Context(), sqlite.Memory, sqlstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := db.Close(); err != nil {
				t.Error(err)
			}
		})
		return db
	})
}

func TestOpenFileSettings(t *testing.T) {
	t.Parallel()
	db := sqlite.MustOpenTest(t, sqlstore.Options{})
	if db.Engine() != "sqlite" {
		t.Fatalf("Engine() = %q", db.Engine())
	}
	for _, tt := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "10000"},
		{"synchronous", "1"}, // NORMAL
	} {
		var got string
		if err := db.WriteDB().QueryRowContext(t.Context(), "PRAGMA "+tt.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("PRAGMA %s = %s, want %s", tt.pragma, got, tt.want)
		}
	}
	if n := db.WriteDB().Stats().MaxOpenConnections; n != 1 {
		t.Errorf("the writer pool allows %d connections, want 1", n)
	}
}

func TestOpenTwiceKeepsData(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "o2c.db")
	db, err := sqlite.Open(t.Context(), path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := &o2c.Document{NaturalKey: "k", Channel: o2c.ChannelAPI, SHA256: "00", Content: []byte("x")}
	if err := db.InTx(t.Context(), func(tx o2c.Tx) error { return tx.CreateDocument(t.Context(), d) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = sqlite.MustOpenTest(t, sqlstore.Options{}) // another file must not see it
	if _, err := db.FindDocumentByID(t.Context(), d.ID); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("a fresh database found document %d: %v", d.ID, err)
	}
	db, err = sqlite.Open(t.Context(), path, sqlstore.Options{}) // migrations already applied
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.FindDocumentByID(t.Context(), d.ID); err != nil {
		t.Fatalf("reopened database lost document %d: %v", d.ID, err)
	}
}

func TestInstantsAreFixedWidthText(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC) // no fraction: RFC 3339 would drop it
	db := sqlite.MustOpenTest(t, sqlstore.Options{Now: func() time.Time { return at }})
	d := &o2c.Document{NaturalKey: "k", Channel: o2c.ChannelAPI, SHA256: "00", Content: []byte("x")}
	if err := db.InTx(t.Context(), func(tx o2c.Tx) error { return tx.CreateDocument(t.Context(), d) }); err != nil {
		t.Fatal(err)
	}
	var raw, typ string
	if err := db.WriteDB().QueryRowContext(t.Context(), `SELECT received_at, typeof(received_at) FROM documents`).Scan(&raw, &typ); err != nil {
		t.Fatal(err)
	}
	if raw != "2026-05-06T07:08:09.000000Z" || typ != "text" {
		t.Fatalf("received_at stored as %s %q", typ, raw)
	}
}

func TestDecimalsAreText(t *testing.T) {
	t.Parallel()
	db := sqlite.MustOpenTest(t, sqlstore.Options{})
	err := db.InTx(t.Context(), func(tx o2c.Tx) error {
		d := &o2c.Document{NaturalKey: "k", Channel: o2c.ChannelAPI, SHA256: "00", Content: []byte("x")}
		if err := tx.CreateDocument(t.Context(), d); err != nil {
			return err
		}
		return tx.CreateOrder(t.Context(), &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelAPI,
			DocumentID: d.ID, NetTotal: decimal.RequireFromString("12.50")})
	})
	if err != nil {
		t.Fatal(err)
	}
	var raw, typ string
	if err := db.WriteDB().QueryRowContext(t.Context(), `SELECT net_total, typeof(net_total) FROM orders`).Scan(&raw, &typ); err != nil {
		t.Fatal(err)
	}
	if raw != "12.50" || typ != "text" {
		t.Fatalf("net_total stored as %s %q, want text 12.50", typ, raw)
	}
}

func TestIsUniqueViolation(t *testing.T) {
	t.Parallel()
	db := sqlite.MustOpenTest(t, sqlstore.Options{})
	for _, tt := range []struct {
		name, stmt string
		want       bool
	}{
		{"Unique", `INSERT INTO api_keys (name, prefix, hash, scopes, created_at) VALUES ('a', 'p', 'h2', '', 'x')`, true},
		{"PrimaryKey", `INSERT INTO customers (customer_id, name) VALUES ('C1', 'again')`, true},
		{"NotNull", `INSERT INTO customers (customer_id) VALUES ('C2')`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := db.WriteDB()
			if _, err := w.ExecContext(t.Context(), `INSERT INTO api_keys (name, prefix, hash, scopes, created_at)
				VALUES ('a', 'p', 'h', '', 'x') ON CONFLICT DO NOTHING`); err != nil {
				t.Fatal(err)
			}
			if _, err := w.ExecContext(t.Context(), `INSERT INTO customers (customer_id, name) VALUES ('C1', 'n') ON CONFLICT DO NOTHING`); err != nil {
				t.Fatal(err)
			}
			_, err := w.ExecContext(t.Context(), tt.stmt)
			if err == nil {
				t.Fatal("the statement broke no constraint")
			}
			if got := sqlite.IsUniqueViolation(fmt.Errorf("wrapped: %w", err)); got != tt.want {
				t.Fatalf("IsUniqueViolation(%v) = %v, want %v", err, got, tt.want)
			}
		})
	}
	if sqlite.IsUniqueViolation(errors.New("UNIQUE constraint failed")) {
		t.Fatal("IsUniqueViolation matched a message")
	}
}

func TestEnqueueWithoutQueue(t *testing.T) {
	t.Parallel()
	db := sqlite.MustOpenTest(t, sqlstore.Options{})
	err := db.InTx(t.Context(), func(tx o2c.Tx) error { return tx.Enqueue(t.Context(), o2c.ProcessOrderJob{OrderID: 1}) })
	if err == nil || !strings.Contains(err.Error(), "no job queue configured") {
		t.Fatalf("Enqueue without a queue: %v", err)
	}
	db.SetEnqueuer(sqlstore.DiscardJobs)
	if err := db.InTx(t.Context(), func(tx o2c.Tx) error { return tx.Enqueue(t.Context(), o2c.ProcessOrderJob{OrderID: 1}) }); err != nil {
		t.Fatalf("Enqueue with DiscardJobs: %v", err)
	}
}

func BenchmarkOrderTx(b *testing.B) {
	storetest.Bench(b, sqlite.MustOpenTest(b, sqlstore.Options{}))
}

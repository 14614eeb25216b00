package postgres_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/postgres"
	"github.com/o2c-project/o2c/sqlstore"
	"github.com/o2c-project/o2c/storetest"
)

func TestStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) o2c.Store { return postgres.MustOpenTest(t, sqlstore.Options{}) })
}

func TestNumericKeepsScale(t *testing.T) {
	t.Parallel()
	db := postgres.MustOpenTest(t, sqlstore.Options{})
	if db.Engine() != "postgres" {
		t.Fatalf("Engine() = %q", db.Engine())
	}
	var raw string
	var d decimal.Decimal
	err := db.WriteDB().QueryRowContext(t.Context(), `SELECT $1::numeric, $1::numeric`, "12.50").Scan(&raw, &d)
	if err != nil {
		t.Fatal(err)
	}
	if raw != "12.50" || d.StringFixed(-d.Exponent()) != "12.50" {
		t.Fatalf("NUMERIC 12.50 came back as %q and %s", raw, d.StringFixed(-d.Exponent()))
	}
}

func TestIsUniqueViolation(t *testing.T) {
	t.Parallel()
	db := postgres.MustOpenTest(t, sqlstore.Options{})
	w := db.WriteDB()
	if _, err := w.ExecContext(t.Context(), `INSERT INTO api_keys (name, prefix, hash, scopes, created_at) VALUES ('a', 'p', 'h', '', now())`); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExecContext(t.Context(), `INSERT INTO customers (customer_id, name) VALUES ('C1', 'n')`); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, stmt string
		want       bool
	}{
		{"Unique", `INSERT INTO api_keys (name, prefix, hash, scopes, created_at) VALUES ('a', 'p', 'h2', '', now())`, true},
		{"PrimaryKey", `INSERT INTO customers (customer_id, name) VALUES ('C1', 'again')`, true},
		{"NotNull", `INSERT INTO customers (customer_id) VALUES ('C2')`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.ExecContext(t.Context(), tt.stmt)
			if err == nil {
				t.Fatal("the statement broke no constraint")
			}
			if got := postgres.IsUniqueViolation(fmt.Errorf("wrapped: %w", err)); got != tt.want {
				t.Fatalf("IsUniqueViolation(%v) = %v, want %v", err, got, tt.want)
			}
		})
	}
	if postgres.IsUniqueViolation(errors.New("duplicate key value violates unique constraint")) {
		t.Fatal("IsUniqueViolation matched a message")
	}
}

func TestOpenTwice(t *testing.T) {
	t.Parallel()
	dsn := postgres.TestDSN(t)
	for range 2 { // the second Open finds the migrations applied
		db, err := postgres.Open(t.Context(), dsn, sqlstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func BenchmarkOrderTx(b *testing.B) {
	storetest.Bench(b, postgres.MustOpenTest(b, sqlstore.Options{}))
}

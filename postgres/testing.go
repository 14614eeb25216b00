package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/o2c-project/o2c/sqlstore"
)

// Environment of the PostgreSQL tests.
const (
	// TestURLEnv names the variable holding the server's URL, e.g.
	// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
	TestURLEnv = "O2C_TEST_POSTGRES_URL"
	// CIEnv, when not empty, makes a missing TestURLEnv a failure rather than a skip.
	CIEnv = "CI"
)

// TestDSN creates a schema of its own for the test, drops it when the test ends, and returns a DSN
// whose search_path is that schema. Without O2C_TEST_POSTGRES_URL the test is skipped, or fails
// when CI is set: a skipped PostgreSQL suite counts as a failure there.
func TestDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(TestURLEnv)
	if base == "" {
		if os.Getenv(CIEnv) != "" {
			t.Fatalf("%s is not set: in CI the PostgreSQL tests must run", TestURLEnv)
		}
		t.Skipf("%s is not set", TestURLEnv)
	}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	schema := "o2c_test_" + hex.EncodeToString(b)

	exec := func(query string) error {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.ExecContext(context.Background(), query)
		return err
	}
	if err := exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		if err := exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	dsn, err := withSearchPath(base, schema)
	if err != nil {
		t.Fatalf("%s: %v", TestURLEnv, err)
	}
	return dsn
}

// MustOpenTest opens a store on a fresh schema of its own (see TestDSN) and closes it when the
// test ends.
func MustOpenTest(t testing.TB, opts sqlstore.Options) *sqlstore.DB {
	t.Helper()
	dsn := TestDSN(t)
	db, err := Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { // runs before the schema is dropped
		if err := db.Close(); err != nil {
			t.Errorf("close test database: %v", err)
		}
	})
	return db
}

// withSearchPath adds search_path to a URL or a key=value DSN.
func withSearchPath(dsn, schema string) (string, error) {
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

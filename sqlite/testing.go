package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/o2c-project/o2c/sqlstore"
)

// MustOpenTest opens a fresh, migrated database file under t.TempDir() and closes it when the
// test ends.
func MustOpenTest(t testing.TB, opts sqlstore.Options) *sqlstore.DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "o2c.db"), opts)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close test database: %v", err)
		}
	})
	return db
}

// Package sqlite opens the o2c store on an embedded SQLite database (modernc.org/sqlite, pure Go).
//
// A file database has one writer connection, which every transaction and the job queue use, and a
// separate pool of read-only connections for the reads outside transactions: WAL lets them run
// while the writer writes.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/o2c-project/o2c/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Memory is the path of a private in-memory database.
const Memory = ":memory:"

// Dialect is SQLite's: instants as fixed-width UTC text, unique violations by extended result code.
var Dialect = sqlstore.Dialect{
	Engine:            "sqlite",
	Instant:           sqlstore.TextInstant,
	IsUniqueViolation: IsUniqueViolation,
	FullText: sqlstore.FullText{
		Index:   `INSERT INTO archive_fts (rowid, words) VALUES ($1, $2)`,
		Unindex: `DELETE FROM archive_fts WHERE rowid = $1`,
		Match: func(param string) string {
			// The + lets the search walk the entries in page order and keep those in the set
			// of matches, rather than look up every match and sort them.
			return `+e.id IN (SELECT rowid FROM archive_fts WHERE archive_fts MATCH ` + param + `)`
		},
		Query: ftsQuery,
	},
}

// ftsQuery writes phrases as an FTS5 query: each a quoted string, a prefix one followed by *,
// joined by AND.
func ftsQuery(phrases []sqlstore.Phrase) string {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = `"` + strings.ReplaceAll(strings.Join(p.Words, " "), `"`, `""`) + `"`
		if p.Prefix {
			parts[i] += " *"
		}
	}
	return strings.Join(parts, " AND ")
}

// IsUniqueViolation reports whether err is SQLite's SQLITE_CONSTRAINT_UNIQUE or
// SQLITE_CONSTRAINT_PRIMARYKEY (extended result codes, which modernc enables).
func IsUniqueViolation(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// Open opens (creating it if needed) the database at path, applies the migrations and returns
// the store. Memory gives a private in-memory database on one connection, for reads and writes:
// there, a read on the Store waits for the transaction in progress, so read inside it instead.
func Open(ctx context.Context, path string, opts sqlstore.Options) (*sqlstore.DB, error) {
	if path == "" {
		return nil, errors.New("open sqlite: no path")
	}
	if path == Memory {
		// Every connection to ":memory:" is a database of its own: keep exactly one, forever.
		db, err := sql.Open("sqlite", Memory+"?_pragma=foreign_keys(1)")
		if err != nil {
			return nil, fmt.Errorf("open sqlite in memory: %w", err)
		}
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		if err := migrate(ctx, db); err != nil {
			return nil, errors.Join(err, db.Close())
		}
		return sqlstore.New(ctx, db, db, Dialect, opts)
	}

	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// SQLite does not check foreign keys unless told to, per connection. busy_timeout is on the
	// writer too: the job queue, or another process, may hold the lock for a moment.
	write, err := sql.Open("sqlite", dsn(abs,
		"_pragma", "busy_timeout(10000)",
		"_pragma", "journal_mode(WAL)",
		"_pragma", "foreign_keys(1)",
		"_pragma", "synchronous(NORMAL)",
		// Checkpoints run in the background (checkpoint.go), off the one writer connection;
		// this high mark is only a safety net should they fall behind.
		"_pragma", "wal_autocheckpoint(20000)",
		"_txlock", "immediate", // take the write lock at BEGIN, not at the first write: no deadlock on upgrade
	))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1) // one writer, as River's SQLite driver wants
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := migrate(ctx, write); err != nil {
		return nil, errors.Join(fmt.Errorf("open sqlite %s: %w", path, err), write.Close())
	}

	read, err := sql.Open("sqlite", dsn(abs,
		"_pragma", "busy_timeout(10000)",
		"_pragma", "query_only(1)",
	))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open sqlite %s for reading: %w", path, err), write.Close())
	}
	n := max(4, runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	if err := read.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("open sqlite %s for reading: %w", path, err), read.Close(), write.Close())
	}
	db, err := sqlstore.New(ctx, write, read, Dialect, opts)
	if err != nil {
		return nil, err
	}
	stop, err := startCheckpointer(abs)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	db.OnClose(stop)
	return db, nil
}

// dsn returns the file: URI of path with modernc's parameters, given as key, value pairs.
func dsn(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	return u.String()
}

// migrate applies the embedded migrations that db has not seen yet.
func migrate(ctx context.Context, db *sql.DB) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

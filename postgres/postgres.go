// Package postgres opens the o2c store on PostgreSQL through pgx's database/sql driver, so that
// transactions are *sql.Tx like on SQLite and the job queue can insert on them.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/o2c-project/o2c/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// MaxOpenConns is the size of the connection pool of one process.
const MaxOpenConns = 16

// Dialect is PostgreSQL's: instants as timestamptz, unique violations by SQLSTATE.
var Dialect = sqlstore.Dialect{
	Engine:            "postgres",
	Instant:           func(t time.Time) any { return t },
	IsUniqueViolation: IsUniqueViolation,
	FullText: sqlstore.FullText{
		Index:   `INSERT INTO archive_text (entry_id, words) VALUES ($1, to_tsvector('simple', $2::text))`,
		Unindex: `DELETE FROM archive_text WHERE entry_id = $1`,
		Match: func(param string) string {
			return `e.id IN (SELECT entry_id FROM archive_text WHERE words @@ to_tsquery('simple', ` + param + `::text))`
		},
		Query: tsQuery,
	},
}

// tsQuery writes phrases as a tsquery: the words of a phrase joined by <-> (followed by), a
// prefix word marked :*, the phrases joined by &.
func tsQuery(phrases []sqlstore.Phrase) string {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		words := make([]string, len(p.Words))
		for j, w := range p.Words {
			words[j] = "'" + strings.ReplaceAll(w, "'", "''") + "'"
		}
		if p.Prefix {
			words[len(words)-1] += ":*"
		}
		parts[i] = strings.Join(words, " <-> ")
	}
	return strings.Join(parts, " & ")
}

// IsUniqueViolation reports whether err is SQLSTATE 23505 unique_violation (which primary keys
// raise too).
func IsUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// Open connects to the database at dsn (a postgres:// URL or key=value string; search_path selects
// the schema), applies the migrations and returns the store.
func Open(ctx context.Context, dsn string, opts sqlstore.Options) (*sqlstore.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(MaxOpenConns)
	db.SetMaxIdleConns(MaxOpenConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := migrate(ctx, db); err != nil {
		return nil, errors.Join(fmt.Errorf("open postgres: %w", err), db.Close())
	}
	return sqlstore.New(ctx, db, db, Dialect, opts)
}

// migrate applies the embedded migrations that the schema has not seen yet. Many `o2c serve`
// processes may start at once: an advisory lock, one per schema, lets one of them migrate.
func migrate(ctx context.Context, db *sql.DB) error {
	var schema string
	if err := db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("read current schema: %w", err)
	}
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(lock.DefaultLockID^int64(crc32.ChecksumIEEE([]byte(schema)))),
		lock.WithLockTimeout(1, 300),
	)
	if err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, fsys,
		goose.WithDisableGlobalRegistry(true), goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate schema %s: %w", schema, err)
	}
	return nil
}

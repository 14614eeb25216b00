// Package sqlstore implements o2c.Store on database/sql for both engines. The queries are shared:
// SQLite and PostgreSQL both take $N parameters, RETURNING and ON CONFLICT. What differs (how an
// instant is written, how a unique violation is recognised, the archive's full-text index) is a
// Dialect that the sqlite and postgres packages provide along with their connections and
// migrations.
//
// Both engines go through database/sql so that a *sql.Tx is what the job queue inserts its jobs on.
//
// Decimal columns keep a decimal's scale ("12.50" comes back as 12.50). The JSON columns (an
// order's lines, anomalies and draft) hold what encoding/json writes, which trims trailing zeros
// unless decimal.TrimTrailingZeros is false: the value always survives, the scale only then.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/o2c-project/o2c"
)

// Enqueuer inserts jobs on the transaction that makes them necessary, so they exist only if it commits.
type Enqueuer func(ctx context.Context, tx *sql.Tx, jobs []o2c.JobArgs) error

// DiscardJobs is an Enqueuer for callers that run no queue (the `o2c check` command): it accepts
// and drops every job.
var DiscardJobs Enqueuer = func(context.Context, *sql.Tx, []o2c.JobArgs) error { return nil }

// Options configure a DB.
type Options struct {
	// Now is the clock; nil means time.Now. A transaction reads it once, when it begins.
	Now func() time.Time
	// Enqueue is how Tx.Enqueue inserts jobs; nil makes Tx.Enqueue fail until SetEnqueuer is called.
	Enqueue Enqueuer
}

// Dialect is what differs between the engines.
type Dialect struct {
	// Engine names the engine: "sqlite" or "postgres".
	Engine string
	// Instant returns the parameter value of an instant column; t is UTC and truncated to microseconds.
	Instant func(t time.Time) any
	// IsUniqueViolation reports whether err says that a UNIQUE or PRIMARY KEY constraint failed.
	// It must look at the driver's error code, never at the message.
	IsUniqueViolation func(err error) bool
	// FullText is how the engine indexes and searches the words of archive entries.
	FullText FullText
}

// FullText is an engine's full-text index of archive entries. Both engines index the same words,
// split and lowercased by this package (Words), and get the same query (Phrases), so that a
// search finds the same entries on either.
type FullText struct {
	// Index is the statement that indexes the words $2 (separated by spaces) of entry $1.
	Index string
	// Unindex is the statement that removes entry $1 from the index; it runs before the entry is
	// deleted.
	Unindex string
	// Match returns the condition that entry e (alias e) matches the query in parameter param.
	Match func(param string) string
	// Query writes phrases, every one of which must match, in the engine's query syntax.
	Query func(phrases []Phrase) string
}

// TextInstantLayout is how instants are written where the engine has no instant type (SQLite): fixed
// width and UTC, so that text order is time order. RFC 3339 with nanoseconds is variable-width.
const TextInstantLayout = "2006-01-02T15:04:05.000000Z"

// TextInstant writes an instant in TextInstantLayout; it is the SQLite Dialect's Instant.
func TextInstant(t time.Time) any { return t.UTC().Format(TextInstantLayout) }

// DB is a database: an o2c.Store. Reads outside transactions go to the read pool, transactions to
// the write pool; on SQLite these are different (one writer connection, several readers).
type DB struct {
	reader
	write   *sql.DB
	read    *sql.DB
	now     func() time.Time
	enqueue atomic.Pointer[Enqueuer]
	wcache  *stmtCache // statements prepared on the write pool, used inside transactions
	rcache  *stmtCache // statements prepared on the read pool
	onClose []func() error
}

var (
	_ o2c.Store  = (*DB)(nil)
	_ o2c.Reader = (*DB)(nil)
	_ o2c.Tx     = (*tx)(nil)
)

// New returns a DB on open pools whose schema is migrated. write runs the transactions; read
// answers the Store's own reads and may be write itself. The DB owns both and closes them, also
// when New fails.
func New(ctx context.Context, write, read *sql.DB, d Dialect, opts Options) (*DB, error) {
	ft := d.FullText
	if d.Engine == "" || d.Instant == nil || d.IsUniqueViolation == nil ||
		ft.Index == "" || ft.Unindex == "" || ft.Match == nil || ft.Query == nil {
		panic("sqlstore: incomplete Dialect")
	}
	db := &DB{write: write, read: read, now: opts.Now, wcache: newStmtCache(write), rcache: newStmtCache(read)}
	if db.now == nil {
		db.now = time.Now
	}
	db.reader = reader{q: read, d: &d, cache: db.rcache}
	if opts.Enqueue != nil {
		db.SetEnqueuer(opts.Enqueue)
	}
	return db, nil
}

// WriteDB returns the pool that transactions run on. The job queue must use it for its own work:
// on SQLite it is the single writer connection.
func (db *DB) WriteDB() *sql.DB { return db.write }

// SetEnqueuer sets how Tx.Enqueue inserts jobs. It is set after the queue client is built, since
// that needs WriteDB first; transactions begun afterwards use it.
func (db *DB) SetEnqueuer(e Enqueuer) { db.enqueue.Store(&e) }

// Engine returns "sqlite" or "postgres".
func (db *DB) Engine() string { return db.d.Engine }

// OnClose registers work to stop before the connections close, such as an engine's background
// maintenance; the last registered runs first.
func (db *DB) OnClose(stop func() error) { db.onClose = append(db.onClose, stop) }

// Close stops what OnClose registered and releases the connections.
func (db *DB) Close() error {
	var err error
	for i := len(db.onClose) - 1; i >= 0; i-- {
		err = errors.Join(err, db.onClose[i]())
	}
	err = errors.Join(err, db.wcache.close(), db.rcache.close())
	err = errors.Join(err, db.write.Close())
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// InTx runs fn in one transaction on the write pool. It commits when fn returns nil and rolls back
// otherwise (also when fn panics). fn's error is returned as it is, so its code survives.
func (db *DB) InTx(ctx context.Context, fn func(o2c.Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	// Rollback after Commit is a no-op that returns sql.ErrTxDone. Statements first met in this
	// transaction are prepared once its connection is free again.
	defer func() {
		_ = sqlTx.Rollback()
		db.wcache.flush(context.WithoutCancel(ctx))
	}()

	t := &tx{
		reader: reader{q: sqlTx, d: db.d, sqlTx: sqlTx, cache: db.wcache},
		sqlTx:  sqlTx,
		now:    db.now().UTC().Truncate(time.Microsecond),
	}
	if e := db.enqueue.Load(); e != nil {
		t.enqueue = *e
	}
	if err := fn(t); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// tx is one transaction: its reads see its own writes.
type tx struct {
	reader
	sqlTx   *sql.Tx
	now     time.Time
	enqueue Enqueuer
}

// Now is the transaction's one timestamp, fixed when it began.
func (t *tx) Now() time.Time { return t.now }

// Enqueue hands the jobs to the queue's Enqueuer on this transaction.
func (t *tx) Enqueue(ctx context.Context, jobs ...o2c.JobArgs) error {
	if len(jobs) == 0 {
		return nil
	}
	if t.enqueue == nil {
		return errors.New("enqueue jobs: no job queue configured")
	}
	if err := t.enqueue(ctx, t.sqlTx, jobs); err != nil {
		return fmt.Errorf("enqueue %d job(s), first %s: %w", len(jobs), jobs[0].Kind(), err)
	}
	return nil
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader answers o2c.Reader on a pool or a transaction.
type reader struct {
	q     querier
	d     *Dialect
	sqlTx *sql.Tx    // in a transaction
	cache *stmtCache // prepared statements of the pool q belongs to
}

// stmt returns the prepared form of query for this reader, or nil to run it unprepared. Outside
// a transaction a new statement is prepared at once, since the pool has connections to spare.
func (r *reader) stmt(ctx context.Context, query string) *sql.Stmt {
	s := r.cache.get(query)
	if s == nil && r.sqlTx == nil {
		r.cache.flush(ctx)
		s = r.cache.get(query)
	}
	if s != nil && r.sqlTx != nil {
		return r.sqlTx.StmtContext(ctx, s)
	}
	return s
}

// queryRow runs a query that returns one row.
func (r *reader) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if s := r.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return r.q.QueryRowContext(ctx, query, args...)
}

// query runs a query that returns rows.
func (r *reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := r.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return r.q.QueryContext(ctx, query, args...)
}

// exec runs a statement.
func (r *reader) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := r.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return r.q.ExecContext(ctx, query, args...)
}

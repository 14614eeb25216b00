package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxCachedStatements bounds the cache: queries are built from a few fixed shapes, so a larger
// number would mean a query text that varies with its values, which must not fill memory.
const maxCachedStatements = 128

// stmtCache keeps prepared statements of one pool by query text. Parsing a statement was a large
// part of a small transaction's cost on SQLite, whose single writer connection keeps them.
//
// A statement first met inside a transaction cannot be prepared there: on SQLite the transaction
// holds the pool's only connection, so preparing on the pool would wait for it forever. It is
// noted instead, and prepared by flush once the transaction has given the connection back.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// get returns the prepared statement of query, or nil after noting that it is wanted.
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stmts[query]
	if s == nil && len(c.stmts)+len(c.pending) < maxCachedStatements {
		c.pending[query] = true
	}
	return s
}

// flush prepares the statements noted since the last flush. A statement that fails to prepare
// is simply not cached: the query then runs unprepared, as it did.
func (c *stmtCache) flush(ctx context.Context) {
	c.mu.Lock()
	if len(c.pending) == 0 {
		c.mu.Unlock()
		return
	}
	queries := make([]string, 0, len(c.pending))
	for q := range c.pending {
		queries = append(queries, q)
	}
	clear(c.pending)
	c.mu.Unlock()
	for _, q := range queries {
		s, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.stmts[q] == nil {
			c.stmts[q], s = s, nil
		}
		c.mu.Unlock()
		if s != nil {
			_ = s.Close()
		}
	}
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for _, s := range c.stmts {
		err = errors.Join(err, s.Close())
	}
	clear(c.stmts)
	return err
}

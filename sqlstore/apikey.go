package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// API key scopes are stored space-separated: a scope never holds a space.

const apiKeyColumns = `id, name, prefix, hash, scopes, created_at, revoked_at`

func scanAPIKey(s rowScanner) (*o2c.APIKey, error) {
	var (
		k      o2c.APIKey
		scopes string
	)
	if err := s.Scan(&k.ID, &k.Name, &k.Prefix, &k.Hash, &scopes, instantScanner{&k.CreatedAt},
		instantScanner{&k.RevokedAt}); err != nil {
		return nil, err
	}
	for _, s := range strings.Fields(scopes) {
		k.Scopes = append(k.Scopes, o2c.Scope(s))
	}
	return &k, nil
}

// FindAPIKeyByHash returns the key whose secret hashes to hash, revoked or not. CodeNotFound.
func (r *reader) FindAPIKeyByHash(ctx context.Context, hash string) (*o2c.APIKey, error) {
	k, err := scanAPIKey(r.queryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE hash = $1`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "no such API key")
	} else if err != nil {
		return nil, fmt.Errorf("find API key by hash: %w", err)
	}
	return k, nil
}

// FindAPIKeys lists every key, revoked ones included, in the order they were created.
func (r *reader) FindAPIKeys(ctx context.Context) ([]*o2c.APIKey, error) {
	rows, err := r.query(ctx, `SELECT `+apiKeyColumns+` FROM api_keys ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find API keys: %w", err)
	}
	defer rows.Close()
	var keys []*o2c.APIKey
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, fmt.Errorf("find API keys: %w", err)
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find API keys: %w", err)
	}
	return keys, nil
}

// CreateAPIKey stores a key and sets ID and CreatedAt. CodeConflict on a duplicate name (or,
// against all odds, a duplicate secret); the transaction stays usable.
func (t *tx) CreateAPIKey(ctx context.Context, k *o2c.APIKey) error {
	scopes := make([]string, len(k.Scopes))
	for i, s := range k.Scopes {
		scopes[i] = string(s)
	}
	err := t.queryRow(ctx, `
		INSERT INTO api_keys (name, prefix, hash, scopes, created_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT DO NOTHING
		RETURNING id`,
		k.Name, k.Prefix, k.Hash, strings.Join(scopes, " "), t.instant(t.now),
	).Scan(&k.ID)
	if errors.Is(err, sql.ErrNoRows) || t.d.IsUniqueViolation(err) {
		return o2c.Errorf(o2c.CodeConflict, "an API key named %q exists already", k.Name)
	} else if err != nil {
		return fmt.Errorf("create API key %q: %w", k.Name, err)
	}
	k.CreatedAt = t.now
	return nil
}

// RevokeAPIKey marks a key revoked; revoking it again keeps the first revocation's time. CodeNotFound.
func (t *tx) RevokeAPIKey(ctx context.Context, id int64) error {
	res, err := t.exec(ctx, `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2`,
		t.instant(t.now), id)
	if err != nil {
		return fmt.Errorf("revoke API key %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("revoke API key %d: %w", id, err)
	} else if n == 0 {
		return o2c.Errorf(o2c.CodeNotFound, "API key %d not found", id)
	}
	return nil
}

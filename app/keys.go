package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
)

// Keys manages API keys. A key's secret is shown once, at creation; only its hash is stored.
type Keys struct {
	Store o2c.Store
}

// keyPrefix marks o2c secrets, so that secret scanners and people recognise a leaked key.
const keyPrefix = "o2c_"

// HashSecret returns the stored form of a secret.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Create makes a key with the given scopes and returns its secret, which is never stored.
func (s *Keys) Create(ctx context.Context, name string, scopes []o2c.Scope, actor string) (string, *o2c.APIKey, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", nil, o2c.Invalid(o2c.Fault{Rule: "KEY-01", Path: "$.name", Message: "a key needs a name of 1 to 100 characters"})
	}
	if len(scopes) == 0 {
		return "", nil, o2c.Invalid(o2c.Fault{Rule: "KEY-02", Path: "$.scopes", Message: "a key needs at least one scope"})
	}
	for i, sc := range scopes {
		if !slices.Contains(o2c.Scopes, sc) {
			return "", nil, o2c.Invalid(o2c.Fault{Rule: "KEY-03", Path: fmt.Sprintf("$.scopes[%d]", i),
				Message: fmt.Sprintf("unknown scope %q; known scopes: %v", sc, o2c.Scopes)})
		}
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("make key secret: %w", err)
	}
	secret := keyPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw))
	k := &o2c.APIKey{Name: name, Prefix: secret[:len(keyPrefix)+6], Hash: HashSecret(secret), Scopes: scopes}
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		if err := tx.CreateAPIKey(ctx, k); err != nil {
			return fmt.Errorf("create api key %q: %w", name, err)
		}
		return tx.AddEvent(ctx, &o2c.AuditEvent{Entity: "api_key", EntityID: fmt.Sprint(k.ID), Action: "created", Actor: actor,
			Note: fmt.Sprintf("key %q with scopes %v", name, scopes)})
	})
	if err != nil {
		return "", nil, err
	}
	return secret, k, nil
}

// Authenticate returns the live key whose secret this is. CodeUnauthorized otherwise.
func (s *Keys) Authenticate(ctx context.Context, secret string) (*o2c.APIKey, error) {
	if !strings.HasPrefix(secret, keyPrefix) {
		return nil, o2c.Errorf(o2c.CodeUnauthorized, "invalid API key")
	}
	k, err := s.Store.FindAPIKeyByHash(ctx, HashSecret(secret))
	if o2c.ErrorCode(err) == o2c.CodeNotFound || (err == nil && !k.RevokedAt.IsZero()) {
		return nil, o2c.Errorf(o2c.CodeUnauthorized, "invalid or revoked API key")
	}
	if err != nil {
		return nil, fmt.Errorf("find api key: %w", err)
	}
	return k, nil
}

// Revoke disables a key for good.
func (s *Keys) Revoke(ctx context.Context, id int64, actor string) error {
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		if err := tx.RevokeAPIKey(ctx, id); err != nil {
			return fmt.Errorf("revoke api key %d: %w", id, err)
		}
		return tx.AddEvent(ctx, &o2c.AuditEvent{Entity: "api_key", EntityID: fmt.Sprint(id), Action: "revoked", Actor: actor})
	})
}

// List returns every key, revoked ones included.
func (s *Keys) List(ctx context.Context) ([]*o2c.APIKey, error) { return s.Store.FindAPIKeys(ctx) }

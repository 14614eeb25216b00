package storetest

import (
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

func testAPIKeys(t *testing.T, s o2c.Store) {
	keys, err := s.FindAPIKeys(ctx(t))
	must(t, err)
	if len(keys) != 0 {
		t.Fatalf("empty store lists %d keys", len(keys))
	}

	bridge := &o2c.APIKey{Name: "erp-bridge", Prefix: "o2c_ab12", Hash: "hash-bridge",
		Scopes: []o2c.Scope{o2c.ScopeOrdersRead, o2c.ScopeOrdersWrite}}
	portal := &o2c.APIKey{Name: "portal", Prefix: "o2c_cd34", Hash: "hash-portal", Scopes: []o2c.Scope{o2c.ScopeAdmin}}
	var created time.Time
	inTx(t, s, func(tx o2c.Tx) {
		created = tx.Now()
		must(t, tx.CreateAPIKey(ctx(t), bridge))
		// Same name, other secret: a conflict, and the transaction goes on.
		wantCode(t, tx.CreateAPIKey(ctx(t), &o2c.APIKey{Name: "erp-bridge", Prefix: "o2c_ef56", Hash: "hash-other",
			Scopes: []o2c.Scope{o2c.ScopeAdmin}}), o2c.CodeConflict)
		must(t, tx.CreateAPIKey(ctx(t), portal))
	})
	if bridge.ID == 0 || portal.ID == 0 || bridge.CreatedAt != created {
		t.Fatalf("CreateAPIKey set ID %d/%d, CreatedAt %v; want IDs and %v", bridge.ID, portal.ID, bridge.CreatedAt, created)
	}
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.CreateAPIKey(ctx(t), &o2c.APIKey{Name: "portal", Prefix: "x", Hash: "hash-x"})
	})
	wantCode(t, err, o2c.CodeConflict)

	got, err := s.FindAPIKeyByHash(ctx(t), "hash-bridge")
	must(t, err)
	wantJSON(t, "key", got, bridge)
	if got.Hash != "hash-bridge" || !got.Allows(o2c.ScopeOrdersWrite) || got.Allows(o2c.ScopeAdmin) {
		t.Fatalf("found key %+v", got)
	}
	_, err = s.FindAPIKeyByHash(ctx(t), "hash-other")
	wantCode(t, err, o2c.CodeNotFound)

	var revoked time.Time
	inTx(t, s, func(tx o2c.Tx) {
		revoked = tx.Now()
		must(t, tx.RevokeAPIKey(ctx(t), bridge.ID))
	})
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.RevokeAPIKey(ctx(t), bridge.ID)) }) // keeps the first revocation
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.RevokeAPIKey(ctx(t), 987654) })
	wantCode(t, err, o2c.CodeNotFound)

	got, err = s.FindAPIKeyByHash(ctx(t), "hash-bridge")
	must(t, err)
	if got.RevokedAt != revoked || got.Allows(o2c.ScopeOrdersRead) {
		t.Fatalf("revoked key: RevokedAt %v, want %v; it must allow nothing", got.RevokedAt, revoked)
	}
	bridge.RevokedAt = revoked

	keys, err = s.FindAPIKeys(ctx(t))
	must(t, err)
	wantJSON(t, "keys", keys, []*o2c.APIKey{bridge, portal})
	if keys[0].Hash != bridge.Hash || keys[1].Hash != portal.Hash {
		t.Fatal("listed keys lost their hashes")
	}
}

package app_test

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// dbFiles returns the bytes of every file of the store's database: the main file, and the
// write-ahead log where recent writes live until a checkpoint.
func (b *bundle) dbFiles(t *testing.T) map[string][]byte {
	t.Helper()
	var seq int
	var name, path string
	if err := b.store.WriteDB().QueryRowContext(t.Context(), `PRAGMA database_list`).Scan(&seq, &name, &path); err != nil {
		t.Fatal(err)
	}
	if path == "" {
		t.Fatal("the test database has no file")
	}
	matches, err := filepath.Glob(path + "*")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(m)] = data
	}
	return out
}

func TestKeys(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setup(t, withoutMasterData)
		ctx := t.Context()
		scopes := []o2c.Scope{o2c.ScopeOrdersRead, o2c.ScopeOrdersWrite}
		secret, k, err := b.keys.Create(ctx, "erp-bridge", scopes, "user:admin")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "o2c_") || len(secret) < 40 {
			t.Fatalf("secret %q, want o2c_ and at least 36 random characters", secret)
		}
		if k.ID == 0 || k.Name != "erp-bridge" || !strings.HasPrefix(secret, k.Prefix) || len(k.Prefix) >= len(secret)/2 {
			t.Fatalf("key %+v, want an id, the name and a short prefix of the secret", k)
		}

		got, err := b.keys.Authenticate(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != k.ID || !slices.Equal(got.Scopes, scopes) || !got.Allows(o2c.ScopeOrdersWrite) || got.Allows(o2c.ScopeAdmin) {
			t.Fatalf("authenticated key %+v, want key %d with scopes %v", got, k.ID, scopes)
		}

		// Only the hash is stored.
		list, err := b.keys.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].Hash != app.HashSecret(secret) || list[0].Hash == secret {
			t.Fatalf("listed keys %+v, want one holding the secret's hash", list)
		}
		secretBody := secret[len(k.Prefix):] // the prefix is stored, to recognise a key in lists
		if dump := fmt.Sprintf("%+v", *list[0]); strings.Contains(dump, secretBody) {
			t.Fatalf("a listed key holds the secret: %s", dump)
		}
		files := b.dbFiles(t)
		if len(files) == 0 {
			t.Fatal("no database file found")
		}
		for name, data := range files {
			if bytes.Contains(data, []byte(secretBody)) {
				t.Fatalf("database file %s holds the secret", name)
			}
		}
		if !slices.ContainsFunc(slices.Collect(maps.Values(files)), func(d []byte) bool { return bytes.Contains(d, []byte(k.Hash)) }) {
			t.Fatal("the key's hash is in no database file: the search above looked in the wrong place")
		}

		es, err := b.store.FindEvents(ctx, "api_key", fmt.Sprint(k.ID))
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Action != "created" || es[0].Actor != "user:admin" || strings.Contains(es[0].Note, secretBody) {
			t.Fatalf("events %+v, want one created by user:admin, without the secret", es)
		}

		if err := b.keys.Revoke(ctx, k.ID, "user:admin"); err != nil {
			t.Fatal(err)
		}
		_, err = b.keys.Authenticate(ctx, secret)
		wantCode(t, err, o2c.CodeUnauthorized)
		if list, err := b.keys.List(ctx); err != nil || len(list) != 1 || list[0].RevokedAt.IsZero() {
			t.Fatalf("listed keys %+v (%v), want the revoked key still listed", list, err)
		}
	})

	for _, tc := range []struct {
		name   string
		secret string
	}{
		{"ErrEmpty", ""},
		{"ErrNoPrefix", "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"},
		{"ErrUnknown", "o2c_abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"},
	} {
		t.Run("Authenticate"+tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, withoutMasterData)
			if _, _, err := b.keys.Create(t.Context(), "someone", []o2c.Scope{o2c.ScopeAdmin}, "user:admin"); err != nil {
				t.Fatal(err)
			}
			_, err := b.keys.Authenticate(t.Context(), tc.secret)
			wantCode(t, err, o2c.CodeUnauthorized)
		})
	}

	for _, tc := range []struct {
		name   string
		key    string
		scopes []o2c.Scope
		path   string
	}{
		{"ErrNameEmpty", "", []o2c.Scope{o2c.ScopeAdmin}, "$.name"},
		{"ErrNameBlank", "   ", []o2c.Scope{o2c.ScopeAdmin}, "$.name"},
		{"ErrNameTooLong", strings.Repeat("k", 101), []o2c.Scope{o2c.ScopeAdmin}, "$.name"},
		{"ErrNoScope", "bridge", nil, "$.scopes"},
		{"ErrUnknownScope", "bridge", []o2c.Scope{o2c.ScopeOrdersRead, "orders:delete"}, "$.scopes[1]"},
	} {
		t.Run("Create"+tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, withoutMasterData)
			_, _, err := b.keys.Create(t.Context(), tc.key, tc.scopes, "user:admin")
			wantCode(t, err, o2c.CodeInvalid)
			if f := o2c.ErrorFaults(err); len(f) != 1 || f[0].Path != tc.path {
				t.Fatalf("faults = %+v, want one at %s", f, tc.path)
			}
			if list, err := b.keys.List(t.Context()); err != nil || len(list) != 0 {
				t.Fatalf("keys %+v (%v), want none stored", list, err)
			}
		})
	}

	t.Run("CreateErrDuplicateName", func(t *testing.T) {
		t.Parallel()
		b := setup(t, withoutMasterData)
		if _, _, err := b.keys.Create(t.Context(), "bridge", []o2c.Scope{o2c.ScopeAdmin}, "user:admin"); err != nil {
			t.Fatal(err)
		}
		_, _, err := b.keys.Create(t.Context(), "bridge", []o2c.Scope{o2c.ScopeAdmin}, "user:admin")
		wantCode(t, err, o2c.CodeConflict)
	})

	t.Run("RevokeErrNotFound", func(t *testing.T) {
		t.Parallel()
		b := setup(t, withoutMasterData)
		wantCode(t, b.keys.Revoke(t.Context(), 999, "user:admin"), o2c.CodeNotFound)
	})
}

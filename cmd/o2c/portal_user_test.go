package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// TestUserCreatePortal makes a customer portal user from the command line; it signs in to the
// portal with the password printed once. A portal user needs a customer that exists, and no role.
func TestUserCreatePortal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, err := sqlite.Open(t.Context(), filepath.Join(dir, "o2c.db"), sqlstore.Options{Enqueue: sqlstore.DiscardJobs})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&app.MasterData{Store: db}).Upsert(t.Context(), demo.MasterData(), "test"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, errOut := runCLI(t, "user", "create", "--portal", "--customer", "C10014", "--email", "Buyer@Kantinen.example", "--data", dir)
	m := regexp.MustCompile(`password \(shown only this once\): (\S+)`).FindStringSubmatch(out)
	if code != 0 || !strings.Contains(out, "created portal user buyer@kantinen.example of customer C10014") || m == nil {
		t.Fatalf("exit %d, output %q: %s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"user", "create", "--portal", "--customer", "C99999", "--email", "x@example.com"},                    // no such customer
		{"user", "create", "--portal", "--email", "y@example.com"},                                            // no customer
		{"user", "create", "--portal", "--customer", "C10014", "--email", "z@example.com", "--role", "admin"}, // a role too
	} {
		if code, _, _ := runCLI(t, append(args, "--data", dir)...); code == 0 {
			t.Errorf("%v exited 0", args)
		}
	}
	db, err = sqlite.Open(t.Context(), filepath.Join(dir, "o2c.db"), sqlstore.Options{Enqueue: sqlstore.DiscardJobs})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := app.NewPortal(app.NewOrders(db, nil), nil)
	login, err := p.Login(t.Context(), app.LoginParams{Email: "buyer@kantinen.example", Password: m[1], IP: "192.0.2.1"})
	if err != nil || login.User.CustomerID != "C10014" {
		t.Fatalf("sign in with the printed password: %v", err)
	}
	if _, err := app.NewUsers(db).Login(t.Context(), app.LoginParams{Email: "buyer@kantinen.example", Password: m[1], IP: "192.0.2.1"}); err == nil {
		t.Fatal("a portal user signed in as staff")
	}
}

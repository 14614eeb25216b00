package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// TestUserCreate makes the first admin from the command line, with a generated password printed
// once, then a user whose password comes from standard input; bad input exits non-zero.
func TestUserCreate(t *testing.T) { //nolint:paralleltest // swaps os.Stdin
	dir := t.TempDir()
	code, out, errOut := runCLI(t, "user", "create", "--email", "Boss@Example.com", "--role", "admin", "--name", "Boss", "--data", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	m := regexp.MustCompile(`password \(shown only this once\): (\S+)`).FindStringSubmatch(out)
	if !strings.Contains(out, "created user boss@example.com (admin)") || m == nil {
		t.Fatalf("output %q", out)
	}

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteString("a password from stdin\n"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	stdin := os.Stdin
	os.Stdin = r
	code, out, errOut = runCLI(t, "user", "create", "--email", "clerk@example.com", "--role", "order_desk", "--password-stdin", "--data", dir)
	os.Stdin = stdin
	if code != 0 || strings.Contains(out, "password") {
		t.Fatalf("exit %d, output %q: %s", code, out, errOut)
	}

	for _, args := range [][]string{
		{"user", "create", "--email", "boss@example.com", "--role", "admin"}, // taken
		{"user", "create", "--email", "x@example.com", "--role", "boss"},     // no such role
		{"user", "create", "--email", "x@example.com"},                       // no role
		{"user", "list"}, // no such subcommand
	} {
		if code, _, _ := runCLI(t, append(args, "--data", dir)...); code == 0 {
			t.Errorf("%v exited 0", args)
		}
	}

	db, err := sqlite.Open(t.Context(), filepath.Join(dir, "o2c.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	users := app.NewUsers(db)
	for email, password := range map[string]string{"boss@example.com": m[1], "clerk@example.com": "a password from stdin"} {
		res, err := users.Login(t.Context(), app.LoginParams{Email: email, Password: password, IP: "127.0.0.1"})
		if err != nil {
			t.Fatalf("sign in as %s: %v", email, err)
		}
		if email == "clerk@example.com" && res.User.Role != o2c.RoleOrderDesk {
			t.Fatalf("clerk has role %s", res.User.Role)
		}
	}
}

package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

var cheap = app.PasswordParams{Memory: 64, Time: 1, Threads: 1}

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h1, err := app.HashPassword("correct horse battery staple", cheap)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := app.HashPassword("correct horse battery staple", cheap)
	if h1 == h2 || !strings.HasPrefix(h1, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hashes %q and %q: want a fresh salt each and the PHC form", h1, h2)
	}
	if !app.CheckPassword("correct horse battery staple", h1) || app.CheckPassword("correct horse battery stapler", h1) {
		t.Fatal("CheckPassword got the password wrong")
	}
	parts := strings.Split(h1, "$")
	for name, bad := range map[string]string{
		"Empty":       "",
		"Bcrypt":      "$2a$10$abcdefghijklmnopqrstuu",
		"HugeMemory":  strings.Replace(h1, "m=64", "m=99999999", 1),
		"ShortKey":    strings.Join(append(parts[:5:5], "AAAA"), "$"),
		"OtherVerson": strings.Replace(h1, "v=19", "v=16", 1),
	} {
		if app.CheckPassword("correct horse battery staple", bad) {
			t.Errorf("%s: hash %q matched", name, bad)
		}
	}
	if p := app.GeneratePassword(); len(p) != 20 || p == app.GeneratePassword() {
		t.Fatalf("generated %q", p)
	}
}

// usersBundle is a user service on a fresh store, with a clock the test moves.
type usersBundle struct {
	users *app.Users
	clock *time.Time
}

func setupUsers(t *testing.T) usersBundle {
	t.Helper()
	clock := now
	store := sqlite.MustOpenTest(t, sqlstore.Options{Enqueue: sqlstore.DiscardJobs, Now: func() time.Time { return clock }})
	u := app.NewUsers(store)
	u.Params = cheap
	u.Now = func() time.Time { return clock }
	u.Limiter.Now = u.Now
	return usersBundle{users: u, clock: &clock}
}

func (b usersBundle) create(t *testing.T, email string, role o2c.Role) *o2c.User {
	t.Helper()
	u, _, err := b.users.Create(t.Context(), app.CreateUserParams{Email: email, Role: role, Password: "a long enough password", Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (b usersBundle) login(t *testing.T, email, password, ip string) (*app.LoginResult, error) {
	t.Helper()
	return b.users.Login(t.Context(), app.LoginParams{Email: email, Password: password, IP: ip})
}

func TestUserCreateRules(t *testing.T) {
	t.Parallel()
	b := setupUsers(t)
	for _, tt := range []struct {
		name string
		p    app.CreateUserParams
		path string
	}{
		{"ErrEmail", app.CreateUserParams{Email: "anna", Role: o2c.RoleAdmin}, "email"},
		{"ErrEmailWithName", app.CreateUserParams{Email: "Anna <anna@example.com>", Role: o2c.RoleAdmin}, "email"},
		{"ErrRole", app.CreateUserParams{Email: "anna@example.com", Role: "root"}, "role"},
		{"ErrShortPassword", app.CreateUserParams{Email: "anna@example.com", Role: o2c.RoleAdmin, Password: "short"}, "password"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := b.users.Create(t.Context(), tt.p)
			if f := o2c.ErrorFaults(err); len(f) != 1 || f[0].Path != tt.path {
				t.Fatalf("error %v, want one fault at %s", err, tt.path)
			}
		})
	}
	u, password, err := b.users.Create(t.Context(), app.CreateUserParams{Email: " Anna@Example.com", Role: o2c.RoleAdmin})
	if err != nil || u.Email != "anna@example.com" || len(password) != 20 {
		t.Fatalf("created %+v with password %q: %v", u, password, err)
	}
	_, _, err = b.users.Create(t.Context(), app.CreateUserParams{Email: "anna@example.com", Role: o2c.RoleReadOnly})
	wantCode(t, err, o2c.CodeConflict)
}

func TestLoginAndSessions(t *testing.T) {
	t.Parallel()
	b := setupUsers(t)
	admin := b.create(t, "admin@example.com", o2c.RoleAdmin)
	clerk := b.create(t, "clerk@example.com", o2c.RoleOrderDesk)

	_, err := b.login(t, "clerk@example.com", "wrong password", "192.0.2.1")
	wantCode(t, err, o2c.CodeUnauthorized)
	_, err = b.login(t, "nobody@example.com", "a long enough password", "192.0.2.1")
	if o2c.ErrorMessage(err) != "wrong e-mail or password" {
		t.Fatalf("unknown login: %v", err)
	}
	res, err := b.login(t, "CLERK@example.com", "a long enough password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if res.User.ID != clerk.ID || res.User.LastLoginAt != now || len(res.Token) != 43 || res.CSRF == "" || res.CSRF == res.Token {
		t.Fatalf("login result %+v", res)
	}
	user, sess, err := b.users.Session(t.Context(), res.Token)
	if err != nil || user.ID != clerk.ID || !app.CheckCSRF(sess, res.CSRF) || app.CheckCSRF(sess, res.Token) || app.CheckCSRF(sess, "") {
		t.Fatalf("session: %v", err)
	}
	if _, _, err := b.users.Session(t.Context(), res.Token+"x"); o2c.ErrorCode(err) != o2c.CodeUnauthorized {
		t.Fatalf("another token: %v", err)
	}

	// Idle for longer than the idle timeout: the session ends.
	*b.clock = now.Add(app.DefaultIdleTimeout + time.Minute)
	_, _, err = b.users.Session(t.Context(), res.Token)
	wantCode(t, err, o2c.CodeUnauthorized)

	// Used every half hour, a session lives until its absolute end.
	*b.clock = now
	res, _ = b.login(t, "clerk@example.com", "a long enough password", "192.0.2.1")
	for at := time.Duration(0); at < app.DefaultSessionTTL; at += 30 * time.Minute {
		*b.clock = now.Add(at)
		if _, _, err := b.users.Session(t.Context(), res.Token); err != nil {
			t.Fatalf("at +%v: %v", at, err)
		}
	}
	*b.clock = now.Add(app.DefaultSessionTTL)
	_, _, err = b.users.Session(t.Context(), res.Token)
	wantCode(t, err, o2c.CodeUnauthorized)

	// Disabling a user, or a new password, ends their sessions; logout ends one.
	*b.clock = now
	res, _ = b.login(t, "clerk@example.com", "a long enough password", "192.0.2.1")
	if _, err := b.users.SetPassword(t.Context(), clerk.ID, "another long password", "test"); err != nil {
		t.Fatal(err)
	}
	_, _, err = b.users.Session(t.Context(), res.Token)
	wantCode(t, err, o2c.CodeUnauthorized)
	res, err = b.login(t, "clerk@example.com", "another long password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.users.SetDisabled(t.Context(), clerk.ID, true, "test"); err != nil {
		t.Fatal(err)
	}
	_, _, err = b.users.Session(t.Context(), res.Token)
	wantCode(t, err, o2c.CodeUnauthorized)
	_, err = b.login(t, "clerk@example.com", "another long password", "192.0.2.1")
	wantCode(t, err, o2c.CodeUnauthorized)

	res, _ = b.login(t, "admin@example.com", "a long enough password", "192.0.2.1")
	if err := b.users.Logout(t.Context(), res.Token); err != nil {
		t.Fatal(err)
	}
	_, _, err = b.users.Session(t.Context(), res.Token)
	wantCode(t, err, o2c.CodeUnauthorized)

	// The last active admin stays an admin.
	_, err = b.users.SetRole(t.Context(), admin.ID, o2c.RoleReadOnly, "test")
	wantCode(t, err, o2c.CodeConflict)
	_, err = b.users.SetDisabled(t.Context(), admin.ID, true, "test")
	wantCode(t, err, o2c.CodeConflict)
	if _, err := b.users.SetDisabled(t.Context(), clerk.ID, false, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.users.SetRole(t.Context(), clerk.ID, o2c.RoleAdmin, "test"); err != nil {
		t.Fatal(err)
	}
	if u, err := b.users.SetRole(t.Context(), admin.ID, o2c.RoleReadOnly, "test"); err != nil || u.Role != o2c.RoleReadOnly {
		t.Fatalf("demote one of two admins: %v", err)
	}
}

func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	b := setupUsers(t)
	b.create(t, "anna@example.com", o2c.RoleAdmin)
	b.create(t, "bob@example.com", o2c.RoleReadOnly)
	for range 5 {
		if _, err := b.login(t, "anna@example.com", "guess", "192.0.2.1"); errors.Is(err, app.ErrTooManyAttempts) {
			t.Fatal("locked too early")
		}
	}
	// The right password is refused while the account is locked, from any address.
	_, err := b.login(t, "anna@example.com", "a long enough password", "198.51.100.7")
	if !errors.Is(err, app.ErrTooManyAttempts) || o2c.ErrorCode(err) != o2c.CodeUnauthorized {
		t.Fatalf("locked account: %v", err)
	}
	// Another account from the same address is still fine (the address has 5 of 20).
	if _, err := b.login(t, "bob@example.com", "a long enough password", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	// After the window, the account opens again.
	*b.clock = now.Add(15*time.Minute + time.Second)
	if _, err := b.login(t, "anna@example.com", "a long enough password", "192.0.2.1"); err != nil {
		t.Fatalf("after the window: %v", err)
	}

	// An address that fails 20 times, on any accounts, is locked for all of them.
	for i := range 20 {
		_, _ = b.login(t, "nobody"+strings.Repeat("x", i)+"@example.com", "guess", "203.0.113.5")
	}
	_, err = b.login(t, "bob@example.com", "a long enough password", "203.0.113.5")
	if !errors.Is(err, app.ErrTooManyAttempts) {
		t.Fatalf("locked address: %v", err)
	}
}

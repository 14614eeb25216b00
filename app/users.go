package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/o2c-project/o2c"
)

// Users manages the staff who sign in to the web app: their accounts, roles, passwords (argon2id)
// and server-side sessions. Make one with NewUsers.
type Users struct {
	Store       o2c.Store
	Now         func() time.Time
	Params      PasswordParams // costs of new password hashes
	SessionTTL  time.Duration  // a session ends this long after sign-in, however active
	IdleTimeout time.Duration  // a session ends when unused this long
	Limiter     *LoginLimiter  // failed sign-ins allowed per account and per address

	dummy dummyHash // checked for unknown logins
}

// Session defaults.
const (
	DefaultSessionTTL  = 12 * time.Hour
	DefaultIdleTimeout = time.Hour
	// touchEvery bounds the writes that keep a session alive: at most one a minute per session.
	touchEvery = time.Minute
	// MinPasswordLength is the shortest password a person may choose.
	MinPasswordLength = 12
	maxPasswordLength = 256
)

// NewUsers returns a user service with the default costs, session lengths and login limits.
func NewUsers(store o2c.Store) *Users {
	return &Users{Store: store, Now: time.Now, Params: DefaultPasswordParams, SessionTTL: DefaultSessionTTL,
		IdleTimeout: DefaultIdleTimeout, Limiter: NewLoginLimiter()}
}

// ErrTooManyAttempts is in the chain of the error Login returns while an account or an address is
// locked out; the error's code is CodeUnauthorized.
var ErrTooManyAttempts = errors.New("too many failed sign-ins")

// CreateUserParams is a new user.
type CreateUserParams struct {
	Email    string
	Name     string
	Role     o2c.Role
	Password string // empty: one is generated and returned
	Actor    string // who creates the user
}

// Create makes a user and returns it with its password: the one given, or a generated one that is
// shown once and never stored. CodeInvalid, CodeConflict when the email is taken.
func (s *Users) Create(ctx context.Context, p CreateUserParams) (*o2c.User, string, error) {
	email := strings.ToLower(strings.TrimSpace(p.Email))
	var faults []o2c.Fault
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		faults = append(faults, o2c.Fault{Rule: "USER-01", Path: "email", Message: "enter an e-mail address such as anna@example.com"})
	}
	if !p.Role.Valid() {
		faults = append(faults, o2c.Fault{Rule: "USER-02", Path: "role", Message: fmt.Sprintf("unknown role %q; roles: %v", p.Role, o2c.Roles)})
	}
	name := strings.TrimSpace(p.Name)
	if len(name) > 200 {
		faults = append(faults, o2c.Fault{Rule: "USER-03", Path: "name", Message: "a name has at most 200 characters"})
	}
	password := p.Password
	if password == "" {
		password = GeneratePassword()
	} else if f, ok := checkPassword(password); !ok {
		faults = append(faults, f)
	}
	if len(faults) > 0 {
		return nil, "", o2c.Invalid(faults...)
	}
	hash, err := HashPassword(password, s.Params)
	if err != nil {
		return nil, "", err
	}
	u := &o2c.User{Email: email, Name: name, Role: p.Role, PasswordHash: hash}
	err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("create user %s: %w", email, err)
		}
		return userEvent(ctx, tx, u, "created", p.Actor, fmt.Sprintf("%s with role %s", email, p.Role))
	})
	if err != nil {
		return nil, "", err
	}
	return u, password, nil
}

// checkPassword says why a chosen password is refused.
func checkPassword(pw string) (o2c.Fault, bool) {
	if n := len([]rune(pw)); n < MinPasswordLength || len(pw) > maxPasswordLength {
		return o2c.Fault{Rule: "USER-04", Path: "password",
			Message: fmt.Sprintf("a password has %d to %d characters", MinPasswordLength, maxPasswordLength)}, false
	}
	return o2c.Fault{}, true
}

func userEvent(ctx context.Context, tx o2c.Tx, u *o2c.User, action, actor, note string) error {
	if actor == "" {
		actor = o2c.ActorSystem
	}
	e := &o2c.AuditEvent{Entity: "user", EntityID: fmt.Sprint(u.ID), Action: action, Actor: actor, Note: note}
	if err := tx.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s of user %d: %w", action, u.ID, err)
	}
	return nil
}

// List returns every user, by email.
func (s *Users) List(ctx context.Context) ([]*o2c.User, error) { return s.Store.FindUsers(ctx) }

// User returns one user. CodeNotFound.
func (s *Users) User(ctx context.Context, id int64) (*o2c.User, error) {
	return s.Store.FindUserByID(ctx, id)
}

// SetRole changes a user's role; it applies to their open sessions at their next request.
// CodeConflict when it would leave no active admin.
func (s *Users) SetRole(ctx context.Context, id int64, role o2c.Role, actor string) (*o2c.User, error) {
	if !role.Valid() {
		return nil, o2c.Invalid(o2c.Fault{Rule: "USER-02", Path: "role", Message: fmt.Sprintf("unknown role %q", role)})
	}
	return s.change(ctx, id, actor, func(tx o2c.Tx, u *o2c.User) (o2c.UserUpdate, string, error) {
		if u.Role == o2c.RoleAdmin && role != o2c.RoleAdmin && u.Active() {
			if err := needAnotherAdmin(ctx, tx, u); err != nil {
				return o2c.UserUpdate{}, "", err
			}
		}
		return o2c.UserUpdate{Role: &role}, fmt.Sprintf("role %s -> %s", u.Role, role), nil
	})
}

// SetDisabled disables a user, ending their sessions, or enables them again. CodeConflict when it
// would leave no active admin.
func (s *Users) SetDisabled(ctx context.Context, id int64, disabled bool, actor string) (*o2c.User, error) {
	return s.change(ctx, id, actor, func(tx o2c.Tx, u *o2c.User) (o2c.UserUpdate, string, error) {
		if !disabled {
			return o2c.UserUpdate{Disabled: &disabled}, "enabled", nil
		}
		if u.Role == o2c.RoleAdmin && u.Active() {
			if err := needAnotherAdmin(ctx, tx, u); err != nil {
				return o2c.UserUpdate{}, "", err
			}
		}
		if _, err := tx.DeleteUserSessions(ctx, u.ID); err != nil {
			return o2c.UserUpdate{}, "", err
		}
		return o2c.UserUpdate{Disabled: &disabled}, "disabled", nil
	})
}

// SetPassword replaces a user's password and ends their sessions.
func (s *Users) SetPassword(ctx context.Context, id int64, password, actor string) (*o2c.User, error) {
	if f, ok := checkPassword(password); !ok {
		return nil, o2c.Invalid(f)
	}
	hash, err := HashPassword(password, s.Params)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, id, actor, func(tx o2c.Tx, u *o2c.User) (o2c.UserUpdate, string, error) {
		if _, err := tx.DeleteUserSessions(ctx, u.ID); err != nil {
			return o2c.UserUpdate{}, "", err
		}
		return o2c.UserUpdate{PasswordHash: &hash}, "password set", nil
	})
}

func (s *Users) change(ctx context.Context, id int64, actor string,
	decide func(o2c.Tx, *o2c.User) (o2c.UserUpdate, string, error)) (*o2c.User, error) {
	var out *o2c.User
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		u, err := tx.FindUserByID(ctx, id)
		if err != nil {
			return err
		}
		upd, note, err := decide(tx, u)
		if err != nil {
			return err
		}
		if out, err = tx.UpdateUser(ctx, id, upd); err != nil {
			return err
		}
		return userEvent(ctx, tx, out, "changed", actor, note)
	})
	return out, err
}

// needAnotherAdmin refuses a change that would leave no active admin: nobody could then manage users.
func needAnotherAdmin(ctx context.Context, tx o2c.Tx, u *o2c.User) error {
	all, err := tx.FindUsers(ctx)
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.ID != u.ID && o.Role == o2c.RoleAdmin && o.Active() {
			return nil
		}
	}
	return o2c.Errorf(o2c.CodeConflict, "%s is the last active admin; make another admin first", u.Email)
}

// LoginParams is one sign-in attempt.
type LoginParams struct {
	Email     string
	Password  string
	IP        string // the client's address, for the per-address limit
	UserAgent string
}

// LoginResult is a new session. Token goes into the session cookie and is never stored; CSRF is
// the token the session's forms must send back.
type LoginResult struct {
	User  *o2c.User
	Token string
	CSRF  string
}

// Login checks an e-mail and password and opens a session. Every failure looks the same to the
// caller (CodeUnauthorized), and takes as long, whether the login exists or not; after too many
// failures the account or the address is locked for a while (ErrTooManyAttempts in the chain).
func (s *Users) Login(ctx context.Context, p LoginParams) (*LoginResult, error) {
	email := strings.ToLower(strings.TrimSpace(p.Email))
	if wait, locked := s.Limiter.Locked(email, p.IP); locked {
		return nil, errors.Join(o2c.Errorf(o2c.CodeUnauthorized,
			"too many failed sign-ins: try again in %d minutes", int(wait.Round(time.Minute)/time.Minute)+1), ErrTooManyAttempts)
	}
	u, err := s.Store.FindUserByEmail(ctx, email)
	if err != nil && o2c.ErrorCode(err) != o2c.CodeNotFound {
		return nil, err
	}
	if len(p.Password) > maxPasswordLength {
		p.Password = p.Password[:maxPasswordLength]
	}
	var ok bool
	if u == nil {
		CheckPassword(p.Password, s.dummyHash()) // the same work as for a real user
	} else {
		ok = CheckPassword(p.Password, u.PasswordHash) && u.Active()
	}
	if !ok {
		s.Limiter.Fail(email, p.IP)
		return nil, o2c.Errorf(o2c.CodeUnauthorized, "wrong e-mail or password")
	}
	s.Limiter.Succeed(email)
	sess, token, csrf := newSession(u.ID, s.Now().Add(s.SessionTTL), p.IP, p.UserAgent)
	err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
		if _, err := tx.DeleteStaleSessions(ctx, s.Now().Add(-s.IdleTimeout)); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		if u, err = tx.UpdateUser(ctx, u.ID, o2c.UserUpdate{LastLogin: true}); err != nil {
			return err
		}
		return userEvent(ctx, tx, u, "signed_in", u.Actor(), "from "+p.IP)
	})
	if err != nil {
		return nil, fmt.Errorf("open session of %s: %w", email, err)
	}
	return &LoginResult{User: u, Token: token, CSRF: csrf}, nil
}

func (s *Users) dummyHash() string { return s.dummy.get(s.Params) }

// newSession makes a session of userID until expires, and its secret token and CSRF token: the
// store keeps only the token's hash. The user agent is kept short, for the sessions list.
func newSession(userID int64, expires time.Time, ip, agent string) (sess *o2c.Session, token, csrf string) {
	token, csrf = randomToken(), randomToken()
	if len(agent) > 200 {
		agent = agent[:200]
	}
	return &o2c.Session{IDHash: HashSecret(token), UserID: userID, CSRFToken: csrf, ExpiresAt: expires, IP: ip, UserAgent: agent},
		token, csrf
}

// dummyHash is a password hash checked for unknown logins, so that they take as long as known
// ones; made once, on first use.
type dummyHash struct {
	once sync.Once
	hash string
}

func (d *dummyHash) get(params PasswordParams) string {
	d.once.Do(func() {
		d.hash, _ = HashPassword(GeneratePassword(), params) // crypto/rand does not fail
	})
	return d.hash
}

// randomToken returns 256 random bits, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Session returns the signed-in user and session of a session token. CodeUnauthorized when the
// session does not exist, has ended (expired or idle) or its user is disabled.
func (s *Users) Session(ctx context.Context, token string) (*o2c.User, *o2c.Session, error) {
	denied := o2c.Errorf(o2c.CodeUnauthorized, "your session has ended: sign in again")
	if token == "" || len(token) > 100 {
		return nil, nil, denied
	}
	hash := HashSecret(token)
	sess, err := s.Store.FindSession(ctx, hash)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return nil, nil, denied
	} else if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.IdleTimeout {
		if err := s.Store.InTx(ctx, func(tx o2c.Tx) error { return tx.DeleteSession(ctx, hash) }); err != nil {
			return nil, nil, err
		}
		return nil, nil, denied
	}
	u, err := s.Store.FindUserByID(ctx, sess.UserID)
	if o2c.ErrorCode(err) == o2c.CodeNotFound || (err == nil && !u.Active()) {
		return nil, nil, denied
	} else if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := s.Store.InTx(ctx, func(tx o2c.Tx) error { return tx.TouchSession(ctx, hash) }); err != nil {
			return nil, nil, err
		}
	}
	return u, sess, nil
}

// Logout ends the session of a token; an unknown token is no error.
func (s *Users) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.Store.InTx(ctx, func(tx o2c.Tx) error { return tx.DeleteSession(ctx, HashSecret(token)) })
}

// CheckCSRF reports whether token is the session's CSRF token, comparing in constant time.
func CheckCSRF(sess *o2c.Session, token string) bool {
	return sess != nil && token != "" && constantEqual(sess.CSRFToken, token)
}

func constantEqual(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

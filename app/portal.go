package app

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
)

// Portal is the customer portal's use cases: customers' own users (each tied to one customer),
// their sign-in and sessions, and what they may do: follow their customer's orders and documents,
// and place orders, which enter the pipeline through Orders.Receive like any other document.
// Every method that takes a portal user answers only with that user's customer's data; anything
// else is CodeNotFound, never a refusal that would tell it exists. Make one with NewPortal.
type Portal struct {
	Orders      *Orders        // receives the orders placed, and gives the store, clock and zone
	Archive     *Archive       // the documents of orders; nil: only the originals
	Params      PasswordParams // costs of new password hashes
	SessionTTL  time.Duration  // a session ends this long after sign-in, however active
	IdleTimeout time.Duration  // a session ends when unused this long
	Limiter     *LoginLimiter  // failed sign-ins allowed per account and per address
	Now         func() time.Time

	catalog portalCatalog

	dummy dummyHash // checked for unknown logins
}

// NewPortal returns the portal's service on the order pipeline, with the staff app's password
// costs, session lengths and login limits (a limiter of its own).
func NewPortal(orders *Orders, archive *Archive) *Portal {
	now := time.Now
	if orders != nil && orders.Now != nil {
		now = orders.Now
	}
	return &Portal{Orders: orders, Archive: archive, Params: DefaultPasswordParams, SessionTTL: DefaultSessionTTL,
		IdleTimeout: DefaultIdleTimeout, Limiter: NewLoginLimiter(), Now: now}
}

func (p *Portal) store() o2c.Store { return p.Orders.Store }

// CreatePortalUserParams is a new portal user.
type CreatePortalUserParams struct {
	CustomerID string // the customer the user orders for; must exist
	Email      string
	Name       string
	Password   string // empty: one is generated and returned
	Actor      string // who creates the user
}

// CreateUser makes a portal user of a customer and returns it with its password: the one given,
// or a generated one that is shown once and never stored. CodeInvalid, CodeNotFound for an
// unknown customer, CodeConflict when the email is taken.
func (p *Portal) CreateUser(ctx context.Context, cp CreatePortalUserParams) (*o2c.PortalUser, string, error) {
	email := strings.ToLower(strings.TrimSpace(cp.Email))
	var faults []o2c.Fault
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		faults = append(faults, o2c.Fault{Rule: "PORTAL-01", Path: "email", Message: "enter an e-mail address such as anna@example.com"})
	}
	customerID := strings.TrimSpace(cp.CustomerID)
	if customerID == "" {
		faults = append(faults, o2c.Fault{Rule: "PORTAL-02", Path: "customer_id", Message: "a portal user belongs to a customer: give its id"})
	}
	name := strings.TrimSpace(cp.Name)
	if len(name) > 200 {
		faults = append(faults, o2c.Fault{Rule: "PORTAL-03", Path: "name", Message: "a name has at most 200 characters"})
	}
	password := cp.Password
	if password == "" {
		password = GeneratePassword()
	} else if f, ok := checkPassword(password); !ok {
		faults = append(faults, f)
	}
	if len(faults) > 0 {
		return nil, "", o2c.Invalid(faults...)
	}
	hash, err := HashPassword(password, p.Params)
	if err != nil {
		return nil, "", err
	}
	u := &o2c.PortalUser{CustomerID: customerID, Email: email, Name: name, PasswordHash: hash}
	err = p.store().InTx(ctx, func(tx o2c.Tx) error {
		if err := tx.CreatePortalUser(ctx, u); err != nil {
			return err
		}
		return portalUserEvent(ctx, tx, u, "created", cp.Actor, fmt.Sprintf("%s for customer %s", email, customerID))
	})
	if err != nil {
		return nil, "", err
	}
	return u, password, nil
}

func portalUserEvent(ctx context.Context, tx o2c.Tx, u *o2c.PortalUser, action, actor, note string) error {
	if actor == "" {
		actor = o2c.ActorSystem
	}
	e := &o2c.AuditEvent{Entity: "portal_user", EntityID: fmt.Sprint(u.ID), Action: action, Actor: actor, Note: note}
	if err := tx.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s of portal user %d: %w", action, u.ID, err)
	}
	return nil
}

// Users lists the portal users of a customer ("" for all), by email.
func (p *Portal) Users(ctx context.Context, customerID string) ([]*o2c.PortalUser, error) {
	return p.store().FindPortalUsers(ctx, customerID)
}

// SetDisabled disables a portal user, ending their sessions, or enables them again. CodeNotFound.
func (p *Portal) SetDisabled(ctx context.Context, id int64, disabled bool, actor string) (*o2c.PortalUser, error) {
	var out *o2c.PortalUser
	err := p.store().InTx(ctx, func(tx o2c.Tx) error {
		if disabled {
			if _, err := tx.DeletePortalUserSessions(ctx, id); err != nil {
				return err
			}
		}
		var err error
		if out, err = tx.UpdatePortalUser(ctx, id, o2c.PortalUserUpdate{Disabled: &disabled}); err != nil {
			return err
		}
		return portalUserEvent(ctx, tx, out, "changed", actor, map[bool]string{true: "disabled", false: "enabled"}[disabled])
	})
	return out, err
}

// ChangePassword replaces a signed-in user's password after checking the current one, and ends
// every session of the user, this one included: they sign in again with the new password.
// CodeUnauthorized for a wrong current password (counted by the login limiter), CodeInvalid for
// a new password that is refused.
func (p *Portal) ChangePassword(ctx context.Context, u *o2c.PortalUser, current, next, ip string) error {
	if wait, locked := p.Limiter.Locked(u.Email, ip); locked {
		return errors.Join(o2c.Errorf(o2c.CodeUnauthorized,
			"too many failed attempts: try again in %d minutes", int(wait.Round(time.Minute)/time.Minute)+1), ErrTooManyAttempts)
	}
	stored, err := p.store().FindPortalUserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	if !CheckPassword(truncatePassword(current), stored.PasswordHash) {
		p.Limiter.Fail(u.Email, ip)
		return o2c.Invalid(o2c.Fault{Rule: "PORTAL-04", Path: "current", Message: "this is not your current password"})
	}
	if f, ok := checkPassword(next); !ok {
		f.Path = "new"
		return o2c.Invalid(f)
	}
	hash, err := HashPassword(next, p.Params)
	if err != nil {
		return err
	}
	return p.store().InTx(ctx, func(tx o2c.Tx) error {
		if _, err := tx.DeletePortalUserSessions(ctx, u.ID); err != nil {
			return err
		}
		changed, err := tx.UpdatePortalUser(ctx, u.ID, o2c.PortalUserUpdate{PasswordHash: &hash})
		if err != nil {
			return err
		}
		return portalUserEvent(ctx, tx, changed, "changed", u.Actor(), "password changed")
	})
}

func truncatePassword(pw string) string {
	if len(pw) > maxPasswordLength {
		return pw[:maxPasswordLength]
	}
	return pw
}

// PortalLogin is a new portal session. Token goes into the portal's session cookie and is never
// stored; CSRF is the token the session's forms must send back.
type PortalLogin struct {
	User  *o2c.PortalUser
	Token string
	CSRF  string
}

// Login checks a portal user's e-mail and password and opens a portal session. As for staff
// (Users.Login), every failure looks and takes the same, and too many lock the account or the
// address for a while (ErrTooManyAttempts in the chain).
func (p *Portal) Login(ctx context.Context, lp LoginParams) (*PortalLogin, error) {
	email := strings.ToLower(strings.TrimSpace(lp.Email))
	if wait, locked := p.Limiter.Locked(email, lp.IP); locked {
		return nil, errors.Join(o2c.Errorf(o2c.CodeUnauthorized,
			"too many failed sign-ins: try again in %d minutes", int(wait.Round(time.Minute)/time.Minute)+1), ErrTooManyAttempts)
	}
	u, err := p.store().FindPortalUserByEmail(ctx, email)
	if err != nil && o2c.ErrorCode(err) != o2c.CodeNotFound {
		return nil, err
	}
	password := truncatePassword(lp.Password)
	var ok bool
	if u == nil {
		CheckPassword(password, p.dummyHash()) // the same work as for a real user
	} else {
		ok = CheckPassword(password, u.PasswordHash) && u.Active()
	}
	if !ok {
		p.Limiter.Fail(email, lp.IP)
		return nil, o2c.Errorf(o2c.CodeUnauthorized, "wrong e-mail or password")
	}
	p.Limiter.Succeed(email)
	sess, token, csrf := newSession(u.ID, p.Now().Add(p.SessionTTL), lp.IP, lp.UserAgent)
	err = p.store().InTx(ctx, func(tx o2c.Tx) error {
		if _, err := tx.DeleteStalePortalSessions(ctx, p.Now().Add(-p.IdleTimeout)); err != nil {
			return err
		}
		if err := tx.CreatePortalSession(ctx, sess); err != nil {
			return err
		}
		if u, err = tx.UpdatePortalUser(ctx, u.ID, o2c.PortalUserUpdate{LastLogin: true}); err != nil {
			return err
		}
		return portalUserEvent(ctx, tx, u, "signed_in", u.Actor(), "from "+lp.IP)
	})
	if err != nil {
		return nil, fmt.Errorf("open portal session of %s: %w", email, err)
	}
	return &PortalLogin{User: u, Token: token, CSRF: csrf}, nil
}

func (p *Portal) dummyHash() string { return p.dummy.get(p.Params) }

// Session returns the signed-in portal user and session of a token. CodeUnauthorized when the
// session does not exist (a staff session's token included), has ended, or its user is disabled.
func (p *Portal) Session(ctx context.Context, token string) (*o2c.PortalUser, *o2c.Session, error) {
	denied := o2c.Errorf(o2c.CodeUnauthorized, "your session has ended: sign in again")
	if token == "" || len(token) > 100 {
		return nil, nil, denied
	}
	hash := HashSecret(token)
	sess, err := p.store().FindPortalSession(ctx, hash)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return nil, nil, denied
	} else if err != nil {
		return nil, nil, err
	}
	now := p.Now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > p.IdleTimeout {
		if err := p.store().InTx(ctx, func(tx o2c.Tx) error { return tx.DeletePortalSession(ctx, hash) }); err != nil {
			return nil, nil, err
		}
		return nil, nil, denied
	}
	u, err := p.store().FindPortalUserByID(ctx, sess.UserID)
	if o2c.ErrorCode(err) == o2c.CodeNotFound || (err == nil && !u.Active()) {
		return nil, nil, denied
	} else if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := p.store().InTx(ctx, func(tx o2c.Tx) error { return tx.TouchPortalSession(ctx, hash) }); err != nil {
			return nil, nil, err
		}
	}
	return u, sess, nil
}

// Logout ends the portal session of a token; an unknown token is no error.
func (p *Portal) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return p.store().InTx(ctx, func(tx o2c.Tx) error { return tx.DeletePortalSession(ctx, HashSecret(token)) })
}

// Customer returns the customer of a portal user.
func (p *Portal) Customer(ctx context.Context, u *o2c.PortalUser) (*o2c.Customer, error) {
	return p.store().FindCustomerByID(ctx, u.CustomerID)
}

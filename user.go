package o2c

import (
	"context"
	"slices"
	"time"
)

// Role is what a member of staff may do in the web app. A user has exactly one.
type Role string

// Roles of the staff web app.
const (
	// RoleAdmin may do everything, and manage users.
	RoleAdmin Role = "admin"
	// RoleOrderDesk works the review queue: sees orders and acts on those in review.
	RoleOrderDesk Role = "order_desk"
	// RoleAccountsReceivable follows orders towards invoicing and payment; it sees orders but does
	// not review them.
	RoleAccountsReceivable Role = "accounts_receivable"
	// RoleReadOnly sees everything staff see and changes nothing.
	RoleReadOnly Role = "read_only"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleOrderDesk, RoleAccountsReceivable, RoleReadOnly}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Label is the role as people read it.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Admin"
	case RoleOrderDesk:
		return "Order desk"
	case RoleAccountsReceivable:
		return "Accounts receivable"
	case RoleReadOnly:
		return "Read-only"
	}
	return string(r)
}

// Permission is one thing a role may do. Handlers ask for permissions, never for roles, so that
// what a role may do is decided here, in one table.
type Permission string

// Permissions.
const (
	PermViewOrders   Permission = "orders:view"   // dashboard, order list, review queue, order pages
	PermReviewOrders Permission = "orders:review" // approve, correct, reject, hold
	PermManageUsers  Permission = "users:manage"  // create, disable users, change their roles
	// PermViewInvoices sees invoices, credit notes and their history.
	PermViewInvoices Permission = "invoices:view"
	// PermManageInvoices issues, credits, sends invoices and sets how customers are invoiced.
	PermManageInvoices Permission = "invoices:manage"
)

// rolePermissions is the one table of what each role may do.
var rolePermissions = map[Role][]Permission{
	RoleAdmin:              {PermViewOrders, PermReviewOrders, PermManageUsers, PermViewInvoices, PermManageInvoices},
	RoleOrderDesk:          {PermViewOrders, PermReviewOrders, PermViewInvoices},
	RoleAccountsReceivable: {PermViewOrders, PermViewInvoices, PermManageInvoices},
	RoleReadOnly:           {PermViewOrders, PermViewInvoices},
}

// Can reports whether the role holds permission p.
func (r Role) Can(p Permission) bool { return slices.Contains(rolePermissions[r], p) }

// User is a member of staff who signs in to the web app.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`                  // the login, lowercased; unique
	Name         string    `json:"name,omitempty"`         // as shown in the app and in audit notes
	Role         Role      `json:"role"`                   // what the user may do
	PasswordHash string    `json:"-"`                      // argon2id in PHC string form; never shown
	CreatedAt    time.Time `json:"created_at"`             // UTC
	DisabledAt   time.Time `json:"disabled_at,omitzero"`   // set: the user can no longer sign in
	LastLoginAt  time.Time `json:"last_login_at,omitzero"` // the last successful sign-in (UTC)
	PasswordAt   time.Time `json:"password_at,omitzero"`   // when the password was last set (UTC)
	UpdatedAt    time.Time `json:"updated_at"`             // last change of any field (UTC)
}

// Active reports whether the user may sign in.
func (u *User) Active() bool { return u.DisabledAt.IsZero() }

// Actor is how audit events name the user: "user:<email>".
func (u *User) Actor() string { return "user:" + u.Email }

// UserUpdate changes a user; nil fields are left as they are.
type UserUpdate struct {
	Name         *string
	Role         *Role
	PasswordHash *string
	Disabled     *bool // true disables (keeping the first time), false enables again
	LastLogin    bool  // set LastLoginAt to the transaction's Now
}

// Session is a signed-in browser. The session id itself lives only in the browser's cookie; the
// store keeps its SHA-256, so a copy of the database signs nobody in.
type Session struct {
	IDHash     string    // hex SHA-256 of the session id
	UserID     int64     //
	CSRFToken  string    // the per-session token every form and htmx request must send back
	CreatedAt  time.Time // UTC
	ExpiresAt  time.Time // absolute end, however active the session is (UTC)
	LastSeenAt time.Time // last request, for the idle timeout (UTC); updated at most once a minute
	IP         string    // the address it signed in from, for the user list
	UserAgent  string    // the browser it signed in with, truncated
}

// UserReader reads users and sessions.
type UserReader interface {
	// FindUserByID returns one user. CodeNotFound.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByEmail returns the user whose login is email (compared lowercased). CodeNotFound.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUsers lists every user, disabled ones included, by email.
	FindUsers(ctx context.Context) ([]*User, error)
	// FindSession returns the session whose id hashes to idHash, expired or not. CodeNotFound.
	FindSession(ctx context.Context, idHash string) (*Session, error)
}

// UserWriter changes users and sessions.
type UserWriter interface {
	// CreateUser stores a user and sets ID, CreatedAt, UpdatedAt (and PasswordAt when it has a
	// password) to the transaction's Now. CodeConflict when the email is taken.
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser applies upd and returns the user as stored afterwards. CodeNotFound.
	UpdateUser(ctx context.Context, id int64, upd UserUpdate) (*User, error)
	// CreateSession stores a session, with CreatedAt and LastSeenAt set to the transaction's Now.
	// The user must exist.
	CreateSession(ctx context.Context, s *Session) error
	// TouchSession sets the session's LastSeenAt to the transaction's Now; a session that is gone
	// is no error.
	TouchSession(ctx context.Context, idHash string) error
	// DeleteSession ends one session; one that is gone is no error.
	DeleteSession(ctx context.Context, idHash string) error
	// DeleteUserSessions ends every session of a user and returns how many there were.
	DeleteUserSessions(ctx context.Context, userID int64) (int, error)
	// DeleteStaleSessions removes sessions past their ExpiresAt, or last seen before idleSince,
	// and returns how many.
	DeleteStaleSessions(ctx context.Context, idleSince time.Time) (int, error)
}

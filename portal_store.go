package o2c

import (
	"context"
	"time"
)

// PortalReader reads the customer portal's users and sessions, and a customer's own orders.
type PortalReader interface {
	// FindPortalUserByID returns one portal user. CodeNotFound.
	FindPortalUserByID(ctx context.Context, id int64) (*PortalUser, error)
	// FindPortalUserByEmail returns the portal user whose login is email (compared lowercased).
	// CodeNotFound.
	FindPortalUserByEmail(ctx context.Context, email string) (*PortalUser, error)
	// FindPortalUsers lists the portal users of a customer ("" lists every customer's), disabled
	// ones included, by email.
	FindPortalUsers(ctx context.Context, customerID string) ([]*PortalUser, error)
	// FindPortalSession returns the portal session whose id hashes to idHash, expired or not.
	// CodeNotFound, also for the hash of a staff session.
	FindPortalSession(ctx context.Context, idHash string) (*Session, error)
	// FindCustomerOrders returns one page of the orders a customer sees, newest first, and how
	// many match: orders resolved to f.CustomerID, and portal orders sent by it (Sender is the
	// customer id) that are resolved to no customer yet. CodeInvalid without a customer.
	FindCustomerOrders(ctx context.Context, f CustomerOrderFilter) ([]*Order, int, error)
}

// PortalWriter changes the customer portal's users and sessions.
type PortalWriter interface {
	// CreatePortalUser stores a portal user and sets ID, CreatedAt, UpdatedAt (and PasswordAt
	// when it has a password) to the transaction's Now. CodeConflict when the email is taken;
	// the customer must exist.
	CreatePortalUser(ctx context.Context, u *PortalUser) error
	// UpdatePortalUser applies upd and returns the user as stored afterwards. CodeNotFound.
	UpdatePortalUser(ctx context.Context, id int64, upd PortalUserUpdate) (*PortalUser, error)
	// CreatePortalSession stores a portal session (UserID names a portal user), with CreatedAt
	// and LastSeenAt set to the transaction's Now.
	CreatePortalSession(ctx context.Context, s *Session) error
	// TouchPortalSession sets the session's LastSeenAt to the transaction's Now; a session that
	// is gone is no error.
	TouchPortalSession(ctx context.Context, idHash string) error
	// DeletePortalSession ends one portal session; one that is gone is no error.
	DeletePortalSession(ctx context.Context, idHash string) error
	// DeletePortalUserSessions ends every session of a portal user and returns how many there were.
	DeletePortalUserSessions(ctx context.Context, userID int64) (int, error)
	// DeleteStalePortalSessions removes portal sessions past their ExpiresAt, or last seen before
	// idleSince, and returns how many.
	DeleteStalePortalSessions(ctx context.Context, idleSince time.Time) (int, error)
}

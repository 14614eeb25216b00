package o2c

import "time"

// PortalUser is a person at a customer who signs in to the customer portal (/portal). A portal
// user belongs to exactly one customer for life: they see that customer's orders and documents,
// and place orders for it, and never anything of another customer. Portal users are not staff:
// they have their own table, their own sessions and their own cookie, so a staff session never
// opens the portal and a portal session never opens the staff app or the API.
type PortalUser struct {
	ID           int64     `json:"id"`
	CustomerID   string    `json:"customer_id"`            // the customer the user orders for; set at creation, never changed
	Email        string    `json:"email"`                  // the login, lowercased; unique among portal users
	Name         string    `json:"name,omitempty"`         // as the portal greets them
	PasswordHash string    `json:"-"`                      // argon2id in PHC string form; never shown
	CreatedAt    time.Time `json:"created_at"`             // UTC
	DisabledAt   time.Time `json:"disabled_at,omitzero"`   // set: the user can no longer sign in
	LastLoginAt  time.Time `json:"last_login_at,omitzero"` // the last successful sign-in (UTC)
	PasswordAt   time.Time `json:"password_at,omitzero"`   // when the password was last set (UTC)
	UpdatedAt    time.Time `json:"updated_at"`             // last change of any field (UTC)
}

// Active reports whether the portal user may sign in.
func (u *PortalUser) Active() bool { return u.DisabledAt.IsZero() }

// Actor is how audit events name the portal user: "portal:<email>".
func (u *PortalUser) Actor() string { return "portal:" + u.Email }

// PortalUserUpdate changes a portal user; nil fields are left as they are. The customer is not
// among them: a user who moves to another customer gets a new account.
type PortalUserUpdate struct {
	Name         *string
	PasswordHash *string
	Disabled     *bool // true disables (keeping the first time), false enables again
	LastLogin    bool  // set LastLoginAt to the transaction's Now
}

// A portal session is a Session whose UserID names a PortalUser. Portal sessions are kept apart
// from staff sessions (their own table), so the id of one is never found as the other.

// CustomerOrderFilter selects the orders a customer sees in the portal: those verification
// resolved to the customer, and those its portal users placed that are not resolved to anyone
// yet (they wait for the order desk). Newest first.
type CustomerOrderFilter struct {
	CustomerID string // required
	PONumber   string // part of the PO number, case ignored
	Offset     int
	Limit      int // 0 means the store's default page size
}

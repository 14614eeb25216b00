package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
)

// The customer portal's users and sessions mirror the staff's (user.go) in tables of their own.

const portalUserColumns = `id, customer_id, email, name, password_hash, created_at, updated_at, password_at, disabled_at, last_login_at`

func scanPortalUser(s rowScanner) (*o2c.PortalUser, error) {
	var u o2c.PortalUser
	err := s.Scan(&u.ID, &u.CustomerID, &u.Email, &u.Name, &u.PasswordHash, instantScanner{&u.CreatedAt},
		instantScanner{&u.UpdatedAt}, instantScanner{&u.PasswordAt}, instantScanner{&u.DisabledAt},
		instantScanner{&u.LastLoginAt})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

func (r *reader) findPortalUser(ctx context.Context, what, query string, arg any) (*o2c.PortalUser, error) {
	u, err := scanPortalUser(r.queryRow(ctx, query, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "portal user %s not found", what)
	} else if err != nil {
		return nil, fmt.Errorf("find portal user %s: %w", what, err)
	}
	return u, nil
}

// FindPortalUserByID returns one portal user. CodeNotFound.
func (r *reader) FindPortalUserByID(ctx context.Context, id int64) (*o2c.PortalUser, error) {
	return r.findPortalUser(ctx, fmt.Sprint(id), `SELECT `+portalUserColumns+` FROM portal_users WHERE id = $1`, id)
}

// FindPortalUserByEmail returns the portal user whose login is email, compared lowercased. CodeNotFound.
func (r *reader) FindPortalUserByEmail(ctx context.Context, email string) (*o2c.PortalUser, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	return r.findPortalUser(ctx, email, `SELECT `+portalUserColumns+` FROM portal_users WHERE email = $1`, email)
}

// FindPortalUsers lists the portal users of a customer, or of all ("" ), by email.
func (r *reader) FindPortalUsers(ctx context.Context, customerID string) ([]*o2c.PortalUser, error) {
	q, args := `SELECT `+portalUserColumns+` FROM portal_users ORDER BY email`, []any(nil)
	if customerID != "" {
		q, args = `SELECT `+portalUserColumns+` FROM portal_users WHERE customer_id = $1 ORDER BY email`, []any{customerID}
	}
	rows, err := r.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find portal users: %w", err)
	}
	defer rows.Close()
	var users []*o2c.PortalUser
	for rows.Next() {
		u, err := scanPortalUser(rows)
		if err != nil {
			return nil, fmt.Errorf("find portal users: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find portal users: %w", err)
	}
	return users, nil
}

// CreatePortalUser stores a portal user; the email is stored lowercased. CodeConflict when it is
// taken, CodeNotFound for an unknown customer; the transaction stays usable.
func (t *tx) CreatePortalUser(ctx context.Context, u *o2c.PortalUser) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	// Checked first: a foreign-key failure would end a PostgreSQL transaction.
	if _, err := t.FindCustomerByID(ctx, u.CustomerID); err != nil {
		return fmt.Errorf("create portal user %s: %w", u.Email, err)
	}
	var passwordAt time.Time
	if u.PasswordHash != "" {
		passwordAt = t.now
	}
	err := t.queryRow(ctx, `
		INSERT INTO portal_users (customer_id, email, name, password_hash, created_at, updated_at, password_at, disabled_at)
		VALUES ($1, $2, $3, $4, $5, $5, $6, $7)
		ON CONFLICT DO NOTHING
		RETURNING id`,
		u.CustomerID, u.Email, u.Name, u.PasswordHash, t.instant(t.now), t.instant(passwordAt), t.instant(u.DisabledAt),
	).Scan(&u.ID)
	if errors.Is(err, sql.ErrNoRows) || t.d.IsUniqueViolation(err) {
		return o2c.Errorf(o2c.CodeConflict, "a portal user with the e-mail %s exists already", u.Email)
	} else if err != nil {
		return fmt.Errorf("create portal user %s: %w", u.Email, err)
	}
	u.CreatedAt, u.UpdatedAt, u.PasswordAt = t.now, t.now, passwordAt
	if !u.DisabledAt.IsZero() {
		u.DisabledAt = storedInstant(u.DisabledAt)
	}
	return nil
}

// UpdatePortalUser applies upd and returns the stored portal user. CodeNotFound.
func (t *tx) UpdatePortalUser(ctx context.Context, id int64, upd o2c.PortalUserUpdate) (*o2c.PortalUser, error) {
	var w where
	now := w.arg(t.instant(t.now))
	sets := []string{"updated_at = " + now}
	if upd.Name != nil {
		sets = append(sets, "name = "+w.arg(*upd.Name))
	}
	if upd.PasswordHash != nil {
		sets = append(sets, "password_hash = "+w.arg(*upd.PasswordHash), "password_at = "+now)
	}
	if upd.Disabled != nil {
		if *upd.Disabled {
			sets = append(sets, "disabled_at = COALESCE(disabled_at, "+now+")")
		} else {
			sets = append(sets, "disabled_at = NULL")
		}
	}
	if upd.LastLogin {
		sets = append(sets, "last_login_at = "+now)
	}
	// Built from fixed fragments and placeholders only; the statement is not cached (its shape varies).
	res, err := t.sqlTx.ExecContext(ctx, `UPDATE portal_users SET `+strings.Join(sets, ", ")+` WHERE id = `+w.arg(id), w.args...)
	if err != nil {
		return nil, fmt.Errorf("update portal user %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("update portal user %d: %w", id, err)
	} else if n == 0 {
		return nil, o2c.Errorf(o2c.CodeNotFound, "portal user %d not found", id)
	}
	return t.FindPortalUserByID(ctx, id)
}

// FindPortalSession returns the portal session whose id hashes to idHash. CodeNotFound.
func (r *reader) FindPortalSession(ctx context.Context, idHash string) (*o2c.Session, error) {
	var s o2c.Session
	err := r.queryRow(ctx, `SELECT `+sessionColumns+` FROM portal_sessions WHERE id_hash = $1`, idHash).Scan(
		&s.IDHash, &s.UserID, &s.CSRFToken, instantScanner{&s.CreatedAt}, instantScanner{&s.ExpiresAt},
		instantScanner{&s.LastSeenAt}, &s.IP, &s.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "no such portal session")
	} else if err != nil {
		return nil, fmt.Errorf("find portal session: %w", err)
	}
	return &s, nil
}

// CreatePortalSession stores a portal session with CreatedAt and LastSeenAt set to the
// transaction's Now.
func (t *tx) CreatePortalSession(ctx context.Context, s *o2c.Session) error {
	_, err := t.exec(ctx, `
		INSERT INTO portal_sessions (`+sessionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $4, $6, $7)`,
		s.IDHash, s.UserID, s.CSRFToken, t.instant(t.now), t.instant(s.ExpiresAt), s.IP, s.UserAgent)
	if err != nil {
		return fmt.Errorf("create session of portal user %d: %w", s.UserID, err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = t.now, t.now, storedInstant(s.ExpiresAt)
	return nil
}

// TouchPortalSession sets the session's LastSeenAt to the transaction's Now.
func (t *tx) TouchPortalSession(ctx context.Context, idHash string) error {
	if _, err := t.exec(ctx, `UPDATE portal_sessions SET last_seen_at = $1 WHERE id_hash = $2`, t.instant(t.now), idHash); err != nil {
		return fmt.Errorf("touch portal session: %w", err)
	}
	return nil
}

// DeletePortalSession ends one portal session.
func (t *tx) DeletePortalSession(ctx context.Context, idHash string) error {
	if _, err := t.exec(ctx, `DELETE FROM portal_sessions WHERE id_hash = $1`, idHash); err != nil {
		return fmt.Errorf("delete portal session: %w", err)
	}
	return nil
}

// DeletePortalUserSessions ends every session of a portal user.
func (t *tx) DeletePortalUserSessions(ctx context.Context, userID int64) (int, error) {
	return t.deleteCount(ctx, fmt.Sprintf("sessions of portal user %d", userID),
		`DELETE FROM portal_sessions WHERE user_id = $1`, userID)
}

// DeleteStalePortalSessions removes portal sessions past their end or idle since before idleSince.
func (t *tx) DeleteStalePortalSessions(ctx context.Context, idleSince time.Time) (int, error) {
	return t.deleteCount(ctx, "stale portal sessions",
		`DELETE FROM portal_sessions WHERE expires_at <= $1 OR last_seen_at < $2`, t.instant(t.now), t.instant(idleSince))
}

func (t *tx) deleteCount(ctx context.Context, what, query string, args ...any) (int, error) {
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("delete %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("delete %s: %w", what, err)
	}
	return int(n), nil
}

// FindCustomerOrders returns one page of a customer's orders, newest first, and how many match.
func (r *reader) FindCustomerOrders(ctx context.Context, f o2c.CustomerOrderFilter) ([]*o2c.Order, int, error) {
	if f.CustomerID == "" {
		return nil, 0, o2c.Errorf(o2c.CodeInvalid, "a customer's orders need the customer")
	}
	var w where
	c := w.arg(f.CustomerID)
	// The second branch: what its portal users sent and nobody has resolved yet (the order
	// desk has it in review). Once resolved to another customer, it is that customer's.
	w.add(`(customer_id = ` + c + ` OR (customer_id IS NULL AND channel = ` + w.arg(o2c.ChannelPortal) + ` AND sender = ` + c + `))`)
	if po := strings.TrimSpace(f.PONumber); po != "" {
		w.add(`lower(po_number) LIKE ` + w.arg(likeContains(strings.ToLower(po))) + ` ESCAPE '\'`)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultOrderLimit
	}
	limit = min(limit, MaxOrderLimit)
	offset := max(f.Offset, 0)
	filter := w.sql()
	filterArgs := len(w.args)
	page := `SELECT ` + orderColumns + ` FROM orders` + filter +
		` ORDER BY received_at DESC, id DESC LIMIT ` + w.arg(limit) + ` OFFSET ` + w.arg(offset)
	orders, err := r.findOrders(ctx, page, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find orders of customer %s: %w", f.CustomerID, err)
	}
	if len(orders) < limit && (len(orders) > 0 || offset == 0) {
		return orders, offset + len(orders), nil
	}
	var total int
	if err := r.queryRow(ctx, `SELECT count(*) FROM orders`+filter, w.args[:filterArgs]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count orders of customer %s: %w", f.CustomerID, err)
	}
	return orders, total, nil
}

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

const userColumns = `id, email, name, role, password_hash, created_at, updated_at, password_at, disabled_at, last_login_at`

func scanUser(s rowScanner) (*o2c.User, error) {
	var u o2c.User
	err := s.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, instantScanner{&u.CreatedAt},
		instantScanner{&u.UpdatedAt}, instantScanner{&u.PasswordAt}, instantScanner{&u.DisabledAt},
		instantScanner{&u.LastLoginAt})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

func (r *reader) findUser(ctx context.Context, what, query string, arg any) (*o2c.User, error) {
	u, err := scanUser(r.queryRow(ctx, query, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "user %s not found", what)
	} else if err != nil {
		return nil, fmt.Errorf("find user %s: %w", what, err)
	}
	return u, nil
}

// FindUserByID returns one user. CodeNotFound.
func (r *reader) FindUserByID(ctx context.Context, id int64) (*o2c.User, error) {
	return r.findUser(ctx, fmt.Sprint(id), `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
}

// FindUserByEmail returns the user whose login is email, compared lowercased. CodeNotFound.
func (r *reader) FindUserByEmail(ctx context.Context, email string) (*o2c.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	return r.findUser(ctx, email, `SELECT `+userColumns+` FROM users WHERE email = $1`, email)
}

// FindUsers lists every user by email, disabled ones included.
func (r *reader) FindUsers(ctx context.Context) ([]*o2c.User, error) {
	rows, err := r.query(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()
	var users []*o2c.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("find users: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	return users, nil
}

// CreateUser stores a user; the email is stored lowercased. CodeConflict when it is taken; the
// transaction stays usable.
func (t *tx) CreateUser(ctx context.Context, u *o2c.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	var passwordAt time.Time
	if u.PasswordHash != "" {
		passwordAt = t.now
	}
	err := t.queryRow(ctx, `
		INSERT INTO users (email, name, role, password_hash, created_at, updated_at, password_at, disabled_at)
		VALUES ($1, $2, $3, $4, $5, $5, $6, $7)
		ON CONFLICT DO NOTHING
		RETURNING id`,
		u.Email, u.Name, u.Role, u.PasswordHash, t.instant(t.now), t.instant(passwordAt), t.instant(u.DisabledAt),
	).Scan(&u.ID)
	if errors.Is(err, sql.ErrNoRows) || t.d.IsUniqueViolation(err) {
		return o2c.Errorf(o2c.CodeConflict, "a user with the e-mail %s exists already", u.Email)
	} else if err != nil {
		return fmt.Errorf("create user %s: %w", u.Email, err)
	}
	u.CreatedAt, u.UpdatedAt, u.PasswordAt = t.now, t.now, passwordAt
	if !u.DisabledAt.IsZero() {
		u.DisabledAt = storedInstant(u.DisabledAt)
	}
	return nil
}

// UpdateUser applies upd and returns the stored user. CodeNotFound.
func (t *tx) UpdateUser(ctx context.Context, id int64, upd o2c.UserUpdate) (*o2c.User, error) {
	var w where
	now := w.arg(t.instant(t.now))
	sets := []string{"updated_at = " + now}
	if upd.Name != nil {
		sets = append(sets, "name = "+w.arg(*upd.Name))
	}
	if upd.Role != nil {
		sets = append(sets, "role = "+w.arg(*upd.Role))
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
	res, err := t.sqlTx.ExecContext(ctx, `UPDATE users SET `+strings.Join(sets, ", ")+` WHERE id = `+w.arg(id), w.args...)
	if err != nil {
		return nil, fmt.Errorf("update user %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("update user %d: %w", id, err)
	} else if n == 0 {
		return nil, o2c.Errorf(o2c.CodeNotFound, "user %d not found", id)
	}
	return t.FindUserByID(ctx, id)
}

const sessionColumns = `id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent`

// FindSession returns the session whose id hashes to idHash, expired or not. CodeNotFound.
func (r *reader) FindSession(ctx context.Context, idHash string) (*o2c.Session, error) {
	var s o2c.Session
	err := r.queryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id_hash = $1`, idHash).Scan(
		&s.IDHash, &s.UserID, &s.CSRFToken, instantScanner{&s.CreatedAt}, instantScanner{&s.ExpiresAt},
		instantScanner{&s.LastSeenAt}, &s.IP, &s.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "no such session")
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	return &s, nil
}

// CreateSession stores a session with CreatedAt and LastSeenAt set to the transaction's Now.
func (t *tx) CreateSession(ctx context.Context, s *o2c.Session) error {
	_, err := t.exec(ctx, `
		INSERT INTO sessions (`+sessionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $4, $6, $7)`,
		s.IDHash, s.UserID, s.CSRFToken, t.instant(t.now), t.instant(s.ExpiresAt), s.IP, s.UserAgent)
	if err != nil {
		return fmt.Errorf("create session of user %d: %w", s.UserID, err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = t.now, t.now, storedInstant(s.ExpiresAt)
	return nil
}

// TouchSession sets the session's LastSeenAt to the transaction's Now.
func (t *tx) TouchSession(ctx context.Context, idHash string) error {
	if _, err := t.exec(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, t.instant(t.now), idHash); err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func (t *tx) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := t.exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user.
func (t *tx) DeleteUserSessions(ctx context.Context, userID int64) (int, error) {
	res, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	return int(n), nil
}

// DeleteStaleSessions removes sessions past their end or idle since before idleSince.
func (t *tx) DeleteStaleSessions(ctx context.Context, idleSince time.Time) (int, error) {
	res, err := t.exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2`,
		t.instant(t.now), t.instant(idleSince))
	if err != nil {
		return 0, fmt.Errorf("delete stale sessions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("delete stale sessions: %w", err)
	}
	return int(n), nil
}

// FindOrderFacts returns the dashboard's facts of the orders received at or after since, oldest
// first. Whether an order was ever in review is read from its status events: each is one short
// range of the audit trail's (entity, entity_id) index.
func (r *reader) FindOrderFacts(ctx context.Context, since time.Time) ([]o2c.OrderFact, error) {
	rows, err := r.query(ctx, `
		SELECT o.id, o.channel, o.status, o.anomaly_codes, o.received_at, o.posted_at,
			EXISTS (SELECT 1 FROM audit_events e WHERE e.entity = 'order' AND e.entity_id = CAST(o.id AS TEXT)
				AND e.after LIKE '{"status":"needs_review",%')
		FROM orders o WHERE o.received_at >= $1 ORDER BY o.received_at, o.id`, r.instant(since))
	if err != nil {
		return nil, fmt.Errorf("find order facts: %w", err)
	}
	defer rows.Close()
	var facts []o2c.OrderFact
	for rows.Next() {
		var (
			f     o2c.OrderFact
			codes string
		)
		if err := rows.Scan(&f.ID, &f.Channel, &f.Status, &codes, instantScanner{&f.ReceivedAt},
			instantScanner{&f.PostedAt}, &f.Reviewed); err != nil {
			return nil, fmt.Errorf("find order facts: %w", err)
		}
		for _, c := range strings.Fields(codes) {
			f.Anomalies = append(f.Anomalies, o2c.AnomalyCode(c))
		}
		facts = append(facts, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find order facts: %w", err)
	}
	return facts, nil
}

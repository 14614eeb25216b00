package storetest

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

func testUsers(t *testing.T, s o2c.Store) {
	users, err := s.FindUsers(ctx(t))
	must(t, err)
	if len(users) != 0 {
		t.Fatalf("empty store lists %d users", len(users))
	}
	anna := &o2c.User{Email: " Anna@Example.COM ", Name: "Anna", Role: o2c.RoleAdmin, PasswordHash: "$argon2id$hash-a"}
	bob := &o2c.User{Email: "bob@example.com", Role: o2c.RoleReadOnly}
	var created time.Time
	inTx(t, s, func(tx o2c.Tx) {
		created = tx.Now()
		must(t, tx.CreateUser(ctx(t), anna))
		// The same login in other case: a conflict, and the transaction goes on.
		wantCode(t, tx.CreateUser(ctx(t), &o2c.User{Email: "ANNA@example.com", Role: o2c.RoleReadOnly}), o2c.CodeConflict)
		must(t, tx.CreateUser(ctx(t), bob))
	})
	if anna.ID == 0 || bob.ID == 0 || anna.Email != "anna@example.com" || anna.CreatedAt != created ||
		anna.PasswordAt != created || !bob.PasswordAt.IsZero() {
		t.Fatalf("CreateUser set %+v and %+v", anna, bob)
	}

	got, err := s.FindUserByEmail(ctx(t), "ANNA@example.com")
	must(t, err)
	wantJSON(t, "user", got, anna)
	if got.PasswordHash != anna.PasswordHash {
		t.Fatalf("password hash %q, want %q", got.PasswordHash, anna.PasswordHash)
	}
	got, err = s.FindUserByID(ctx(t), bob.ID)
	must(t, err)
	wantJSON(t, "user by id", got, bob)
	_, err = s.FindUserByID(ctx(t), 987654)
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindUserByEmail(ctx(t), "nobody@example.com")
	wantCode(t, err, o2c.CodeNotFound)

	var changed time.Time
	role, name, hash, yes := o2c.RoleOrderDesk, "Bob B.", "$argon2id$hash-b", true
	inTx(t, s, func(tx o2c.Tx) {
		changed = tx.Now()
		u, err := tx.UpdateUser(ctx(t), bob.ID, o2c.UserUpdate{Role: &role, Name: &name, PasswordHash: &hash,
			Disabled: &yes, LastLogin: true})
		must(t, err)
		if u.Role != role || u.Name != name || u.PasswordHash != hash || u.DisabledAt != changed ||
			u.PasswordAt != changed || u.LastLoginAt != changed || u.UpdatedAt != changed || u.CreatedAt != created {
			t.Fatalf("updated user %+v", u)
		}
	})
	inTx(t, s, func(tx o2c.Tx) {
		u, err := tx.UpdateUser(ctx(t), bob.ID, o2c.UserUpdate{Disabled: &yes}) // keeps the first time
		must(t, err)
		if u.DisabledAt != changed {
			t.Fatalf("disabled again: DisabledAt %v, want %v", u.DisabledAt, changed)
		}
		no := false
		u, err = tx.UpdateUser(ctx(t), bob.ID, o2c.UserUpdate{Disabled: &no})
		must(t, err)
		if !u.Active() || u.Role != role {
			t.Fatalf("enabled user %+v", u)
		}
	})
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		_, err := tx.UpdateUser(ctx(t), 987654, o2c.UserUpdate{Role: &role})
		return err
	})
	wantCode(t, err, o2c.CodeNotFound)

	users, err = s.FindUsers(ctx(t))
	must(t, err)
	if len(users) != 2 || users[0].ID != anna.ID || users[1].ID != bob.ID {
		t.Fatalf("FindUsers = %+v, want anna then bob", users)
	}
}

func testSessions(t *testing.T, s o2c.Store) {
	u := &o2c.User{Email: "clerk@example.com", Role: o2c.RoleOrderDesk}
	other := &o2c.User{Email: "other@example.com", Role: o2c.RoleReadOnly}
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreateUser(ctx(t), u))
		must(t, tx.CreateUser(ctx(t), other))
	})
	_, err := s.FindSession(ctx(t), "nope")
	wantCode(t, err, o2c.CodeNotFound)

	var start time.Time
	sessions := make([]*o2c.Session, 3)
	inTx(t, s, func(tx o2c.Tx) {
		start = tx.Now()
		for i := range sessions {
			owner := u.ID
			if i == 2 {
				owner = other.ID
			}
			sessions[i] = &o2c.Session{IDHash: fmt.Sprintf("hash-%d", i), UserID: owner, CSRFToken: fmt.Sprintf("csrf-%d", i),
				ExpiresAt: start.Add(time.Duration(i+1) * time.Hour), IP: "192.0.2.1", UserAgent: "test"}
			must(t, tx.CreateSession(ctx(t), sessions[i]))
		}
	})
	got, err := s.FindSession(ctx(t), "hash-0")
	must(t, err)
	wantJSON(t, "session", got, sessions[0])
	if got.CreatedAt != start || got.LastSeenAt != start {
		t.Fatalf("session times %v %v, want %v", got.CreatedAt, got.LastSeenAt, start)
	}
	// A session of a user who does not exist is refused.
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.CreateSession(ctx(t), &o2c.Session{IDHash: "orphan", UserID: 987654, CSRFToken: "x", ExpiresAt: start.Add(time.Hour)})
	})
	if err == nil {
		t.Fatal("a session of an unknown user was stored")
	}

	var touched time.Time
	inTx(t, s, func(tx o2c.Tx) {
		touched = tx.Now()
		must(t, tx.TouchSession(ctx(t), "hash-1"))
		must(t, tx.TouchSession(ctx(t), "gone")) // no error
	})
	got, err = s.FindSession(ctx(t), "hash-1")
	must(t, err)
	if got.LastSeenAt != touched {
		t.Fatalf("touched session LastSeenAt %v, want %v", got.LastSeenAt, touched)
	}

	// Idle since before touched: hash-0 (last seen at start) goes, hash-1 stays; hash-2 too is idle.
	inTx(t, s, func(tx o2c.Tx) {
		n, err := tx.DeleteStaleSessions(ctx(t), touched)
		must(t, err)
		if touched.After(start) && n != 2 {
			t.Fatalf("DeleteStaleSessions removed %d, want 2", n)
		}
	})
	_, err = s.FindSession(ctx(t), "hash-1")
	must(t, err)

	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreateSession(ctx(t), &o2c.Session{IDHash: "hash-3", UserID: u.ID, CSRFToken: "c", ExpiresAt: tx.Now().Add(time.Hour)}))
		n, err := tx.DeleteUserSessions(ctx(t), u.ID)
		must(t, err)
		if n != 2 && touched.After(start) {
			t.Fatalf("DeleteUserSessions removed %d, want 2", n)
		}
		must(t, tx.DeleteSession(ctx(t), "gone")) // no error
	})
	_, err = s.FindSession(ctx(t), "hash-1")
	wantCode(t, err, o2c.CodeNotFound)

	// Expired sessions go whatever their activity.
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreateSession(ctx(t), &o2c.Session{IDHash: "expired", UserID: other.ID, CSRFToken: "c", ExpiresAt: tx.Now()}))
		must(t, tx.CreateSession(ctx(t), &o2c.Session{IDHash: "live", UserID: other.ID, CSRFToken: "c", ExpiresAt: tx.Now().Add(time.Hour)}))
	})
	inTx(t, s, func(tx o2c.Tx) {
		_, err := tx.DeleteStaleSessions(ctx(t), time.Time{}.Add(time.Hour))
		must(t, err)
		must(t, tx.DeleteSession(ctx(t), "live"))
	})
	for _, h := range []string{"expired", "live"} {
		_, err = s.FindSession(ctx(t), h)
		wantCode(t, err, o2c.CodeNotFound)
	}
}

func testOrderFacts(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "facts")
	base := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	old := &o2c.Order{Status: o2c.OrderPosted, Channel: o2c.ChannelEmail, DocumentID: doc.ID, ReceivedAt: base.Add(-48 * time.Hour)}
	clean := &o2c.Order{Status: o2c.OrderPosted, Channel: o2c.ChannelEDIFACT, DocumentID: doc.ID, ReceivedAt: base,
		PostedAt: base.Add(90 * time.Second)}
	touched := &o2c.Order{Status: o2c.OrderPosted, Channel: o2c.ChannelEmail, DocumentID: doc.ID, ReceivedAt: base.Add(time.Hour),
		PostedAt: base.Add(3 * time.Hour), Anomalies: []o2c.Anomaly{{Code: o2c.AnomalyPriceMismatch}, {Code: o2c.AnomalyCreditLimit}}}
	waiting := &o2c.Order{Status: o2c.OrderNeedsReview, Channel: o2c.ChannelAPI, DocumentID: doc.ID, ReceivedAt: base.Add(2 * time.Hour),
		Anomalies: []o2c.Anomaly{{Code: o2c.AnomalyUnknownProduct}}}
	createOrders(t, s, old, clean, touched, waiting)
	event := func(o *o2c.Order, status o2c.OrderStatus) *o2c.AuditEvent {
		return &o2c.AuditEvent{Entity: "order", EntityID: fmt.Sprint(o.ID), Action: "status", Actor: "job:process",
			After: json.RawMessage(fmt.Sprintf(`{"status":%q,"version":1}`, status))}
	}
	inTx(t, s, func(tx o2c.Tx) {
		for _, e := range []*o2c.AuditEvent{
			event(clean, o2c.OrderVerified), event(clean, o2c.OrderApproved), event(clean, o2c.OrderPosted),
			event(touched, o2c.OrderNeedsReview), event(touched, o2c.OrderApproved),
			event(waiting, o2c.OrderNeedsReview),
			// Another entity with the same id is no order's history.
			{Entity: "customer", EntityID: fmt.Sprint(clean.ID), Action: "status", Actor: "x", After: json.RawMessage(`{"status":"needs_review","version":1}`)},
		} {
			must(t, tx.AddEvent(ctx(t), e))
		}
	})
	facts, err := s.FindOrderFacts(ctx(t), base)
	must(t, err)
	want := []o2c.OrderFact{
		{ID: clean.ID, Channel: o2c.ChannelEDIFACT, Status: o2c.OrderPosted, ReceivedAt: base, PostedAt: clean.PostedAt},
		{ID: touched.ID, Channel: o2c.ChannelEmail, Status: o2c.OrderPosted, ReceivedAt: touched.ReceivedAt, PostedAt: touched.PostedAt,
			Anomalies: []o2c.AnomalyCode{o2c.AnomalyPriceMismatch, o2c.AnomalyCreditLimit}, Reviewed: true},
		{ID: waiting.ID, Channel: o2c.ChannelAPI, Status: o2c.OrderNeedsReview, ReceivedAt: waiting.ReceivedAt,
			Anomalies: []o2c.AnomalyCode{o2c.AnomalyUnknownProduct}, Reviewed: true},
	}
	wantJSON(t, "facts", facts, want)

	// Until bounds the order list from above.
	orders, total, err := s.FindOrders(ctx(t), o2c.OrderFilter{Since: base, Until: base.Add(2 * time.Hour)})
	must(t, err)
	if total != 2 || len(orders) != 2 || orders[0].ID != touched.ID || orders[1].ID != clean.ID {
		t.Fatalf("FindOrders Since..Until = %v (total %d), want [%d %d]", ids(orders), total, touched.ID, clean.ID)
	}
}

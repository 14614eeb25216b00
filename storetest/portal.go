package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

// createCustomers stores customers with these ids.
func createCustomers(t *testing.T, s o2c.Store, ids ...string) {
	t.Helper()
	m := &o2c.MasterData{}
	for _, id := range ids {
		m.Customers = append(m.Customers, o2c.Customer{ID: id, Name: "Customer " + id})
	}
	inTx(t, s, func(tx o2c.Tx) {
		_, err := tx.UpsertMasterData(ctx(t), m)
		must(t, err)
	})
}

func testPortalUsers(t *testing.T, s o2c.Store) {
	createCustomers(t, s, "C1", "C2")
	users, err := s.FindPortalUsers(ctx(t), "")
	must(t, err)
	if len(users) != 0 {
		t.Fatalf("empty store lists %d portal users", len(users))
	}
	anna := &o2c.PortalUser{CustomerID: "C1", Email: " Anna@Buyer.EXAMPLE ", Name: "Anna", PasswordHash: "$argon2id$hash-a"}
	bob := &o2c.PortalUser{CustomerID: "C2", Email: "bob@buyer.example"}
	var created time.Time
	inTx(t, s, func(tx o2c.Tx) {
		created = tx.Now()
		must(t, tx.CreatePortalUser(ctx(t), anna))
		// The same login in other case, even for another customer: a conflict, and the
		// transaction goes on.
		wantCode(t, tx.CreatePortalUser(ctx(t), &o2c.PortalUser{CustomerID: "C2", Email: "ANNA@buyer.example"}), o2c.CodeConflict)
		// A customer that does not exist: refused, and the transaction goes on.
		wantCode(t, tx.CreatePortalUser(ctx(t), &o2c.PortalUser{CustomerID: "C9", Email: "nobody@buyer.example"}), o2c.CodeNotFound)
		must(t, tx.CreatePortalUser(ctx(t), bob))
	})
	if anna.ID == 0 || bob.ID == 0 || anna.Email != "anna@buyer.example" || anna.CreatedAt != created ||
		anna.PasswordAt != created || !bob.PasswordAt.IsZero() {
		t.Fatalf("CreatePortalUser set %+v and %+v", anna, bob)
	}
	// A staff user of the same e-mail is another person in another table.
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreateUser(ctx(t), &o2c.User{Email: "anna@buyer.example", Role: o2c.RoleReadOnly}))
	})

	got, err := s.FindPortalUserByEmail(ctx(t), "ANNA@buyer.example")
	must(t, err)
	wantJSON(t, "portal user", got, anna)
	if got.PasswordHash != anna.PasswordHash {
		t.Fatalf("password hash %q, want %q", got.PasswordHash, anna.PasswordHash)
	}
	got, err = s.FindPortalUserByID(ctx(t), bob.ID)
	must(t, err)
	wantJSON(t, "portal user by id", got, bob)
	_, err = s.FindPortalUserByID(ctx(t), 987654)
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindPortalUserByEmail(ctx(t), "nobody@buyer.example")
	wantCode(t, err, o2c.CodeNotFound)

	var changed time.Time
	name, hash, yes := "Bob B.", "$argon2id$hash-b", true
	inTx(t, s, func(tx o2c.Tx) {
		changed = tx.Now()
		u, err := tx.UpdatePortalUser(ctx(t), bob.ID, o2c.PortalUserUpdate{Name: &name, PasswordHash: &hash, Disabled: &yes, LastLogin: true})
		must(t, err)
		if u.Name != name || u.PasswordHash != hash || u.DisabledAt != changed || u.PasswordAt != changed ||
			u.LastLoginAt != changed || u.UpdatedAt != changed || u.CreatedAt != created || u.CustomerID != "C2" {
			t.Fatalf("updated portal user %+v", u)
		}
	})
	inTx(t, s, func(tx o2c.Tx) {
		no := false
		u, err := tx.UpdatePortalUser(ctx(t), bob.ID, o2c.PortalUserUpdate{Disabled: &no})
		must(t, err)
		if !u.Active() {
			t.Fatalf("enabled portal user %+v", u)
		}
	})
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		_, err := tx.UpdatePortalUser(ctx(t), 987654, o2c.PortalUserUpdate{Name: &name})
		return err
	})
	wantCode(t, err, o2c.CodeNotFound)

	for _, tt := range []struct {
		customer string
		want     []int64
	}{{"", []int64{anna.ID, bob.ID}}, {"C1", []int64{anna.ID}}, {"C2", []int64{bob.ID}}, {"C3", nil}} {
		users, err := s.FindPortalUsers(ctx(t), tt.customer)
		must(t, err)
		var got []int64
		for _, u := range users {
			got = append(got, u.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Fatalf("FindPortalUsers(%q) = %v, want %v", tt.customer, got, tt.want)
		}
	}
}

func testPortalSessions(t *testing.T, s o2c.Store) {
	createCustomers(t, s, "C1")
	u := &o2c.PortalUser{CustomerID: "C1", Email: "buyer@buyer.example"}
	other := &o2c.PortalUser{CustomerID: "C1", Email: "other@buyer.example"}
	staff := &o2c.User{Email: "clerk@example.com", Role: o2c.RoleOrderDesk}
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreatePortalUser(ctx(t), u))
		must(t, tx.CreatePortalUser(ctx(t), other))
		must(t, tx.CreateUser(ctx(t), staff))
	})
	var start time.Time
	sessions := make([]*o2c.Session, 3)
	inTx(t, s, func(tx o2c.Tx) {
		start = tx.Now()
		for i := range sessions {
			owner := u.ID
			if i == 2 {
				owner = other.ID
			}
			sessions[i] = &o2c.Session{IDHash: fmt.Sprintf("portal-%d", i), UserID: owner, CSRFToken: fmt.Sprintf("csrf-%d", i),
				ExpiresAt: start.Add(time.Duration(i+1) * time.Hour), IP: "192.0.2.1", UserAgent: "test"}
			must(t, tx.CreatePortalSession(ctx(t), sessions[i]))
		}
		must(t, tx.CreateSession(ctx(t), &o2c.Session{IDHash: "staff-0", UserID: staff.ID, CSRFToken: "s", ExpiresAt: start.Add(time.Hour)}))
	})
	got, err := s.FindPortalSession(ctx(t), "portal-0")
	must(t, err)
	wantJSON(t, "portal session", got, sessions[0])
	if got.CreatedAt != start || got.LastSeenAt != start {
		t.Fatalf("portal session times %v %v, want %v", got.CreatedAt, got.LastSeenAt, start)
	}
	// Staff and portal sessions never find each other.
	_, err = s.FindPortalSession(ctx(t), "staff-0")
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindSession(ctx(t), "portal-0")
	wantCode(t, err, o2c.CodeNotFound)
	// A session of a portal user who does not exist is refused.
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.CreatePortalSession(ctx(t), &o2c.Session{IDHash: "orphan", UserID: 987654, CSRFToken: "x", ExpiresAt: start.Add(time.Hour)})
	})
	if err == nil {
		t.Fatal("a session of an unknown portal user was stored")
	}

	var touched time.Time
	inTx(t, s, func(tx o2c.Tx) {
		touched = tx.Now()
		must(t, tx.TouchPortalSession(ctx(t), "portal-1"))
		must(t, tx.TouchPortalSession(ctx(t), "gone"))
	})
	got, err = s.FindPortalSession(ctx(t), "portal-1")
	must(t, err)
	if got.LastSeenAt != touched {
		t.Fatalf("touched portal session LastSeenAt %v, want %v", got.LastSeenAt, touched)
	}
	inTx(t, s, func(tx o2c.Tx) {
		n, err := tx.DeleteStalePortalSessions(ctx(t), touched)
		must(t, err)
		if touched.After(start) && n != 2 {
			t.Fatalf("DeleteStalePortalSessions removed %d, want 2", n)
		}
	})
	_, err = s.FindSession(ctx(t), "staff-0") // staff sessions are not the portal's to clean
	must(t, err)

	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreatePortalSession(ctx(t), &o2c.Session{IDHash: "portal-3", UserID: u.ID, CSRFToken: "c", ExpiresAt: touched.Add(time.Hour)}))
		must(t, tx.CreatePortalSession(ctx(t), &o2c.Session{IDHash: "portal-4", UserID: other.ID, CSRFToken: "c", ExpiresAt: touched.Add(time.Hour)}))
		must(t, tx.DeletePortalSession(ctx(t), "portal-4"))
		must(t, tx.DeletePortalSession(ctx(t), "gone"))
		n, err := tx.DeletePortalUserSessions(ctx(t), u.ID)
		must(t, err)
		want := 2 // portal-1 and portal-3
		if !touched.After(start) {
			want = 3 // with a stopped clock portal-0 was not stale either
		}
		if n != want {
			t.Fatalf("DeletePortalUserSessions removed %d, want %d", n, want)
		}
	})
	for _, h := range []string{"portal-1", "portal-3", "portal-4"} {
		_, err := s.FindPortalSession(ctx(t), h)
		wantCode(t, err, o2c.CodeNotFound)
	}
}

func testCustomerOrders(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	order := func(customer string, channel o2c.Channel, sender, po string) *o2c.Order {
		return &o2c.Order{Status: o2c.OrderNeedsReview, Channel: channel, DocumentID: doc.ID, CustomerID: customer,
			Sender: sender, PONumber: po, NetTotal: dec("1")}
	}
	mine := order("C1", o2c.ChannelEmail, "buyer@c1.example", "PO-Alpha-1")
	portal := order("C1", o2c.ChannelPortal, "C1", "PO-Beta-2")
	pending := order("", o2c.ChannelPortal, "C1", "PO-Alpha-3") // sent through the portal, not resolved yet
	createOrders(t, s, mine, portal, pending,
		order("C2", o2c.ChannelEmail, "buyer@c2.example", "PO-Alpha-4"),
		order("C2", o2c.ChannelPortal, "C1", "PO-Alpha-5"),   // sent by C1's users, resolved to C2: C2's
		order("", o2c.ChannelEmail, "C1", "PO-Alpha-6"),      // not through the portal: nobody's
		order("", o2c.ChannelPortal, "C10", "PO-Alpha-7"),    // another customer's id that starts alike
		order("C10", o2c.ChannelPortal, "C10", "PO-Alpha-8"), //
	)
	for _, tt := range []struct {
		name  string
		f     o2c.CustomerOrderFilter
		want  []int64
		total int
	}{
		{"All", o2c.CustomerOrderFilter{CustomerID: "C1"}, []int64{pending.ID, portal.ID, mine.ID}, 3},
		{"PONumber", o2c.CustomerOrderFilter{CustomerID: "C1", PONumber: "alpha"}, []int64{pending.ID, mine.ID}, 2},
		{"Page", o2c.CustomerOrderFilter{CustomerID: "C1", Limit: 2}, []int64{pending.ID, portal.ID}, 3},
		{"NextPage", o2c.CustomerOrderFilter{CustomerID: "C1", Limit: 2, Offset: 2}, []int64{mine.ID}, 3},
		{"LikeIsEscaped", o2c.CustomerOrderFilter{CustomerID: "C1", PONumber: "%"}, nil, 0},
		{"Other", o2c.CustomerOrderFilter{CustomerID: "C3"}, nil, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindCustomerOrders(ctx(t), tt.f)
			must(t, err)
			if !slices.Equal(ids(got), tt.want) || total != tt.total {
				t.Fatalf("orders %v of %d, want %v of %d", ids(got), total, tt.want, tt.total)
			}
		})
	}
	_, _, err := s.FindCustomerOrders(ctx(t), o2c.CustomerOrderFilter{})
	wantCode(t, err, o2c.CodeInvalid)
}

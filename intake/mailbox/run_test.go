package mailbox_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/o2c-project/o2c/intake"
	"github.com/o2c-project/o2c/intake/mailbox"
)

// When UIDVALIDITY changes, every message is looked at again, and the sink sees the same
// natural keys as the first time.
func TestUIDValidityChange(t *testing.T) {
	t.Parallel()

	t.Run("SimulatedByTheStateStore", func(t *testing.T) {
		t.Parallel()
		b := setup(t, nil)
		m := b.mailbox(t)
		b.appendMail(t, "INBOX", order(1))
		if err := m.Once(context.Background()); err != nil {
			t.Fatal(err)
		}
		first := keys(b.sink.deliveries())

		// The same mail is back in INBOX (a person dragged it back, or the mailbox was
		// rebuilt) under a lower UID than the state store knows, but another UIDVALIDITY.
		b.appendMail(t, "INBOX", order(1))
		validity := selectValidity(t, b)
		for _, tt := range []struct {
			name     string
			validity uint32
			want     int // deliveries expected from the round
		}{
			{"SameValidity", validity, 0},
			{"OtherValidity", validity + 7, 2},
		} {
			if err := b.state.Save(context.Background(), "orders", tt.validity, 99); err != nil {
				t.Fatal(err)
			}
			before := len(b.sink.deliveries())
			if err := m.Once(context.Background()); err != nil {
				t.Fatalf("%s: Once: %v", tt.name, err)
			}
			got := b.sink.deliveries()[before:]
			if len(got) != tt.want {
				t.Fatalf("%s: %d deliveries, want %d", tt.name, len(got), tt.want)
			}
			if tt.want > 0 && !slices.Equal(keys(got), first) {
				t.Errorf("%s: keys %v, want the first round's %v", tt.name, keys(got), first)
			}
		}
		if v, last, _ := b.state.Load(context.Background(), "orders"); v != validity || last != 2 {
			t.Errorf("state is (%d, %d), want (%d, 2)", v, last, validity)
		}
	})

	t.Run("FolderRecreated", func(t *testing.T) {
		t.Parallel()
		b := setup(t, nil)
		m := b.mailbox(t)
		b.appendMail(t, "INBOX", order(1))
		if err := m.Once(context.Background()); err != nil {
			t.Fatal(err)
		}
		// INBOX deleted and made again: UIDs start over at 1 under a new UIDVALIDITY. Without
		// the check, UID 1 would pass for a message already taken.
		if err := b.server.user.Delete("INBOX"); err != nil {
			t.Fatal(err)
		}
		if err := b.server.user.Create("INBOX", nil); err != nil {
			t.Fatal(err)
		}
		b.appendMail(t, "INBOX", order(2))
		if err := m.Once(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := b.sink.deliveries(); len(got) != 4 || got[2].Filename != "order-2.pdf" {
			t.Fatalf("got %d deliveries, want the new mail's too", len(got))
		}
	})
}

// Run with IDLE takes a mail appended while it idles, without waiting for a poll.
func TestRunIdle(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	idling := make(chan struct{}, 16)
	m := b.mailbox(t) // Poll is an hour: only IDLE can bring the mail in time
	m.SetTestHooks(10*time.Millisecond, func() { idling <- struct{}{} })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()

	waitSignal(t, idling, "IDLE to start")
	b.waitIdleDelivery(t, b.appendMail(t, "INBOX", order(1)), "order-1.pdf")
	waitDelivery(t, b.sink.took, "lines-1.csv")

	waitSignal(t, idling, "IDLE to start again")
	b.waitIdleDelivery(t, b.appendMail(t, "INBOX", order(2)), "order-2.pdf")
	waitDelivery(t, b.sink.took, "lines-2.csv")
	// The round that delivered the mail moves it before IDLE starts again. Earlier starts may
	// still be queued in idling: wait until one shows the move done.
	for len(b.messages(t, "o2c/processed")) < 2 {
		waitSignal(t, idling, "the round to end")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if in := b.messages(t, "INBOX"); len(in) != 0 {
		t.Errorf("INBOX holds %v, want nothing", in)
	}
}

// Run polls when told not to idle, and comes back after the server went away.
func TestRunPollsAndReconnects(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	m := b.mailbox(t, func(c *mailbox.Config) { c.NoIdle = true; c.Poll = 20 * time.Millisecond })
	m.SetTestHooks(10*time.Millisecond, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()

	b.appendMail(t, "INBOX", order(1))
	waitDeliveries(t, b.sink.took, "order-1.pdf", "lines-1.csv")

	// The server goes away, every connection with it, and comes back on the same address
	// with the same mailboxes.
	if err := b.server.srv.Close(); err != nil {
		t.Fatal(err)
	}
	b.server = startServer(t, b.server.mem, b.server.addr, nil)
	b.admin = adminClient(t, b.server.addr)
	b.appendMail(t, "INBOX", order(2))
	// The first mail may come again: the server may have gone before it was moved, and then
	// its deliveries are repeated (the natural keys make that a no-op).
	waitDeliveries(t, b.sink.took, "order-2.pdf", "lines-2.csv")

	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

// A server that refuses the login makes Run retry, not return.
func TestRunSurvivesBadLogin(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	m := b.mailbox(t, func(c *mailbox.Config) { c.Password = "wrong" })
	m.SetTestHooks(10*time.Millisecond, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := m.Run(ctx); err != nil {
		t.Errorf("Run returned %v, want nil when its context ends", err)
	}
	if err := m.Once(context.Background()); err == nil {
		t.Error("Once with a wrong password succeeded")
	}
}

func TestNewChecksConfig(t *testing.T) {
	t.Parallel()
	sink := func(context.Context, intake.Delivery) error { return nil }
	tests := []struct {
		name string
		cfg  mailbox.Config
	}{
		{"ErrNoAddr", mailbox.Config{Username: "u", Sink: sink, State: &mailbox.MemoryState{}}},
		{"ErrNoSink", mailbox.Config{Addr: "h:993", Username: "u", State: &mailbox.MemoryState{}}},
		{"ErrNoState", mailbox.Config{Addr: "h:993", Username: "u", Sink: sink}},
		{"ErrTLSMode", mailbox.Config{Addr: "h:993", Username: "u", Sink: sink, State: &mailbox.MemoryState{}, TLS: "ssl"}},
		{"ErrSameFolder", mailbox.Config{Addr: "h:993", Username: "u", Sink: sink, State: &mailbox.MemoryState{}, ProcessedFolder: "INBOX"}},
	}
	for _, tt := range tests {
		if _, err := mailbox.New(tt.cfg); err == nil {
			t.Errorf("%s: New accepted %+v", tt.name, tt.cfg)
		}
	}
	m, err := mailbox.New(mailbox.Config{Addr: "h:993", Username: "u", Sink: sink, State: &mailbox.MemoryState{}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Name() != "u@h:993/INBOX" {
		t.Errorf("default name %q", m.Name())
	}
}

// waitIdleDelivery waits for the delivery of name from the message uid, just appended while
// the mailbox idles. imapmemserver starts listening for changes only some time after it has
// answered IDLE, and a change in between is queued without waking the IDLE until the next
// change. So the message's \Flagged flag is toggled every 100 ms until the delivery comes:
// each toggle is a change that a client in IDLE must hear of (Poll is an hour long).
func (b *bundle) waitIdleDelivery(t *testing.T, uid imap.UID, name string) {
	t.Helper()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	timeout := time.After(5 * time.Second)
	op := imap.StoreFlagsAdd
	for {
		select {
		case d := <-b.sink.took:
			if d.Filename != name {
				t.Fatalf("got delivery %q, want %q", d.Filename, name)
			}
			return
		case <-tick.C:
			if _, err := b.admin.Select("INBOX", nil).Wait(); err != nil {
				t.Fatal(err)
			}
			flag := &imap.StoreFlags{Op: op, Silent: true, Flags: []imap.Flag{imap.FlagFlagged}}
			_ = b.admin.Store(imap.UIDSetNum(uid), flag, nil).Close() // the message may be moved already
			if err := b.admin.Unselect().Wait(); err != nil {
				t.Fatal(err)
			}
			op = map[imap.StoreFlagsOp]imap.StoreFlagsOp{imap.StoreFlagsAdd: imap.StoreFlagsDel, imap.StoreFlagsDel: imap.StoreFlagsAdd}[op]
		case <-timeout:
			t.Fatalf("timed out waiting for %s", name)
		}
	}
}

func keys(ds []intake.Delivery) []string {
	var ks []string
	for _, d := range ds {
		ks = append(ks, d.NaturalKey)
	}
	return ks
}

func selectValidity(t *testing.T, b *bundle) uint32 {
	t.Helper()
	sel, err := b.admin.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.admin.Unselect().Wait(); err != nil {
		t.Fatal(err)
	}
	return sel.UIDValidity
}

func waitSignal(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func waitDelivery(t *testing.T, c <-chan intake.Delivery, name string) {
	t.Helper()
	select {
	case d := <-c:
		if d.Filename != name {
			t.Fatalf("got delivery %q, want %q", d.Filename, name)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", name)
	}
}

// waitDeliveries waits until every named file has been delivered, in any order, repeats
// allowed.
func waitDeliveries(t *testing.T, c <-chan intake.Delivery, names ...string) {
	t.Helper()
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	timeout := time.After(5 * time.Second)
	for len(want) > 0 {
		select {
		case d := <-c:
			delete(want, d.Filename)
		case <-timeout:
			t.Fatalf("timed out waiting for %v", want)
		}
	}
}

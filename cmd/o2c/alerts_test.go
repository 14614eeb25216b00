package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jhillyerd/enmime/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/outmail"
	"github.com/o2c-project/o2c/outmail/smtptest"
)

// TestAlertEndToEnd runs o2c with its job queue, a real SMTP server and a Slack-like webhook
// that fails the first post. An order in review for PRICE_MISMATCH, under a rule on that code,
// gives exactly one mail and one accepted post: River retries the alert job, and the channel
// served the first time is not served again.
func TestAlertEndToEnd(t *testing.T) {
	t.Parallel()
	var (
		mu       sync.Mutex
		calls    int
		accepted [][]byte
	)
	hookSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		accepted = append(accepted, body)
	}))
	defer hookSrv.Close()
	smtp := smtptest.Start(t)
	out, err := outmail.ParseURL("smtp://"+smtp.Addr+"?from=o2c@supplier.example&tls=none", "")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := runningStack(t, stackParams{inbox: "-", smtp: &out, workers: 4,
		alerts: alertConfig{publicURL: "https://o2c.example.com/"}})
	ctx := t.Context()
	if _, err := s.alerts.CreateRule(ctx, o2c.AlertRule{Name: "prices", Enabled: true, AnomalyCodes: []string{"PRICE_MISMATCH"},
		Channels: []o2c.AlertChannel{{Email: "desk@example.com"}, {URL: hookSrv.URL + "/services/T/B/x", Format: o2c.WebhookSlack}}}, "test"); err != nil {
		t.Fatal(err)
	}

	var draft *o2c.OrderDraft
	for _, d := range demo.Orders(cal.DateOf(time.Now().UTC())) {
		if slices.Equal(d.Expect, []o2c.AnomalyCode{o2c.AnomalyPriceMismatch}) {
			draft = &d.Draft
			break
		}
	}
	if draft == nil {
		t.Fatal("no demo order with a price mismatch alone")
	}
	content, err := json.Marshal(draft)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.orders.Receive(ctx, app.ReceiveParams{Channel: o2c.ChannelAPI, Sender: "api:test", ContentType: "application/json",
		Content: content, NaturalKey: "alert-e2e", Drafts: []o2c.OrderDraft{*draft}, Actor: "api:test"})
	if err != nil {
		t.Fatal(err)
	}
	o := rec.Orders[0]
	if o.Status != o2c.OrderNeedsReview {
		t.Fatalf("order is %s with %v", o.Status, o.Anomalies)
	}

	// Both channels served: the history says so once each.
	deadline := time.Now().Add(30 * time.Second)
	for {
		events, err := s.orders.History(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		var alerted []string
		for _, e := range events {
			if strings.HasPrefix(e.Action, "alert") {
				alerted = append(alerted, e.Action+": "+e.Note)
			}
		}
		if len(alerted) == 2 {
			for _, a := range alerted {
				if !strings.HasPrefix(a, "alerted: ") {
					t.Fatalf("alert history %v", alerted)
				}
			}
			break
		}
		if len(alerted) > 2 || time.Now().After(deadline) {
			t.Fatalf("alert history %v", alerted)
		}
		time.Sleep(50 * time.Millisecond)
	}
	mails := smtp.Mails()
	mu.Lock()
	posts, tries := slices.Clone(accepted), calls
	mu.Unlock()
	if len(mails) != 1 || len(posts) != 1 || tries != 2 {
		t.Fatalf("%d mails, %d posts accepted of %d, want 1, 1 of 2", len(mails), len(posts), tries)
	}
	link := fmt.Sprintf("https://o2c.example.com/ui/orders/%d", o.ID)
	env, err := enmime.ReadEnvelope(bytes.NewReader(mails[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(env.GetHeader("Subject"), "PRICE_MISMATCH") || !strings.Contains(env.Text, link) ||
		!strings.Contains(env.Text, "needs review because of PRICE_MISMATCH") {
		t.Fatalf("mail %q:\n%s", env.GetHeader("Subject"), env.Text)
	}
	var slack struct {
		Text   string            `json:"text"`
		Blocks []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(posts[0], &slack); err != nil || !strings.Contains(slack.Text, "PRICE_MISMATCH") ||
		len(slack.Blocks) < 2 || !strings.Contains(string(posts[0]), link) {
		t.Fatalf("post %s (%v)", posts[0], err)
	}
}

// TestAlertStuckAndDigestEndToEnd: the queue's periodic scan finds an order in review for longer
// than a rule allows (the alerts' clock runs two hours ahead) and alerts it once on a Teams
// webhook; a digest rule's day goes out as one mail.
func TestAlertStuckAndDigestEndToEnd(t *testing.T) {
	t.Parallel()
	var (
		mu    sync.Mutex
		posts [][]byte
	)
	hookSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		posts = append(posts, body)
	}))
	defer hookSrv.Close()
	smtp := smtptest.Start(t)
	out, err := outmail.ParseURL("smtp://"+smtp.Addr+"?from=o2c@supplier.example&tls=none", "")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := runningStack(t, stackParams{inbox: "-", smtp: &out, workers: 4,
		alerts: alertConfig{publicURL: "https://o2c.example.com", scanEvery: 100 * time.Millisecond,
			now: func() time.Time { return time.Now().Add(2 * time.Hour) }}})
	ctx := t.Context()
	var digestRule int64
	for _, r := range []o2c.AlertRule{
		{Name: "waiting", Enabled: true, StuckStatus: o2c.OrderNeedsReview, StuckMinutes: 60,
			Channels: []o2c.AlertChannel{{URL: hookSrv.URL, Format: o2c.WebhookTeams}}},
		{Name: "daily", Enabled: true, Digest: true, Channels: []o2c.AlertChannel{{Email: "boss@example.com"}}},
	} {
		saved, err := s.alerts.CreateRule(ctx, r, "test")
		if err != nil {
			t.Fatal(err)
		}
		if saved.Digest {
			digestRule = saved.ID
		}
	}
	var draft *o2c.OrderDraft
	for _, d := range demo.Orders(cal.DateOf(time.Now().UTC())) {
		if len(d.Expect) > 0 {
			draft = &d.Draft
			break
		}
	}
	content, err := json.Marshal(draft)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.orders.Receive(ctx, app.ReceiveParams{Channel: o2c.ChannelAPI, Sender: "api:test", ContentType: "application/json",
		Content: content, NaturalKey: "stuck-e2e", Drafts: []o2c.OrderDraft{*draft}, Actor: "api:test"})
	if err != nil {
		t.Fatal(err)
	}
	o := rec.Orders[0]

	// The scan runs every 100 ms: wait for the post and for the digest alert to be raised, then
	// let several more scans pass; the post stays one.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(posts)
		mu.Unlock()
		raised, err := s.db.FindRaisedAlerts(ctx, digestRule, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 && len(raised) == 1 {
			break
		}
		if n > 1 || time.Now().After(deadline) {
			t.Fatalf("%d posts, %d alerts raised for the digest", n, len(raised))
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // five more scans, which must find the order alerted already
	mu.Lock()
	got := slices.Clone(posts)
	mu.Unlock()
	if len(got) != 1 || !strings.Contains(string(got[0]), "AdaptiveCard") ||
		!strings.Contains(string(got[0]), fmt.Sprintf("Order %d is stuck in needs_review", o.ID)) {
		t.Fatalf("posts %s", got)
	}

	today := cal.DateIn(time.Now(), time.UTC) // the alert log's clock is the store's, not the alerts' moved one
	for range 2 {
		if err := s.alerts.SendDigests(ctx, today, false); err != nil {
			t.Fatal(err)
		}
	}
	mails := smtp.Mails()
	if len(mails) != 1 || mails[0].To[0] != "boss@example.com" || !strings.Contains(string(mails[0].Data), "1 alert") {
		t.Fatalf("digests %d: %+v", len(mails), mails)
	}
}

package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jhillyerd/enmime/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/alert/hook"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/outmail"
	"github.com/o2c-project/o2c/outmail/smtptest"
)

// receiver is a webhook that answers each POST with the next status of its script (200 once the
// script is used up) and keeps the bodies it accepted.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	script   []int
	calls    int
	accepted [][]byte
}

func newReceiver(t *testing.T, script ...int) *receiver {
	t.Helper()
	r := &receiver{script: script}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		status := http.StatusOK
		if r.calls < len(r.script) {
			status = r.script[r.calls]
		}
		r.calls++
		if status == http.StatusOK {
			r.accepted = append(r.accepted, body)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls
}

func (r *receiver) bodies() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.accepted)
}

// alertBundle is the order pipeline with alerting on, a real SMTP server and the real webhook
// poster.
type alertBundle struct {
	*bundle
	alerts *app.Alerts
	smtp   *smtptest.Server
}

func setupAlerts(t *testing.T) *alertBundle {
	t.Helper()
	b := setup(t)
	b.orders.Alerting = true
	smtp := smtptest.Start(t)
	smtp.Refuse("gone@example.com")
	cfg, err := outmail.ParseURL("smtp://"+smtp.Addr+"?from=o2c@supplier.example&tls=none", "")
	if err != nil {
		t.Fatal(err)
	}
	mail, err := outmail.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a := app.NewAlerts(b.store, "https://o2c.example.com")
	a.Mail, a.Webhooks, a.Now, a.Log = mail, hook.New(5*time.Second), func() time.Time { return now }, b.orders.Log
	return &alertBundle{bundle: b, alerts: a, smtp: smtp}
}

func (b *alertBundle) rule(t *testing.T, r o2c.AlertRule) *o2c.AlertRule {
	t.Helper()
	r.Enabled = true
	saved, err := b.alerts.CreateRule(t.Context(), r, "api:admin")
	if err != nil {
		t.Fatalf("create rule %s: %v", r.Name, err)
	}
	return saved
}

// priceMismatchOrder receives an order whose first line is priced a euro above the list.
func (b *alertBundle) priceMismatchOrder(t *testing.T, po string) *o2c.Order {
	t.Helper()
	d := b.cleanDraft(t, po, 0)
	price := d.Lines[0].UnitPrice.Add(decimal.NewFromInt(1))
	total := d.Lines[0].Quantity.Mul(price).Round(2)
	d.Lines[0].UnitPrice, d.Lines[0].LineTotal = &price, &total
	o := b.receive(t, "key-"+po, d)[0]
	if o.Status != o2c.OrderNeedsReview || !slices.ContainsFunc(o.Anomalies, func(a o2c.Anomaly) bool { return a.Code == o2c.AnomalyPriceMismatch }) {
		t.Fatalf("order %s is %s with %v, want in review for PRICE_MISMATCH", po, o.Status, o.Anomalies)
	}
	return o
}

// alertJobs returns the alert jobs committed for an order.
func (b *alertBundle) alertJobs(t *testing.T, orderID int64) []o2c.AlertJob {
	t.Helper()
	rows, err := b.jobs.db.QueryContext(t.Context(), `SELECT args FROM test_jobs WHERE kind = ? ORDER BY id`, o2c.AlertJob{}.Kind())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []o2c.AlertJob
	for rows.Next() {
		var args string
		if err := rows.Scan(&args); err != nil {
			t.Fatal(err)
		}
		var j o2c.AlertJob
		if err := json.Unmarshal([]byte(args), &j); err != nil {
			t.Fatal(err)
		}
		if j.OrderID == orderID {
			out = append(out, j)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// historyOf returns the alert events of an order's history.
func (b *alertBundle) historyOf(t *testing.T, id int64) []o2c.AuditEvent {
	t.Helper()
	var out []o2c.AuditEvent
	for _, e := range b.events(t, id) {
		if strings.HasPrefix(e.Action, "alert") {
			out = append(out, e)
		}
	}
	return out
}

// TestAlertOnceWhenRetried: an order in review for PRICE_MISMATCH, under a rule on that code with
// a mail and a Slack webhook, gives one mail and one accepted post, though the webhook fails the
// first time and the job runs three times.
func TestAlertOnceWhenRetried(t *testing.T) {
	t.Parallel()
	b := setupAlerts(t)
	hookSrv := newReceiver(t, http.StatusServiceUnavailable)
	b.rule(t, o2c.AlertRule{Name: "prices", AnomalyCodes: []string{"PRICE_MISMATCH"},
		Channels: []o2c.AlertChannel{{Email: "desk@example.com"}, {URL: hookSrv.URL + "/services/T/B/secret", Format: o2c.WebhookSlack}}})
	b.rule(t, o2c.AlertRule{Name: "credit", AnomalyCodes: []string{"CREDIT_LIMIT"}, Channels: []o2c.AlertChannel{{Email: "credit@example.com"}}})
	o := b.priceMismatchOrder(t, "PO-ALERT-1")

	jobs := b.alertJobs(t, o.ID)
	if len(jobs) != 1 || jobs[0] != (o2c.AlertJob{OrderID: o.ID, Cause: o2c.AlertReview, Version: o.Version}) {
		t.Fatalf("alert jobs %+v, want one review job at version %d", jobs, o.Version)
	}
	if err := b.alerts.Alert(t.Context(), jobs[0], false); o2c.ErrorCode(err) != o2c.CodeUnavailable {
		t.Fatalf("first attempt: %v, want the webhook's 503 to retry", err)
	}
	for range 2 {
		if err := b.alerts.Alert(t.Context(), jobs[0], false); err != nil {
			t.Fatalf("retry: %v", err)
		}
	}

	mails := b.smtp.Wait(t, 1, 5*time.Second)
	if len(mails) != 1 || len(mails[0].To) != 1 || mails[0].To[0] != "desk@example.com" {
		t.Fatalf("mails %+v, want one to desk@example.com", mails)
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(mails[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	link := "https://o2c.example.com/ui/orders/" + jsonNumber(o.ID)
	if subject := env.GetHeader("Subject"); !strings.Contains(subject, "PRICE_MISMATCH") ||
		!strings.Contains(env.Text, "needs review because of PRICE_MISMATCH") || !strings.Contains(env.Text, link) ||
		!strings.Contains(env.HTML, `href="`+link+`"`) {
		t.Fatalf("mail %q:\n%s\n%s", subject, env.Text, env.HTML)
	}

	posts := hookSrv.bodies()
	if len(posts) != 1 {
		t.Fatalf("%d posts accepted, want 1", len(posts))
	}
	var slack struct {
		Text   string           `json:"text"`
		Blocks []map[string]any `json:"blocks"`
	}
	if err := json.Unmarshal(posts[0], &slack); err != nil || !strings.Contains(slack.Text, "PRICE_MISMATCH") ||
		len(slack.Blocks) == 0 || !strings.Contains(string(posts[0]), link) {
		t.Fatalf("slack post %s (%v)", posts[0], err)
	}

	history := b.historyOf(t, o.ID)
	if len(history) != 2 || history[0].Action != "alerted" || history[1].Action != "alerted" ||
		!strings.Contains(history[0].Note, "desk@example.com") || strings.Contains(history[1].Note, "secret") {
		t.Fatalf("alert history %+v", history)
	}
}

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestAlertFailures: a refusal for good is recorded in the order's history with its cause and not
// tried again; a failure that may pass is retried, and recorded on the job's last attempt.
func TestAlertFailures(t *testing.T) {
	t.Parallel()
	b := setupAlerts(t)
	gone := newReceiver(t, http.StatusGone)
	down := newReceiver(t, http.StatusBadGateway, http.StatusBadGateway)
	b.rule(t, o2c.AlertRule{Name: "all", Channels: []o2c.AlertChannel{{Email: "gone@example.com"},
		{URL: gone.URL, Format: o2c.WebhookTeams}, {URL: down.URL, Format: o2c.WebhookJSON}}})
	o := b.reviewOrder(t, "PO-FAIL-1")
	job := b.alertJobs(t, o.ID)[0]

	if err := b.alerts.Alert(t.Context(), job, false); o2c.ErrorCode(err) != o2c.CodeUnavailable {
		t.Fatalf("first attempt: %v, want the 502 to retry", err)
	}
	history := b.historyOf(t, o.ID)
	if len(history) != 2 || history[0].Action != "alert_failed" || !strings.Contains(history[0].Note, "refused") ||
		history[1].Action != "alert_failed" || !strings.Contains(history[1].Note, "410") {
		t.Fatalf("history after the first attempt %+v", history)
	}
	if err := b.alerts.Alert(t.Context(), job, true); err != nil {
		t.Fatalf("last attempt: %v", err)
	}
	history = b.historyOf(t, o.ID)
	if len(history) != 3 || history[2].Action != "alert_failed" || !strings.Contains(history[2].Note, "502") {
		t.Fatalf("history after the last attempt %+v", history)
	}
	if err := b.alerts.Alert(t.Context(), job, false); err != nil {
		t.Fatalf("after the last attempt: %v", err)
	}
	if gone.count() != 1 || down.count() != 2 || len(b.smtp.Mails()) != 0 {
		t.Fatalf("calls: gone %d, down %d, mails %d", gone.count(), down.count(), len(b.smtp.Mails()))
	}
}

// TestAlertDeadLetter: an order a job gave up on is alerted as a dead letter, under a rule on
// DEAD_LETTER, with the cause.
func TestAlertDeadLetter(t *testing.T) {
	t.Parallel()
	b := setupAlerts(t)
	recv := newReceiver(t)
	b.rule(t, o2c.AlertRule{Name: "dead letters", AnomalyCodes: []string{o2c.AlertCodeDeadLetter},
		Channels: []o2c.AlertChannel{{URL: recv.URL, Format: o2c.WebhookJSON}}})
	o := b.approvedOrder(t, "PO-DEAD-1", 0)
	if err := b.orders.GiveUp(t.Context(), o.ID, "the ERP (webhook) refused the order: 422 unknown article"); err != nil {
		t.Fatal(err)
	}
	o = b.order(t, o.ID)
	jobs := b.alertJobs(t, o.ID)
	if len(jobs) != 1 || jobs[0].Cause != o2c.AlertDeadLetter || jobs[0].Version != o.Version {
		t.Fatalf("alert jobs %+v", jobs)
	}
	if err := b.alerts.Alert(t.Context(), jobs[0], false); err != nil {
		t.Fatal(err)
	}
	posts := recv.bodies()
	if len(posts) != 1 || !strings.Contains(string(posts[0]), "422 unknown article") || !strings.Contains(string(posts[0]), `"cause":"dead_letter"`) {
		t.Fatalf("posts %s", posts)
	}
}

// TestAlertStuck: an order approved two hours ago and never posted is alerted once by a rule on
// orders approved longer than an hour; a change of the order makes a new episode.
func TestAlertStuck(t *testing.T) {
	t.Parallel()
	b := setupAlerts(t)
	recv := newReceiver(t)
	b.rule(t, o2c.AlertRule{Name: "not posted", StuckStatus: o2c.OrderApproved, StuckMinutes: 60,
		Channels: []o2c.AlertChannel{{URL: recv.URL, Format: o2c.WebhookTeams}}})
	o := b.approvedOrder(t, "PO-STUCK-1", 0)
	b.reviewOrder(t, "PO-STUCK-2") // another status: not stuck for this rule

	// Within the hour, nothing.
	b.alerts.Now = func() time.Time { return now.Add(59 * time.Minute) }
	if err := b.alerts.ScanStuck(t.Context()); err != nil {
		t.Fatal(err)
	}
	if jobs := b.alertJobs(t, o.ID); len(jobs) != 0 {
		t.Fatalf("jobs within the hour: %+v", jobs)
	}
	b.alerts.Now = func() time.Time { return now.Add(2 * time.Hour) }
	for range 2 { // the second scan finds it alerted
		if err := b.alerts.ScanStuck(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	jobs := b.alertJobs(t, o.ID)
	if len(jobs) != 1 || jobs[0].Cause != o2c.AlertStuck || jobs[0].RuleID == 0 || jobs[0].Version != o.Version {
		t.Fatalf("stuck jobs %+v", jobs)
	}
	for range 2 {
		if err := b.alerts.Alert(t.Context(), jobs[0], false); err != nil {
			t.Fatal(err)
		}
	}
	posts := recv.bodies()
	if len(posts) != 1 || !strings.Contains(string(posts[0]), "has been approved for 2 h 00 min") ||
		!strings.Contains(string(posts[0]), "AdaptiveCard") {
		t.Fatalf("posts %s", posts)
	}
}

// TestAlertDigest: a digest rule sends nothing per order; the day's digest holds both orders in
// one mail, once.
func TestAlertDigest(t *testing.T) {
	t.Parallel()
	b := setupAlerts(t)
	b.rule(t, o2c.AlertRule{Name: "daily", Digest: true, Channels: []o2c.AlertChannel{{Email: "boss@example.com"}}})
	o1 := b.reviewOrder(t, "PO-DIG-1")
	o2 := b.priceMismatchOrder(t, "PO-DIG-2")
	for _, o := range []*o2c.Order{o1, o2} {
		for _, j := range b.alertJobs(t, o.ID) {
			if err := b.alerts.Alert(t.Context(), j, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := len(b.smtp.Mails()); n != 0 {
		t.Fatalf("%d mails before the digest", n)
	}
	day := b.alerts.DigestDay(now.Add(24 * time.Hour))
	if day != today {
		t.Fatalf("digest day %s, want %s", day, today)
	}
	for range 2 {
		if err := b.alerts.SendDigests(t.Context(), day, false); err != nil {
			t.Fatal(err)
		}
	}
	// The day after holds nothing.
	if err := b.alerts.SendDigests(t.Context(), day.AddDays(1), false); err != nil {
		t.Fatal(err)
	}
	mails := b.smtp.Wait(t, 1, 5*time.Second)
	if len(mails) != 1 {
		t.Fatalf("%d digests, want 1", len(mails))
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(mails[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(env.GetHeader("Subject"), "2 alerts") || !strings.Contains(env.Text, "PO-DIG-1") ||
		!strings.Contains(env.Text, "PO-DIG-2") {
		t.Fatalf("digest %q:\n%s", env.GetHeader("Subject"), env.Text)
	}
	for _, o := range []*o2c.Order{o1, o2} {
		if h := b.historyOf(t, o.ID); len(h) != 1 || h[0].Action != "alerted" || !strings.Contains(h[0].Note, "digest:"+today.String()) {
			t.Fatalf("history of order %d: %+v", o.ID, h)
		}
	}
}

// TestAlertRuleCRUD checks the rules' use cases: checks, defaults, conflicts, the test message.
func TestAlertRuleCRUD(t *testing.T) {
	t.Parallel()
	b := setupAlerts(t)
	recv := newReceiver(t, http.StatusNotFound)
	_, err := b.alerts.CreateRule(t.Context(), o2c.AlertRule{Name: "x"}, "api:admin")
	if o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("rule without channel: %v", err)
	}
	r := b.rule(t, o2c.AlertRule{Name: "desk", Channels: []o2c.AlertChannel{{Email: "desk@example.com"}, {URL: recv.URL}}})
	if r.Channels[1].Format != o2c.WebhookJSON || r.CreatedBy != "api:admin" || r.AnomalyCodes == nil {
		t.Fatalf("created %+v", r)
	}
	if _, err := b.alerts.CreateRule(t.Context(), o2c.AlertRule{Name: "desk", Channels: r.Channels}, "api:admin"); o2c.ErrorCode(err) != o2c.CodeConflict {
		t.Fatalf("second rule named desk: %v", err)
	}
	upd := *r
	upd.Enabled = false
	got, err := b.alerts.UpdateRule(t.Context(), r.ID, upd, "api:bob")
	if err != nil || got.Enabled || got.UpdatedBy != "api:bob" || got.CreatedBy != "api:admin" {
		t.Fatalf("update: %+v, %v", got, err)
	}
	res, err := b.alerts.TestRule(t.Context(), r.ID, "api:admin")
	if err != nil || len(res) != 2 || !res[0].OK || res[1].OK || !strings.Contains(res[1].Error, "404") {
		t.Fatalf("test: %+v, %v", res, err)
	}
	if mails := b.smtp.Wait(t, 1, 5*time.Second); !strings.Contains(string(mails[0].Data), "This is a test") {
		t.Fatalf("test mail %s", mails[0].Data)
	}
	if err := b.alerts.DeleteRule(t.Context(), r.ID, "api:admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.alerts.GetRule(t.Context(), r.ID); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("deleted rule: %v", err)
	}
}

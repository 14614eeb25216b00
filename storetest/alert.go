package storetest

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

func alertRule(name string) *o2c.AlertRule {
	return &o2c.AlertRule{Name: name, Enabled: true, AnomalyCodes: []string{"PRICE_MISMATCH", o2c.AlertCodeDeadLetter},
		CustomerID: "C001", MinOrderValue: decp("1000.50"),
		Channels:  []o2c.AlertChannel{{Email: "desk@example.com"}, {URL: "https://hooks.example.com/T1/B2?x=ü", Format: o2c.WebhookSlack}},
		CreatedBy: "api:admin"}
}

func testAlertRules(t *testing.T, s o2c.Store) {
	list, err := s.FindAlertRules(ctx(t))
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("empty store lists %d alert rules", len(list))
	}
	_, err = s.FindAlertRuleByID(ctx(t), 1)
	wantCode(t, err, o2c.CodeNotFound)

	// Every field survives, the decimal with its scale; the store sets the instants and UpdatedBy.
	price := alertRule("Price mismatches of Müller")
	var created time.Time
	inTx(t, s, func(tx o2c.Tx) {
		created = tx.Now()
		must(t, tx.CreateAlertRule(ctx(t), price))
		got, err := tx.FindAlertRuleByID(ctx(t), price.ID)
		must(t, err)
		wantJSON(t, "rule in the transaction", got, price)
	})
	if price.ID == 0 || !price.CreatedAt.Equal(created) || !price.UpdatedAt.Equal(created) || price.UpdatedBy != "api:admin" {
		t.Fatalf("created rule %+v", price)
	}
	got, err := s.FindAlertRuleByID(ctx(t), price.ID)
	must(t, err)
	wantJSON(t, "stored rule", got, price)
	wantExact(t, "min_order_value", *got.MinOrderValue, "1000.50")

	// A rule with nothing optional comes back with empty lists, not nulls.
	stuck := &o2c.AlertRule{Name: "Stuck approved", AnomalyCodes: []string{}, StuckStatus: o2c.OrderApproved, StuckMinutes: 30, Digest: true,
		Channels: []o2c.AlertChannel{{URL: "https://example.com/hook", Format: o2c.WebhookTeams}}, CreatedBy: "user:anna"}
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.CreateAlertRule(ctx(t), stuck)) })
	got, err = s.FindAlertRuleByID(ctx(t), stuck.ID)
	must(t, err)
	if got.AnomalyCodes == nil || len(got.AnomalyCodes) != 0 || got.MinOrderValue != nil || got.CustomerID != "" || got.Enabled {
		t.Fatalf("sparse rule came back as %+v", got)
	}
	wantJSON(t, "sparse rule", got, stuck)

	// Names are unique; the failed create leaves the transaction usable.
	inTx(t, s, func(tx o2c.Tx) {
		wantCode(t, tx.CreateAlertRule(ctx(t), alertRule("Price mismatches of Müller")), o2c.CodeConflict)
		_, err := tx.FindAlertRules(ctx(t))
		must(t, err)
	})

	// Update replaces all but the creation.
	upd := *price
	upd.Name, upd.Enabled, upd.AnomalyCodes, upd.MinOrderValue = "Price", false, []string{"CREDIT_LIMIT"}, nil
	upd.CreatedBy, upd.CreatedAt, upd.UpdatedBy = "forged", time.Time{}, "user:bob"
	var updated time.Time
	inTx(t, s, func(tx o2c.Tx) {
		updated = tx.Now()
		must(t, tx.UpdateAlertRule(ctx(t), &upd))
	})
	got, err = s.FindAlertRuleByID(ctx(t), price.ID)
	must(t, err)
	want := upd
	want.CreatedBy, want.CreatedAt, want.UpdatedAt = "api:admin", created, updated
	wantJSON(t, "updated rule", got, &want)
	wantJSON(t, "update's answer", &upd, &want)

	clash := *stuck
	clash.Name = "Price"
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateAlertRule(ctx(t), &clash) })
	wantCode(t, err, o2c.CodeConflict)
	ghost := *stuck
	ghost.ID, ghost.Name = 999, "ghost"
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateAlertRule(ctx(t), &ghost) })
	wantCode(t, err, o2c.CodeNotFound)

	list, err = s.FindAlertRules(ctx(t))
	must(t, err)
	if len(list) != 2 || list[0].ID != price.ID || list[1].ID != stuck.ID {
		t.Fatalf("rules %+v, want by id", list)
	}

	inTx(t, s, func(tx o2c.Tx) { must(t, tx.DeleteAlertRule(ctx(t), price.ID)) })
	_, err = s.FindAlertRuleByID(ctx(t), price.ID)
	wantCode(t, err, o2c.CodeNotFound)
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.DeleteAlertRule(ctx(t), price.ID) })
	wantCode(t, err, o2c.CodeNotFound)
}

func testAlertRecords(t *testing.T, s o2c.Store) {
	rule := alertRule("r")
	other := alertRule("other")
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreateAlertRule(ctx(t), rule))
		must(t, tx.CreateAlertRule(ctx(t), other))
	})
	recs, err := s.FindAlertRecords(ctx(t), rule.ID, 7, "review@v3")
	must(t, err)
	if len(recs) != 0 {
		t.Fatalf("records before any: %+v", recs)
	}

	// An alert is recorded once per target; the second try reports it was there.
	alert := json.RawMessage(`{"sentence":"Order 7 needs review: “price” ≠ 12.40"}`)
	var first time.Time
	inTx(t, s, func(tx o2c.Tx) {
		first = tx.Now()
		raised := &o2c.AlertRecord{RuleID: rule.ID, OrderID: 7, Key: "review@v3", Alert: alert}
		ok, err := tx.AddAlertRecord(ctx(t), raised)
		must(t, err)
		if !ok || !raised.At.Equal(first) {
			t.Fatalf("first record: added %t at %v", ok, raised.At)
		}
		ok, err = tx.AddAlertRecord(ctx(t), &o2c.AlertRecord{RuleID: rule.ID, OrderID: 7, Key: "review@v3", Alert: json.RawMessage(`{}`)})
		must(t, err)
		if ok {
			t.Fatal("the same alert was recorded twice")
		}
	})
	var second time.Time
	inTx(t, s, func(tx o2c.Tx) {
		second = tx.Now()
		for _, rec := range []*o2c.AlertRecord{
			{RuleID: rule.ID, OrderID: 7, Key: "review@v3", Target: "mailto:desk@example.com"},
			{RuleID: rule.ID, OrderID: 7, Key: "review@v3", Target: "https://hooks.example.com/x", Error: "the webhook answered 404"},
			{RuleID: rule.ID, OrderID: 7, Key: "review@v5"},
			{RuleID: rule.ID, OrderID: 8, Key: "review@v3"},
			{RuleID: other.ID, OrderID: 7, Key: "review@v3"},
			{RuleID: rule.ID, OrderID: 0, Key: "digest:2026-03-02", Target: "mailto:desk@example.com"},
		} {
			ok, err := tx.AddAlertRecord(ctx(t), rec)
			must(t, err)
			if !ok {
				t.Fatalf("record %+v not added", rec)
			}
		}
	})
	recs, err = s.FindAlertRecords(ctx(t), rule.ID, 7, "review@v3")
	must(t, err)
	wantJSON(t, "records of one alert", recs, []o2c.AlertRecord{
		{RuleID: rule.ID, OrderID: 7, Key: "review@v3", Alert: alert, At: first},
		{RuleID: rule.ID, OrderID: 7, Key: "review@v3", Target: "https://hooks.example.com/x", Error: "the webhook answered 404", At: second},
		{RuleID: rule.ID, OrderID: 7, Key: "review@v3", Target: "mailto:desk@example.com", At: second},
	})
	if string(recs[0].Alert) != string(alert) {
		t.Fatalf("alert came back as %s", recs[0].Alert)
	}

	// The raised alerts of a period: target "" only, of this rule only, in [from, to).
	raised, err := s.FindRaisedAlerts(ctx(t), rule.ID, first, second.Add(time.Microsecond))
	must(t, err)
	if len(raised) != 3 || raised[0].Key != "review@v3" || raised[1].OrderID != 7 || raised[1].Key != "review@v5" || raised[2].OrderID != 8 {
		t.Fatalf("raised alerts: %+v", raised)
	}
	raised, err = s.FindRaisedAlerts(ctx(t), rule.ID, first, second)
	must(t, err)
	if len(raised) != 1 || raised[0].Key != "review@v3" || raised[0].OrderID != 7 {
		t.Fatalf("raised alerts before the second transaction: %+v", raised)
	}

	// Deleting the rule deletes its log.
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.DeleteAlertRule(ctx(t), rule.ID)) })
	recs, err = s.FindAlertRecords(ctx(t), rule.ID, 7, "review@v3")
	must(t, err)
	if len(recs) != 0 {
		t.Fatalf("records of a deleted rule: %+v", recs)
	}
	recs, err = s.FindAlertRecords(ctx(t), other.ID, 7, "review@v3")
	must(t, err)
	if len(recs) != 1 {
		t.Fatalf("records of the other rule: %+v", recs)
	}
	// A record of a rule that does not exist breaks the foreign key.
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		_, err := tx.AddAlertRecord(ctx(t), &o2c.AlertRecord{RuleID: rule.ID, OrderID: 7, Key: "k"})
		return err
	})
	if err == nil {
		t.Fatal("recorded an alert of a deleted rule")
	}
}

func testStuckOrders(t *testing.T, s o2c.Store) {
	inTx(t, s, func(tx o2c.Tx) {
		_, err := tx.UpsertMasterData(ctx(t), &o2c.MasterData{Customers: []o2c.Customer{{ID: "C1", Name: "One"}, {ID: "C2", Name: "Two"}}})
		must(t, err)
	})
	rule := alertRule("stuck")
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.CreateAlertRule(ctx(t), rule)) })
	doc := createDocument(t, s, "doc")
	a := &o2c.Order{Status: o2c.OrderApproved, Channel: o2c.ChannelAPI, DocumentID: doc.ID, CustomerID: "C1"}
	b := &o2c.Order{Status: o2c.OrderApproved, Channel: o2c.ChannelAPI, DocumentID: doc.ID, CustomerID: "C2"}
	c := &o2c.Order{Status: o2c.OrderNeedsReview, Channel: o2c.ChannelAPI, DocumentID: doc.ID, CustomerID: "C1"}
	var start time.Time
	inTx(t, s, func(tx o2c.Tx) { start = tx.Now() })
	createOrders(t, s, a)
	createOrders(t, s, b, c)
	// a changes last: the longest unchanged comes first.
	inTx(t, s, func(tx o2c.Tx) {
		a.Reason = "touched"
		must(t, tx.UpdateOrder(ctx(t), a))
	})
	later := time.Now().Add(time.Hour)
	find := func(q o2c.StuckQuery) []int64 {
		t.Helper()
		got, err := s.FindStuckOrders(ctx(t), q)
		must(t, err)
		for _, o := range got {
			if o.Status != q.Status {
				t.Fatalf("order %d is %s, want %s", o.ID, o.Status, q.Status)
			}
		}
		return ids(got)
	}
	want := func(what string, got []int64, want ...int64) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: %v, want %v", what, got, want)
		}
	}
	approved := o2c.StuckQuery{Status: o2c.OrderApproved, Before: later, RuleID: rule.ID, KeyPrefix: "stuck:approved@v"}
	want("stuck approved orders", find(approved), b.ID, a.ID)
	q := approved
	q.Limit = 1
	want("first stuck approved order", find(q), b.ID)
	q = approved
	q.CustomerID = "C1"
	want("stuck approved orders of C1", find(q), a.ID)
	q = approved
	q.Before = start.Add(-time.Second)
	want("orders unchanged since before they existed", find(q))
	want("stuck orders in review", find(o2c.StuckQuery{Status: o2c.OrderNeedsReview, Before: later, RuleID: rule.ID, KeyPrefix: "stuck:needs_review@v"}), c.ID)

	// An order the rule alerted on at its current version is left out; at an older version, or
	// by another rule, or with another key, it is not.
	other := alertRule("other")
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreateAlertRule(ctx(t), other))
		for _, rec := range []*o2c.AlertRecord{
			{RuleID: rule.ID, OrderID: b.ID, Key: fmt.Sprintf("stuck:approved@v%d", b.Version)},
			{RuleID: rule.ID, OrderID: a.ID, Key: fmt.Sprintf("stuck:approved@v%d", a.Version-1)},
			{RuleID: rule.ID, OrderID: a.ID, Key: fmt.Sprintf("review@v%d", a.Version)},
			{RuleID: rule.ID, OrderID: a.ID, Key: fmt.Sprintf("stuck:approved@v%d", a.Version), Target: "mailto:x@example.com"},
			{RuleID: other.ID, OrderID: a.ID, Key: fmt.Sprintf("stuck:approved@v%d", a.Version)},
		} {
			_, err := tx.AddAlertRecord(ctx(t), rec)
			must(t, err)
		}
	})
	want("stuck approved orders not alerted yet", find(approved), a.ID)
	q = approved
	q.RuleID = other.ID
	want("stuck approved orders the other rule has not alerted on", find(q), b.ID)
}

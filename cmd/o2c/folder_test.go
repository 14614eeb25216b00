package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/edi/edifact"
)

// TestWatchedFolderToPostedOrder drops order files into the inbox of a running o2c: a file with
// two canonical orders ends as two orders posted to the ERP, a file that is no order ends in review
// as UNREADABLE with its original kept, and both files move to processed/.
func TestWatchedFolderToPostedOrder(t *testing.T) {
	t.Parallel()
	s, dir := runningStack(t, stackParams{workers: 4})
	ctx := t.Context()

	var clean []o2c.OrderDraft
	for _, d := range demo.Orders(cal.DateOf(time.Now().UTC())) {
		if len(d.Expect) == 0 && len(clean) < 2 {
			clean = append(clean, d.Draft)
		}
	}
	body, err := json.Marshal(clean)
	if err != nil {
		t.Fatal(err)
	}
	inbox := filepath.Join(dir, "inbox")
	if err := os.WriteFile(filepath.Join(inbox, "two-orders.json"), body, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "scan.txt"), []byte("Bonjour, voici notre commande"), 0o644); err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(30 * time.Second)
	var orders []*o2c.Order
	for {
		orders, _, err = s.orders.List(ctx, o2c.OrderFilter{Channel: o2c.ChannelFolder})
		if err != nil {
			t.Fatal(err)
		}
		settled := 0
		for _, o := range orders {
			if settledStatus(o.Status) {
				settled++
			}
		}
		if len(orders) == 3 && settled == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s, %d folder orders, %d settled", len(orders), settled)
		}
		time.Sleep(50 * time.Millisecond)
	}
	posted, unreadable := 0, 0
	for _, o := range orders {
		switch {
		case o.Status == o2c.OrderPosted:
			posted++
		case o.Status == o2c.OrderNeedsReview && len(o.Anomalies) == 1 && o.Anomalies[0].Code == o2c.AnomalyUnreadable:
			unreadable++
			doc, err := s.orders.Document(ctx, o.DocumentID)
			if err != nil || string(doc.Content) != "Bonjour, voici notre commande" {
				t.Fatalf("the unreadable original was not kept: %v", err)
			}
		default:
			t.Errorf("order %d ended %s with %+v", o.ID, o.Status, o.Anomalies)
		}
	}
	if posted != 2 || unreadable != 1 {
		t.Fatalf("%d posted and %d unreadable, want 2 and 1", posted, unreadable)
	}
	for _, name := range []string{"two-orders.json", "scan.txt"} {
		if _, err := os.Stat(filepath.Join(inbox, "processed", name)); err != nil {
			t.Errorf("%s was not moved to processed/: %v", name, err)
		}
	}
}

// TestWatchedFolderEDIIsAnswered drops an EDIFACT interchange of 100 orders into the watched
// folder: the answers folder receives the interchange's CONTRL and an ORDRSP per posted order,
// addressed back to the sender, each read again by our own parser. (A few of the orders stop in
// review, on the buyers' credit limits; they get no answer until someone decides.)
func TestWatchedFolderEDIIsAnswered(t *testing.T) {
	t.Parallel()
	s, dir := runningStack(t, stackParams{workers: 8})
	ctx := t.Context()
	if err := dropInterchanges(filepath.Join(dir, "inbox"), demo.MasterData(), 1, cal.DateOf(time.Now().UTC())); err != nil {
		t.Fatal(err)
	}
	answers := filepath.Join(dir, "answers")
	deadline := time.Now().Add(60 * time.Second)
	var files []os.DirEntry
	posted := 0
	for {
		stats, err := s.orders.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		posted = stats.ByStatus[o2c.OrderPosted]
		if files, err = os.ReadDir(answers); err != nil {
			t.Fatal(err)
		}
		settled := posted + stats.ByStatus[o2c.OrderNeedsReview]
		if settled == ordersPerInterchange && len(files) == posted+1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 60 s the answers folder holds %d files; orders %v", len(files), stats.ByStatus)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if posted < ordersPerInterchange*9/10 {
		t.Fatalf("only %d of %d orders posted", posted, ordersPerInterchange)
	}
	kinds := map[string]int{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(answers, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		ic, err := edifact.Parse(b)
		if err != nil {
			t.Fatalf("%s does not parse: %v", f.Name(), err)
		}
		if ic.Recipient.ID == "4012345000009" || ic.Sender.ID != "4012345000009" {
			t.Errorf("%s goes from %s to %s, want from us (4012345000009) back to the buyer", f.Name(), ic.Sender.ID, ic.Recipient.ID)
		}
		m := ic.Messages[0]
		kinds[m.Type]++
		if m.Type == "ORDRSP" && m.Segments[0].Value(2, 0) != "29" {
			t.Errorf("%s: BGM %s, want 29 (accepted as ordered)", f.Name(), m.Segments[0])
		}
	}
	if kinds["CONTRL"] != 1 || kinds["ORDRSP"] != posted {
		t.Fatalf("answers %v, want 1 CONTRL and %d ORDRSP", kinds, posted)
	}
}

package app_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// TestUnsplittableMailIsKeptAndExplained: a mail the mailbox could not split is stored whole as
// message.eml; reading it sends its order to review as UNREADABLE with the real cause.
func TestUnsplittableMailIsKeptAndExplained(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var huge bytes.Buffer
	huge.WriteString("Message-ID: <parts@acme.example>\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n")
	for i := range 1001 {
		fmt.Fprintf(&huge, "--p\r\nContent-Type: text/csv\r\n\r\n%d\r\n", i)
	}
	huge.WriteString("--p--\r\n")
	o := b.receiveRaw(t, "message.eml", huge.Bytes()).Orders[0]
	got := b.process(t, o.ID)
	if got.Status != o2c.OrderNeedsReview || len(got.Anomalies) != 1 || got.Anomalies[0].Code != o2c.AnomalyUnreadable {
		t.Fatalf("order %s with %+v, want UNREADABLE in review", got.Status, got.Anomalies)
	}
	if msg := got.Anomalies[0].Message; !strings.Contains(msg, "1000") && !strings.Contains(msg, "1,000") && !strings.Contains(msg, "parts") {
		t.Fatalf("anomaly %q does not say why the mail cannot be read", msg)
	}
}

// TestReceiveUnreadableGoesStraightToReview: a delivery the channel could not take (a mail over
// the size limit) is stored with its description, and its order waits in review with the cause,
// with no job to read it.
func TestReceiveUnreadableGoesStraightToReview(t *testing.T) {
	t.Parallel()
	b := setup(t)
	why := "a mail of 60000000 bytes is larger than the 50 MB o2c takes"
	r, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelEmail, Filename: "message-too-large.txt",
		Content: []byte(why), NaturalKey: "email:too-large:orders:1:7", Unreadable: why, Actor: "mailbox"})
	if err != nil {
		t.Fatal(err)
	}
	o := b.order(t, r.Orders[0].ID)
	if o.Status != o2c.OrderNeedsReview || len(o.Anomalies) != 1 || o.Anomalies[0].Code != o2c.AnomalyUnreadable || o.Anomalies[0].Message != why {
		t.Fatalf("order %s with %+v, want in review as UNREADABLE: %s", o.Status, o.Anomalies, why)
	}
	for _, j := range b.jobs.all(t) {
		if j.OrderID == o.ID {
			t.Fatalf("job %s queued for an order that cannot be read", j.Kind)
		}
	}
}

package app_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
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

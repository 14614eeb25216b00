package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/intake/mailbox"
)

// TestSheetProfileReadsTheNextFile: a customer mails a CSV order list whose headers o2c does not
// know; the order waits in review as UNREADABLE. A person saves a sheet profile for that customer
// over the API, and the customer's next list of the same layout, from the same address, is read by
// it: its lines, in the customer's own article codes, become our products and quantities, and the
// order is posted.
func TestSheetProfileReadsTheNextFile(t *testing.T) {
	t.Parallel()
	const (
		customer = "C10014" // Berliner Kantinen Service GmbH, whose codes 471100123 and 471100140 are on file
		from     = "bestellungen@berliner-kantinen.de"
	)
	addr := imapServer(t, "orders", "pw")
	admin, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if err := admin.Login("orders", "pw").Wait(); err != nil {
		t.Fatal(err)
	}
	send := func(po string, beans, milk int) {
		t.Helper()
		csv := fmt.Sprintf("Bestellung %s\nKennung;Wieviel;Was\n471100123;%d;Kaffee Bohnen\n471100140;%d;Vollmilch\n", po, beans, milk)
		mail := strings.ReplaceAll(fmt.Sprintf(`Message-ID: <%s@berliner-kantinen.de>
From: Einkauf <%s>
To: orders@supplier.example
Subject: Bestellung %s
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

Anbei unsere Bestellliste.
--b
Content-Type: text/csv; name="liste.csv"
Content-Disposition: attachment; filename="liste.csv"

%s--b--
`, po, from, po, csv), "\n", "\r\n")
		cmd := admin.Append("INBOX", int64(len(mail)), nil)
		if _, err := cmd.Write([]byte(mail)); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}

	box, err := parseMailboxURL("imap+plain://orders:pw@"+addr+"/INBOX", "")
	if err != nil {
		t.Fatal(err)
	}
	box.Poll = 100 * time.Millisecond
	s, _ := runningStack(t, stackParams{inbox: "-", mailboxes: []mailbox.Config{box}, workers: 4})
	ctx := t.Context()
	secret, _, err := s.keys.Create(ctx, "desk", []o2c.Scope{o2c.ScopeMasterDataWrite, o2c.ScopeMasterDataRead}, "test")
	if err != nil {
		t.Fatal(err)
	}

	// settled waits for the order of a PO number to leave the pipeline's working states.
	settled := func(sent int) *o2c.Order {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			orders, _, err := s.orders.List(ctx, o2c.OrderFilter{Channel: o2c.ChannelEmail})
			if err != nil {
				t.Fatal(err)
			}
			if len(orders) == sent && settledStatus(orders[0].Status) {
				return orders[0] // newest first
			}
			if time.Now().After(deadline) {
				t.Fatalf("after 30 s, %d mailed orders, want %d with the newest settled: %+v", len(orders), sent, orders)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	send("4711", 3, 12)
	first := settled(1)
	if first.Status != o2c.OrderNeedsReview || len(first.Anomalies) != 1 || first.Anomalies[0].Code != o2c.AnomalyUnreadable {
		t.Fatalf("without a profile: %s with %+v, want UNREADABLE in review", first.Status, first.Anomalies)
	}

	profile := `{"name":"Kantine, Bestellliste","columns":{"buyer_sku":"Kennung","quantity":"Wieviel","description":"Was"}}`
	req := httptest.NewRequest(http.MethodPut, "/api/v1/customers/"+customer+"/sheet-profile", strings.NewReader(profile))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+secret)
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("PUT sheet profile: status %d, body %s", rec.Code, rec.Body)
	}

	send("4712", 4, 18)
	second := settled(2)
	if second.Status != o2c.OrderPosted || second.CustomerID != customer || second.PONumber != "4712" || second.Sender != from {
		t.Fatalf("with the profile: %s, customer %q, PO %q, sender %q, anomalies %+v; want posted for %s, PO 4712",
			second.Status, second.CustomerID, second.PONumber, second.Sender, second.Anomalies, customer)
	}
	var got []string
	for _, l := range second.Lines {
		got = append(got, l.SKU+" "+l.Quantity.String())
	}
	if strings.Join(got, ", ") != "BEV-1001 4, BEV-1046 18" {
		t.Fatalf("lines %q, want 4 of BEV-1001 and 18 of BEV-1046", got)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jhillyerd/enmime/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/edi/edifact"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/invoice"
	"github.com/o2c-project/o2c/invoice/facturx"
	"github.com/o2c-project/o2c/outmail"
	"github.com/o2c-project/o2c/outmail/smtptest"
)

// TestInvoiceDemo is issue 6's acceptance: in the demo, shipping an order produces an invoice in
// its customer's format, mailed to a real SMTP server, and visible in the customer's portal.
// Berliner Kantinen is invoiced in Factur-X, the Brasserie du Vieux Port in UBL. Their demo
// orders flow to the ERP; a delivery note for each (the app's shipping path) ships them; the
// invoice job issues each invoice, the send job mails it. The Factur-X attachment gives back its
// XML, the UBL one parses; both invoices are sent; Kantinen's portal user finds its invoice
// through the real handler, downloads it, and it becomes viewed.
func TestInvoiceDemo(t *testing.T) {
	t.Parallel()
	d := startInvoiceDemo(t)
	s, ctx, invoices := d.stack, t.Context(), d.invoices
	mails := invoiceMails(t, d.mail, 2)
	for _, c := range invoiceDemoCases {
		inv := invoices[c.po]
		if inv.Format != c.format || inv.Kind != o2c.KindInvoice || !strings.HasPrefix(inv.Number, "F") {
			t.Fatalf("%s: invoice %s in %s, want one in %s", c.po, inv.Number, inv.Format, c.format)
		}
		cust, err := s.masterData.Customer(ctx, c.customer)
		if err != nil {
			t.Fatal(err)
		}
		to := c.email
		if to == "" {
			to = cust.Email
		}
		// The ERP (the file connector) gets the invoice and the file the customer got, once.
		key := app.InvoiceIdempotencyKey(inv.ID)
		exported := waitFile(t, filepath.Join(s.outbox, key+".json"))
		var exp struct {
			Event   string       `json:"event"`
			Invoice *o2c.Invoice `json:"invoice"`
			File    string       `json:"file"`
		}
		if err := json.Unmarshal(exported, &exp); err != nil || exp.Event != "invoice_issued" || exp.Invoice.Number != inv.Number ||
			!strings.HasPrefix(exp.File, key+"-") {
			t.Errorf("%s: the ERP's invoice file %s (%v)", c.po, exported, err)
		} else if f, err := os.ReadFile(filepath.Join(s.outbox, exp.File)); err != nil || len(f) == 0 {
			t.Errorf("%s: the invoice file for the ERP %s: %v", c.po, exp.File, err)
		}
		env := mails[inv.Number]
		if env == nil {
			t.Fatalf("%s: no mail carries invoice %s", c.po, inv.Number)
		}
		if got := env.GetHeader("To"); !strings.Contains(got, to) {
			t.Errorf("%s: mailed to %q, want %s", c.po, got, to)
		}
		if len(env.Attachments) != 1 {
			t.Fatalf("%s: %d attachments", c.po, len(env.Attachments))
		}
		att := env.Attachments[0]
		xml := att.Content
		switch c.format {
		case o2c.FormatFacturX:
			if att.FileName != inv.Number+".pdf" || att.ContentType != "application/pdf" || !bytes.HasPrefix(att.Content, []byte("%PDF-")) {
				t.Fatalf("%s: attachment %q %s", c.po, att.FileName, att.ContentType)
			}
			if xml, err = facturx.ExtractXML(att.Content); err != nil {
				t.Fatalf("%s: the Factur-X attachment holds no XML: %v", c.po, err)
			}
			if !bytes.Contains(xml, []byte("CrossIndustryInvoice")) || !bytes.Contains(xml, []byte(string(invoice.ProfileEN16931))) {
				t.Errorf("%s: the embedded XML is not CII in the EN 16931 profile", c.po)
			}
		case o2c.FormatUBL:
			if att.FileName != inv.Number+"-ubl.xml" || !bytes.Contains(xml, []byte("<Invoice")) {
				t.Fatalf("%s: attachment %q", c.po, att.FileName)
			}
		}
		got, err := invoice.Parse(xml)
		if err != nil {
			t.Fatalf("%s: the attachment does not parse: %v", c.po, err)
		}
		if got.Number != inv.Number || !got.Totals.Payable.Equal(inv.AmountDue) || got.PurchaseOrder != c.po ||
			got.Buyer.Name != cust.Name || got.Seller.Name != demoSeller().Name {
			t.Errorf("%s: the attachment reads %s %s PO %s from %s to %s, want %s %s", c.po, got.Number, got.Totals.Payable,
				got.PurchaseOrder, got.Seller.Name, got.Buyer.Name, inv.Number, inv.AmountDue)
		}
	}

	// Every format downloads, the EDI ones addressed from our GLN to the customer's.
	kgln, err := s.masterData.Customer(ctx, "C10014")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range o2c.InvoiceFormats {
		name, ct, body, err := s.invoices.Render(ctx, invoices["BKS-77812"].ID, string(f))
		if err != nil || len(body) == 0 || !strings.HasPrefix(name, invoices["BKS-77812"].Number) {
			t.Fatalf("download %s: %q %s (%v)", f, name, ct, err)
		}
		switch f {
		case o2c.FormatINVOIC:
			ic, err := edifact.Parse(body)
			if err != nil {
				t.Fatalf("INVOIC does not parse: %v\n%s", err, body)
			}
			if ic.Sender.ID != demoSeller().GLN || ic.Recipient.ID != kgln.GLN || len(ic.Messages) != 1 ||
				ic.Messages[0].Type != "INVOIC" || !bytes.Contains(body, []byte("BGM+380+"+invoices["BKS-77812"].Number)) {
				t.Errorf("INVOIC from %+v to %+v:\n%s", ic.Sender, ic.Recipient, body)
			}
		case o2c.Format810:
			ic, err := x12.Parse(body)
			if err != nil {
				t.Fatalf("810 does not parse: %v\n%s", err, body)
			}
			if ic.SenderID != demoSeller().GLN || ic.ReceiverID != kgln.GLN ||
				!bytes.Contains(body, []byte("*"+invoices["BKS-77812"].Number+"*")) {
				t.Errorf("810 from %s to %s:\n%s", ic.SenderID, ic.ReceiverID, body)
			}
		}
	}

	// Kantinen's buyer finds the invoice in the portal, through the real handler, and downloads it.
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	kantinen := invoices["BKS-77812"]
	browser := portalSignIn(t, srv.URL, demoPortalEmail, demoPortalPassword)
	list := httpGet(t, browser, srv.URL+"/portal/invoices")
	if !strings.Contains(list, fmt.Sprintf(`href="/portal/invoices/%d"`, kantinen.ID)) || !strings.Contains(list, kantinen.Number) ||
		strings.Contains(list, invoices["VP-2291"].Number) {
		t.Fatalf("the portal's invoices do not show %s alone:\n%s", kantinen.Number, list)
	}
	res, err := browser.Get(fmt.Sprintf("%s/portal/invoices/%d/download", srv.URL, kantinen.ID))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("portal download: %d %s (%v)", res.StatusCode, res.Header.Get("Content-Type"), err)
	}
	if xml, err := facturx.ExtractXML(pdf); err != nil || !bytes.Contains(xml, []byte(kantinen.Number)) {
		t.Fatalf("the portal's download carries no XML of %s: %v", kantinen.Number, err)
	}
	if inv, err := s.invoices.Invoice(ctx, kantinen.ID); err != nil || inv.Status != o2c.InvoiceViewed {
		t.Fatalf("after the portal download the invoice is %v (%v), want viewed", inv.Status, err)
	}
	// The other customer's invoice is not found there.
	if res, err := browser.Get(fmt.Sprintf("%s/portal/invoices/%d", srv.URL, invoices["VP-2291"].ID)); err != nil || res.StatusCode != http.StatusNotFound {
		t.Fatalf("another customer's invoice: %v %v", res.StatusCode, err)
	}
}

// invoiceDemoCase is a demo customer with its invoice format, and the demo order shipped for it.
type invoiceDemoCase struct {
	customer, po, email string
	format              o2c.InvoiceFormat
}

var invoiceDemoCases = []invoiceDemoCase{
	{"C10014", "BKS-77812", "", o2c.FormatFacturX},                             // Berliner Kantinen, by EDIFACT
	{"C10002", "VP-2291", "compta@brasserie-vieuxport.example", o2c.FormatUBL}, // Vieux Port, by the API
}

// invoiceDemo is the demo running with a real SMTP server, its two cases' orders shipped and
// their invoices sent.
type invoiceDemo struct {
	stack    *stack
	mail     *smtptest.Server
	invoices map[string]*o2c.Invoice // by PO number
}

// startInvoiceDemo runs the demo with the demo seller and a real SMTP server, sets the cases'
// invoice formats, sends the demo orders, ships the cases' orders with a delivery note each (the
// app's shipping path) and waits for their invoices to be sent.
func startInvoiceDemo(t *testing.T) *invoiceDemo {
	t.Helper()
	mailServer := smtptest.Start(t)
	out, err := outmail.ParseURL("smtp://"+mailServer.Addr+"?from=factures@comptoir-lyonnais.example&tls=none", "")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := runningStack(t, stackParams{inbox: "-", smtp: &out, workers: 8, zone: "Europe/Paris", seller: demoSeller()})
	ctx := t.Context()
	for _, c := range invoiceDemoCases {
		if _, err := s.invoices.SaveSettings(ctx, o2c.InvoicingSettings{CustomerID: c.customer, Mode: o2c.InvoicePerOrder,
			Format: c.format, Email: c.email, Reminders: true}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ensureDemoPortalUser(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := sendDemoOrders(ctx, s.orders, demo.Orders(cal.DateIn(time.Now(), s.orders.Location))); err != nil {
		t.Fatal(err)
	}
	d := &invoiceDemo{stack: s, mail: mailServer, invoices: map[string]*o2c.Invoice{}}
	for _, c := range invoiceDemoCases {
		o := orderByPO(t, s, c.po)
		if o.Status != o2c.OrderPosted && o.Status != o2c.OrderConfirmed {
			t.Fatalf("demo order %s is %s, want it posted to the ERP", c.po, o.Status)
		}
		note := fmt.Sprintf(`{"document_type":"delivery_note","po_number":%q,"lines":[{"supplier_sku":"%s","quantity":"%s"}],
			"delivery":{"document_number":"BL-%s","shipped_date":"%s"}}`, c.po, o.Lines[0].SKU, o.Lines[0].Quantity, c.po,
			cal.DateIn(time.Now(), s.orders.Location))
		if _, err := s.orders.Receive(ctx, app.ReceiveParams{Channel: o2c.ChannelFolder, Filename: "bl-" + c.po + ".json",
			Content: []byte(note), Actor: "folder"}); err != nil {
			t.Fatal(err)
		}
		d.invoices[c.po] = waitInvoiceSent(t, s, o.ID)
	}
	return d
}

// orderByPO finds the demo order of a PO number.
func orderByPO(t *testing.T, s *stack, po string) *o2c.Order {
	t.Helper()
	list, _, err := s.orders.List(t.Context(), o2c.OrderFilter{PONumber: po, Limit: 5})
	if err != nil || len(list) == 0 {
		t.Fatalf("find demo order %s: %d found (%v)", po, len(list), err)
	}
	return list[len(list)-1] // the first received, should a later one repeat the number
}

// waitInvoiceSent waits for the invoice of an order to be sent, and returns it.
func waitInvoiceSent(t *testing.T, s *stack, orderID int64) *o2c.Invoice {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		list, _, err := s.invoices.List(t.Context(), o2c.InvoiceFilter{OrderID: orderID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 1 && list[0].Status == o2c.InvoiceSent {
			return list[0]
		}
		if time.Now().After(deadline) {
			o, _ := s.orders.Order(t.Context(), orderID)
			if len(list) == 1 {
				t.Fatalf("order %d (%s): invoice %s is %s: %s %v", orderID, o.Status, list[0].Number, list[0].Status, list[0].Reason, list[0].Faults)
			}
			t.Fatalf("order %d is %s and has no invoice", orderID, o.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// invoiceMails waits for n mails that carry an invoice and maps them by the invoice's number
// (their subject names it); order confirmations mailed meanwhile are left aside.
func invoiceMails(t *testing.T, srv *smtptest.Server, n int) map[string]*enmime.Envelope {
	t.Helper()
	number := regexp.MustCompile(`^Invoice (\S+) from `)
	deadline := time.Now().Add(30 * time.Second)
	for {
		out := map[string]*enmime.Envelope{}
		for _, m := range srv.Mails() {
			env, err := enmime.ReadEnvelope(bytes.NewReader(m.Data))
			if err != nil {
				t.Fatalf("read a mail: %v", err)
			}
			if sub := number.FindStringSubmatch(env.GetHeader("Subject")); sub != nil {
				out[sub[1]] = env
			}
		}
		if len(out) >= n {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d invoice mails, want %d", len(out), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// portalSignIn signs in to the portal through its form, as a browser does, and returns the
// browser: a client with the session cookie.
func portalSignIn(t *testing.T, base, email, password string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	form := httpGet(t, c, base+"/portal/login")
	token := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(form)
	if token == nil {
		t.Fatalf("no CSRF token on the sign-in form:\n%s", form)
	}
	res, err := c.PostForm(base+"/portal/login", url.Values{"csrf_token": {token[1]}, "email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/portal/" {
		t.Fatalf("sign in: %d at %s", res.StatusCode, res.Request.URL)
	}
	return c
}

func httpGet(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d (%v)", u, res.StatusCode, err)
	}
	return string(b)
}

// waitFile waits for a file to appear, and returns its content.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := os.ReadFile(path)
		if err == nil {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not appear: %v", path, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

package app_test

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// otherCustomer is a second demo customer, for isolation.
const otherCustomer = "C10002" // Brasserie du Vieux Port SAS

type portalBundle struct {
	*bundle
	portal *app.Portal
	a, b   *o2c.PortalUser // of cleanCustomer and of otherCustomer
}

func setupPortal(t *testing.T) *portalBundle {
	t.Helper()
	b := setup(t)
	p := app.NewPortal(b.orders, nil)
	p.Params = cheap
	p.Limiter.Now = p.Now
	pb := &portalBundle{bundle: b, portal: p}
	var err error
	if pb.a, _, err = p.CreateUser(t.Context(), app.CreatePortalUserParams{CustomerID: cleanCustomer, Email: "buyer@kantinen.example",
		Password: "portal password one", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if pb.b, _, err = p.CreateUser(t.Context(), app.CreatePortalUserParams{CustomerID: otherCustomer, Email: "chef@bistrot.example",
		Password: "portal password two", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	return pb
}

// line is a line of product sku that keeps its rules.
func (pb *portalBundle) line(t *testing.T, sku string, n int) app.PortalLine {
	t.Helper()
	return app.PortalLine{SKU: sku, Quantity: validQty(t, pb.product(t, sku), n)}
}

func (pb *portalBundle) place(t *testing.T, u *o2c.PortalUser, po string) *o2c.Order {
	t.Helper()
	orders, err := pb.portal.PlaceOrder(t.Context(), u, app.PlaceOrderParams{PONumber: po, RequestedDeliveryDate: today.AddDays(7),
		Lines: []app.PortalLine{pb.line(t, skuMinQty, 0), pb.line(t, skuPack, 1)}})
	if err != nil {
		t.Fatalf("place %s: %v", po, err)
	}
	if len(orders) != 1 {
		t.Fatalf("place %s: %d orders", po, len(orders))
	}
	return orders[0]
}

// TestPortalPlaceOrder places an order as the customer and finds it verified for that customer,
// with the customer's own item codes and the line facts from master data.
func TestPortalPlaceOrder(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	o := pb.place(t, pb.a, "PORTAL-1")
	if o.Channel != o2c.ChannelPortal || o.Sender != cleanCustomer || o.CustomerID != cleanCustomer || o.Status != o2c.OrderApproved {
		t.Fatalf("portal order: channel %s, sender %s, customer %s, status %s, anomalies %v", o.Channel, o.Sender, o.CustomerID, o.Status, o.Anomalies)
	}
	if len(o.Lines) != 2 || o.Lines[0].SKU != skuMinQty || o.Lines[1].BuyerSKU != "471100140" || !o.Lines[0].UnitPrice.IsPositive() {
		t.Fatalf("lines %+v", o.Lines)
	}
	if o.Draft.Buyer.VATID != pb.customer(t, cleanCustomer).VATID || !strings.Contains(o.Draft.Notes, "buyer@kantinen.example") {
		t.Fatalf("draft buyer %+v, notes %q", o.Draft.Buyer, o.Draft.Notes)
	}
	doc, err := pb.orders.Document(t.Context(), o.DocumentID)
	if err != nil || doc.Channel != o2c.ChannelPortal || !strings.Contains(string(doc.Content), `"po_number": "PORTAL-1"`) {
		t.Fatalf("original %v: %+v", err, doc)
	}

	// One form sent twice is one order.
	form := app.PlaceOrderParams{PONumber: "PORTAL-2", Lines: []app.PortalLine{pb.line(t, skuMinQty, 2)}, FormID: app.NewFormID()}
	first, err := pb.portal.PlaceOrder(t.Context(), pb.a, form)
	if err != nil {
		t.Fatal(err)
	}
	again, err := pb.portal.PlaceOrder(t.Context(), pb.a, form)
	if err != nil || again[0].ID != first[0].ID {
		t.Fatalf("the same form again: %v, order %d then %d", err, first[0].ID, again[0].ID)
	}
}

func TestPortalPlaceOrderFaults(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	pack := pb.product(t, skuPack)
	minQty := pb.product(t, skuMinQty)
	for _, tt := range []struct {
		name string
		p    app.PlaceOrderParams
		path string
	}{
		{"NoLines", app.PlaceOrderParams{}, "lines"},
		{"UnknownSKU", app.PlaceOrderParams{Lines: []app.PortalLine{{SKU: "NOPE-1", Quantity: decimal.NewFromInt(1)}}}, "lines[0].sku"},
		{"ZeroQuantity", app.PlaceOrderParams{Lines: []app.PortalLine{{SKU: skuPack, Quantity: decimal.Zero}}}, "lines[0].quantity"},
		{"PackSize", app.PlaceOrderParams{Lines: []app.PortalLine{{SKU: skuPack, Quantity: pack.PackSize.Add(decimal.NewFromInt(1))}}}, "lines[0].quantity"},
		{"MinQuantity", app.PlaceOrderParams{Lines: []app.PortalLine{{SKU: skuMinQty, Quantity: minQty.MinOrderQty.Sub(decimal.NewFromInt(1))}}}, "lines[0].quantity"},
		{"PastDate", app.PlaceOrderParams{RequestedDeliveryDate: today.AddDays(-1), Lines: []app.PortalLine{pb.line(t, skuPack, 0)}}, "requested_delivery_date"},
		{"OtherShipTo", app.PlaceOrderParams{ShipToID: "99", Lines: []app.PortalLine{pb.line(t, skuPack, 0)}}, "ship_to"},
		{"LongPO", app.PlaceOrderParams{PONumber: strings.Repeat("9", 36), Lines: []app.PortalLine{pb.line(t, skuPack, 0)}}, "po_number"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pb.portal.PlaceOrder(t.Context(), pb.a, tt.p)
			wantCode(t, err, o2c.CodeInvalid)
			if f := o2c.ErrorFaults(err); len(f) != 1 || f[0].Path != tt.path {
				t.Fatalf("faults %+v, want one at %s", f, tt.path)
			}
		})
	}
	if n := pb.orderCount(t); n != 0 {
		t.Fatalf("refused forms stored %d orders", n)
	}
}

func (b *bundle) orderCount(t *testing.T) int {
	t.Helper()
	st, err := b.orders.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return st.Total
}

// TestPortalIsolation: a portal user sees only its customer's orders and documents; another
// customer's order is "not found", never "forbidden".
func TestPortalIsolation(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	mine := pb.place(t, pb.a, "MINE-1")
	theirs := pb.place(t, pb.b, "THEIRS-1")
	byMail := pb.approvedOrder(t, "MINE-MAIL", 5) // the clean customer's order by another channel
	if theirs.CustomerID != otherCustomer {
		t.Fatalf("the other customer's order is resolved to %q", theirs.CustomerID)
	}

	list, total, err := pb.portal.ListOrders(t.Context(), pb.a, o2c.CustomerOrderFilter{CustomerID: otherCustomer})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, o := range list {
		got = append(got, o.ID)
	}
	if want := []int64{byMail.ID, mine.ID}; total != 2 || !slices.Equal(got, want) {
		t.Fatalf("A lists %v of %d, want %v (a filter naming another customer is ignored)", got, total, want)
	}
	if _, err := pb.portal.Order(t.Context(), pb.a, theirs.ID); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("A reads B's order: %v", err)
	}
	if _, err := pb.portal.Document(t.Context(), pb.a, theirs.ID, app.RefOriginal); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("A downloads B's original: %v", err)
	}
	if _, err := pb.portal.Document(t.Context(), pb.b, mine.ID, app.RefOriginal); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("B downloads A's original: %v", err)
	}
	d, err := pb.portal.Document(t.Context(), pb.a, mine.ID, app.RefOriginal)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(d.Content)
	if !strings.Contains(string(body), "MINE-1") {
		t.Fatalf("A's original: %.200s", body)
	}

	// A file naming the other customer as buyer is still placed for the user's own customer.
	csv := "buyer_vat_id,buyer_name,po_number,sku,quantity\n" + pb.customer(t, otherCustomer).VATID + ",Brasserie du Vieux Port SAS,FORGED-1," +
		skuMinQty + "," + pb.line(t, skuMinQty, 3).Quantity.String() + "\n"
	up, err := pb.portal.Upload(t.Context(), pb.a, "order.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	if o := up.Orders[0]; o.CustomerID != cleanCustomer || o.PONumber != "FORGED-1" {
		t.Fatalf("uploaded order is customer %q, PO %q", o.CustomerID, o.PONumber)
	}
	// The same file from another customer is that customer's own order, not the first one's.
	up2, err := pb.portal.Upload(t.Context(), pb.b, "order.csv", []byte(csv))
	if err != nil || !up2.Created || up2.Orders[0].ID == up.Orders[0].ID || up2.Orders[0].CustomerID != otherCustomer {
		t.Fatalf("the same file from B: %v, %+v", err, up2)
	}
}

// TestPortalUpload accepts CSV and XLSX by content, refuses anything else with the reason, and
// receives a re-upload once.
func TestPortalUpload(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	csv := []byte("po_number,sku,quantity\nUP-1," + skuPack + "," + pb.line(t, skuPack, 0).Quantity.String() + "\n")
	up, err := pb.portal.Upload(t.Context(), pb.a, `C:\orders\march.txt`, csv)
	if err != nil {
		t.Fatal(err)
	}
	if !up.Created || len(up.Orders) != 1 || up.Orders[0].PONumber != "UP-1" || len(up.Drafts) != 1 || up.Drafts[0].Lines[0].SupplierSKU != skuPack {
		t.Fatalf("upload: %+v", up)
	}
	doc, err := pb.orders.Document(t.Context(), up.Orders[0].DocumentID)
	if err != nil || doc.Filename != "march.txt" || doc.ContentType != "text/csv" {
		t.Fatalf("stored %v: %q %q", err, doc.Filename, doc.ContentType)
	}
	again, err := pb.portal.Upload(t.Context(), pb.a, "march-again.csv", csv)
	if err != nil || again.Created || again.Orders[0].ID != up.Orders[0].ID {
		t.Fatalf("re-upload: %v, %+v", err, again)
	}

	for _, tt := range []struct {
		name, file, content string
		code                o2c.Code
		says                string
	}{
		{"PDF", "order.csv", "%PDF-1.7\n...", o2c.CodeInvalid, "is a PDF"},
		{"OldExcel", "order.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", o2c.CodeInvalid, ".xls"},
		{"Zip", "order.xlsx", "PK\x03\x04garbage", o2c.CodeInvalid, "no Excel workbook"},
		{"JSON", "order.csv", `{"po_number":"X"}`, o2c.CodeInvalid, "JSON"},
		{"Binary", "order.csv", "\x01\x02\x03\x04\x05abc", o2c.CodeInvalid, "not a text file"},
		{"Empty", "order.csv", "  \n", o2c.CodeInvalid, "empty"},
		{"NoOrder", "order.csv", "hello,world\nfoo,bar\n", o2c.CodeInvalid, "could not be read"},
		{"TooLarge", "order.csv", strings.Repeat("a,b\n", app.MaxUploadBytes/4+1), o2c.CodeTooLarge, "10 MB"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pb.portal.Upload(t.Context(), pb.a, tt.file, []byte(tt.content))
			wantCode(t, err, tt.code)
			if !strings.Contains(o2c.ErrorMessage(err), tt.says) {
				t.Fatalf("message %q does not say %q", o2c.ErrorMessage(err), tt.says)
			}
		})
	}
	if n := pb.orderCount(t); n != 1 {
		t.Fatalf("%d orders stored, want only the first upload's", n)
	}
}

// TestPortalOrderTimeline follows an order to the ERP: the customer sees the stages with their
// times, and can download the confirmation even though none was mailed.
func TestPortalOrderTimeline(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	o := pb.place(t, pb.a, "TL-1")
	co, err := pb.portal.Order(t.Context(), pb.a, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if co.Stage != app.StageAccepted || stages(co.Steps) != "received accepted" || len(co.Documents) != 1 || co.Documents[0].Ref != app.RefOriginal {
		t.Fatalf("accepted order: stage %s, steps %s, documents %+v", co.Stage, stages(co.Steps), co.Documents)
	}
	if _, err := pb.portal.Document(t.Context(), pb.a, o.ID, app.RefConfirmation); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("confirmation of an order not yet taken: %v", err)
	}
	if err := pb.orders.PostOrder(t.Context(), o.ID); err != nil {
		t.Fatal(err)
	}
	co, err = pb.portal.Order(t.Context(), pb.a, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if co.Stage != app.StageConfirmed || stages(co.Steps) != "received accepted confirmed" || !co.Steps[2].At.Equal(now) {
		t.Fatalf("posted order: stage %s, steps %+v", co.Stage, co.Steps)
	}
	if len(co.Documents) != 2 || co.Documents[1].Ref != app.RefConfirmation {
		t.Fatalf("documents %+v", co.Documents)
	}
	d, err := pb.portal.Document(t.Context(), pb.a, o.ID, app.RefConfirmation)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(d.Content)
	if d.ContentType != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF") || !strings.HasSuffix(d.FileName, ".pdf") {
		t.Fatalf("confirmation %s %s: %.20q", d.FileName, d.ContentType, pdf)
	}
	if _, err := pb.portal.Document(t.Context(), pb.b, o.ID, app.RefConfirmation); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("B downloads A's confirmation: %v", err)
	}
}

func stages(steps []app.Step) string {
	var s []string
	for _, st := range steps {
		s = append(s, string(st.Stage))
	}
	return strings.Join(s, " ")
}

// TestPortalSignIn opens a portal session that only the portal accepts, and ends it.
func TestPortalSignIn(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	ctx := t.Context()
	if _, err := pb.portal.Login(ctx, app.LoginParams{Email: "buyer@kantinen.example", Password: "wrong", IP: "192.0.2.1"}); o2c.ErrorCode(err) != o2c.CodeUnauthorized {
		t.Fatalf("wrong password: %v", err)
	}
	login, err := pb.portal.Login(ctx, app.LoginParams{Email: "Buyer@Kantinen.example", Password: "portal password one", IP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	u, sess, err := pb.portal.Session(ctx, login.Token)
	if err != nil || u.ID != pb.a.ID || u.CustomerID != cleanCustomer || sess.CSRFToken != login.CSRF {
		t.Fatalf("session: %v, %+v", err, u)
	}
	// A portal token is no staff session.
	if _, _, err := app.NewUsers(pb.store).Session(ctx, login.Token); o2c.ErrorCode(err) != o2c.CodeUnauthorized {
		t.Fatalf("a portal token opened a staff session: %v", err)
	}
	// Changing the password ends the sessions.
	err = pb.portal.ChangePassword(ctx, u, "not it", "a new long password", "192.0.2.1")
	if f := o2c.ErrorFaults(err); len(f) != 1 || f[0].Path != "current" {
		t.Fatalf("wrong current password: %v", err)
	}
	if err := pb.portal.ChangePassword(ctx, u, "portal password one", "a new long password", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := pb.portal.Session(ctx, login.Token); o2c.ErrorCode(err) != o2c.CodeUnauthorized {
		t.Fatalf("session after a password change: %v", err)
	}
	// A disabled user cannot sign in.
	if _, err := pb.portal.SetDisabled(ctx, pb.a.ID, true, "test"); err != nil {
		t.Fatal(err)
	}
	_, err = pb.portal.Login(ctx, app.LoginParams{Email: "buyer@kantinen.example", Password: "a new long password", IP: "192.0.2.2"})
	if o2c.ErrorCode(err) != o2c.CodeUnauthorized {
		t.Fatalf("disabled user signs in: %v", err)
	}
	// Five failures lock the account.
	for range 5 {
		_, _ = pb.portal.Login(ctx, app.LoginParams{Email: "chef@bistrot.example", Password: "guess", IP: "192.0.2.3"})
	}
	_, err = pb.portal.Login(ctx, app.LoginParams{Email: "chef@bistrot.example", Password: "portal password two", IP: "192.0.2.3"})
	if !errors.Is(err, app.ErrTooManyAttempts) {
		t.Fatalf("sixth attempt: %v", err)
	}
}

// TestPortalSearchProducts finds articles by our code, the customer's own code and words of the
// description, with the customer's agreed price.
func TestPortalSearchProducts(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	ctx := t.Context()
	got, err := pb.portal.SearchProducts(ctx, pb.a, "471100140", 10)
	if err != nil || len(got) != 1 || got[0].SKU != skuPack || got[0].CustomerSKU != "471100140" {
		t.Fatalf("by the customer's code: %v %+v", err, got)
	}
	if got, _ := pb.portal.SearchProducts(ctx, pb.b, "471100140", 10); len(got) != 0 {
		t.Fatalf("another customer finds A's own code: %+v", got)
	}
	p := pb.product(t, skuPack)
	word := strings.Fields(strings.ToLower(p.Description))[0]
	got, err = pb.portal.SearchProducts(ctx, pb.a, strings.ToUpper(word), 50)
	if err != nil || !slices.ContainsFunc(got, func(x app.PortalProduct) bool { return x.SKU == skuPack }) {
		t.Fatalf("by %q: %v %+v", word, err, got)
	}
	// An agreed price of the other customer's is its own, not the list price.
	var agreed *o2c.CustomerPrice
	for i, cp := range pb.master.CustomerPrices {
		if cp.CustomerID == otherCustomer && cp.Covers(today) {
			agreed = &pb.master.CustomerPrices[i]
		}
	}
	if agreed == nil {
		t.Skip("the demo has no agreed price for the other customer")
	}
	v, err := pb.portal.Product(ctx, pb.b, agreed.SKU)
	if err != nil || !v.Agreed || !v.Price.Equal(agreed.UnitPrice) {
		t.Fatalf("agreed price of %s: %v %+v, want %s", agreed.SKU, err, v, agreed.UnitPrice)
	}
	if v, _ := pb.portal.Product(ctx, pb.a, agreed.SKU); v.Agreed && v.Price.Equal(agreed.UnitPrice) {
		t.Fatalf("A gets B's agreed price: %+v", v)
	}
}

package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/demo"
)

// portalBundle is the API bundle with the demo master data, the customer portal (cheap password
// hashes) and one portal user for each of two customers.
type portalBundle struct {
	*uiBundle
	portal *app.Portal
	a, b   *o2c.PortalUser
}

const (
	portalCustomerA = "C10014" // Berliner Kantinen Service GmbH
	portalCustomerB = "C10002" // Brasserie du Vieux Port SAS
	portalSKU       = "BEV-1054"
)

func setupPortal(t *testing.T) *portalBundle {
	t.Helper()
	var svc *app.Portal
	var users *app.Users
	b := setup(t, func(c *Config) {
		svc = app.NewPortal(c.Orders, nil)
		svc.Params = app.PasswordParams{Memory: 64, Time: 1, Threads: 1}
		c.Portal = svc
		// Above the portal's own upload limit, so that the portal's answer is what is tested.
		c.MaxBodyBytes = 2 * app.MaxUploadBytes
		users = app.NewUsers(c.Orders.Store)
		users.Params = svc.Params
		c.Users = users
	})
	if _, err := b.md.Upsert(context.Background(), demo.MasterData(), "test"); err != nil {
		t.Fatal(err)
	}
	pb := &portalBundle{uiBundle: &uiBundle{bundle: b, users: users, ids: map[o2c.Role]int64{}}, portal: svc}
	if _, _, err := users.Create(context.Background(), app.CreateUserParams{Email: "admin@example.com", Role: o2c.RoleAdmin, Password: uiPassword}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		user     **o2c.PortalUser
		customer string
	}{{&pb.a, portalCustomerA}, {&pb.b, portalCustomerB}} {
		u, _, err := svc.CreateUser(context.Background(), app.CreatePortalUserParams{CustomerID: c.customer,
			Email: strings.ToLower(c.customer) + "@buyer.example", Password: uiPassword})
		if err != nil {
			t.Fatal(err)
		}
		*c.user = u
	}
	return pb
}

// portalSession signs a portal user in and returns the cookie's value and the CSRF token.
func (pb *portalBundle) portalSession(u *o2c.PortalUser) (token, csrf string) {
	pb.t.Helper()
	res, err := pb.portal.Login(context.Background(), app.LoginParams{Email: u.Email, Password: uiPassword, IP: "192.0.2.7"})
	if err != nil {
		pb.t.Fatal(err)
	}
	return res.Token, res.CSRF
}

// portalGet sends a request with a portal session cookie.
func (pb *portalBundle) portalGet(r uiRequest, token string) *httptest.ResponseRecorder {
	pb.t.Helper()
	if token != "" {
		r.cookies = append(r.cookies, &http.Cookie{Name: portalSessionCookie, Value: token})
	}
	return pb.get(r)
}

// place places an order for u through the app and returns it.
func (pb *portalBundle) place(u *o2c.PortalUser, po string) *o2c.Order {
	pb.t.Helper()
	orders, err := pb.portal.PlaceOrder(context.Background(), u, app.PlaceOrderParams{PONumber: po,
		Lines: []app.PortalLine{{SKU: portalSKU, Quantity: decimal.RequireFromString("10")}}})
	if err != nil {
		pb.t.Fatal(err)
	}
	return orders[0]
}

// TestPortalIsolationRoutes walks every route of the portal's table that names something by id,
// as customer A with customer B's ids: each must answer 404 (never 403, which would tell the id
// exists), and with A's own ids 200. The list comes from the table, so no new route escapes it,
// and a path value the test does not know how to fill fails it.
func TestPortalIsolationRoutes(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	mine, theirs := pb.place(pb.a, "A-1"), pb.place(pb.b, "B-1")
	token, csrf := pb.portalSession(pb.a)
	wildcard := regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)
	fill := map[string]func(id int64) string{
		"id":  func(id int64) string { return fmt.Sprint(id) },
		"ref": func(int64) string { return app.RefOriginal },
	}
	invoices := pb.invoicesFor(mine, theirs) // an invoice of each order's customer (portal_invoices_test.go)
	fill["invoice"] = func(id int64) string { return fmt.Sprint(invoices[id]) }
	checked := 0
	for _, rt := range (&portal{}).routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		names := wildcard.FindAllStringSubmatch(path, -1)
		if len(names) == 0 || path == portalPrefix+"/static/{file}" || strings.HasSuffix(path, "{$}") {
			continue
		}
		if rt.access != customer {
			t.Errorf("route %q names something by id but is open to anyone", rt.pattern)
			continue
		}
		for _, n := range names {
			if fill[n[1]] == nil {
				t.Fatalf("route %q has the path value {%s}: teach this test how to fill it with another customer's id", rt.pattern, n[1])
			}
		}
		with := func(id int64) string {
			return wildcard.ReplaceAllStringFunc(path, func(m string) string { return fill[wildcard.FindStringSubmatch(m)[1]](id) })
		}
		t.Run(rt.pattern, func(t *testing.T) {
			r := uiRequest{method: method, path: with(theirs.ID), header: map[string]string{csrfHeader: csrf}}
			if method == http.MethodPost {
				r.form = url.Values{}
			}
			if rec := pb.portalGet(r, token); rec.Code != http.StatusNotFound {
				t.Fatalf("%s %s with B's id: status %d, want 404", method, r.path, rec.Code)
			}
			r.path = with(mine.ID)
			if rec := pb.portalGet(r, token); rec.Code != http.StatusOK {
				t.Fatalf("%s %s with A's own id: status %d, want 200; %.300s", method, r.path, rec.Code, rec.Body)
			}
		})
		checked++
	}
	if checked < 2 {
		t.Fatalf("only %d routes with ids were walked", checked)
	}
	// The list shows A's order only.
	doc := htmlOf(t, pb.portalGet(uiRequest{path: "/portal/"}, token))
	if rows := doc.Find("#results tbody tr"); rows.Length() != 1 || !strings.Contains(rows.Text(), "A-1") {
		t.Fatalf("A's list: %q", rows.Text())
	}
}

// TestPortalSessionsApart: a portal session opens neither the staff app nor the API, a staff
// session does not open the portal, and an anonymous visitor is sent to the portal's sign-in.
func TestPortalSessionsApart(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	portalToken, _ := pb.portalSession(pb.a)
	staff, err := pb.users.Login(context.Background(), app.LoginParams{Email: "admin@example.com", Password: uiPassword, IP: "192.0.2.8"})
	if err != nil {
		t.Fatal(err)
	}
	toLogin := func(rec *httptest.ResponseRecorder, prefix string) bool {
		return rec.Code == http.StatusSeeOther && strings.HasPrefix(rec.Header().Get("Location"), prefix+"/login")
	}
	if rec := pb.get(uiRequest{path: "/ui/", session: portalToken}); !toLogin(rec, "/ui") {
		t.Fatalf("a portal token as the staff cookie: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := pb.get(uiRequest{path: "/ui/", cookies: []*http.Cookie{{Name: portalSessionCookie, Value: portalToken}}}); !toLogin(rec, "/ui") {
		t.Fatalf("the portal cookie at /ui: %d", rec.Code)
	}
	if rec := pb.portalGet(uiRequest{path: "/portal/"}, staff.Token); !toLogin(rec, "/portal") {
		t.Fatalf("a staff token as the portal cookie: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := pb.get(uiRequest{path: "/portal/", session: staff.Token}); !toLogin(rec, "/portal") {
		t.Fatalf("the staff cookie at /portal: %d", rec.Code)
	}
	for _, h := range []map[string]string{{"Authorization": "Bearer " + portalToken}, {"Cookie": portalSessionCookie + "=" + portalToken}} {
		if rec := pb.do(request{method: "GET", path: "/api/v1/orders", header: h}); rec.Code != http.StatusUnauthorized {
			t.Fatalf("the API with a portal session %v: %d", h, rec.Code)
		}
	}
	// Still valid where it belongs.
	if rec := pb.portalGet(uiRequest{path: "/portal/"}, portalToken); rec.Code != http.StatusOK {
		t.Fatalf("the portal with its own session: %d", rec.Code)
	}
	// Every route that needs a customer sends an anonymous visitor to sign in.
	for _, rt := range (&portal{}).routes() {
		if rt.access != customer {
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = strings.NewReplacer("{id}", "1", "{ref}", "original", "{$}", "").Replace(path)
		r := uiRequest{method: method, path: path}
		if method == http.MethodPost {
			r.form = url.Values{}
		}
		if rec := pb.get(r); !toLogin(rec, "/portal") {
			t.Errorf("anonymous %s %s: %d %q", method, path, rec.Code, rec.Header().Get("Location"))
		}
	}
}

// TestPortalSignIn signs in through the form: the double-submit token, a wrong password, the
// cookie's attributes (Strict, HttpOnly, path /portal), and signing out.
func TestPortalSignIn(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	rec := pb.get(uiRequest{path: "/portal/login?next=%2Fportal%2Fnew"})
	doc := htmlOf(t, rec)
	token, _ := doc.Find(`form[action="/portal/login"] input[name=csrf_token]`).Attr("value")
	c := cookieNamed(rec, portalLoginCSRFCookie)
	if token == "" || c == nil || c.Value != token || c.SameSite != http.SameSiteStrictMode || c.Path != "/portal" {
		t.Fatalf("sign-in form token %q, cookie %+v", token, c)
	}
	form := url.Values{"csrf_token": {token}, "email": {pb.a.Email}, "password": {"wrong password!"}, "next": {"/portal/new"}}
	rec = pb.get(uiRequest{method: "POST", path: "/portal/login", form: form, cookies: []*http.Cookie{c}})
	if rec.Code != http.StatusUnauthorized || strings.TrimSpace(htmlOf(t, rec).Find(".alert-error").Text()) != "wrong e-mail or password" {
		t.Fatalf("wrong password: %d", rec.Code)
	}
	form.Set("password", uiPassword)
	// A staff login is no portal login.
	staffForm := url.Values{"csrf_token": {token}, "email": {"admin@example.com"}, "password": {uiPassword}}
	if rec := pb.get(uiRequest{method: "POST", path: "/portal/login", form: staffForm, cookies: []*http.Cookie{c}}); rec.Code != http.StatusUnauthorized {
		t.Fatalf("staff credentials at the portal: %d", rec.Code)
	}
	rec = pb.get(uiRequest{method: "POST", path: "/portal/login", form: form, cookies: []*http.Cookie{c}})
	s := cookieNamed(rec, portalSessionCookie)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/portal/new" || s == nil {
		t.Fatalf("sign in: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if !s.HttpOnly || s.SameSite != http.SameSiteStrictMode || s.Path != "/portal" || s.Secure {
		t.Fatalf("session cookie %+v", s)
	}
	req := httptest.NewRequest("POST", "https://example.com/portal/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.AddCookie(c)
	tls := httptest.NewRecorder()
	pb.handler.ServeHTTP(tls, req)
	if s := cookieNamed(tls, portalSessionCookie); s == nil || !s.Secure {
		t.Fatalf("over TLS the cookie is not Secure: %+v", s)
	}

	doc = htmlOf(t, pb.portalGet(uiRequest{path: "/portal/"}, s.Value))
	tabs := doc.Find("nav.nav a").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if strings.Join(tabs, ",") != "My orders,New order,Upload order,Invoices" || !strings.Contains(doc.Find(".usermenu").Text(), "Berliner Kantinen") {
		t.Fatalf("tabs %v, menu %q", tabs, doc.Find(".usermenu").Text())
	}
	logout, _ := doc.Find(`form[action="/portal/logout"] input[name=csrf_token]`).Attr("value")
	rec = pb.portalGet(uiRequest{method: "POST", path: "/portal/logout", form: url.Values{"csrf_token": {logout}}}, s.Value)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", rec.Code)
	}
	if rec := pb.portalGet(uiRequest{path: "/portal/"}, s.Value); rec.Code != http.StatusSeeOther {
		t.Fatalf("after sign-out: %d", rec.Code)
	}
}

// TestPortalCSRF refuses a state-changing request without the session's token, with another
// session's, or from another site.
func TestPortalCSRF(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	token, csrf := pb.portalSession(pb.a)
	_, otherCSRF := pb.portalSession(pb.b)
	form := func() url.Values {
		return url.Values{"po_number": {"CSRF-1"}, "sku": {portalSKU}, "qty": {"10"}, "form_id": {app.NewFormID()}}
	}
	for _, tt := range []struct {
		name   string
		header map[string]string
		field  bool
		want   int
	}{
		{"NoToken", nil, false, http.StatusForbidden},
		{"OtherSessionsToken", map[string]string{csrfHeader: otherCSRF}, false, http.StatusForbidden},
		{"CrossSite", map[string]string{csrfHeader: csrf, "Sec-Fetch-Site": "cross-site"}, false, http.StatusForbidden},
		{"OtherOrigin", map[string]string{csrfHeader: csrf, "Origin": "https://evil.example"}, false, http.StatusForbidden},
		{"Field", nil, true, http.StatusSeeOther},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := form()
			if tt.field {
				f.Set("csrf_token", csrf)
			}
			rec := pb.portalGet(uiRequest{method: "POST", path: "/portal/new", form: f, header: tt.header}, token)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d; %.300s", rec.Code, tt.want, rec.Body)
			}
		})
	}
	if n := pb.orderCount(); n != 1 {
		t.Fatalf("%d orders placed, want only the one with the token", n)
	}
}

// upload posts a file to the upload form.
func (pb *portalBundle) upload(token, csrf, name string, content []byte) *httptest.ResponseRecorder {
	pb.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", name)
	_, _ = part.Write(content)
	_ = w.Close()
	req := httptest.NewRequest("POST", "/portal/upload?csrf_token="+url.QueryEscape(csrf), &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: portalSessionCookie, Value: token})
	rec := httptest.NewRecorder()
	pb.handler.ServeHTTP(rec, req)
	return rec
}

// TestPortalUploadLimits takes a CSV and shows what was read; refuses a PDF and a file over the
// limit with a message a person understands, and an upload without the token.
func TestPortalUploadLimits(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	token, csrf := pb.portalSession(pb.a)
	csv := []byte("po_number,sku,quantity\nUP-7," + portalSKU + ",10\n")
	rec := pb.upload(token, csrf, "march.csv", csv)
	doc := htmlOf(t, rec)
	if rec.Code != http.StatusOK || !strings.Contains(doc.Find(".alert-ok").Text(), "received 1 order") ||
		!strings.Contains(doc.Find("section.card h2").Text(), "UP-7") || doc.Find("section.card tbody tr").Length() != 1 {
		t.Fatalf("upload: %d %q", rec.Code, doc.Find("main").Text())
	}
	for _, tt := range []struct {
		name, file string
		content    []byte
		status     int
		says       string
	}{
		{"PDF", "order.pdf", []byte("%PDF-1.4 ..."), http.StatusUnprocessableEntity, "is a PDF: upload a CSV file or an Excel workbook"},
		{"TooLarge", "big.csv", bytes.Repeat([]byte("a,b\n"), (app.MaxUploadBytes+128<<10)/4), http.StatusRequestEntityTooLarge, "larger than 10 MB"},
		{"Unreadable", "x.csv", []byte("hello,world\n1,2\n"), http.StatusUnprocessableEntity, "could not be read"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := pb.upload(token, csrf, tt.file, tt.content)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if msg := htmlOf(t, rec).Find(".alert-error").Text(); !strings.Contains(msg, tt.says) {
				t.Fatalf("message %q does not say %q", msg, tt.says)
			}
		})
	}
	if rec := pb.upload(token, "", "march.csv", csv); rec.Code != http.StatusForbidden {
		t.Fatalf("upload without the token: %d", rec.Code)
	}
	if n := pb.orderCount(); n != 1 {
		t.Fatalf("%d orders stored, want 1", n)
	}
}

// TestPortalNewOrder searches the catalogue as htmx does, adds a line, sends the form with a
// quantity that breaks the pack rules (the form comes back with the fault by the line), then a
// good one, and finds the order with its status.
func TestPortalNewOrder(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	token, csrf := pb.portalSession(pb.a)
	hx := map[string]string{"HX-Request": "true"}
	doc := htmlOf(t, pb.portalGet(uiRequest{path: "/portal/new/products?q=471100140", header: hx}, token))
	if got := doc.Find(".results li").Length(); got != 1 || !strings.Contains(doc.Find(".results").Text(), "your code 471100140") {
		t.Fatalf("search by the customer's code: %d results %q", got, doc.Text())
	}
	add, _ := doc.Find(".results button").Attr("hx-get")
	doc = htmlOf(t, pb.portalGet(uiRequest{path: add, header: hx}, token))
	sku, _ := doc.Find(`input[name=sku]`).Attr("value")
	step, _ := doc.Find(`input[name=qty]`).Attr("step")
	if sku != "BEV-1046" || step != "6" {
		t.Fatalf("line: sku %q, step %q", sku, step)
	}

	page := htmlOf(t, pb.portalGet(uiRequest{path: "/portal/new"}, token))
	formID, _ := page.Find(`input[name=form_id]`).Attr("value")
	if page.Find(`select[name=ship_to] option`).Length() == 0 || formID == "" {
		t.Fatal("the form has no delivery address or no form id")
	}
	form := url.Values{"csrf_token": {csrf}, "form_id": {formID}, "po_number": {"WEB-1"}, "sku": {sku}, "qty": {"7"}}
	rec := pb.portalGet(uiRequest{method: "POST", path: "/portal/new", form: form}, token)
	doc = htmlOf(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("tr.line .fault").Text(), "packs of 6") ||
		doc.Find(`tr.line input[name=qty]`).AttrOr("value", "") != "7" {
		t.Fatalf("pack rule: %d %q", rec.Code, doc.Find("main").Text())
	}
	form.Set("qty", "12")
	rec = pb.portalGet(uiRequest{method: "POST", path: "/portal/new", form: form}, token)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/portal/orders/") {
		t.Fatalf("place: %d %q", rec.Code, loc)
	}
	doc = htmlOf(t, pb.portalGet(uiRequest{path: loc}, token))
	if !strings.Contains(doc.Find("h1").Text(), "WEB-1") || strings.TrimSpace(doc.Find("h1 .badge").Text()) != "Accepted" ||
		doc.Find(".lines, table.grid tbody tr").Length() != 1 || doc.Find(".docs a").Length() != 1 {
		t.Fatalf("order page: %q", doc.Find("main").Text())
	}
	if doc.Find("[style]").Length() != 0 || doc.Find("script:not([src])").Length() != 0 {
		t.Fatal("inline style or script would break the CSP")
	}
	// Internal facts stay internal: no anomaly codes, no staff, no notes.
	if txt := doc.Find("main").Text(); strings.Contains(txt, "approved by the rules") || strings.Contains(txt, "Placed in the customer portal by") {
		t.Fatalf("the order page shows internal notes: %q", txt)
	}
	href, _ := doc.Find(".docs a").Attr("href")
	rec = pb.portalGet(uiRequest{path: href}, token)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") || !strings.Contains(rec.Body.String(), `"WEB-1"`) {
		t.Fatalf("download %s: %d %v", href, rec.Code, rec.Header())
	}
	// The same form again (a double click) is the same order.
	rec = pb.portalGet(uiRequest{method: "POST", path: "/portal/new", form: form}, token)
	if rec.Header().Get("Location") != loc {
		t.Fatalf("the form again went to %q, want %q", rec.Header().Get("Location"), loc)
	}
	doc = htmlOf(t, pb.portalGet(uiRequest{path: "/portal/?q=web", header: map[string]string{"HX-Request": "true", "HX-Target": "results"}}, token))
	if doc.Find("header.top").Length() != 0 || doc.Find("#results tbody tr").Length() != 1 ||
		strings.TrimSpace(doc.Find("#results .badge").Text()) != "Accepted" {
		t.Fatalf("htmx search: %q", doc.Text())
	}
}

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// uiBundle is the API bundle with the web app's users: one per role, and a user service whose
// password hashes are cheap, so that a test can sign in hundreds of times.
type uiBundle struct {
	*bundle
	users *app.Users
	ids   map[o2c.Role]int64
}

const uiPassword = "correct horse battery staple"

func setupUI(t *testing.T) *uiBundle {
	t.Helper()
	var users *app.Users
	b := setup(t, func(c *Config) {
		users = app.NewUsers(c.Orders.Store)
		users.Params = app.PasswordParams{Memory: 64, Time: 1, Threads: 1}
		users.Now = func() time.Time { return now }
		users.Limiter.Now = func() time.Time { return now }
		c.Users = users
	})
	u := &uiBundle{bundle: b, users: users, ids: map[o2c.Role]int64{}}
	for _, role := range o2c.Roles {
		user, _, err := users.Create(context.Background(), app.CreateUserParams{Email: string(role) + "@example.com",
			Role: role, Password: uiPassword, Actor: "test"})
		if err != nil {
			t.Fatal(err)
		}
		u.ids[role] = user.ID
	}
	return u
}

// session signs a user of the role in and returns the session cookie's value and CSRF token.
func (u *uiBundle) session(role o2c.Role) (token, csrf string) {
	u.t.Helper()
	res, err := u.users.Login(context.Background(), app.LoginParams{Email: string(role) + "@example.com", Password: uiPassword, IP: "192.0.2.9"})
	if err != nil {
		u.t.Fatalf("sign in as %s: %v", role, err)
	}
	return res.Token, res.CSRF
}

// page is one request of a browser: cookie, form, headers.
type uiRequest struct {
	method, path string
	session      string            // the session cookie's value
	form         url.Values        // a url-encoded body
	header       map[string]string //
	cookies      []*http.Cookie
}

func (u *uiBundle) get(r uiRequest) *httptest.ResponseRecorder {
	u.t.Helper()
	if r.method == "" {
		r.method = http.MethodGet
	}
	var req *http.Request
	if r.form != nil {
		req = httptest.NewRequest(r.method, r.path, strings.NewReader(r.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(r.method, r.path, http.NoBody)
	}
	if r.session != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.session})
	}
	for _, c := range r.cookies {
		req.AddCookie(c)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	u.handler.ServeHTTP(rec, req)
	return rec
}

func htmlOf(t *testing.T, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("Content-Type %q, want HTML; body %s", ct, rec.Body)
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestUIRoutesByRole walks every route of the web app as every role and as an anonymous visitor:
// each gets the page, is sent to sign in, or is refused with 403, and every answer carries the
// security headers. A route missing from the table fails the test.
func TestUIRoutesByRole(t *testing.T) {
	t.Parallel()
	u := setupUI(t)
	inReview := u.inReview("PO-ROUTES")
	orderID, docID := inReview.ID, inReview.DocumentID
	approveID := u.inReview("PO-ROUTES-APPROVE").ID
	invoiceID := u.anInvoice()
	statementID, bankTxID, disputeID := u.cashFixtures(invoiceID)
	victim, _, err := u.users.Create(context.Background(), app.CreateUserParams{Email: "victim@example.com",
		Role: o2c.RoleReadOnly, Password: uiPassword})
	if err != nil {
		t.Fatal(err)
	}

	const (
		anon = "anonymous"
		page = http.StatusOK
		see  = http.StatusSeeOther // a redirect to where the route sends everyone
		in   = -1                  // a redirect to the sign-in page
		no   = http.StatusForbidden

		invalid    = http.StatusUnprocessableEntity
		conflict   = http.StatusConflict
		unreadable = http.StatusUnprocessableEntity
	)
	who := []string{anon, string(o2c.RoleAdmin), string(o2c.RoleOrderDesk), string(o2c.RoleAccountsReceivable), string(o2c.RoleReadOnly)}
	n := 0
	newUser := func() url.Values {
		n++
		return url.Values{"email": {fmt.Sprintf("new-%d@example.com", n)}, "role": {"read_only"}}
	}
	tests := []struct {
		pattern string
		method  string
		path    string
		form    func() url.Values
		want    []int // in the order of who
	}{
		{"GET /ui", "GET", "/ui", nil, []int{see, see, see, see, see}},
		{"GET /ui/login", "GET", "/ui/login", nil, []int{page, see, see, see, see}},
		// Without the sign-in form's own token the form is refused, signed in or not.
		{"POST /ui/login", "POST", "/ui/login", func() url.Values { return url.Values{"email": {"x@example.com"}} }, []int{no, no, no, no, no}},
		{"POST /ui/logout", "POST", "/ui/logout", nil, []int{in, see, see, see, see}},
		{"GET /ui/static/{file}", "GET", "/ui/static/ui.css", nil, []int{page, page, page, page, page}},
		{"GET /ui/{$}", "GET", "/ui/", nil, []int{in, page, page, page, page}},
		{"GET /ui/orders", "GET", "/ui/orders?status=needs_review", nil, []int{in, page, page, page, page}},
		{"GET /ui/orders/{id}", "GET", fmt.Sprintf("/ui/orders/%d", orderID), nil, []int{in, page, page, page, page}},
		{"GET /ui/review", "GET", "/ui/review", nil, []int{in, page, page, page, page}},
		{"GET /ui/orders/{id}/document", "GET", fmt.Sprintf("/ui/orders/%d/document", orderID), nil, []int{in, page, page, page, page}},
		// The order's document is JSON: it has no page to draw, but it can be downloaded.
		{"GET /ui/documents/{id}/parts/{part}/pages/{page}", "GET", fmt.Sprintf("/ui/documents/%d/parts/0/pages/1", docID), nil,
			[]int{in, unreadable, unreadable, unreadable, unreadable}},
		{"GET /ui/documents/{id}/parts/{part}/file", "GET", fmt.Sprintf("/ui/documents/%d/parts/0/file", docID), nil, []int{in, page, page, page, page}},
		{"GET /ui/pick/customers", "GET", "/ui/pick/customers?q=a", nil, []int{in, page, page, page, page}},
		{"GET /ui/pick/products", "GET", "/ui/pick/products?q=a", nil, []int{in, page, page, page, page}},
		// Review actions that cannot succeed (no reason, a bad date, not on hold) show the screen
		// again with why, to those who may review; approve succeeds once, then conflicts.
		{"POST /ui/orders/{id}/correct", "POST", fmt.Sprintf("/ui/orders/%d/correct", orderID),
			func() url.Values { return url.Values{"order_date": {"tomorrow"}, "l.description": {"x"}} }, []int{in, invalid, invalid, no, no}},
		{"POST /ui/orders/{id}/hold", "POST", fmt.Sprintf("/ui/orders/%d/hold", orderID), nil, []int{in, invalid, invalid, no, no}},
		{"POST /ui/orders/{id}/reject", "POST", fmt.Sprintf("/ui/orders/%d/reject", orderID), nil, []int{in, invalid, invalid, no, no}},
		{"POST /ui/orders/{id}/release", "POST", fmt.Sprintf("/ui/orders/%d/release", orderID), nil, []int{in, conflict, conflict, no, no}},
		{"POST /ui/orders/{id}/approve", "POST", fmt.Sprintf("/ui/orders/%d/approve", approveID), nil, []int{in, see, conflict, no, no}},
		// Invoices: every role sees them; accounts receivable and admins act. The invoice is issued
		// already, there is no mail server and a credit needs a reason: each action is refused.
		{"GET /ui/invoices", "GET", "/ui/invoices?status=issued", nil, []int{in, page, page, page, page}},
		{"GET /ui/invoices/{id}", "GET", fmt.Sprintf("/ui/invoices/%d", invoiceID), nil, []int{in, page, page, page, page}},
		{"GET /ui/invoices/{id}/download", "GET", fmt.Sprintf("/ui/invoices/%d/download?format=cii", invoiceID), nil, []int{in, page, page, page, page}},
		{"POST /ui/invoices/{id}/issue", "POST", fmt.Sprintf("/ui/invoices/%d/issue", invoiceID), nil, []int{in, conflict, no, conflict, no}},
		{"POST /ui/invoices/{id}/send", "POST", fmt.Sprintf("/ui/invoices/%d/send", invoiceID), nil, []int{in, invalid, no, invalid, no}},
		{"POST /ui/invoices/{id}/credit", "POST", fmt.Sprintf("/ui/invoices/%d/credit", invoiceID), nil, []int{in, invalid, no, invalid, no}},
		// Cash: whoever sees invoices sees it; accounts receivable and admins act. The forms are
		// empty or do not fit (no file, nothing proposed, no reason): each is refused, but assign.
		{"GET /ui/cash/statements", "GET", "/ui/cash/statements", nil, []int{in, page, page, page, page}},
		{"POST /ui/cash/statements", "POST", "/ui/cash/statements", nil, []int{in, http.StatusBadRequest, no, http.StatusBadRequest, no}},
		{"GET /ui/cash/statements/{id}", "GET", fmt.Sprintf("/ui/cash/statements/%d", statementID), nil, []int{in, page, page, page, page}},
		{"GET /ui/cash/queue", "GET", "/ui/cash/queue", nil, []int{in, page, page, page, page}},
		{"GET /ui/cash/pick/invoices", "GET", "/ui/cash/pick/invoices?q=F2", nil, []int{in, page, page, page, page}},
		{"POST /ui/cash/transactions/{id}/accept", "POST", fmt.Sprintf("/ui/cash/transactions/%d/accept", bankTxID), nil, []int{in, conflict, no, conflict, no}},
		{"POST /ui/cash/transactions/{id}/ignore", "POST", fmt.Sprintf("/ui/cash/transactions/%d/ignore", bankTxID), nil, []int{in, invalid, no, invalid, no}},
		{"POST /ui/cash/transactions/{id}/match", "POST", fmt.Sprintf("/ui/cash/transactions/%d/match", bankTxID), nil, []int{in, invalid, no, invalid, no}},
		{"POST /ui/cash/transactions/{id}/reverse", "POST", fmt.Sprintf("/ui/cash/transactions/%d/reverse", bankTxID), nil, []int{in, invalid, no, invalid, no}},
		{"GET /ui/cash/disputes", "GET", "/ui/cash/disputes", nil, []int{in, page, page, page, page}},
		{"GET /ui/cash/disputes/{id}", "GET", fmt.Sprintf("/ui/cash/disputes/%d", disputeID), nil, []int{in, page, page, page, page}},
		{"POST /ui/cash/disputes/{id}/comment", "POST", fmt.Sprintf("/ui/cash/disputes/%d/comment", disputeID), nil, []int{in, invalid, no, invalid, no}},
		{"POST /ui/cash/disputes/{id}/assign", "POST", fmt.Sprintf("/ui/cash/disputes/%d/assign", disputeID), nil, []int{in, see, no, see, no}},
		{"POST /ui/cash/disputes/{id}/resolve", "POST", fmt.Sprintf("/ui/cash/disputes/%d/resolve", disputeID), nil, []int{in, invalid, no, invalid, no}},
		{"POST /ui/cash/disputes/{id}/confirm", "POST", fmt.Sprintf("/ui/cash/disputes/%d/confirm", disputeID), nil, []int{in, conflict, no, conflict, no}},
		{"POST /ui/cash/disputes/{id}/dismiss", "POST", fmt.Sprintf("/ui/cash/disputes/%d/dismiss", disputeID), nil, []int{in, conflict, no, conflict, no}},
		{"GET /ui/cash/receivables", "GET", "/ui/cash/receivables", nil, []int{in, page, page, page, page}},
		{"GET /ui/cash/customers/{id}", "GET", "/ui/cash/customers/IC1", nil, []int{in, page, page, page, page}},
		{"GET /ui/cash/customers/{id}/statement", "GET", "/ui/cash/customers/IC1/statement", nil, []int{in, page, page, page, page}},
		{"GET /ui/users", "GET", "/ui/users", nil, []int{in, page, no, no, no}},
		{"POST /ui/users", "POST", "/ui/users", newUser, []int{in, page, no, no, no}},
		{"POST /ui/users/{id}/role", "POST", fmt.Sprintf("/ui/users/%d/role", victim.ID),
			func() url.Values { return url.Values{"role": {"order_desk"}} }, []int{in, see, no, no, no}},
		{"POST /ui/users/{id}/disable", "POST", fmt.Sprintf("/ui/users/%d/disable", victim.ID), nil, []int{in, see, no, no, no}},
		{"POST /ui/users/{id}/enable", "POST", fmt.Sprintf("/ui/users/%d/enable", victim.ID), nil, []int{in, see, no, no, no}},
		{"/ui/", "GET", "/ui/no-such-page", nil, []int{http.StatusNotFound, http.StatusNotFound, http.StatusNotFound, http.StatusNotFound, http.StatusNotFound}},
	}

	var covered []string
	for _, tt := range tests {
		covered = append(covered, tt.pattern)
	}
	for _, rt := range (&ui{}).routes() {
		if !slices.Contains(covered, rt.pattern) {
			t.Errorf("route %q is missing from the routes × roles table", rt.pattern)
		}
	}

	for _, tt := range tests {
		for i, role := range who {
			t.Run(tt.method+tt.path+"/"+role, func(t *testing.T) {
				r := uiRequest{method: tt.method, path: tt.path}
				if role != anon {
					token, csrf := u.session(o2c.Role(role))
					r.session = token
					r.header = map[string]string{csrfHeader: csrf}
				}
				if tt.form != nil {
					r.form = tt.form()
				} else if tt.method == "POST" {
					r.form = url.Values{}
				}
				rec := u.get(r)
				want := tt.want[i]
				switch {
				case want == in:
					if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/ui/login") {
						t.Fatalf("status %d to %q, want a redirect to sign in", rec.Code, rec.Header().Get("Location"))
					}
				case rec.Code != want:
					t.Fatalf("status %d, want %d; body %.300s", rec.Code, want, rec.Body)
				}
				h := rec.Header()
				if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") ||
					!strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
					t.Errorf("Content-Security-Policy %q", csp)
				}
				if h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
					t.Errorf("security headers %v", h)
				}
			})
		}
	}
}

// TestUISignIn signs in through the form as a browser does: the double-submit token, a wrong
// password, the session cookie's attributes, the pages, and signing out.
func TestUISignIn(t *testing.T) {
	t.Parallel()
	u := setupUI(t)

	rec := u.get(uiRequest{path: "/ui/orders?status=needs_review"})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/ui/login?next="+url.QueryEscape("/ui/orders?status=needs_review") {
		t.Fatalf("anonymous: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = u.get(uiRequest{path: "/ui/login?next=" + url.QueryEscape("/ui/orders?status=needs_review")})
	doc := htmlOf(t, rec)
	token, _ := doc.Find(`form[action="/ui/login"] input[name=csrf_token]`).Attr("value")
	next, _ := doc.Find(`form[action="/ui/login"] input[name=next]`).Attr("value")
	loginCookie := cookieNamed(rec, loginCSRFCookie)
	if token == "" || loginCookie == nil || loginCookie.Value != token || !loginCookie.HttpOnly || next != "/ui/orders?status=needs_review" {
		t.Fatalf("sign-in form token %q, cookie %+v, next %q", token, loginCookie, next)
	}

	form := url.Values{"csrf_token": {token}, "email": {"order_desk@example.com"}, "password": {"wrong password!"}, "next": {next}}
	rec = u.get(uiRequest{method: "POST", path: "/ui/login", form: form, cookies: []*http.Cookie{loginCookie}})
	if rec.Code != http.StatusUnauthorized || cookieNamed(rec, sessionCookie) != nil {
		t.Fatalf("wrong password: status %d", rec.Code)
	}
	if msg := strings.TrimSpace(htmlOf(t, rec).Find(".alert-error").Text()); msg != "wrong e-mail or password" {
		t.Fatalf("wrong password says %q", msg)
	}

	// A token of another form (a cross-site post) is refused before the password is checked.
	form.Set("password", uiPassword)
	rec = u.get(uiRequest{method: "POST", path: "/ui/login", form: form, cookies: []*http.Cookie{{Name: loginCSRFCookie, Value: "other"}}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("mismatched token: status %d", rec.Code)
	}

	form.Set("email", "Order_Desk@Example.com")
	rec = u.get(uiRequest{method: "POST", path: "/ui/login", form: form, cookies: []*http.Cookie{loginCookie}})
	session := cookieNamed(rec, sessionCookie)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != next || session == nil {
		t.Fatalf("sign in: status %d to %q, cookie %+v", rec.Code, rec.Header().Get("Location"), session)
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/ui" || session.Secure || len(session.Value) < 43 {
		t.Fatalf("session cookie %+v", session)
	}

	rec = u.get(uiRequest{path: "/ui/", session: session.Value})
	doc = htmlOf(t, rec)
	if got := doc.Find("nav.nav a").Map(func(_ int, s *goquery.Selection) string { return s.Text() }); !slices.Equal(got, []string{"Dashboard", "Review queue", "Orders", "Invoices", "Cash"}) {
		t.Fatalf("order desk nav %v", got)
	}
	csrf, _ := doc.Find("body").Attr("hx-headers")
	logoutToken, _ := doc.Find(`form[action="/ui/logout"] input[name=csrf_token]`).Attr("value")
	if logoutToken == "" || !strings.Contains(csrf, logoutToken) {
		t.Fatalf("hx-headers %q, logout token %q", csrf, logoutToken)
	}

	// Signing out needs the token; then the session is gone on the server.
	rec = u.get(uiRequest{method: "POST", path: "/ui/logout", session: session.Value, form: url.Values{}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("sign out without token: %d", rec.Code)
	}
	rec = u.get(uiRequest{method: "POST", path: "/ui/logout", session: session.Value, form: url.Values{"csrf_token": {logoutToken}}})
	if rec.Code != http.StatusSeeOther || cookieNamed(rec, sessionCookie).MaxAge >= 0 {
		t.Fatalf("sign out: %d", rec.Code)
	}
	rec = u.get(uiRequest{path: "/ui/", session: session.Value})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("after sign-out: %d", rec.Code)
	}
	// htmx is told to load the sign-in page rather than be handed a redirect.
	rec = u.get(uiRequest{path: "/ui/orders", session: session.Value, header: map[string]string{"HX-Request": "true"}})
	if rec.Code != http.StatusUnauthorized || rec.Header().Get("HX-Redirect") != "/ui/login?next=%2Fui%2Forders" {
		t.Fatalf("htmx after sign-out: %d, HX-Redirect %q", rec.Code, rec.Header().Get("HX-Redirect"))
	}
}

func cookieNamed(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestUISignInRateLimit locks an account after five failures, even for the right password.
func TestUISignInRateLimit(t *testing.T) {
	t.Parallel()
	u := setupUI(t)
	try := func(password string) *httptest.ResponseRecorder {
		rec := u.get(uiRequest{path: "/ui/login"})
		c := cookieNamed(rec, loginCSRFCookie)
		return u.get(uiRequest{method: "POST", path: "/ui/login", cookies: []*http.Cookie{c},
			form: url.Values{"csrf_token": {c.Value}, "email": {"admin@example.com"}, "password": {password}}})
	}
	for i := range 5 {
		if rec := try("guess " + fmt.Sprint(i)); rec.Code != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i+1, rec.Code)
		}
	}
	rec := try(uiPassword)
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(htmlOf(t, rec).Find(".alert-error").Text(), "too many failed sign-ins") {
		t.Fatalf("locked account: status %d", rec.Code)
	}
}

// TestUICSRF refuses a state-changing request without the session's token, with another
// session's token, or from another site; the header htmx sends is as good as the form field.
func TestUICSRF(t *testing.T) {
	t.Parallel()
	u := setupUI(t)
	token, csrf := u.session(o2c.RoleAdmin)
	_, otherCSRF := u.session(o2c.RoleAdmin)
	form := func(email string) url.Values { return url.Values{"email": {email}, "role": {"read_only"}} }
	for _, tt := range []struct {
		name   string
		form   url.Values
		header map[string]string
		want   int
	}{
		{"NoToken", form("a@example.com"), nil, http.StatusForbidden},
		{"OtherSessionsToken", form("b@example.com"), map[string]string{csrfHeader: otherCSRF}, http.StatusForbidden},
		{"CrossSite", form("c@example.com"), map[string]string{csrfHeader: csrf, "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"OtherOrigin", form("d@example.com"), map[string]string{csrfHeader: csrf, "Origin": "https://evil.example"}, http.StatusForbidden},
		{"Header", form("e@example.com"), map[string]string{csrfHeader: csrf, "Origin": "http://example.com"}, http.StatusOK},
		{"Field", func() url.Values { f := form("f@example.com"); f.Set("csrf_token", csrf); return f }(), nil, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := u.get(uiRequest{method: "POST", path: "/ui/users", session: token, form: tt.form, header: tt.header})
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d; %.300s", rec.Code, tt.want, rec.Body)
			}
		})
	}
}

// TestUIOrderList filters the order list and answers htmx with the results only.
func TestUIOrderList(t *testing.T) {
	t.Parallel()
	u := setupUI(t)
	a := u.inReview("PO-ALPHA")
	u.inReview("PO-BETA")
	token, _ := u.session(o2c.RoleReadOnly)

	doc := htmlOf(t, u.get(uiRequest{path: "/ui/orders", session: token}))
	if got := doc.Find("#results tbody tr").Length(); got != 2 {
		t.Fatalf("%d rows, want 2", got)
	}
	if href, _ := doc.Find("#results tbody tr a").First().Attr("href"); href == "" {
		t.Fatal("a row has no link")
	}
	if doc.Find(`script[src^="/ui/static/htmx-2.0.11.min.js?v="][integrity^="sha384-"]`).Length() != 1 {
		t.Fatal("htmx is not loaded from this server with its integrity")
	}

	rec := u.get(uiRequest{path: "/ui/orders?q=alpha&status=needs_review", session: token,
		header: map[string]string{"HX-Request": "true", "HX-Target": "results"}})
	doc = htmlOf(t, rec)
	rows := doc.Find("#results tbody tr")
	if rows.Length() != 1 || doc.Find("header.top").Length() != 0 {
		t.Fatalf("htmx search: %d rows, layout %d", rows.Length(), doc.Find("header.top").Length())
	}
	if href, _ := rows.Find("a").First().Attr("href"); href != fmt.Sprintf("/ui/orders/%d", a.ID) {
		t.Fatalf("row links to %q", href)
	}
	if got := strings.TrimSpace(rows.Find(".badge").Text()); got != "Needs review" {
		t.Fatalf("status badge %q", got)
	}

	day := now.Format("2006-01-02")
	for _, tt := range []struct {
		query string
		rows  int
	}{
		{"channel=api", 2}, {"channel=edifact", 0}, {"status=posted", 0},
		{"from=" + day + "&to=" + day, 2}, {"to=2026-03-01", 0}, {"from=2026-03-03", 0},
		{"q=PO-BETA", 1}, {"status=bogus", 2},
	} {
		doc := htmlOf(t, u.get(uiRequest{path: "/ui/orders?" + tt.query, session: token}))
		if got := doc.Find("#results tbody tr").Length(); got != tt.rows {
			t.Errorf("%s: %d rows, want %d", tt.query, got, tt.rows)
		}
	}

	doc = htmlOf(t, u.get(uiRequest{path: fmt.Sprintf("/ui/orders/%d", a.ID), session: token}))
	if !strings.Contains(doc.Find("h1").Text(), "PO-ALPHA") || doc.Find(".anomalies li").Length() == 0 {
		t.Fatalf("order page: %q, %d anomalies", doc.Find("h1").Text(), doc.Find(".anomalies li").Length())
	}
	rec = u.get(uiRequest{path: "/ui/orders/987654", session: token})
	if rec.Code != http.StatusNotFound {
		t.Fatalf("unknown order: %d", rec.Code)
	}
}

// TestUIReviewQueue sorts by urgency: the earliest requested delivery first, then the highest
// value, then the oldest; orders without a date come last.
func TestUIReviewQueue(t *testing.T) {
	t.Parallel()
	u := setupUI(t)
	submit := func(po, delivery, price string) int64 {
		extra := []string{}
		if delivery != "" {
			extra = append(extra, `"requested_delivery_date":"`+delivery+`"`)
		}
		body := strings.Replace(order(po, extra...), `"unit_price":"10.50"`, `"unit_price":"`+price+`"`, 1)
		return u.submit(body).Orders[0].ID
	}
	late := submit("LATE", "2026-03-20", "99.00")
	none := submit("NONE", "", "500.00")
	soonCheap := submit("SOON-CHEAP", "2026-03-05", "1.00")
	soonDear := submit("SOON-DEAR", "2026-03-05", "50.00")
	token, _ := u.session(o2c.RoleOrderDesk)
	doc := htmlOf(t, u.get(uiRequest{path: "/ui/review", session: token}))
	var got []string
	doc.Find("tbody tr td:first-child a").Each(func(_ int, s *goquery.Selection) { got = append(got, s.Text()) })
	want := []string{fmt.Sprint(soonDear), fmt.Sprint(soonCheap), fmt.Sprint(late), fmt.Sprint(none)}
	if !slices.Equal(got, want) {
		t.Fatalf("queue %v, want %v", got, want)
	}
}

// TestUIDashboard draws the counts as SVG bars.
func TestUIDashboard(t *testing.T) {
	t.Parallel()
	u := setupUI(t)
	u.inReview("PO-1")
	u.inReview("PO-2")
	token, _ := u.session(o2c.RoleAccountsReceivable)
	doc := htmlOf(t, u.get(uiRequest{path: "/ui/", session: token}))
	values := doc.Find(".kpi-value").Map(func(_ int, s *goquery.Selection) string { return strings.TrimSpace(s.Text()) })
	if !slices.Equal(values, []string{"2", "2", "0%", "–", "2"}) {
		t.Fatalf("KPIs %v", values)
	}
	if n := doc.Find("svg.chart rect").Length(); n < 4 {
		t.Fatalf("%d bars", n)
	}
	if doc.Find("[style]").Length() != 0 {
		t.Fatal("inline styles would break the CSP")
	}
}

// TestUIUsers creates users (with a generated password shown once), changes a role, and keeps
// the last admin.
func TestUIUsers(t *testing.T) {
	t.Parallel()
	u := setupUI(t)
	token, csrf := u.session(o2c.RoleAdmin)
	post := func(path string, form url.Values) *httptest.ResponseRecorder {
		return u.get(uiRequest{method: "POST", path: path, session: token, form: form, header: map[string]string{csrfHeader: csrf}})
	}
	rec := post("/ui/users", url.Values{"email": {"new@example.com"}, "name": {"New Clerk"}, "role": {"order_desk"}})
	doc := htmlOf(t, rec)
	password := doc.Find(".alert-ok code.secret").Text()
	if rec.Code != http.StatusOK || len(password) != 20 {
		t.Fatalf("create: %d, generated password %q", rec.Code, password)
	}
	if _, err := u.users.Login(context.Background(), app.LoginParams{Email: "new@example.com", Password: password}); err != nil {
		t.Fatalf("the shown password does not sign in: %v", err)
	}

	rec = post("/ui/users", url.Values{"email": {"not an address"}, "role": {"boss"}, "password": {"short"}})
	doc = htmlOf(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || doc.Find(".fault").Length() != 3 {
		t.Fatalf("invalid user: %d, %d faults", rec.Code, doc.Find(".fault").Length())
	}

	reader := u.ids[o2c.RoleReadOnly]
	rec = post(fmt.Sprintf("/ui/users/%d/role", reader), url.Values{"role": {"accounts_receivable"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("change role: %d", rec.Code)
	}
	if got, _ := u.users.User(context.Background(), reader); got.Role != o2c.RoleAccountsReceivable {
		t.Fatalf("role is %s", got.Role)
	}

	// The only admin cannot disable themself.
	rec = post(fmt.Sprintf("/ui/users/%d/disable", u.ids[o2c.RoleAdmin]), url.Values{})
	if rec.Code != http.StatusConflict || !strings.Contains(htmlOf(t, rec).Find(".alert-error").Text(), "last active admin") {
		t.Fatalf("disable the last admin: %d", rec.Code)
	}
	// A disabled user's sessions end at once.
	deskToken, _ := u.session(o2c.RoleOrderDesk)
	post(fmt.Sprintf("/ui/users/%d/disable", u.ids[o2c.RoleOrderDesk]), url.Values{})
	if rec := u.get(uiRequest{path: "/ui/", session: deskToken}); rec.Code != http.StatusSeeOther {
		t.Fatalf("disabled user's session: %d", rec.Code)
	}
}

// TestUIStatic serves the vendored files with a year of cache and the integrity the pages name.
func TestUIStatic(t *testing.T) {
	t.Parallel()
	u := setupUI(t)
	rec := u.get(uiRequest{path: "/ui/static/htmx-2.0.11.min.js?v=x"})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "max-age=31536000") ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") || rec.Body.Len() < 10_000 {
		t.Fatalf("htmx: %d %v", rec.Code, rec.Header())
	}
	if rec := u.get(uiRequest{path: "/ui/static/nope.js"}); rec.Code != http.StatusNotFound {
		t.Fatalf("unknown file: %d", rec.Code)
	}
}

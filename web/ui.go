package web

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// The staff web app lives under /ui: server-rendered html/template pages, with htmx (vendored in
// static/, served from 'self' with a long cache and its integrity hash) to refresh parts of a
// page. Every route names the permission it needs; uiRoutes is the one list, and the
// routes × roles test walks it.

const uiPrefix = "/ui"

//go:embed templates/ui/*.html
var uiTemplateFS embed.FS

//go:embed static
var staticFS embed.FS

// uiCSP allows scripts and styles from this server only: no inline script, no inline style, no
// eval; nothing may frame the app, and forms post only here.
const uiCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// ui serves the staff web app.
type ui struct {
	*server
	users  *app.Users
	loc    *time.Location // the company's zone, for dates and times shown
	pages  map[string]*template.Template
	assets map[string]asset
}

// asset is one embedded static file: its bytes, the URL that names its version, and its hash for
// the integrity attribute.
type asset struct {
	body      []byte
	url       string
	integrity string
	mime      string
}

// uiRoute is one route of the web app and the permission it needs; "" means anyone, signed in or
// not.
type uiRoute struct {
	pattern string
	perm    o2c.Permission
	handler func(w http.ResponseWriter, r *http.Request)
}

// needsSession marks routes that need a signed-in user of any role (sign out).
const needsSession o2c.Permission = "session"

func (u *ui) routes() []uiRoute {
	return append([]uiRoute{
		{"GET " + uiPrefix, "", u.redirectHome},
		{"GET " + uiPrefix + "/login", "", u.loginPage},
		{"POST " + uiPrefix + "/login", "", u.login},
		{"POST " + uiPrefix + "/logout", needsSession, u.logout},
		{"GET " + uiPrefix + "/static/{file}", "", u.static},
		{"GET " + uiPrefix + "/{$}", o2c.PermViewOrders, u.dashboard},
		{"GET " + uiPrefix + "/orders", o2c.PermViewOrders, u.orderList},
		{"GET " + uiPrefix + "/orders/{id}", o2c.PermViewOrders, u.reviewPage},
		{"GET " + uiPrefix + "/orders/{id}/document", o2c.PermViewOrders, u.documentPanel},
		{"POST " + uiPrefix + "/orders/{id}/correct", o2c.PermReviewOrders, u.correctOrder},
		{"POST " + uiPrefix + "/orders/{id}/approve", o2c.PermReviewOrders, u.approveOrder},
		{"POST " + uiPrefix + "/orders/{id}/reject", o2c.PermReviewOrders, u.rejectOrder},
		{"POST " + uiPrefix + "/orders/{id}/hold", o2c.PermReviewOrders, u.holdOrder},
		{"POST " + uiPrefix + "/orders/{id}/release", o2c.PermReviewOrders, u.releaseOrder},
		{"GET " + uiPrefix + "/documents/{id}/parts/{part}/pages/{page}", o2c.PermViewOrders, u.pageImage},
		{"GET " + uiPrefix + "/documents/{id}/parts/{part}/file", o2c.PermViewOrders, u.documentFile},
		{"GET " + uiPrefix + "/pick/customers", o2c.PermViewOrders, u.pickCustomers},
		{"GET " + uiPrefix + "/pick/products", o2c.PermViewOrders, u.pickProducts},
		{"GET " + uiPrefix + "/review", o2c.PermViewOrders, u.reviewQueue},
		{"GET " + uiPrefix + "/invoices", o2c.PermViewInvoices, u.invoiceList},
		{"GET " + uiPrefix + "/invoices/{id}", o2c.PermViewInvoices, u.invoicePage},
		{"GET " + uiPrefix + "/invoices/{id}/download", o2c.PermViewInvoices, u.invoiceDownload},
		{"POST " + uiPrefix + "/invoices/{id}/issue", o2c.PermManageInvoices, u.issueInvoice},
		{"POST " + uiPrefix + "/invoices/{id}/send", o2c.PermManageInvoices, u.sendInvoice},
		{"POST " + uiPrefix + "/invoices/{id}/credit", o2c.PermManageInvoices, u.creditInvoice},
		{"GET " + uiPrefix + "/users", o2c.PermManageUsers, u.userList},
		{"POST " + uiPrefix + "/users", o2c.PermManageUsers, u.createUser},
		{"POST " + uiPrefix + "/users/{id}/role", o2c.PermManageUsers, u.changeRole},
		{"POST " + uiPrefix + "/users/{id}/disable", o2c.PermManageUsers, u.disableUser},
		{"POST " + uiPrefix + "/users/{id}/enable", o2c.PermManageUsers, u.enableUser},
		{uiPrefix + "/", "", u.notFound},
	}, u.cashRoutes()...)
}

// routeUI mounts the web app. users nil makes a user service on the orders' store.
func (s *server) routeUI(users *app.Users) {
	if users == nil {
		if s.orders == nil {
			return
		}
		users = app.NewUsers(s.orders.Store)
	}
	u := &ui{server: s, users: users, loc: time.UTC}
	if s.orders != nil && s.orders.Location != nil {
		u.loc = s.orders.Location
	}
	u.assets = loadAssets()
	u.pages = u.parsePages()
	for _, rt := range u.routes() {
		s.mux.Handle(rt.pattern, u.guard(rt))
	}
}

// loadAssets reads the static files once, with their versioned URLs and SHA-384 integrity.
func loadAssets() map[string]asset {
	out := map[string]asset{}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(fmt.Sprintf("web: read static files: %v", err))
	}
	for _, e := range entries {
		body, err := fs.ReadFile(staticFS, "static/"+e.Name())
		if err != nil {
			panic(fmt.Sprintf("web: read static file %s: %v", e.Name(), err))
		}
		sum := sha256.Sum256(body)
		sri := sha512.Sum384(body)
		mime := "application/octet-stream"
		switch path.Ext(e.Name()) {
		case ".js":
			mime = "text/javascript; charset=utf-8"
		case ".css":
			mime = "text/css; charset=utf-8"
		case ".txt":
			mime = "text/plain; charset=utf-8"
		case ".svg":
			mime = "image/svg+xml"
		}
		out[e.Name()] = asset{body: body, mime: mime,
			url:       uiPrefix + "/static/" + e.Name() + "?v=" + hex.EncodeToString(sum[:6]),
			integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:])}
	}
	return out
}

// static serves an embedded file. Its URL carries its hash, so it may be cached for a year.
func (u *ui) static(w http.ResponseWriter, r *http.Request) {
	a, ok := u.assets[r.PathValue("file")]
	if !ok {
		u.fail(w, r, o2c.Errorf(o2c.CodeNotFound, "no such file"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.mime)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

// parsePages parses every page with the layout, at start-up: a broken template stops the
// program, not a request.
func (u *ui) parsePages() map[string]*template.Template {
	funcs := u.funcs()
	pages := map[string]*template.Template{}
	for _, name := range []string{"login", "dashboard", "orders", "review", "order", "users", "invoices", "invoice", "error",
		"cash_statements", "cash_statement", "cash_queue", "cash_disputes", "cash_dispute", "cash_receivables", "cash_customer"} {
		t := template.New(name).Funcs(funcs)
		pages[name] = template.Must(t.ParseFS(uiTemplateFS, "templates/ui/layout.html", "templates/ui/"+name+".html"))
	}
	// Fragments that htmx swaps into a page: no layout.
	for _, name := range []string{"docview", "pick"} {
		t := template.New(name).Funcs(funcs)
		pages[name] = template.Must(t.ParseFS(uiTemplateFS, "templates/ui/"+name+".html"))
	}
	return pages
}

// page is what every template gets.
type page struct {
	Title string
	Nav   string // the nav item to mark as current
	User  *o2c.User
	CSRF  string
	Data  any
}

// render writes a page with the layout, or only its block when htmx asks for part of it.
func (u *ui) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	if sess := sessionFrom(r.Context()); sess != nil {
		p.User, p.CSRF = sess.user, sess.session.CSRFToken
	}
	// htmx asking for the results of a list gets only them; anything else gets the whole page.
	block := "layout"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" && u.pages[name].Lookup("results") != nil {
		block = "results"
	}
	var buf bytes.Buffer
	if err := u.pages[name].ExecuteTemplate(&buf, block, p); err != nil {
		logger(r.Context()).ErrorContext(r.Context(), "render page", "page", name, "err", err)
		http.Error(w, internalMessage, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "HX-Request, HX-Target")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // the client may be gone
}

// renderBlock writes one block of a fragment template (a part htmx swaps into a page).
func (u *ui) renderBlock(w http.ResponseWriter, r *http.Request, name, block string, data any) {
	var buf bytes.Buffer
	if err := u.pages[name].ExecuteTemplate(&buf, block, data); err != nil {
		logger(r.Context()).ErrorContext(r.Context(), "render fragment", "fragment", name, "err", err)
		http.Error(w, internalMessage, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}

// fail answers an error with the error page. Codes map to statuses in the one table of Error;
// internal errors are logged there and shown only as "Internal error.".
func (u *ui) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := toProblem(r.Context(), err)
	title := http.StatusText(p.status)
	u.render(w, r, p.status, "error", page{Title: title, Data: p})
}

func (u *ui) forbidden(w http.ResponseWriter, r *http.Request) {
	u.fail(w, r, newProblem(http.StatusForbidden, o2c.CodeUnauthorized, "Your role does not allow this page."))
}

func (u *ui) notFound(w http.ResponseWriter, r *http.Request) {
	u.fail(w, r, o2c.Errorf(o2c.CodeNotFound, "There is no page at %s.", r.URL.Path))
}

func (u *ui) redirectHome(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, uiPrefix+"/", http.StatusSeeOther)
}

// uiHeaders are the security headers of every answer of the web app.
func uiHeaders(h http.Header) {
	h.Set("Content-Security-Policy", uiCSP)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store") // pages carry orders and a CSRF token
	}
}

// log returns the logger of a request.
func (u *ui) log(r *http.Request) *slog.Logger { return logger(r.Context()) }

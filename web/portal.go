package web

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// The customer portal lives under /portal: customers' own users place orders and follow them.
// It is an app of its own beside the staff app: its own users, sessions and cookie, so that no
// session of one opens the other (nor the API, which takes keys only). It shares the staff app's
// building blocks: the security headers and CSP, the CSRF checks, the static files and the error
// table. portalRoutes is the one list of its routes; the isolation test walks it.

const portalPrefix = "/portal"

//go:embed templates/portal/*.html
var portalTemplateFS embed.FS

// portal serves the customer portal.
type portal struct {
	*server
	svc    *app.Portal
	loc    *time.Location
	pages  map[string]*template.Template
	assets map[string]asset
}

// portalAccess is who may use a route of the portal.
type portalAccess int

const (
	anyone   portalAccess = iota // signed in or not
	customer                     // a signed-in portal user
)

// portalRoute is one route of the portal. A route whose path names something of a customer
// ({id}) answers 404 for anything not of the signed-in user's customer.
type portalRoute struct {
	pattern string
	access  portalAccess
	handler func(w http.ResponseWriter, r *http.Request)
}

func (p *portal) routes() []portalRoute {
	return []portalRoute{
		{"GET " + portalPrefix, anyone, p.redirectHome},
		{"GET " + portalPrefix + "/login", anyone, p.loginPage},
		{"POST " + portalPrefix + "/login", anyone, p.login},
		{"POST " + portalPrefix + "/logout", customer, p.logout},
		{"GET " + portalPrefix + "/static/{file}", anyone, p.static},
		{"GET " + portalPrefix + "/{$}", customer, p.orderList},
		{"GET " + portalPrefix + "/orders/{id}", customer, p.orderPage},
		{"GET " + portalPrefix + "/orders/{id}/documents/{ref}", customer, p.download},
		{"GET " + portalPrefix + "/new", customer, p.newOrderPage},
		{"POST " + portalPrefix + "/new", customer, p.placeOrder},
		{"GET " + portalPrefix + "/new/products", customer, p.productSearch},
		{"GET " + portalPrefix + "/new/line", customer, p.orderLine},
		{"GET " + portalPrefix + "/invoices", customer, p.invoiceList},
		{"GET " + portalPrefix + "/invoices/{invoice}", customer, p.invoicePage},
		{"GET " + portalPrefix + "/invoices/{invoice}/download", customer, p.invoiceDownload},
		{"GET " + portalPrefix + "/upload", customer, p.uploadPage},
		{"POST " + portalPrefix + "/upload", customer, p.upload},
		{"GET " + portalPrefix + "/password", customer, p.passwordPage},
		{"POST " + portalPrefix + "/password", customer, p.changePassword},
		{portalPrefix + "/", anyone, p.notFound},
	}
}

// portalTab is one tab of the portal's navigation. Another part of the portal (invoices) adds
// its tab here and its routes above.
type portalTab struct {
	Key, Label, Path string
}

var portalTabs = []portalTab{
	{"orders", "My orders", portalPrefix + "/"},
	{"new", "New order", portalPrefix + "/new"},
	{"upload", "Upload order", portalPrefix + "/upload"},
	{"invoices", "Invoices", portalPrefix + "/invoices"},
}

// portalFiles are the static files the portal serves: the staff app's base style sheet, its own
// rules over it, and htmx.
var portalFiles = []string{"ui.css", "portal.css", "htmx-2.0.11.min.js"}

// routePortal mounts the customer portal. svc nil makes one on the orders' pipeline.
func (s *server) routePortal(svc *app.Portal) {
	if svc == nil {
		if s.orders == nil {
			return
		}
		svc = app.NewPortal(s.orders, s.archive)
	}
	p := &portal{server: s, svc: svc, loc: time.UTC, assets: map[string]asset{}}
	if s.orders != nil && s.orders.Location != nil {
		p.loc = s.orders.Location
	}
	for name, a := range loadAssets() {
		if slices.Contains(portalFiles, name) {
			a.url = portalPrefix + strings.TrimPrefix(a.url, uiPrefix)
			p.assets[name] = a
		}
	}
	p.pages = p.parsePages()
	for _, rt := range p.routes() {
		s.mux.Handle(rt.pattern, p.guard(rt))
	}
}

// portalPages are the pages, each parsed with the layout; portalParts are the pieces htmx asks for.
var (
	portalPages = []string{"login", "orders", "order", "new", "upload", "invoices", "invoice", "password", "error"}
	portalParts = []string{"products", "line"}
)

func (p *portal) parsePages() map[string]*template.Template {
	funcs := p.funcs()
	pages := map[string]*template.Template{}
	for _, name := range portalPages {
		t := template.New(name).Funcs(funcs)
		// Every page may use the parts, as "new" does to show the lines it is given back.
		pages[name] = template.Must(t.ParseFS(portalTemplateFS, "templates/portal/layout.html", "templates/portal/"+name+".html",
			"templates/portal/line.html"))
	}
	for _, name := range portalParts {
		pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(portalTemplateFS, "templates/portal/"+name+".html"))
	}
	return pages
}

// portalPage is what every portal template gets.
type portalPage struct {
	Title    string
	Nav      string // the tab to mark as current
	Tabs     []portalTab
	User     *o2c.PortalUser
	Customer string // the customer's name, as the header shows it
	CSRF     string
	Data     any
}

// render writes a page with the layout, a part on its own, or only the "results" block of a
// page when htmx asks for it.
func (p *portal) render(w http.ResponseWriter, r *http.Request, status int, name string, pg portalPage) {
	if sess := portalSessionFrom(r.Context()); sess != nil {
		pg.User, pg.CSRF, pg.Customer = sess.user, sess.session.CSRFToken, sess.customer
	}
	pg.Tabs = portalTabs
	block := "layout"
	switch {
	case slices.Contains(portalParts, name):
		block = name
	case r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" && p.pages[name].Lookup("results") != nil:
		block = "results"
	}
	var data any = pg
	if block == name {
		data = pg.Data // a part is given only its data
	}
	var buf bytes.Buffer
	if err := p.pages[name].ExecuteTemplate(&buf, block, data); err != nil {
		logger(r.Context()).ErrorContext(r.Context(), "render portal page", "page", name, "err", err)
		http.Error(w, internalMessage, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "HX-Request, HX-Target")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // the client may be gone
}

// fail answers an error with the portal's error page, through the one table of statuses.
func (p *portal) fail(w http.ResponseWriter, r *http.Request, err error) {
	pr := toProblem(r.Context(), err)
	p.render(w, r, pr.status, "error", portalPage{Title: http.StatusText(pr.status), Data: pr})
}

func (p *portal) notFound(w http.ResponseWriter, r *http.Request) {
	p.fail(w, r, o2c.Errorf(o2c.CodeNotFound, "There is no page at %s.", r.URL.Path))
}

func (p *portal) redirectHome(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, portalPrefix+"/", http.StatusSeeOther)
}

// static serves the portal's embedded files, cached for a year: their URLs carry their hash.
func (p *portal) static(w http.ResponseWriter, r *http.Request) {
	a, ok := p.assets[r.PathValue("file")]
	if !ok {
		p.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.mime)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

type portalSessionKey struct{}

// portalSession is the signed-in portal user of a request.
type portalSession struct {
	user     *o2c.PortalUser
	session  *o2c.Session
	customer string // the customer's name
}

func portalSessionFrom(ctx context.Context) *portalSession {
	s, _ := ctx.Value(portalSessionKey{}).(*portalSession)
	return s
}

// portalUser is the signed-in user of a route that needs one; guard makes sure there is.
func portalUser(r *http.Request) *o2c.PortalUser { return portalSessionFrom(r.Context()).user }

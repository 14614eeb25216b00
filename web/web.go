// Package web serves o2c over HTTP. The REST API lives under /api/v1: JSON in and out, amounts as
// strings, dates YYYY-MM-DD, instants RFC 3339 UTC, API keys with scopes. Its OpenAPI 3.1 document
// is generated from the code by huma and served at /api/v1/openapi.json.
//
// A handler parses its input, calls one use case of package app and renders the result; errors of
// every kind become HTTP answers in one place, Error.
package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// apiPrefix is where the JSON API lives.
const apiPrefix = "/api/v1"

// DefaultMaxBodyBytes is the largest request body accepted when Config leaves it unset.
const DefaultMaxBodyBytes = 10 << 20

// Config holds what the HTTP layer needs. Timeouts belong to the caller's http.Server.
type Config struct {
	Orders       *app.Orders
	MasterData   *app.MasterData
	Keys         *app.Keys
	Log          *slog.Logger // nil means slog.Default()
	MaxBodyBytes int64        // larger request bodies get 413; 0 means DefaultMaxBodyBytes
	Version      string       // shown in the OpenAPI document and by /healthz

	// SheetProfiles keeps the customers' CSV and XLSX mappings; nil uses MasterData's store.
	SheetProfiles *app.SheetProfiles
	// Alerts keeps the alert rules (web/alertrules.go); nil makes a service on Orders' store
	// that sends nothing.
	Alerts *app.Alerts
	// Archive searches and exports the archive (web/archive.go); nil answers its routes 503.
	Archive *app.Archive
	// Users signs staff in to the web app under /ui; nil makes one on Orders' store.
	Users *app.Users
	// Invoices issues, credits and sends invoices (web/invoices.go); nil makes one on Orders'
	// store that has no seller and mails nothing.
	Invoices *app.Invoices
	// Portal serves the customer portal under /portal; nil makes one on Orders and Archive.
	Portal *app.Portal
	// Disputes and Reminders follow invoices up (web/disputes.go, web/reminders.go); nil makes
	// them on Orders' store, with no archive and no mail.
	Disputes  *app.Disputes
	Reminders *app.Reminders
	// Payments imports bank statements and reconciles them (web/payments.go); nil makes one on
	// Orders' store that posts nothing to the ERP.
	Payments *app.Payments
}

type server struct {
	orders  *app.Orders
	md      *app.MasterData
	keys    *app.Keys
	sheets  *app.SheetProfiles
	archive *app.Archive
	log     *slog.Logger
	maxBody int64
	version string

	// invoices is the invoice service routeInvoices settled on; the staff app and the portal
	// show invoices through it.
	invoices *app.Invoices
	// payments and disputes are the services routePayments and routeDisputes settled on; the
	// staff app's cash pages use them.
	payments *app.Payments
	disputes *app.Disputes

	mux      *http.ServeMux
	api      huma.API
	registry huma.Registry
}

// New returns the handler of the whole HTTP interface.
func New(cfg Config) http.Handler {
	useOurErrors()
	s := &server{orders: cfg.Orders, md: cfg.MasterData, keys: cfg.Keys, log: cfg.Log,
		maxBody: cfg.MaxBodyBytes, version: cfg.Version, mux: http.NewServeMux(), archive: cfg.Archive}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.sheets = cfg.SheetProfiles; s.sheets == nil && cfg.MasterData != nil {
		s.sheets = &app.SheetProfiles{Store: cfg.MasterData.Store}
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if s.version == "" {
		s.version = "dev"
	}
	s.registry = huma.NewMapRegistry("#/components/schemas/", huma.DefaultSchemaNamer)
	registerSchemas(s.registry)
	s.api = humago.New(s.mux, huma.Config{
		OpenAPI: &huma.OpenAPI{
			OpenAPI: "3.1.0",
			Info: &huma.Info{Title: "o2c API", Version: s.version,
				Description: "Order-to-cash: submit orders, follow and review them, keep master data. " +
					"Amounts are strings, dates YYYY-MM-DD, instants RFC 3339 UTC. " +
					"Authenticate with `Authorization: Bearer <key>` or `X-API-Key: <key>`."},
			Components: &huma.Components{
				Schemas: s.registry,
				SecuritySchemes: map[string]*huma.SecurityScheme{
					"bearer": {Type: "http", Scheme: "bearer", Description: "An o2c API key as a bearer token."},
					"apiKey": {Type: "apiKey", In: "header", Name: "X-API-Key", Description: "An o2c API key."},
				},
			},
			OnAddOperation: []huma.AddOpFunc{documentBody},
		},
		OpenAPIPath:   apiPrefix + "/openapi",
		Formats:       map[string]huma.Format{"application/json": huma.DefaultJSONFormat, "json": huma.DefaultJSONFormat},
		DefaultFormat: "application/json",
		// A misspelt filter must not silently select everything.
		RejectUnknownQueryParameters: true,
	})
	s.api.UseMiddleware(s.authenticate)
	s.routeOrders()
	s.routeDocuments()
	s.routeMasterData()
	s.routeKeys()
	s.routeSheetProfiles()
	s.routeAlertRules(cfg.Alerts)
	s.routeArchive()
	s.routeInvoices(cfg.Invoices)
	s.routeDisputes(cfg.Disputes)
	s.routeReminders(cfg.Reminders)
	s.routePayments(cfg.Payments)
	s.routeUI(cfg.Users)
	s.routePortal(cfg.Portal)
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc(apiPrefix+"/", s.noRoute)
	return s.serveHTTP(s.mux)
}

// Keys of huma.Operation.Metadata.
const (
	metaScope = "o2c.scope" // the o2c.Scope an operation needs
	metaBody  = "o2c.body"  // the *huma.RequestBody to document for a body read by jsonBody
)

// operation describes one route of the API. Every operation needs a scope: the middleware refuses
// one without, so a forgotten scope can never mean "open to all".
func (s *server) operation(method, path, id, tag string, scope o2c.Scope, summary string) huma.Operation {
	return huma.Operation{
		OperationID: id,
		Method:      method,
		Path:        apiPrefix + path,
		Summary:     summary,
		Description: "Needs an API key with scope `" + string(scope) + "` (or `admin`).",
		Tags:        []string{tag},
		Security:    []map[string][]string{{"bearer": {}}, {"apiKey": {}}},
		Metadata:    map[string]any{metaScope: scope},
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden},
		// The body limit is the middleware's http.MaxBytesReader; huma's own must not cut first.
		MaxBodyBytes: s.maxBody + 1,
		// Bodies are read and checked by jsonBody (or extract for orders), not by huma.
		SkipValidateBody: true,
	}
}

// withBody documents the JSON body an operation reads with jsonBody.
func withBody(op huma.Operation, schema *huma.Schema, description string) huma.Operation {
	op.Metadata[metaBody] = &huma.RequestBody{Required: true, Description: description,
		Content: map[string]*huma.MediaType{"application/json": {Schema: schema}}}
	op.Errors = append(op.Errors, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	return op
}

// documentBody puts the body schema of an operation into the OpenAPI document; huma would show a
// raw body as bytes.
func documentBody(_ *huma.OpenAPI, op *huma.Operation) {
	if rb, ok := op.Metadata[metaBody].(*huma.RequestBody); ok {
		op.RequestBody = rb
	}
}

// body returns the schema of a body type, registered in the document's components.
func (s *server) body(t reflect.Type) jsonBody {
	return jsonBody{registry: s.registry, schema: s.registry.Schema(t, true, "")}
}

// bodyOneOrMany returns the schema of a body that holds one record of t or an array of them.
func (s *server) bodyOneOrMany(t reflect.Type) (jsonBody, *huma.Schema) {
	one := s.registry.Schema(t, true, "")
	minItems := 1
	many := &huma.Schema{Type: huma.TypeArray, Items: one, MinItems: &minItems}
	many.PrecomputeMessages()
	doc := &huma.Schema{OneOf: []*huma.Schema{one, many}}
	return jsonBody{registry: s.registry, schema: one, many: many}, doc
}

// response documents a JSON answer other than an operation's default one.
func (s *server) response(description string, t reflect.Type) *huma.Response {
	return &huma.Response{Description: description,
		Content: map[string]*huma.MediaType{"application/json": {Schema: s.registry.Schema(t, true, "")}}}
}

// pathID documents an id path parameter as the integer it is. The handler parses it, so that an
// id that is not a number is simply not found (404) rather than invalid.
func pathID(op huma.Operation, what string) huma.Operation {
	minimum := 1.0
	op.Parameters = append(op.Parameters, &huma.Param{Name: "id", In: "path", Required: true,
		Description: "The " + what + "'s id.",
		Schema:      &huma.Schema{Type: huma.TypeInteger, Format: "int64", Minimum: &minimum}})
	op.Errors = append(op.Errors, http.StatusNotFound)
	return op
}

type keyCtx struct{}

// authenticate checks the API key of a request against the scope its operation needs: 401 without
// a valid key, 403 with a key that lacks the scope.
func (s *server) authenticate(ctx huma.Context, next func(huma.Context)) {
	r, w := humago.Unwrap(ctx)
	scope, ok := ctx.Operation().Metadata[metaScope].(o2c.Scope)
	if !ok {
		Error(w, r, o2c.Errorf(o2c.CodeInternal, "operation %s has no scope", ctx.Operation().OperationID))
		return
	}
	secret := secretOf(r)
	if secret == "" {
		Error(w, r, o2c.Errorf(o2c.CodeUnauthorized,
			"an API key is required: send Authorization: Bearer <key> or X-API-Key: <key>"))
		return
	}
	key, err := s.keys.Authenticate(r.Context(), secret)
	if err != nil {
		Error(w, r, err)
		return
	}
	if info := infoFrom(r.Context()); info != nil {
		info.actor = actorOf(key)
	}
	if !key.Allows(scope) {
		Error(w, r, newProblem(http.StatusForbidden, o2c.CodeUnauthorized,
			"the API key "+key.Name+" lacks the scope "+string(scope)+" that this operation needs"))
		return
	}
	next(huma.WithValue(ctx, keyCtx{}, key))
}

// secretOf reads the API key of a request: a bearer token, else the X-API-Key header.
func secretOf(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(token)
		}
	}
	return strings.TrimSpace(r.Header.Get("X-API-Key"))
}

func actorOf(k *o2c.APIKey) string { return "api:" + k.Name }

// keyFrom returns the authenticated key of a request; authenticate guarantees one.
func keyFrom(ctx context.Context) *o2c.APIKey {
	k, _ := ctx.Value(keyCtx{}).(*o2c.APIKey)
	if k == nil {
		panic("web: operation reached without an authenticated key")
	}
	return k
}

// actor is who the use cases record as acting: "api:<key name>".
func actor(ctx context.Context) string { return actorOf(keyFrom(ctx)) }

// healthz answers that the process serves HTTP; it needs no key.
func (s *server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]string{"status": "ok", "version": s.version}) // nothing to do if the client left
}

// noRoute answers paths under /api/v1 that no operation serves: 405 when the path exists with
// other methods, else 404, both as JSON errors.
func (s *server) noRoute(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != apiPrefix+"/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 && !slices.Contains(allowed, r.Method) {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		Error(w, r, newProblem(http.StatusMethodNotAllowed, o2c.CodeInvalid,
			r.Method+" is not allowed here; allowed: "+strings.Join(allowed, ", ")))
		return
	}
	Error(w, r, o2c.Errorf(o2c.CodeNotFound, "no such API route: %s %s", r.Method, r.URL.Path))
}

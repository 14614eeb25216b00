package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/extract"
)

// maxOrdersPerBody bounds the orders of one submission, so that a re-delivery can list them all.
const maxOrdersPerBody = 500

func (s *server) routeOrders() {
	const tag = "Orders"
	draft := s.registry.Schema(reflect.TypeFor[o2c.OrderDraft](), true, "")
	minItems, maxItems := 1, maxOrdersPerBody
	drafts := &huma.Schema{OneOf: []*huma.Schema{draft, {Type: huma.TypeArray, Items: draft, MinItems: &minItems, MaxItems: &maxItems}}}

	op := s.operation(http.MethodPost, "/orders", "submit-orders", tag, o2c.ScopeOrdersWrite, "Submit one order or an array of orders")
	op.Description += " The body is the canonical order of the spec (order.schema.json), or an array of up to " +
		strconv.Itoa(maxOrdersPerBody) + " of them, checked strictly: unknown or repeated keys, invalid UTF-8 and " +
		"inexact decimals are refused with faults that name the field, and nothing is stored. " +
		"A re-delivery (same Idempotency-Key, or the same body without one) stores nothing and answers 200 with the first delivery's orders."
	op.DefaultStatus = http.StatusAccepted
	op.Responses = map[string]*huma.Response{"200": s.response("A re-delivery: the orders of the first delivery, created false.", reflect.TypeFor[submitResult]())}
	op = withBody(op, drafts, "One canonical order, or an array of them.")
	op.Errors = append(op.Errors, http.StatusConflict)
	huma.Register(s.api, op, s.submitOrders)

	op = s.operation(http.MethodGet, "/orders", "list-orders", tag, o2c.ScopeOrdersRead, "List orders, newest first")
	huma.Register(s.api, op, s.listOrders)

	op = pathID(s.operation(http.MethodGet, "/orders/{id}", "get-order", tag, o2c.ScopeOrdersRead, "Get an order"), "order")
	op.Description += " The order with its status, lines, anomalies, decision, draft, ERP reference, last error and version."
	huma.Register(s.api, op, s.getOrder)

	op = pathID(s.operation(http.MethodGet, "/orders/{id}/history", "get-order-history", tag, o2c.ScopeOrdersRead, "Get an order's audit trail"), "order")
	huma.Register(s.api, op, s.orderHistory)

	op = pathID(s.operation(http.MethodGet, "/orders/{id}/document", "get-order-document", tag, o2c.ScopeOrdersRead, "Download the original document of an order"), "order")
	op.Responses = map[string]*huma.Response{"200": {Description: "The original bytes, with their content type.",
		Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}
	huma.Register(s.api, op, s.orderDocument)

	review := func(path, id, summary string, doc *huma.Schema, act func(ctx context.Context, id int64, in *reviewInput) (*o2c.Order, error)) {
		op := pathID(s.operation(http.MethodPost, "/orders/{id}/"+path, id, tag, o2c.ScopeOrdersReview, summary), "order")
		op.Description += " version must be the version of the order as last read: if the order changed since, the answer is 409 and nothing is done."
		op = withBody(op, doc, "")
		op.Errors = append(op.Errors, http.StatusConflict)
		huma.Register(s.api, op, func(ctx context.Context, in *reviewInput) (*orderOutput, error) {
			id, err := parseID("order", in.ID)
			if err != nil {
				return nil, err
			}
			o, err := act(ctx, id, in)
			if err != nil {
				return nil, err
			}
			return &orderOutput{Body: shown(o)}, nil
		})
	}
	approve := s.body(reflect.TypeFor[approveBody]())
	review("approve", "approve-order", "Approve an order in review", approve.schema,
		func(ctx context.Context, id int64, in *reviewInput) (*o2c.Order, error) {
			var b approveBody
			if err := approve.read(in.ContentType, in.RawBody, &b); err != nil {
				return nil, err
			}
			return s.orders.Approve(ctx, id, b.Version, actor(ctx), b.Note)
		})
	reject := s.body(reflect.TypeFor[rejectBody]())
	review("reject", "reject-order", "Reject an order in review", reject.schema,
		func(ctx context.Context, id int64, in *reviewInput) (*o2c.Order, error) {
			var b rejectBody
			if err := reject.read(in.ContentType, in.RawBody, &b); err != nil {
				return nil, err
			}
			return s.orders.Reject(ctx, id, b.Version, actor(ctx), b.Reason)
		})
	// The envelope is checked against its own schema (not in the document); the draft in it goes
	// to extract, like a submission.
	envelope := jsonBody{registry: s.registry, schema: huma.SchemaFromType(s.registry, reflect.TypeFor[correctEnvelope]())}
	review("correct", "correct-order", "Correct the draft of an order in review and verify it again",
		s.registry.Schema(reflect.TypeFor[correctBody](), true, ""),
		func(ctx context.Context, id int64, in *reviewInput) (*o2c.Order, error) {
			var b correctEnvelope
			if err := envelope.read(in.ContentType, in.RawBody, &b); err != nil {
				return nil, err
			}
			d, err := decodeCorrection(b.Draft)
			if err != nil {
				return nil, err
			}
			return s.orders.Correct(ctx, id, b.Version, actor(ctx), d)
		})

	op = s.operation(http.MethodGet, "/stats", "get-stats", tag, o2c.ScopeOrdersRead, "Count orders by status")
	huma.Register(s.api, op, func(ctx context.Context, _ *struct{}) (*statsOutput, error) {
		st, err := s.orders.Stats(ctx)
		if err != nil {
			return nil, err
		}
		return &statsOutput{Body: st}, nil
	})
}

// submitInput is a submission: canonical-order JSON, read by extract.DecodeJSON.
type submitInput struct {
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"200" pattern:"^[!-~]+$" doc:"Makes a retry safe: a second submission with the same key stores nothing and returns the first one's orders."`
	ContentType    string `header:"Content-Type" hidden:"true"`
	RawBody        []byte
}

type submitOutput struct {
	Status int
	Body   submitResult
}

type submitResult struct {
	DocumentID int64      `json:"document_id" doc:"The stored original of the submission."`
	Orders     []orderRef `json:"orders"`
	Created    bool       `json:"created" doc:"False for a re-delivery, which stored nothing."`
}

// orderRef is an order as a submission reports it.
type orderRef struct {
	ID       int64           `json:"id"`
	Status   o2c.OrderStatus `json:"status"`
	PONumber string          `json:"po_number,omitempty"`
	Version  int64           `json:"version"`
}

func (s *server) submitOrders(ctx context.Context, in *submitInput) (*submitOutput, error) {
	if err := needJSON(in.ContentType); err != nil {
		return nil, err
	}
	drafts, err := decodeDrafts(in.RawBody)
	if err != nil {
		return nil, err
	}
	key := keyFrom(ctx)
	content := bytes.Clone(in.RawBody) // huma reuses its buffer after the handler
	p := app.ReceiveParams{Channel: o2c.ChannelAPI, Sender: key.Name, ContentType: "application/json",
		Content: content, Drafts: drafts, Actor: actor(ctx)}
	if in.IdempotencyKey != "" {
		p.NaturalKey = "api:key:" + in.IdempotencyKey
	}
	rec, err := s.orders.Receive(ctx, p)
	if err != nil {
		return nil, err
	}
	return receivedOutput(rec, key.Name, content)
}

// receivedOutput answers a submission or upload: 202 with the new orders, or 200 with the orders
// of the first delivery for a re-delivery, but only to its sender and only for the same body:
// anything else reuses a key by mistake, and must not see other orders.
func receivedOutput(rec *app.Received, sender string, content []byte) (*submitOutput, error) {
	if !rec.Created {
		sum := sha256.Sum256(content)
		if rec.Document.Sender != sender || rec.Document.SHA256 != hex.EncodeToString(sum[:]) {
			return nil, o2c.Errorf(o2c.CodeConflict,
				"this Idempotency-Key (or this exact body) was already used for a different submission; use a new key")
		}
	}
	out := &submitOutput{Status: http.StatusAccepted, Body: submitResult{DocumentID: rec.Document.ID, Created: rec.Created, Orders: []orderRef{}}}
	if !rec.Created {
		out.Status = http.StatusOK
	}
	for _, o := range rec.Orders {
		out.Body.Orders = append(out.Body.Orders, orderRef{ID: o.ID, Status: o.Status, PONumber: o.PONumber, Version: o.Version})
	}
	return out, nil
}

// decodeDrafts reads a submission: one order or an array, each checked by extract. Faults name the
// field as a JSON path of the body ($[1].lines[0].quantity for the second order of an array).
func decodeDrafts(body []byte) ([]o2c.OrderDraft, error) {
	drafts, err := extract.DecodeJSON(body)
	if err != nil {
		return nil, draftError(err)
	}
	if len(drafts) > maxOrdersPerBody {
		return nil, o2c.Invalid(o2c.Fault{Rule: ruleSchema, Path: "$",
			Message: fmt.Sprintf("%d orders in one submission; send at most %d at a time", len(drafts), maxOrdersPerBody)})
	}
	array := bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n"), []byte("["))
	var faults []o2c.Fault
	for i := range drafts {
		prefix := "$"
		if array {
			prefix = "$[" + strconv.Itoa(i) + "]"
		}
		faults = append(faults, rebase(extract.CheckDraft(&drafts[i]), prefix)...)
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return drafts, nil
}

// draftError answers 400 when extract found the body not to be JSON at all, else passes its
// faults on (422).
func draftError(err error) error {
	for _, f := range o2c.ErrorFaults(err) {
		if f.Rule == extract.RuleSyntax {
			return newProblem(http.StatusBadRequest, o2c.CodeInvalid, o2c.ErrorMessage(err), o2c.ErrorFaults(err)...)
		}
	}
	return err
}

// rebase moves fault paths of a sub-document under prefix: "$.lines[0]" becomes "$.draft.lines[0]".
func rebase(faults []o2c.Fault, prefix string) []o2c.Fault {
	if prefix == "$" {
		return faults
	}
	out := make([]o2c.Fault, len(faults))
	for i, f := range faults {
		if rest, ok := strings.CutPrefix(f.Path, "$"); ok {
			f.Path = prefix + rest
		}
		out[i] = f
	}
	return out
}

type listOrdersInput struct {
	Status     []string        `query:"status,explode" doc:"Orders in any of these statuses; repeat the parameter or separate with commas."`
	Channel    o2c.Channel     `query:"channel" doc:"Orders that came by this channel."`
	CustomerID string          `query:"customer_id" maxLength:"200"`
	PONumber   string          `query:"po_number" maxLength:"200"`
	Anomaly    o2c.AnomalyCode `query:"anomaly" doc:"Orders that carry this anomaly."`
	Q          string          `query:"q" maxLength:"200" doc:"Free text over PO number, customer and sender."`
	Since      time.Time       `query:"since" doc:"Orders received at or after this instant (RFC 3339)."`
	Offset     int             `query:"offset" minimum:"0" default:"0"`
	Limit      int             `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

// listPage is one page of a list: its items, the total count matching, and where the page is.
type listPage[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total" doc:"How many items match, on every page."`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

type listOrdersOutput struct{ Body listPage[*o2c.Order] }

func (s *server) listOrders(ctx context.Context, in *listOrdersInput) (*listOrdersOutput, error) {
	statuses, err := orderStatuses(in.Status)
	if err != nil {
		return nil, err
	}
	f := o2c.OrderFilter{Status: statuses, Channel: in.Channel, CustomerID: in.CustomerID, PONumber: in.PONumber,
		Anomaly: in.Anomaly, Query: in.Q, Offset: in.Offset, Limit: in.Limit}
	if !in.Since.IsZero() {
		f.Since = in.Since.UTC()
	}
	orders, total, err := s.orders.List(ctx, f)
	if err != nil {
		return nil, err
	}
	if orders == nil {
		orders = []*o2c.Order{}
	}
	for _, o := range orders {
		shown(o)
	}
	return &listOrdersOutput{Body: listPage[*o2c.Order]{Items: orders, Total: total, Offset: in.Offset, Limit: in.Limit}}, nil
}

// orderStatuses reads the status filter: repeated parameters, each possibly a comma list.
func orderStatuses(values []string) ([]o2c.OrderStatus, error) {
	var out []o2c.OrderStatus
	var faults []o2c.Fault
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			st := o2c.OrderStatus(strings.TrimSpace(part))
			switch {
			case st == "":
			case !slices.Contains(o2c.OrderStatuses, st):
				faults = append(faults, o2c.Fault{Rule: ruleParam, Path: "query.status",
					Message: fmt.Sprintf("unknown status %q; expected one of %s", st, strings.Join(names(o2c.OrderStatuses), ", "))})
			case !slices.Contains(out, st):
				out = append(out, st)
			}
		}
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return out, nil
}

type idInput struct {
	ID string `path:"id"`
}

// parseID reads an id of the path; one that is not a positive number names nothing that exists.
func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, o2c.Errorf(o2c.CodeNotFound, "%s %q does not exist", what, s)
	}
	return id, nil
}

type orderOutput struct{ Body *o2c.Order }

func (s *server) getOrder(ctx context.Context, in *idInput) (*orderOutput, error) {
	id, err := parseID("order", in.ID)
	if err != nil {
		return nil, err
	}
	o, err := s.orders.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: shown(o)}, nil
}

// shown readies an order for JSON: its lists are arrays, never null, even before verification.
func shown(o *o2c.Order) *o2c.Order {
	if o.Lines == nil {
		o.Lines = []o2c.OrderLine{}
	}
	if o.Anomalies == nil {
		o.Anomalies = []o2c.Anomaly{}
	}
	return o
}

// historyOutput is an order's whole audit trail, oldest first: complete collections are arrays,
// paged lists objects with items and total.
type historyOutput struct {
	Body []o2c.AuditEvent
}

func (s *server) orderHistory(ctx context.Context, in *idInput) (*historyOutput, error) {
	id, err := parseID("order", in.ID)
	if err != nil {
		return nil, err
	}
	events, err := s.orders.History(ctx, id)
	if err != nil {
		return nil, err
	}
	if events == nil {
		events = []o2c.AuditEvent{}
	}
	return &historyOutput{Body: events}, nil
}

type documentOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func (s *server) orderDocument(ctx context.Context, in *idInput) (*documentOutput, error) {
	id, err := parseID("order", in.ID)
	if err != nil {
		return nil, err
	}
	o, err := s.orders.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	doc, err := s.orders.Document(ctx, o.DocumentID)
	if err != nil {
		return nil, err
	}
	ct := doc.ContentType
	if _, _, err := mime.ParseMediaType(ct); ct == "" || err != nil {
		ct = "application/octet-stream"
	}
	return &documentOutput{ContentType: ct, ContentDisposition: attachment(doc), Body: doc.Content}, nil
}

// attachment names the download: the original file name, else one made from the document id.
func attachment(doc *o2c.Document) string {
	name := doc.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		name = fmt.Sprintf("document-%d", doc.ID)
		if exts, _ := mime.ExtensionsByType(doc.ContentType); isJSON(doc.ContentType) {
			name += ".json"
		} else if len(exts) > 0 {
			name += exts[0]
		}
	}
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}

// reviewInput is an action on an order in review; its body is read by the action's jsonBody.
type reviewInput struct {
	ID          string `path:"id"`
	ContentType string `header:"Content-Type" hidden:"true"`
	RawBody     []byte
}

type approveBody struct {
	Version int64  `json:"version" minimum:"1" doc:"The version of the order as last read."`
	Note    string `json:"note,omitempty" maxLength:"2000" doc:"Why it is approved despite its anomalies."`
}

type rejectBody struct {
	Version int64  `json:"version" minimum:"1" doc:"The version of the order as last read."`
	Reason  string `json:"reason" maxLength:"2000" doc:"Why it is refused; required."`
}

// correctBody documents a correction; correctEnvelope reads it, leaving the draft to extract.
type correctBody struct {
	Version int64          `json:"version" minimum:"1" doc:"The version of the order as last read."`
	Draft   o2c.OrderDraft `json:"draft" doc:"The corrected canonical order, which replaces the order's draft."`
}

type correctEnvelope struct {
	Version int64           `json:"version" minimum:"1"`
	Draft   json.RawMessage `json:"draft"`
}

// decodeCorrection reads the corrected draft with the same strict decoder as a submission.
func decodeCorrection(raw json.RawMessage) (*o2c.OrderDraft, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(raw, " \t\r\n"), []byte("{")) {
		return nil, o2c.Invalid(o2c.Fault{Rule: ruleSchema, Path: "$.draft", Message: "expected one canonical order (a JSON object)"})
	}
	drafts, err := extract.DecodeJSON(raw)
	if err != nil {
		return nil, o2c.Invalid(rebase(o2c.ErrorFaults(err), "$.draft")...)
	}
	if len(drafts) != 1 {
		return nil, o2c.Invalid(o2c.Fault{Rule: ruleSchema, Path: "$.draft", Message: "expected one canonical order"})
	}
	if faults := extract.CheckDraft(&drafts[0]); len(faults) > 0 {
		return nil, o2c.Invalid(rebase(faults, "$.draft")...)
	}
	return &drafts[0], nil
}

type statsOutput struct{ Body o2c.OrderStats }

package web

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
)

// routeDisputes serves the disputes of invoices. d nil makes a service on the orders' store
// with no archive (documents are attached only by the SHA-256 of an archived blob).
func (s *server) routeDisputes(d *app.Disputes) {
	if d == nil {
		if s.orders == nil {
			return
		}
		inv := app.NewInvoices(s.orders.Store, app.Seller{})
		inv.Now, inv.Location, inv.Log = s.orders.Now, s.orders.Location, s.log
		d = app.NewDisputes(inv, nil)
	}
	s.disputes = d
	const tag = "Disputes"
	read, write := o2c.ScopeInvoicesRead, o2c.ScopeInvoicesWrite

	op := s.operation(http.MethodGet, "/disputes", "list-disputes", tag, read, "List disputes, soonest due first")
	huma.Register(s.api, op, func(ctx context.Context, in *listDisputesInput) (*listDisputesOutput, error) {
		f, err := in.filter()
		if err != nil {
			return nil, err
		}
		list, total, err := d.List(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, x := range list {
			shownDispute(x)
		}
		if list == nil {
			list = []*o2c.Dispute{}
		}
		return &listDisputesOutput{Body: listPage[*o2c.Dispute]{Items: list, Total: total, Offset: in.Offset, Limit: in.Limit}}, nil
	})

	open := s.body(reflect.TypeFor[openDisputeBody]())
	op = withBody(s.operation(http.MethodPost, "/disputes", "open-dispute", tag, write, "Open a dispute on an invoice"),
		open.schema, "The invoice, the reason, and what is contested.")
	op.Description += " The amount is held on the invoice, which becomes disputed and gets no reminder for it. " +
		"409 for an invoice that is not open (a draft, paid, credited)."
	op.DefaultStatus = http.StatusCreated
	op.Errors = append(op.Errors, http.StatusNotFound, http.StatusConflict)
	huma.Register(s.api, op, func(ctx context.Context, in *upsertInput) (*disputeOutput, error) {
		var b openDisputeBody
		if err := open.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		p := app.OpenParams{InvoiceID: b.InvoiceID, Reason: o2c.DisputeReason(b.Reason), Lines: b.Lines, Owner: b.Owner,
			DueDate: b.DueDate, Comment: b.Comment}
		if b.Amount != nil {
			p.Amount = *b.Amount
		}
		x, err := d.Open(ctx, p, actor(ctx))
		return disputeResult(x, err)
	})

	op = pathID(s.operation(http.MethodGet, "/disputes/{id}", "get-dispute", tag, read, "Get a dispute"), "dispute")
	op.Description += " With its comments and documents."
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*disputeOutput, error) {
		id, err := parseID("dispute", in.ID)
		if err != nil {
			return nil, err
		}
		return disputeResult(d.Dispute(ctx, id))
	})

	op = pathID(s.operation(http.MethodGet, "/disputes/{id}/history", "get-dispute-history", tag, read, "Get a dispute's audit trail"), "dispute")
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*historyOutput, error) {
		id, err := parseID("dispute", in.ID)
		if err != nil {
			return nil, err
		}
		events, err := d.History(ctx, id)
		if err != nil {
			return nil, err
		}
		if events == nil {
			events = []o2c.AuditEvent{}
		}
		return &historyOutput{Body: events}, nil
	})

	comment := s.body(reflect.TypeFor[commentBody]())
	op = pathID(withBody(s.operation(http.MethodPost, "/disputes/{id}/comments", "comment-dispute", tag, write,
		"Comment on a dispute"), comment.schema, "The message; its author is the key's."), "dispute")
	op.DefaultStatus = http.StatusCreated
	huma.Register(s.api, op, func(ctx context.Context, in *invoiceBodyInput) (*disputeOutput, error) {
		id, err := parseID("dispute", in.ID)
		if err != nil {
			return nil, err
		}
		var b commentBody
		if err := comment.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		return disputeResult(d.Comment(ctx, id, b.Text, actor(ctx)))
	})

	attach := s.body(reflect.TypeFor[attachBody]())
	op = pathID(withBody(s.operation(http.MethodPost, "/disputes/{id}/documents", "attach-dispute-document", tag, write,
		"Attach a document to a dispute"), attach.schema, "An archived blob by its SHA-256, or content to archive."), "dispute")
	op.DefaultStatus = http.StatusCreated
	op.Errors = append(op.Errors, http.StatusConflict, http.StatusServiceUnavailable)
	huma.Register(s.api, op, func(ctx context.Context, in *invoiceBodyInput) (*disputeOutput, error) {
		id, err := parseID("dispute", in.ID)
		if err != nil {
			return nil, err
		}
		var b attachBody
		if err := attach.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		return disputeResult(d.Attach(ctx, id, app.AttachParams{SHA256: b.SHA256, Content: b.Content, FileName: b.FileName,
			ContentType: b.ContentType}, actor(ctx)))
	})

	assign := s.body(reflect.TypeFor[assignBody]())
	op = pathID(withBody(s.operation(http.MethodPost, "/disputes/{id}/assign", "assign-dispute", tag, write,
		"Assign a dispute"), assign.schema, "Its owner and due date; what is left out stays as it is."), "dispute")
	op.Description += " An open dispute that gets an owner is in progress from then on. 409 once it is resolved."
	op.Errors = append(op.Errors, http.StatusConflict)
	huma.Register(s.api, op, func(ctx context.Context, in *invoiceBodyInput) (*disputeOutput, error) {
		id, err := parseID("dispute", in.ID)
		if err != nil {
			return nil, err
		}
		var b assignBody
		if err := assign.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		return disputeResult(d.Assign(ctx, id, app.AssignParams{Owner: b.Owner, DueDate: b.DueDate}, actor(ctx)))
	})

	resolve := s.body(reflect.TypeFor[resolveBody]())
	op = pathID(withBody(s.operation(http.MethodPost, "/disputes/{id}/resolve", "resolve-dispute", tag, write,
		"Resolve a dispute"), resolve.schema, "How: credit_note, write_off or rejected."), "dispute")
	op.Description += " The invoice is released and goes back to the status its amounts and dates say. A credit note " +
		"credits the lines given (else the dispute's; a dispute of no lines only when it contests the whole invoice); " +
		"a write-off counts the amount as settled on the invoice; a rejection leaves it owed. 409 unless open or in progress."
	op.Errors = append(op.Errors, http.StatusConflict)
	huma.Register(s.api, op, func(ctx context.Context, in *invoiceBodyInput) (*disputeOutput, error) {
		id, err := parseID("dispute", in.ID)
		if err != nil {
			return nil, err
		}
		var b resolveBody
		if err := resolve.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		return disputeResult(d.Resolve(ctx, id, app.ResolveParams{Resolution: o2c.DisputeResolution(b.Resolution),
			Note: b.Note, Lines: b.Lines}, actor(ctx)))
	})

	op = pathID(s.operation(http.MethodPost, "/disputes/{id}/confirm", "confirm-dispute", tag, write,
		"Confirm a proposed dispute"), "dispute")
	op.Description += " Its amount is held on the invoice from now on. 409 when it is no proposal."
	op.Errors = append(op.Errors, http.StatusConflict, http.StatusUnprocessableEntity)
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*disputeOutput, error) {
		id, err := parseID("dispute", in.ID)
		if err != nil {
			return nil, err
		}
		return disputeResult(d.Confirm(ctx, id, actor(ctx)))
	})

	op = pathID(withBody(s.operation(http.MethodPost, "/disputes/{id}/dismiss", "dismiss-dispute", tag, write,
		"Dismiss a proposed dispute"), comment.schema, "Why."), "dispute")
	op.Errors = append(op.Errors, http.StatusConflict)
	huma.Register(s.api, op, func(ctx context.Context, in *invoiceBodyInput) (*disputeOutput, error) {
		id, err := parseID("dispute", in.ID)
		if err != nil {
			return nil, err
		}
		var b commentBody
		if err := comment.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		return disputeResult(d.Dismiss(ctx, id, b.Text, actor(ctx)))
	})
}

func disputeResult(d *o2c.Dispute, err error) (*disputeOutput, error) {
	if err != nil {
		return nil, err
	}
	return &disputeOutput{Body: shownDispute(d)}, nil
}

// shownDispute readies a dispute for JSON: its lines are an array, never null.
func shownDispute(d *o2c.Dispute) *o2c.Dispute {
	if d.Lines == nil {
		d.Lines = []o2c.DisputeLine{}
	}
	return d
}

type disputeOutput struct{ Body *o2c.Dispute }

type listDisputesOutput struct{ Body listPage[*o2c.Dispute] }

type listDisputesInput struct {
	Status     []string `query:"status,explode" doc:"Disputes in any of these statuses (proposed, open, in_progress, resolved, dismissed); repeat the parameter or separate with commas."`
	InvoiceID  int64    `query:"invoice_id" minimum:"0"`
	CustomerID string   `query:"customer_id" maxLength:"200"`
	Owner      string   `query:"owner" maxLength:"320"`
	Offset     int      `query:"offset" minimum:"0" default:"0"`
	Limit      int      `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

func (in *listDisputesInput) filter() (o2c.DisputeFilter, error) {
	f := o2c.DisputeFilter{InvoiceID: in.InvoiceID, CustomerID: in.CustomerID, Owner: in.Owner, Offset: in.Offset, Limit: in.Limit}
	for _, v := range in.Status {
		for part := range strings.SplitSeq(v, ",") {
			st := o2c.DisputeStatus(strings.TrimSpace(part))
			switch {
			case st == "":
			case !st.Valid():
				return f, o2c.Invalid(o2c.Fault{Rule: ruleParam, Path: "query.status", Message: fmt.Sprintf(
					"unknown status %q; expected one of %s", st, strings.Join(names(o2c.DisputeStatuses), ", "))})
			default:
				f.Status = append(f.Status, st)
			}
		}
	}
	return f, nil
}

// openDisputeBody is a dispute a person opens.
type openDisputeBody struct {
	InvoiceID int64             `json:"invoice_id" minimum:"1"`
	Reason    string            `json:"reason" enum:"price,quantity,damaged,not_received,duplicate,other"`
	Lines     []o2c.DisputeLine `json:"lines,omitempty" maxItems:"1000" doc:"The invoice lines contested, by line id (BT-126); the whole invoice when left out."`
	Amount    *decimal.Decimal  `json:"amount,omitempty" doc:"What is contested, with VAT; the gross of the lines, else all that is left to pay, when left out."`
	Owner     string            `json:"owner,omitempty" maxLength:"320" doc:"Who handles it: a staff login or e-mail address."`
	DueDate   cal.Date          `json:"due_date,omitzero" doc:"When it should be settled."`
	Comment   string            `json:"comment,omitempty" maxLength:"10000" doc:"The customer's words or a first note."`
}

type commentBody struct {
	Text string `json:"text" minLength:"1" maxLength:"10000"`
}

type attachBody struct {
	SHA256      string `json:"sha256,omitempty" pattern:"^[0-9a-f]{64}$" doc:"An archived blob."`
	Content     []byte `json:"content,omitempty" doc:"The file, base64, to archive and attach."`
	FileName    string `json:"file_name,omitempty" maxLength:"1024"`
	ContentType string `json:"content_type,omitempty" maxLength:"200"`
}

type assignBody struct {
	Owner   *string   `json:"owner,omitempty" maxLength:"320" doc:"Who handles it; \"\" for nobody."`
	DueDate *cal.Date `json:"due_date,omitempty" doc:"When it should be settled."`
}

type resolveBody struct {
	Resolution string            `json:"resolution" enum:"credit_note,write_off,rejected"`
	Note       string            `json:"note,omitempty" maxLength:"2000" doc:"Why; written on the credit note."`
	Lines      []o2c.DisputeLine `json:"lines,omitempty" maxItems:"1000" doc:"For a credit note, the lines to credit; the dispute's when left out."`
}

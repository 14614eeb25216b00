package web

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
)

// routeInvoices serves invoices, credit notes and the customers' invoicing settings. inv nil
// makes a service on the orders' store with no seller and no mail, which lists and reads.
func (s *server) routeInvoices(inv *app.Invoices) {
	if inv == nil {
		if s.orders == nil {
			return
		}
		inv = app.NewInvoices(s.orders.Store, app.Seller{})
		inv.Now, inv.Location, inv.Log = s.orders.Now, s.orders.Location, s.log
	}
	s.invoices = inv
	const tag = "Invoices"
	read, write := o2c.ScopeInvoicesRead, o2c.ScopeInvoicesWrite

	op := s.operation(http.MethodGet, "/invoices", "list-invoices", tag, read, "List invoices and credit notes, newest first")
	huma.Register(s.api, op, func(ctx context.Context, in *listInvoicesInput) (*listInvoicesOutput, error) {
		f, err := in.filter(inv.Today())
		if err != nil {
			return nil, err
		}
		list, total, err := inv.List(ctx, f)
		if err != nil {
			return nil, err
		}
		if list == nil {
			list = []*o2c.Invoice{}
		}
		for _, i := range list {
			shownInvoice(i)
		}
		return &listInvoicesOutput{Body: listPage[*o2c.Invoice]{Items: list, Total: total, Offset: in.Offset, Limit: in.Limit}}, nil
	})

	op = pathID(s.operation(http.MethodGet, "/invoices/{id}", "get-invoice", tag, read, "Get an invoice"), "invoice")
	op.Description += " The record with its EN 16931 content (document), totals, status and links."
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*invoiceOutput, error) {
		id, err := parseID("invoice", in.ID)
		if err != nil {
			return nil, err
		}
		i, err := inv.Invoice(ctx, id)
		if err != nil {
			return nil, err
		}
		return &invoiceOutput{Body: shownInvoice(i)}, nil
	})

	op = pathID(s.operation(http.MethodGet, "/invoices/{id}/history", "get-invoice-history", tag, read, "Get an invoice's audit trail"), "invoice")
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*historyOutput, error) {
		id, err := parseID("invoice", in.ID)
		if err != nil {
			return nil, err
		}
		events, err := inv.History(ctx, id)
		if err != nil {
			return nil, err
		}
		if events == nil {
			events = []o2c.AuditEvent{}
		}
		return &historyOutput{Body: events}, nil
	})

	op = pathID(s.operation(http.MethodGet, "/invoices/{id}/download", "download-invoice", tag, read, "Download an issued invoice"), "invoice")
	op.Description += " In the format asked for, else the invoice's own."
	op.Responses = map[string]*huma.Response{"200": {Description: "The invoice file.",
		Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}
	op.Errors = append(op.Errors, http.StatusUnprocessableEntity)
	huma.Register(s.api, op, func(ctx context.Context, in *downloadInput) (*documentOutput, error) {
		id, err := parseID("invoice", in.ID)
		if err != nil {
			return nil, err
		}
		name, ct, body, err := inv.Render(ctx, id, in.Format)
		if err != nil {
			return nil, err
		}
		cd := mime.FormatMediaType("attachment", map[string]string{"filename": name})
		return &documentOutput{ContentType: ct, ContentDisposition: cd, Body: body}, nil
	})

	manual := s.body(reflect.TypeFor[manualInvoiceBody]())
	op = withBody(s.operation(http.MethodPost, "/invoices", "create-invoice", tag, write, "Make an invoice by hand"),
		manual.schema, "The customer and the lines.")
	op.Description += " It is issued at once (numbered, queued for sending) unless draft is true. One that breaks a rule is kept " +
		"as a draft and answered 422 with the faults."
	op.DefaultStatus = http.StatusCreated
	huma.Register(s.api, op, func(ctx context.Context, in *upsertInput) (*invoiceOutput, error) {
		var b manualInvoiceBody
		if err := manual.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		i, err := inv.IssueManual(ctx, b.params(), actor(ctx))
		if err != nil {
			return nil, err
		}
		return &invoiceOutput{Body: shownInvoice(i)}, nil
	})

	op = pathID(s.operation(http.MethodPost, "/invoices/{id}/issue", "issue-invoice", tag, write, "Issue a draft invoice"), "invoice")
	op.Description += " A draft that still breaks a rule stays one: 422 with the faults. 409 when it is issued already."
	op.Errors = append(op.Errors, http.StatusConflict, http.StatusUnprocessableEntity)
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*invoiceOutput, error) {
		id, err := parseID("invoice", in.ID)
		if err != nil {
			return nil, err
		}
		i, err := inv.Issue(ctx, id, actor(ctx))
		if err != nil {
			return nil, err
		}
		return &invoiceOutput{Body: shownInvoice(i)}, nil
	})

	credit := s.body(reflect.TypeFor[creditBody]())
	op = pathID(withBody(s.operation(http.MethodPost, "/invoices/{id}/credit", "credit-invoice", tag, write,
		"Issue a credit note for an invoice"), credit.schema, "Why, and what: every line when lines is left out."), "invoice")
	op.Description += " The credit note names the invoice (BG-3); the credit notes of an invoice never give back more than its total."
	op.DefaultStatus = http.StatusCreated
	op.Errors = append(op.Errors, http.StatusConflict)
	huma.Register(s.api, op, func(ctx context.Context, in *invoiceBodyInput) (*invoiceOutput, error) {
		id, err := parseID("invoice", in.ID)
		if err != nil {
			return nil, err
		}
		var b creditBody
		if err := credit.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		p := app.CreditParams{Reason: b.Reason}
		for _, l := range b.Lines {
			p.Lines = append(p.Lines, app.CreditLine{LineID: l.LineID, Quantity: l.Quantity})
		}
		cn, err := inv.CreditNote(ctx, id, p, actor(ctx))
		if err != nil {
			return nil, err
		}
		return &invoiceOutput{Body: shownInvoice(cn)}, nil
	})

	op = pathID(s.operation(http.MethodPost, "/invoices/{id}/send", "send-invoice", tag, write, "Send an invoice (again)"), "invoice")
	op.Description += " Mails it in its format to the customer's invoice address, even when it went out before. " +
		"422 when it cannot be mailed (no address, refused for good: then it is bounced)."
	op.Errors = append(op.Errors, http.StatusConflict, http.StatusUnprocessableEntity)
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*invoiceOutput, error) {
		id, err := parseID("invoice", in.ID)
		if err != nil {
			return nil, err
		}
		i, err := inv.Send(ctx, id, true, actor(ctx))
		if err != nil {
			return nil, err
		}
		return &invoiceOutput{Body: shownInvoice(i)}, nil
	})

	op = pathID(s.operation(http.MethodGet, "/customers/{id}/invoicing", "get-invoicing-settings", tag, read,
		"Get how a customer is invoiced"), "customer")
	op.Description += " The defaults (per order, facturx, to the customer's address, reminders on) when none were set."
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*settingsOutput, error) {
		st, err := inv.Settings(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &settingsOutput{Body: st}, nil
	})

	op = pathID(s.operation(http.MethodGet, "/customers/{id}/statement", "get-customer-statement", tag, read,
		"Download a customer's statement of account"), "customer")
	op.Description += " A PDF of every open invoice and credit note and those paid in the last 90 days, with the balance and its ageing, in the customer's currency unless another is asked for."
	op.Responses = map[string]*huma.Response{"200": {Description: "The statement.",
		Content: map[string]*huma.MediaType{"application/pdf": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}
	huma.Register(s.api, op, func(ctx context.Context, in *statementInput) (*documentOutput, error) {
		body, err := inv.Statement(ctx, in.ID, in.Currency)
		if err != nil {
			return nil, err
		}
		name := "statement-" + in.ID + "-" + inv.Today().String() + ".pdf"
		cd := mime.FormatMediaType("attachment", map[string]string{"filename": name})
		return &documentOutput{ContentType: "application/pdf", ContentDisposition: cd, Body: body}, nil
	})

	settings := s.body(reflect.TypeFor[settingsBody]())
	op = pathID(withBody(s.operation(http.MethodPut, "/customers/{id}/invoicing", "put-invoicing-settings", tag, write,
		"Set how a customer is invoiced"), settings.schema, "The settings."), "customer")
	huma.Register(s.api, op, func(ctx context.Context, in *invoiceBodyInput) (*settingsOutput, error) {
		var b settingsBody
		if err := settings.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		st := o2c.InvoicingSettings{CustomerID: in.ID, Mode: o2c.InvoicingMode(b.Mode), Format: o2c.InvoiceFormat(b.Format),
			Language: b.Language, Email: b.Email, Reminders: b.Reminders == nil || *b.Reminders}
		saved, err := inv.SaveSettings(ctx, st, actor(ctx))
		if err != nil {
			return nil, err
		}
		return &settingsOutput{Body: saved}, nil
	})
}

type listInvoicesInput struct {
	Status     []string        `query:"status,explode" doc:"Invoices in any of these statuses; repeat the parameter or separate with commas."`
	Kind       o2c.InvoiceKind `query:"kind" enum:"invoice,credit_note"`
	CustomerID string          `query:"customer_id" maxLength:"200"`
	OrderID    int64           `query:"order_id" minimum:"0" doc:"The invoice of this order."`
	From       string          `query:"issued_from" doc:"Issued on or after this date (YYYY-MM-DD)."`
	To         string          `query:"issued_to" doc:"Issued on or before this date (YYYY-MM-DD)."`
	Overdue    bool            `query:"overdue" doc:"Only open invoices past their due date."`
	Q          string          `query:"q" maxLength:"200" doc:"Free text over the number and the buyer's PO numbers."`
	Offset     int             `query:"offset" minimum:"0" default:"0"`
	Limit      int             `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

// filter reads the query; today is the company's, for overdue.
func (in *listInvoicesInput) filter(today cal.Date) (o2c.InvoiceFilter, error) {
	f := o2c.InvoiceFilter{Kind: in.Kind, CustomerID: in.CustomerID, OrderID: in.OrderID, Query: in.Q, Offset: in.Offset, Limit: in.Limit}
	var faults []o2c.Fault
	for _, v := range in.Status {
		for part := range strings.SplitSeq(v, ",") {
			st := o2c.InvoiceStatus(strings.TrimSpace(part))
			switch {
			case st == "":
			case !st.Valid():
				faults = append(faults, o2c.Fault{Rule: ruleParam, Path: "query.status",
					Message: fmt.Sprintf("unknown status %q; expected one of %s", st, strings.Join(names(o2c.InvoiceStatuses), ", "))})
			case !slices.Contains(f.Status, st):
				f.Status = append(f.Status, st)
			}
		}
	}
	for _, d := range []struct {
		name, value string
		into        *cal.Date
	}{{"issued_from", in.From, &f.IssuedFrom}, {"issued_to", in.To, &f.IssuedTo}} {
		if d.value == "" {
			continue
		}
		v, err := cal.Parse(d.value)
		if err != nil {
			faults = append(faults, o2c.Fault{Rule: ruleParam, Path: "query." + d.name, Message: err.Error()})
		}
		*d.into = v
	}
	if in.Overdue {
		f.DueBefore = today
	}
	if len(faults) > 0 {
		return f, o2c.Invalid(faults...)
	}
	return f, nil
}

type listInvoicesOutput struct{ Body listPage[*o2c.Invoice] }

type invoiceOutput struct{ Body *o2c.Invoice }

type settingsOutput struct{ Body o2c.InvoicingSettings }

// shownInvoice readies an invoice for JSON: its lists are arrays, never null.
func shownInvoice(i *o2c.Invoice) *o2c.Invoice {
	if i.OrderIDs == nil {
		i.OrderIDs = []int64{}
	}
	return i
}

type downloadInput struct {
	ID     string `path:"id"`
	Format string `query:"format" enum:"facturx,pdf,ubl,cii,invoic,810" doc:"The format to write; the invoice's own when left out."`
}

// statementInput asks for a customer's statement of account.
type statementInput struct {
	ID       string `path:"id"`
	Currency string `query:"currency" pattern:"^[A-Z]{3}$" doc:"ISO 4217 currency; the customer's own when left out."`
}

// invoiceBodyInput is an action on one invoice (or customer) with a JSON body.
type invoiceBodyInput struct {
	ID          string `path:"id"`
	ContentType string `header:"Content-Type" hidden:"true"`
	RawBody     []byte
}

// manualInvoiceBody is an invoice made by hand.
type manualInvoiceBody struct {
	CustomerID string           `json:"customer_id" minLength:"1" maxLength:"200"`
	Lines      []manualLineBody `json:"lines" minItems:"1" maxItems:"1000"`
	Note       string           `json:"note,omitempty" maxLength:"2000" doc:"An invoice note (BG-1)."`
	Draft      bool             `json:"draft,omitempty" doc:"Keep it as a draft to issue later."`
}

// manualLineBody is one line of a manual invoice.
type manualLineBody struct {
	SKU         string           `json:"sku,omitempty" maxLength:"200" doc:"Our product: its description, unit and VAT rate fill what the line leaves out."`
	Description string           `json:"description,omitempty" maxLength:"1000"`
	Quantity    decimal.Decimal  `json:"quantity"`
	Unit        string           `json:"unit,omitempty" maxLength:"3" doc:"UN/ECE Rec. 20 unit; C62 (piece) when neither the line nor the product says."`
	UnitPrice   decimal.Decimal  `json:"unit_price" doc:"Net price per unit."`
	VATRate     *decimal.Decimal `json:"vat_rate,omitempty" doc:"Percent; the product's when left out."`
}

func (b manualInvoiceBody) params() app.ManualInvoice {
	p := app.ManualInvoice{CustomerID: b.CustomerID, Note: b.Note, Draft: b.Draft}
	for _, l := range b.Lines {
		p.Lines = append(p.Lines, app.ManualLine{SKU: l.SKU, Description: l.Description, Quantity: l.Quantity, Unit: l.Unit,
			UnitPrice: l.UnitPrice, VATRate: l.VATRate})
	}
	return p
}

// creditBody is what a credit note gives back.
type creditBody struct {
	Reason string           `json:"reason" minLength:"1" maxLength:"1000" doc:"Why: it is written on the credit note."`
	Lines  []creditLineBody `json:"lines,omitempty" doc:"The lines to credit; every line of the invoice when left out."`
}

type creditLineBody struct {
	LineID   string           `json:"line_id" minLength:"1" doc:"The invoice line's id (BT-126)."`
	Quantity *decimal.Decimal `json:"quantity,omitempty" doc:"How much of it; the whole line when left out."`
}

// settingsBody is how a customer is invoiced.
type settingsBody struct {
	Mode      string `json:"mode" enum:"per_order,weekly,monthly" doc:"One invoice per order on shipment, or one per week or month."`
	Format    string `json:"format" enum:"facturx,pdf,ubl,cii,invoic,810"`
	Language  string `json:"language,omitempty" enum:"en,fr,de" doc:"The customer's country's when left out."`
	Email     string `json:"email,omitempty" maxLength:"320" doc:"Where invoices are mailed; the customer's e-mail address when left out."`
	Reminders *bool  `json:"reminders,omitempty" doc:"Follow up overdue invoices; true when left out."`
}

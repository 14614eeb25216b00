package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// routePayments serves bank statements and the reconciliation of their transactions. pay nil
// makes a service on the orders' store that posts nothing to the ERP. The invoice scopes cover
// it: the same people receive the money that they invoice.
func (s *server) routePayments(pay *app.Payments) {
	if pay == nil {
		if s.orders == nil {
			return
		}
		pay = app.NewPayments(s.orders.Store)
		pay.Now, pay.Location, pay.Log = s.orders.Now, s.orders.Location, s.log
	}
	s.payments = pay
	s.routeBankMappings(pay) // bank_mappings.go
	const tag = "Bank"
	read, write := o2c.ScopeInvoicesRead, o2c.ScopeInvoicesWrite

	op := s.operation(http.MethodPost, "/bank/statements", "upload-statement", tag, write, "Import a bank statement file")
	op.Description += " The body is the file itself: camt.052/053/054, MT940/942 or a bank's CSV export. Its statements and " +
		"transactions are stored (a statement or entry seen before creates nothing new), then its credits are matched " +
		"to the open invoices: applied when the engine is sure and the statement adds up, else proposed."
	op.Metadata[metaBody] = &huma.RequestBody{Required: true, Description: "The statement file.",
		Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}
	op.Errors = append(op.Errors, http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge)
	huma.Register(s.api, op, func(ctx context.Context, in *uploadInput) (*importOutput, error) {
		rep, err := pay.Import(ctx, uploadName(in), bytes.Clone(in.RawBody), actor(ctx))
		if err != nil {
			return nil, err
		}
		return &importOutput{Body: rep}, nil
	})

	op = s.operation(http.MethodGet, "/bank/statements", "list-statements", tag, read, "List imported statements, newest first")
	huma.Register(s.api, op, func(ctx context.Context, in *listStatementsInput) (*listStatementsOutput, error) {
		list, total, err := pay.Statements(ctx, o2c.StatementFilter{Flagged: in.Flagged, Offset: in.Offset, Limit: in.Limit})
		if err != nil {
			return nil, err
		}
		if list == nil {
			list = []*o2c.BankStatement{}
		}
		return &listStatementsOutput{Body: listPage[*o2c.BankStatement]{Items: list, Total: total, Offset: in.Offset, Limit: in.Limit}}, nil
	})

	op = pathID(s.operation(http.MethodGet, "/bank/statements/{id}", "get-statement", tag, read, "Get a statement with its transactions"), "statement")
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*statementOutput, error) {
		id, err := parseID("statement", in.ID)
		if err != nil {
			return nil, err
		}
		st, err := pay.Statement(ctx, id)
		if err != nil {
			return nil, err
		}
		txs, _, err := pay.Transactions(ctx, o2c.BankTxFilter{StatementID: id, Limit: 1000})
		if err != nil {
			return nil, err
		}
		if txs == nil {
			txs = []*o2c.BankTransaction{}
		}
		return &statementOutput{Body: statementView{BankStatement: st, Entries: txs}}, nil
	})

	op = s.operation(http.MethodGet, "/bank/transactions", "list-bank-transactions", tag, read, "List bank transactions in booking order")
	op.Description += " status=suggested is the reconciliation queue."
	huma.Register(s.api, op, func(ctx context.Context, in *listBankTxInput) (*listBankTxOutput, error) {
		f, err := in.filter()
		if err != nil {
			return nil, err
		}
		list, total, err := pay.Transactions(ctx, f)
		if err != nil {
			return nil, err
		}
		if list == nil {
			list = []*o2c.BankTransaction{}
		}
		return &listBankTxOutput{Body: listPage[*o2c.BankTransaction]{Items: list, Total: total, Offset: in.Offset, Limit: in.Limit}}, nil
	})

	apply := s.body(reflect.TypeFor[applyBody]())
	op = pathID(withBody(s.operation(http.MethodPost, "/bank/transactions/{id}/apply", "apply-bank-transaction", tag, write,
		"Match a bank transaction by hand"), apply.schema, "The allocations: to invoices (payment, write_off, discount) and to the customer's credit."), "bank transaction")
	op.Description += " 422 with faults when the allocations break a rule (more than an invoice owes, more than was received); " +
		"409 when it is applied already. The payer's IBAN and name are learned for the next payments."
	op.Errors = append(op.Errors, http.StatusConflict)
	huma.Register(s.api, op, func(ctx context.Context, in *invoiceBodyInput) (*bankTxOutput, error) {
		id, err := parseID("bank transaction", in.ID)
		if err != nil {
			return nil, err
		}
		var b applyBody
		if err := apply.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		bt, err := pay.Apply(ctx, id, b.allocations(), actor(ctx))
		if err != nil {
			return nil, err
		}
		return s.bankTxView(ctx, pay, bt)
	})

	reason := s.body(reflect.TypeFor[reasonBody]())
	for _, action := range []struct {
		path, id, summary, doc string
		do                     func(context.Context, int64, string, string) (*o2c.BankTransaction, error)
	}{
		{"reverse", "reverse-bank-transaction", "Reverse what was applied of a bank transaction",
			" Every live allocation is undone: the invoices owe again, the customer's credit goes. 409 when nothing is applied.", pay.Reverse},
		{"ignore", "ignore-bank-transaction", "Set a bank transaction aside as no customer's payment",
			" 409 when something is applied to it: reverse it first.", pay.Ignore},
	} {
		op = pathID(withBody(s.operation(http.MethodPost, "/bank/transactions/{id}/"+action.path, action.id, tag, write, action.summary),
			reason.schema, "Why."), "bank transaction")
		op.Description += action.doc
		op.Errors = append(op.Errors, http.StatusConflict)
		huma.Register(s.api, op, func(ctx context.Context, in *invoiceBodyInput) (*bankTxOutput, error) {
			id, err := parseID("bank transaction", in.ID)
			if err != nil {
				return nil, err
			}
			var b reasonBody
			if err := reason.read(in.ContentType, in.RawBody, &b); err != nil {
				return nil, err
			}
			bt, err := action.do(ctx, id, b.Reason, actor(ctx))
			if err != nil {
				return nil, err
			}
			return s.bankTxView(ctx, pay, bt)
		})
	}
}

// bankTxView answers a transaction with its ledger lines.
func (s *server) bankTxView(ctx context.Context, pay *app.Payments, bt *o2c.BankTransaction) (*bankTxOutput, error) {
	allocs, err := pay.Allocations(ctx, bt.ID)
	if err != nil {
		return nil, err
	}
	if allocs == nil {
		allocs = []*o2c.Allocation{}
	}
	return &bankTxOutput{Body: bankTxView{BankTransaction: bt, Allocations: allocs}}, nil
}

type importOutput struct{ Body app.StatementReport }

type listStatementsInput struct {
	Flagged bool `query:"flagged" doc:"Only statements that do not add up."`
	Offset  int  `query:"offset" minimum:"0" default:"0"`
	Limit   int  `query:"limit" minimum:"1" maximum:"1000" default:"100"`
}

type listStatementsOutput struct{ Body listPage[*o2c.BankStatement] }

// statementView is a statement with its transactions.
type statementView struct {
	*o2c.BankStatement
	Entries []*o2c.BankTransaction `json:"entries"`
}

type statementOutput struct{ Body statementView }

type listBankTxInput struct {
	Status      []string `query:"status,explode" doc:"Transactions in any of these statuses (unmatched, suggested, matched, partial, ignored)."`
	StatementID int64    `query:"statement_id" minimum:"0"`
	Offset      int      `query:"offset" minimum:"0" default:"0"`
	Limit       int      `query:"limit" minimum:"1" maximum:"1000" default:"100"`
}

func (in *listBankTxInput) filter() (o2c.BankTxFilter, error) {
	f := o2c.BankTxFilter{StatementID: in.StatementID, Offset: in.Offset, Limit: in.Limit}
	for _, v := range in.Status {
		for part := range strings.SplitSeq(v, ",") {
			st := o2c.BankTxStatus(strings.TrimSpace(part))
			switch {
			case st == "":
			case !st.Valid():
				return f, o2c.Invalid(o2c.Fault{Rule: ruleParam, Path: "query.status",
					Message: fmt.Sprintf("unknown status %q; expected one of %s", st, strings.Join(names(o2c.BankTxStatuses), ", "))})
			case !slices.Contains(f.Status, st):
				f.Status = append(f.Status, st)
			}
		}
	}
	return f, nil
}

type listBankTxOutput struct {
	Body listPage[*o2c.BankTransaction]
}

// bankTxView is a transaction with its ledger lines, reversed ones included.
type bankTxView struct {
	*o2c.BankTransaction
	Allocations []*o2c.Allocation `json:"allocations"`
}

type bankTxOutput struct{ Body bankTxView }

// applyBody is a manual match.
type applyBody struct {
	Allocations []allocationBody `json:"allocations" minItems:"1" maxItems:"500"`
}

type allocationBody struct {
	Kind          string          `json:"kind,omitempty" enum:"payment,write_off,discount,credit" doc:"payment when left out."`
	InvoiceID     int64           `json:"invoice_id,omitempty" minimum:"0" doc:"The invoice, by id or number; none for a credit."`
	InvoiceNumber string          `json:"invoice_number,omitempty" maxLength:"100"`
	CustomerID    string          `json:"customer_id,omitempty" maxLength:"200" doc:"Whose account a credit goes to; the invoices' customer when left out."`
	Amount        decimal.Decimal `json:"amount"`
}

func (b applyBody) allocations() []o2c.AllocationInput {
	out := make([]o2c.AllocationInput, len(b.Allocations))
	for i, a := range b.Allocations {
		out[i] = o2c.AllocationInput{Kind: o2c.AllocationKind(a.Kind), InvoiceID: a.InvoiceID, InvoiceNumber: a.InvoiceNumber,
			CustomerID: a.CustomerID, Amount: a.Amount}
	}
	return out
}

// reasonBody says why.
type reasonBody struct {
	Reason string `json:"reason" minLength:"1" maxLength:"1000"`
}

package web

import (
	"net/http"
	"strings"

	"github.com/o2c-project/o2c"
)

// The cash pages of the staff app (issue 7): bank statements and their upload, the
// reconciliation queue, the dispute board, the receivables report and a customer's account.
// Whoever sees invoices sees them; whoever manages invoices acts on them. This file holds the
// routes and what the pages share; each page has its own file.

// cashPrefix is where the cash pages live.
const cashPrefix = uiPrefix + "/cash"

func (u *ui) cashRoutes() []uiRoute {
	view, manage := o2c.PermViewInvoices, o2c.PermManageInvoices
	return []uiRoute{
		{"GET " + cashPrefix + "/statements", view, u.cashStatements},
		{"POST " + cashPrefix + "/statements", manage, u.cashUpload},
		{"GET " + cashPrefix + "/statements/{id}", view, u.cashStatement},
		{"GET " + cashPrefix + "/queue", view, u.cashQueue},
		{"GET " + cashPrefix + "/pick/invoices", view, u.cashPickInvoices},
		{"POST " + cashPrefix + "/transactions/{id}/accept", manage, u.cashAccept},
		{"POST " + cashPrefix + "/transactions/{id}/ignore", manage, u.cashIgnore},
		{"POST " + cashPrefix + "/transactions/{id}/match", manage, u.cashMatch},
		{"POST " + cashPrefix + "/transactions/{id}/reverse", manage, u.cashReverse},
		{"GET " + cashPrefix + "/disputes", view, u.cashDisputes},
		{"GET " + cashPrefix + "/disputes/{id}", view, u.cashDispute},
		{"POST " + cashPrefix + "/disputes/{id}/comment", manage, u.disputeComment},
		{"POST " + cashPrefix + "/disputes/{id}/assign", manage, u.disputeAssign},
		{"POST " + cashPrefix + "/disputes/{id}/resolve", manage, u.disputeResolve},
		{"POST " + cashPrefix + "/disputes/{id}/confirm", manage, u.disputeConfirm},
		{"POST " + cashPrefix + "/disputes/{id}/dismiss", manage, u.disputeDismiss},
		{"GET " + cashPrefix + "/receivables", view, u.cashReceivables},
		{"GET " + cashPrefix + "/customers/{id}", view, u.cashCustomer},
		{"GET " + cashPrefix + "/customers/{id}/statement", view, u.cashCustomerStatement},
	}
}

// bankTxClasses colour transaction statuses with the palette of the other pages: amber for a
// person to look at, violet for a proposal, green and cyan once money is applied, grey set aside.
var bankTxClasses = map[o2c.BankTxStatus]string{
	o2c.BankTxUnmatched: "st-review", o2c.BankTxSuggested: "st-approved", o2c.BankTxPartial: "st-erp",
	o2c.BankTxMatched: "st-done", o2c.BankTxIgnored: "st-other",
}

// disputeClasses colour dispute statuses the same way.
var disputeClasses = map[o2c.DisputeStatus]string{
	o2c.DisputeProposed: "st-approved", o2c.DisputeOpen: "st-review", o2c.DisputeInProgress: "st-progress",
	o2c.DisputeResolved: "st-done", o2c.DisputeDismissed: "st-other",
}

// label is a code as people read it: "in_progress" is "In progress".
func label[S ~string](s S) string { return statusLabel(o2c.OrderStatus(s)) }

// canManage reports whether the signed-in user may act on cash.
func canManage(r *http.Request) bool {
	sess := sessionFrom(r.Context())
	return sess != nil && sess.user.Role.Can(o2c.PermManageInvoices)
}

// actorOfUI is who the app records as acting for a request of the web app.
func actorOfUI(r *http.Request) string { return sessionFrom(r.Context()).user.Actor() }

// refusal sorts an error of an action: a rule the app refused (CodeInvalid, CodeConflict) is
// shown on the page with its status and messages; ok false means any other error, for u.fail.
func refusal(err error) (status int, msgs []string, ok bool) {
	switch o2c.ErrorCode(err) {
	case o2c.CodeInvalid:
		status = http.StatusUnprocessableEntity
	case o2c.CodeConflict:
		status = http.StatusConflict
	default:
		return 0, nil, false
	}
	for _, f := range o2c.ErrorFaults(err) {
		msgs = append(msgs, f.Message)
	}
	if len(msgs) == 0 {
		msgs = []string{o2c.ErrorMessage(err)}
	}
	return status, msgs, true
}

// isHTMX reports whether htmx sent the request (it swaps the answer into the page).
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// seeOther sends the browser on after an action: htmx by its header, a plain form by a redirect.
func seeOther(w http.ResponseWriter, r *http.Request, target string) {
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", target)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// customerName is a customer's name, or "" when unknown.
func (u *ui) customerName(r *http.Request, id string, cache map[string]string) string {
	if id == "" || u.md == nil {
		return ""
	}
	if n, ok := cache[id]; ok {
		return n
	}
	n := ""
	if c, err := u.md.Customer(r.Context(), id); err == nil {
		n = c.Name
	}
	cache[id] = n
	return n
}

// oneLine shortens a text of several lines to one for a table cell.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// pathIDOf parses the {id} of the path as what it names; a bad one is not found.
func pathIDOf(r *http.Request, what string) (int64, error) { return parseID(what, r.PathValue("id")) }

package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
)

// The dispute board (a column per status, the late ones in red) and one dispute's page: its
// thread, who owns it and by when, and how it ends.

// disputeColumnLimit bounds the cards of a column; recentlyClosed how many closed ones show.
const (
	disputeColumnLimit = 200
	recentlyClosed     = 12
)

// disputeCard is a dispute as the board and the pages show it.
type disputeCard struct {
	*o2c.Dispute
	CustomerName             string
	StatusLabel, StatusClass string
	ReasonLabel              string
	Late                     bool // its due date has passed and it is not settled
}

func (u *ui) disputeCardOf(r *http.Request, d *o2c.Dispute, today cal.Date, names map[string]string) disputeCard {
	c := disputeCard{Dispute: d, CustomerName: u.customerName(r, d.CustomerID, names), StatusLabel: label(d.Status),
		StatusClass: disputeClasses[d.Status], ReasonLabel: label(d.Reason)}
	c.Late = (d.Status.Active() || d.Status == o2c.DisputeProposed) && !d.DueDate.IsZero() && d.DueDate.Before(today)
	return c
}

// disputeColumn is one status of the board.
type disputeColumn struct {
	Key, Title, Note string
	Cards            []disputeCard
	Total            int
}

// cashDisputes shows the board: proposed, open, in progress, and closed recently.
func (u *ui) cashDisputes(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	today := u.invoices.Today()
	names := map[string]string{}
	cols := []disputeColumn{
		{Key: "proposed", Title: "Proposed", Note: "short payments: confirm or dismiss"},
		{Key: "open", Title: "Open", Note: "not worked on yet"},
		{Key: "in_progress", Title: "In progress"},
		{Key: "closed", Title: "Closed recently", Note: "resolved or dismissed"},
	}
	for i := range cols {
		f := o2c.DisputeFilter{Status: []o2c.DisputeStatus{o2c.DisputeStatus(cols[i].Key)}, Limit: disputeColumnLimit}
		if cols[i].Key == "closed" {
			f.Status = []o2c.DisputeStatus{o2c.DisputeResolved, o2c.DisputeDismissed}
		}
		list, total, err := u.disputes.List(ctx, f)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		cols[i].Total = total
		if cols[i].Key == "closed" {
			// The store sorts by due date; the board wants the latest settled first.
			slices.SortFunc(list, func(a, b *o2c.Dispute) int { return cmp.Or(closedAt(b).Compare(closedAt(a)), cmp.Compare(b.ID, a.ID)) })
			list = list[:min(len(list), recentlyClosed)]
		}
		for _, d := range list {
			cols[i].Cards = append(cols[i].Cards, u.disputeCardOf(r, d, today, names))
		}
	}
	u.render(w, r, http.StatusOK, "cash_disputes", page{Title: "Disputes", Nav: "cash", Data: cols})
}

// closedAt is when a dispute was settled: resolved, else last changed (a dismissal).
func closedAt(d *o2c.Dispute) time.Time {
	if !d.ResolvedAt.IsZero() {
		return d.ResolvedAt
	}
	return d.UpdatedAt
}

// disputeScreen is one dispute's page.
type disputeScreen struct {
	disputeCard
	Invoice     invoiceState
	History     []o2c.AuditEvent
	CanManage   bool
	Me          string // the signed-in user's e-mail, to take a dispute
	Done        string
	Errors      []string
	Comment     string // a comment typed, shown again when refused
	Resolutions []o2c.DisputeResolution
	Today       cal.Date
}

// ResolutionLabel names a way to end a dispute.
func (disputeScreen) ResolutionLabel(r o2c.DisputeResolution) string {
	switch r {
	case o2c.ResolvedByCreditNote:
		return "Credit note: we agree and give it back"
	case o2c.ResolvedByWriteOff:
		return "Write-off: we let it go, no credit note"
	case o2c.ResolvedByRejection:
		return "Reject: the customer owes it after all"
	}
	return string(r)
}

// cashDispute shows one dispute.
func (u *ui) cashDispute(w http.ResponseWriter, r *http.Request) {
	id, err := pathIDOf(r, "dispute")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.showDispute(w, r, http.StatusOK, id, disputeScreen{Done: disputeDone(r.URL.Query().Get("done"))})
}

func (u *ui) showDispute(w http.ResponseWriter, r *http.Request, status int, id int64, s disputeScreen) {
	ctx := r.Context()
	d, err := u.disputes.Dispute(ctx, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	inv, err := u.invoices.Invoice(ctx, d.InvoiceID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if s.History, err = u.disputes.History(ctx, id); err != nil {
		u.fail(w, r, err)
		return
	}
	s.Today = u.invoices.Today()
	s.disputeCard = u.disputeCardOf(r, d, s.Today, map[string]string{})
	s.Invoice, s.CanManage, s.Resolutions = stateOf(inv), canManage(r), o2c.DisputeResolutions
	s.Me = sessionFrom(ctx).user.Email
	title := fmt.Sprintf("Dispute %d", d.ID)
	u.render(w, r, status, "cash_dispute", page{Title: title, Nav: "cash", Data: s})
}

// disputeDone is the banner after an action, from the redirect's query.
func disputeDone(done string) string {
	return map[string]string{
		"commented": "Comment added.",
		"assigned":  "Owner and due date saved.",
		"resolved":  "Resolved: the invoice is released, and reminders follow what it still owes.",
		"confirmed": "Confirmed: the amount is held on the invoice and left out of reminders.",
		"dismissed": "Dismissed: the invoice was never touched.",
	}[done]
}

// disputeAction runs one action on the dispute of the path, then shows it; a refusal shows it
// again with why.
func (u *ui) disputeAction(w http.ResponseWriter, r *http.Request, done string, act func(id int64, actor string) error) {
	id, err := pathIDOf(r, "dispute")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	err = act(id, actorOfUI(r))
	if err == nil {
		seeOther(w, r, fmt.Sprintf("%s/disputes/%d?done=%s", cashPrefix, id, done))
		return
	}
	status, msgs, ok := refusal(err)
	if !ok {
		u.fail(w, r, err)
		return
	}
	u.showDispute(w, r, status, id, disputeScreen{Errors: msgs, Comment: r.PostFormValue("text")})
}

func (u *ui) disputeComment(w http.ResponseWriter, r *http.Request) {
	u.disputeAction(w, r, "commented", func(id int64, actor string) error {
		_, err := u.disputes.Comment(r.Context(), id, r.PostFormValue("text"), actor)
		return err
	})
}

func (u *ui) disputeAssign(w http.ResponseWriter, r *http.Request) {
	u.disputeAction(w, r, "assigned", func(id int64, actor string) error {
		owner := strings.TrimSpace(r.PostFormValue("owner"))
		var due cal.Date
		if v := strings.TrimSpace(r.PostFormValue("due_date")); v != "" {
			var err error
			if due, err = cal.Parse(v); err != nil {
				return o2c.Invalid(o2c.Fault{Rule: "UI-CASH-03", Path: "due_date", Message: fmt.Sprintf("%q is not a date YYYY-MM-DD.", v)})
			}
		}
		_, err := u.disputes.Assign(r.Context(), id, app.AssignParams{Owner: &owner, DueDate: &due}, actor)
		return err
	})
}

func (u *ui) disputeResolve(w http.ResponseWriter, r *http.Request) {
	u.disputeAction(w, r, "resolved", func(id int64, actor string) error {
		_, err := u.disputes.Resolve(r.Context(), id, app.ResolveParams{Resolution: o2c.DisputeResolution(r.PostFormValue("resolution")),
			Note: strings.TrimSpace(r.PostFormValue("note"))}, actor)
		return err
	})
}

func (u *ui) disputeConfirm(w http.ResponseWriter, r *http.Request) {
	u.disputeAction(w, r, "confirmed", func(id int64, actor string) error {
		_, err := u.disputes.Confirm(r.Context(), id, actor)
		return err
	})
}

func (u *ui) disputeDismiss(w http.ResponseWriter, r *http.Request) {
	u.disputeAction(w, r, "dismissed", func(id int64, actor string) error {
		_, err := u.disputes.Dismiss(r.Context(), id, r.PostFormValue("note"), actor)
		return err
	})
}

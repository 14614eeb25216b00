package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// The statements pages: the list of imported statements with the upload form, and one statement
// with its transactions, what each was matched to, and the reversal of an applied one.

// maxStatementBytes bounds an uploaded statement file; a month of a busy account in camt.053 is
// well under it.
const maxStatementBytes = 5 << 20

// stmt is a statement with its balances written for people.
type stmt struct{ *o2c.BankStatement }

// OpeningText is the opening balance with its currency; "" when the format has none.
func (s stmt) OpeningText() string { return balanceText(s.Opening, s.Currency) }

// ClosingText is the closing balance with its currency; "" when the format has none.
func (s stmt) ClosingText() string { return balanceText(s.Closing, s.Currency) }

func balanceText(d *decimal.Decimal, currency string) string {
	if d == nil {
		return ""
	}
	return formatMoney(*d, currency)
}

// statementRow is a statement as the list shows it.
type statementRow struct {
	stmt
	Account                       string
	Applied, Suggested, Unmatched int // transactions matched or partial, proposed, waiting
}

// statementsData is the statements page.
type statementsData struct {
	Rows       []statementRow
	Total      int
	Prev, Next string
	MaxMB      int
	CanUpload  bool
	Report     *app.StatementReport // what an upload just brought
	Error      string               // why an upload was refused
}

// cashStatements lists the imported statements, newest first.
func (u *ui) cashStatements(w http.ResponseWriter, r *http.Request) {
	u.showStatements(w, r, http.StatusOK, statementsData{})
}

func (u *ui) showStatements(w http.ResponseWriter, r *http.Request, status int, d statementsData) {
	ctx := r.Context()
	pg := 1
	if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 1 && p <= 100_000 {
		pg = p
	}
	list, total, err := u.payments.Statements(ctx, o2c.StatementFilter{Offset: (pg - 1) * uiPageSize, Limit: uiPageSize})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	accounts, err := u.accountNames(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d.Total, d.MaxMB, d.CanUpload = total, maxStatementBytes>>20, canManage(r)
	for _, st := range list {
		row := statementRow{stmt: stmt{st}, Account: accounts[st.AccountID]}
		for _, c := range []struct {
			into   *int
			status []o2c.BankTxStatus
		}{
			{&row.Applied, []o2c.BankTxStatus{o2c.BankTxMatched, o2c.BankTxPartial}},
			{&row.Suggested, []o2c.BankTxStatus{o2c.BankTxSuggested}},
			{&row.Unmatched, []o2c.BankTxStatus{o2c.BankTxUnmatched}},
		} {
			if _, *c.into, err = u.payments.Transactions(ctx, o2c.BankTxFilter{StatementID: st.ID, Status: c.status, Limit: 1}); err != nil {
				u.fail(w, r, err)
				return
			}
		}
		d.Rows = append(d.Rows, row)
	}
	if pg > 1 {
		d.Prev = cashPrefix + "/statements?page=" + strconv.Itoa(pg-1)
	}
	if pg*uiPageSize < total {
		d.Next = cashPrefix + "/statements?page=" + strconv.Itoa(pg+1)
	}
	u.render(w, r, status, "cash_statements", page{Title: "Bank statements", Nav: "cash", Data: d})
}

// accountNames names our bank accounts by id: the IBAN in groups of four (else the bank's
// number), and the owner's name.
func (u *ui) accountNames(r *http.Request) (map[int64]string, error) {
	list, err := u.payments.Accounts(r.Context())
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, a := range list {
		name := groupIBAN(a.IBAN)
		if name == "" {
			name = a.Number
		}
		if name == "" {
			name = "Account not named by the file"
		}
		out[a.ID] = name
	}
	return out, nil
}

// groupIBAN writes an IBAN in groups of four, as it is printed.
func groupIBAN(iban string) string {
	var b strings.Builder
	for i, c := range iban {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// cashUpload imports a statement file and shows what it brought, or why it could not be read.
func (u *ui) cashUpload(w http.ResponseWriter, r *http.Request) {
	refuse := func(status int, msg string) { u.showStatements(w, r, status, statementsData{Error: msg}) }
	r.Body = http.MaxBytesReader(w, r.Body, maxStatementBytes+64<<10)
	f, hdr, err := r.FormFile("file")
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		refuse(http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d MB: a bank statement is smaller. Export a shorter period.", maxStatementBytes>>20))
		return
	case err != nil:
		refuse(http.StatusBadRequest, "Choose a statement file to import: camt.053, camt.054, MT940 or the bank's CSV export.")
		return
	}
	defer f.Close()
	if hdr.Size > maxStatementBytes {
		refuse(http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d MB: a bank statement is smaller. Export a shorter period.", maxStatementBytes>>20))
		return
	}
	content, err := io.ReadAll(io.LimitReader(f, maxStatementBytes+1))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	rep, err := u.payments.Import(r.Context(), hdr.Filename, content, actorOfUI(r))
	if o2c.ErrorCode(err) == o2c.CodeInvalid {
		refuse(http.StatusUnprocessableEntity, hdr.Filename+" is not a bank statement o2c can read: "+o2c.ErrorMessage(err))
		return
	} else if err != nil {
		u.fail(w, r, err)
		return
	}
	u.showStatements(w, r, http.StatusOK, statementsData{Report: &rep})
}

// txRow is a bank transaction with the ledger lines it made.
type txRow struct {
	*o2c.BankTransaction
	StatusLabel, StatusClass string
	Live                     []alloc // what it pays now
	Reversed                 int     // allocations undone
	CustomerName             string
}

// PayerIBAN is the counterparty's IBAN in groups of four.
func (t txRow) PayerIBAN() string { return groupIBAN(t.CounterpartyIBAN) }

// alloc is a ledger line as people read it.
type alloc struct{ *o2c.Allocation }

// KindLabel names what the line does: "Payment", "Write off", "Discount", "Credit".
func (a alloc) KindLabel() string { return label(a.Kind) }

// statementScreen is one statement's page.
type statementScreen struct {
	stmt
	Account   string
	Rows      []txRow
	Credits   decimal.Decimal // money in, and out
	Debits    decimal.Decimal
	CanManage bool
	Done      string
	Errors    []string
	ErrorTx   int64 // the transaction the errors are about
}

// cashStatement shows one statement and its transactions.
func (u *ui) cashStatement(w http.ResponseWriter, r *http.Request) {
	id, err := pathIDOf(r, "statement")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	done := ""
	if r.URL.Query().Get("done") == "reversed" {
		done = "Reversed: the invoices owe what they owed before, and the payment waits in the queue."
	}
	u.showStatement(w, r, http.StatusOK, id, statementScreen{Done: done})
}

func (u *ui) showStatement(w http.ResponseWriter, r *http.Request, status int, id int64, d statementScreen) {
	ctx := r.Context()
	st, err := u.payments.Statement(ctx, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	accounts, err := u.accountNames(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	txs, _, err := u.payments.Transactions(ctx, o2c.BankTxFilter{StatementID: id, Limit: 1000})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d.stmt, d.Account, d.CanManage = stmt{st}, accounts[st.AccountID], canManage(r)
	names := map[string]string{}
	for _, t := range txs {
		row, err := u.txRowOf(r, t, names)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		if t.Credit {
			d.Credits = d.Credits.Add(t.Amount)
		} else {
			d.Debits = d.Debits.Add(t.Amount)
		}
		d.Rows = append(d.Rows, row)
	}
	title := "Statement " + strconv.FormatInt(st.ID, 10)
	u.render(w, r, status, "cash_statement", page{Title: title, Nav: "cash", Data: d})
}

// txRowOf reads what a transaction was matched to.
func (u *ui) txRowOf(r *http.Request, t *o2c.BankTransaction, names map[string]string) (txRow, error) {
	allocs, err := u.payments.Allocations(r.Context(), t.ID)
	if err != nil {
		return txRow{}, err
	}
	row := txRow{BankTransaction: t, StatusLabel: label(t.Status), StatusClass: bankTxClasses[t.Status],
		CustomerName: u.customerName(r, t.CustomerID, names)}
	for _, a := range allocs {
		if a.Live() {
			row.Live = append(row.Live, alloc{a})
		} else {
			row.Reversed++
		}
	}
	return row, nil
}

// cashReverse undoes what was applied of a transaction, for a reason, and shows its statement.
func (u *ui) cashReverse(w http.ResponseWriter, r *http.Request) {
	id, err := pathIDOf(r, "bank transaction")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	ctx := r.Context()
	bt, err := u.payments.Transaction(ctx, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	_, err = u.payments.Reverse(ctx, id, strings.TrimSpace(r.PostFormValue("reason")), actorOfUI(r))
	if err == nil {
		seeOther(w, r, fmt.Sprintf("%s/statements/%d?done=reversed#tx-%d", cashPrefix, bt.StatementID, id))
		return
	}
	status, msgs, ok := refusal(err)
	if !ok {
		u.fail(w, r, err)
		return
	}
	u.showStatement(w, r, status, bt.StatementID, statementScreen{Errors: msgs, ErrorTx: id})
}

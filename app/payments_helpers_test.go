package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/postgres"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// cash is the payment service over a fresh store holding two customers, with an ERP that keeps
// what it is told.
type cash struct {
	store *sqlstore.DB
	pay   *app.Payments
	erp   *paymentLog
}

// ourIBAN is the account of every test statement.
const ourIBAN = "DE89370400440532013000"

// onEngines runs fn on SQLite, and on PostgreSQL when O2C_TEST_POSTGRES_URL names a server.
func onEngines(t *testing.T, fn func(t *testing.T, c *cash)) {
	t.Helper()
	engines := []string{"sqlite"}
	if os.Getenv(postgres.TestURLEnv) != "" {
		engines = append(engines, "postgres")
	}
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			fn(t, setupCash(t, engine))
		})
	}
}

func setupCash(t *testing.T, engine string) *cash {
	t.Helper()
	opts := sqlstore.Options{Now: func() time.Time { return now }, Enqueue: sqlstore.DiscardJobs}
	var store *sqlstore.DB
	if engine == "postgres" {
		store = postgres.MustOpenTest(t, opts)
	} else {
		store = sqlite.MustOpenTest(t, opts)
	}
	md := &o2c.MasterData{Customers: []o2c.Customer{
		{ID: "C1", Name: "Bistrot du Port SARL", Country: "FR", Currency: "EUR"},
		{ID: "C2", Name: "Kantine Nord GmbH", Country: "DE", Currency: "EUR"},
	}}
	if _, err := (&app.MasterData{Store: store}).Upsert(t.Context(), md, "test"); err != nil {
		t.Fatal(err)
	}
	c := &cash{store: store, erp: &paymentLog{}}
	c.pay = app.NewPayments(store)
	c.pay.Now, c.pay.ERP = func() time.Time { return now }, c.erp
	c.pay.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	return c
}

// invoice stores an issued (and sent) invoice of customer for gross, due on due.
func (c *cash) invoice(t *testing.T, number, customer, gross, due string) *o2c.Invoice {
	t.Helper()
	amount := decimal.RequireFromString(gross)
	inv := &o2c.Invoice{Number: number, Series: "INV", Kind: o2c.KindInvoice, Status: o2c.InvoiceSent, CustomerID: customer,
		Document: json.RawMessage(`{}`), Currency: "EUR", IssueDate: cal.MustParse("2026-02-01"), DueDate: cal.MustParse(due),
		NetTotal: amount, VATTotal: decimal.Zero, GrossTotal: amount, AmountDue: amount, AmountPaid: decimal.Zero,
		AmountDisputed: decimal.Zero, Format: o2c.FormatPDF, IssuedAt: now.Add(-30 * 24 * time.Hour), SentAt: now.Add(-29 * 24 * time.Hour)}
	if err := c.store.InTx(t.Context(), func(tx o2c.Tx) error { return tx.CreateInvoice(t.Context(), inv) }); err != nil {
		t.Fatal(err)
	}
	return inv
}

func (c *cash) reload(t *testing.T, inv *o2c.Invoice) *o2c.Invoice {
	t.Helper()
	got, err := c.store.FindInvoiceByID(t.Context(), inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func (c *cash) tx(t *testing.T, id int64) *o2c.BankTransaction {
	t.Helper()
	got, err := c.store.FindBankTransactionByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// importFile imports content and fails the test on error.
func (c *cash) importFile(t *testing.T, name string, content []byte) app.StatementReport {
	t.Helper()
	rep, err := c.pay.Import(t.Context(), name, content, "user:ann")
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return rep
}

// transactions returns the stored transactions of a statement, in booking order.
func (c *cash) transactions(t *testing.T, statementID int64) []*o2c.BankTransaction {
	t.Helper()
	list, _, err := c.store.FindBankTransactions(t.Context(), o2c.BankTxFilter{StatementID: statementID})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// wantInvoice fails unless the invoice stored is in status with paid received.
func (c *cash) wantInvoice(t *testing.T, inv *o2c.Invoice, status o2c.InvoiceStatus, paid string) {
	t.Helper()
	got := c.reload(t, inv)
	if got.Status != status || got.AmountPaid.StringFixed(2) != paid {
		t.Fatalf("invoice %s is %s with %s paid, want %s with %s", got.Number, got.Status, got.AmountPaid.StringFixed(2), status, paid)
	}
}

// checkLedger fails unless the ledger holds its rules: every invoice's AmountPaid is the sum of
// its live settling allocations, and no transaction has more cash allocated than it brought.
func (c *cash) checkLedger(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	invoices, _, err := c.store.FindInvoices(ctx, o2c.InvoiceFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invoices {
		live, err := c.store.FindAllocations(ctx, o2c.AllocationFilter{InvoiceID: inv.ID, LiveOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		sum := decimal.Zero
		for _, a := range live {
			if a.Kind.Settles() {
				sum = sum.Add(a.Amount)
			}
		}
		if !sum.Equal(inv.AmountPaid) {
			t.Errorf("invoice %s: live allocations sum to %s, AmountPaid is %s", inv.Number, sum, inv.AmountPaid)
		}
		if inv.AmountPaid.GreaterThan(inv.AmountDue) || inv.AmountPaid.IsNegative() {
			t.Errorf("invoice %s: paid %s of %s", inv.Number, inv.AmountPaid, inv.AmountDue)
		}
	}
	txs, _, err := c.store.FindBankTransactions(ctx, o2c.BankTxFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, bt := range txs {
		live, err := c.store.FindAllocations(ctx, o2c.AllocationFilter{TransactionID: bt.ID, LiveOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		sum := decimal.Zero
		for _, a := range live {
			if a.Kind.Cash() {
				sum = sum.Add(a.Amount)
			}
		}
		if sum.GreaterThan(bt.Amount) {
			t.Errorf("bank transaction %d: %s allocated of %s", bt.ID, sum, bt.Amount)
		}
		if applied := bt.Status == o2c.BankTxMatched || bt.Status == o2c.BankTxPartial; applied != (len(live) > 0) {
			t.Errorf("bank transaction %d is %s with %d live allocations", bt.ID, bt.Status, len(live))
		}
	}
}

// credit returns what a customer has on account in EUR.
func (c *cash) credit(t *testing.T, customer string) string {
	t.Helper()
	list, err := c.store.FindCustomerCredits(t.Context(), customer)
	if err != nil {
		t.Fatal(err)
	}
	sum := decimal.Zero
	for _, cc := range list {
		sum = sum.Add(cc.Amount)
	}
	return sum.StringFixed(2)
}

// paymentLog is an ERP that keeps the keys it is posted, and answers a repeat as the first time.
type paymentLog struct {
	mu   sync.Mutex
	keys []string
}

func (p *paymentLog) PostPayment(_ context.Context, pp o2c.ERPPayment) (o2c.ERPAck, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = append(p.keys, fmt.Sprintf("%s %s %s", pp.IdempotencyKey, pp.Allocation.Kind, pp.Allocation.Amount.StringFixed(2)))
	return o2c.ERPAck{Ref: pp.IdempotencyKey}, nil
}

func (p *paymentLog) posted() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.keys...)
}

// entry is one booking of a test statement.
type entry struct {
	amount   string
	debit    bool
	reversal bool
	ref      string // the bank's reference (AcctSvcrRef)
	e2e      string // end-to-end id
	name     string // payer
	iban     string // payer's IBAN
	text     string // remittance
}

// camt writes a camt.053 statement of our account on 2 March 2026.
func camt(id, opening, closing string, entries ...entry) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M-` + id + `</MsgId><CreDtTm>2026-03-02T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>` + id + `</Id><ElctrncSeqNb>1</ElctrncSeqNb><Acct><Id><IBAN>` + ourIBAN + `</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + opening + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + closing + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>
`)
	for _, e := range entries {
		mark, side, acct := "CRDT", "Dbtr", "DbtrAcct"
		if e.debit {
			mark, side, acct = "DBIT", "Cdtr", "CdtrAcct"
		}
		fmt.Fprintf(&b, `<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd><RvslInd>%t</RvslInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef>
<NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs><RltdPties><%s><Nm>%s</Nm></%s><%s><Id><IBAN>%s</IBAN></Id></%s></RltdPties>
<RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
`, e.amount, mark, e.reversal, e.ref, e.e2e, side, e.name, side, acct, e.iban, acct, e.text)
	}
	b.WriteString(`</Stmt></BkToCstmrStmt></Document>`)
	return []byte(b.String())
}

package web

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// statementFile is a camt.053 of one credit of amount quoting text.
func statementFile(id, amount, text string) string {
	return `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>` + id + `</Id>
<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + amount + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">` + amount + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>` + id + `-1</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Bistrot SARL</Nm></Dbtr><DbtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>` + text + `</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>`
}

func TestPaymentsAPI(t *testing.T) {
	t.Parallel()
	b := setupInvoices(t)
	var inv o2c.Invoice
	b.call(request{method: "POST", path: "/api/v1/invoices", role: "ar", body: manualBody}, http.StatusCreated, &inv)

	t.Run("ErrScope", func(t *testing.T) {
		for _, r := range []request{
			{method: "GET", path: "/api/v1/bank/statements", role: "reader"},
			{method: "POST", path: "/api/v1/bank/statements", role: "arreader", body: "x", contentType: "application/octet-stream"},
			{method: "POST", path: "/api/v1/bank/transactions/1/reverse", role: "arreader", body: `{"reason":"x"}`},
		} {
			expectError(t, b.do(r), http.StatusForbidden, o2c.CodeUnauthorized, "")
		}
	})

	// An upload quoting the invoice pays it.
	var rep app.StatementReport
	b.call(request{method: "POST", path: "/api/v1/bank/statements?filename=march.xml", role: "ar", contentType: "application/octet-stream",
		body: statementFile("S1", "60.00", "Facture "+inv.Number)}, http.StatusOK, &rep)
	if rep.Statements != 1 || rep.Transactions != 1 || rep.Matched != 1 || rep.File != "march.xml" {
		t.Fatalf("import %+v, want one statement whose payment is matched", rep)
	}
	b.call(request{method: "POST", path: "/api/v1/bank/statements", role: "ar", contentType: "application/octet-stream",
		body: statementFile("S1", "60.00", "Facture "+inv.Number)}, http.StatusOK, &rep)
	if rep.Statements != 0 || rep.Duplicates != 1 {
		t.Fatalf("second import %+v, want nothing new", rep)
	}
	expectError(t, b.do(request{method: "POST", path: "/api/v1/bank/statements", role: "ar", contentType: "application/octet-stream",
		body: "hello"}), http.StatusUnprocessableEntity, o2c.CodeInvalid, "")

	var page struct {
		Items []struct {
			ID           int64  `json:"id"`
			Transactions int    `json:"transactions"`
			SHA256       string `json:"sha256"`
		} `json:"items"`
		Total int `json:"total"`
	}
	b.call(request{method: "GET", path: "/api/v1/bank/statements", role: "arreader"}, http.StatusOK, &page)
	if page.Total != 1 || page.Items[0].Transactions != 1 || len(page.Items[0].SHA256) != 64 {
		t.Fatalf("statements %+v", page)
	}
	var st struct {
		ID      int64 `json:"id"`
		Entries []struct {
			ID     int64  `json:"id"`
			Amount string `json:"amount"`
			Status string `json:"status"`
		} `json:"entries"`
	}
	b.call(request{method: "GET", path: fmt.Sprintf("/api/v1/bank/statements/%d", page.Items[0].ID), role: "arreader"}, http.StatusOK, &st)
	if len(st.Entries) != 1 || st.Entries[0].Amount != "60" && st.Entries[0].Amount != "60.00" || st.Entries[0].Status != "matched" {
		t.Fatalf("statement %+v, want its one matched entry of 60.00", st)
	}
	expectError(t, b.do(request{method: "GET", path: "/api/v1/bank/statements/99", role: "arreader"}), http.StatusNotFound, o2c.CodeNotFound, "")
	txPath := fmt.Sprintf("/api/v1/bank/transactions/%d", st.Entries[0].ID)

	type txView struct {
		Status      string `json:"status"`
		Allocations []struct {
			Kind       string `json:"kind"`
			Amount     string `json:"amount"`
			ReversedBy string `json:"reversed_by"`
		} `json:"allocations"`
	}
	var got txView
	b.call(request{method: "POST", path: txPath + "/reverse", role: "ar", body: `{"reason":"wrong invoice"}`}, http.StatusOK, &got)
	if got.Status != "unmatched" || len(got.Allocations) != 1 || got.Allocations[0].ReversedBy != "api:ar" {
		t.Fatalf("reversed %+v", got)
	}
	expectError(t, b.do(request{method: "POST", path: txPath + "/reverse", role: "ar", body: `{"reason":"again"}`}), http.StatusConflict, o2c.CodeConflict, "")
	expectError(t, b.do(request{method: "POST", path: txPath + "/reverse", role: "ar", body: `{}`}), http.StatusUnprocessableEntity, o2c.CodeInvalid, "")

	var queue struct {
		Total int `json:"total"`
	}
	b.call(request{method: "GET", path: "/api/v1/bank/transactions?status=unmatched,suggested", role: "arreader"}, http.StatusOK, &queue)
	if queue.Total != 1 {
		t.Fatalf("queue total %d, want 1", queue.Total)
	}
	expectError(t, b.do(request{method: "GET", path: "/api/v1/bank/transactions?status=lost", role: "arreader"}), http.StatusUnprocessableEntity, o2c.CodeInvalid, "query.status")

	// By hand: 50.00 paid and 10.00 kept as credit; too much is refused with the fault.
	expectError(t, b.do(request{method: "POST", path: txPath + "/apply", role: "ar",
		body: fmt.Sprintf(`{"allocations":[{"invoice_id":%d,"amount":"60.01"}]}`, inv.ID)}), http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.allocations")
	b.call(request{method: "POST", path: txPath + "/apply", role: "ar",
		body: fmt.Sprintf(`{"allocations":[{"invoice_id":%d,"amount":"50.00"},{"kind":"credit","amount":"10.00"}]}`, inv.ID)}, http.StatusOK, &got)
	if got.Status != "matched" || len(got.Allocations) != 3 || got.Allocations[2].Kind != "credit" || got.Allocations[2].Amount != "10" && got.Allocations[2].Amount != "10.00" {
		t.Fatalf("applied %+v, want matched with the payment and the credit", got)
	}
	var after o2c.Invoice
	b.call(request{method: "GET", path: invoicePath(inv.ID, ""), role: "arreader"}, http.StatusOK, &after)
	if after.Status != o2c.InvoicePartiallyPaid || after.AmountPaid.StringFixed(2) != "50.00" {
		t.Fatalf("invoice %s with %s paid, want partially_paid with 50.00", after.Status, after.AmountPaid)
	}
	expectError(t, b.do(request{method: "POST", path: txPath + "/ignore", role: "ar", body: `{"reason":"refund"}`}), http.StatusConflict, o2c.CodeConflict, "")
}

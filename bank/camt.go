package bank

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// camtPrefix starts the namespace of every ISO 20022 cash management message.
const camtPrefix = "urn:iso:std:iso:20022:tech:xsd:camt."

// camtMessages maps a message to its root element under Document and the element of each
// statement (report, notification) inside it.
var camtMessages = map[string]struct {
	format      Format
	root, child string
}{
	"052": {FormatCamt052, "BkToCstmrAcctRpt", "Rpt"},
	"053": {FormatCamt053, "BkToCstmrStmt", "Stmt"},
	"054": {FormatCamt054, "BkToCstmrDbtCdtNtfctn", "Ntfctn"},
}

// Versions of each camt message that ParseCamt reads: .001.02 to .001.13. The elements it reads
// have kept their names and places across them (v8 moved party names under Pty, which is read).
const (
	minCamtVersion = 2
	maxCamtVersion = 13
)

// ParseCamt reads an ISO 20022 camt.052, camt.053 or camt.054 document, versions .001.02 to
// .001.13, matched on the namespace's prefix. It returns one Statement per Rpt, Stmt or Ntfctn.
func ParseCamt(data []byte) ([]Statement, error) {
	root, err := readTree(data)
	if err != nil {
		return nil, err
	}
	if root.name != "Document" {
		return nil, invalid(root.where(), "the root element is <%s>, not the <Document> of a camt message", root.name)
	}
	rest, ok := strings.CutPrefix(root.space, camtPrefix)
	if !ok {
		return nil, invalid(root.where(), "the namespace %q is not an ISO 20022 camt message", root.space)
	}
	parts := strings.Split(rest, ".") // "053.001.08"
	if len(parts) != 3 || parts[1] != "001" {
		return nil, invalid(root.where(), "the namespace %q names no camt message version", root.space)
	}
	msg, ok := camtMessages[parts[0]]
	if !ok {
		return nil, invalid(root.where(), "camt.%s is not a statement: only camt.052, camt.053 and camt.054 are read", parts[0])
	}
	v, err := strconv.Atoi(parts[2])
	if err != nil || len(parts[2]) != 2 || v < minCamtVersion || v > maxCamtVersion {
		return nil, invalid(root.where(), "camt.%s version %s is not read (versions .001.02 to .001.13 are)", parts[0], parts[2])
	}
	body := root.kid(msg.root)
	if body == nil {
		return nil, invalid(root.where(), "a camt.%s document needs a <%s> element", parts[0], msg.root)
	}
	stmts := body.all(msg.child)
	if len(stmts) == 0 {
		return nil, invalid(body.where(), "the message holds no <%s>: there is no statement in it", msg.child)
	}
	var out []Statement
	for i, n := range stmts {
		s, err := camtStatement(n, msg.format)
		if err != nil {
			return nil, err
		}
		s.Version = "camt." + rest
		s.finish(fmt.Sprintf("statements[%d]", i))
		out = append(out, s)
	}
	return out, nil
}

func camtStatement(n *node, f Format) (Statement, error) {
	s := Statement{Format: f, ID: n.str("Id"), Sequence: n.str("ElctrncSeqNb"), Info: n.str("AddtlStmtInf")}
	if s.Sequence == "" {
		s.Sequence = n.str("LglSeqNb")
	}
	if ft := n.kid("FrToDt"); ft != nil {
		var err error
		if s.From, err = camtDate(ft.kid("FrDtTm")); err != nil {
			return s, err
		}
		if s.To, err = camtDate(ft.kid("ToDtTm")); err != nil {
			return s, err
		}
	}
	acct := n.kid("Acct")
	if acct == nil {
		return s, invalid(n.where(), "the statement names no account (<Acct>)")
	}
	s.Account = Account{
		IBAN:     compactIBAN(acct.str("Id", "IBAN")),
		Number:   acct.str("Id", "Othr", "Id"),
		Currency: acct.str("Ccy"),
		Owner:    partyName(acct.kid("Ownr")),
		BIC:      firstOf(acct.str("Svcr", "FinInstnId", "BIC"), acct.str("Svcr", "FinInstnId", "BICFI")),
	}
	for _, b := range n.all("Bal") {
		code := b.str("Tp", "CdOrPrtry", "Cd")
		bal, err := camtBalance(b)
		if err != nil {
			return s, err
		}
		switch code {
		case "OPBD":
			s.Opening = &bal
		case "PRCD":
			if s.Opening == nil {
				s.Opening = &bal
			}
		case "CLBD":
			s.Closing = &bal
		}
	}
	if s.Account.Currency == "" {
		for _, b := range []*Balance{s.Opening, s.Closing} {
			if b != nil {
				s.Account.Currency = b.Currency
				break
			}
		}
	}
	for _, e := range n.all("Ntry") {
		entry, err := camtEntry(e, s.Account.Currency)
		if err != nil {
			return s, err
		}
		s.Entries = append(s.Entries, entry)
	}
	if sum := n.kid("TxsSummry"); sum != nil {
		camtSummary(&s, sum)
	}
	return s, nil
}

// camtSummary compares TxsSummry (number of entries, sums of credits and debits) with the entries.
func camtSummary(s *Statement, sum *node) {
	if nb := sum.str("TtlNtries", "NbOfNtries"); nb != "" && nb != strconv.Itoa(len(s.Entries)) {
		s.fault(RuleCount, sum.path, "the summary counts %s entries but the statement lists %d", nb, len(s.Entries))
		return // the sums will differ too; one fault says it
	}
	for _, t := range []struct {
		elem string
		mark Mark
	}{{"TtlCdtNtries", Credit}, {"TtlDbtNtries", Debit}} {
		want, err := decimal.NewFromString(sum.str(t.elem, "Sum"))
		if err != nil {
			continue
		}
		got := decimal.Zero
		for _, e := range s.Entries {
			if e.Mark == t.mark {
				got = got.Add(e.Amount)
			}
		}
		if !got.Equal(want) {
			s.fault(RuleTotals, sum.path+"/"+t.elem, "the summary says %s but the entries sum to %s", want, got)
		}
	}
}

func camtBalance(b *node) (Balance, error) {
	amt := b.kid("Amt")
	if amt == nil {
		return Balance{}, invalid(b.where(), "the balance has no <Amt>")
	}
	a, err := camtAmount(amt)
	if err != nil {
		return Balance{}, err
	}
	m, err := camtMark(b)
	if err != nil {
		return Balance{}, err
	}
	d, err := camtDate(b.kid("Dt"))
	if err != nil {
		return Balance{}, err
	}
	return Balance{Amount: a, Mark: m, Currency: amt.attr("Ccy"), Date: d}, nil
}

func camtEntry(e *node, accountCcy string) (Entry, error) {
	amt := e.kid("Amt")
	if amt == nil {
		return Entry{}, invalid(e.where(), "the entry has no <Amt>")
	}
	a, err := camtAmount(amt)
	if err != nil {
		return Entry{}, err
	}
	m, err := camtMark(e)
	if err != nil {
		return Entry{}, err
	}
	out := Entry{
		Amount: a, Mark: m, Currency: firstOf(amt.attr("Ccy"), accountCcy),
		EntryRef: e.str("NtryRef"), BankRef: e.str("AcctSvcrRef"), Info: e.str("AddtlNtryInf"),
		Status: StatusBooked,
	}
	if r := e.kid("RvslInd"); r != nil {
		switch r.text {
		case "true", "1":
			out.Reversal = true
		case "false", "0":
		default:
			return Entry{}, invalid(r.where(), "the reversal indicator %q is neither true nor false", r.text)
		}
	}
	if st := e.kid("Sts"); st != nil {
		code := firstOf(st.text, st.str("Cd"), st.str("Prtry"))
		switch code {
		case "BOOK", "PDNG", "INFO":
			out.Status = Status(code)
		case "FUTR":
			out.Status = StatusPending
		default:
			out.Status = Status(code)
		}
	}
	if out.BookingDate, err = camtDate(e.kid("BookgDt")); err != nil {
		return Entry{}, err
	}
	if out.ValueDate, err = camtDate(e.kid("ValDt")); err != nil {
		return Entry{}, err
	}
	out.TxCode = txCode(e.kid("BkTxCd"))
	for _, nd := range e.all("NtryDtls") {
		if nb := nd.str("Btch", "NbOfTxs"); nb != "" {
			if n, err := strconv.Atoi(nb); err == nil && n >= 0 {
				out.BatchSize += n
			}
		}
		for _, tx := range nd.all("TxDtls") {
			d, err := camtDetail(tx, out.Mark)
			if err != nil {
				return Entry{}, err
			}
			out.Details = append(out.Details, d)
		}
	}
	out.EndToEndID = commonEndToEnd(out.Details)
	return out, nil
}

// commonEndToEnd is the end-to-end ID all details share, "" when they differ or give none.
func commonEndToEnd(ds []TransactionDetail) string {
	id := ""
	for i, d := range ds {
		if i > 0 && d.EndToEndID != id {
			return ""
		}
		id = d.EndToEndID
	}
	if !usableRef(id) {
		return ""
	}
	return id
}

func camtDetail(tx *node, entryMark Mark) (TransactionDetail, error) {
	d := TransactionDetail{
		EndToEndID: tx.str("Refs", "EndToEndId"),
		BankRef:    tx.str("Refs", "AcctSvcrRef"),
		MandateID:  tx.str("Refs", "MndtId"),
	}
	amt := tx.kid("Amt")
	if amt == nil {
		amt = tx.kid("AmtDtls", "TxAmt", "Amt")
	}
	if amt != nil {
		a, err := camtAmount(amt)
		if err != nil {
			return d, err
		}
		d.Amount, d.Currency = &a, amt.attr("Ccy")
	}
	if tx.kid("CdtDbtInd") != nil {
		m, err := camtMark(tx)
		if err != nil {
			return d, err
		}
		d.Mark = m
	}
	mark := d.Mark
	if mark == "" {
		mark = entryMark
	}
	// The counterparty of money in is the debtor; of money out, the creditor.
	side, acct, agt := "Cdtr", "CdtrAcct", "CdtrAgt"
	if mark == Credit {
		side, acct, agt = "Dbtr", "DbtrAcct", "DbtrAgt"
	}
	if p := tx.kid("RltdPties"); p != nil {
		d.Counterparty.Name = partyName(p.kid(side))
		d.Counterparty.IBAN = firstOf(compactIBAN(p.str(acct, "Id", "IBAN")), p.str(acct, "Id", "Othr", "Id"))
	}
	if a := tx.kid("RltdAgts", agt, "FinInstnId"); a != nil {
		d.Counterparty.BIC = firstOf(a.str("BIC"), a.str("BICFI"))
	}
	for _, r := range tx.all("RmtInf") {
		for _, u := range r.all("Ustrd") {
			if u.text != "" {
				d.Remittance = append(d.Remittance, u.text)
			}
		}
		for _, st := range r.all("Strd") {
			if ref := st.kid("CdtrRefInf"); ref != nil && d.CreditorRef == "" {
				d.CreditorRef = ref.str("Ref")
				d.CreditorRefType = firstOf(ref.str("Tp", "CdOrPrtry", "Cd"), ref.str("Tp", "CdOrPrtry", "Prtry"))
			}
			for _, add := range st.all("AddtlRmtInf") {
				if add.text != "" {
					d.Remittance = append(d.Remittance, add.text)
				}
			}
		}
	}
	d.ReturnReason = tx.str("RtrInf", "Rsn", "Cd")
	return d, nil
}

// partyName reads a party's name, which v8 and later put under Pty.
func partyName(p *node) string {
	if p == nil {
		return ""
	}
	return firstOf(p.str("Nm"), p.str("Pty", "Nm"))
}

// txCode writes the bank transaction code: "PMNT/RCDT/ESCT" from the ISO domain, else the
// proprietary code.
func txCode(n *node) string {
	if n == nil {
		return ""
	}
	if d := n.kid("Domn"); d != nil {
		return strings.Trim(d.str("Cd")+"/"+d.str("Fmly", "Cd")+"/"+d.str("Fmly", "SubFmlyCd"), "/")
	}
	return n.str("Prtry", "Cd")
}

// camtAmount reads an ISO 20022 amount: digits with an optional '.' and decimals, never a sign.
func camtAmount(n *node) (decimal.Decimal, error) {
	if !isUnsignedDecimal(n.text) {
		return decimal.Decimal{}, invalid(n.where(), "the amount %q is not a decimal number such as 1234.50", n.text)
	}
	if c := n.attr("Ccy"); c != "" && !isCurrencyCode(c) {
		return decimal.Decimal{}, invalid(n.where(), "the currency %q is not an ISO 4217 code", c)
	}
	return decimal.NewFromString(n.text)
}

// camtMark reads CdtDbtInd, CRDT or DBIT.
func camtMark(parent *node) (Mark, error) {
	n := parent.kid("CdtDbtInd")
	if n == nil {
		return "", invalid(parent.where(), "<CdtDbtInd> is missing: credit or debit is not said")
	}
	switch n.text {
	case "CRDT":
		return Credit, nil
	case "DBIT":
		return Debit, nil
	}
	return "", invalid(n.where(), "the credit/debit indicator %q is neither CRDT nor DBIT", n.text)
}

// camtDate reads a date element: <Dt> or <DtTm> inside n, or n's own text; a missing n is no date.
func camtDate(n *node) (cal.Date, error) {
	if n == nil {
		return cal.Date{}, nil
	}
	where, s := n, n.text
	for _, name := range []string{"Dt", "DtTm"} {
		if k := n.kid(name); k != nil {
			where, s = k, k.text
			break
		}
	}
	if s == "" {
		return cal.Date{}, nil
	}
	if len(s) < 10 {
		return cal.Date{}, invalid(where.where(), "the date %q is not written YYYY-MM-DD", s)
	}
	d, err := cal.Parse(s[:10])
	if err != nil {
		return cal.Date{}, invalid(where.where(), "the date %q is not a valid YYYY-MM-DD date", s)
	}
	return d, nil
}

func isUnsignedDecimal(s string) bool {
	intPart, frac, hasPoint := strings.Cut(s, ".")
	return allDigits(intPart) && (!hasPoint || allDigits(frac)) && len(s) <= 40
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// compactIBAN writes an IBAN upper case without spaces.
func compactIBAN(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

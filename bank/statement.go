package bank

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Format names the syntax a statement was read from.
type Format string

// Formats.
const (
	FormatCamt052 Format = "camt.052" // ISO 20022 account report (intraday)
	FormatCamt053 Format = "camt.053" // ISO 20022 end-of-day statement
	FormatCamt054 Format = "camt.054" // ISO 20022 debit/credit notification: entries, no balances
	FormatMT940   Format = "mt940"    // SWIFT customer statement
	FormatMT942   Format = "mt942"    // SWIFT interim transaction report: entries, no balances
	FormatCSV     Format = "csv"      // a bank's CSV export
)

// Mark says which way money moved on the account.
type Mark string

// Marks.
const (
	Credit Mark = "C" // money in; adds to the balance
	Debit  Mark = "D" // money out; takes from the balance
)

// Status is how final an entry is.
type Status string

// Statuses (ISO 20022 EntryStatus codes).
const (
	StatusBooked  Status = "BOOK" // booked on the account; counts in the balances
	StatusPending Status = "PDNG" // not booked yet; does not count in the booked balance
	StatusInfo    Status = "INFO" // information only; never counts
)

// Fault rules a statement may carry: it was read, but what it says does not add up.
const (
	RuleBalance  = "BANK-BALANCE"  // opening balance + booked entries != closing balance
	RuleBatch    = "BANK-BATCH"    // a batch's transaction details do not sum to the entry amount
	RuleCount    = "BANK-COUNT"    // a stated number of entries or transactions differs from those listed
	RuleTotals   = "BANK-TOTALS"   // a stated sum of entries differs from the entries listed
	RuleCurrency = "BANK-CURRENCY" // an entry or balance is in another currency than the account
)

// Statement is one account statement (or report, or notification) as the bank sent it.
type Statement struct {
	Format   Format   `json:"format"`   // the syntax it was read from
	Version  string   `json:"version"`  // camt message version, e.g. "camt.053.001.08"; "" for other formats
	ID       string   `json:"id"`       // the bank's statement identification (camt Stmt/Id, MT940 :20:)
	Sequence string   `json:"sequence"` // statement number (camt ElctrncSeqNb or LglSeqNb, MT940 :28C:)
	From     cal.Date `json:"from"`     // first day covered, when the bank says
	To       cal.Date `json:"to"`       // last day covered, when the bank says
	Account  Account  `json:"account"`  // the account the statement is for
	Opening  *Balance `json:"opening"`  // opening booked balance; nil when the format or file has none
	Closing  *Balance `json:"closing"`  // closing booked balance; nil when the format or file has none
	Entries  []Entry  `json:"entries"`  // the bookings, in file order
	Info     string   `json:"info"`     // statement-level free text (camt AddtlStmtInf, MT940 :86: after the balance)
	// Faults say what does not add up (RuleBalance, RuleBatch, ...), each with where. The statement
	// is still returned: a person looks at it before it is used.
	Faults []o2c.Fault `json:"faults"`
}

// Account identifies the bank account of a statement.
type Account struct {
	IBAN     string `json:"iban"`     // the IBAN, upper case without spaces, when the bank gives one
	Number   string `json:"number"`   // another account identification as written (MT940 :25: "BLZ/account")
	Currency string `json:"currency"` // ISO 4217 code of the account
	Owner    string `json:"owner"`    // the account owner's name, when given
	BIC      string `json:"bic"`      // the servicing bank's BIC, when given
}

// Balance is a booked balance on a day.
type Balance struct {
	Amount   decimal.Decimal `json:"amount"`   // never negative; Mark gives the sign
	Mark     Mark            `json:"mark"`     // Credit for a positive balance, Debit for an overdraft
	Currency string          `json:"currency"` // ISO 4217
	Date     cal.Date        `json:"date"`     // the day the balance is for
}

// Signed returns the balance as a signed amount: negative when it is a debit balance.
func (b Balance) Signed() decimal.Decimal { return signed(b.Amount, b.Mark) }

// Entry is one booking on the account. A batch booking (one amount for many payments) lists its
// payments in Details.
type Entry struct {
	Amount      decimal.Decimal `json:"amount"`       // never negative; Mark gives the direction
	Mark        Mark            `json:"mark"`         // Credit or Debit, after any reversal
	Currency    string          `json:"currency"`     // ISO 4217
	BookingDate cal.Date        `json:"booking_date"` // the day the bank booked it
	ValueDate   cal.Date        `json:"value_date"`   // the day interest counts from
	// Reversal marks a booking that undoes an earlier one (camt RvslInd, MT940 RC/RD). Mark is
	// already the direction of this booking: the reversal of a credit is a Debit.
	Reversal bool   `json:"reversal"`
	Status   Status `json:"status"`    // BOOK unless the bank says otherwise
	EntryRef string `json:"entry_ref"` // the bank's entry reference (camt NtryRef)
	// CustomerRef is the account owner's reference (MT940 :61: before "//"); not unique, so
	// never part of the natural key's reference.
	CustomerRef string `json:"customer_ref"`
	BankRef     string `json:"bank_ref"` // the account servicer's reference (camt AcctSvcrRef, MT940 after "//")
	TxCode      string `json:"tx_code"`  // bank transaction code: "PMNT/RCDT/ESCT", an MT940 "NTRF", a GVC "166"
	Info        string `json:"info"`     // free text: camt AddtlNtryInf, MT940 :86: (its posting text ?00 when structured)
	// Supplementary holds the MT940 :61: supplementary details (lines after the first), such as
	// the original amount and charges "/OCMT/EUR11,85//CHGS/EUR0,50/" or a counterparty's name.
	Supplementary string `json:"supplementary"`
	BatchSize     int    `json:"batch_size"` // number of transactions the bank says the booking holds; 0 when not said
	// EndToEndID is the payer's end-to-end reference when the entry is one payment ("" for a batch
	// with different ones, or "NOTPROVIDED").
	EndToEndID string              `json:"end_to_end_id"`
	Details    []TransactionDetail `json:"details"` // the payments inside the booking
	Key        string              `json:"key"`     // natural key for dedupe on import; see the package doc
}

// Signed returns the entry amount with its sign: negative for a debit.
func (e Entry) Signed() decimal.Decimal { return signed(e.Amount, e.Mark) }

// TransactionDetail is one payment inside an entry.
type TransactionDetail struct {
	// Amount is the payment's amount in the entry's currency; nil when the bank does not give it
	// (then it is the entry's amount, if the entry has one detail).
	Amount     *decimal.Decimal `json:"amount"`
	Mark       Mark             `json:"mark"`          // "" when not given: the entry's
	Currency   string           `json:"currency"`      // "" when not given: the entry's
	EndToEndID string           `json:"end_to_end_id"` // the payer's end-to-end reference (SEPA EREF)
	BankRef    string           `json:"bank_ref"`      // the account servicer's reference of the payment
	MandateID  string           `json:"mandate_id"`    // SEPA direct debit mandate (MREF)
	// Counterparty is the other side: the payer of a credit, the payee of a debit.
	Counterparty Party `json:"counterparty"`
	// Remittance is the unstructured remittance text, one line per element or subfield, as sent.
	Remittance []string `json:"remittance"`
	// CreditorRef is the structured creditor reference (ISO 11649 "RF..", Swiss QR/ISR, Belgian
	// structured communication), and CreditorRefType its type code ("SCOR") or proprietary name.
	CreditorRef     string `json:"creditor_ref"`
	CreditorRefType string `json:"creditor_ref_type"`
	ReturnReason    string `json:"return_reason"` // ISO return reason code of a returned payment (AC04, MS03)
}

// Party is a payer or payee.
type Party struct {
	Name string `json:"name"` // as the bank writes it
	IBAN string `json:"iban"` // upper case without spaces; or another account number when there is no IBAN
	BIC  string `json:"bic"`  // their bank
}

func signed(a decimal.Decimal, m Mark) decimal.Decimal {
	if m == Debit {
		return a.Neg()
	}
	return a
}

// canonical writes an amount without trailing zeros, so that "12.50" and "12.5" key alike.
func canonical(d decimal.Decimal) string {
	s := d.String()
	if strings.ContainsRune(s, '.') {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "" || s == "-" {
		return "0"
	}
	return s
}

// finish checks what a statement says against itself and gives every entry its natural key. Every
// parser calls it last.
func (s *Statement) finish(path string) {
	s.checkBalances(path)
	s.checkCurrencies(path)
	for i := range s.Entries {
		s.checkBatch(i, fmt.Sprintf("%s.entries[%d]", path, i))
	}
	s.assignKeys()
}

// checkBalances adds a RuleBalance fault when opening + booked entries != closing.
func (s *Statement) checkBalances(path string) {
	if s.Opening == nil || s.Closing == nil {
		return
	}
	sum := s.Opening.Signed()
	for _, e := range s.Entries {
		if e.Status == StatusBooked || e.Status == "" {
			sum = sum.Add(e.Signed())
		}
	}
	if !sum.Equal(s.Closing.Signed()) {
		s.fault(RuleBalance, path+".closing", "opening balance %s plus the booked entries is %s, but the closing balance is %s (%s off)",
			s.Opening.Signed(), sum, s.Closing.Signed(), s.Closing.Signed().Sub(sum))
	}
	for _, b := range []*Balance{s.Opening, s.Closing} {
		if s.Account.Currency != "" && b.Currency != "" && b.Currency != s.Account.Currency {
			s.fault(RuleCurrency, path, "a balance is in %s but the account is in %s", b.Currency, s.Account.Currency)
			break
		}
	}
}

// checkCurrencies adds a RuleCurrency fault for the first entry in another currency than the
// account's: its amount cannot count in the account's balance as it is.
func (s *Statement) checkCurrencies(path string) {
	for i, e := range s.Entries {
		if s.Account.Currency != "" && e.Currency != "" && e.Currency != s.Account.Currency {
			s.fault(RuleCurrency, fmt.Sprintf("%s.entries[%d]", path, i), "the entry is in %s but the account is in %s", e.Currency, s.Account.Currency)
			return
		}
	}
}

// checkBatch adds a RuleBatch fault when the amounts of an entry's details do not sum to it, and a
// RuleCount fault when the bank's stated number of transactions differs from the details listed.
func (s *Statement) checkBatch(i int, path string) {
	e := &s.Entries[i]
	if e.BatchSize > 0 && len(e.Details) > 0 && e.BatchSize != len(e.Details) {
		s.fault(RuleCount, path+".details", "the bank says the batch holds %d transactions but lists %d", e.BatchSize, len(e.Details))
	}
	if len(e.Details) < 2 {
		return
	}
	sum := decimal.Zero
	for _, d := range e.Details {
		if d.Amount == nil || d.Currency != "" && e.Currency != "" && d.Currency != e.Currency {
			return // no amount to compare, or one in another currency (an instructed amount)
		}
		m := d.Mark
		if m == "" {
			m = e.Mark
		}
		sum = sum.Add(signed(*d.Amount, m))
	}
	if !sum.Equal(e.Signed()) {
		s.fault(RuleBatch, path+".details", "the %d transaction details sum to %s but the entry is %s", len(e.Details), sum, e.Signed())
	}
}

// RuleSyntax is the rule of the Fault in every error for a file that cannot be read.
const RuleSyntax = "BANK-SYNTAX"

// invalid returns the CodeInvalid error for a file that cannot be read, the fault at path.
func invalid(path, format string, args ...any) error {
	return o2c.Invalid(o2c.Fault{Rule: RuleSyntax, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (s *Statement) fault(rule, path, format string, args ...any) {
	s.Faults = append(s.Faults, o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
}

// assignKeys gives each entry its natural key (see the package doc).
func (s *Statement) assignKeys() {
	account := s.Account.IBAN
	if account == "" {
		account = s.Account.Number
	}
	seen := map[string]int{}
	for i := range s.Entries {
		k := s.Entries[i].baseKey(account)
		seen[k]++
		if n := seen[k]; n > 1 {
			k += fmt.Sprintf("#%d", n)
		}
		s.Entries[i].Key = k
	}
}

func (e *Entry) baseKey(account string) string {
	day := e.BookingDate
	if day.IsZero() {
		day = e.ValueDate
	}
	head := strings.Join([]string{account, day.String(), string(e.Mark), canonical(e.Amount)}, "|")
	if ref := e.reference(); ref != "" {
		return head + "|ref:" + ref
	}
	h := sha256.New()
	write := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
	}
	write(e.ValueDate.String(), e.Currency, e.EntryRef, e.CustomerRef, e.EndToEndID, e.TxCode, e.Info, string(e.Status))
	for _, d := range e.Details {
		write(d.EndToEndID, d.BankRef, d.MandateID, d.Counterparty.Name, d.Counterparty.IBAN, d.CreditorRef)
		write(d.Remittance...)
	}
	return head + "|h:" + hex.EncodeToString(h.Sum(nil))[:16]
}

// reference is the bank's own reference of the entry, "" when it gives none worth keying on.
func (e *Entry) reference() string {
	for _, r := range []string{e.BankRef, e.EntryRef} {
		if usableRef(r) {
			return r
		}
	}
	if len(e.Details) == 1 && usableRef(e.Details[0].BankRef) {
		return e.Details[0].BankRef
	}
	return ""
}

// usableRef reports whether a reference identifies something: not empty, not NONREF/NOTPROVIDED.
func usableRef(r string) bool {
	switch strings.ToUpper(strings.TrimSpace(r)) {
	case "", "NONREF", "NOTPROVIDED", "NONE", "N/A":
		return false
	}
	return true
}

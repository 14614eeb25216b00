package bank

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

func parseCorpus(t *testing.T, file string) []Statement {
	t.Helper()
	ss, err := Parse(file, readCorpus(t, file))
	if err != nil {
		t.Fatalf("Parse %s: %v", file, err)
	}
	return ss
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func eqDec(t *testing.T, what string, got *decimal.Decimal, want string) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = nil, want %s", what, want)
		return
	}
	if !got.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// The German structured :86: (?00 posting text, ?20-?29 remittance with SEPA tags, ?30 BIC, ?31
// IBAN, ?32-?33 name), read from the Commerzbank sample, where subfields wrap across lines.
func TestMT940GermanStructured(t *testing.T) {
	t.Parallel()
	e := parseCorpus(t, "mt940/jejik/commerzbank.sta")[0].Entries[0]
	d := e.Details[0]
	eq(t, "tx code (GVC)", e.TxCode, "109")
	eq(t, "posting text ?00", e.Info, "SEPA-LASTSCHR. RETOURE CORE")
	eq(t, "customer ref", e.CustomerRef, "KREF+")
	eq(t, "bank ref", e.BankRef, "2016021783252833")
	eq(t, "supplementary", e.Supplementary, "/OCMT/EUR11,85//CHGS/EUR0,50/")
	eq(t, "EREF across ?20/?21", d.EndToEndID, "A1.200080779.400143254.4961336")
	eq(t, "entry end-to-end", e.EndToEndID, d.EndToEndID)
	eq(t, "MREF across a line break", d.MandateID, "20852HW2723821")
	eq(t, "name ?32+?33", d.Counterparty.Name, "TESTEREL")
	eq(t, "IBAN ?31", d.Counterparty.IBAN, "DE50712345600200691329")
	eq(t, "BIC ?30", d.Counterparty.BIC, "CSDBDE71XXX")
	eq(t, "remittance SVWZ", strings.Join(d.Remittance, "|"), "SONSTIGE GRUENDE ENDABRECHNUNG NR. 500106875 ZU VERTRA400143254, KUNDENNUM MER 202227779")
	eq(t, "key", e.Key, "25040066/0123456789|2020-06-08|D|12.35|ref:2016021783252833")

	v := parseCorpus(t, "mt940/jejik/volksbankenraiffeisenbanken.sta")
	d = v[3].Entries[2].Details[0]
	eq(t, "volksbank name", d.Counterparty.Name, "Helmut und Ulrike Vogthaupt")
	eq(t, "volksbank EREF across ?20/?21", d.EndToEndID, "ZV0100284284592300000002")
	eq(t, "volksbank IBAN", d.Counterparty.IBAN, "DE81500105175436439494")

	// A '?' not followed by two digits is text.
	ss, err := ParseMT940([]byte(":20:R\n:25:X\n:60F:C240101EUR0,\n:61:240101C1,NTRFNONREF\n:86:166?00GUTSCHRIFT?20SVWZ+Rechnung? 12?32X\n:62F:C240101EUR1,\n"))
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "text with '?'", strings.Join(ss[0].Entries[0].Details[0].Remittance, "|"), "Rechnung? 12")

	// Triodos writes '>' for '?'.
	d = parseCorpus(t, "mt940/jejik/triodos.sta")[0].Entries[1].Details[0]
	eq(t, "triodos remittance", strings.Join(d.Remittance, "|"), "HUUR KANTOOR - FEB 2010")
}

// The Dutch structured :86: of ING: /EREF/, /CNTP/iban/bic/name/, /REMI/USTD// and /REMI/STRD/CUR/,
// /RTRN/ for a return.
func TestMT940DutchStructured(t *testing.T) {
	t.Parallel()
	s := parseCorpus(t, "mt940/oca/test-ing.940")[0]
	eq(t, "account IBAN (currency appended)", s.Account.IBAN, "NL77INGB0574908765")
	ret := s.Entries[2]
	d := ret.Details[0]
	eq(t, "return reason", d.ReturnReason, "MS03")
	eq(t, "end-to-end", d.EndToEndID, "20120123456789")
	eq(t, "counterparty", d.Counterparty, Party{Name: "J.Janssen", IBAN: "NL32INGB0000012345", BIC: "INGBNL2A"})
	eq(t, "remittance", strings.Join(d.Remittance, "|"), "Factuurnr 123456 Klantnr 00123")
	strd := s.Entries[6]
	eq(t, "structured amount", strd.Signed().String(), "32.00")
	eq(t, "structured ref", strd.Details[0].CreditorRef, "9001123412341234")
	eq(t, "structured ref type", strd.Details[0].CreditorRefType, "CUR")
	eq(t, "statement info :86: after :62F:", s.Info, "/SUM/4/4/134,46/36,58/")
}

// Reversals: MT940 "RC" is the reversal of a credit, booked as a debit; camt's RvslInd.
func TestReversal(t *testing.T) {
	t.Parallel()
	e := parseCorpus(t, "mt940/wolph/betterplace-sepa_mt9401.sta")[0].Entries[5]
	eq(t, "RC mark", e.Mark, Debit)
	eq(t, "RC reversal", e.Reversal, true)
	eq(t, "RC amount", e.Amount.String(), "204.88")

	c := parseCorpus(t, "camt/camt_parser/camt053_valid_example_v4.xml")[0].Entries[11]
	eq(t, "camt reversal", c.Reversal, true)
	eq(t, "camt mark", c.Mark, Debit)
	eq(t, "camt tx code", c.TxCode, "PMNT/IDDT/PRDD")
}

// Batch bookings: the transaction details sum to the entry; structured references and parties.
func TestCamtBatch(t *testing.T) {
	t.Parallel()
	e := parseCorpus(t, "camt/oca/test-camt053-txdtls.xml")[0].Entries[0]
	eq(t, "details", len(e.Details), 2)
	eq(t, "batch size", e.BatchSize, 2)
	eq(t, "entry ref", e.EntryRef, "012345678")
	eq(t, "bank ref", e.BankRef, "20170323001234567891234567891234")
	eq(t, "tx code", e.TxCode, "PMNT/RCDT/VCOM")
	eqDec(t, "detail 0 amount", e.Details[0].Amount, "2187.00")
	eqDec(t, "detail 1 amount", e.Details[1].Amount, "1296.00")
	d := e.Details[0]
	eq(t, "payer", d.Counterparty, Party{Name: "Banque Cantonale Vaudoise", IBAN: "CH2222000000123456789", BIC: "POFICHBEXXX"})
	eq(t, "ISR ref", d.CreditorRef, "302388292000011111111111111")
	eq(t, "ISR ref type", d.CreditorRefType, "ISR Reference")

	s := parseCorpus(t, "camt/oca/test-camt053.xml")[0]
	eq(t, "batch details", len(s.Entries[1].Details), 2)
	eqDec(t, "batch detail 0", s.Entries[1].Details[0].Amount, "564.05")
	for _, f := range s.Faults {
		if f.Rule == RuleBatch {
			t.Errorf("564.05 + 100.00 is the entry's 664.05, yet: %v", f)
		}
	}

	// Change one detail's amount: the statement is still read, and flagged.
	b := strings.Replace(string(readCorpus(t, "camt/oca/test-camt053-txdtls.xml")), `<Amt Ccy="CHF">1296.00</Amt>`, `<Amt Ccy="CHF">1295.00</Amt>`, 1)
	ss, err := ParseCamt([]byte(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := faultRules(ss[0].Faults); got != RuleBatch {
		t.Fatalf("faults = %q, want %s", got, RuleBatch)
	}
	eq(t, "fault path", ss[0].Faults[0].Path, "statements[0].entries[0].details")
}

func TestCamtParties(t *testing.T) {
	t.Parallel()
	d := parseCorpus(t, "camt/genkgo/camt053.v2.minimal.xml")[0].Entries[0].Details[0]
	eq(t, "debtor name", d.Counterparty.Name, "NAME NAME")
	eq(t, "debtor IBAN", d.Counterparty.IBAN, "NL56AGDH9619008421")
	eq(t, "SCOR", d.CreditorRef, "4654654654654654")
	eq(t, "SCOR type", d.CreditorRefType, "SCOR")

	// v8 puts the name under Pty; a debit's counterparty is the creditor.
	e := parseCorpus(t, "camt/camt_parser/camt053_valid_example_v8.xml")[0].Entries[2]
	eq(t, "v8 creditor", e.Details[0].Counterparty.Name, "DHL Express (Schweiz) AG")
	eq(t, "QR reference", e.Details[0].CreditorRef, "000000270148751802165444888")
	eq(t, "v8 status in <Sts><Cd>", e.Status, StatusBooked)
}

// MT942 carries no balances: :90D:/:90C: count and sum the entries instead.
func TestMT942(t *testing.T) {
	t.Parallel()
	s := parseCorpus(t, "mt940/wolph/mbank-mt942.sta")[0]
	eq(t, "format", s.Format, FormatMT942)
	eq(t, "currency from :34F:", s.Account.Currency, "PLN")
	eq(t, "faults", faultRules(s.Faults), "")
	b := strings.Replace(string(readCorpus(t, "mt940/wolph/mbank-mt942.sta")), ":90C:3PLN0,03", ":90C:3PLN0,04", 1)
	ss, err := ParseMT940([]byte(b))
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "faults after changing :90C:", faultRules(ss[0].Faults), RuleTotals)
}

// Keys are the same however often a file is read, and an entry without a bank reference keys on
// a hash of what it says.
func TestKeysStable(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"mt940/jejik/rabobank.sta", "camt/camt_parser/camt053_valid_example_v4.xml", "mt940/wolph/raiffeisen-cmi.sta"} {
		a, b := parseCorpus(t, f), parseCorpus(t, f)
		for i := range a {
			for j := range a[i].Entries {
				eq(t, f+" key", a[i].Entries[j].Key, b[i].Entries[j].Key)
			}
		}
	}
	e := parseCorpus(t, "mt940/jejik/rabobank.sta")[0].Entries[0]
	if !strings.HasPrefix(e.Key, "1291.99.348|2011-05-27|D|1213.28|h:") {
		t.Fatalf("key = %q, want the account, value date, mark, amount and a hash", e.Key)
	}
}

// Broken files fail with CodeInvalid and say where.
func TestBroken(t *testing.T) {
	t.Parallel()
	camt := func(entry string) string {
		return `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>S1</Id>
<Acct><Id><IBAN>DE02120300000000202051</IBAN></Id></Acct>
` + entry + `
</Stmt></BkToCstmrStmt></Document>`
	}
	mt := func(line61 string) string {
		return ":20:REF\n:25:DE02120300000000202051\n:28C:1/1\n:60F:C240101EUR100,00\n" + line61 + "\n:62F:C240102EUR110,00\n-\n"
	}
	for _, c := range []struct {
		name, data, want string
	}{
		{"ErrCamtCommaAmount", camt(`<Ntry><Amt Ccy="EUR">10,00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>`), `line 4: /Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[1]/Amt[1]: the amount "10,00" is not a decimal`},
		{"ErrCamtMark", camt(`<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRED</CdtDbtInd></Ntry>`), `the credit/debit indicator "CRED" is neither CRDT nor DBIT`},
		{"ErrCamtNoMark", camt(`<Ntry><Amt Ccy="EUR">10.00</Amt></Ntry>`), `<CdtDbtInd> is missing`},
		{"ErrCamtDate", camt(`<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-02-30</Dt></BookgDt></Ntry>`), `"2024-02-30" is not a valid YYYY-MM-DD date`},
		{"ErrCamtTruncated", camt(`<Ntry><Amt Ccy="EUR">10.00</Amt>`)[:150], `line 3: the XML`},
		{"ErrCamtVersion", strings.Replace(camt(""), "053.001.08", "053.001.14", 1), `camt.053 version 14 is not read`},
		{"ErrCamtOtherMessage", strings.Replace(camt(""), "camt.053.001.08", "camt.060.001.05", 1), `camt.060 is not a statement`},
		{"ErrNotCamt", `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>`, `not the <Document> of a camt message`},
		{"ErrMT940Date", mt(":61:2402300101C10,00NTRFNONREF"), `line 5: :61: "2402300101C10,00NTRFNONREF": the value date "240230" is no valid YYMMDD date`},
		{"ErrMT940Mark", mt(":61:240101X10,00NTRFNONREF"), `line 5: :61: "240101X10,00NTRFNONREF": no debit/credit mark`},
		{"ErrMT940Amount", mt(":61:240101C10.00NTRFNONREF"), `the amount "10" is not followed by a transaction type`},
		{"ErrMT940Balance", strings.Replace(mt(":61:240101C10,00NTRFNONREF"), ":60F:C240101EUR100,00", ":60F:C240101EU100,00", 1), `line 4: :60F: the currency "EU1" is not an ISO 4217 code`},
		{"ErrMT940NoStatement", "hello\n", `no MT940 statement`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var err error
			if strings.HasPrefix(c.data, "<") {
				_, err = ParseCamt([]byte(c.data))
			} else {
				_, err = ParseMT940([]byte(c.data))
			}
			if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(o2c.ErrorMessage(err), c.want) {
				t.Fatalf("error = %v, want CodeInvalid saying %q", err, c.want)
			}
			if fs := o2c.ErrorFaults(err); len(fs) != 1 || fs[0].Rule != RuleSyntax {
				t.Fatalf("faults = %+v, want one %s", fs, RuleSyntax)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, file string
		want       Format
	}{
		{"Camt", "camt/genkgo/camt054.v8.xml", FormatCamt053},
		{"MT940Blocks", "mt940/jejik/knab.sta", FormatMT940},
		{"MT940Plain", "mt940/jejik/lbbw.sta", FormatMT940},
	} {
		eq(t, c.name, Detect(c.file, readCorpus(t, c.file)), c.want)
	}
	eq(t, "CSV", Detect("x.csv", []byte("Date;Montant\n05/01/2024;12,50\n")), FormatCSV)
	eq(t, "nothing", Detect("x.bin", []byte{0, 1, 2}), Format(""))
	if _, err := Parse("x.bin", []byte{0, 1, 2}); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("Parse of no statement: %v", err)
	}
}

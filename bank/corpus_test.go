package bank

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// corpusDir holds the public bank statements written by others (shared/corpus/public/bank, beside
// the repository). The tests need it: a missing corpus fails them rather than skipping.
var corpusDir = filepath.Join("..", "..", "shared", "corpus", "public", "bank")

func readCorpus(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name)) //nolint:gosec // a file of the public corpus, named by the test
	if err != nil {
		t.Fatalf("read the public corpus (shared/corpus beside the repository): %v", err)
	}
	return b
}

// stmtWant is what a person reads in one statement of a corpus file: its ID, account, number of
// entries, opening and closing balances ("C3236.28 EUR 2011-05-22", "" when the format has none),
// the first and last entries (mark, amount, value date), and the rules of the faults it must
// carry because its own numbers do not add up (e.g. opening + entries != closing).
type stmtWant struct {
	id, account           string
	entries               int
	opening, closing      string
	firstEntry, lastEntry string
	faults                string
}

// corpusWant lists every camt and MT940 file of the corpus. err is what the error of a broken file
// says. The values were read from the files, and cross-checked with a separate reading of them
// (ElementTree for camt, regular expressions for MT940) before they were written here.
var corpusWant = []struct {
	file       string
	err        string
	statements []stmtWant
}{
	{file: "camt/camt_parser/camt052_valid_example.xml", statements: []stmtWant{
		{"0352C5220131227110203", "DE58740618130100033626", 2, "C8.50 EUR 2013-12-27", "C13.50 EUR 2013-12-27", "C2.00 2013-12-27", "C3.00 2013-12-27", ""},
	}},
	{file: "camt/camt_parser/camt053_valid_example.xml", statements: []stmtWant{
		{"0352C5320131227220503", "DE14740618130000033626", 4, "C33.06 EUR 2013-12-27", "C23.06 EUR 2013-12-27", "D2.00 2013-12-27", "D6.00 2013-12-27", ""},
	}},
	{file: "camt/camt_parser/camt053_valid_example_v4.xml", statements: []stmtWant{
		{"20160430375204000008574", "CH0309000000250090342", 13, "C322152.16 CHF 2016-04-29", "C322689.77 CHF 2016-04-30", "D24.00 2016-04-30", "D15.53 2016-04-10", ""},
	}},
	// The last entry is in EUR on a CHF account (<Amt Ccy="EUR">20.97</Amt>): flagged.
	{file: "camt/camt_parser/camt053_valid_example_v8.xml", statements: []stmtWant{
		{"R30B4SA880HMZ9XA", "CH1111111111111111111", 3, "C82721.95 CHF 2023-06-20", "C84515.25 CHF 2023-06-20", "C474.4 2023-06-20", "D20.97 2023-06-20", "BANK-BALANCE,BANK-CURRENCY"},
	}},
	{file: "camt/camt_parser/camt053_valid_example_with_batch.xml", statements: []stmtWant{
		{"2019062434566666666666666", "NL18INGB00012345678", 3, "C7329.80 EUR 2019-01-01", "C23038.20 EUR 2019-06-23", "D4753.74 2019-05-21", "C5000.00 2019-06-18", "BANK-COUNT,BANK-BALANCE"},
	}},
	{file: "camt/camt_parser/camt053_valid_example_with_debit.xml", statements: []stmtWant{
		{"0352C5320131227220503", "DE14740618130000033626", 4, "D33.06 EUR 2013-12-27", "C23.06 EUR 2013-12-27", "D2.00 2013-12-27", "D6.00 2013-12-27", "BANK-BALANCE"},
	}},
	{file: "camt/camt_parser/camt053_valid_example_with_instdamt.xml", statements: []stmtWant{
		{"STM-C053-190720325942-06", "CH9788761065025111111", 1, "C100 CHF 2019-05-13", "C4500.00 CHF 2019-05-13", "C4500.00 2019-05-13", "C4500.00 2019-05-13", "BANK-BALANCE"},
	}},
	{file: "camt/camt_parser/camt054_valid_example.xml", statements: []stmtWant{
		{"20160410375204000131032", "CH0309000000250090342", 4, "", "", "C24.00 2016-04-10", "D15.53 2016-04-10", ""},
	}},
	{file: "camt/genkgo/camt052.v2.xml", statements: []stmtWant{
		{"AAAASESS-FP-ACCR001", "CH2801234000123456789", 1, "", "", "D200000 2007-10-18", "D200000 2007-10-18", "BANK-COUNT"},
	}},
	{file: "camt/genkgo/camt052.v8.xml", statements: []stmtWant{
		{"AAAASESS-FP-ACCR001", "CH2801234000123456789", 1, "", "", "D200000 2007-10-18", "D200000 2007-10-18", ""},
	}},
	{file: "camt/genkgo/camt053.v2.all-balance-types.xml", statements: []stmtWant{
		{"CAMT0532015012200001", "CH2801234000123456789", 1, "C1.01 EUR 2015-01-21", "C4.04 EUR 2015-01-22", "C8.850 2015-01-02", "C8.850 2015-01-02", "BANK-BALANCE"},
	}},
	{file: "camt/genkgo/camt053.v2.five.decimals.xml", statements: []stmtWant{
		{"253EURNL26VAYB8060476890", "NL26VAYB8060476890", 1, "C18.150 EUR 2014-12-30", "C27.050 EUR 2014-12-31", "C8.850 2015-01-02", "C8.850 2015-01-02", "BANK-BALANCE"},
	}},
	{file: "camt/genkgo/camt053.v2.minimal.xml", statements: []stmtWant{
		{"253EURNL26VAYB8060476890", "NL26VAYB8060476890", 1, "C18.15 EUR 2014-12-30", "D27.00 SEK 2014-12-31", "C8.85 2015-01-02", "C8.85 2015-01-02", "BANK-BALANCE,BANK-CURRENCY"},
	}},
	{file: "camt/genkgo/camt053.v2.multi.statement.xml", statements: []stmtWant{
		{"253EURNL26VAYB8060476890", "NL26VAYB8060476890", 1, "C18.15 EUR 2014-12-30", "C27.00 EUR 2014-12-31", "C8.85 2015-01-02", "C8.85 2015-01-02", ""},
		{"254EURNL26VAYB8060476890", "NL26VAYB8060476890", 1, "C27.00 EUR 2014-12-30", "C20.00 EUR 2014-12-31", "D7.00 2015-01-02", "D7.00 2015-01-02", ""},
	}},
	{file: "camt/genkgo/camt053.v2.with-party-ids.xml", statements: []stmtWant{
		{"253EURNL26VAYB8060476890", "NL26VAYB8060476890", 1, "C18.15 EUR 2014-12-30", "D27.00 SEK 2014-12-31", "C8.85 2015-01-02", "C8.85 2015-01-02", "BANK-BALANCE,BANK-CURRENCY"},
	}},
	{file: "camt/genkgo/camt053.v2.wrong-INVALID.xml", err: "line 3: /Document/BkToCstmrStmt[1]: the message holds no <Stmt>"},
	{file: "camt/genkgo/camt053.v3.xml", statements: []stmtWant{
		{"253EURNL26VAYB8060476890", "NL26VAYB8060476890", 1, "C18.15 EUR 2014-12-30", "D27.00 SEK 2014-12-31", "C8.85 2015-01-02", "C8.85 2015-01-02", "BANK-BALANCE,BANK-CURRENCY"},
	}},
	{file: "camt/genkgo/camt053.v4.xml", statements: []stmtWant{
		{"253EURNL26VAYB8060476890", "NL26VAYB8060476890", 1, "C18.15 EUR 2014-12-30", "D27.00 SEK 2014-12-30", "C8.85 2015-01-02", "C8.85 2015-01-02", "BANK-BALANCE,BANK-CURRENCY"},
	}},
	{file: "camt/genkgo/camt053.v8.xml", statements: []stmtWant{
		{"253EURNL26VAYB8060476890", "NL26VAYB8060476890", 1, "C18.15 EUR 2014-12-30", "D27.00 SEK 2014-12-30", "C8.85 2015-01-02", "C8.85 2015-01-02", "BANK-BALANCE,BANK-CURRENCY"},
	}},
	{file: "camt/genkgo/camt054.v2.xml", statements: []stmtWant{
		{"AAAASESS-FP-ACCR001", "CH2801234000123456789", 1, "", "", "D200000 2007-10-18", "D200000 2007-10-18", ""},
	}},
	{file: "camt/genkgo/camt054.v4.xml", statements: []stmtWant{
		{"AAAASESS-FP-ACCR001", "CH2801234000123456789", 1, "", "", "D200000 2007-10-18", "D200000 2007-10-18", "BANK-COUNT"},
	}},
	{file: "camt/genkgo/camt054.v8-with-UETR.xml", statements: []stmtWant{
		{"AAAASESS-FP-ACCR001", "CH2801234000123456789", 1, "", "", "D200000 ", "D200000 ", ""},
	}},
	{file: "camt/genkgo/camt054.v8.xml", statements: []stmtWant{
		{"AAAASESS-FP-ACCR001", "CH2801234000123456789", 1, "", "", "D200000 2007-10-18", "D200000 2007-10-18", "BANK-COUNT"},
	}},
	{file: "camt/oca/test-camt053-no-ntry.xml", statements: []stmtWant{
		{"1234Test/1", "NL77ABNA0574908765", 0, "C1520.76 CHF 2014-01-05", "C1520.76 CHF 2014-01-05", "", "", ""},
	}},
	{file: "camt/oca/test-camt053-txdtls.xml", statements: []stmtWant{
		{"20170323123456789012345", "CH1111000000123456789", 1, "C75960.15 CHF 2017-03-22", "C79443.15 CHF 2017-03-23", "C3483.00 2017-03-23", "C3483.00 2017-03-23", ""},
	}},
	{file: "camt/oca/test-camt053.xml", statements: []stmtWant{
		{"1234Test/1", "NL77ABNA0574908765", 3, "C15568.27 EUR 2014-01-05", "C15121.12 EUR 2014-01-05", "D754.25 2014-01-05", "C1405.31 2014-01-05", "BANK-BALANCE"},
	}},
	{file: "camt/oca/test-camt054.xml", statements: []stmtWant{
		{"20220120000000000000000", "NL77ABNA0574908765", 1, "", "", "C5.00 2022-01-26", "C5.00 2022-01-26", ""},
	}},
	{file: "mt940/jejik/abnamro.sta", statements: []stmtWant{
		{"ABN AMRO BANK NV", "517852257", 8, "C3236.28 EUR 2011-05-22", "C876.84 EUR 2011-05-23", "D9 2011-05-24", "D141.48 2011-05-22", "BANK-BALANCE"},
		{"ABN AMRO BANK NV", "517852257", 2, "C2876.84 EUR 2011-05-23", "C1849.75 EUR 2011-05-24", "D9.49 2011-05-24", "D15 2011-05-24", "BANK-BALANCE"},
	}},
	{file: "mt940/jejik/commerzbank.sta", statements: []stmtWant{
		{"01LGX08DLMWH5GWA", "25040066/0123456789", 1, "C0.00 EUR 2020-06-05", "C0.00 EUR 2020-06-08", "D12.35 2020-06-08", "D12.35 2020-06-08", "BANK-BALANCE"},
	}},
	{file: "mt940/jejik/deutschebank.sta", statements: []stmtWant{
		{"DEUTDEMMXXX", "20070000/0123456601", 1, "C0.00 EUR 2020-06-05", "C0.00 EUR 2020-06-08", "D12.35 2020-06-08", "D12.35 2020-06-08", "BANK-BALANCE"},
	}},
	{file: "mt940/jejik/ing-unix.sta", statements: []stmtWant{
		{"MPBZ", "0001234567", 7, "C0.00 EUR 2010-07-22", "C3.47 EUR 2010-07-23", "D25.03 2010-07-22", "C1.00 2010-07-23", "BANK-BALANCE"},
	}},
	{file: "mt940/jejik/knab.sta", statements: []stmtWant{
		{"B4E08MS9D00A0009", "123456789", 1, "C0 EUR 2014-05-07", "C500 EUR 2014-05-08", "C500 2014-05-07", "C500 2014-05-07", ""},
		{"B4G30MS9D00A003D", "123456789", 2, "C3058.98 EUR 2014-07-29", "C798.98 EUR 2014-07-30", "D7260 2014-07-29", "C500 2014-07-29", "BANK-BALANCE"},
	}},
	{file: "mt940/jejik/lbbw.sta", statements: []stmtWant{
		{"LBBW", "12345678/1324357", 2, "C0.00 EUR 2021-01-20", "C0.00 EUR 2021-02-08", "D0.01 2021-02-08", "C0.01 2021-02-08", ""},
	}},
	{file: "mt940/jejik/oldenburgischelandesbank.sta", statements: []stmtWant{
		{"STARTUMS MC", "28020050/1324354687", 1, "C0 EUR 2018-07-13", "C0 EUR 2018-07-16", "C104.50 2018-07-16", "C104.50 2018-07-16", "BANK-BALANCE"},
	}},
	{file: "mt940/jejik/postfinance.sta", statements: []stmtWant{
		{"2014040708285927", "123456789", 2, "C0 CHF 2013-11-30", "C229.2 CHF 2014-04-07", "C79.7 2013-12-09", "C149.5 2013-12-09", ""},
		{"2014040708285928", "123456789", 2, "C229.2 CHF 2014-04-07", "C159.6 CHF 2014-04-07", "D79.9 2013-12-16", "C10.1 2013-12-18", "BANK-BALANCE"},
	}},
	{file: "mt940/jejik/rabobank.sta", statements: []stmtWant{
		{"940A110615", "1291.99.348", 1, "C473.17 EUR 2011-06-14", "C395.82 EUR 2011-06-15", "D1213.28 2011-05-27", "D1213.28 2011-05-27", "BANK-BALANCE"},
		{"940A110616", "1291.99.348", 0, "C1000.89 EUR 2011-06-15", "C1000.89 EUR 2011-06-16", "", "", ""},
		{"940A110617", "1291.99.348", 2, "C1295.82 EUR 2011-06-16", "C1250.87 EUR 2011-06-17", "D44.95 2011-06-17", "D236.56 2011-07-21", "BANK-BALANCE"},
		{"940A120829", "1526.89.184", 2, "C4196.12 EUR 2012-08-28", "C4101.82 EUR 2012-08-29", "D88.10 2012-08-29", "D6.20 2012-08-29", ""},
	}},
	{file: "mt940/jejik/sns.sta", statements: []stmtWant{
		{"0000000000", "0123456789", 2, "C1234.56 EUR 2012-06-08", "C1209.56 EUR 2012-06-08", "D20.00 2012-06-07", "D5.00 2012-06-08", ""},
		{"0000000000", "0123456789", 0, "C1209.56 EUR 2012-06-09", "C1209.56 EUR 2012-06-09", "", "", ""},
	}},
	{file: "mt940/jejik/sparkasse.sta", statements: []stmtWant{
		{"STARTUMSE", "87052000/123456789", 1, "C194.57 EUR 2019-02-15", "C174.57 EUR 2019-02-18", "D20.00 2019-02-18", "D20.00 2019-02-18", ""},
		{"STARTUMSE", "87052000/123456789", 1, "C174.57 EUR 2019-02-18", "C154.57 EUR 2019-02-19", "D20.00 2019-02-19", "D20.00 2019-02-19", ""},
	}},
	{file: "mt940/jejik/triodos.sta", statements: []stmtWant{
		{"1308728725026/1", "TRIODOSBANK/0390123456", 2, "C4975.09 EUR 2011-01-01", "C4370.79 EUR 2011-02-01", "D15.70 2011-01-01", "D700.00 2011-01-25", "BANK-BALANCE"},
	}},
	{file: "mt940/jejik/volksbankenraiffeisenbanken.sta", statements: []stmtWant{
		{"STARTUMS", "66642399/93387", 2, "C3085.00 EUR 2020-02-19", "C3230.00 EUR 2020-02-19", "C65.00 2020-02-19", "C80.00 2020-02-19", ""},
		{"STARTUMS", "66642399/93387", 1, "C3230.00 EUR 2020-02-21", "C3310.00 EUR 2020-02-21", "C80.00 2020-02-21", "C80.00 2020-02-21", ""},
		{"STARTUMS", "66642399/93387", 2, "C3310.00 EUR 2020-02-24", "C3430.00 EUR 2020-02-24", "C55.00 2020-02-24", "C65.00 2020-02-24", ""},
		{"STARTUMS", "66642399/93387", 3, "C3430.00 EUR 2020-02-25", "C3620.00 EUR 2020-02-25", "C80.00 2020-02-25", "C55.00 2020-02-25", ""},
		{"STARTUMS", "66642399/93387", 1, "C3620.00 EUR 2020-02-26", "C3685.00 EUR 2020-02-26", "C65.00 2020-02-26", "C65.00 2020-02-26", ""},
		{"STARTUMS", "66642399/93387", 1, "C3685.00 EUR 2020-02-28", "C3735.00 EUR 2020-02-28", "C50.00 2020-02-28", "C50.00 2020-02-28", ""},
		{"STARTUMS", "66642399/93387", 1, "C3735.00 EUR 2020-03-02", "C3775.00 EUR 2020-03-02", "C40.00 2020-03-02", "C40.00 2020-03-02", ""},
		{"STARTUMS", "66642399/93387", 1, "C3775.00 EUR 2020-03-10", "C3830.00 EUR 2020-03-10", "C55.00 2020-03-10", "C55.00 2020-03-10", ""},
	}},
	{file: "mt940/oca/test-ing.940", statements: []stmtWant{
		{"P140220000000001", "NL77INGB0574908765NL77INGB0574908765EUR", 8, "C662.23 EUR 2014-02-19", "C564.35 EUR 2014-02-20", "C1.56 2014-02-20", "D119.00 2014-02-20", ""},
	}},
	{file: "mt940/oca/test-rabo.swi", statements: []stmtWant{
		{"940S140102", "NL34RABO0142623393NL34RABO0142623393 EUR", 1, "C4433.52 EUR 2013-12-31", "C4833.52 EUR 2014-01-02", "C400.00 2014-01-02", "C400.00 2014-01-02", ""},
		{"940S140103", "NL34RABO0142623393NL34RABO0142623393 EUR", 0, "C4833.52 EUR 2014-01-02", "C4833.52 EUR 2014-01-03", "", "", ""},
		{"940S140106", "NL34RABO0142623393NL34RABO0142623393 EUR", 1, "C4833.52 EUR 2014-01-03", "C4798.91 EUR 2014-01-06", "D34.61 2014-01-01", "D34.61 2014-01-01", ""},
		{"940S140107", "NL34RABO0142623393NL34RABO0142623393 EUR", 0, "C4798.91 EUR 2014-01-06", "C4798.91 EUR 2014-01-07", "", "", ""},
	}},
	{file: "mt940/oca/test-sns.940", statements: []stmtWant{
		{"0000000000", "NL05SNSB0908244436NL05SNSB0908244436", 4, "C3026.96 EUR 2017-12-27", "C2264.52 EUR 2017-12-27", "D713.13 2017-12-27", "D25.61 2017-12-27", ""},
		{"0000000000", "NL05SNSB0908244436NL05SNSB0908244436", 2, "C2264.52 EUR 2017-12-28", "C2253.57 EUR 2017-12-28", "D10.95 2017-12-28", "C0.00 2017-12-28", ""},
		{"0000000000", "NL05SNSB0908244436NL05SNSB0908244436", 2, "C2253.57 EUR 2017-12-29", "", "D907.29 2017-12-29", "D35.00 2017-12-29", "BANK-BALANCE"},
	}},
	{file: "mt940/wolph/asnb.sta", statements: []stmtWant{
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 1, "C444.29 EUR 2020-01-01", "C379.29 EUR 2020-01-01", "D65.00 2020-01-01", "D65.00 2020-01-01", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C379.29 EUR 2020-01-02", "C379.29 EUR 2020-01-02", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C379.29 EUR 2020-01-03", "C379.29 EUR 2020-01-03", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C379.29 EUR 2020-01-04", "C379.29 EUR 2020-01-04", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 2, "C379.29 EUR 2020-01-05", "C577.74 EUR 2020-01-05", "C1000.00 2020-01-05", "D801.55 2020-01-05", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-06", "C577.74 EUR 2020-01-06", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-07", "C577.74 EUR 2020-01-07", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-08", "C577.74 EUR 2020-01-08", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-09", "C577.74 EUR 2020-01-09", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-10", "C577.74 EUR 2020-01-10", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-11", "C577.74 EUR 2020-01-11", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-12", "C577.74 EUR 2020-01-12", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-13", "C577.74 EUR 2020-01-13", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-14", "C577.74 EUR 2020-01-14", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-15", "C577.74 EUR 2020-01-15", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-16", "C577.74 EUR 2020-01-16", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-17", "C577.74 EUR 2020-01-17", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-18", "C577.74 EUR 2020-01-18", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-19", "C577.74 EUR 2020-01-19", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-20", "C577.74 EUR 2020-01-20", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-21", "C577.74 EUR 2020-01-21", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-22", "C577.74 EUR 2020-01-22", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-23", "C577.74 EUR 2020-01-23", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C577.74 EUR 2020-01-24", "C577.74 EUR 2020-01-24", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 1, "C577.74 EUR 2020-01-25", "C576.09 EUR 2020-01-25", "D1.65 2020-01-25", "D1.65 2020-01-25", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C576.09 EUR 2020-01-26", "C576.09 EUR 2020-01-26", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C576.09 EUR 2020-01-27", "C576.09 EUR 2020-01-27", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C576.09 EUR 2020-01-28", "C576.09 EUR 2020-01-28", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 2, "C576.09 EUR 2020-01-29", "C404.81 EUR 2020-01-29", "C828.72 2020-01-29", "D1000.00 2020-01-29", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 0, "C404.81 EUR 2020-01-30", "C404.81 EUR 2020-01-30", "", "", ""},
		{"0000000000", "NL81ASNB9999999999NL81ASNB9999999999", 2, "C404.81 EUR 2020-01-31", "C501.23 EUR 2020-01-31", "C1000.18 2020-01-31", "D903.76 2020-01-31", ""},
	}},
	{file: "mt940/wolph/betterplace-sepa_mt9401.sta", statements: []stmtWant{
		{"T089413946000001", "50880050/0194774600888", 7, "D1234718.36 EUR 2007-09-03", "D1237628.23 EUR 2007-09-04", "C300 2007-09-04", "D999946.95 2007-09-04", ""},
		{"T089413956000001", "50880050/0194777100888", 2, "D970499.9 EUR 2007-09-03", "D1455749.85 EUR 2007-09-04", "C15000.05 2007-09-04", "D500250 2007-09-04", ""},
		{"T089413966000001", "50880050/0194778300888", 5, "D1709296.34 EUR 2007-09-03", "D2237334.85 EUR 2007-09-04", "C50.05 2007-09-04", "D326609.66 2007-09-04", ""},
		{"T089413976000001", "50880050/0194779500888", 3, "C3192675.04 EUR 2007-09-03", "C4242675.04 EUR 2007-09-04", "C250000 2007-09-04", "C500000 2007-09-04", ""},
		{"T089413986000001", "50880050/0194780100888", 5, "D2368827.87 EUR 2007-09-03", "D3095522.14 EUR 2007-09-04", "C204.88 2007-09-04", "D500250 2007-09-04", ""},
		{"T089413996000001", "50880050/0194780101888", 1, "C152970.15 EUR 2007-09-03", "C203960.2 EUR 2007-09-04", "C50990.05 2007-09-04", "C50990.05 2007-09-04", ""},
		{"T089414006000001", "50880050/0194781300888", 4, "D40432.2 EUR 2007-09-03", "D30503.83 EUR 2007-09-04", "C19990.05 2007-09-04", "D5002.17 2007-09-04", ""},
		{"T089414006000002", "50880050/0194781300888", 4, "D30503.83 EUR 2007-09-04", "D100854.45 EUR 2007-09-04", "D5002.17 2007-09-04", "D55344.11 2007-09-04", ""},
		{"T089414016000001", "50880050/0194782500888", 8, "D1552497.38 EUR 2007-09-03", "D1358945.52 EUR 2007-09-04", "C50 2007-09-04", "D2550.12 2007-09-04", ""},
		{"T089414016000002", "50880050/0194782500888", 3, "D1358945.52 EUR 2007-09-04", "D2303471.11 EUR 2007-09-04", "D65500.15 2007-09-04", "D476921.44 2007-09-04", ""},
		{"T089414026000001", "50880050/0194783700888", 6, "D3829477.87 EUR 2007-09-03", "D2931994.84 EUR 2007-09-04", "C335.33 2007-09-04", "D6002.17 2007-09-04", ""},
		{"T089414026000002", "50880050/0194783700888", 6, "D2931994.84 EUR 2007-09-04", "D5019697.96 EUR 2007-09-04", "D6002.17 2007-09-04", "D915646.88 2007-09-04", ""},
		{"T089414036000001", "50880050/0194784900888", 6, "D5777585.57 EUR 2007-09-03", "D6018113.38 EUR 2007-09-04", "C16500.07 2007-09-04", "D326609.66 2007-09-04", ""},
		{"T089414036000002", "50880050/0194784900888", 3, "D6018113.38 EUR 2007-09-04", "D8844425.38 EUR 2007-09-04", "D342104 2007-09-04", "D1522104 2007-09-04", ""},
		{"T089414046000001", "50880050/0194784901888", 1, "C13990.05 EUR 2007-09-03", "C27980.1 EUR 2007-09-04", "C13990.05 2007-09-04", "C13990.05 2007-09-04", ""},
		{"T089414056000001", "50880050/0194785000888", 5, "D3612519.02 EUR 2007-09-03", "D3632585.04 EUR 2007-09-04", "D57.34 2007-09-04", "D5002.17 2007-09-04", ""},
		{"T089414056000002", "50880050/0194785000888", 5, "D3632585.04 EUR 2007-09-04", "D3814901.47 EUR 2007-09-04", "D5002.17 2007-09-04", "D55344.11 2007-09-04", ""},
		{"T089414056000003", "50880050/0194785000888", 2, "D3814901.47 EUR 2007-09-04", "D5113593.52 EUR 2007-09-04", "D342104 2007-09-04", "D956588.05 2007-09-04", ""},
		{"T089414066000001", "50880050/0194785001888", 1, "C152970.15 EUR 2007-09-03", "C203960.2 EUR 2007-09-04", "C50990.05 2007-09-04", "C50990.05 2007-09-04", ""},
		{"T089414076000001", "50880050/0194786200888", 3, "C145964.58 EUR 2007-09-03", "C238954.77 EUR 2007-09-04", "C16500.07 2007-09-04", "C56500.07 2007-09-04", ""},
		{"T089414086000001", "50880050/0194787400888", 4, "C766656.49 EUR 2007-09-03", "C1125250.4 EUR 2007-09-04", "C50990.05 2007-09-07", "D1500 2007-09-04", ""},
		{"T089414096000001", "50880050/0194791600888", 7, "D1970431.87 EUR 2007-09-03", "D4472049.09 EUR 2007-09-04", "C300 2007-09-04", "D3572569.03 2007-09-04", ""},
		{"T089414106000001", "50880050/0194791601888", 3, "D324910.25 EUR 2007-09-03", "D397310.25 EUR 2007-09-04", "C1910.05 2007-09-04", "D125300.1 2007-09-04", ""},
		{"T089414116000001", "50880050/0194798900888", 1, "D450 EUR 2007-09-03", "D600 EUR 2007-09-04", "D150 2007-09-04", "D150 2007-09-04", ""},
		{"T089414126000001", "50880050/0194799000888", 1, "D450 EUR 2007-09-03", "D600 EUR 2007-09-04", "D150 2007-09-04", "D150 2007-09-04", ""},
		{"T089414136000001", "50880050/0194804000888", 1, "C0 EUR 2007-08-22", "C50.05 EUR 2007-09-04", "C50.05 2007-09-04", "C50.05 2007-09-04", ""},
	}},
	{file: "mt940/wolph/citi.sta", statements: []stmtWant{
		{"asdfsdfdsf", "123456789", 5, "C17376.67 USD 2024-03-12", "C16233.92 USD 2024-03-12", "D212.39 2024-03-12", "D561.08 2024-03-12", ""},
	}},
	{file: "mt940/wolph/cmxl-mt940.sta", statements: []stmtWant{
		{"131110", "45050050/76198810", 11, "C84349.74 DEM 2013-10-16", "C84437.04 DEM 2013-10-17", "D6800 2013-10-17", "D5862.14 2013-10-27", ""},
		{"1234567", "10020030/1234567", 2, "C2187.95 EUR 2002-11-01", "C4387.95 EUR 2002-11-30", "D800 2002-11-01", "C3000 2002-11-02", ""},
		{"TELEWIZORY S.A.", "BPHKPLPK/320000546101", 3, "C40000.00 PLN 2003-10-02", "C50040.00 PLN 2002-03-25", "C20000.00 2003-10-20", "C40.00 2003-10-20", ""},
	}},
	{file: "mt940/wolph/mbank-mt942.sta", statements: []stmtWant{
		{"ST170119CYC/0001", "PL29114010810000267002001002PL29114010810000267002001002", 3, "", "", "C0.01 2017-01-19", "C0.01 2017-01-19", ""},
	}},
	{file: "mt940/wolph/mbank.sta", statements: []stmtWant{
		{"ST170119CYC/1", "PL29114010810000267002001002PL29114010810000267002001002", 3, "C0.40 PLN 2017-01-19", "C0.43 PLN 2017-01-19", "C0.01 2017-01-19", "C0.01 2017-01-19", ""},
	}},
	{file: "mt940/wolph/raiffeisen-cmi.sta", statements: []stmtWant{
		{"STARTUMS", "UBRTHUHB/123456789150ABCDEF002/HUF", 7, "C25170637.10 HUF 2018-04-17", "C25281687.60 HUF 2018-04-17", "C2066637.00 2018-04-17", "D6000.00 2018-04-17", "BANK-BALANCE"},
	}},
	{file: "mt940/wolph/sberbank.sta", statements: []stmtWant{
		{"STARTUMS", "1966315302010001", 3, "C627311.30 HUF 2017-10-11", "C617874.30 HUF 2017-10-11", "D2402.00 2017-10-11", "D3575.00 2017-10-11", ""},
	}},
	{file: "mt940/wolph/sparkassen.sta", err: "line 1: the field :61: comes before any :20:"},
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, c := range corpusWant {
		seen[c.file] = true
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			ss, err := Parse(c.file, readCorpus(t, c.file))
			if c.err != "" {
				if err == nil {
					t.Fatalf("Parse accepted a broken file: %d statements", len(ss))
				}
				if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error = %v (%s), want CodeInvalid saying %q", err, o2c.ErrorCode(err), c.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(ss) != len(c.statements) {
				t.Fatalf("%d statements, want %d", len(ss), len(c.statements))
			}
			for i, w := range c.statements {
				s := ss[i]
				got := stmtWant{s.ID, s.Account.IBAN + s.Account.Number, len(s.Entries), balStr(s.Opening), balStr(s.Closing),
					entryStr(s.Entries, 0), entryStr(s.Entries, len(s.Entries)-1), faultRules(s.Faults)}
				if got != w {
					t.Errorf("statement %d:\n got %+v\nwant %+v", i, got, w)
				}
				keys := map[string]bool{}
				for j, e := range s.Entries {
					if e.Key == "" || keys[e.Key] {
						t.Errorf("statement %d entry %d: key %q is empty or not unique", i, j, e.Key)
					}
					keys[e.Key] = true
				}
			}
		})
	}
	// Every file of the corpus is in the table.
	for _, dir := range []string{"camt/*/*.xml", "mt940/*/*"} {
		files, err := filepath.Glob(filepath.Join(corpusDir, dir))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no corpus files match %s", dir)
		}
		for _, f := range files {
			rel, _ := filepath.Rel(corpusDir, f)
			if !seen[filepath.ToSlash(rel)] && !strings.HasPrefix(rel, "camt/xsd") {
				t.Errorf("%s is in the corpus but not in corpusWant", rel)
			}
		}
	}
}

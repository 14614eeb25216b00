package bank

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name)) //nolint:gosec // a file of testdata
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// csvWant is what a person reads in a CSV fixture: each entry as "C1234.56 2024-01-05" (mark,
// amount, booking date) and some of its details.
type csvWant struct {
	file    string
	mapping *CSVMapping
	entries []string
	account Account
	check   func(t *testing.T, s Statement)
}

func TestCSV(t *testing.T) {
	t.Parallel()
	for _, c := range []csvWant{
		{
			// French, ';', Windows-1252, debit and credit columns, "1 234,56", DD/MM/YYYY, an account
			// in the lines above the header, a balance line below.
			file:    "fr_debit_credit_cp1252.csv",
			entries: []string{"C1234.56 2024-01-05", "D89.90 2024-01-06", "D45.00 2024-01-13"},
			account: Account{IBAN: "FR7630006000011234567890189", Currency: "EUR"},
			check: func(t *testing.T, s Statement) {
				d := s.Entries[0].Details[0]
				eq(t, "remittance", strings.Join(d.Remittance, "|"), "VIR SEPA DUPONT SARL FACT F-2024-001 RF18 5390 0754 7034")
				eq(t, "RF reference", d.CreditorRef, "RF18539007547034")
				eq(t, "currency", s.Entries[2].Currency, "EUR")
			},
		},
		{
			// German, ';', UTF-8 with BOM, signed amounts "1.234,56", DD.MM.YY, value dates.
			file:    "de_signed_utf8bom.csv",
			entries: []string{"C1234.56 2024-01-05", "D89.90 2024-01-08"},
			check: func(t *testing.T, s Statement) {
				e := s.Entries[0]
				eq(t, "value date", e.ValueDate.String(), "2024-01-04")
				eq(t, "counterparty", e.Details[0].Counterparty, Party{Name: "Müller GmbH", IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX"})
				eq(t, "remittance", strings.Join(e.Details[0].Remittance, "|"), "GUTSCHR. UEBERWEISUNG|RE 2024-0042 Danke")
				eq(t, "currency column", e.Currency, "EUR")
			},
		},
		{
			// US English, ',', "1,250.00", MM/DD/YYYY told by 01/13.
			file:    "en_us_signed.csv",
			entries: []string{"C1250.00 2024-01-13", "D15.00 2024-01-14"},
		},
		{
			// UK English, debit and credit columns, DD/MM/YYYY.
			file:    "en_uk_debit_credit.csv",
			entries: []string{"C500.00 2024-01-15", "D120.50 2024-01-16"},
			check: func(t *testing.T, s Statement) {
				eq(t, "remittance", s.Entries[0].Details[0].Remittance[0], "BLOGGS LTD INV 2024-7")
			},
		},
		{
			// Dutch ING: unsigned amounts and an Af/Bij column, YYYYMMDD, ',' delimiter and decimal comma.
			file:    "nl_mark.csv",
			entries: []string{"C250.00 2024-01-05", "D12.34 2024-01-06"},
			check: func(t *testing.T, s Statement) {
				eq(t, "counterparty", s.Entries[0].Details[0].Counterparty, Party{Name: "Jansen BV", IBAN: "NL69INGB0123456789"})
			},
		},
		{
			// Spanish headers nobody recognises: a saved mapping says which column is what.
			file: "es_mapping.csv",
			mapping: &CSVMapping{Bank: "Banco Ejemplo", Currency: "EUR", Account: Account{IBAN: "ES9121000418450200051332"}, Columns: []CSVColumn{
				{Header: "Fecha operación", Field: FieldBookingDate}, {Header: "Concepto", Field: FieldDescription}, {Header: "importe", Field: FieldAmount},
			}},
			entries: []string{"C1500.00 2024-01-02", "D3.50 2024-01-03"},
			account: Account{IBAN: "ES9121000418450200051332", Currency: "EUR"},
		},
		{
			// No header at all: columns by position.
			file: "noheader_mapping.csv",
			mapping: &CSVMapping{HeaderRow: -1, Delimiter: ";", DecimalSeparator: ".", Columns: []CSVColumn{
				{Index: 1, Field: FieldBookingDate}, {Index: 2, Field: FieldAmount}, {Index: 3, Field: FieldDescription},
			}},
			entries: []string{"C12.50 2024-01-05", "D3.00 2024-01-06"},
		},
	} {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			ss, err := ParseCSV(readTestdata(t, c.file), c.mapping)
			if err != nil {
				t.Fatalf("ParseCSV: %v", err)
			}
			if c.mapping == nil {
				// Parse recognises it too, with no set-up.
				if _, err := Parse(c.file, readTestdata(t, c.file)); err != nil {
					t.Fatalf("Parse: %v", err)
				}
			}
			s := ss[0]
			eq(t, "format", s.Format, FormatCSV)
			var got []string
			for _, e := range s.Entries {
				got = append(got, string(e.Mark)+e.Amount.String()+" "+e.BookingDate.String())
			}
			eq(t, "entries", strings.Join(got, ", "), strings.Join(c.entries, ", "))
			if c.account != (Account{}) {
				eq(t, "account", s.Account, c.account)
			}
			if c.check != nil {
				c.check(t, s)
			}
		})
	}
}

// A mapping is saved per bank as JSON and reads back the same.
func TestCSVMappingJSON(t *testing.T) {
	t.Parallel()
	m := CSVMapping{Bank: "B", Delimiter: ";", HeaderRow: 2, DecimalSeparator: ",", DateOrder: DMY, Currency: "EUR",
		Columns: []CSVColumn{{Header: "Buchungstag", Field: FieldBookingDate}, {Index: 3, Field: FieldAmount}}}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back CSVMapping
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, back) {
		t.Fatalf("read back %+v, want %+v", back, m)
	}
}

func TestCSVErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, data string
		mapping    *CSVMapping
		want       string
	}{
		{"ErrNoHeader", "Fecha;Importe\n02-01-2024;1,00\n", nil, "no line of the file names a date column"},
		{"ErrDate", "Date;Amount\n05.01.2024;1,00\n32.01.2024;2,00\n", nil, `line 3: the date "32.01.2024" is not a date`},
		{"ErrAmount", "Date;Amount\n05.01.2024;1,0x0\n", nil, `line 2: "1,0x0" is not an amount`},
		{"ErrBothColumns", "Date;Debit;Credit\n05.01.2024;1,00;2,00\n", nil, "line 2: both the debit and the credit column"},
		{"ErrMark", "Date;Amount;D/C\n05.01.2024;1,00;X\n", nil, `line 2: the debit/credit column says "X"`},
		{"ErrMappingColumn", "A;B\n1;2\n", &CSVMapping{HeaderRow: 1, Columns: []CSVColumn{{Header: "Datum", Field: FieldBookingDate}}}, `the column "Datum"`},
		{"ErrNUL", "Date;Amount\x00\n", nil, "NUL bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseCSV([]byte(c.data), c.mapping)
			if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(o2c.ErrorMessage(err), c.want) {
				t.Fatalf("error = %v, want CodeInvalid saying %q", err, c.want)
			}
		})
	}
}

func TestLocalAmount(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		sep  byte
		want string
	}{
		{"1 234,56", ',', "1234.56"}, {"1.234,56", ',', "1234.56"}, {"-89,90", ',', "-89.90"}, {"89,90-", ',', "-89.90"},
		{"(12.50)", '.', "-12.50"}, {"1,250.00", '.', "1250.00"}, {"EUR 12,50", ',', "12.50"}, {"12,50 €", ',', "12.50"},
		{"1'234.50", '.', "1234.50"}, {"+3", '.', "3"}, {"−7,5", ',', "-7.5"},
	} {
		got, ok := localAmount(c.in, c.sep)
		if !ok || got.String() != c.want {
			t.Errorf("localAmount(%q, %q) = %s, %v; want %s", c.in, c.sep, got, ok, c.want)
		}
	}
	for _, bad := range []string{"", "abc", "1,2,3,4.5,6", "12-3", "1e5", "--1"} {
		if v, ok := localAmount(bad, ','); ok {
			t.Errorf("localAmount(%q) = %s, want refused", bad, v)
		}
	}
}

func TestLocalDate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in    string
		order DateOrder
		want  string
	}{
		{"05.01.2024", DMY, "2024-01-05"}, {"05/01/24", DMY, "2024-01-05"}, {"01/05/2024", MDY, "2024-01-05"},
		{"2024-01-05", DMY, "2024-01-05"}, {"20240105", DMY, "2024-01-05"}, {"5 janv. 2024", DMY, "2024-01-05"},
		{"Jan 5, 2024", DMY, "2024-01-05"}, {"05.01.2024 13:45", DMY, "2024-01-05"}, {"5-Mär-2024", DMY, "2024-03-05"},
	} {
		got, ok := localDate(c.in, c.order)
		if !ok || got.String() != c.want {
			t.Errorf("localDate(%q, %s) = %s, %v; want %s", c.in, c.order, got, ok, c.want)
		}
	}
	for _, bad := range []string{"", "31.02.2024", "2024", "13/13/2024", "Total"} {
		if d, ok := localDate(bad, DMY); ok {
			t.Errorf("localDate(%q) = %s, want refused", bad, d)
		}
	}
}

func TestCreditorRef(t *testing.T) {
	t.Parallel()
	eq(t, "grouped", findCreditorRef("Invoice RF18 5390 0754 7034 thanks"), "RF18539007547034")
	eq(t, "after punctuation", findCreditorRef("ref:RF18539007547034"), "RF18539007547034")
	eq(t, "inside a word", findCreditorRef("XRF18539007547034"), "")
	eq(t, "compact alone", findCreditorRef("RF18539007547034"), "RF18539007547034")
	eq(t, "wrong check", findCreditorRef("RF19 5390 0754 7034"), "")
	eq(t, "none", findCreditorRef("REFUND 12"), "")
}

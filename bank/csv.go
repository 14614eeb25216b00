package bank

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Field is what a CSV column holds.
type Field string

// Fields of a CSV export.
const (
	FieldBookingDate       Field = "booking_date"       // the day the bank booked it
	FieldValueDate         Field = "value_date"         // the value date
	FieldAmount            Field = "amount"             // a signed amount (negative is money out), or unsigned with a FieldMark column
	FieldDebit             Field = "debit"              // money out, in its own column
	FieldCredit            Field = "credit"             // money in, in its own column
	FieldMark              Field = "mark"               // D/C, S/H, Debit/Credit, Af/Bij
	FieldCurrency          Field = "currency"           // ISO 4217 code of the row
	FieldDescription       Field = "description"        // remittance or booking text; several columns add lines
	FieldCounterpartyName  Field = "counterparty_name"  // payer or payee
	FieldCounterpartyIBAN  Field = "counterparty_iban"  // their IBAN or account number
	FieldCounterpartyBIC   Field = "counterparty_bic"   // their bank's BIC
	FieldReference         Field = "reference"          // the bank's reference of the booking
	FieldEndToEndID        Field = "end_to_end_id"      // the SEPA end-to-end reference
	FieldCreditorReference Field = "creditor_reference" // a structured creditor reference (RF...)
)

// CSVColumn maps one column to a field: by its header text (compared without case, accents or
// punctuation), or by its 1-based position when Index is set.
type CSVColumn struct {
	Header string `json:"header"` // the header as the bank writes it, e.g. "Buchungstag"
	Index  int    `json:"index"`  // 1-based column number; 0 means find it by Header
	Field  Field  `json:"field"`  // what it holds
}

// CSVMapping is what a person saves, once per bank, for an export that is not recognised by
// itself. Every zero field means "detect it".
type CSVMapping struct {
	Bank      string      `json:"bank"`       // a name for people, e.g. "Crédit Agricole CSV"
	Delimiter string      `json:"delimiter"`  // ";", ",", "\t" or "|"; "" to detect
	Encoding  string      `json:"encoding"`   // "utf-8" or "windows-1252"; "" to detect
	HeaderRow int         `json:"header_row"` // 1-based record holding the headers; 0 to detect; -1 when there is none (use Index)
	Columns   []CSVColumn `json:"columns"`    // the columns that matter; others are ignored
	// DecimalSeparator is "," or "."; "" to decide from the amounts themselves.
	DecimalSeparator string    `json:"decimal_separator"`
	DateOrder        DateOrder `json:"date_order"` // DMY, MDY or YMD; "" to decide from the dates
	Currency         string    `json:"currency"`   // ISO 4217 code when no column says it
	Negate           bool      `json:"negate"`     // amounts are written from the bank's side: money out is positive
	Account          Account   `json:"account"`    // the account the export is for
}

// csvLayout is a file's columns, decided once.
type csvLayout struct {
	cols    map[Field][]int // 0-based column numbers
	decimal byte            // ',' or '.'
	order   DateOrder
}

// ParseCSV reads a bank's CSV export. With a nil mapping it recognises the usual exports by their
// column names (English, French, German), the delimiter (';', ',', tab or '|'), the encoding (UTF-8
// or Windows-1252), the number format (1.234,56 or 1,234.56) and the date order from the file. A
// mapping says what the file cannot. Lines before the header (an account number, a title) are
// skipped, and an IBAN or a currency code among them becomes the statement's account. It returns
// one Statement with no balances (CSV exports seldom carry both).
func ParseCSV(data []byte, m *CSVMapping) ([]Statement, error) {
	if m == nil {
		m = &CSVMapping{}
	}
	text, err := decodeCSV(data, m.Encoding)
	if err != nil {
		return nil, err
	}
	delims := []rune{';', ',', '\t', '|'}
	if m.Delimiter != "" {
		r := []rune(m.Delimiter)
		if len(r) != 1 || r[0] == '"' || r[0] == '\n' || r[0] == '\r' {
			return nil, invalid("mapping.delimiter", "the delimiter %q is not one character", m.Delimiter)
		}
		delims = r[:1]
	}
	var first error
	for _, d := range delims {
		s, err := parseCSVWith(text, d, m)
		if err == nil {
			return []Statement{s}, nil
		}
		if first == nil || errors.Is(first, errNoHeader) && !errors.Is(err, errNoHeader) {
			first = err
		}
	}
	if errors.Is(first, errNoHeader) {
		return nil, invalid("line 1", "no line of the file names a date column and an amount (or debit and credit) column; save a CSV mapping for this bank")
	}
	return nil, first
}

var errNoHeader = errors.New("no header")

type csvRecord struct {
	cells []string
	line  int
}

func readRecords(text string, d rune) ([]csvRecord, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = d
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out []csvRecord
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, invalid(fmt.Sprintf("line %d", pe.Line), "the CSV cannot be read: %s", pe.Err.Error())
			}
			return nil, invalid("line 1", "the CSV cannot be read")
		}
		line, _ := r.FieldPos(0)
		out = append(out, csvRecord{cells: rec, line: line})
	}
	return out, nil
}

func parseCSVWith(text string, d rune, m *CSVMapping) (Statement, error) {
	recs, err := readRecords(text, d)
	if err != nil {
		return Statement{}, err
	}
	head, cols, err := findHeader(recs, m)
	if err != nil {
		return Statement{}, err
	}
	s := Statement{Format: FormatCSV, Account: m.Account}
	// The lines above the header often say whose account it is.
	for _, r := range recs[:max(head, 0)] {
		for _, c := range r.cells {
			preamble(&s.Account, c)
		}
	}
	if m.Currency != "" {
		s.Account.Currency = m.Currency
	}
	rows := recs[head+1:]
	lay := csvLayout{cols: cols}
	if lay.decimal, err = decideDecimal(m, d, rows, cols); err != nil {
		return Statement{}, err
	}
	lay.order = decideOrder(m, rows, cols)
	for _, r := range rows {
		e, ok, err := lay.entry(r, s.Account.Currency, m.Negate)
		if err != nil {
			return Statement{}, err
		}
		if ok {
			s.Entries = append(s.Entries, e)
		}
	}
	if len(s.Entries) == 0 {
		return Statement{}, invalid(fmt.Sprintf("line %d", recs[max(head, 0)].line), "the file has a header but no booking under it")
	}
	s.finish("statements[0]")
	return s, nil
}

// findHeader finds the header record (the first of the first 30 that names a date and an amount, or
// debit and credit) and maps its columns; with a mapping, it applies the mapping's columns.
func findHeader(recs []csvRecord, m *CSVMapping) (int, map[Field][]int, error) {
	if len(recs) == 0 {
		return 0, nil, errNoHeader
	}
	if m.HeaderRow < 0 || m.HeaderRow > 0 {
		head := m.HeaderRow - 1
		if m.HeaderRow < 0 {
			head = -1
		} else if head >= len(recs) {
			return 0, nil, invalid("mapping.header_row", "the file has %d records, fewer than the header row %d", len(recs), m.HeaderRow)
		}
		var cells []string
		if head >= 0 {
			cells = recs[head].cells
		}
		cols, err := mapColumns(cells, m)
		if err != nil {
			return 0, nil, err
		}
		if !usable(cols) {
			return 0, nil, invalid("mapping.columns", "the mapping names no date column and no amount (or debit and credit) column")
		}
		return head, cols, nil
	}
	for i, r := range recs {
		if i >= 30 {
			break
		}
		cols, err := mapColumns(r.cells, m)
		if err != nil {
			continue
		}
		if usable(cols) {
			return i, cols, nil
		}
	}
	return 0, nil, errNoHeader
}

func usable(cols map[Field][]int) bool {
	hasDate := len(cols[FieldBookingDate]) > 0 || len(cols[FieldValueDate]) > 0
	hasAmount := len(cols[FieldAmount]) > 0 || len(cols[FieldDebit]) > 0 && len(cols[FieldCredit]) > 0
	return hasDate && hasAmount
}

// mapColumns maps header cells to fields: the mapping's columns first, then the known names.
func mapColumns(cells []string, m *CSVMapping) (map[Field][]int, error) {
	cols := map[Field][]int{}
	taken := map[int]bool{}
	put := func(f Field, i int) {
		if taken[i] || len(cols[f]) > 0 && !slices.Contains(multiFields, f) {
			return
		}
		taken[i] = true
		cols[f] = append(cols[f], i)
	}
	for _, c := range m.Columns {
		switch {
		case c.Index > 0:
			put(c.Field, c.Index-1)
		case c.Header != "":
			found := false
			for i, h := range cells {
				if fold(h) == fold(c.Header) {
					put(c.Field, i)
					found = true
					break
				}
			}
			if !found {
				return nil, invalid("mapping.columns", "the mapping names the column %q, which the header does not have", c.Header)
			}
		}
	}
	for i, h := range cells {
		if f := headerField(h); f != "" {
			put(f, i)
		}
	}
	// "Date" then "Date de valeur": the first date column is the booking date; a lone value date
	// serves as both.
	if len(cols[FieldBookingDate]) == 0 && len(cols[FieldValueDate]) > 0 {
		cols[FieldBookingDate] = cols[FieldValueDate]
	}
	return cols, nil
}

func cell(r csvRecord, cols map[Field][]int, f Field) string {
	if c := cols[f]; len(c) > 0 && c[0] < len(r.cells) {
		return strings.TrimSpace(r.cells[c[0]])
	}
	return ""
}

// decideDecimal takes the mapping's decimal separator, else the one the amounts show, else ','
// for a ';'-delimited file (the Excel of countries that write decimal commas) and '.' otherwise.
func decideDecimal(m *CSVMapping, d rune, rows []csvRecord, cols map[Field][]int) (byte, error) {
	switch m.DecimalSeparator {
	case ",", ".":
		return m.DecimalSeparator[0], nil
	case "":
	default:
		return 0, invalid("mapping.decimal_separator", "the decimal separator %q is neither ',' nor '.'", m.DecimalSeparator)
	}
	votes := map[byte]int{}
	for _, r := range rows {
		for _, f := range []Field{FieldAmount, FieldDebit, FieldCredit} {
			if _, body, ok := numberParts(cell(r, cols, f)); ok {
				if v := decimalVote(body); v != 0 {
					votes[v]++
				}
			}
		}
	}
	switch {
	case votes[','] > votes['.']:
		return ',', nil
	case votes['.'] > votes[',']:
		return '.', nil
	case d == ';' || d == '\t':
		return ',', nil
	}
	return '.', nil
}

// decideOrder takes the mapping's date order, else the one the dates show, else day-month-year.
func decideOrder(m *CSVMapping, rows []csvRecord, cols map[Field][]int) DateOrder {
	if m.DateOrder != "" {
		return m.DateOrder
	}
	votes := map[DateOrder]int{}
	for _, r := range rows {
		for _, f := range []Field{FieldBookingDate, FieldValueDate} {
			if v := orderVote(cell(r, cols, f)); v != "" && v != YMD {
				votes[v]++
			}
		}
	}
	if votes[MDY] > votes[DMY] {
		return MDY
	}
	return DMY
}

// entry reads one data row. ok is false for a row that is no booking: blank, or a total or
// sub-header whose date cell holds no digit.
func (l *csvLayout) entry(r csvRecord, ccy string, negate bool) (Entry, bool, error) {
	where := fmt.Sprintf("line %d", r.line)
	dateText := cell(r, l.cols, FieldBookingDate)
	if !strings.ContainsAny(dateText, "0123456789") {
		return Entry{}, false, nil
	}
	e := Entry{Currency: ccy, Status: StatusBooked}
	var ok bool
	if e.BookingDate, ok = localDate(dateText, l.order); !ok {
		if hasWord(dateText) { // "Solde au 13/01/2024", "Total": a footer, no booking
			return Entry{}, false, nil
		}
		return Entry{}, false, invalid(where, "the date %q is not a date written %s", dateText, l.order)
	}
	if v := cell(r, l.cols, FieldValueDate); v != "" && len(l.cols[FieldValueDate]) > 0 && l.cols[FieldValueDate][0] != l.cols[FieldBookingDate][0] {
		if e.ValueDate, ok = localDate(v, l.order); !ok {
			return Entry{}, false, invalid(where, "the value date %q is not a date written %s", v, l.order)
		}
	} else {
		e.ValueDate = e.BookingDate
	}
	amount, err := l.amount(r, where)
	if err != nil {
		return Entry{}, false, err
	}
	if negate {
		amount = amount.Neg()
	}
	e.Mark, e.Amount = Credit, amount
	if amount.IsNegative() {
		e.Mark, e.Amount = Debit, amount.Neg()
	}
	if c := cell(r, l.cols, FieldCurrency); c != "" {
		if !isCurrencyCode(strings.ToUpper(c)) {
			return Entry{}, false, invalid(where, "the currency %q is not an ISO 4217 code", c)
		}
		e.Currency = strings.ToUpper(c)
	}
	d := TransactionDetail{
		EndToEndID:  cell(r, l.cols, FieldEndToEndID),
		CreditorRef: cell(r, l.cols, FieldCreditorReference),
		Counterparty: Party{
			Name: cell(r, l.cols, FieldCounterpartyName),
			IBAN: compactIBAN(cell(r, l.cols, FieldCounterpartyIBAN)),
			BIC:  cell(r, l.cols, FieldCounterpartyBIC),
		},
	}
	for _, c := range l.cols[FieldDescription] {
		if c < len(r.cells) {
			if t := strings.TrimSpace(r.cells[c]); t != "" {
				d.Remittance = append(d.Remittance, t)
			}
		}
	}
	if d.CreditorRef == "" {
		d.CreditorRef = findCreditorRef(strings.Join(d.Remittance, " "))
	}
	if d.CreditorRef != "" {
		d.CreditorRefType = "SCOR"
	}
	e.BankRef = cell(r, l.cols, FieldReference)
	e.Info = strings.Join(d.Remittance, " ")
	if usableRef(d.EndToEndID) {
		e.EndToEndID = d.EndToEndID
	}
	e.Details = []TransactionDetail{d}
	return e, true, nil
}

// amount reads a row's signed amount from an amount column (with a mark column, if any) or from
// debit and credit columns.
func (l *csvLayout) amount(r csvRecord, where string) (decimal.Decimal, error) {
	read := func(f Field) (decimal.Decimal, bool, error) {
		s := cell(r, l.cols, f)
		if s == "" {
			return decimal.Zero, false, nil
		}
		v, ok := localAmount(s, l.decimal)
		if !ok {
			return decimal.Zero, false, invalid(where, "%q is not an amount written with %q as decimal separator", s, string(l.decimal))
		}
		return v, true, nil
	}
	if len(l.cols[FieldAmount]) > 0 {
		v, ok, err := read(FieldAmount)
		if err != nil {
			return v, err
		}
		if !ok {
			return v, invalid(where, "the amount is empty")
		}
		if len(l.cols[FieldMark]) > 0 {
			switch markOf(cell(r, l.cols, FieldMark)) {
			case Debit:
				return v.Abs().Neg(), nil
			case Credit:
				return v.Abs(), nil
			default:
				return v, invalid(where, "the debit/credit column says %q, which is neither debit nor credit", cell(r, l.cols, FieldMark))
			}
		}
		return v, nil
	}
	dv, dok, err := read(FieldDebit)
	if err != nil {
		return dv, err
	}
	cv, cok, err := read(FieldCredit)
	if err != nil {
		return cv, err
	}
	switch {
	case dok && cok && !dv.IsZero() && !cv.IsZero():
		return dv, invalid(where, "both the debit and the credit column hold an amount")
	case dok && !dv.IsZero():
		return dv.Abs().Neg(), nil // some banks write debits negative already
	case cok:
		return cv.Abs(), nil
	case dok:
		return decimal.Zero, nil
	}
	return decimal.Zero, invalid(where, "neither the debit nor the credit column holds an amount")
}

// hasWord reports whether s holds a run of three letters: text, not a date.
func hasWord(s string) bool {
	run := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f {
			run++
			if run >= 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// preamble takes an account's IBAN and currency from a line above the header: "Numéro de compte :
// FR76 3000 ...", "Devise : EUR", or a cell that is just the IBAN or the code.
func preamble(a *Account, cell string) {
	cell = strings.TrimSpace(cell)
	value := cell
	if i := strings.LastIndexByte(cell, ':'); i >= 0 {
		value = strings.TrimSpace(cell[i+1:])
	}
	if a.IBAN == "" {
		for _, cand := range append([]string{value}, strings.Fields(value)...) {
			if iban := compactIBAN(cand); validIBAN(iban) {
				a.IBAN = iban
				return
			}
		}
	}
	label := fold(cell)
	if a.Currency == "" && isCurrencyCode(value) && (value == cell || strings.Contains(label, "devise") ||
		strings.Contains(label, "currency") || strings.Contains(label, "waehrung") || strings.Contains(label, "monnaie")) {
		a.Currency = value
	}
}

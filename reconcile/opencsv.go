package reconcile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// RuleOpenCSV is the rule of every fault of an open-items file that cannot be read.
const RuleOpenCSV = "OPEN-CSV"

// OpenColumns are the required columns of an open-items CSV file (spec §4), in their usual order.
var OpenColumns = []string{"invoice_number", "customer_id", "customer_name", "issue_date", "due_date", "currency", "amount_due"}

// Optional columns: the customer's reference (PO) of the invoice, and early-payment terms (both or
// neither; the percent as a decimal string, "2" for 2 %).
const (
	ColReference       = "reference"
	ColDiscountPercent = "discount_percent"
	ColDiscountUntil   = "discount_until"
)

// ReadOpenItems reads an open-items CSV file (UTF-8, comma, header row; columns in any order, names
// in any case, other columns ignored). A file that breaks a rule is a CodeInvalid error whose
// faults name the line and column; nothing of it is returned.
func ReadOpenItems(data []byte) ([]OpenItem, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, invalidOpen("line 1", "the file is empty; it needs a header row: %s", strings.Join(OpenColumns, ","))
	} else if err != nil {
		return nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup && h != "" {
			return nil, invalidOpen("line 1", "column %q appears twice", h)
		}
		col[h] = i
	}
	var missing []string
	for _, c := range OpenColumns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, invalidOpen("line 1", "the header lacks column(s) %s", strings.Join(missing, ", "))
	}
	_, hasPct := col[ColDiscountPercent]
	if _, hasUntil := col[ColDiscountUntil]; hasPct != hasUntil {
		return nil, invalidOpen("line 1", "columns %s and %s come together", ColDiscountPercent, ColDiscountUntil)
	}
	var items []OpenItem
	var faults []o2c.Fault
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, csvError(err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		it, fs := readOpenRow(get, line)
		faults = append(faults, fs...)
		if len(fs) == 0 {
			items = append(items, it)
		}
		if len(faults) >= 20 {
			break
		}
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	if len(items) == 0 {
		return nil, invalidOpen("line 2", "the file lists no open item")
	}
	return items, nil
}

func readOpenRow(get func(string) string, line int) (OpenItem, []o2c.Fault) {
	var faults []o2c.Fault
	bad := func(c, format string, args ...any) {
		faults = append(faults, o2c.Fault{Rule: RuleOpenCSV, Path: fmt.Sprintf("line %d, %s", line, c), Message: fmt.Sprintf(format, args...)})
	}
	it := OpenItem{Number: get("invoice_number"), CustomerID: get("customer_id"), CustomerName: get("customer_name"), Reference: get(ColReference)}
	if it.Number == "" {
		bad("invoice_number", "the invoice number is empty")
	}
	if it.CustomerID == "" {
		bad("customer_id", "the customer id is empty")
	}
	date := func(c string, required bool) cal.Date {
		s := get(c)
		if s == "" {
			if required {
				bad(c, "the date is empty")
			}
			return cal.Date{}
		}
		d, err := cal.Parse(s)
		if err != nil {
			bad(c, "%s", err.Error())
		}
		return d
	}
	it.IssueDate = date("issue_date", false)
	it.DueDate = date("due_date", true)
	cur, err := money.ParseCurrency(get("currency"))
	if err != nil {
		bad("currency", "%s", err.Error())
	}
	it.Currency = string(cur)
	amount := func(c string) decimal.Decimal {
		s := get(c)
		if !money.IsPlainDecimal(s) {
			bad(c, "%q is no decimal like 1234.50", s)
			return decimal.Zero
		}
		return decimal.RequireFromString(s)
	}
	it.AmountDue = amount("amount_due")
	if len(faults) == 0 {
		if !it.AmountDue.IsPositive() {
			bad("amount_due", "the amount due %s is not positive", it.AmountDue)
		} else if _, ok := toUnits(it.AmountDue); !ok {
			bad("amount_due", "the amount due %s has more than %d decimals or is too large", it.AmountDue, unitPlaces)
		}
	}
	if get(ColDiscountPercent) != "" || get(ColDiscountUntil) != "" {
		pct := amount(ColDiscountPercent)
		until := date(ColDiscountUntil, true)
		if len(faults) == 0 && (!pct.IsPositive() || pct.GreaterThanOrEqual(hundred)) {
			bad(ColDiscountPercent, "the discount %s%% is not between 0 and 100", pct)
		}
		it.Discount = &Discount{Percent: pct, Until: until}
	}
	return it, faults
}

var hundred = decimal.NewFromInt(100)

func invalidOpen(path, format string, args ...any) error {
	return o2c.Invalid(o2c.Fault{Rule: RuleOpenCSV, Path: path, Message: fmt.Sprintf(format, args...)})
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return invalidOpen(fmt.Sprintf("line %d", pe.Line), "%s", pe.Err.Error())
	}
	return invalidOpen("line 1", "%s", err.Error())
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/bank"
	"github.com/o2c-project/o2c/money"
	"github.com/o2c-project/o2c/reconcile"
)

// reconcileLine is what `o2c reconcile` prints per transaction (spec §4). The fields after Reason
// are ours: the currency, the customer, and what was settled without cash or kept as credit.
type reconcileLine struct {
	TransactionID string           `json:"transaction_id"`
	Amount        string           `json:"amount"`
	Status        reconcile.Status `json:"status"`
	Allocations   []reconcileAlloc `json:"allocations"`
	Confidence    float64          `json:"confidence"`
	Reason        string           `json:"reason"`
	Currency      string           `json:"currency"`
	CustomerID    string           `json:"customer_id,omitempty"`
	WriteOff      string           `json:"write_off,omitempty"` // a bank fee or small difference written off
	Discount      string           `json:"discount,omitempty"`  // early-payment discount granted
	Credit        string           `json:"credit,omitempty"`    // overpayment kept as customer credit
}

type reconcileAlloc struct {
	InvoiceNumber string `json:"invoice_number"`
	Amount        string `json:"amount"`
}

func (m *Main) reconcile(_ context.Context, args []string) error {
	fs := m.flags("reconcile")
	invoices := fs.String("invoices", "", "open invoices CSV: "+fmt.Sprint(reconcile.OpenColumns))
	knowledge := fs.String("knowledge", "", "JSON of what earlier payments taught: {\"aliases\": {customer_id: [names]}, \"accounts\": {IBAN: customer_id}, \"invoice_patterns\": [regexp]}")
	opt := reconcile.DefaultOptions()
	fs.Func("write-off-amount", "largest shortfall written off as a bank fee (default "+opt.WriteOffAmount.String()+")", decimalFlag(&opt.WriteOffAmount))
	fs.Func("write-off-percent", "largest shortfall written off, in percent of the amount due (default "+opt.WriteOffPercent.String()+")", decimalFlag(&opt.WriteOffPercent))
	fs.Float64Var(&opt.AutoThreshold, "auto-threshold", opt.AutoThreshold, "confidence from which a match is applied without a person")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *invoices == "" || len(pos) == 0 {
		fmt.Fprintln(m.Stderr, "usage: o2c reconcile --invoices OPEN.csv [--knowledge K.json] STATEMENT...")
		return errUsage
	}
	data, err := os.ReadFile(*invoices)
	if err != nil {
		return err
	}
	open, err := reconcile.ReadOpenItems(data)
	if err != nil {
		return inFile(*invoices, err)
	}
	var k reconcile.Knowledge
	if *knowledge != "" {
		if k, err = readKnowledge(*knowledge); err != nil {
			return err
		}
	}
	var txs []reconcile.Transaction
	for _, path := range pos {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		statements, err := bank.Parse(filepath.Base(path), data)
		if err != nil {
			return inFile(path, err)
		}
		txs = append(txs, reconcile.FromStatements(statements)...)
	}
	results, err := reconcile.Reconcile(open, txs, k, opt)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	for _, r := range results {
		if err := enc.Encode(toLine(r)); err != nil {
			return err
		}
	}
	return nil
}

func toLine(r reconcile.Result) reconcileLine {
	cur := money.Currency(r.Currency)
	l := reconcileLine{TransactionID: r.TransactionID, Amount: moneyString(r.Amount, cur), Status: r.Status,
		Allocations: []reconcileAlloc{}, Confidence: math.Round(r.Confidence*100) / 100, Reason: r.Reason,
		Currency: r.Currency, CustomerID: r.CustomerID}
	for _, a := range r.Allocations {
		l.Allocations = append(l.Allocations, reconcileAlloc{InvoiceNumber: a.InvoiceNumber, Amount: moneyString(a.Amount, cur)})
	}
	if r.WriteOff.IsPositive() {
		l.WriteOff = moneyString(r.WriteOff, cur)
	}
	if r.Discount.IsPositive() {
		l.Discount = moneyString(r.Discount, cur)
	}
	if r.Credit.IsPositive() {
		l.Credit = moneyString(r.Credit, cur)
	}
	return l
}

// moneyString writes an amount with its currency's places ("474.40"), or more when it has more.
func moneyString(d decimal.Decimal, cur money.Currency) string {
	p := cur.Scale()
	if !d.Round(p).Equal(d) {
		return d.String()
	}
	return d.StringFixed(p)
}

func decimalFlag(dst *decimal.Decimal) func(string) error {
	return func(s string) error {
		if !money.IsPlainDecimal(s) {
			return fmt.Errorf("%q is no decimal like 10.50", s)
		}
		*dst = decimal.RequireFromString(s)
		return nil
	}
}

func readKnowledge(path string) (reconcile.Knowledge, error) {
	var k reconcile.Knowledge
	data, err := os.ReadFile(path)
	if err != nil {
		return k, err
	}
	if err := json.Unmarshal(data, &k); err != nil {
		return k, fmt.Errorf("%s: not the JSON of a knowledge file: %w", path, err)
	}
	return k, nil
}

// inFile puts the file's name before the message of an error about its content.
func inFile(path string, err error) error {
	var e *o2c.Error
	if errors.As(err, &e) {
		return &o2c.Error{Code: e.Code, Message: path + ": " + e.Message, Faults: e.Faults}
	}
	return fmt.Errorf("%s: %w", path, err)
}

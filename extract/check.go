package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/country"
	"github.com/o2c-project/o2c/money"
)

// Rules of CheckDraft; the package doc explains each.
const (
	RuleDocumentType = "ORDER-01"
	RuleChannel      = "ORDER-02"
	RuleCurrency     = "ORDER-03"
	RuleCountry      = "ORDER-04"
	RuleNoLines      = "ORDER-05"
	RuleLineNo       = "ORDER-06"
	RuleQuantity     = "ORDER-07"
	RulePrice        = "ORDER-08"
	RuleTotals       = "ORDER-09"
	RuleMeasure      = "ORDER-10"
	RuleConfidence   = "ORDER-11"
	RuleText         = "ORDER-12"
)

// Bounds of CheckDraft.
const (
	maxText       = 1_000         // runes of a name, code, address line...
	maxLongText   = 10_000        // runes of notes and reservations
	maxLineNo     = 999_999_999   //
	maxPlaces     = 6             // decimal places of a quantity, price or total
	maxConfidence = 200           // bytes of a confidence key
	quantityLimit = 1_000_000_000 // quantities, packages and weights stay below
)

var (
	// documentTypes lists the schema's document types.
	documentTypes = []o2c.DocumentType{o2c.DocPurchaseOrder, o2c.DocOrderChange, o2c.DocDeliveryNote, o2c.DocCMR,
		o2c.DocInvoice, o2c.DocOther}

	quantityMax = decimal.New(quantityLimit, 0)
	amountMax   = decimal.New(1, 12)

	// confidenceKey is a field path of the canonical order: po_number, lines[2].quantity, buyer.name.
	confidenceKey = regexp.MustCompile(`^[a-z][a-z0-9_]*(\[[0-9]{1,9}\])?(\.[a-z][a-z0-9_]*(\[[0-9]{1,9}\])?)*$`)
)

// CheckDraft returns the structural faults of a draft: what a machine sender must never send,
// whatever the format (the API answers them with 422). Missing business facts are not faults:
// verification turns them into anomalies. Paths are JSON paths with 0-based indexes; the package
// doc lists the rules.
func CheckDraft(d *o2c.OrderDraft) []o2c.Fault {
	c := &checker{}
	if !slices.Contains(documentTypes, d.DocumentType) {
		c.add(RuleDocumentType, "$.document_type", "document_type %s is not one of %s",
			short(string(d.DocumentType)), joinTypes(documentTypes))
	}
	if s := d.Source; s != nil {
		if s.Channel != "" && !slices.Contains(o2c.Channels, s.Channel) {
			c.add(RuleChannel, "$.source.channel", "channel %s is not one of %s", short(string(s.Channel)), joinTypes(o2c.Channels))
		}
		c.text("$.source.file", s.File, maxText)
		c.text("$.source.sender", s.Sender, maxText)
	}
	c.text("$.po_number", d.PONumber, maxText)
	if d.Currency != "" {
		if cur, err := money.ParseCurrency(d.Currency); err != nil || string(cur) != d.Currency {
			c.add(RuleCurrency, "$.currency", "currency %s is not an ISO 4217 code in upper case such as EUR", short(d.Currency))
		}
	}
	c.party("$.buyer", d.Buyer)
	c.party("$.ship_to", d.ShipTo)
	c.party("$.bill_to", d.BillTo)
	if len(d.Lines) == 0 && (d.DocumentType == o2c.DocPurchaseOrder || d.DocumentType == o2c.DocOrderChange) {
		c.add(RuleNoLines, "$.lines", "a %s needs at least one line", d.DocumentType)
	}
	lineNos := make(map[int]int) // line_no -> index of the first line carrying it
	for i, l := range d.Lines {
		p := "$.lines[" + strconv.Itoa(i) + "]"
		switch first, dup := lineNos[l.LineNo]; {
		case l.LineNo == 0: // not numbered
		case l.LineNo < 0 || l.LineNo > maxLineNo:
			c.add(RuleLineNo, p+".line_no", "line_no %d is out of range: expected 1 to %d, or none", l.LineNo, maxLineNo)
		case dup:
			c.add(RuleLineNo, p+".line_no", "line_no %d is also the line_no of $.lines[%d]; each line needs its own", l.LineNo, first)
		default:
			lineNos[l.LineNo] = i
		}
		c.text(p+".buyer_sku", l.BuyerSKU, maxText)
		c.text(p+".supplier_sku", l.SupplierSKU, maxText)
		c.text(p+".gtin", l.GTIN, maxText)
		c.text(p+".description", l.Description, maxText)
		c.text(p+".unit", l.Unit, maxText)
		c.decimal(RuleQuantity, p+".quantity", l.Quantity, true, quantityMax)
		c.decimal(RulePrice, p+".unit_price", l.UnitPrice, false, amountMax)
		c.decimal(RulePrice, p+".line_total", l.LineTotal, false, amountMax)
	}
	if t := d.Totals; t != nil {
		c.decimal(RuleTotals, "$.totals.net", t.Net, false, amountMax)
		c.decimal(RuleTotals, "$.totals.tax", t.Tax, false, amountMax)
		c.decimal(RuleTotals, "$.totals.gross", t.Gross, false, amountMax)
	}
	c.text("$.notes", d.Notes, maxLongText)
	c.confidence(d.Confidence)
	if v := d.Delivery; v != nil {
		c.text("$.delivery.document_number", v.DocumentNumber, maxText)
		c.party("$.delivery.carrier", v.Carrier)
		c.party("$.delivery.shipper", v.Shipper)
		c.party("$.delivery.consignee", v.Consignee)
		c.text("$.delivery.place_of_loading", v.PlaceOfLoading, maxText)
		c.text("$.delivery.place_of_delivery", v.PlaceOfDelivery, maxText)
		c.decimal(RuleMeasure, "$.delivery.packages", v.Packages, false, quantityMax)
		c.decimal(RuleMeasure, "$.delivery.gross_weight_kg", v.GrossWeightKg, false, quantityMax)
		c.text("$.delivery.reservations", v.Reservations, maxLongText)
	}
	return c.faults
}

type checker struct{ faults []o2c.Fault }

func (c *checker) add(rule, path, format string, args ...any) {
	c.faults = append(c.faults, o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) party(path string, p *o2c.Party) {
	if p == nil {
		return
	}
	for _, f := range []struct{ name, v string }{{"name", p.Name}, {"vat_id", p.VATID}, {"gln", p.GLN},
		{"email", p.Email}, {"street", p.Street}, {"postal_code", p.PostalCode}, {"city", p.City}} {
		c.text(path+"."+f.name, f.v, maxText)
	}
	if p.Country != "" && !country.Valid(p.Country) {
		hint := ""
		if up := strings.ToUpper(p.Country); country.Valid(up) {
			hint = "; write it in upper case: " + up
		} else if h := country.Hint(up); h != "" {
			hint = "; " + h
		}
		c.add(RuleCountry, path+".country", "country %s is not an ISO 3166-1 alpha-2 code such as FR%s", short(p.Country), hint)
	}
}

// decimal checks a quantity or an amount: > 0 (positive) or >= 0, below max, at most maxPlaces places.
func (c *checker) decimal(rule, path string, v *decimal.Decimal, positive bool, max decimal.Decimal) {
	if v == nil {
		return
	}
	name := path[strings.LastIndexByte(path, '.')+1:]
	switch {
	case positive && !v.IsPositive():
		c.add(rule, path, "%s must be > 0, got %s", name, v)
	case v.IsNegative():
		c.add(rule, path, "%s must be >= 0, got %s", name, v)
	case v.Cmp(max) >= 0:
		c.add(rule, path, "%s must be < %s, got %s", name, max, v)
	case !v.Equal(v.Truncate(maxPlaces)):
		c.add(rule, path, "%s %s has more than %d decimal places", name, v, maxPlaces)
	}
}

// text checks a string: valid UTF-8, no control characters but tab and line breaks, at most max runes.
func (c *checker) text(path, s string, max int) {
	switch {
	case s == "":
	case !utf8.ValidString(s):
		c.add(RuleText, path, "text is not valid UTF-8")
	case utf8.RuneCountInString(s) > max:
		c.add(RuleText, path, "text is longer than %d characters", max)
	default:
		if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }); i >= 0 {
			r, _ := utf8.DecodeRuneInString(s[i:])
			c.add(RuleText, path, "text holds the control character %U at byte %d", r, i)
		}
	}
}

func (c *checker) confidence(m map[string]float64) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := "$.confidence" + member(k)
		if len(k) > maxConfidence || !confidenceKey.MatchString(k) {
			c.add(RuleConfidence, p, "confidence key %s is not a field path such as po_number or lines[2].quantity", short(k))
		} else if v := m[k]; !(v >= 0 && v <= 1) { // also rejects NaN
			c.add(RuleConfidence, p, "confidence of %s must lie in [0,1], got %s", k, strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
}

func joinTypes[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

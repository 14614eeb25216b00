package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
)

// Rules of DecodeJSON; the package doc explains each.
const (
	RuleUTF8      = "JSON-01"
	RuleSyntax    = "JSON-02"
	RuleTrailing  = "JSON-03"
	RuleUnknown   = "JSON-04"
	RuleDuplicate = "JSON-05"
	RuleType      = "JSON-06"
	RuleDecimal   = "JSON-07"
	RuleDate      = "JSON-08"
	RuleInteger   = "JSON-09"
	RuleRequired  = "JSON-10"
	RuleLimit     = "JSON-11"
)

// Limits that keep hostile input cheap.
const (
	maxDepth      = 32     // nesting of objects and arrays
	maxLines      = 10_000 // lines in one order
	maxOrders     = 10_000 // orders in one array
	maxFaults     = 100    // faults listed before decoding stops
	maxDecimalLen = 40     // characters of a decimal, checked before parsing
	maxIntegerLen = 18     // digits of an integer, so that it fits an int64
)

// Field names of each object of the schema, for hints about misspelt keys.
var (
	orderFields = []string{"document_type", "source", "po_number", "order_date", "requested_delivery_date",
		"currency", "buyer", "ship_to", "bill_to", "lines", "totals", "notes", "confidence", "delivery"}
	sourceFields   = []string{"channel", "file", "sender"}
	partyFields    = []string{"name", "vat_id", "gln", "email", "street", "postal_code", "city", "country"}
	lineFields     = []string{"line_no", "buyer_sku", "supplier_sku", "gtin", "description", "quantity", "unit", "unit_price", "line_total"}
	totalsFields   = []string{"net", "tax", "gross"}
	deliveryFields = []string{"document_number", "shipped_date", "delivered_date", "carrier", "shipper", "consignee",
		"place_of_loading", "place_of_delivery", "packages", "gross_weight_kg", "received_signed", "reservations"}
)

// DecodeJSON reads one canonical order object, or a JSON array of them, strictly against
// shared/spec/order.schema.json. Errors are *o2c.Error{Code: CodeInvalid} whose Faults name the
// JSON path ($.lines[2].quantity) and the problem; the package doc lists the rules. It checks
// types and shapes only: CheckDraft checks the values.
func DecodeJSON(b []byte) (drafts []o2c.OrderDraft, err error) {
	if !utf8.Valid(b) {
		return nil, o2c.Invalid(o2c.Fault{Rule: RuleUTF8, Path: "$",
			Message: fmt.Sprintf("the input is not valid UTF-8 (byte %d); send UTF-8 text", invalidUTF8At(b))})
	}
	d := &decoder{dec: json.NewDecoder(bytes.NewReader(b))}
	d.dec.UseNumber()
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bail); !ok {
				panic(r)
			}
			drafts, err = nil, o2c.Invalid(d.faults...)
		}
	}()
	drafts = d.document()
	end := d.dec.InputOffset()
	if _, tokErr := d.dec.Token(); !errors.Is(tokErr, io.EOF) {
		d.fault(RuleTrailing, "$", fmt.Sprintf("unexpected data after the JSON value at byte %d; send one order object or one array of them", end))
	}
	if len(d.faults) > 0 {
		return nil, o2c.Invalid(d.faults...)
	}
	return drafts, nil
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// document reads the top value: an order or an array of orders.
func (d *decoder) document() []o2c.OrderDraft {
	switch tok := d.next("$"); tok {
	case json.Delim('{'):
		var o o2c.OrderDraft
		d.order("$", &o)
		return []o2c.OrderDraft{o}
	case json.Delim('['):
		d.enter("$")
		drafts := []o2c.OrderDraft{}
		for i := 0; d.dec.More(); i++ {
			p := "$[" + strconv.Itoa(i) + "]"
			if i == maxOrders {
				d.stop(RuleLimit, p, fmt.Sprintf("more than %d orders in one array; send them in parts", maxOrders))
			}
			if t := d.next(p); t != json.Delim('{') {
				d.wrongType(p, "an order object", t)
				continue
			}
			var o o2c.OrderDraft
			d.order(p, &o)
			drafts = append(drafts, o)
		}
		d.next("$") // ']'
		d.leave()
		if len(drafts) == 0 && len(d.faults) == 0 {
			d.fault(RuleRequired, "$", "the array holds no order")
		}
		return drafts
	default:
		d.stop(RuleType, "$", "must be an order object or an array of order objects, got "+describe(tok))
		return nil
	}
}

func (d *decoder) order(path string, o *o2c.OrderDraft) {
	var hasType, hasLines bool
	d.fields(path, orderFields, func(key, p string) {
		switch key {
		case "document_type":
			hasType = true
			var s string
			d.str(p, &s, false)
			o.DocumentType = o2c.DocumentType(s)
		case "source":
			if d.object(p, false) {
				o.Source = &o2c.Source{}
				d.source(p, o.Source)
			}
		case "po_number":
			d.str(p, &o.PONumber, true)
		case "order_date":
			d.date(p, &o.OrderDate)
		case "requested_delivery_date":
			d.date(p, &o.RequestedDeliveryDate)
		case "currency":
			d.str(p, &o.Currency, true)
		case "buyer":
			d.party(p, &o.Buyer)
		case "ship_to":
			d.party(p, &o.ShipTo)
		case "bill_to":
			d.party(p, &o.BillTo)
		case "lines":
			hasLines = true
			d.lines(p, &o.Lines)
		case "totals":
			if d.object(p, false) {
				o.Totals = &o2c.Totals{}
				d.totals(p, o.Totals)
			}
		case "notes":
			d.str(p, &o.Notes, true)
		case "confidence":
			d.confidence(p, &o.Confidence)
		case "delivery":
			if d.object(p, true) {
				o.Delivery = &o2c.Delivery{}
				d.delivery(p, o.Delivery)
			}
		}
	})
	if !hasType {
		d.fault(RuleRequired, path+".document_type", "document_type is required")
	}
	if !hasLines {
		d.fault(RuleRequired, path+".lines", "lines is required: an array of lines, empty when the document has none")
	}
}

func (d *decoder) source(path string, s *o2c.Source) {
	d.fields(path, sourceFields, func(key, p string) {
		switch key {
		case "channel":
			var c string
			d.str(p, &c, false)
			s.Channel = o2c.Channel(c)
		case "file":
			d.str(p, &s.File, false)
		case "sender":
			d.str(p, &s.Sender, false)
		}
	})
}

// party reads a party object or null.
func (d *decoder) party(path string, dst **o2c.Party) {
	if !d.object(path, true) {
		return
	}
	pa := &o2c.Party{}
	*dst = pa
	d.fields(path, partyFields, func(key, p string) {
		switch key {
		case "name":
			d.str(p, &pa.Name, true)
		case "vat_id":
			d.str(p, &pa.VATID, true)
		case "gln":
			d.str(p, &pa.GLN, true)
		case "email":
			d.str(p, &pa.Email, true)
		case "street":
			d.str(p, &pa.Street, true)
		case "postal_code":
			d.str(p, &pa.PostalCode, true)
		case "city":
			d.str(p, &pa.City, true)
		case "country":
			d.str(p, &pa.Country, true)
		}
	})
}

func (d *decoder) lines(path string, dst *[]o2c.DraftLine) {
	if t := d.next(path); t != json.Delim('[') {
		d.wrongType(path, "an array of lines", t)
		return
	}
	d.enter(path)
	*dst = []o2c.DraftLine{}
	for i := 0; d.dec.More(); i++ {
		p := path + "[" + strconv.Itoa(i) + "]"
		if i == maxLines {
			d.stop(RuleLimit, p, fmt.Sprintf("more than %d lines in one order", maxLines))
		}
		if t := d.next(p); t != json.Delim('{') {
			d.wrongType(p, "a line object", t)
			continue
		}
		var l o2c.DraftLine
		d.line(p, &l)
		*dst = append(*dst, l)
	}
	d.next(path) // ']'
	d.leave()
}

func (d *decoder) line(path string, l *o2c.DraftLine) {
	d.fields(path, lineFields, func(key, p string) {
		switch key {
		case "line_no":
			d.integer(p, &l.LineNo)
		case "buyer_sku":
			d.str(p, &l.BuyerSKU, true)
		case "supplier_sku":
			d.str(p, &l.SupplierSKU, true)
		case "gtin":
			d.str(p, &l.GTIN, true)
		case "description":
			d.str(p, &l.Description, true)
		case "quantity":
			d.decimal(p, &l.Quantity)
		case "unit":
			d.str(p, &l.Unit, true)
		case "unit_price":
			d.decimal(p, &l.UnitPrice)
		case "line_total":
			d.decimal(p, &l.LineTotal)
		}
	})
}

func (d *decoder) totals(path string, t *o2c.Totals) {
	d.fields(path, totalsFields, func(key, p string) {
		switch key {
		case "net":
			d.decimal(p, &t.Net)
		case "tax":
			d.decimal(p, &t.Tax)
		case "gross":
			d.decimal(p, &t.Gross)
		}
	})
}

func (d *decoder) delivery(path string, v *o2c.Delivery) {
	d.fields(path, deliveryFields, func(key, p string) {
		switch key {
		case "document_number":
			d.str(p, &v.DocumentNumber, true)
		case "shipped_date":
			d.date(p, &v.ShippedDate)
		case "delivered_date":
			d.date(p, &v.DeliveredDate)
		case "carrier":
			d.party(p, &v.Carrier)
		case "shipper":
			d.party(p, &v.Shipper)
		case "consignee":
			d.party(p, &v.Consignee)
		case "place_of_loading":
			d.str(p, &v.PlaceOfLoading, true)
		case "place_of_delivery":
			d.str(p, &v.PlaceOfDelivery, true)
		case "packages":
			d.decimal(p, &v.Packages)
		case "gross_weight_kg":
			d.decimal(p, &v.GrossWeightKg)
		case "received_signed":
			switch t := d.next(p).(type) {
			case bool:
				v.ReceivedSigned = &t
			case nil:
			default:
				d.wrongType(p, "true, false or null", t)
			}
		case "reservations":
			d.str(p, &v.Reservations, true)
		}
	})
}

// confidence reads the field path -> score object. Scores are JSON numbers; an empty object is
// left nil, as json.Marshal omits it.
func (d *decoder) confidence(path string, dst *map[string]float64) {
	if !d.object(path, false) {
		return
	}
	m := make(map[string]float64)
	d.fieldsAny(path, func(key, p string) {
		switch t := d.next(p).(type) {
		case json.Number:
			f, err := strconv.ParseFloat(string(t), 64)
			if err != nil || math.IsInf(f, 0) {
				d.fault(RuleType, p, fmt.Sprintf("confidence %s is not a finite number", t))
				return
			}
			m[key] = f
		default:
			d.wrongType(p, "a number from 0 to 1", t)
		}
	})
	if len(m) > 0 {
		*dst = m
	}
}

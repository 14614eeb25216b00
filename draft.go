package o2c

import (
	"encoding/json"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// DocumentType is the kind of business document a draft was read from (spec: document_type).
type DocumentType string

// Document types of the canonical order.
const (
	DocPurchaseOrder DocumentType = "purchase_order"
	DocOrderChange   DocumentType = "order_change"
	DocDeliveryNote  DocumentType = "delivery_note"
	DocCMR           DocumentType = "cmr"
	DocInvoice       DocumentType = "invoice"
	DocOther         DocumentType = "other"
)

// Channel is the way a document reached us (spec: source.channel).
type Channel string

// Channels of the canonical order.
const (
	ChannelPDF     Channel = "pdf"
	ChannelScan    Channel = "scan"
	ChannelEmail   Channel = "email"
	ChannelEDIFACT Channel = "edifact"
	ChannelX12     Channel = "x12"
	ChannelUBL     Channel = "ubl"
	ChannelCSV     Channel = "csv"
	ChannelXLSX    Channel = "xlsx"
	ChannelPortal  Channel = "portal"
	ChannelAPI     Channel = "api"
	ChannelFolder  Channel = "folder"
)

// Channels lists every channel of the spec.
var Channels = []Channel{ChannelPDF, ChannelScan, ChannelEmail, ChannelEDIFACT, ChannelX12, ChannelUBL,
	ChannelCSV, ChannelXLSX, ChannelPortal, ChannelAPI, ChannelFolder}

// OrderDraft is the canonical order of the spec (shared/spec/order.schema.json): what extraction
// yields and what `o2c extract` prints. It may be incomplete or wrong; verification decides.
// Its JSON shape is an external contract: change it only with a changelog entry.
type OrderDraft struct {
	DocumentType          DocumentType       `json:"document_type"`
	Source                *Source            `json:"source,omitempty"`
	PONumber              string             `json:"po_number,omitempty"`              // the buyer's purchase order number
	OrderDate             cal.Date           `json:"order_date,omitzero"`              // the date written on the order
	RequestedDeliveryDate cal.Date           `json:"requested_delivery_date,omitzero"` // when the buyer wants the goods
	Currency              string             `json:"currency,omitempty"`               // ISO 4217
	Buyer                 *Party             `json:"buyer,omitempty"`                  // who orders
	ShipTo                *Party             `json:"ship_to,omitempty"`                // where the goods go
	BillTo                *Party             `json:"bill_to,omitempty"`                // who is invoiced
	Lines                 []DraftLine        `json:"lines"`                            // at least one for an order
	Totals                *Totals            `json:"totals,omitempty"`                 // as stated on the document
	Notes                 string             `json:"notes,omitempty"`                  // free text for people
	Confidence            map[string]float64 `json:"confidence,omitempty"`             // field path -> [0,1]; a score, not money
	Delivery              *Delivery          `json:"delivery,omitempty"`               // delivery notes and CMR only
}

// Source says where a draft came from.
type Source struct {
	Channel Channel `json:"channel,omitempty"`
	File    string  `json:"file,omitempty"`   // the original file name
	Sender  string  `json:"sender,omitempty"` // e-mail address, EDI sender id, portal user
}

// Party is a buyer, ship-to, bill-to, carrier, shipper or consignee as written on a document.
type Party struct {
	Name       string `json:"name,omitempty"`
	VATID      string `json:"vat_id,omitempty"`
	GLN        string `json:"gln,omitempty"` // GS1 Global Location Number, 13 digits
	Email      string `json:"email,omitempty"`
	Street     string `json:"street,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	City       string `json:"city,omitempty"`
	Country    string `json:"country,omitempty"` // ISO 3166-1 alpha-2
}

// DraftLine is one order line as written on the document.
type DraftLine struct {
	LineNo      int              `json:"line_no,omitempty"`      // 1-based as on the document
	BuyerSKU    string           `json:"buyer_sku,omitempty"`    // the customer's own article code
	SupplierSKU string           `json:"supplier_sku,omitempty"` // our article code, as written
	GTIN        string           `json:"gtin,omitempty"`
	Description string           `json:"description,omitempty"`
	Quantity    *decimal.Decimal `json:"quantity,omitempty"`
	Unit        string           `json:"unit,omitempty"` // UN/ECE Rec. 20 code (C62, KGM, ...)
	UnitPrice   *decimal.Decimal `json:"unit_price,omitempty"`
	LineTotal   *decimal.Decimal `json:"line_total,omitempty"`
}

// Totals are a document's stated totals.
type Totals struct {
	Net   *decimal.Decimal `json:"net,omitempty"`
	Tax   *decimal.Decimal `json:"tax,omitempty"`
	Gross *decimal.Decimal `json:"gross,omitempty"`
}

// Delivery holds the transport facts of a delivery note, receipt note or CMR.
type Delivery struct {
	DocumentNumber  string           `json:"document_number,omitempty"`
	ShippedDate     cal.Date         `json:"shipped_date,omitzero"`
	DeliveredDate   cal.Date         `json:"delivered_date,omitzero"`
	Carrier         *Party           `json:"carrier,omitempty"`
	Shipper         *Party           `json:"shipper,omitempty"`
	Consignee       *Party           `json:"consignee,omitempty"`
	PlaceOfLoading  string           `json:"place_of_loading,omitempty"`
	PlaceOfDelivery string           `json:"place_of_delivery,omitempty"`
	Packages        *decimal.Decimal `json:"packages,omitempty"`
	GrossWeightKg   *decimal.Decimal `json:"gross_weight_kg,omitempty"`
	ReceivedSigned  *bool            `json:"received_signed,omitempty"`
	Reservations    string           `json:"reservations,omitempty"`
}

// FieldConfidence returns the confidence recorded for a field path, and whether one was recorded.
func (d *OrderDraft) FieldConfidence(path string) (float64, bool) {
	c, ok := d.Confidence[path]
	return c, ok
}

// DocumentTypes lists every document type of the spec.
var DocumentTypes = []DocumentType{DocPurchaseOrder, DocOrderChange, DocDeliveryNote, DocCMR, DocInvoice, DocOther}

// MarshalJSON writes the draft with "lines" always an array, as the schema requires, even for a
// draft that has none yet.
func (d OrderDraft) MarshalJSON() ([]byte, error) {
	type plain OrderDraft // without this method, so the encoder does not recurse
	p := plain(d)
	if p.Lines == nil {
		p.Lines = []DraftLine{}
	}
	return json.Marshal(p)
}

package invoice

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// TypeCode is the invoice type code (BT-3, UNTDID 1001).
type TypeCode string

// Type codes this package writes. Others in the credit-note list are read (IsCreditNote).
const (
	// TypeInvoice is a commercial invoice (380).
	TypeInvoice TypeCode = "380"
	// TypeCreditNote is a credit note (381); it names the invoice it corrects (BG-3).
	TypeCreditNote TypeCode = "381"
	// TypeCorrected is a corrected invoice (384); it names the invoice it corrects (BG-3).
	TypeCorrected TypeCode = "384"
	// TypeSelfBilled is a self-billed invoice (389).
	TypeSelfBilled TypeCode = "389"
	// TypePartial is a partial invoice (326).
	TypePartial TypeCode = "326"
	// TypePrepayment is a prepayment invoice (386).
	TypePrepayment TypeCode = "386"
)

// creditNoteCodes are the UNTDID 1001 codes that UBL writes as a CreditNote document.
var creditNoteCodes = []TypeCode{"381", "261", "262", "296", "308", "396", "420", "458", "532"}

// writableTypes are the type codes Validate accepts.
var writableTypes = []TypeCode{TypeInvoice, TypeCreditNote, TypeCorrected, TypeSelfBilled, TypePartial, TypePrepayment}

// IsCreditNote reports whether t is a credit note, which UBL writes as a CreditNote document.
func (t TypeCode) IsCreditNote() bool { return slices.Contains(creditNoteCodes, t) }

// corrects reports whether a document of type t must name the invoice it corrects.
func (t TypeCode) corrects() bool { return t == TypeCreditNote || t == TypeCorrected }

// Category is a VAT category code (BT-95, BT-102, BT-118, BT-151; UNTDID 5305 subset of EN 16931).
type Category string

// VAT categories.
const (
	// CategoryStandard is standard rated (S); the rate is above zero.
	CategoryStandard Category = "S"
	// CategoryZero is zero rated goods (Z); rate 0.
	CategoryZero Category = "Z"
	// CategoryExempt is exempt from VAT (E); rate 0 and an exemption reason.
	CategoryExempt Category = "E"
	// CategoryReverseCharge is VAT reverse charge (AE): the buyer accounts for the VAT; rate 0,
	// the buyer's VAT id or legal id and an exemption reason.
	CategoryReverseCharge Category = "AE"
	// CategoryIntraCommunity is an exempt intra-community supply of goods and services (K):
	// rate 0, both VAT ids, a delivery country and date or period, and an exemption reason.
	CategoryIntraCommunity Category = "K"
	// CategoryExport is free export outside the EU (G); rate 0 and an exemption reason.
	CategoryExport Category = "G"
	// CategoryNotSubject is services outside the scope of tax (O): no rate, no VAT ids, no other
	// category on the invoice, and an exemption reason.
	CategoryNotSubject Category = "O"
)

// Categories lists the VAT categories this package handles, in the order of the standard.
var Categories = []Category{CategoryStandard, CategoryZero, CategoryExempt, CategoryReverseCharge,
	CategoryIntraCommunity, CategoryExport, CategoryNotSubject}

// Identifier is an identifier with an optional scheme (ISO 6523 ICD for parties, EAS for
// electronic addresses).
type Identifier struct {
	Scheme string `json:"scheme,omitempty"` // ISO 6523 ICD (0088 GLN, 0002 SIREN, 0009 SIRET) or EAS code
	Value  string `json:"value"`            // the identifier as issued
}

// Identifier schemes (ISO 6523 ICD) that French and European invoices use most.
const (
	SchemeSIREN = "0002" // French SIREN, 9 digits: the legal registration of a company (BT-30)
	SchemeSIRET = "0009" // French SIRET, 14 digits: one establishment of a company (BT-29)
	SchemeGLN   = "0088" // GS1 Global Location Number, 13 digits (BT-29, BT-34, BT-71)
	SchemeGTIN  = "0160" // GS1 GTIN of an item (BT-157)
)

// Invoice is an invoice or credit note following the EN 16931 semantic model. Amounts are in
// Currency. Fields marked "computed" are set by Calculate and checked by Validate; a parser fills
// them with what the document states.
type Invoice struct {
	Number          string          `json:"number"`                     // BT-1: gap-free number within its series
	Type            TypeCode        `json:"type"`                       // BT-3: 380 invoice, 381 credit note...
	IssueDate       cal.Date        `json:"issue_date"`                 // BT-2
	DueDate         cal.Date        `json:"due_date,omitzero"`          // BT-9: payment due date
	TaxPointDate    cal.Date        `json:"tax_point_date,omitzero"`    // BT-7: when VAT becomes chargeable, if not the issue date
	Currency        string          `json:"currency"`                   // BT-5: ISO 4217 code of every amount
	TaxCurrency     string          `json:"tax_currency,omitempty"`     // BT-6: VAT accounting currency when it differs from Currency
	TaxExchangeRate decimal.Decimal `json:"tax_exchange_rate,omitzero"` // units of TaxCurrency per unit of Currency (input of BT-111; not written)
	BuyerReference  string          `json:"buyer_reference,omitempty"`  // BT-10: the buyer's routing reference (Leitweg-ID, service code)
	ContractRef     string          `json:"contract_ref,omitempty"`     // BT-12: contract reference
	PurchaseOrder   string          `json:"purchase_order,omitempty"`   // BT-13: the buyer's purchase order number
	SalesOrder      string          `json:"sales_order,omitempty"`      // BT-14: our sales order number
	Notes           []Note          `json:"notes,omitempty"`            // BG-1: free text; legal mentions go here
	Preceding       []DocumentRef   `json:"preceding,omitempty"`        // BG-3: the invoice(s) a credit note or corrected invoice corrects
	Period          Period          `json:"period,omitzero"`            // BG-14: invoicing period
	Seller          Party           `json:"seller"`                     // BG-4
	Buyer           Party           `json:"buyer"`                      // BG-7
	Delivery        Delivery        `json:"delivery,omitzero"`          // BG-13: where and when goods were delivered
	Payment         Payment         `json:"payment,omitzero"`           // BG-16 and BT-20
	Charges         []Charge        `json:"charges,omitempty"`          // BG-20 and BG-21: document-level allowances and charges
	Lines           []Line          `json:"lines"`                      // BG-25: at least one
	VATBreakdown    []VATSubtotal   `json:"vat_breakdown"`              // BG-23: computed, one per VAT category and rate
	Totals          Totals          `json:"totals"`                     // BG-22: computed, but for the prepaid and rounding amounts
}

// Note is an invoice note (BG-1).
type Note struct {
	SubjectCode string `json:"subject_code,omitempty"` // BT-21: UNTDID 4451 (AAI general, PMT payment, ABL legal)
	Text        string `json:"text"`                   // BT-22
}

// DocumentRef names an earlier invoice (BG-3).
type DocumentRef struct {
	Number    string   `json:"number"`              // BT-25: the number of the invoice corrected
	IssueDate cal.Date `json:"issue_date,omitzero"` // BT-26: its issue date
}

// Period is a span of dates, both inclusive; either may be zero.
type Period struct {
	Start cal.Date `json:"start,omitzero"` // BT-73, BT-134
	End   cal.Date `json:"end,omitzero"`   // BT-74, BT-135
}

// IsZero reports whether the period has neither start nor end.
func (p Period) IsZero() bool { return p.Start.IsZero() && p.End.IsZero() }

// Party is the seller (BG-4) or the buyer (BG-7).
type Party struct {
	Name        string       `json:"name"`                   // BT-27, BT-44: registered name
	TradingName string       `json:"trading_name,omitempty"` // BT-28, BT-45
	IDs         []Identifier `json:"ids,omitempty"`          // BT-29, BT-46: GLN (0088), SIRET (0009)...
	LegalID     Identifier   `json:"legal_id,omitzero"`      // BT-30, BT-47: legal registration; SIREN is scheme 0002
	VATID       string       `json:"vat_id,omitempty"`       // BT-31, BT-48: VAT identifier with its country prefix (FR...)
	TaxID       string       `json:"tax_id,omitempty"`       // BT-32: seller's tax registration when it has no VAT id
	LegalInfo   string       `json:"legal_info,omitempty"`   // BT-33: legal form, share capital (French mentions)
	Endpoint    Identifier   `json:"endpoint,omitzero"`      // BT-34, BT-49: electronic address (EAS scheme); Peppol requires it
	Address     Address      `json:"address"`                // BG-5, BG-8
	Contact     Contact      `json:"contact,omitzero"`       // BG-6, BG-9
}

// ID returns the value of the first identifier of p (BT-29) in scheme, or "".
func (p Party) ID(scheme string) string {
	for _, id := range p.IDs {
		if id.Scheme == scheme {
			return id.Value
		}
	}
	return ""
}

// GLN returns the party's GS1 Global Location Number, or "".
func (p Party) GLN() string { return p.ID(SchemeGLN) }

// SIRET returns the party's SIRET, or "".
func (p Party) SIRET() string { return p.ID(SchemeSIRET) }

// SIREN returns the party's SIREN (its legal registration in scheme 0002), or "".
func (p Party) SIREN() string {
	if p.LegalID.Scheme == SchemeSIREN {
		return p.LegalID.Value
	}
	return ""
}

// Address is a postal address (BG-5, BG-8, BG-15).
type Address struct {
	Line1       string `json:"line1,omitempty"`       // BT-35, BT-50, BT-75
	Line2       string `json:"line2,omitempty"`       // BT-36, BT-51, BT-76
	Line3       string `json:"line3,omitempty"`       // BT-162, BT-163, BT-165
	City        string `json:"city,omitempty"`        // BT-37, BT-52, BT-77
	PostCode    string `json:"post_code,omitempty"`   // BT-38, BT-53, BT-78
	Subdivision string `json:"subdivision,omitempty"` // BT-39, BT-54, BT-79: region, county
	Country     string `json:"country"`               // BT-40, BT-55, BT-80: ISO 3166-1 alpha-2, required
}

// IsZero reports whether the address is empty.
func (a Address) IsZero() bool { return a == Address{} }

// Contact is a contact person (BG-6, BG-9).
type Contact struct {
	Name  string `json:"name,omitempty"`  // BT-41, BT-56
	Phone string `json:"phone,omitempty"` // BT-42, BT-57
	Email string `json:"email,omitempty"` // BT-43, BT-58
}

// Delivery is the delivery information (BG-13); set it when the delivery address differs from
// the buyer's, and for intra-community supplies (K), which need a country and a date.
type Delivery struct {
	PartyName  string     `json:"party_name,omitempty"` // BT-70: deliver-to party name
	LocationID Identifier `json:"location_id,omitzero"` // BT-71: deliver-to location (GLN)
	Date       cal.Date   `json:"date,omitzero"`        // BT-72: actual delivery date
	Address    Address    `json:"address,omitzero"`     // BG-15: deliver-to address
}

// IsZero reports whether no delivery information is given.
func (d Delivery) IsZero() bool {
	return d.PartyName == "" && d.LocationID == (Identifier{}) && d.Date.IsZero() && d.Address.IsZero()
}

// Payment is the payment instructions (BG-16) and terms (BT-20).
type Payment struct {
	MeansCode   string `json:"means_code,omitempty"`   // BT-81: UNTDID 4461; 30 credit transfer, 58 SEPA credit transfer
	MeansText   string `json:"means_text,omitempty"`   // BT-82
	Reference   string `json:"reference,omitempty"`    // BT-83: remittance information the payer quotes
	IBAN        string `json:"iban,omitempty"`         // BT-84: payee account
	AccountName string `json:"account_name,omitempty"` // BT-85
	BIC         string `json:"bic,omitempty"`          // BT-86: payee bank
	Terms       string `json:"terms,omitempty"`        // BT-20: terms, early-payment discount, late penalties, the French 40 EUR indemnity
}

// IsZero reports whether no payment information is given.
func (p Payment) IsZero() bool { return p == Payment{} }

// VAT is the VAT of a line or a document-level allowance or charge.
type VAT struct {
	Category        Category        `json:"category"`                   // BT-151, BT-95, BT-102
	Rate            decimal.Decimal `json:"rate"`                       // BT-152, BT-96, BT-103: percent; 0 for Z, E, AE, K, G; none (0) for O
	ExemptionReason string          `json:"exemption_reason,omitempty"` // BT-120 of the category's breakdown: text
	ExemptionCode   string          `json:"exemption_code,omitempty"`   // BT-121 of the category's breakdown: VATEX code (VATEX-EU-AE...)
}

// Charge is a document-level allowance (BG-20) or charge (BG-21). When Percent is set, Amount is
// computed as Base x Percent / 100; Base defaults to the sum of the net amounts of the lines in
// the same VAT category and rate.
type Charge struct {
	Charge     bool             `json:"charge"`                // true for a charge (BG-21), false for an allowance (BG-20)
	Amount     decimal.Decimal  `json:"amount"`                // BT-92, BT-99: without VAT; computed when Percent is set
	Base       *decimal.Decimal `json:"base,omitempty"`        // BT-93, BT-100
	Percent    *decimal.Decimal `json:"percent,omitempty"`     // BT-94, BT-101
	VAT        VAT              `json:"vat"`                   // BT-95/96, BT-102/103
	Reason     string           `json:"reason,omitempty"`      // BT-97, BT-104: reason or code is required
	ReasonCode string           `json:"reason_code,omitempty"` // BT-98 (UNTDID 5189, 95 discount), BT-105 (UNTDID 7161, FC freight)
}

// LineCharge is a line allowance (BG-27) or charge (BG-28). When Percent is set, Amount is
// computed as Base x Percent / 100; Base defaults to quantity x net price.
type LineCharge struct {
	Charge     bool             `json:"charge"`                // true for a charge (BG-28), false for an allowance (BG-27)
	Amount     decimal.Decimal  `json:"amount"`                // BT-136, BT-141; computed when Percent is set
	Base       *decimal.Decimal `json:"base,omitempty"`        // BT-137, BT-142
	Percent    *decimal.Decimal `json:"percent,omitempty"`     // BT-138, BT-143
	Reason     string           `json:"reason,omitempty"`      // BT-139, BT-144: reason or code is required
	ReasonCode string           `json:"reason_code,omitempty"` // BT-140, BT-145
}

// Line is an invoice line (BG-25).
type Line struct {
	ID           string           `json:"id"`                       // BT-126: unique within the invoice
	Note         string           `json:"note,omitempty"`           // BT-127
	Quantity     decimal.Decimal  `json:"quantity"`                 // BT-129: may be negative on an invoice (a return)
	Unit         string           `json:"unit"`                     // BT-130: UN/ECE Rec. 20 or 21 code (C62 piece, KGM, HUR, XBX)
	NetAmount    decimal.Decimal  `json:"net_amount"`               // BT-131: computed: quantity x price + charges - allowances, to 2 decimals
	OrderLineRef string           `json:"order_line_ref,omitempty"` // BT-132: the line of the buyer's order
	Period       Period           `json:"period,omitzero"`          // BG-26
	Charges      []LineCharge     `json:"charges,omitempty"`        // BG-27, BG-28
	NetPrice     decimal.Decimal  `json:"net_price"`                // BT-146: per BaseQuantity units, after price discounts, >= 0
	GrossPrice   *decimal.Decimal `json:"gross_price,omitempty"`    // BT-148: before the price discount (BT-147 = gross - net)
	BaseQuantity *decimal.Decimal `json:"base_quantity,omitempty"`  // BT-149: the quantity the price is for (1 when absent), > 0
	VAT          VAT              `json:"vat"`                      // BT-151, BT-152
	Name         string           `json:"name"`                     // BT-153
	Description  string           `json:"description,omitempty"`    // BT-154
	SellerItemID string           `json:"seller_item_id,omitempty"` // BT-155
	BuyerItemID  string           `json:"buyer_item_id,omitempty"`  // BT-156
	StandardID   Identifier       `json:"standard_id,omitzero"`     // BT-157: GTIN in scheme 0160
}

// VATSubtotal is one VAT breakdown (BG-23): the total of one VAT category and rate.
type VATSubtotal struct {
	Category        Category        `json:"category"`                   // BT-118
	Rate            decimal.Decimal `json:"rate"`                       // BT-119
	TaxableAmount   decimal.Decimal `json:"taxable_amount"`             // BT-116: lines + charges - allowances of the category and rate
	TaxAmount       decimal.Decimal `json:"tax_amount"`                 // BT-117: taxable x rate / 100, rounded to 2 decimals
	ExemptionReason string          `json:"exemption_reason,omitempty"` // BT-120
	ExemptionCode   string          `json:"exemption_code,omitempty"`   // BT-121
}

// Totals are the document totals (BG-22). Calculate computes all of them from the lines and
// charges but Prepaid and Rounding, which are inputs.
type Totals struct {
	LineTotal        decimal.Decimal `json:"line_total"`                // BT-106: sum of line net amounts
	AllowanceTotal   decimal.Decimal `json:"allowance_total"`           // BT-107: sum of document allowances
	ChargeTotal      decimal.Decimal `json:"charge_total"`              // BT-108: sum of document charges
	TaxExclusive     decimal.Decimal `json:"tax_exclusive"`             // BT-109: line total - allowances + charges
	TaxTotal         decimal.Decimal `json:"tax_total"`                 // BT-110: sum of the breakdowns' VAT
	TaxTotalInTaxCur decimal.Decimal `json:"tax_total_in_tax_currency"` // BT-111: TaxTotal in TaxCurrency, when that is set
	TaxInclusive     decimal.Decimal `json:"tax_inclusive"`             // BT-112: tax exclusive + tax total
	Prepaid          decimal.Decimal `json:"prepaid"`                   // BT-113: input: amounts paid in advance
	Rounding         decimal.Decimal `json:"rounding"`                  // BT-114: input: added to round the amount due
	Payable          decimal.Decimal `json:"payable"`                   // BT-115: tax inclusive - prepaid + rounding
}

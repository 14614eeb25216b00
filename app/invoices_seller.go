package app

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/invoice"
)

// Seller is who we are on an invoice (BG-4) and how we want to be paid (BG-16, BT-20): the legal
// mentions French and EU law want on every invoice.
type Seller struct {
	Name        string // registered name (BT-27)
	TradingName string // BT-28, when it differs
	Street      string // BT-35
	PostCode    string // BT-38
	City        string // BT-37
	Country     string // ISO 3166-1 alpha-2 (BT-40); decides the VAT category of each sale
	VATID       string // BT-31, with its country prefix
	SIREN       string // French legal registration, 9 digits (BT-30, scheme 0002)
	SIRET       string // the establishment, 14 digits (BT-29, scheme 0009)
	GLN         string // GS1 location number (BT-29, scheme 0088); also our electronic address
	LegalInfo   string // BT-33: legal form, share capital, registry ("SAS au capital de 50 000 EUR, RCS Lyon")
	Email       string // contact and, without a GLN, our electronic address
	Phone       string
	IBAN        string // BT-84
	BIC         string // BT-86
	// PaymentTerms is the payment terms text (BT-20) before the penalty mentions, e.g.
	// "Payment by SEPA transfer within the agreed term."; the term in days comes from the customer.
	PaymentTerms string
	// LatePenaltyRate is the yearly late-payment interest in percent (French C. com. L441-10
	// wants it stated); nil states none.
	LatePenaltyRate *decimal.Decimal
	// RecoveryFee is the fixed indemnity for recovery costs owed by a business that pays late
	// (40 EUR in France); nil states none.
	RecoveryFee *decimal.Decimal
	// EarlyDiscount is the early-payment terms, e.g. "No discount for early payment.".
	EarlyDiscount string
	// DefaultTermsDays is the payment term of a customer that has none; 30 when 0.
	DefaultTermsDays int
}

// party is the seller as BG-4.
func (s Seller) party() invoice.Party {
	p := invoice.Party{Name: s.Name, TradingName: s.TradingName, VATID: s.VATID, LegalInfo: s.LegalInfo,
		Address: invoice.Address{Line1: s.Street, PostCode: s.PostCode, City: s.City, Country: strings.ToUpper(s.Country)},
		Contact: invoice.Contact{Name: s.Name, Email: s.Email, Phone: s.Phone}}
	if s.SIRET != "" {
		p.IDs = append(p.IDs, invoice.Identifier{Scheme: invoice.SchemeSIRET, Value: s.SIRET})
	}
	if s.GLN != "" {
		p.IDs = append(p.IDs, invoice.Identifier{Scheme: invoice.SchemeGLN, Value: s.GLN})
		p.Endpoint = invoice.Identifier{Scheme: invoice.SchemeGLN, Value: s.GLN}
	} else if s.Email != "" {
		p.Endpoint = invoice.Identifier{Scheme: "EM", Value: s.Email}
	}
	if s.SIREN != "" {
		p.LegalID = invoice.Identifier{Scheme: invoice.SchemeSIREN, Value: s.SIREN}
	}
	return p
}

// payment is the payment instructions and terms of an invoice due in termsDays days.
func (s Seller) payment(termsDays int, currency string) invoice.Payment {
	p := invoice.Payment{IBAN: s.IBAN, BIC: s.BIC}
	if s.IBAN != "" {
		p.MeansCode, p.AccountName = "58", s.Name // SEPA credit transfer
	} else {
		p.MeansCode = "30" // credit transfer
	}
	terms := []string{strings.TrimSpace(s.PaymentTerms), fmt.Sprintf("Due %d days from the invoice date.", termsDays)}
	if s.LatePenaltyRate != nil {
		terms = append(terms, fmt.Sprintf("Late-payment interest: %s%% a year.", s.LatePenaltyRate.String()))
	}
	if s.RecoveryFee != nil {
		terms = append(terms, fmt.Sprintf("Fixed indemnity for recovery costs: %s %s.", s.RecoveryFee.StringFixed(2), currency))
	}
	if s.EarlyDiscount != "" {
		terms = append(terms, strings.TrimSpace(s.EarlyDiscount))
	}
	p.Terms = strings.TrimSpace(strings.Join(terms, " "))
	return p
}

package main

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/sqlstore"
)

// newInvoices makes the invoice service of a stack: the demo's seller or the one the company
// flags describe, mailing through the answers' SMTP server (nil: invoices are not mailed, and
// their history says why).
func newInvoices(db *sqlstore.DB, p stackParams, mail o2c.AnswerSender, loc *time.Location) *app.Invoices {
	seller := sellerOf(p.company)
	if p.seller != nil {
		seller = *p.seller
	}
	inv := app.NewInvoices(db, seller)
	inv.Mail, inv.Location, inv.Log = mail, loc, p.log
	return inv
}

// sellerOf is the seller the company flags describe; its country is its VAT id's prefix.
func sellerOf(c app.Company) app.Seller {
	s := app.Seller{Name: c.Name, Email: c.Email, Phone: c.Phone, VATID: c.VATID, GLN: c.GLN}
	if lines := strings.Split(strings.ReplaceAll(c.Address, `\n`, "\n"), "\n"); len(lines) > 0 {
		s.Street = strings.TrimSpace(lines[0])
		if len(lines) > 1 {
			if code, city, ok := strings.Cut(strings.TrimSpace(lines[1]), " "); ok {
				s.PostCode, s.City = code, city
			}
		}
	}
	if len(c.VATID) >= 2 {
		s.Country = strings.ToUpper(c.VATID[:2])
	}
	return s
}

// demoSeller is the supplier of the demo: a French food-service wholesaler, with the mentions a
// French invoice needs (SIREN, SIRET, capital and registry, late-payment interest, the 40 EUR
// recovery indemnity, no early-payment discount). The identifiers are made up.
func demoSeller() *app.Seller {
	rate, fee := decimal.RequireFromString("10.15"), decimal.RequireFromString("40")
	return &app.Seller{Name: "Comptoir Lyonnais de Restauration SAS", Street: "14 Rue de la Villette", PostCode: "69003",
		City: "Lyon", Country: "FR", VATID: "FR40303265045", SIREN: "303265045", SIRET: "30326504500021",
		GLN: "3012345000018", LegalInfo: "SAS au capital de 150 000 EUR, RCS Lyon 303 265 045",
		Email: "factures@comptoir-lyonnais.example", Phone: "+33 4 72 00 00 00",
		IBAN: "FR7630006000011234567890189", BIC: "AGRIFRPPXXX",
		PaymentTerms: "Payment by SEPA credit transfer quoting the invoice number.", LatePenaltyRate: &rate,
		RecoveryFee: &fee, EarlyDiscount: "No discount for early payment.", DefaultTermsDays: 30}
}

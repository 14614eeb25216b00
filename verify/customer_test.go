package verify_test

import (
	"testing"

	"github.com/o2c-project/o2c"
)

func TestVerifyCustomer(t *testing.T) {
	t.Parallel()
	noIDs := func(d *o2c.OrderDraft) {
		d.Buyer.VATID, d.Buyer.GLN, d.Source = "", "", nil
	}
	listPrice := func(d *o2c.OrderDraft) { // other customers than C100 pay the list price
		d.Lines[0].UnitPrice, d.Lines[0].LineTotal, d.Totals = dec("0.50"), dec("50.00"), nil
	}
	runCases(t, []draftCase{
		{name: "vat_id=FR 40 303 265 045", edit: func(d *o2c.OrderDraft) {}, codes: "", check: wantCustomer("C100", "vat_id")},
		{name: "vat_id=40303265045 country=FR", edit: func(d *o2c.OrderDraft) { noIDs(d); d.Buyer.VATID = "40.303.265.045" },
			codes: "", check: wantCustomer("C100", "vat_id")},
		{name: "gln=3012345000017", edit: func(d *o2c.OrderDraft) { noIDs(d); d.Buyer = &o2c.Party{GLN: "3012345000017"} },
			codes: "", check: wantCustomer("C100", "gln")},
		{name: "bill_to gln=3012345000017", edit: func(d *o2c.OrderDraft) {
			d.Buyer, d.Source = nil, nil
			d.BillTo = &o2c.Party{Name: "Dupont compta", GLN: "3012345000017"}
		}, codes: "", check: wantCustomer("C100", "gln")},
		{name: "sender=Commandes <COMMANDES@dupont-papeterie.fr>", edit: func(d *o2c.OrderDraft) {
			d.Buyer = nil
			d.Source.Sender = "Commandes <COMMANDES@dupont-papeterie.fr>"
		}, codes: "", check: wantCustomer("C100", "email")},
		{name: "sender domain=dupont-papeterie.fr", edit: func(d *o2c.OrderDraft) {
			d.Buyer = nil
			d.Source.Sender = "jean.martin@dupont-papeterie.fr"
		}, codes: "", check: wantCustomer("C100", "domain")},
		{name: "sender subdomain=eu.dupont-papeterie.fr", edit: func(d *o2c.OrderDraft) {
			d.Buyer = nil
			d.Source.Sender = "jean.martin@eu.dupont-papeterie.fr"
		}, codes: "", check: wantCustomer("C100", "domain")},
		{name: "name=Papeterie Dupont S.A.R.L. address=Paris", edit: func(d *o2c.OrderDraft) {
			noIDs(d)
			d.Buyer.Name = "Papeterie Dupont S.A.R.L."
		}, codes: "", check: wantCustomer("C100", "name")},
		{name: "name=Papeterie Dupont address=Lyon", edit: func(d *o2c.OrderDraft) {
			noIDs(d)
			d.Buyer = &o2c.Party{Name: "Papeterie Dupont", Street: "8 quai St-Antoine", PostalCode: "69002", City: "Lyon", Country: "FR"}
			listPrice(d)
		}, codes: "", check: wantCustomer("C110", "name")},
		{name: "name=Buerobedarf Mueller typo", edit: func(d *o2c.OrderDraft) {
			noIDs(d)
			d.Buyer = &o2c.Party{Name: "Burobedarf Muller GmbH", Street: "Hauptstr. 5", PostalCode: "10115", City: "Berlin", Country: "DE"}
			listPrice(d)
		}, codes: "", check: wantCustomer("C200", "name")},
		{name: "UNKNOWN_CUSTOMER/name=Papeterie Dupont no address", edit: func(d *o2c.OrderDraft) {
			noIDs(d)
			d.Buyer = &o2c.Party{Name: "Papeterie Dupont"}
		}, codes: "UNKNOWN_CUSTOMER", field: "buyer", check: wantMessage("C100", "C110")},
		{name: "UNKNOWN_CUSTOMER/name=Stationery World", edit: func(d *o2c.OrderDraft) {
			noIDs(d)
			d.Buyer = &o2c.Party{Name: "Stationery World Ltd", City: "Leeds", Country: "GB"}
		}, codes: "UNKNOWN_CUSTOMER", field: "buyer"},
		{name: "UNKNOWN_CUSTOMER/vat=C100 gln=C200", edit: func(d *o2c.OrderDraft) { d.Buyer.GLN = "4012345000009" },
			codes: "UNKNOWN_CUSTOMER", field: "buyer", check: wantMessage("FR40303265045", "4012345000009", "C100", "C200")},
		{name: "vat=C100 bill_to gln=C200", edit: func(d *o2c.OrderDraft) { d.BillTo = &o2c.Party{GLN: "4012345000009"} },
			codes: "", check: wantCustomer("C100", "vat_id")},
		{name: "UNKNOWN_CUSTOMER/vat=unknown sender=C100", edit: func(d *o2c.OrderDraft) { d.Buyer.VATID = "FR99999999999" },
			codes: "UNKNOWN_CUSTOMER", field: "buyer", check: wantMessage("FR99999999999", "C100")},
		{name: "sender=acme.supplies@gmail.com", edit: func(d *o2c.OrderDraft) {
			d.Buyer, d.Currency = nil, ""
			d.Source.Sender = "acme.supplies@gmail.com"
			d.Lines[0].UnitPrice, d.Lines[0].LineTotal, d.Totals = nil, nil, nil
		}, codes: "PRICE_MISMATCH", check: func(t *testing.T, v *o2c.Verification) {
			wantCustomer("C400", "email")(t, v)
			if v.Currency != "GBP" {
				t.Fatalf("currency = %s, want the customer's GBP", v.Currency)
			}
		}},
		{name: "UNKNOWN_CUSTOMER/sender=someone.else@gmail.com", edit: func(d *o2c.OrderDraft) {
			d.Buyer = nil
			d.Source.Sender = "someone.else@gmail.com"
		}, codes: "UNKNOWN_CUSTOMER", field: "buyer", check: wantMessage("free-mail")},
		{name: "domain janssens.be + address Gent", edit: func(d *o2c.OrderDraft) {
			d.Source.Sender = "piet@janssens.be"
			d.Buyer = &o2c.Party{Name: "Kantoor Janssens", Street: "Veldstraat 20", PostalCode: "9000", City: "Gent", Country: "BE"}
			listPrice(d)
		}, codes: "", check: wantCustomer("C510", "domain")},
		{name: "UNKNOWN_CUSTOMER/domain janssens.be no address", edit: func(d *o2c.OrderDraft) {
			d.Source.Sender = "piet@janssens.be"
			d.Buyer = nil
		}, codes: "UNKNOWN_CUSTOMER", field: "buyer", check: wantMessage("C500", "C510")},
	})
}

func TestVerifyShipTo(t *testing.T) {
	t.Parallel()
	shipTo := func(id string) func(t *testing.T, v *o2c.Verification) {
		return func(t *testing.T, v *o2c.Verification) {
			t.Helper()
			if v.ShipToID != id {
				t.Fatalf("ship_to_id = %q, want %q", v.ShipToID, id)
			}
		}
	}
	runCases(t, []draftCase{
		{name: "ship_to=none", edit: func(d *o2c.OrderDraft) {}, codes: "", check: shipTo("")},
		{name: "ship_to=L1 abbreviated", edit: func(d *o2c.OrderDraft) {
			d.ShipTo = &o2c.Party{Name: "Dupont entrepot", Street: "5 av. de la Republique", PostalCode: "93 100", City: "Montreuil", Country: "FR"}
		}, codes: "", check: shipTo("L1")},
		{name: "ship_to=billing address", edit: func(d *o2c.OrderDraft) {
			d.ShipTo = &o2c.Party{Street: "12, rue de Rivoli", PostalCode: "75004", City: "Paris"}
		}, codes: "", check: shipTo("")},
		{name: "UNKNOWN_SHIP_TO/ship_to=Lyon", edit: func(d *o2c.OrderDraft) {
			d.ShipTo = &o2c.Party{Name: "Dupont Lyon", Street: "3 rue de la Gare", PostalCode: "69003", City: "Lyon", Country: "FR"}
		}, codes: "UNKNOWN_SHIP_TO", field: "ship_to", check: wantMessage("3 rue de la Gare", "C100")},
		{name: "UNKNOWN_SHIP_TO/ship_to=other street same postal code", edit: func(d *o2c.OrderDraft) {
			d.ShipTo = &o2c.Party{Street: "40 Rue des Archives", PostalCode: "75004", City: "Paris", Country: "FR"}
		}, codes: "UNKNOWN_SHIP_TO", field: "ship_to"},
	})
}

package ubl

import (
	"regexp"
	"testing"
)

// TestOrderPartiesReadsTheEndpointsOfTheCorpusOrder checks the parties against what the file
// itself says, found in its text.
func TestOrderPartiesReadsTheEndpointsOfTheCorpusOrder(t *testing.T) {
	b := readCorpus(t, "peppol-ordering/order/Order_Example.xml")
	endpoint := func(role string) []string {
		re := regexp.MustCompile(`(?s)<cac:` + role + `>\s*<cac:Party>\s*<cbc:EndpointID schemeID="(\d+)">([^<]+)</cbc:EndpointID>.*?<cbc:RegistrationName>([^<]+)</cbc:RegistrationName>`)
		m := re.FindSubmatch(b)
		if m == nil {
			t.Fatalf("the corpus order has no %s endpoint", role)
		}
		return []string{string(m[1]), string(m[2]), string(m[3])}
	}
	seller, buyer, err := OrderParties(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		role string
		got  ResponseParty
	}{{"SellerSupplierParty", seller}, {"BuyerCustomerParty", buyer}} {
		want := endpoint(c.role)
		if c.got.Endpoint.Scheme != want[0] || c.got.Endpoint.Value != want[1] || c.got.Name != want[2] {
			t.Errorf("%s: %+v, want endpoint %s:%s named %s", c.role, c.got, want[0], want[1], want[2])
		}
	}
	if _, _, err := OrderParties([]byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>`)); err == nil {
		t.Error("an invoice gave parties")
	}
}

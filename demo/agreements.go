package demo

import (
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// customerItems are the article codes some customers use on their own orders: EDI and
// procurement-system customers send their codes, not ours.
var customerItems = []o2c.CustomerItem{
	{CustomerID: custAtlantique, CustomerSKU: "ART-000118", SKU: "DRY-2015"},
	{CustomerID: custAtlantique, CustomerSKU: "ART-000119", SKU: "DRY-2016"},
	{CustomerID: custAtlantique, CustomerSKU: "ART-000240", SKU: "DRY-2019"},
	{CustomerID: custAtlantique, CustomerSKU: "ART-000311", SKU: "DRY-2051"},
	{CustomerID: custAtlantique, CustomerSKU: "ART-000410", SKU: "DRY-2026"},
	{CustomerID: custAtlantique, CustomerSKU: "ART-000512", SKU: "CLN-4001"},
	{CustomerID: custAtlantique, CustomerSKU: "ART-000515", SKU: "CLN-4008"},
	{CustomerID: custAtlantique, CustomerSKU: "ART-000620", SKU: "DSP-5036"},
	{CustomerID: custAtlantique, CustomerSKU: "ART-000702", SKU: "DSP-5011"},

	{CustomerID: custRiviera, CustomerSKU: "RIV-CAF-01", SKU: "BEV-1003"},
	{CustomerID: custRiviera, CustomerSKU: "RIV-THE-04", SKU: "BEV-1020"},
	{CustomerID: custRiviera, CustomerSKU: "RIV-SIR-11", SKU: "BEV-1037"},
	{CustomerID: custRiviera, CustomerSKU: "RIV-PDJ-02", SKU: "DRY-2007"},
	{CustomerID: custRiviera, CustomerSKU: "RIV-PDJ-05", SKU: "DRY-2059"},
	{CustomerID: custRiviera, CustomerSKU: "RIV-PDJ-06", SKU: "DRY-2060"},
	{CustomerID: custRiviera, CustomerSKU: "RIV-ACC-21", SKU: "SNK-3001"},
	{CustomerID: custRiviera, CustomerSKU: "RIV-HYG-30", SKU: "CLN-4014"},

	{CustomerID: custKantinen, CustomerSKU: "471100123", SKU: "BEV-1001"},
	{CustomerID: custKantinen, CustomerSKU: "471100140", SKU: "BEV-1046"},
	{CustomerID: custKantinen, CustomerSKU: "471100311", SKU: "DRY-2001"},
	{CustomerID: custKantinen, CustomerSKU: "471100322", SKU: "DRY-2047"},
	{CustomerID: custKantinen, CustomerSKU: "471100415", SKU: "DRY-2021"},
	{CustomerID: custKantinen, CustomerSKU: "471100702", SKU: "DSP-5002"},
	{CustomerID: custKantinen, CustomerSKU: "471100705", SKU: "DSP-5005"},
	{CustomerID: custKantinen, CustomerSKU: "471100910", SKU: "CLN-4026"},

	{CustomerID: custLeuven, CustomerSKU: "KDL-7781", SKU: "BEV-1008"},
	{CustomerID: custLeuven, CustomerSKU: "KDL-7790", SKU: "BEV-1047"},
	{CustomerID: custLeuven, CustomerSKU: "KDL-8120", SKU: "DSP-5002"},
	{CustomerID: custLeuven, CustomerSKU: "KDL-8125", SKU: "DSP-5005"},
	{CustomerID: custLeuven, CustomerSKU: "KDL-9004", SKU: "SNK-3013"},

	{CustomerID: custCantabrico, CustomerSKU: "CAN-ACE-005", SKU: "DRY-2025"},
	{CustomerID: custCantabrico, CustomerSKU: "CAN-ARR-002", SKU: "DRY-2020"},
	{CustomerID: custCantabrico, CustomerSKU: "CAN-CON-017", SKU: "DRY-2054"},
	{CustomerID: custCantabrico, CustomerSKU: "CAN-CON-021", SKU: "DRY-2056"},
	{CustomerID: custCantabrico, CustomerSKU: "CAN-CAF-001", SKU: "BEV-1002"},
	{CustomerID: custCantabrico, CustomerSKU: "CAN-BEB-040", SKU: "BEV-1055"},
	{CustomerID: custCantabrico, CustomerSKU: "CAN-DES-101", SKU: "DSP-5022"},
	{CustomerID: custCantabrico, CustomerSKU: "CAN-LIM-201", SKU: "CLN-4004"},

	{CustomerID: custHighland, CustomerSKU: "HLH-B-0101", SKU: "BEV-1019"},
	{CustomerID: custHighland, CustomerSKU: "HLH-B-0102", SKU: "BEV-1020"},
	{CustomerID: custHighland, CustomerSKU: "HLH-B-0120", SKU: "BEV-1012"},
	{CustomerID: custHighland, CustomerSKU: "HLH-B-0150", SKU: "BEV-1063"},
	{CustomerID: custHighland, CustomerSKU: "HLH-F-0210", SKU: "DRY-2063"},
	{CustomerID: custHighland, CustomerSKU: "HLH-F-0230", SKU: "DRY-2059"},
	{CustomerID: custHighland, CustomerSKU: "HLH-H-0410", SKU: "CLN-4027"},
	{CustomerID: custHighland, CustomerSKU: "HLH-H-0455", SKU: "DSP-5033"},
}

// agreedPrice is one negotiated price row in EUR.
type agreedPrice struct {
	customer, sku, price, from, to string
}

// agreedPrices are the prices negotiated with some customers. Vieux Port's Brazil beans show a
// price history: the 2024 contract price has expired and the 2025 one replaced it. The Atlantique
// tender runs for three years.
var agreedPrices = []agreedPrice{
	{custVieuxPort, "BEV-1002", "16.40", "2024-01-01", "2024-12-31"},
	{custVieuxPort, "BEV-1002", "16.90", "2025-01-01", ""},
	{custVieuxPort, "DRY-2025", "31.90", "2025-01-01", ""},
	{custVieuxPort, "DRY-2027", "42.50", "2025-03-01", ""},
	{custVieuxPort, "CLN-4001", "29.90", "2025-01-01", ""},

	{custAtlantique, "DRY-2015", "7.95", "2025-01-01", "2027-12-31"},
	{custAtlantique, "DRY-2016", "7.95", "2025-01-01", "2027-12-31"},
	{custAtlantique, "DRY-2019", "10.60", "2025-01-01", "2027-12-31"},
	{custAtlantique, "DRY-2051", "3.95", "2025-01-01", "2027-12-31"},
	{custAtlantique, "DRY-2026", "19.50", "2025-01-01", "2027-12-31"},
	{custAtlantique, "CLN-4001", "28.90", "2025-01-01", "2027-12-31"},

	{custRiviera, "BEV-1003", "20.90", "2025-04-01", ""},
	{custRiviera, "BEV-1020", "6.80", "2025-04-01", ""},
	{custRiviera, "DRY-2059", "17.90", "2025-04-01", ""},
	{custRiviera, "SNK-3001", "20.50", "2025-04-01", ""},

	{custKantinen, "BEV-1001", "13.40", "2025-01-01", ""},
	{custKantinen, "DRY-2001", "11.50", "2025-01-01", ""},
	{custKantinen, "DSP-5002", "3.50", "2025-01-01", ""},
	{custKantinen, "CLN-4026", "29.90", "2025-01-01", ""},

	{custCantabrico, "DRY-2025", "31.50", "2025-01-01", ""},
	{custCantabrico, "DRY-2054", "15.20", "2025-01-01", ""},

	{custSablon, "BEV-1015", "36.90", "2025-06-01", ""},
}

// gbpPriceLists are the articles each UK customer buys. Their prices are agreed in pounds: the
// list price at the contract's rate of 0.86, rounded to the penny.
var gbpPriceLists = []struct {
	customer string
	skus     []string
}{
	{custCrown, []string{"BEV-1001", "BEV-1019", "BEV-1058", "BEV-1062", "DRY-2047", "DRY-2048", "SNK-3009", "SNK-3011", "CLN-4004", "DSP-5011"}},
	{custHighland, []string{"BEV-1012", "BEV-1019", "BEV-1020", "BEV-1063", "DRY-2059", "DRY-2063", "CLN-4027", "DSP-5033"}},
	{custNorthern, []string{"BEV-1002", "BEV-1037", "BEV-1046", "BEV-1048", "DSP-5003", "DSP-5006", "SNK-3004"}},
	{custRiverside, []string{"CLN-4001", "DRY-2015", "DRY-2019", "DRY-2026", "DRY-2051", "DSP-5027", "DSP-5033"}},
}

// gbpContractStart is when the pound price lists took effect.
const gbpContractStart = "2025-01-01"

// customerPrices builds the agreed prices from the two tables above.
func customerPrices(products []o2c.Product) []o2c.CustomerPrice {
	var out []o2c.CustomerPrice
	for _, a := range agreedPrices {
		p := o2c.CustomerPrice{CustomerID: a.customer, SKU: a.sku, UnitPrice: decimal.RequireFromString(a.price),
			ValidFrom: cal.MustParse(a.from)}
		if a.to != "" {
			p.ValidTo = cal.MustParse(a.to)
		}
		out = append(out, p)
	}
	list := make(map[string]decimal.Decimal, len(products))
	for _, p := range products {
		list[p.SKU] = *p.UnitPrice
	}
	rate := decimal.RequireFromString("0.86")
	for _, l := range gbpPriceLists {
		for _, sku := range l.skus {
			eur, ok := list[sku]
			if !ok {
				panic("demo: pound price list names unknown SKU " + sku)
			}
			out = append(out, o2c.CustomerPrice{CustomerID: l.customer, SKU: sku,
				UnitPrice: money.Currency("GBP").Round(eur.Mul(rate)), ValidFrom: cal.MustParse(gbpContractStart)})
		}
	}
	return out
}

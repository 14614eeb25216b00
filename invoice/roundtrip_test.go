package invoice

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/o2c-project/o2c"
)

func faultsOf(err error) []o2c.Fault { return o2c.ErrorFaults(err) }

// decimalString matches a JSON string that holds a decimal, to write it in one canonical form.
var decimalString = regexp.MustCompile(`"(-?\d+)(?:\.(\d*?))0*"`)

// canonical writes v as JSON with every decimal string stripped of trailing zeros ("20.00" and
// "20" are the same rate), so that an invoice read back compares equal to the one written.
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(decimalString.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := decimalString.FindSubmatch(m)
		if len(sub[2]) == 0 {
			return []byte(`"` + string(sub[1]) + `"`)
		}
		return []byte(`"` + string(sub[1]) + "." + string(sub[2]) + `"`)
	}))
}

// TestRoundTrip writes each case as CII and UBL and reads it back: the invoice read is the
// calculated invoice that was written, and it validates. Writing twice gives the same bytes.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range testCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			want, err := Calculate(c.inv)
			if err != nil {
				t.Fatalf("Calculate: %v %v", err, faultsOf(err))
			}
			if err := Validate(want); err != nil {
				t.Fatalf("Validate: %v %v", err, faultsOf(err))
			}
			want.TaxExchangeRate = want.TaxExchangeRate.Sub(want.TaxExchangeRate) // not in EN 16931: not written
			for _, syntax := range []string{"cii", "ubl"} {
				var out []byte
				var err error
				if syntax == "cii" {
					out, err = WriteCII(c.inv, c.profile)
				} else {
					out, err = WriteUBL(c.inv)
				}
				if err != nil {
					t.Fatalf("%s: write: %v %v", syntax, err, faultsOf(err))
				}
				again, _ := map[string]func() ([]byte, error){
					"cii": func() ([]byte, error) { return WriteCII(c.inv, c.profile) },
					"ubl": func() ([]byte, error) { return WriteUBL(c.inv) },
				}[syntax]()
				if !bytes.Equal(out, again) {
					t.Fatalf("%s: a second write differs", syntax)
				}
				got, err := Parse(out)
				if err != nil {
					t.Fatalf("%s: Parse: %v %v", syntax, err, faultsOf(err))
				}
				w := want
				if syntax == "cii" && c.profile == ProfileBasic {
					w = basicSubset(w)
				}
				if g, x := canonical(t, got), canonical(t, w); g != x {
					t.Fatalf("%s: round trip differs:\n got %s\nwant %s", syntax, g, x)
				}
				if err := Validate(got); err != nil {
					t.Fatalf("%s: the invoice read back does not validate: %v %v", syntax, err, faultsOf(err))
				}
			}
		})
	}
}

// basicSubset drops what Factur-X BASIC does not carry.
func basicSubset(inv Invoice) Invoice {
	inv.SalesOrder = ""
	inv.Seller.LegalInfo, inv.Seller.TradingName, inv.Seller.Contact = "", "", Contact{}
	inv.Buyer.TradingName, inv.Buyer.Contact = "", Contact{}
	inv.Payment.MeansText, inv.Payment.AccountName, inv.Payment.BIC = "", "", ""
	lines := make([]Line, len(inv.Lines))
	for i, l := range inv.Lines {
		l.Note, l.SellerItemID, l.BuyerItemID, l.Description, l.OrderLineRef = "", "", "", "", ""
		lines[i] = l
	}
	inv.Lines = lines
	return inv
}

package sheet_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sheet"
)

// TestProfileJSON pins the stored shape of a profile: the store keeps it as this JSON.
func TestProfileJSON(t *testing.T) {
	t.Parallel()

	p := sheet.Profile{Name: "Bäckerei Schmidt", Sheet: "Bestellung", HeaderRow: 3, Delimiter: "\t",
		Columns: map[string]string{"buyer_sku": "Artikel-Code-Kunde"}, DecimalComma: boolp(true), DateFormat: "TT.MM.JJJJ"}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"Bäckerei Schmidt","sheet":"Bestellung","header_row":3,"delimiter":"\t","columns":{"buyer_sku":"Artikel-Code-Kunde"},"decimal_comma":true,"date_format":"TT.MM.JJJJ"}`
	if string(b) != want {
		t.Fatalf("profile JSON\n%s\nwant\n%s", b, want)
	}
	var back sheet.Profile
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, p) {
		t.Fatalf("round trip: %+v, want %+v", back, p)
	}
	if b, _ := json.Marshal(sheet.Profile{Name: "x"}); string(b) != `{"name":"x"}` {
		t.Fatalf("an empty profile is %s, want only its name", b)
	}
}

func TestProfileValidate(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name  string
		p     sheet.Profile
		paths []string // of the faults, in order; none for a valid profile
	}{
		{name: "OKEmpty", p: sheet.Profile{Name: "x"}},
		{name: "OKEverything", p: sheet.Profile{Name: "x", HeaderRow: 7, Delimiter: ";", DateFormat: "MM/DD/YYYY",
			Columns: map[string]string{"quantity": "Wieviel", "buyer_sku": "Code"}}},
		{name: "ErrHeaderRowNegative", p: sheet.Profile{HeaderRow: -1}, paths: []string{"$.header_row"}},
		{name: "ErrDelimiter", p: sheet.Profile{Delimiter: ":"}, paths: []string{"$.delimiter"}},
		{name: "ErrDateFormat", p: sheet.Profile{DateFormat: "YYYY"}, paths: []string{"$.date_format"}},
		{name: "ErrUnknownField", p: sheet.Profile{Columns: map[string]string{"qty": "Menge"}}, paths: []string{"$.columns.qty"}},
		{name: "ErrEmptyHeader", p: sheet.Profile{Columns: map[string]string{"quantity": " - "}}, paths: []string{"$.columns.quantity"}},
		{name: "ErrTwoFieldsOneColumn", p: sheet.Profile{Columns: map[string]string{"quantity": "Menge", "unit": "MENGE"}},
			paths: []string{"$.columns.unit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.p.Validate()
			if len(tt.paths) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("Validate = %v, want CodeInvalid", err)
			}
			var got []string
			for _, f := range o2c.ErrorFaults(err) {
				if f.Rule != sheet.RuleOptions {
					t.Fatalf("fault %+v, want rule %s", f, sheet.RuleOptions)
				}
				got = append(got, f.Path)
			}
			if strings.Join(got, " ") != strings.Join(tt.paths, " ") {
				t.Fatalf("fault paths %v, want %v", got, tt.paths)
			}
		})
	}
}

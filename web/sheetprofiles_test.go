package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sheet"
)

func TestSheetProfiles(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.call(request{method: "PUT", path: "/api/v1/customers/C001", role: "mdwriter",
		body: `{"name":"Dupont & Fils SARL","country":"FR","currency":"EUR"}`}, http.StatusCreated, nil)
	const path = "/api/v1/customers/C001/sheet-profile"
	profile := `{"name":"Dupont, commande hebdo","header_row":3,"delimiter":";",` +
		`"columns":{"buyer_sku":"Réf. client","quantity":"Qté cde"},"decimal_comma":true,"date_format":"JJ/MM/AAAA"}`

	t.Run("ErrNotFound", func(t *testing.T) {
		expectError(t, b.do(request{method: "GET", path: path, role: "mdreader"}), http.StatusNotFound, o2c.CodeNotFound, "")
		expectError(t, b.do(request{method: "DELETE", path: path, role: "mdwriter"}), http.StatusNotFound, o2c.CodeNotFound, "")
		expectError(t, b.do(request{method: "PUT", path: "/api/v1/customers/C404/sheet-profile", role: "mdwriter", body: profile}),
			http.StatusNotFound, o2c.CodeNotFound, "$.customer_id")
	})

	t.Run("ErrScope", func(t *testing.T) {
		for _, r := range []request{
			{method: "PUT", path: path, role: "mdreader", body: profile},
			{method: "DELETE", path: path, role: "mdreader"},
			{method: "GET", path: path, role: "reader"},
			{method: "GET", path: "/api/v1/sheet-profiles", role: "writer"},
			{method: "GET", path: "/api/v1/sheet-profiles/fields", role: "reviewer"},
		} {
			expectError(t, b.do(r), http.StatusForbidden, o2c.CodeUnauthorized, "")
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tt := range []struct{ name, body, path string }{
			{"Delimiter", `{"delimiter":":"}`, "$.delimiter"},
			{"UnknownField", `{"columns":{"qty":"Menge"}}`, "$.columns.qty"},
			{"TwoFieldsOneColumn", `{"columns":{"quantity":"Menge","unit":"MENGE"}}`, "$.columns.unit"},
			{"DateFormat", `{"date_format":"YYYY"}`, "$.date_format"},
			{"HeaderRowNegative", `{"header_row":-1}`, "$.header_row"},
			{"HeaderRowNotANumber", `{"header_row":"3"}`, "$.header_row"},
			{"UnknownMember", `{"name":"x","sep":";"}`, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				expectError(t, b.do(request{method: "PUT", path: path, role: "mdwriter", body: tt.body}),
					http.StatusUnprocessableEntity, o2c.CodeInvalid, tt.path)
			})
		}
		expectError(t, b.do(request{method: "GET", path: path, role: "mdreader"}), http.StatusNotFound, o2c.CodeNotFound, "")
	})

	var saved savedSheetProfile
	b.call(request{method: "PUT", path: path, role: "mdwriter", body: profile}, http.StatusCreated, &saved)
	want := savedSheetProfile{CustomerID: "C001", UpdatedAt: now, UpdatedBy: "api:mdwriter"}
	if err := json.Unmarshal([]byte(profile), &want.Profile); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(saved, want) {
		t.Fatalf("PUT answered %+v, want %+v", saved, want)
	}
	var got savedSheetProfile
	b.call(request{method: "GET", path: path, role: "mdreader"}, http.StatusOK, &got)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("GET answered %+v, want %+v", got, want)
	}

	// A second PUT replaces; a profile without a name takes the customer's.
	saved = savedSheetProfile{}
	b.call(request{method: "PUT", path: path, role: "mdwriter", body: `{"columns":{"quantity":"Qté cde"}}`}, http.StatusOK, &saved)
	if saved.Profile.Name != "Dupont & Fils SARL" || saved.Profile.HeaderRow != 0 || saved.Profile.Columns["quantity"] != "Qté cde" {
		t.Fatalf("second PUT answered %+v", saved)
	}
	var list struct {
		Items []savedSheetProfile `json:"items"`
	}
	b.call(request{method: "GET", path: "/api/v1/sheet-profiles", role: "mdreader"}, http.StatusOK, &list)
	if len(list.Items) != 1 || !reflect.DeepEqual(list.Items[0], saved) {
		t.Fatalf("list %+v, want the one profile %+v", list.Items, saved)
	}

	es, err := b.store.FindEvents(t.Context(), "sheet_profile", "C001")
	if err != nil || len(es) != 2 || es[0].Action != "created" || es[1].Action != "updated" || es[1].Actor != "api:mdwriter" ||
		!bytes.Contains(es[1].Before, []byte("Qté cde")) || !bytes.Contains(es[1].Before, []byte(`"header_row":3`)) {
		t.Fatalf("audit trail %+v, %v; want created then updated with the first profile before", es, err)
	}

	rec := b.do(request{method: "DELETE", path: path, role: "mdwriter"})
	if rec.Code != http.StatusNoContent {
		t.Fatalf("DELETE: status %d, want 204; body %s", rec.Code, rec.Body)
	}
	expectError(t, b.do(request{method: "GET", path: path, role: "mdreader"}), http.StatusNotFound, o2c.CodeNotFound, "")
	b.call(request{method: "GET", path: "/api/v1/sheet-profiles", role: "mdreader"}, http.StatusOK, &list)
	if list.Items == nil || len(list.Items) != 0 {
		t.Fatalf("list after delete %+v, want an empty array", list.Items)
	}
}

func TestSheetProfileFields(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var out struct {
		Fields []string `json:"fields"`
	}
	b.call(request{method: "GET", path: "/api/v1/sheet-profiles/fields", role: "mdreader"}, http.StatusOK, &out)
	if !slices.Equal(out.Fields, sheet.Fields) || !slices.Contains(out.Fields, "buyer_sku") {
		t.Fatalf("fields %v, want %v", out.Fields, sheet.Fields)
	}
}

// TestSheetProfileBodyIsSheetProfile keeps the API's profile and sheet.Profile the same JSON: every
// member of one is a member of the other, and a full profile survives the trip through both.
func TestSheetProfileBodyIsSheetProfile(t *testing.T) {
	t.Parallel()
	yes := true
	p := sheet.Profile{Name: "n", Sheet: "s", HeaderRow: 2, Delimiter: "\t", Columns: map[string]string{"gtin": "EAN"},
		DecimalComma: &yes, DateFormat: "MM/DD/YYYY"}
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var body sheetProfile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("sheet.Profile %s does not decode as the API's profile: %v", raw, err)
	}
	if back := body.profile(); !reflect.DeepEqual(back, p) {
		t.Fatalf("round trip %+v, want %+v", back, p)
	}
	again, err := json.Marshal(sheetProfileOf(p))
	if err != nil || !bytes.Equal(again, raw) {
		t.Fatalf("the API writes %s, sheet.Profile %s (%v)", again, raw, err)
	}
	if n, m := reflect.TypeFor[sheetProfile]().NumField(), reflect.TypeFor[sheet.Profile]().NumField(); n != m {
		t.Fatalf("the API's profile has %d members, sheet.Profile %d", n, m)
	}
}

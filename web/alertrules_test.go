package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

func TestAlertRules(t *testing.T) {
	t.Parallel()
	b := setup(t)
	rule := `{"name":"Price mismatches","anomaly_codes":["PRICE_MISMATCH"],"min_order_value":"1000.00",` +
		`"channels":[{"email":"desk@example.com"},{"url":"https://hooks.slack.com/services/T/B/x","format":"slack"}]}`

	t.Run("ErrScope", func(t *testing.T) {
		for _, r := range []request{
			{method: "GET", path: "/api/v1/alert-rules", role: "reviewer"},
			{method: "POST", path: "/api/v1/alert-rules", role: "mdwriter", body: rule},
			{method: "GET", path: "/api/v1/alert-rules/1", role: "reader"},
			{method: "PUT", path: "/api/v1/alert-rules/1", role: "writer", body: rule},
			{method: "DELETE", path: "/api/v1/alert-rules/1", role: "reviewer"},
			{method: "POST", path: "/api/v1/alert-rules/1/test", role: "mdreader"},
		} {
			expectError(t, b.do(r), http.StatusForbidden, o2c.CodeUnauthorized, "")
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tt := range []struct{ name, body, path string }{
			{"NoChannel", `{"name":"x","channels":[]}`, "$.channels"},
			{"UnknownCode", `{"name":"x","anomaly_codes":["LATE"],"channels":[{"email":"a@example.com"}]}`, "$.anomaly_codes[0]"},
			{"BadFormat", `{"name":"x","channels":[{"url":"https://h.example.com","format":"discord"}]}`, "$.channels[0].format"},
			{"BadURL", `{"name":"x","channels":[{"url":"file:///etc/passwd"}]}`, "$.channels[0].url"},
			{"MinutesWithoutStatus", `{"name":"x","stuck_minutes":5,"channels":[{"email":"a@example.com"}]}`, "$.stuck_minutes"},
			{"ValueAsNumber", `{"name":"x","min_order_value":10,"channels":[{"email":"a@example.com"}]}`, "$.min_order_value"},
			{"UnknownMember", `{"name":"x","channel":[],"channels":[{"email":"a@example.com"}]}`, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				expectError(t, b.do(request{method: "POST", path: "/api/v1/alert-rules", role: "admin", body: tt.body}),
					http.StatusUnprocessableEntity, o2c.CodeInvalid, tt.path)
			})
		}
	})

	var created o2c.AlertRule
	b.call(request{method: "POST", path: "/api/v1/alert-rules", role: "admin", body: rule}, http.StatusCreated, &created)
	if created.ID == 0 || !created.Enabled || created.CreatedBy != "api:admin" || !created.CreatedAt.Equal(now) ||
		created.MinOrderValue.StringFixed(2) != "1000.00" || len(created.Channels) != 2 || created.Channels[1].Format != o2c.WebhookSlack {
		t.Fatalf("created %+v", created)
	}
	expectError(t, b.do(request{method: "POST", path: "/api/v1/alert-rules", role: "admin", body: rule}),
		http.StatusConflict, o2c.CodeConflict, "")

	path := "/api/v1/alert-rules/" + jsonID(created.ID)
	var got o2c.AlertRule
	b.call(request{method: "GET", path: path, role: "admin"}, http.StatusOK, &got)
	if got.Name != created.Name || got.Channels[0].Email != "desk@example.com" {
		t.Fatalf("got %+v", got)
	}
	got = o2c.AlertRule{}
	b.call(request{method: "PUT", path: path, role: "admin",
		body: `{"name":"Stuck approved","enabled":false,"stuck_status":"approved","stuck_minutes":30,"digest":true,` +
			`"channels":[{"url":"https://example.com/hook"}]}`}, http.StatusOK, &got)
	if got.Enabled || got.StuckStatus != o2c.OrderApproved || !got.Digest || got.Channels[0].Format != o2c.WebhookJSON ||
		got.MinOrderValue != nil || got.CreatedBy != "api:admin" {
		t.Fatalf("replaced %+v", got)
	}

	var list struct {
		Items []o2c.AlertRule `json:"items"`
	}
	b.call(request{method: "GET", path: "/api/v1/alert-rules", role: "admin"}, http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0].Name != "Stuck approved" {
		t.Fatalf("list %+v", list)
	}

	// Without a webhook client configured, the test says so per channel.
	var tested struct {
		Results []struct {
			Channel string `json:"channel"`
			OK      bool   `json:"ok"`
			Error   string `json:"error"`
		} `json:"results"`
	}
	b.call(request{method: "POST", path: path + "/test", role: "admin"}, http.StatusOK, &tested)
	if len(tested.Results) != 1 || tested.Results[0].OK || tested.Results[0].Channel != "the json webhook at https://example.com" ||
		!strings.Contains(tested.Results[0].Error, "webhook") {
		t.Fatalf("test %+v", tested)
	}

	b.call(request{method: "DELETE", path: path, role: "admin"}, http.StatusNoContent, nil)
	for _, r := range []request{
		{method: "GET", path: path, role: "admin"},
		{method: "DELETE", path: path, role: "admin"},
		{method: "POST", path: path + "/test", role: "admin"},
		{method: "GET", path: "/api/v1/alert-rules/x", role: "admin"},
	} {
		expectError(t, b.do(r), http.StatusNotFound, o2c.CodeNotFound, "")
	}
}

func jsonID(id int64) string { return strconv.FormatInt(id, 10) }

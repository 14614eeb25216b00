package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestHomePageShowsWhereTheAPIIs(t *testing.T) {
	t.Parallel()
	b := setup(t)
	rec := httptest.NewRecorder()
	b.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://o2c.example:8080/", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if href, _ := doc.Find(`a[href="/api/v1/openapi.json"]`).Attr("href"); href == "" {
		t.Fatal("the home page does not link the OpenAPI document")
	}
	if pre := doc.Find("pre").Text(); !strings.Contains(pre, "http://o2c.example:8080/api/v1/orders") {
		t.Fatalf("the example does not use this server's address: %q", pre)
	}
}

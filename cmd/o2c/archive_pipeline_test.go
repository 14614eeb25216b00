package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/archive"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/postgres"
)

// archiveStack runs o2c on an engine, with the demo master data, and returns it with its data
// directory and the --db flag its commands need ("" for SQLite in the data directory).
func archiveStack(t *testing.T, engine string) (*stack, string, []string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	p := stackParams{store: &storeConfig{dataDir: dir}, workers: 4, zone: "UTC",
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	flags := []string{"--data", dir}
	if engine == "postgres" {
		p.store.dsn = postgres.TestDSN(t)
		flags = append(flags, "--db", p.store.dsn)
	}
	s, err := openStack(ctx, p)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if _, err := s.masterData.Upsert(ctx, demo.MasterData(), "test"); err != nil {
		cancel()
		s.close()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.run(ctx, "127.0.0.1:0", nil) }()
	t.Cleanup(func() {
		cancel()
		<-done
		s.close()
	})
	return s, dir, flags
}

// interchangeOf is an EDIFACT interchange of one clean order with PO number po from a
// buyer with no credit limit, and that buyer.
func interchangeOf(t *testing.T, po string, today cal.Date) ([]byte, o2c.Customer) {
	t.Helper()
	md := demo.MasterData()
	var buyer *o2c.Customer
	for i, c := range md.Customers {
		if c.GLN != "" && c.Currency == "EUR" && (buyer == nil || buyer.CreditLimit != nil && c.CreditLimit == nil) {
			buyer = &md.Customers[i]
		}
	}
	if buyer == nil {
		t.Fatal("the demo master data has no EUR customer with a GLN")
	}
	day := strings.ReplaceAll(today.String(), "-", "")
	segs := []string{"UNA:+.? ", "UNB+UNOC:3+" + buyer.GLN + ":14+4012345000009:14+" + day[2:] + ":1000+ARC1",
		"UNH+1+ORDERS:D:96A:UN:EAN008", "BGM+220+" + po + "+9", "DTM+137:" + day + ":102",
		"DTM+2:" + strings.ReplaceAll(today.AddDays(14).String(), "-", "") + ":102", "NAD+BY+" + buyer.GLN + "::9", "CUX+2:EUR:9"}
	for j := range 2 {
		p := md.Products[j*5%len(md.Products)]
		segs = append(segs, fmt.Sprintf("LIN+%d", j+1), "PIA+5+"+p.SKU+":SA", "QTY+21:"+cleanQuantity(p, 2).String())
	}
	segs = append(segs, "UNS+S", "CNT+2:2")
	segs = append(segs, fmt.Sprintf("UNT+%d+1", len(segs)-1), "UNZ+1+ARC1")
	return []byte(strings.Join(segs, "'") + "'"), *buyer
}

// TestArchivePipeline drops an EDIFACT order into the watched folder: the original, its CONTRL,
// its ORDRSP and the ERP outbox files end archived, tagged with the PO number and the customer,
// found by full-text search through the API, exported as a zip whose manifest lists them, and the
// archive verifies clean, on SQLite and PostgreSQL.
func TestArchivePipeline(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			s, dir, flags := archiveStack(t, engine)
			ctx := t.Context()
			po := "PO-ARC-" + strings.ToUpper(engine)
			content, buyer := interchangeOf(t, po, cal.DateOf(time.Now().UTC()))
			inbox := filepath.Join(dir, "inbox")
			if err := os.WriteFile(filepath.Join(inbox, ".o.edi"), content, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(inbox, ".o.edi"), filepath.Join(inbox, "ORDERS_ARC1.edi")); err != nil {
				t.Fatal(err)
			}
			secret, _, err := s.keys.Create(ctx, "reader", []o2c.Scope{o2c.ScopeOrdersRead}, "test")
			if err != nil {
				t.Fatal(err)
			}
			admin, _, err := s.keys.Create(ctx, "admin", []o2c.Scope{o2c.ScopeAdmin}, "test")
			if err != nil {
				t.Fatal(err)
			}
			call := func(method, path, key string, body any) *httptest.ResponseRecorder {
				t.Helper()
				var r io.Reader
				if body != nil {
					b, err := json.Marshal(body)
					if err != nil {
						t.Fatal(err)
					}
					r = bytes.NewReader(b)
				}
				req := httptest.NewRequestWithContext(ctx, method, path, r)
				req.Header.Set("Authorization", "Bearer "+key)
				if body != nil {
					req.Header.Set("Content-Type", "application/json")
				}
				w := httptest.NewRecorder()
				s.handler.ServeHTTP(w, req)
				return w
			}
			type page struct {
				Items []*o2c.ArchiveEntry `json:"items"`
				Total int                 `json:"total"`
			}
			search := func(query string) page {
				t.Helper()
				w := call(http.MethodGet, "/api/v1/archive?"+query, secret, nil)
				if w.Code != http.StatusOK {
					t.Fatalf("GET /api/v1/archive?%s: %d %s", query, w.Code, w.Body)
				}
				var p page
				if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
					t.Fatal(err)
				}
				return p
			}

			// The original, CONTRL, ORDRSP and the outbox's CSV and JSON, all tagged with the PO.
			byPO := url.Values{"tag": {"po_number:" + po}, "limit": {"50"}}.Encode()
			deadline := time.Now().Add(60 * time.Second)
			var got page
			for {
				got = search(byPO)
				if got.Total >= 5 {
					break
				}
				if time.Now().After(deadline) {
					var all []string
					for _, e := range search("limit=50").Items {
						all = append(all, fmt.Sprintf("%s %s %v", e.FileName, e.DocType, e.Tags))
					}
					t.Fatalf("after 60 s the archive holds %d entries of %s; all: %s", got.Total, po, strings.Join(all, "\n"))
				}
				time.Sleep(100 * time.Millisecond)
			}
			kinds := map[o2c.ArchiveDocType]int{}
			var original, response *o2c.ArchiveEntry
			for _, e := range got.Items {
				kinds[e.DocType]++
				if e.Tags[o2c.TagCustomer] != buyer.ID || e.Tags["customer_name"] != buyer.Name || e.Tags["order_id"] == "" {
					t.Errorf("%s (%s) is not tagged with customer %s %q and its order: %v", e.FileName, e.DocType, buyer.ID, buyer.Name, e.Tags)
				}
				switch e.DocType {
				case o2c.ArchiveOrder:
					original = e
				case o2c.ArchiveOrderResponse:
					response = e
				}
			}
			if kinds[o2c.ArchiveOrder] != 1 || kinds[o2c.ArchiveOrderResponse] != 1 || kinds[o2c.ArchiveOther] != 3 {
				t.Fatalf("archived by type %v, want the order, its response and 3 others (CONTRL, CSV, JSON)", kinds)
			}
			if original.FileName != "ORDERS_ARC1.edi" || original.Tags["channel"] != "folder" || original.Tags[o2c.TagCurrency] != "EUR" ||
				original.Tags[o2c.TagAmount] == "" || original.Tags[o2c.TagDate] == "" || original.Tags["delivery_date"] == "" ||
				original.Tags["document_type"] != "purchase_order" {
				t.Errorf("the original's tags: %v", original.Tags)
			}

			// Full text: a word of the original's body (a product code), and the customer.
			sku := demo.MasterData().Products[5%len(demo.MasterData().Products)].SKU
			found := search(url.Values{"q": {sku + " " + po}, "type": {"order"}}.Encode())
			if found.Total != 1 || found.Items[0].SHA256 != original.SHA256 {
				t.Fatalf("q=%s %s found %+v", sku, po, found)
			}
			found = search(url.Values{"q": {`"` + po + `"`}, "tag": {"customer=" + buyer.ID}, "type": {"order_response"}}.Encode())
			if found.Total != 1 || found.Items[0].SHA256 != response.SHA256 {
				t.Fatalf("the response by its PO and customer: %+v", found)
			}
			found = search(url.Values{"tag": {"po_number:" + po}, "date_from": {original.Tags[o2c.TagDate]},
				"amount_min": {"0.01"}, "type": {"order"}}.Encode())
			if found.Total != 1 {
				t.Fatalf("by date and amount ranges: %+v", found)
			}

			// The entry, and its bytes as they came.
			w := call(http.MethodGet, "/api/v1/archive/"+original.SHA256, secret, nil)
			var entry o2c.ArchiveEntry
			if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &entry) != nil || !strings.Contains(entry.Body, po) {
				t.Fatalf("GET entry: %d %s", w.Code, w.Body)
			}
			w = call(http.MethodGet, "/api/v1/archive/"+original.SHA256+"/content", secret, nil)
			if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), content) ||
				!strings.Contains(w.Header().Get("Content-Disposition"), "ORDERS_ARC1.edi") ||
				w.Header().Get("Content-Type") != original.ContentType {
				t.Fatalf("GET content: %d %v %q", w.Code, w.Header(), w.Body.String())
			}
			if w := call(http.MethodGet, "/api/v1/archive/"+strings.Repeat("0", 64), secret, nil); w.Code != http.StatusNotFound {
				t.Fatalf("an unknown blob: %d", w.Code)
			}

			// Export: a zip whose manifest lists the five documents.
			w = call(http.MethodPost, "/api/v1/archive/export", secret, map[string]any{"tags": map[string]string{"po_number": po}})
			if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/zip" {
				t.Fatalf("export: %d %s", w.Code, w.Body)
			}
			zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
			if err != nil {
				t.Fatal(err)
			}
			mf, err := zr.Open(archive.ManifestName)
			if err != nil {
				t.Fatal(err)
			}
			var m archive.Manifest
			if err := json.NewDecoder(mf).Decode(&m); err != nil {
				t.Fatal(err)
			}
			var listed []string
			for _, e := range m.Entries {
				listed = append(listed, e.SHA256)
			}
			if len(m.Entries) != 5 || !slices.Contains(listed, original.SHA256) || !slices.Contains(listed, response.SHA256) {
				t.Fatalf("the manifest lists %d entries: %+v", len(m.Entries), m.Entries)
			}

			// Verify: admin only, and clean; so is the command.
			if w := call(http.MethodGet, "/api/v1/archive/verify", secret, nil); w.Code != http.StatusForbidden {
				t.Fatalf("verify with orders:read: %d", w.Code)
			}
			w = call(http.MethodGet, "/api/v1/archive/verify", admin, nil)
			var rep struct {
				Intact   bool                 `json:"intact"`
				Entries  int                  `json:"entries"`
				Problems []o2c.ArchiveProblem `json:"problems"`
			}
			if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &rep) != nil || !rep.Intact || rep.Entries < 5 {
				t.Fatalf("GET /archive/verify: %d %s", w.Code, w.Body)
			}
			if code, out, errOut := runCLI(t, append([]string{"archive", "verify"}, flags...)...); code != 0 || !strings.Contains(out, "the archive is intact") {
				t.Fatalf("o2c archive verify: exit %d\n%s%s", code, out, errOut)
			}
		})
	}
}

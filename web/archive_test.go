package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/archive"
)

// archiveBundle is the API over an archive of an order and its response.
type archiveBundle struct {
	*bundle
	archive         *archive.Archive
	order, response *o2c.ArchiveEntry
}

func setupArchive(t *testing.T) *archiveBundle {
	t.Helper()
	var a *archive.Archive
	b := setup(t, func(c *Config) {
		a = archive.New(t.TempDir(), c.Orders.Store)
		c.Archive = &app.Archive{Store: c.Orders.Store, Archiver: a}
	})
	ab := &archiveBundle{bundle: b, archive: a}
	var err error
	ab.order, err = a.Put(t.Context(), []byte("UNA:+.? 'UNB+UNOC:3+4000001000005:14'BGM+220+PO-4711+9'LIN+1'PIA+5+KAFFEE-1:SA'"),
		archive.Document{ContentType: "application/EDIFACT", FileName: "ORDERS_1.edi", DocType: o2c.ArchiveOrder,
			Tags: map[string]string{o2c.TagPONumber: "PO-4711", o2c.TagCustomer: "C1", o2c.TagDate: "2026-03-01", o2c.TagAmount: "1190.00"},
			Body: "BGM 220 PO-4711 Kaffee Bohnen", Actor: "job:process"})
	if err != nil {
		t.Fatal(err)
	}
	ab.response, err = a.Put(t.Context(), []byte("ORDRSP PO-4711"), archive.Document{ContentType: "application/EDIFACT",
		FileName: "ORDRSP-1.edi", DocType: o2c.ArchiveOrderResponse,
		Tags: map[string]string{o2c.TagPONumber: "PO-4711", o2c.TagCustomer: "C1", o2c.TagDate: "2026-03-02"},
		Body: "ORDRSP PO-4711", Actor: "job:respond"})
	if err != nil {
		t.Fatal(err)
	}
	return ab
}

type archivePage struct {
	Items []*o2c.ArchiveEntry `json:"items"`
	Total int                 `json:"total"`
}

func TestArchiveSearch(t *testing.T) {
	t.Parallel()
	b := setupArchive(t)
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"", []string{"ORDRSP-1.edi", "ORDERS_1.edi"}},
		{"q=kaffee", []string{"ORDERS_1.edi"}},
		{"q=kaff*+po-4711", []string{"ORDERS_1.edi"}},
		{"q=" + url.QueryEscape(`"bohnen kaffee"`), []string{}},
		{"type=order_response", []string{"ORDRSP-1.edi"}},
		{"type=order,order_response&limit=1", []string{"ORDRSP-1.edi"}},
		{"tag=po_number:PO-4711&tag=customer%3DC1", []string{"ORDRSP-1.edi", "ORDERS_1.edi"}},
		{"tag=customer:C2", []string{}},
		{"date_from=2026-03-02", []string{"ORDRSP-1.edi"}},
		{"date_to=2026-03-01&date_tag=date", []string{"ORDERS_1.edi"}},
		{"amount_min=1000&amount_max=1190", []string{"ORDERS_1.edi"}},
		{"amount_min=1190.01", []string{}},
	} {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			var p archivePage
			b.call(request{method: "GET", path: "/api/v1/archive?" + tt.query, role: "reader"}, http.StatusOK, &p)
			got := []string{}
			for _, e := range p.Items {
				got = append(got, e.FileName)
				if e.Body != "" {
					t.Errorf("a list carries the body of %s", e.FileName)
				}
			}
			if len(got) != len(tt.want) || len(tt.want) > 0 && got[0] != tt.want[0] {
				t.Fatalf("found %v, want %v", got, tt.want)
			}
		})
	}
	for _, tt := range []struct{ query, path string }{
		{"type=letter", "query.type"},
		{"tag=po_number", "query.tag"},
		{"tag=Bad+Key:1", "query.tag"},
		{"date_from=2026-13-01", "query.date_from"},
		{"amount_max=1e3", "query.amount_max"},
	} {
		rec := b.do(request{method: "GET", path: "/api/v1/archive?" + tt.query, role: "reader"})
		expectError(t, rec, http.StatusUnprocessableEntity, o2c.CodeInvalid, tt.path)
	}
	expectError(t, b.do(request{method: "GET", path: "/api/v1/archive", role: "writer"}), http.StatusForbidden, o2c.CodeUnauthorized, "")
}

func TestArchiveEntryAndContent(t *testing.T) {
	t.Parallel()
	b := setupArchive(t)
	var e o2c.ArchiveEntry
	b.call(request{method: "GET", path: "/api/v1/archive/" + b.order.SHA256, role: "reader"}, http.StatusOK, &e)
	if e.Body != "BGM 220 PO-4711 Kaffee Bohnen" || e.Tags[o2c.TagPONumber] != "PO-4711" || e.DocType != o2c.ArchiveOrder {
		t.Fatalf("entry %+v", e)
	}
	rec := b.do(request{method: "GET", path: "/api/v1/archive/" + b.order.SHA256 + "/content", role: "reader"})
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/EDIFACT" ||
		rec.Header().Get("Content-Disposition") != `attachment; filename=ORDERS_1.edi` ||
		rec.Header().Get("Content-Length") != "79" || !bytes.HasPrefix(rec.Body.Bytes(), []byte("UNA:+.? '")) {
		t.Fatalf("content: %d %v %q", rec.Code, rec.Header(), rec.Body)
	}
	for _, sum := range []string{"0000000000000000000000000000000000000000000000000000000000000000", "not-a-digest"} {
		expectError(t, b.do(request{method: "GET", path: "/api/v1/archive/" + sum, role: "reader"}), http.StatusNotFound, o2c.CodeNotFound, "")
		expectError(t, b.do(request{method: "GET", path: "/api/v1/archive/" + sum + "/content", role: "reader"}), http.StatusNotFound, o2c.CodeNotFound, "")
	}

	// Bytes changed on disk but of the same length: the answer is cut short of its length.
	path := filepath.Join(b.archive.Blobs.Dir(), b.order.SHA256[:2], b.order.SHA256[2:])
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace([]byte("UNA:+.? 'UNB+UNOC:3+4000001000005:14'BGM+220+PO-4711+9'LIN+1'PIA+5+KAFFEE-1:SA'"), []byte("4711"), []byte("4712"), 1)
	if err := os.WriteFile(path, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(b.handler)
	defer srv.Close()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/api/v1/archive/"+b.order.SHA256+"/content", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+b.secrets["reader"])
	// A short document is cut before its header goes; a long one after: either way the client
	// fails.
	resp, err := srv.Client().Do(req)
	if err == nil {
		defer resp.Body.Close()
		if _, err := io.ReadAll(resp.Body); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("changed bytes were sent as whole: %v", err)
		}
	}
}

func TestArchiveExportAndVerify(t *testing.T) {
	t.Parallel()
	b := setupArchive(t)
	rec := b.do(request{method: "POST", path: "/api/v1/archive/export", role: "reader", body: `{"q":"po-4711","types":["order"]}`})
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("export: %d %s", rec.Code, rec.Body)
	}
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(archive.ManifestName)
	if err != nil {
		t.Fatal(err)
	}
	var m archive.Manifest
	if err := json.NewDecoder(f).Decode(&m); err != nil {
		t.Fatal(err)
	}
	if len(m.Entries) != 1 || m.Entries[0].SHA256 != b.order.SHA256 || m.Entries[0].File != "order/ORDERS_1.edi" {
		t.Fatalf("manifest %+v", m)
	}
	expectError(t, b.do(request{method: "POST", path: "/api/v1/archive/export", role: "reader", body: `{"types":["letter"]}`}),
		http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.types[0]")
	expectError(t, b.do(request{method: "POST", path: "/api/v1/archive/export", role: "reader", body: `{"tagz":{}}`}),
		http.StatusUnprocessableEntity, o2c.CodeInvalid, "")

	type report struct {
		Intact   bool                 `json:"intact"`
		Records  int                  `json:"records"`
		Problems []o2c.ArchiveProblem `json:"problems"`
	}
	expectError(t, b.do(request{method: "GET", path: "/api/v1/archive/verify", role: "reader"}), http.StatusForbidden, o2c.CodeUnauthorized, "")
	var r report
	b.call(request{method: "GET", path: "/api/v1/archive/verify", role: "admin"}, http.StatusOK, &r)
	if !r.Intact || r.Records != 2 || len(r.Problems) != 0 {
		t.Fatalf("verify: %+v", r)
	}
	path := filepath.Join(b.archive.Blobs.Dir(), b.response.SHA256[:2], b.response.SHA256[2:])
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("ORDRSP PO-4712"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.call(request{method: "GET", path: "/api/v1/archive/verify", role: "admin"}, http.StatusOK, &r)
	if r.Intact || len(r.Problems) != 1 || r.Problems[0].Kind != archive.BlobTampered || r.Problems[0].SHA256 != b.response.SHA256 {
		t.Fatalf("verify after tampering: %+v", r)
	}
	// The export refuses to carry the changed document.
	rec = b.do(request{method: "POST", path: "/api/v1/archive/export", role: "reader", body: `{}`})
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("export of a changed blob: %d", rec.Code)
	}
}

func TestArchiveWithoutArchive(t *testing.T) {
	t.Parallel()
	b := setup(t)
	expectError(t, b.do(request{method: "GET", path: "/api/v1/archive", role: "reader"}), http.StatusServiceUnavailable, o2c.CodeUnavailable, "")
}

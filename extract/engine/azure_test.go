package engine

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
)

const (
	azureKey  = "azure-test-key-not-a-real-one-0000"
	analyze   = "/documentintelligence/documentModels/prebuilt-layout:analyze"
	resultOf  = "/documentintelligence/documentModels/prebuilt-layout/analyzeResults/7f4c1a52-3e0b-4f5e-9a0e-5d2b8c6e1f30"
	somePDF   = "%PDF-1.7\n% a document; the recorded answers say what Azure read in it\n%%EOF\n"
	orderName = "PO-2026-0412.pdf"
)

// azureBundle is an Azure engine talking to a replay, with the waits between its polls.
type azureBundle struct {
	engine *AzureDocumentIntelligence
	replay *replay
	mu     sync.Mutex
	waits  []time.Duration
}

func setupAzure(t *testing.T, change func(*AzureConfig), steps ...step) *azureBundle {
	t.Helper()
	b := &azureBundle{replay: newReplay(t, steps...)}
	cfg := AzureConfig{Endpoint: b.replay.URL + "/", Key: azureKey, PollInterval: time.Second, MaxPollInterval: 4 * time.Second}
	if change != nil {
		change(&cfg)
	}
	a, err := NewAzureDocumentIntelligence(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a.wait = func(ctx context.Context, d time.Duration) error { // never sleeps: records the wait asked
		b.mu.Lock()
		b.waits = append(b.waits, d)
		b.mu.Unlock()
		return ctx.Err()
	}
	b.engine = a
	return b
}

func TestAzureExtract(t *testing.T) {
	t.Parallel()
	b := setupAzure(t, nil,
		step{method: "POST", path: analyze, file: "azure-analyze-202.recorded.json"},
		step{method: "GET", path: resultOf, file: "azure-result-running.recorded.json"},
		step{method: "GET", path: resultOf, file: "azure-result-running.recorded.json"},
		step{method: "GET", path: resultOf, file: "azure-result-succeeded.recorded.json"},
	)
	d, err := b.engine.Extract(context.Background(), Input{Name: orderName, ContentType: "application/pdf", Content: []byte(somePDF)})
	if err != nil {
		t.Fatal(err)
	}

	// The requests: one upload of the bytes, then polls of the Operation-Location, all with the key.
	got := b.replay.requests()
	if len(got) != 4 {
		t.Fatalf("%d requests, want 4 (upload, 3 polls)", len(got))
	}
	post := got[0]
	if post.Query != "api-version=2024-11-30" || !bytes.Equal(post.Body, []byte(somePDF)) ||
		post.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("upload: query %q, content type %q, %d bytes", post.Query, post.Header.Get("Content-Type"), len(post.Body))
	}
	for i, r := range got {
		if r.Header.Get("Ocp-Apim-Subscription-Key") != azureKey || r.Header.Get("Authorization") != "" {
			t.Errorf("request %d: key header %q, Authorization %q", i+1, r.Header.Get("Ocp-Apim-Subscription-Key"), r.Header.Get("Authorization"))
		}
		if i > 0 && (r.Query != "api-version=2024-11-30" || len(r.Body) != 0) {
			t.Errorf("poll %d: query %q, %d bytes of body", i, r.Query, len(r.Body))
		}
	}
	// The waits: the first poll after PollInterval; after a running answer, its Retry-After (2 s).
	if want := []time.Duration{time.Second, 2 * time.Second, 2 * time.Second}; !equalDurations(b.waits, want) {
		t.Errorf("waits %v, want %v", b.waits, want)
	}

	// The order, as our layout engine reads Azure's words.
	if d.DocumentType != o2c.DocPurchaseOrder || d.PONumber != "PO-2026-0412" || d.Currency != "GBP" ||
		d.OrderDate.String() != "2026-11-03" || d.RequestedDeliveryDate.String() != "2026-11-17" {
		t.Errorf("header: %s %q %q %s %s", d.DocumentType, d.PONumber, d.Currency, d.OrderDate, d.RequestedDeliveryDate)
	}
	if d.Buyer == nil || d.Buyer.Name != "Northwind Traders Ltd" || d.Buyer.VATID != "GB123456789" || d.Buyer.Country != "GB" {
		t.Errorf("buyer %+v", d.Buyer)
	}
	if d.Source == nil || d.Source.File != orderName {
		t.Errorf("source %+v", d.Source)
	}
	want := []struct{ sku, desc, qty, price, total string }{
		{"BEV-1054", "Still mineral water 1.5 l", "24", "0.45", "10.80"},
		{"BEV-1046", "Whole milk 3.5% fat", "120", "1.05", "126.00"},
		{"FOO-2001", "Coffee beans, espresso roast", "6", "18.90", "113.40"},
	}
	if len(d.Lines) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(d.Lines), len(want), d.Lines)
	}
	for i, w := range want {
		l := d.Lines[i]
		if l.SupplierSKU != w.sku || l.Description != w.desc || !eq(l.Quantity, w.qty) || !eq(l.UnitPrice, w.price) || !eq(l.LineTotal, w.total) {
			t.Errorf("line %d: %q %q %s %s %s", i+1, l.SupplierSKU, l.Description, l.Quantity, l.UnitPrice, l.LineTotal)
		}
	}
	if d.Totals == nil || !eq(d.Totals.Gross, "300.24") {
		t.Errorf("totals %+v", d.Totals)
	}
	// Azure's word confidence reaches the field: the "6" was read at 0.71.
	if c, ok := d.FieldConfidence("lines[2].quantity"); !ok || c >= 0.9 {
		t.Errorf("lines[2].quantity confidence %.2f (%v), want Azure's low word confidence", c, ok)
	}
	if c, ok := d.FieldConfidence("lines[0].quantity"); !ok || c < 0.9 {
		t.Errorf("lines[0].quantity confidence %.2f (%v), want high", c, ok)
	}
	if !strings.Contains(d.Notes, "Azure Document Intelligence (prebuilt-layout)") {
		t.Errorf("notes %q do not say who read the document", d.Notes)
	}
}

// TestAzureRead: Azure's inches become points from the top left, its lines keep their words.
func TestAzureRead(t *testing.T) {
	t.Parallel()
	b := setupAzure(t, nil,
		step{method: "POST", path: analyze, file: "azure-analyze-202.recorded.json"},
		step{method: "GET", path: resultOf, file: "azure-result-succeeded.recorded.json"},
	)
	doc, err := b.engine.Read(context.Background(), orderName, []byte(somePDF))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 1 {
		t.Fatalf("%d pages", len(doc.Pages))
	}
	p := doc.Pages[0]
	if p.Width != 612 || p.Height != 792 || p.Source != layout.SourceOCR || p.Rotation != 0 {
		t.Errorf("page %gx%g %s %d, want 612x792 (Letter) ocr 0", p.Width, p.Height, p.Source, p.Rotation)
	}
	first := p.Lines[0]
	if len(first.Words) != 3 || first.Words[0].Text != "Northwind" || first.Words[2].Text != "Ltd" {
		t.Fatalf("first line %+v", first)
	}
	// "Northwind" is at x 0.8 in, y 0.7 in: 57.6 and 50.4 points.
	if w := first.Words[0]; !near(w.Box.X0, 57.6) || !near(w.Box.Y0, 50.4) || w.Conf != 0.995 {
		t.Errorf("Northwind at %+v conf %.3f", w.Box, w.Conf)
	}
}

func TestAzureErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		change  func(*AzureConfig)
		steps   []step
		code    o2c.Code
		message string        // part of the error's message
		after   time.Duration // the wait RetryAfter gives, 0 for none
	}{
		{
			name:    "Failed",
			steps:   []step{{method: "POST", path: analyze, file: "azure-analyze-202.recorded.json"}, {method: "GET", path: resultOf, file: "azure-result-failed.recorded.json"}},
			code:    o2c.CodeInvalid,
			message: "could not analyze \"PO-2026-0412.pdf\": Invalid request: The file is corrupted or format is unsupported.",
		},
		{
			name:   "PollLimit",
			change: func(c *AzureConfig) { c.MaxPolls = 2 },
			steps: []step{{method: "POST", path: analyze, file: "azure-analyze-202.recorded.json"},
				{method: "GET", path: resultOf, file: "azure-result-running.recorded.json"},
				{method: "GET", path: resultOf, file: "azure-result-running.recorded.json"}},
			code:    o2c.CodeUnavailable,
			message: "had not finished \"PO-2026-0412.pdf\" after 2 polls",
		},
		{
			name:    "RateLimited",
			steps:   []step{{method: "POST", path: analyze, file: "azure-analyze-429.recorded.json"}},
			code:    o2c.CodeUnavailable,
			message: "429 Too Many Requests: Requests to the Analyze Document Operation",
			after:   12 * time.Second,
		},
		{
			name:    "WrongKey",
			steps:   []step{{method: "POST", path: analyze, file: "azure-analyze-401.recorded.json"}},
			code:    o2c.CodeInternal,
			message: "401 Unauthorized: Access denied due to invalid subscription key",
		},
		{
			name: "OperationElsewhere",
			steps: []step{{method: "POST", path: analyze, file: "azure-analyze-202.recorded.json",
				header: map[string]string{"Operation-Location": "https://elsewhere.example/documentintelligence/documentModels/prebuilt-layout/analyzeResults/1"}}},
			code:    o2c.CodeInternal,
			message: "the key is not sent there",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupAzure(t, tc.change, tc.steps...)
			_, err := b.engine.Extract(context.Background(), Input{Name: orderName, Content: []byte(somePDF)})
			checkError(t, err, tc.code, tc.message, tc.after)
			if strings.Contains(err.Error(), azureKey) {
				t.Errorf("the error carries the key: %v", err)
			}
			if n := len(b.replay.requests()); n != len(tc.steps) {
				t.Errorf("%d requests, the recording has %d", n, len(tc.steps))
			}
		})
	}
}

// TestAzureTimeout: an analysis slower than the engine's Timeout is CodeUnavailable; the
// caller's own cancellation is not.
func TestAzureTimeout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		code o2c.Code
	}{
		{"EngineTimeout", func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }, o2c.CodeUnavailable},
		{"CallerCanceled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, o2c.CodeInternal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupAzure(t, func(c *AzureConfig) { c.Timeout = 50 * time.Millisecond },
				step{method: "POST", path: analyze, file: "azure-analyze-202.recorded.json"})
			b.engine.wait = func(ctx context.Context, _ time.Duration) error { <-ctx.Done(); return ctx.Err() } // the poll never comes
			ctx, cancel := tc.ctx()
			defer cancel()
			_, err := b.engine.Read(ctx, orderName, []byte(somePDF))
			if o2c.ErrorCode(err) != tc.code {
				t.Fatalf("error %v (code %s), want %s", err, o2c.ErrorCode(err), tc.code)
			}
		})
	}
}

// TestAzurePage: an image's pixels become points at ImageDPI, and a page whose content Azure
// found turned a quarter clockwise is turned upright, as the built-in reader does.
func TestAzurePage(t *testing.T) {
	t.Parallel()
	a, err := NewAzureDocumentIntelligence(AzureConfig{Endpoint: "https://example.cognitiveservices.azure.com", Key: "k", ImageDPI: 200})
	if err != nil {
		t.Fatal(err)
	}
	// A 2000x1000 pixel page: landscape, because the scan lies on its side. The word "Order"
	// runs top to bottom near the right edge, from y 100 to 300, x 1800 to 1840.
	var p azurePage
	p.PageNumber, p.Angle, p.Width, p.Height, p.Unit = 1, 89.2, 2000, 1000, "pixel"
	p.Words = append(p.Words, struct {
		Content    string    `json:"content"`
		Polygon    []float64 `json:"polygon"`
		Confidence float64   `json:"confidence"`
		Span       span      `json:"span"`
	}{"Order", []float64{1840, 100, 1840, 300, 1800, 300, 1800, 100}, 0.98, span{0, 5}})
	page, err := a.page(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Upright, the page is 1000x2000 pixels: 360x720 points at 200 dpi. The word is near the top
	// left: x from 100 to 300 px, y from 2000-1840=160 to 200 px.
	if page.Rotation != 90 || !near(page.Width, 360) || !near(page.Height, 720) {
		t.Fatalf("page %gx%g turned %d, want 360x720 turned 90", page.Width, page.Height, page.Rotation)
	}
	w := page.Lines[0].Words[0]
	want := layout.Box{X0: 100 * 0.36, Y0: 160 * 0.36, X1: 300 * 0.36, Y1: 200 * 0.36}
	if !near(w.Box.X0, want.X0) || !near(w.Box.Y0, want.Y0) || !near(w.Box.X1, want.X1) || !near(w.Box.Y1, want.Y1) {
		t.Errorf("box %+v, want %+v", w.Box, want)
	}
	for _, tc := range []struct {
		angle float64
		turns int
	}{{0, 0}, {3.5, 0}, {-44, 0}, {46, 1}, {90, 1}, {180, 2}, {-180.0 + 1e-9, 2}, {-90, 3}, {-135.5, 2}, {-134, 3}} {
		if got := quarterTurns(tc.angle); got != tc.turns {
			t.Errorf("quarterTurns(%g) = %d, want %d", tc.angle, got, tc.turns)
		}
	}
}

func TestNewAzureDocumentIntelligenceRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cfg  AzureConfig
	}{
		{"NoKey", AzureConfig{Endpoint: "https://x.cognitiveservices.azure.com"}},
		{"NotHTTP", AzureConfig{Endpoint: "ftp://x.example", Key: "k"}},
		{"Query", AzureConfig{Endpoint: "https://x.example/?a=b", Key: "k"}},
		{"UserInURL", AzureConfig{Endpoint: "https://me:pw@x.example", Key: "k"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := NewAzureDocumentIntelligence(tc.cfg); o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("error %v, want CodeInvalid", err)
			}
		})
	}
}

// checkError fails the test unless err has the code, says message, and asks for the wait after.
func checkError(t *testing.T, err error, code o2c.Code, message string, after time.Duration) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", code)
	}
	if o2c.ErrorCode(err) != code {
		t.Fatalf("error %v has code %s, want %s", err, o2c.ErrorCode(err), code)
	}
	said := o2c.ErrorMessage(err)
	if code == o2c.CodeInternal {
		said = err.Error() // logged, never shown
	}
	if !strings.Contains(said, message) {
		t.Errorf("message %q does not say %q", said, message)
	}
	if d, ok := RetryAfter(err); ok != (after > 0) || d != after {
		t.Errorf("RetryAfter = %s, %v; want %s", d, ok, after)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }

// eq compares a decimal with its text by value: "5.40" is 5.4.
func eq(d *decimal.Decimal, want string) bool {
	return d != nil && d.Equal(decimal.RequireFromString(want))
}

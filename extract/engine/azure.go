package engine

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/extract/layout"
)

// AzureConfig configures Azure AI Document Intelligence (REST API v4.0, 2024-11-30). It is on
// when Endpoint is set.
type AzureConfig struct {
	// Endpoint is the resource's endpoint: https://<resource>.cognitiveservices.azure.com.
	Endpoint string
	// Key is the resource's key, sent as Ocp-Apim-Subscription-Key. Required.
	Key Secret
	// Model is the analysis model; default prebuilt-layout (words, lines and tables).
	// prebuilt-read gives words and lines only, and costs less.
	Model string
	// APIVersion defaults to 2024-11-30, the first general availability of v4.0.
	APIVersion string
	// Timeout bounds one document, upload and polls; default 3 minutes.
	Timeout time.Duration
	// PollInterval is the first wait before asking for the result; default 1 s. The wait doubles
	// up to MaxPollInterval (default 10 s) unless the service asks for another (Retry-After).
	PollInterval    time.Duration
	MaxPollInterval time.Duration
	// MaxPolls bounds the polls of one document; default 60. Past it, CodeUnavailable.
	MaxPolls int
	// ImageDPI converts the pixels of an image's result into points; default 300, as the
	// built-in reader assumes for a scan that states no resolution. A PDF's result is in inches.
	ImageDPI float64
	// MaxDocumentBytes bounds the document sent; default 50 MB (the service takes 500 MB on the
	// paid tier, 4 MB on the free one).
	MaxDocumentBytes int64
	// MaxResultBytes bounds the result read; default 64 MB (a 200-page result with every word
	// and its polygon).
	MaxResultBytes int64
	// MaxPages bounds the pages of a result; default 200, as the built-in reader.
	MaxPages int
	// Now is the clock, to read a Retry-After date; nil is time.Now.
	Now func() time.Time `json:"-"`
}

// Defaults of AzureConfig.
const (
	DefaultAzureModel      = "prebuilt-layout"
	DefaultAzureAPIVersion = "2024-11-30"
)

// AzureDocumentIntelligence reads a document's words with Azure AI Document Intelligence in
// place of poppler and Tesseract; our own layout engine then reads the order from them, as it
// does from the built-in reader's. Make it with NewAzureDocumentIntelligence.
type AzureDocumentIntelligence struct {
	cfg     AzureConfig
	analyze string // the analyze URL, with its api-version
	origin  string // scheme://host of the endpoint: polls go nowhere else
	client  *http.Client
	// wait pauses between polls; tests replace it so that they never sleep.
	wait func(ctx context.Context, d time.Duration) error
}

var _ Engine = (*AzureDocumentIntelligence)(nil)

// NewAzureDocumentIntelligence checks cfg and fills its defaults. No key, or an endpoint that is
// not an http or https URL, is CodeInvalid.
func NewAzureDocumentIntelligence(cfg AzureConfig) (*AzureDocumentIntelligence, error) {
	endpoint, err := serviceURL("Azure Document Intelligence endpoint", cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	if cfg.Key == "" {
		return nil, o2c.Errorf(o2c.CodeInvalid, "Azure Document Intelligence needs the resource's key")
	}
	cfg.Model = cmp.Or(cfg.Model, DefaultAzureModel)
	cfg.APIVersion = cmp.Or(cfg.APIVersion, DefaultAzureAPIVersion)
	cfg.Timeout = cmp.Or(cfg.Timeout, 3*time.Minute)
	cfg.PollInterval = cmp.Or(cfg.PollInterval, time.Second)
	cfg.MaxPollInterval = max(cmp.Or(cfg.MaxPollInterval, 10*time.Second), cfg.PollInterval)
	cfg.MaxPolls = cmp.Or(cfg.MaxPolls, 60)
	cfg.ImageDPI = cmp.Or(cfg.ImageDPI, 300)
	cfg.MaxDocumentBytes = cmp.Or(cfg.MaxDocumentBytes, 50<<20)
	cfg.MaxResultBytes = cmp.Or(cfg.MaxResultBytes, 64<<20)
	cfg.MaxPages = cmp.Or(cfg.MaxPages, 200)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxPolls < 1 || cfg.ImageDPI <= 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "Azure Document Intelligence: MaxPolls %d and ImageDPI %.0f must be positive", cfg.MaxPolls, cfg.ImageDPI)
	}
	cfg.Endpoint = endpoint
	u, _ := url.Parse(endpoint) // serviceURL parsed it
	q := url.Values{"api-version": {cfg.APIVersion}}
	return &AzureDocumentIntelligence{
		cfg:     cfg,
		analyze: endpoint + "/documentintelligence/documentModels/" + url.PathEscape(cfg.Model) + ":analyze?" + q.Encode(),
		origin:  u.Scheme + "://" + u.Host,
		client:  newClient(),
		wait:    sleep,
	}, nil
}

// Name is "azure-document-intelligence".
func (a *AzureDocumentIntelligence) Name() string { return "azure-document-intelligence" }

// Extract reads the document's words with Azure (Read), then the order with our layout engine.
func (a *AzureDocumentIntelligence) Extract(ctx context.Context, in Input) (*o2c.OrderDraft, error) {
	doc, err := a.Read(ctx, in.Name, in.Content)
	if err != nil {
		return nil, err
	}
	d, err := layout.Read(doc, layout.Options{Self: in.Self, FileName: in.Name})
	if err != nil {
		return nil, err
	}
	if faults := extract.CheckDraft(d); len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return d, nil
}

// Read returns the layout of a document as Azure reads it: its words, lines and confidences, in
// points from the top left of each page, each page turned upright. It posts the document, then
// polls the operation until it succeeds or fails.
//
// Errors: CodeInvalid for an empty document or one Azure cannot analyze (its message);
// CodeTooLarge past MaxDocumentBytes, MaxResultBytes or MaxPages; CodeUnavailable when Azure is
// down, busy (RetryAfter), slow (Timeout) or not finished after MaxPolls polls.
func (a *AzureDocumentIntelligence) Read(ctx context.Context, name string, content []byte) (*layout.Document, error) {
	if len(content) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "%s is empty", quote(name))
	}
	if int64(len(content)) > a.cfg.MaxDocumentBytes {
		return nil, o2c.Errorf(o2c.CodeTooLarge, "%s has %d bytes; Azure Document Intelligence is sent at most %d",
			quote(name), len(content), a.cfg.MaxDocumentBytes)
	}
	ctx, cancel := withTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	cl := call{client: a.client, service: "Azure Document Intelligence", now: a.cfg.Now, maxBytes: a.cfg.MaxResultBytes}

	req, err := a.newRequest(ctx, http.MethodPost, a.analyze, bytes.NewReader(content))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/octet-stream") // the service tells PDF, images and Office files apart
	resp, body, err := cl.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusAccepted {
		return nil, cl.statusError(resp, body)
	}
	op, err := a.operation(resp.Header.Get("Operation-Location"))
	if err != nil {
		return nil, err
	}

	interval := a.cfg.PollInterval
	next, asked := a.pollWait(resp.Header, interval)
	for polls := 0; polls < a.cfg.MaxPolls; polls++ {
		if err := a.wait(ctx, next); err != nil {
			return nil, cl.transportError(ctx, err)
		}
		if !asked {
			interval = min(2*interval, a.cfg.MaxPollInterval)
		}
		req, err := a.newRequest(ctx, http.MethodGet, op, nil)
		if err != nil {
			return nil, err
		}
		resp, body, err := cl.do(ctx, req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, cl.statusError(resp, body)
		}
		var r analyzeOperation
		if err := json.Unmarshal(body, &r); err != nil {
			return nil, fmt.Errorf("read the result of Azure Document Intelligence: %w", err)
		}
		switch r.Status {
		case "notStarted", "running":
			next, asked = a.pollWait(resp.Header, interval)
			continue
		case "succeeded", "completed":
			if r.AnalyzeResult == nil {
				return nil, errors.New("read with Azure Document Intelligence: the operation succeeded without a result")
			}
			return a.document(r.AnalyzeResult)
		case "failed":
			msg := "no reason given"
			if r.Error != nil {
				msg = cmp.Or(r.Error.String(), msg)
			}
			return nil, o2c.Errorf(o2c.CodeInvalid, "Azure Document Intelligence could not analyze %s: %s", quote(name), msg)
		case "canceled":
			return nil, o2c.Errorf(o2c.CodeUnavailable, "Azure Document Intelligence canceled the analysis of %s", quote(name))
		default:
			return nil, fmt.Errorf("read with Azure Document Intelligence: unknown status %q", short(r.Status))
		}
	}
	return nil, o2c.Errorf(o2c.CodeUnavailable, "Azure Document Intelligence had not finished %s after %d polls", quote(name), a.cfg.MaxPolls)
}

// newRequest makes a request to the service with its key.
func (a *AzureDocumentIntelligence) newRequest(ctx context.Context, method, u string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("ask Azure Document Intelligence: %w", err)
	}
	req.Header.Set("Ocp-Apim-Subscription-Key", string(a.cfg.Key))
	req.Header.Set("Accept", "application/json")
	return req, nil
}

// operation checks the Operation-Location of an accepted analysis: a URL on the endpoint's own
// host, since every poll carries the key.
func (a *AzureDocumentIntelligence) operation(loc string) (string, error) {
	if loc == "" {
		return "", errors.New("read with Azure Document Intelligence: the document was accepted without an Operation-Location")
	}
	u, err := url.Parse(loc)
	if err != nil || u.Scheme+"://"+u.Host != a.origin {
		return "", fmt.Errorf("read with Azure Document Intelligence: the Operation-Location %q is not on %s; the key is not sent there", short(loc), a.origin)
	}
	return loc, nil
}

// pollWait is the wait before the next poll: what the service asks for (bounded by
// MaxPollInterval), else the engine's interval. asked reports the service's.
func (a *AzureDocumentIntelligence) pollWait(h http.Header, interval time.Duration) (d time.Duration, asked bool) {
	if d, ok := retryAfter(h, a.cfg.Now()); ok {
		return min(d, a.cfg.MaxPollInterval), true
	}
	return interval, false
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// analyzeOperation is the answer of GET analyzeResults/{resultId} (AnalyzeResultOperation).
type analyzeOperation struct {
	Status        string         `json:"status"` // notStarted, running, succeeded, failed, canceled
	Error         *serviceError  `json:"error"`
	AnalyzeResult *analyzeResult `json:"analyzeResult"`
}

// analyzeResult is the part of AnalyzeResult the engine reads: the pages' words and lines.
type analyzeResult struct {
	ModelID string      `json:"modelId"`
	Pages   []azurePage `json:"pages"`
}

// azurePage is a DocumentPage: sizes and polygons in inches for a PDF, pixels for an image.
type azurePage struct {
	PageNumber int     `json:"pageNumber"`
	Angle      float64 `json:"angle"` // the content's orientation, clockwise, in (-180, 180]
	Width      float64 `json:"width"`
	Height     float64 `json:"height"`
	Unit       string  `json:"unit"` // "inch" or "pixel"
	Words      []struct {
		Content    string    `json:"content"`
		Polygon    []float64 `json:"polygon"` // x, y of each corner, clockwise from the top left
		Confidence float64   `json:"confidence"`
		Span       span      `json:"span"`
	} `json:"words"`
	Lines []struct {
		Spans []span `json:"spans"`
	} `json:"lines"`
}

// span is a place in the result's content, in the result's own string units: only compared
// between words and lines, never used to index the content.
type span struct {
	Offset int `json:"offset"`
	Length int `json:"length"`
}

// document turns Azure's result into a layout.
func (a *AzureDocumentIntelligence) document(r *analyzeResult) (*layout.Document, error) {
	if len(r.Pages) > a.cfg.MaxPages {
		return nil, o2c.Errorf(o2c.CodeTooLarge, "the document has %d pages; at most %d are read", len(r.Pages), a.cfg.MaxPages)
	}
	doc := &layout.Document{Notes: []string{"the document was read by Azure Document Intelligence (" + cmp.Or(r.ModelID, a.cfg.Model) + ")"}}
	for i, p := range r.Pages {
		page, err := a.page(p, i+1)
		if err != nil {
			return nil, err
		}
		if page.Rotation != 0 {
			doc.Notes = append(doc.Notes, fmt.Sprintf("page %d was turned %d° clockwise; it was turned upright before reading", page.Number, page.Rotation))
		}
		doc.Pages = append(doc.Pages, page)
	}
	return doc, nil
}

// page turns one of Azure's pages into a layout page: its words grouped by Azure's lines,
// every coordinate in points from the top left of the upright page.
func (a *AzureDocumentIntelligence) page(p azurePage, index int) (layout.Page, error) {
	var scale float64
	switch p.Unit {
	case "inch":
		scale = 72
	case "pixel":
		scale = 72 / a.cfg.ImageDPI
	default:
		return layout.Page{}, fmt.Errorf("read with Azure Document Intelligence: page %d is measured in the unknown unit %q", index, short(p.Unit))
	}
	if !(p.Width > 0 && p.Height > 0 && p.Width < 1e6 && p.Height < 1e6) {
		return layout.Page{}, fmt.Errorf("read with Azure Document Intelligence: page %d has the size %gx%g", index, p.Width, p.Height)
	}
	turn := quarterTurns(p.Angle)
	upright := func(x, y float64) (float64, float64) {
		switch turn {
		case 1: // the content reads top to bottom: turn it back a quarter counterclockwise
			return y, p.Width - x
		case 2:
			return p.Width - x, p.Height - y
		case 3:
			return p.Height - y, x
		}
		return x, y
	}
	page := layout.Page{Number: cmp.Or(p.PageNumber, index), Source: layout.SourceOCR, Rotation: 90 * turn,
		Width: p.Width * scale, Height: p.Height * scale}
	if turn%2 == 1 {
		page.Width, page.Height = page.Height, page.Width
	}

	type placed struct {
		word layout.Word
		span span
		line int // index of Azure's line, -1 for none
	}
	var words []placed
	for _, w := range p.Words {
		text := strings.TrimSpace(w.Content)
		if text == "" || len(w.Polygon) < 4 || len(w.Polygon)%2 != 0 {
			continue // nothing to read, or no place to put it
		}
		box := layout.Box{X0: 1e9, Y0: 1e9, X1: -1e9, Y1: -1e9}
		for k := 0; k < len(w.Polygon); k += 2 {
			x, y := upright(w.Polygon[k], w.Polygon[k+1])
			box.X0, box.X1 = min(box.X0, x*scale), max(box.X1, x*scale)
			box.Y0, box.Y1 = min(box.Y0, y*scale), max(box.Y1, y*scale)
		}
		conf := min(max(w.Confidence, 0), 1)
		words = append(words, placed{word: layout.Word{Text: text, Box: box, Conf: conf}, span: w.Span, line: -1})
	}
	for li, l := range p.Lines {
		for wi := range words {
			if words[wi].line < 0 && within(words[wi].span, l.Spans) {
				words[wi].line = li
			}
		}
	}
	lines := make([]layout.Line, len(p.Lines))
	for _, w := range words {
		if w.line < 0 { // a word in no line of Azure's is a line of its own
			lines = append(lines, layout.Line{Words: []layout.Word{w.word}})
			continue
		}
		lines[w.line].Words = append(lines[w.line].Words, w.word)
	}
	for _, l := range lines {
		if len(l.Words) == 0 {
			continue // a line of selection marks or formulas only
		}
		for _, w := range l.Words {
			l.Box = l.Box.Union(w.Box)
		}
		page.Lines = append(page.Lines, l)
	}
	return page, nil
}

// quarterTurns is the page's turn, clockwise, in whole quarters (0 to 3); a small skew is no
// turn (the layout engine's rows follow a slope).
func quarterTurns(angle float64) int {
	q := int(angle/90+4.5) - 4 // nearest quarter, for angles in (-180, 180]
	return ((q % 4) + 4) % 4
}

// within reports whether a word's span lies in one of a line's spans.
func within(w span, spans []span) bool {
	for _, s := range spans {
		if w.Offset >= s.Offset && w.Offset+w.Length <= s.Offset+s.Length {
			return true
		}
	}
	return false
}

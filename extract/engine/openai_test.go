package engine

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
)

const (
	llmKey   = "sk-test-not-a-real-key-0000"
	llmModel = "qwen2.5-7b-instruct"
	chatPath = "/v1/chat/completions"
)

// orderText is the text of the order that the recorded answers read, as NewInput lays it out.
const orderText = `p1 y  50  Northwind Traders Ltd | PURCHASE ORDER
p1 y  76  12 Harbour Road | PO Number: | PO-2026-0412
p1 y  86  Bristol BS1 5TR | Order Date: | 03/11/2026
p1 y  97  United Kingdom | Delivery Date: | 17/11/2026
p1 y 108  VAT No: GB123456789 | Currency: | GBP
p1 y 187  Item | Article No. | Description | Qty | Unit | Unit Price | Amount
p1 y 205  1 | BEV-1054 | Still mineral water 1.5 l | 24 | pcs | 0.45 | 10.80
p1 y 223  2 | BEV-1046 | Whole milk 3.5% fat | 120 | pcs | 1.05 | 126.00
p1 y 241  3 | FOO-2001 | Coffee beans, espresso roast | 6 | kg | 18.90 | 113.40
p1 y 274  Subtotal | 250.20
p1 y 287  VAT 20% | 50.04
p1 y 300  Total | 300.24
p1 y 339  Please deliver to the rear entrance, Monday to Friday 7-15h.
`

func setupChat(t *testing.T, change func(*OpenAIConfig), steps ...step) (*OpenAIChat, *replay) {
	t.Helper()
	r := newReplay(t, steps...)
	cfg := OpenAIConfig{BaseURL: r.URL, Model: llmModel, APIKey: llmKey}
	if change != nil {
		change(&cfg)
	}
	c, err := NewOpenAIChat(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, r
}

func orderInput() Input {
	return Input{Name: "PO-2026-0412.pdf", ContentType: "application/pdf", Content: []byte(somePDF), Text: orderText,
		Self: []string{"Contoso Beverages Ltd", "GB987654321"}}
}

func TestOpenAIChatExtract(t *testing.T) {
	t.Parallel()
	c, r := setupChat(t, nil, step{method: "POST", path: chatPath, file: "openai-chat-order.recorded.json"})
	d, err := c.Extract(context.Background(), orderInput())
	if err != nil {
		t.Fatal(err)
	}

	// The request: the model, temperature 0, the spec's schema, the rules and the document.
	got := r.requests()
	if len(got) != 1 {
		t.Fatalf("%d requests, want 1", len(got))
	}
	req := got[0]
	if req.Header.Get("Authorization") != "Bearer "+llmKey || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers: Authorization %q, Content-Type %q", req.Header.Get("Authorization"), req.Header.Get("Content-Type"))
	}
	var body struct {
		Model          string   `json:"model"`
		Temperature    *float64 `json:"temperature"`
		MaxTokens      int      `json:"max_tokens"`
		Stream         *bool    `json:"stream"`
		ResponseFormat struct {
			Type       string `json:"type"`
			JSONSchema struct {
				Name   string          `json:"name"`
				Schema json.RawMessage `json:"schema"`
				Strict bool            `json:"strict"`
			} `json:"json_schema"`
		} `json:"response_format"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	dec := json.NewDecoder(bytes.NewReader(req.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("request body: %v\n%s", err, req.Body)
	}
	if body.Model != llmModel || body.Temperature == nil || *body.Temperature != 0 || body.MaxTokens != 8192 || body.Stream == nil || *body.Stream {
		t.Errorf("model %q, temperature %v, max_tokens %d, stream %v", body.Model, body.Temperature, body.MaxTokens, body.Stream)
	}
	rf := body.ResponseFormat
	if rf.Type != "json_schema" || rf.JSONSchema.Name != "canonical_order" || !rf.JSONSchema.Strict {
		t.Errorf("response_format %s %q strict %v", rf.Type, rf.JSONSchema.Name, rf.JSONSchema.Strict)
	}
	checkClosedSpec(t, rf.JSONSchema.Schema)
	if len(body.Messages) != 2 || body.Messages[0].Role != "system" || body.Messages[1].Role != "user" {
		t.Fatalf("messages %+v", body.Messages)
	}
	for _, rule := range []string{"Never invent", "as the document writes it", `"1234.50"`, "YYYY-MM-DD", "ISO 4217", "never the buyer"} {
		if !strings.Contains(body.Messages[0].Content, rule) {
			t.Errorf("the system prompt does not say %q", rule)
		}
	}
	for _, part := range []string{"PO-2026-0412.pdf (application/pdf)", "Contoso Beverages Ltd; GB987654321", "<<<DOCUMENT\n" + strings.TrimSpace(orderText) + "\nDOCUMENT>>>"} {
		if !strings.Contains(body.Messages[1].Content, part) {
			t.Errorf("the user message does not hold %q:\n%s", part, body.Messages[1].Content)
		}
	}

	// The draft: the model's values, the document's file, a note, the engine's confidence.
	if d.PONumber != "PO-2026-0412" || d.OrderDate.String() != "2026-11-03" || d.Currency != "GBP" || d.Buyer == nil || d.Buyer.Country != "GB" {
		t.Errorf("header %q %s %q %+v", d.PONumber, d.OrderDate, d.Currency, d.Buyer)
	}
	if len(d.Lines) != 3 || !eq(d.Lines[0].LineTotal, "10.80") || !eq(d.Lines[2].Quantity, "6") || d.Lines[2].Unit != "KGM" {
		t.Errorf("lines %+v", d.Lines)
	}
	if d.Source == nil || *d.Source != (o2c.Source{File: "PO-2026-0412.pdf"}) {
		t.Errorf("source %+v", d.Source)
	}
	if !strings.HasPrefix(d.Notes, "Please deliver to the rear entrance") || !strings.Contains(d.Notes, "read by the language model "+llmModel) {
		t.Errorf("notes %q", d.Notes)
	}
	paths := fieldPaths(d)
	if len(paths) != 29 || len(d.Confidence) != len(paths) {
		t.Errorf("%d field paths, %d confidences: %v", len(paths), len(d.Confidence), d.Confidence)
	}
	for _, p := range paths {
		want := DefaultLLMConfidence
		if p == "lines[2].quantity" {
			want = 0.6 // the model's own doubt stays
		}
		if d.Confidence[p] != want {
			t.Errorf("confidence of %s = %.2f, want %.2f", p, d.Confidence[p], want)
		}
	}
	if faults := extract.CheckDraft(d); len(faults) > 0 {
		t.Errorf("the draft breaks the spec: %+v", faults)
	}
}

// checkClosedSpec checks the schema sent: the spec's own, with every object closed.
func checkClosedSpec(t *testing.T, sent json.RawMessage) {
	t.Helper()
	var got, spec map[string]any
	if err := json.Unmarshal(sent, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(specSchema, &spec); err != nil {
		t.Fatal(err)
	}
	if got["additionalProperties"] != false {
		t.Errorf("the order object is open")
	}
	defs := got["$defs"].(map[string]any)
	if defs["party"].(map[string]any)["additionalProperties"] != false {
		t.Errorf("the party object is open")
	}
	lines := got["properties"].(map[string]any)["lines"].(map[string]any)["items"].(map[string]any)
	if lines["additionalProperties"] != false {
		t.Errorf("the line object is open")
	}
	confidence := got["properties"].(map[string]any)["confidence"].(map[string]any)
	if !reflect.DeepEqual(confidence["additionalProperties"], map[string]any{"type": "number"}) {
		t.Errorf("confidence's own additionalProperties changed: %v", confidence["additionalProperties"])
	}
	// Taking the added additionalProperties off again gives the spec back.
	var open func(v any)
	open = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["additionalProperties"] == false {
				delete(v, "additionalProperties")
			}
			for _, x := range v {
				open(x)
			}
		case []any:
			for _, x := range v {
				open(x)
			}
		}
	}
	open(got)
	if !reflect.DeepEqual(got, spec) {
		t.Errorf("the schema sent is not the spec's")
	}
}

func TestOpenAIChatErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file    string
		code    o2c.Code
		message string        // part of the error's message
		after   time.Duration // the wait RetryAfter gives, 0 for none
		faults  []o2c.Fault   // rule and path of each fault, for CodeInvalid
	}{
		{file: "openai-chat-429.recorded.json", code: o2c.CodeUnavailable, after: 20 * time.Second,
			message: "429 Too Many Requests: Rate limit reached for requests. Please try again in 20s. (retry after 20s)"},
		{file: "openai-chat-503-loading.recorded.json", code: o2c.CodeUnavailable, message: "503 Service Unavailable: Loading model"},
		{file: "openai-chat-malformed.recorded.json", code: o2c.CodeInvalid,
			message: "the language model's answer is not a canonical order: $.lines[0].quantity:",
			faults:  []o2c.Fault{{Rule: extract.RuleDecimal, Path: "$.lines[0].quantity"}}},
		{file: "openai-chat-truncated.recorded.json", code: o2c.CodeInvalid, message: "answer was cut at 8192 tokens"},
		{file: "openai-chat-check-fails.recorded.json", code: o2c.CodeInvalid,
			message: "the language model's order breaks the spec: $.buyer.country:",
			faults: []o2c.Fault{{Rule: extract.RuleCountry, Path: "$.buyer.country"},
				{Rule: extract.RuleQuantity, Path: "$.lines[2].quantity"}}},
		{file: "openai-chat-refusal.recorded.json", code: o2c.CodeInvalid,
			message: "refused to read the document: I'm sorry, but I can't help with that request."},
		{file: "openai-chat-401.recorded.json", code: o2c.CodeInternal, message: "401 Unauthorized: Incorrect API key provided"},
	} {
		t.Run(strings.TrimSuffix(tc.file, ".recorded.json"), func(t *testing.T) {
			t.Parallel()
			c, r := setupChat(t, nil, step{method: "POST", path: chatPath, file: tc.file})
			_, err := c.Extract(context.Background(), orderInput())
			checkError(t, err, tc.code, tc.message, tc.after)
			if strings.Contains(err.Error(), llmKey) || strings.Contains(o2c.ErrorMessage(err), llmKey) {
				t.Errorf("the error carries the key: %v", err)
			}
			var faults []o2c.Fault
			for _, f := range o2c.ErrorFaults(err) {
				faults = append(faults, o2c.Fault{Rule: f.Rule, Path: f.Path})
			}
			if !reflect.DeepEqual(faults, tc.faults) {
				t.Errorf("faults %+v, want %+v (%+v)", faults, tc.faults, o2c.ErrorFaults(err))
			}
			if n := len(r.requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// TestOpenAIChatRefusesBeforeAsking: what the engine refuses costs no request.
func TestOpenAIChatRefusesBeforeAsking(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		change func(*OpenAIConfig)
		in     func(in *Input)
		code   o2c.Code
	}{
		{"NoText", nil, func(in *Input) { in.Text = " \n" }, o2c.CodeInvalid},
		{"ImagesNotSent", nil, func(in *Input) { in.Text, in.Images = "", []Image{{"image/png", []byte("png")}} }, o2c.CodeInvalid},
		{"TextTooLong", func(c *OpenAIConfig) { c.MaxTextBytes = 100 }, nil, o2c.CodeTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, r := setupChat(t, tc.change)
			in := orderInput()
			if tc.in != nil {
				tc.in(&in)
			}
			_, err := c.Extract(context.Background(), in)
			if o2c.ErrorCode(err) != tc.code {
				t.Fatalf("error %v, want %s", err, tc.code)
			}
			if n := len(r.requests()); n != 0 {
				t.Errorf("%d requests, want none", n)
			}
		})
	}
}

func TestOpenAIChatAnswerTooLarge(t *testing.T) {
	t.Parallel()
	c, _ := setupChat(t, func(c *OpenAIConfig) { c.MaxResponseBytes = 512 },
		step{method: "POST", path: chatPath, file: "openai-chat-order.recorded.json"})
	_, err := c.Extract(context.Background(), orderInput())
	checkError(t, err, o2c.CodeTooLarge, "larger than 512 bytes", 0)
}

// TestOpenAIChatUnreachable: a server that is not there is CodeUnavailable.
func TestOpenAIChatUnreachable(t *testing.T) {
	t.Parallel()
	c, r := setupChat(t, nil)
	r.Close()
	_, err := c.Extract(context.Background(), orderInput())
	checkError(t, err, o2c.CodeUnavailable, "cannot be reached", 0)
}

// TestOpenAIChatImages: with SendImages, the pages go along as data URLs; without a key, no
// Authorization header; a BaseURL ending in /v1 is the same server.
func TestOpenAIChatImages(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG\r\n\x1a\n a page")
	var r *replay
	c, r := setupChat(t, func(c *OpenAIConfig) { c.SendImages, c.APIKey = true, ""; c.BaseURL += "/v1/" },
		step{method: "POST", path: chatPath, file: "openai-chat-order.recorded.json"})
	in := NewInput("scan.png", "", png, nil)
	in.Text = orderText
	if _, err := c.Extract(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	req := r.requests()[0]
	if _, ok := req.Header["Authorization"]; ok {
		t.Errorf("Authorization sent without a key")
	}
	var body struct {
		Messages []struct {
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(req.Body, &body); err != nil {
		t.Fatal(err)
	}
	var parts []contentPart
	if err := json.Unmarshal(body.Messages[1].Content, &parts); err != nil {
		t.Fatalf("user content %s: %v", body.Messages[1].Content, err)
	}
	want := "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
	if len(parts) != 2 || parts[0].Type != "text" || !strings.Contains(parts[0].Text, "BEV-1054") ||
		parts[1].Type != "image_url" || parts[1].ImageURL == nil || parts[1].ImageURL.URL != want {
		t.Errorf("user content %s", body.Messages[1].Content)
	}
}

func TestNewOpenAIChat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		base, endpoint string
	}{
		{"http://localhost:8080", "http://localhost:8080/v1/chat/completions"},
		{"http://localhost:11434/", "http://localhost:11434/v1/chat/completions"},
		{"http://gpu-box:8000/v1", "http://gpu-box:8000/v1/chat/completions"},
		{"https://llm.example/proxy/v1/", "https://llm.example/proxy/v1/chat/completions"},
	} {
		c, err := NewOpenAIChat(OpenAIConfig{BaseURL: tc.base, Model: "m"})
		if err != nil {
			t.Fatalf("%s: %v", tc.base, err)
		}
		if c.endpoint != tc.endpoint || c.cfg.Confidence != 0.85 {
			t.Errorf("%s: endpoint %s, confidence %.2f", tc.base, c.endpoint, c.cfg.Confidence)
		}
	}
	for _, cfg := range []OpenAIConfig{
		{BaseURL: "http://localhost:8080"},
		{BaseURL: "localhost:8080", Model: "m"},
		{BaseURL: "http://localhost:8080", Model: "m", Confidence: 1.5},
	} {
		if _, err := NewOpenAIChat(cfg); o2c.ErrorCode(err) != o2c.CodeInvalid {
			t.Errorf("%+v: error %v, want CodeInvalid", cfg, err)
		}
	}
}

func TestUnfence(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"```json\n{\"a\":1}\n```": "{\"a\":1}\n",
		"```\n{\"a\":1}```":       "{\"a\":1}",
		"```{\"a\":1}```":         "{\"a\":1}",
		" {\"a\":1} ":             " {\"a\":1} ",
		"Here: ```json\n{}\n```":  "Here: ```json\n{}\n```",
	} {
		if got := unfence(in); got != want {
			t.Errorf("unfence(%q) = %q, want %q", in, got, want)
		}
	}
}

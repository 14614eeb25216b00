package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
)

// TestSchemaIsTheSpec: the schema embedded in the package is the spec's, byte for byte.
func TestSchemaIsTheSpec(t *testing.T) {
	t.Parallel()
	spec, err := os.ReadFile("../../../shared/spec/order.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(spec, specSchema) {
		t.Fatal("schema.json differs from shared/spec/order.schema.json: copy the spec again")
	}
}

func TestFromConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		cfg   Config
		names []string
		code  o2c.Code
	}{
		{"Zero", Config{}, nil, ""},
		{"OpenAI", Config{OpenAI: OpenAIConfig{BaseURL: "http://localhost:11434", Model: "llama3.1:8b"}}, []string{"openai-chat"}, ""},
		{"Both", Config{OpenAI: OpenAIConfig{BaseURL: "http://localhost:8080", Model: "m"},
			Azure: AzureConfig{Endpoint: "https://x.cognitiveservices.azure.com", Key: "k"}},
			[]string{"azure-document-intelligence", "openai-chat"}, ""},
		{"OpenAINoModel", Config{OpenAI: OpenAIConfig{BaseURL: "http://localhost:8080"}}, nil, o2c.CodeInvalid},
		{"AzureNoKey", Config{Azure: AzureConfig{Endpoint: "https://x.cognitiveservices.azure.com"}}, nil, o2c.CodeInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			engines, err := FromConfig(tc.cfg)
			if o2c.ErrorCode(err) != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			var names []string
			for _, e := range engines {
				names = append(names, e.Name())
			}
			if !reflect.DeepEqual(names, tc.names) {
				t.Errorf("engines %v, want %v", names, tc.names)
			}
		})
	}
}

// TestSecretNeverShows: a Config printed, marshalled or logged shows no key.
func TestSecretNeverShows(t *testing.T) {
	t.Parallel()
	cfg := Config{OpenAI: OpenAIConfig{BaseURL: "http://localhost:8080", Model: "m", APIKey: llmKey},
		Azure: AzureConfig{Endpoint: "https://x.cognitiveservices.azure.com", Key: azureKey}}
	var out bytes.Buffer
	fmt.Fprintf(&out, "%v %+v %#v %s ", cfg, cfg, cfg, cfg.Azure.Key)
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out.Write(b)
	slog.New(slog.NewTextHandler(&out, nil)).Info("config", "key", cfg.Azure.Key, "openai", cfg.OpenAI)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("config", "cfg", cfg)
	for _, key := range []string{llmKey, azureKey} {
		if strings.Contains(out.String(), key) {
			t.Errorf("%s shows in:\n%s", key, out.String())
		}
	}
	if !strings.Contains(out.String(), "[redacted]") {
		t.Errorf("no [redacted] in:\n%s", out.String())
	}
	if Secret("").String() != "" {
		t.Errorf("no secret prints as %q", Secret("").String())
	}
}

func TestNewInput(t *testing.T) {
	t.Parallel()
	doc := &layout.Document{Pages: []layout.Page{{Number: 1, Width: 595, Height: 842, Lines: []layout.Line{
		{Words: []layout.Word{
			{Text: "Qty", Box: layout.Box{X0: 50, Y0: 100, X1: 70, Y1: 110}, Conf: 1},
			{Text: "Article", Box: layout.Box{X0: 200, Y0: 100, X1: 240, Y1: 110}, Conf: 1},
		}},
	}}}}
	in := NewInput("order.pdf", "", []byte(somePDF), doc)
	if in.ContentType != "application/pdf" || in.Text != "p1 y 100  Qty | Article\n" || in.Images != nil {
		t.Errorf("input %q %q %d images", in.ContentType, in.Text, len(in.Images))
	}
	png := []byte("\x89PNG\r\n\x1a\n rest")
	in = NewInput("scan.png", "", png, nil)
	if in.ContentType != "image/png" || in.Text != "" || len(in.Images) != 1 || !bytes.Equal(in.Images[0].Data, png) {
		t.Errorf("input %q %q %+v", in.ContentType, in.Text, in.Images)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		header map[string]string
		d      time.Duration
		ok     bool
	}{
		{map[string]string{"Retry-After": "20"}, 20 * time.Second, true},
		{map[string]string{"Retry-After": "20", "retry-after-ms": "1500"}, 1500 * time.Millisecond, true},
		{map[string]string{"Retry-After": "Tue, 03 Nov 2026 09:00:30 GMT"}, 30 * time.Second, true},
		{map[string]string{"Retry-After": "Tue, 03 Nov 2026 08:00:00 GMT"}, 0, true},
		{map[string]string{"Retry-After": "soon"}, 0, false},
		{map[string]string{"Retry-After": "-1"}, 0, false},
		{nil, 0, false},
	} {
		h := http.Header{}
		for k, v := range tc.header {
			h.Set(k, v)
		}
		if d, ok := retryAfter(h, now); d != tc.d || ok != tc.ok {
			t.Errorf("retryAfter(%v) = %s, %v; want %s, %v", tc.header, d, ok, tc.d, tc.ok)
		}
	}
}

// TestServiceMessage: the error bodies of the servers the engines talk to.
func TestServiceMessage(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`:                   "Rate limit reached",
		`{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`:                                 "Loading model",
		`{"error":"model \"llama3.1:8b\" not found, try pulling it first"}`:                                           `model "llama3.1:8b" not found, try pulling it first`,
		`{"error":{"code":"InvalidRequest","message":"Invalid request.","innererror":{"code":"X","message":"Bad."}}}`: "Invalid request: Bad.",
		`{"error":{"code":"NotFound"}}`: "NotFound",
		`Internal Server Error`:         "Internal Server Error",
		`<html><body>502</body></html>`: "",
		"\xff\xfe":                      "",
	} {
		if got := serviceMessage([]byte(body)); got != want {
			t.Errorf("serviceMessage(%s) = %q, want %q", body, got, want)
		}
	}
	long := strings.Repeat("word ", 200)
	if got := serviceMessage([]byte(long)); len([]rune(got)) != 301 || !strings.HasSuffix(got, "…") {
		t.Errorf("a long message is not cut: %d runes", len([]rune(got)))
	}
}

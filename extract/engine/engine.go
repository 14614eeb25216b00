package engine

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
)

// Engine reads an order document into a canonical order: one outside service, or our own.
type Engine interface {
	// Name identifies the engine in configuration, logs and notes: "openai-chat",
	// "azure-document-intelligence".
	Name() string
	// Extract reads the order of one document. The draft passed extract.CheckDraft.
	//
	// Errors: CodeInvalid for an answer that is not an order, with the cause; CodeUnavailable
	// when the service is down, busy or slow (see RetryAfter); CodeTooLarge past a size limit;
	// other errors are internal (a wrong key, model or endpoint).
	Extract(ctx context.Context, in Input) (*o2c.OrderDraft, error)
}

// Input is one document as an engine receives it.
type Input struct {
	Name        string // the file name, a hint for people and models
	ContentType string // MIME type: application/pdf, image/png...
	Content     []byte // the document's bytes, for engines that read them (Azure)
	// Text is what the built-in reader read of the document, for engines that take text (a
	// chat model): see NewInput.
	Text string
	// Images are pictures of the pages, for a chat model that sees images; optional.
	Images []Image
	// Self lists our own names and identifiers (VAT id, GLN, e-mail domain): they are the
	// supplier's on a document meant for us, never the buyer's.
	Self []string
}

// Image is one page as a picture.
type Image struct {
	ContentType string // image/png or image/jpeg
	Data        []byte
}

// NewInput makes the input of a document that the built-in reader has read into doc (nil when it
// could not): its text is the layout engine's rows, a line each, their cells separated by " | "
// and each line headed by its page and its height on the page ("p1 y 120"), so that a model sees
// the tables as rows. An empty contentType is sniffed from the content. A PNG or JPEG document is
// its own page image.
func NewInput(name, contentType string, content []byte, doc *layout.Document) Input {
	if contentType == "" {
		contentType = http.DetectContentType(content)
	}
	in := Input{Name: name, ContentType: contentType, Content: content}
	if doc != nil {
		in.Text = layout.Dump(doc)
	}
	switch base, _, _ := strings.Cut(contentType, ";"); strings.TrimSpace(base) {
	case "image/png", "image/jpeg":
		in.Images = []Image{{ContentType: strings.TrimSpace(base), Data: content}}
	}
	return in
}

// Secret is a credential. It prints, logs and marshals as "[redacted]", so that a Config may be
// printed or logged whole; use string(s) only to send it.
type Secret string

const redacted = "[redacted]"

// String returns "[redacted]", or "" for no secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString is String, for %#v.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// LogValue is String, for slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText is String, for JSON and other encoders.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Config says which outside engines run and how. The zero Config runs none: an engine is on
// when its URL is set.
type Config struct {
	OpenAI OpenAIConfig
	Azure  AzureConfig
}

// FromConfig returns the configured engines, Azure first: it keeps our own layout engine and
// gives every word its own confidence, where a chat model's answer is never sure. A zero Config
// returns none. A configuration that cannot work (no model, no key, a URL that is not http or
// https) is CodeInvalid.
func FromConfig(cfg Config) ([]Engine, error) {
	var engines []Engine
	if cfg.Azure.Endpoint != "" {
		a, err := NewAzureDocumentIntelligence(cfg.Azure)
		if err != nil {
			return nil, err
		}
		engines = append(engines, a)
	}
	if cfg.OpenAI.BaseURL != "" {
		c, err := NewOpenAIChat(cfg.OpenAI)
		if err != nil {
			return nil, err
		}
		engines = append(engines, c)
	}
	return engines, nil
}

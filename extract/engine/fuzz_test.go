package engine

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
)

// recordedBodies returns the bodies of the recorded exchanges, to seed the fuzzers.
func recordedBodies(f *testing.F, pattern string) [][]byte {
	f.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "recorded", pattern))
	if err != nil || len(names) == 0 {
		f.Fatalf("no recorded exchange matches %s: %v", pattern, err)
	}
	var out [][]byte
	for _, n := range names {
		r := loadRecorded(f, filepath.Base(n))
		out = append(out, r.Body)
	}
	return out
}

// FuzzChatAnswer: whatever a chat server answers, the engine never panics, and a draft it
// accepts passes CheckDraft with every confidence within the engine's.
func FuzzChatAnswer(f *testing.F) {
	for _, b := range recordedBodies(f, "openai-chat-*.recorded.json") {
		f.Add(b)
	}
	c, err := NewOpenAIChat(OpenAIConfig{BaseURL: "http://localhost:8080", Model: "m"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, answer []byte) {
		d, err := c.draft(answer)
		if err != nil {
			if code := o2c.ErrorCode(err); code != o2c.CodeInvalid {
				t.Fatalf("error %v has code %s, want CodeInvalid", err, code)
			}
			return
		}
		c.score(d)
		if faults := extract.CheckDraft(d); len(faults) > 0 {
			t.Fatalf("accepted draft breaks the spec: %+v", faults)
		}
		for p, s := range d.Confidence {
			if s > c.cfg.Confidence {
				t.Fatalf("%s has confidence %.2f, above the engine's %.2f", p, s, c.cfg.Confidence)
			}
		}
	})
}

// FuzzAzureResult: whatever result Azure gives, turning it into a layout never panics, and
// every word it keeps lies in a box with its corners in order.
func FuzzAzureResult(f *testing.F) {
	for _, b := range recordedBodies(f, "azure-result-*.recorded.json") {
		f.Add(b)
	}
	a, err := NewAzureDocumentIntelligence(AzureConfig{Endpoint: "https://x.cognitiveservices.azure.com", Key: "k"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var r analyzeOperation
		if json.Unmarshal(body, &r) != nil || r.AnalyzeResult == nil {
			return
		}
		doc, err := a.document(r.AnalyzeResult)
		if err != nil {
			return
		}
		for _, p := range doc.Pages {
			for _, l := range p.Lines {
				for _, w := range l.Words {
					if w.Box.X0 > w.Box.X1 || w.Box.Y0 > w.Box.Y1 || w.Conf < 0 || w.Conf > 1 || w.Text == "" {
						t.Fatalf("word %+v", w)
					}
				}
			}
		}
	})
}

package alert_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/alert"
	"github.com/o2c-project/o2c/cal"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/out")

func asError(err error, e **o2c.Error) bool { return errors.As(err, e) }

// renderCase is one input of testdata: a rule and the events it saw, rendered as one alert, a
// digest or a test.
type renderCase struct {
	Kind   string        `json:"kind"`
	Day    cal.Date      `json:"day"`
	Rule   o2c.AlertRule `json:"rule"`
	Events []struct {
		Cause    o2c.AlertCause `json:"cause"`
		Version  int64          `json:"version"`
		Now      time.Time      `json:"now"`
		Order    *o2c.Order     `json:"order"`
		Customer *o2c.Customer  `json:"customer"`
	} `json:"events"`
}

func TestRender(t *testing.T) {
	t.Parallel()
	inputs, err := filepath.Glob("testdata/*.json")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var c renderCase
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&c); err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			var alerts []alert.Alert
			for _, ev := range c.Events {
				e := alert.Event{Order: ev.Order, Customer: ev.Customer, Cause: ev.Cause, Version: ev.Version, Now: ev.Now}
				if !alert.Fires(&c.Rule, e) {
					t.Fatalf("the rule does not fire for order %d", ev.Order.ID)
				}
				alerts = append(alerts, alert.Make(&c.Rule, e, "https://o2c.example.com"))
			}
			var m alert.Message
			switch c.Kind {
			case "alert":
				m = alert.Single(alerts[0])
			case "digest":
				m = alert.Digest(&c.Rule, c.Day, alerts)
			case "test":
				m = alert.Test(&c.Rule, "https://o2c.example.com/")
			default:
				t.Fatalf("kind %q", c.Kind)
			}
			subject, text, html, err := alert.Email(m)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".txt", []byte("Subject: "+subject+"\n\n"+text))
			golden(t, name+".html", []byte(html))
			for _, f := range o2c.WebhookFormats {
				body, err := alert.Webhook(f, m)
				if err != nil {
					t.Fatal(err)
				}
				checkShape(t, f, body, len(m.Alerts))
				var pretty bytes.Buffer
				if err := json.Indent(&pretty, body, "", "  "); err != nil {
					t.Fatal(err)
				}
				pretty.WriteByte('\n')
				golden(t, name+"."+string(f)+".json", pretty.Bytes())
			}
		})
	}
}

// golden compares got with testdata/out/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "out", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// checkShape checks what the receivers of each format require of a message.
func checkShape(t *testing.T, f o2c.WebhookFormat, body []byte, alerts int) {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s: not JSON: %v", f, err)
	}
	switch f {
	case o2c.WebhookSlack:
		text, _ := v["text"].(string)
		blocks, _ := v["blocks"].([]any)
		if text == "" || len(blocks) == 0 || len(blocks) > 50 {
			t.Fatalf("slack: text %q, %d blocks", text, len(blocks))
		}
		for i, b := range blocks {
			blk, _ := b.(map[string]any)
			switch blk["type"] {
			case "header":
				tx, _ := blk["text"].(map[string]any)
				if tx["type"] != "plain_text" || len([]rune(tx["text"].(string))) > 150 {
					t.Fatalf("slack block %d: header %v", i, tx)
				}
			case "section":
				tx, _ := blk["text"].(map[string]any)
				if tx["type"] != "mrkdwn" || tx["text"] == "" || len([]rune(tx["text"].(string))) > 3000 {
					t.Fatalf("slack block %d: section %v", i, tx)
				}
			case "context":
				if els, _ := blk["elements"].([]any); len(els) == 0 {
					t.Fatalf("slack block %d: context without elements", i)
				}
			default:
				t.Fatalf("slack block %d: type %v", i, blk["type"])
			}
		}
	case o2c.WebhookTeams:
		atts, _ := v["attachments"].([]any)
		if v["type"] != "message" || len(atts) != 1 {
			t.Fatalf("teams: type %v, %d attachments", v["type"], len(atts))
		}
		att := atts[0].(map[string]any)
		card, _ := att["content"].(map[string]any)
		body, _ := card["body"].([]any)
		if att["contentType"] != "application/vnd.microsoft.card.adaptive" || card["type"] != "AdaptiveCard" ||
			card["version"] == "" || card["$schema"] == nil || len(body) == 0 {
			t.Fatalf("teams: attachment %v", att)
		}
		for i, e := range body {
			el := e.(map[string]any)
			if el["type"] != "TextBlock" && el["type"] != "FactSet" {
				t.Fatalf("teams element %d: type %v", i, el["type"])
			}
		}
		if actions, ok := card["actions"].([]any); ok {
			for _, a := range actions {
				act := a.(map[string]any)
				if act["type"] != "Action.OpenUrl" || !strings.HasPrefix(act["url"].(string), "https://") {
					t.Fatalf("teams action %v", act)
				}
			}
		}
	case o2c.WebhookJSON:
		list, _ := v["alerts"].([]any)
		if v["type"] == "" || v["title"] == "" || len(list) != alerts {
			t.Fatalf("json: %v", v)
		}
	}
}

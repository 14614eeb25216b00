package alert

import (
	"bytes"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"strings"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Message is what one send carries: one alert, a rule's digest of a day, or a test.
type Message struct {
	Kind     string  // "alert", "digest" or "test"
	Title    string  // the subject line
	RuleID   int64   //
	RuleName string  //
	Day      string  // a digest's day, YYYY-MM-DD
	Intro    string  // a line before the alerts
	Alerts   []Alert // in the order raised
}

// Single is the message of one alert.
func Single(a Alert) Message {
	return Message{Kind: "alert", Title: "[o2c] " + a.Title, RuleID: a.RuleID, RuleName: a.RuleName, Alerts: []Alert{a}}
}

// Digest is the message of a rule's alerts of one day.
func Digest(r *o2c.AlertRule, day cal.Date, alerts []Alert) Message {
	n := fmt.Sprintf("%d alerts", len(alerts))
	if len(alerts) == 1 {
		n = "1 alert"
	}
	return Message{Kind: "digest", Title: fmt.Sprintf("[o2c] Daily digest %s of %q: %s", day, r.Name, n),
		RuleID: r.ID, RuleName: r.Name, Day: day.String(),
		Intro: fmt.Sprintf("The alerts that the rule %q raised on %s.", r.Name, day), Alerts: alerts}
}

// Test is the message that checks a rule's channels; it concerns no order.
func Test(r *o2c.AlertRule, baseURL string) Message {
	return Message{Kind: "test", Title: fmt.Sprintf("[o2c] Test of the alert rule %q", r.Name), RuleID: r.ID, RuleName: r.Name,
		Intro: fmt.Sprintf("This is a test: the alerts of the rule %q will come here. Orders waiting for review: %s",
			r.Name, strings.TrimRight(baseURL, "/")+"/ui/orders")}
}

// Email writes a message as a mail: its subject, plain text and a simple HTML alternative.
func Email(m Message) (subject, text, html string, err error) {
	var t strings.Builder
	t.WriteString(m.Title + "\n\n")
	if m.Intro != "" {
		t.WriteString(m.Intro + "\n\n")
	}
	for _, a := range m.Alerts {
		t.WriteString(a.Sentence + "\n")
		for _, d := range a.Details {
			t.WriteString("  - " + d + "\n")
		}
		t.WriteString("Open the order: " + a.URL + "\n\n")
	}
	t.WriteString(footer(m) + "\n")
	var h bytes.Buffer
	if err := emailHTML.Execute(&h, struct {
		Message
		Footer string
	}{m, footer(m)}); err != nil {
		return "", "", "", fmt.Errorf("render the HTML of %s: %w", m.Title, err)
	}
	return m.Title, t.String(), h.String(), nil
}

func footer(m Message) string {
	return fmt.Sprintf("Sent by o2c for the alert rule %q (id %d).", m.RuleName, m.RuleID)
}

var emailHTML = htmltemplate.Must(htmltemplate.New("alert").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family: sans-serif; font-size: 14px; color: #1b1b1b;">
<h1 style="font-size: 18px;">{{.Title}}</h1>
{{- if .Intro}}
<p>{{.Intro}}</p>
{{- end}}
{{- range .Alerts}}
<div style="border-left: 4px solid #c0392b; padding: 4px 12px; margin: 12px 0;">
<p style="margin: 4px 0;"><a href="{{.URL}}"><strong>{{.Title}}</strong></a></p>
<p style="margin: 4px 0;">{{.Sentence}}</p>
{{- if .Details}}
<ul>
{{- range .Details}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
<p style="margin: 4px 0;"><a href="{{.URL}}">Open order {{.OrderID}}</a></p>
</div>
{{- end}}
<p style="color: #666; font-size: 12px;">{{.Footer}}</p>
</body></html>
`))

// Webhook writes a message as the JSON a webhook of format f takes.
func Webhook(f o2c.WebhookFormat, m Message) ([]byte, error) {
	var v any
	switch f {
	case o2c.WebhookSlack:
		v = slackOf(m)
	case o2c.WebhookTeams:
		v = teamsOf(m)
	case o2c.WebhookJSON, "":
		v = jsonOf(m)
	default:
		return nil, o2c.Errorf(o2c.CodeInvalid, "%q is no webhook format: slack, teams or json", f)
	}
	// Not HTML-escaped: the receivers read JSON, and Slack's own escapes (&lt;) stay readable.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode %s message %s: %w", f, m.Title, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// The plain JSON format: the alerts as data.
type plainMessage struct {
	Type   string    `json:"type"` // alert, digest, test
	Title  string    `json:"title"`
	Rule   plainRule `json:"rule"`
	Day    string    `json:"day,omitempty"`
	Text   string    `json:"text,omitempty"`
	Alerts []Alert   `json:"alerts"`
}

type plainRule struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func jsonOf(m Message) plainMessage {
	alerts := m.Alerts
	if alerts == nil {
		alerts = []Alert{}
	}
	return plainMessage{Type: m.Kind, Title: m.Title, Rule: plainRule{m.RuleID, m.RuleName}, Day: m.Day, Text: m.Intro, Alerts: alerts}
}

// Slack: an incoming-webhook message. text is the notification's fallback; the blocks show a
// header and one section per alert. Slack takes at most 50 blocks, 150 characters in a header and
// 3000 in a section.
type slackMessage struct {
	Text   string       `json:"text"`
	Blocks []slackBlock `json:"blocks"`
}

type slackBlock struct {
	Type     string      `json:"type"`
	Text     *slackText  `json:"text,omitempty"`
	Elements []slackText `json:"elements,omitempty"`
}

type slackText struct {
	Type string `json:"type"` // plain_text or mrkdwn
	Text string `json:"text"`
}

const slackMaxAlerts = 45

func slackOf(m Message) slackMessage {
	fallback := m.Title
	if len(m.Alerts) == 1 {
		fallback += ": " + m.Alerts[0].Sentence
	}
	s := slackMessage{Text: slackEscape(clip(fallback, 3000)),
		Blocks: []slackBlock{{Type: "header", Text: &slackText{Type: "plain_text", Text: clip(m.Title, 150)}}}}
	if m.Intro != "" {
		s.Blocks = append(s.Blocks, slackBlock{Type: "section", Text: &slackText{Type: "mrkdwn", Text: clip(slackEscape(m.Intro), 3000)}})
	}
	for i, a := range m.Alerts {
		if i == slackMaxAlerts {
			s.Blocks = append(s.Blocks, slackBlock{Type: "context", Elements: []slackText{{Type: "mrkdwn",
				Text: fmt.Sprintf("… and %d more alerts.", len(m.Alerts)-slackMaxAlerts)}}})
			break
		}
		text := fmt.Sprintf("*<%s|%s>*\n%s", a.URL, slackEscape(a.Title), slackEscape(a.Sentence))
		for _, d := range a.Details {
			text += "\n• " + slackEscape(d)
		}
		s.Blocks = append(s.Blocks, slackBlock{Type: "section", Text: &slackText{Type: "mrkdwn", Text: clip(text, 3000)}})
	}
	s.Blocks = append(s.Blocks, slackBlock{Type: "context", Elements: []slackText{{Type: "mrkdwn", Text: slackEscape(footer(m))}}})
	return s
}

// slackEscape escapes the three characters Slack's mrkdwn reserves.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Teams: a message holding an Adaptive Card, as Teams workflows ("Post to a channel when a
// webhook request is received") and incoming webhooks take it.
type teamsMessage struct {
	Type        string            `json:"type"`
	Attachments []teamsAttachment `json:"attachments"`
}

type teamsAttachment struct {
	ContentType string    `json:"contentType"`
	ContentURL  *string   `json:"contentUrl"`
	Content     teamsCard `json:"content"`
}

type teamsCard struct {
	Schema  string         `json:"$schema"`
	Type    string         `json:"type"`
	Version string         `json:"version"`
	Body    []teamsElement `json:"body"`
	Actions []teamsAction  `json:"actions,omitempty"`
	MSTeams map[string]any `json:"msteams"`
}

type teamsElement struct {
	Type      string      `json:"type"` // TextBlock or FactSet
	Text      string      `json:"text,omitempty"`
	Weight    string      `json:"weight,omitempty"`
	Size      string      `json:"size,omitempty"`
	Color     string      `json:"color,omitempty"`
	IsSubtle  bool        `json:"isSubtle,omitempty"`
	Separator bool        `json:"separator,omitempty"`
	Wrap      bool        `json:"wrap,omitempty"`
	Facts     []teamsFact `json:"facts,omitempty"`
}

type teamsFact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

type teamsAction struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

const teamsMaxAlerts = 50

func teamsOf(m Message) teamsMessage {
	card := teamsCard{Schema: "http://adaptivecards.io/schemas/adaptive-card.json", Type: "AdaptiveCard", Version: "1.4",
		Body:    []teamsElement{{Type: "TextBlock", Text: m.Title, Weight: "Bolder", Size: "Medium", Wrap: true}},
		MSTeams: map[string]any{"width": "Full"}}
	if m.Intro != "" {
		card.Body = append(card.Body, teamsElement{Type: "TextBlock", Text: m.Intro, Wrap: true})
	}
	for i, a := range m.Alerts {
		if i == teamsMaxAlerts {
			card.Body = append(card.Body, teamsElement{Type: "TextBlock", Wrap: true, IsSubtle: true,
				Text: fmt.Sprintf("… and %d more alerts.", len(m.Alerts)-teamsMaxAlerts)})
			break
		}
		card.Body = append(card.Body,
			teamsElement{Type: "TextBlock", Text: fmt.Sprintf("[%s](%s)", a.Title, a.URL), Weight: "Bolder", Wrap: true, Separator: true},
			teamsElement{Type: "TextBlock", Text: a.Sentence, Wrap: true})
		for _, d := range a.Details {
			card.Body = append(card.Body, teamsElement{Type: "TextBlock", Text: "- " + d, Wrap: true, IsSubtle: true})
		}
	}
	if len(m.Alerts) == 1 {
		a := m.Alerts[0]
		facts := []teamsFact{{"Order", fmt.Sprint(a.OrderID)}, {"Status", string(a.Status)}}
		if a.PONumber != "" {
			facts = append(facts, teamsFact{"PO number", a.PONumber})
		}
		if who := or(a.CustomerName, a.CustomerID); who != "" {
			facts = append(facts, teamsFact{"Customer", who})
		}
		if !a.NetTotal.IsZero() {
			facts = append(facts, teamsFact{"Net total", strings.TrimSpace(a.NetTotal.StringFixed(max(2, -a.NetTotal.Exponent())) + " " + a.Currency)})
		}
		card.Body = append(card.Body, teamsElement{Type: "FactSet", Facts: facts})
		card.Actions = []teamsAction{{Type: "Action.OpenUrl", Title: fmt.Sprintf("Open order %d", a.OrderID), URL: a.URL}}
	}
	card.Body = append(card.Body, teamsElement{Type: "TextBlock", Text: footer(m), Size: "Small", IsSubtle: true, Wrap: true})
	return teamsMessage{Type: "message", Attachments: []teamsAttachment{{
		ContentType: "application/vnd.microsoft.card.adaptive", Content: card}}}
}

// clip cuts s to at most n characters, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

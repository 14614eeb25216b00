package confirm

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func parseHTML(t *testing.T, s string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestHTML(t *testing.T) {
	t.Parallel()
	for name, c := range cases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, ok := expected[name]
			if !ok {
				t.Fatalf("no expectation for testdata/%s.json", name)
			}
			h := HTML(c)
			golden(t, name+".html", []byte(h))
			doc := parseHTML(t, h)
			if got := doc.Find("title").Text(); got != Subject(c) {
				t.Errorf("title %q, want the subject %q", got, Subject(c))
			}
			if got := doc.Find("table.refs td").First().Find("div").Last().Text(); got != want.po {
				t.Errorf("first reference %q, want the PO number %s", got, want.po)
			}
			rows := doc.Find("table.lines tr.line")
			if rows.Length() != len(want.lines) {
				t.Fatalf("%d line rows, want %d", rows.Length(), len(want.lines))
			}
			rows.Each(func(i int, r *goquery.Selection) {
				code := r.Find("td.code").Text()
				if code == "" { // a line never resolved: the buyer's code, "Ihre Art.-Nr.: MEHL-550"
					code = r.Find(".buyer-code").Text()
				}
				if !strings.HasSuffix(code, want.lines[i][0]) {
					t.Errorf("row %d: code %q, want %s", i+1, code, want.lines[i][0])
				}
				if got := r.Find("td.qty").Text(); got != want.lines[i][1] {
					t.Errorf("row %d: quantity %q, want %s", i+1, got, want.lines[i][1])
				}
			})
			if got := doc.Find("#net-total").Text(); got != want.total {
				t.Errorf("net total %q, want %q", got, want.total)
			}
			reason := doc.Find("#reason").Text()
			if want.reason != "" && !strings.Contains(reason, want.reason) {
				t.Errorf("reason %q, want it to say %q", reason, want.reason)
			}
			if want.reason == "" && reason != "" {
				t.Errorf("an accepted order shows a reason: %q", reason)
			}
			var changes []string
			doc.Find("ul.changes li").Each(func(_ int, li *goquery.Selection) { changes = append(changes, li.Text()) })
			if got, want := strings.Join(changes, "\n"), strings.Join(build(c).Changes, "\n"); got != want {
				t.Errorf("changes:\n%s\nwant\n%s", got, want)
			}
			if got := doc.Find(".status").AttrOr("data-status", ""); got != string(c.Status) {
				t.Errorf("status %q, want %s", got, c.Status)
			}
		})
	}
}

// TestHTMLEscapes: text from a customer's document is shown as text, never run as markup.
func TestHTMLEscapes(t *testing.T) {
	t.Parallel()
	const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	c := loadCase(t, "rejected_de")
	o := *c.Order
	d := *o.Draft
	d.Lines = append(d.Lines[:0:0], d.Lines...)
	d.Lines[0].Description = hostile
	o.Draft = &d
	o.Reason = `</div><a href="javascript:alert(1)">click</a>`
	c.Order = &o
	c.Number = `"><b>OC`

	h := HTML(c)
	doc := parseHTML(t, h)
	if n := doc.Find("script, img, a, b").Length(); n != 0 {
		t.Fatalf("%d elements came from the input:\n%s", n, h)
	}
	if got := doc.Find("tr.line .description").First().Text(); got != hostile {
		t.Fatalf("description %q, want the text as written %q", got, hostile)
	}
	if !strings.Contains(doc.Find("#reason").Text(), `<a href="javascript:alert(1)">click</a>`) {
		t.Fatalf("the reason is not shown as text: %q", doc.Find("#reason").Text())
	}
	if strings.Contains(h, "<script>") {
		t.Fatal("the HTML holds <script>")
	}
}

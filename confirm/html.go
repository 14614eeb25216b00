package confirm

import (
	_ "embed"
	"html/template"
	"strings"
)

//go:embed confirmation.html.tmpl
var htmlSource string

// htmlTemplate is parsed once; a template that does not parse is a bug of this package, caught by
// its tests, so it panics at start-up rather than when a customer is waiting.
var htmlTemplate = template.Must(template.New("confirmation").Funcs(template.FuncMap{
	"odd":       func(i int) bool { return i%2 == 1 },
	"lineColor": func(s Status) string { return statusColors[s].text.hex() },
	"addresses": func(blocks ...block) []block { // those with lines: an unknown ship-to is left out
		var out []block
		for _, b := range blocks {
			if len(b.Lines) > 0 {
				out = append(out, b)
			}
		}
		return out
	},
}).Parse(htmlSource))

// htmlData is the view with the colours of its status.
type htmlData struct {
	*view
	Color, Tint string // the status's text and background colours
}

// HTML returns the e-mail body as a small HTML page: tables for layout and inline CSS, as mail
// clients need, and every value escaped by html/template. It says what Text says. It panics when
// the confirmation has no order or an unknown status.
func HTML(c Confirmation) string {
	v := build(c)
	col := statusColors[v.Status]
	var b strings.Builder
	if err := htmlTemplate.Execute(&b, htmlData{view: v, Color: col.text.hex(), Tint: col.tint.hex()}); err != nil {
		// Executing can only fail on a template that asks for what the view lacks: a bug the tests run into.
		panic("confirm: render HTML: " + err.Error())
	}
	return b.String()
}

package confirm

import "fmt"

// rgb is a colour of the HTML and PDF renderings.
type rgb struct{ r, g, b int }

func (c rgb) hex() string { return fmt.Sprintf("#%02x%02x%02x", c.r, c.g, c.b) }

// The palette: a dark blue for our name and headings, greys for labels and rules, and a colour
// per status, strong for text and light for the panel behind it.
var (
	ink    = rgb{31, 41, 55}
	accent = rgb{31, 58, 95}
	muted  = rgb{107, 114, 128}
	rule   = rgb{209, 213, 219}
	stripe = rgb{244, 246, 249}
	panel  = rgb{240, 243, 247}
	white  = rgb{255, 255, 255}

	statusColors = map[Status]struct{ text, tint rgb }{
		Accepted: {rgb{27, 94, 32}, rgb{232, 245, 233}},
		Changed:  {rgb{146, 84, 0}, rgb{255, 243, 224}},
		Rejected: {rgb{183, 28, 28}, rgb{253, 236, 234}},
	}
)

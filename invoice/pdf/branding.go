package pdf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/o2c-project/o2c"
)

// Branding is how a company's documents look, and the legal terms it prints.
type Branding struct {
	Logo   []byte `json:"logo,omitempty"`   // PNG or JPEG, printed top left at most 45 x 20 mm; optional
	Accent string `json:"accent,omitempty"` // #RRGGBB of the title, rules and table header; a dark blue when empty
	// LatePenalty is the late-payment penalty rate printed on French B2B invoices (Code de
	// commerce L441-10), e.g. "3 times the legal interest rate"; the legal default (the ECB rate
	// plus 10 points) when empty.
	LatePenalty string `json:"late_penalty,omitempty"`
	// EarlyDiscount is the early-payment discount offered; "no discount" is printed when empty.
	EarlyDiscount string `json:"early_discount,omitempty"`
}

// rgb is a colour of the page.
type rgb struct{ r, g, b int }

// The palette: the accent for the title, rules and table header, greys for labels and rules.
var (
	defaultAccent = rgb{31, 58, 95}
	ink           = rgb{31, 41, 55}
	muted         = rgb{107, 114, 128}
	ruleGrey      = rgb{209, 213, 219}
	stripe        = rgb{246, 247, 249}
	panel         = rgb{240, 243, 247}
	white         = rgb{255, 255, 255}
)

// accent parses b.Accent.
func (b Branding) accent() (rgb, error) {
	s := strings.TrimPrefix(strings.TrimSpace(b.Accent), "#")
	if s == "" {
		return defaultAccent, nil
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil || len(s) != 6 {
		return rgb{}, o2c.Errorf(o2c.CodeInvalid, "the accent colour %q is not #RRGGBB", b.Accent)
	}
	return rgb{int(v >> 16), int(v >> 8 & 0xff), int(v & 0xff)}, nil
}

// logoType names the image type of the logo for fpdf, from its first bytes.
func (b Branding) logoType() (string, error) {
	switch {
	case len(b.Logo) == 0:
		return "", nil
	case bytes.HasPrefix(b.Logo, []byte("\x89PNG\r\n\x1a\n")):
		return "PNG", nil
	case bytes.HasPrefix(b.Logo, []byte{0xff, 0xd8, 0xff}):
		return "JPG", nil
	}
	return "", o2c.Errorf(o2c.CodeInvalid, "the logo is neither PNG nor JPEG (%d bytes)", len(b.Logo))
}

// tint mixes c with white: 0 is c, 1 is white.
func tint(c rgb, t float64) rgb {
	mix := func(v int) int { return v + int(float64(255-v)*t) }
	return rgb{mix(c.r), mix(c.g), mix(c.b)}
}

func (c rgb) String() string { return fmt.Sprintf("#%02x%02x%02x", c.r, c.g, c.b) }

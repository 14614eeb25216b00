package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
)

// The page, in millimetres: A4 portrait.
const (
	pageW   = 210.0
	pageH   = 297.0
	marginX = 18.0
	rightX  = pageW - marginX
	bodyEnd = 268.0 // rows stop here; sub-totals and the footer go below
)

// Handwriting fonts, from Debian packages (scripts/install-deps.sh installs them). Humor Sans
// knows only ASCII, so texts with other letters fall back to the DKG hand.
const (
	fontHumor = "humor"
	fontDKG   = "dkg"
)

var handFontFiles = map[string]string{
	fontHumor: "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",
	fontDKG:   "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf",
}

var handFonts = struct {
	sync.Mutex
	data map[string][]byte
}{data: map[string][]byte{}}

// handFont reads a handwriting font once.
func handFont(name string) ([]byte, error) {
	handFonts.Lock()
	defer handFonts.Unlock()
	if b, ok := handFonts.data[name]; ok {
		return b, nil
	}
	b, err := os.ReadFile(handFontFiles[name])
	if err != nil {
		return nil, fmt.Errorf("read handwriting font %s (Debian packages fonts-humor-sans, fonts-dkg-handwriting): %w", name, err)
	}
	handFonts.data[name] = b
	return b, nil
}

// docDate is the creation date written into every PDF, so that output is byte-for-byte stable.
var docDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// sheet wraps fpdf with the few drawing operations the layouts need. Text goes through cp1252
// for the core fonts and as UTF-8 for the handwriting fonts.
type sheet struct {
	f      *fpdf.Fpdf
	family string
	style  string
	size   float64
	jitter *rand.Rand // handwriting wobble; seeded, so the document stays deterministic
}

// newSheet starts a document; hand names the handwriting fonts to load.
func newSheet(seed uint64, hand ...string) (*sheet, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(docDate)
	f.SetModificationDate(docDate)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(marginX, 15, marginX)
	f.SetCellMargin(0)
	for _, h := range hand {
		b, err := handFont(h)
		if err != nil {
			return nil, err
		}
		f.AddUTF8FontFromBytes(h, "", b)
	}
	return &sheet{f: f, jitter: rand.New(rand.NewPCG(seed, 0x5eed))}, nil
}

func (s *sheet) core() bool { return s.family != fontHumor && s.family != fontDKG }

// enc encodes a text for the current font.
func (s *sheet) enc(t string) string {
	if s.core() {
		return cp1252(t)
	}
	return t
}

func (s *sheet) font(family, style string, size float64) {
	s.family, s.style, s.size = family, style, size
	s.f.SetFont(family, style, size)
}

func (s *sheet) gray(level int)         { s.f.SetTextColor(level, level, level) }
func (s *sheet) ink()                   { s.f.SetTextColor(0, 0, 0) }
func (s *sheet) width(t string) float64 { return s.f.GetStringWidth(s.enc(t)) }

// text writes t with its baseline at y.
func (s *sheet) text(x, y float64, t string) { s.f.Text(x, y, s.enc(t)) }

// textR writes t right-aligned on x.
func (s *sheet) textR(x, y float64, t string) { s.text(x-s.width(t), y, t) }

// textC writes t centred on x.
func (s *sheet) textC(x, y float64, t string) { s.text(x-s.width(t)/2, y, t) }

// fit writes t left-aligned in width w, shrinking the font until it fits.
func (s *sheet) fit(x, y, w float64, t string) {
	size := s.size
	for s.width(t) > w && s.size > 5 {
		s.f.SetFontSize(s.size - 0.5)
		s.size -= 0.5
	}
	s.text(x, y, t)
	s.f.SetFontSize(size)
	s.size = size
}

// wrap breaks t into lines no wider than w, between words; a word wider than w stands alone.
func (s *sheet) wrap(t string, w float64) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(t) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if cur != "" && s.width(next) > w {
			lines = append(lines, cur)
			next = word
		}
		cur = next
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

func (s *sheet) lineWidth(w float64)                   { s.f.SetLineWidth(w) }
func (s *sheet) line(x1, y1, x2, y2 float64)           { s.f.Line(x1, y1, x2, y2) }
func (s *sheet) rect(x, y, w, h float64, style string) { s.f.Rect(x, y, w, h, style) }
func (s *sheet) fill(level int)                        { s.f.SetFillColor(level, level, level) }
func (s *sheet) draw(level int)                        { s.f.SetDrawColor(level, level, level) }
func (s *sheet) dashed(on bool) {
	if on {
		s.f.SetDashPattern([]float64{0.8, 0.6}, 0)
	} else {
		s.f.SetDashPattern(nil, 0)
	}
}

// hand writes t in handwriting: the given hand (Humor Sans only for ASCII), ink of a ballpoint,
// each word on a slightly wandering baseline and slant.
func (s *sheet) hand(hand string, x, y, size, maxW float64, t string) {
	if hand == fontHumor && !isASCII(t) {
		hand = fontDKG
	}
	fam, st, sz := s.family, s.style, s.size
	s.font(hand, "", size)
	for maxW > 0 && s.f.GetStringWidth(t)*1.12 > maxW && size > 6 {
		size -= 0.5
		s.font(hand, "", size)
	}
	s.f.SetTextColor(20, 30, 110)
	tilt := (s.jitter.Float64() - 0.5) * 3 // degrees
	for _, w := range strings.Fields(t) {
		dy := (s.jitter.Float64() - 0.5) * 0.9
		s.f.TransformBegin()
		s.f.TransformRotate(tilt+(s.jitter.Float64()-0.5)*2, x, y+dy)
		s.f.Text(x, y+dy, w)
		s.f.TransformEnd()
		x += s.f.GetStringWidth(w+" ") * (0.95 + s.jitter.Float64()*0.15)
	}
	s.ink()
	if fam != "" {
		s.font(fam, st, sz)
	}
}

func isASCII(t string) bool {
	for _, r := range t {
		if r < 0x20 || r > 0x7e {
			return false
		}
	}
	return true
}

// signature scribbles a signature in the box x, y, w, h.
func (s *sheet) signature(x, y, w, h float64) {
	s.f.SetDrawColor(20, 30, 110)
	s.lineWidth(0.45)
	px, py := x+w*0.1, y+h*0.6
	n := 4 + s.jitter.IntN(4)
	for i := range n {
		nx := x + w*0.1 + w*0.8*float64(i+1)/float64(n)
		ny := y + h*(0.35+0.4*s.jitter.Float64())
		c1y := y + h*s.jitter.Float64()*0.3
		c2y := y + h*(0.7+s.jitter.Float64()*0.3)
		s.f.CurveBezierCubic(px, py, px+(nx-px)*0.3, c1y, px+(nx-px)*0.7, c2y, nx, ny, "D")
		px, py = nx, ny
	}
	s.f.CurveBezierCubic(x+w*0.05, y+h*0.8, x+w*0.3, y+h*0.95, x+w*0.6, y+h*0.7, x+w*0.9, y+h*0.85, "D")
	s.draw(0)
	s.lineWidth(0.2)
}

// stamp draws a round company stamp with a name in it, slightly turned.
func (s *sheet) stamp(cx, cy float64, name, city string) {
	s.f.TransformBegin()
	s.f.TransformRotate(float64(s.jitter.IntN(30))-15, cx, cy)
	s.f.SetDrawColor(60, 60, 150)
	s.f.SetTextColor(60, 60, 150)
	s.lineWidth(0.5)
	s.f.Circle(cx, cy, 13, "D")
	s.f.Circle(cx, cy, 10.5, "D")
	fam, st, sz := s.family, s.style, s.size
	s.font("Helvetica", "B", 5.5)
	s.textC(cx, cy-1, shorten(name, 24))
	s.font("Helvetica", "", 5.5)
	s.textC(cx, cy+2.5, city)
	s.f.TransformEnd()
	s.draw(0)
	s.ink()
	s.lineWidth(0.2)
	s.font(fam, st, sz)
}

func shorten(t string, n int) string {
	r := []rune(t)
	if len(r) <= n {
		return t
	}
	return string(r[:n])
}

// bytes writes the document.
func (s *sheet) bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := s.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("write PDF: %w", err)
	}
	return buf.Bytes(), nil
}

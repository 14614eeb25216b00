// Package corpus generates order documents with their truth: purchase orders, order forms,
// delivery notes, CMR consignment notes and order e-mails in French, English and German, as
// native PDFs, scans, phone photos, handwritten forms and e-mail bodies. Each document comes with
// the canonical order (shared/spec/order.schema.json) of exactly what it prints, so that the
// layout engine can be measured against it.
//
// Everything is drawn from the demo master data with a seeded PCG generator: the same Spec gives
// the same document, byte for byte for native PDFs. The content depends on the layout and the
// seed only, so the scan and the photo of a seed show the same order as its PDF.
//
// A third of the layouts are held out: the engine must not be tuned on them. Rasterised channels
// shell out to pdftoppm (poppler-utils); handwriting uses the Debian fonts fonts-humor-sans and
// fonts-dkg-handwriting.
package corpus

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
)

// Channel is how a generated document reaches us.
type Channel string

// Channels of the corpus.
const (
	ChannelPDF         Channel = "pdf"         // a native PDF with a text layer
	ChannelScan        Channel = "scan"        // the printed page scanned: grey, turned, noisy JPEG (PDF when several pages)
	ChannelPhoto       Channel = "photo"       // a phone photo of the page: perspective, uneven light, colour JPEG
	ChannelHandwritten Channel = "handwritten" // a form filled in by hand, then scanned (PNG)
	ChannelEmail       Channel = "email"       // an e-mail body, plain text or HTML
)

// AllChannels lists the channels in the order the CLI generates them.
var AllChannels = []Channel{ChannelPDF, ChannelScan, ChannelPhoto, ChannelHandwritten, ChannelEmail}

// Spec names one document to generate.
type Spec struct {
	Layout  string
	Channel Channel
	Seed    int64
}

// Doc is one generated document and its truth.
type Doc struct {
	Name    string            // unique for a Spec: layout_channel_seed
	Files   map[string][]byte // the document: "order.pdf", "order.jpg", "order.png", "body.txt" or "body.html"
	Truth   o2c.OrderDraft    // the canonical order of what the document prints
	Layout  string
	Channel Channel
	HeldOut bool
}

// LayoutInfo describes a layout.
type LayoutInfo struct {
	Name      string
	Language  string           // fr, en, de or mixed
	Kind      o2c.DocumentType // purchase_order, delivery_note or cmr
	HeldOut   bool             // the engine must not be tuned on it
	MultiPage bool             // always more than one page
	Channels  []Channel        // the channels it can be generated for
}

var (
	printed   = []Channel{ChannelPDF, ChannelScan, ChannelPhoto}
	multiPage = []Channel{ChannelPDF, ChannelScan}
	filled    = []Channel{ChannelPDF, ChannelScan, ChannelPhoto, ChannelHandwritten}
	mailed    = []Channel{ChannelEmail}
)

// layouts is the catalogue, in a fixed order.
var layouts = []LayoutInfo{
	{"po-fr-grille", "fr", o2c.DocPurchaseOrder, false, false, printed},
	{"po-fr-cadres", "fr", o2c.DocPurchaseOrder, false, false, printed},
	{"po-fr-refclient", "fr", o2c.DocPurchaseOrder, true, false, printed},
	{"po-fr-multipage", "fr", o2c.DocPurchaseOrder, false, true, multiPage},
	{"po-en-grid", "en", o2c.DocPurchaseOrder, false, false, printed},
	{"po-en-stacked", "en", o2c.DocPurchaseOrder, true, false, printed},
	{"po-en-multipage", "en", o2c.DocPurchaseOrder, false, true, multiPage},
	{"po-en-custcodes", "en", o2c.DocPurchaseOrder, false, false, printed},
	{"po-de-raster", "de", o2c.DocPurchaseOrder, false, false, printed},
	{"po-de-kaesten", "de", o2c.DocPurchaseOrder, true, false, printed},
	{"po-de-mehrseitig", "de", o2c.DocPurchaseOrder, false, true, multiPage},
	{"po-de-kompakt", "de", o2c.DocPurchaseOrder, false, false, printed},
	{"po-mixed-fr-en", "mixed", o2c.DocPurchaseOrder, true, false, printed},
	{"po-mixed-de-en", "mixed", o2c.DocPurchaseOrder, false, false, printed},
	{"po-mixed-es-en", "mixed", o2c.DocPurchaseOrder, false, false, printed},
	{"form-fr", "fr", o2c.DocPurchaseOrder, false, false, filled},
	{"form-de", "de", o2c.DocPurchaseOrder, false, false, filled},
	{"form-en", "en", o2c.DocPurchaseOrder, true, false, filled},
	{"dn-de-lieferschein", "de", o2c.DocDeliveryNote, false, false, printed},
	{"dn-fr-bon-livraison", "fr", o2c.DocDeliveryNote, true, false, printed},
	{"cmr-trilingue", "mixed", o2c.DocCMR, false, false, filled},
	{"cmr-compact", "mixed", o2c.DocCMR, true, false, filled},
	{"email-fr", "fr", o2c.DocPurchaseOrder, false, false, mailed},
	{"email-fr-html", "fr", o2c.DocPurchaseOrder, false, false, mailed},
	{"email-de", "de", o2c.DocPurchaseOrder, true, false, mailed},
	{"email-en", "en", o2c.DocPurchaseOrder, false, false, mailed},
}

// Layouts returns the names of every layout, in a fixed order.
func Layouts() []string {
	out := make([]string, len(layouts))
	for i, l := range layouts {
		out[i] = l.Name
	}
	return out
}

// Describe returns what is known of a layout.
func Describe(layout string) (LayoutInfo, bool) {
	for _, l := range layouts {
		if l.Name == layout {
			l.Channels = slices.Clone(l.Channels)
			return l, true
		}
	}
	return LayoutInfo{}, false
}

// Supports reports whether the layout can be generated for the channel.
func Supports(layout string, ch Channel) bool {
	l, ok := Describe(layout)
	return ok && slices.Contains(l.Channels, ch)
}

func init() {
	for name, d := range poDesigns {
		total := 0.0
		for _, c := range d.cols {
			total += c.w
			switch c.kind {
			case cSKU:
				d.content.sku = true
			case cBuyer:
				d.content.buyerSKU = true
			case cGTIN:
				d.content.gtin = true
			}
		}
		kinds := map[fieldKind]bool{}
		for _, f := range d.fields {
			kinds[f.kind] = true
		}
		c, l := d.content, d.letter
		if !kinds[fPO] || !kinds[fDate] || !kinds[fDelivery] || c.email && l.email == "" || c.gln && l.gln == "" ||
			c.vatID && l.vat == "" || !strings.Contains(d.netLabel, "{cur}") || c.notes > 0 && len(c.noteTexts) == 0 {
			panic("corpus: " + name + " would hold facts it does not print")
		}
		if total < 173.9 || total > 174.1 {
			panic(fmt.Sprintf("corpus: columns of %s add up to %v mm, not 174", name, total))
		}
	}
	for _, l := range layouts {
		n := 0
		for _, found := range []bool{poDesigns[l.Name] != nil, formDesigns[l.Name] != nil, dnDesigns[l.Name] != nil,
			cmrDesigns[l.Name] != nil, emailDesigns[l.Name] != nil} {
			if found {
				n++
			}
		}
		if n != 1 {
			panic("corpus: layout " + l.Name + " has no design")
		}
	}
}

// hash64 is a stable hash of a name, to mix into seeds.
func hash64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// Generate makes the document of spec from the master data. The content depends on the layout
// and the seed; the channel decides how it is rendered and degraded.
func Generate(spec Spec, md *o2c.MasterData) (*Doc, error) {
	info, ok := Describe(spec.Layout)
	if !ok {
		return nil, o2c.Errorf(o2c.CodeInvalid, "corpus: unknown layout %q", spec.Layout)
	}
	if !slices.Contains(info.Channels, spec.Channel) {
		return nil, o2c.Errorf(o2c.CodeInvalid, "corpus: layout %s has no %s channel (it has %v)", spec.Layout,
			spec.Channel, info.Channels)
	}
	seed := uint64(spec.Seed)
	g := &gen{r: rand.New(rand.NewPCG(seed, hash64(spec.Layout))), md: md}
	fx := rand.New(rand.NewPCG(seed, hash64(spec.Layout+"/"+string(spec.Channel)))) // image effects
	doc := &Doc{
		Name:    fmt.Sprintf("%s_%s_%04d", spec.Layout, spec.Channel, spec.Seed),
		Files:   map[string][]byte{},
		Layout:  spec.Layout,
		Channel: spec.Channel,
		HeldOut: info.HeldOut,
	}
	hand := spec.Channel == ChannelHandwritten
	var pdf []byte
	var err error
	switch {
	case poDesigns[spec.Layout] != nil:
		d := poDesigns[spec.Layout]
		o := g.buildOrder(&d.content)
		var pages int
		for {
			if pdf, pages, err = d.pdf(o); err != nil {
				return nil, err
			}
			// A one-page layout that overflows loses its last rows, so that every channel can show it whole.
			if info.MultiPage || pages == 1 || len(o.articles()) <= 1 {
				break
			}
			o.items = o.items[:len(o.items)-1]
			o.sum()
		}
		doc.Truth = o.truth(d.truthSpec())
	case formDesigns[spec.Layout] != nil:
		d := formDesigns[spec.Layout]
		o := d.order(g)
		if pdf, err = d.pdf(o, hand, seed); err != nil {
			return nil, err
		}
		doc.Truth = d.truth(o)
	case dnDesigns[spec.Layout] != nil:
		d := dnDesigns[spec.Layout]
		sh := d.shipment(g)
		if pdf, err = d.pdf(sh, seed); err != nil {
			return nil, err
		}
		doc.Truth = d.truth(sh)
	case cmrDesigns[spec.Layout] != nil:
		d := cmrDesigns[spec.Layout]
		sh := d.shipment(g)
		if pdf, err = d.pdf(sh, hand, seed); err != nil {
			return nil, err
		}
		doc.Truth = d.truth(sh)
	case emailDesigns[spec.Layout] != nil:
		body, file, truth := emailDesigns[spec.Layout].email(g)
		doc.Files[file] = body
		doc.Truth = truth
		doc.Truth.Source = &o2c.Source{Channel: o2c.ChannelEmail, File: doc.Name + ext(file)}
		return doc, nil
	}
	file, data, err := channel(spec.Channel, pdf, fx)
	if err != nil {
		return nil, fmt.Errorf("generate %s: %w", doc.Name, err)
	}
	doc.Files[file] = data
	src := o2c.ChannelScan
	if spec.Channel == ChannelPDF {
		src = o2c.ChannelPDF
	}
	doc.Truth.Source = &o2c.Source{Channel: src, File: doc.Name + ext(file)}
	return doc, nil
}

// testDPI, when set, renders every raster at this resolution: tests trade pixels for time.
var testDPI int

func dpi(d int) int {
	if testDPI > 0 {
		return testDPI
	}
	return d
}

// channel turns the clean PDF into the channel's file.
func channel(ch Channel, pdf []byte, r *rand.Rand) (string, []byte, error) {
	switch ch {
	case ChannelPDF:
		return "order.pdf", pdf, nil
	case ChannelScan:
		pages, err := rasterize(pdf, dpi(200+10*r.IntN(11)))
		if err != nil {
			return "", nil, err
		}
		var jpgs [][]byte
		for _, p := range pages {
			b, err := encodeJPEG(scan(p, r), 60+r.IntN(26))
			if err != nil {
				return "", nil, err
			}
			jpgs = append(jpgs, b)
		}
		if len(jpgs) == 1 {
			return "order.jpg", jpgs[0], nil
		}
		b, err := imagePDF(jpgs)
		return "order.pdf", b, err
	case ChannelPhoto:
		pages, err := rasterize(pdf, dpi(150+10*r.IntN(5)))
		if err != nil {
			return "", nil, err
		}
		b, err := encodeJPEG(photo(pages[0], r), 70+r.IntN(19))
		return "order.jpg", b, err
	case ChannelHandwritten:
		pages, err := rasterize(pdf, dpi(200))
		if err != nil {
			return "", nil, err
		}
		b, err := encodePNG(scan(pages[0], r))
		return "order.png", b, err
	}
	return "", nil, fmt.Errorf("no channel %q", ch)
}

// ext is the extension of a file name, with its dot.
func ext(file string) string {
	for i := len(file) - 1; i >= 0; i-- {
		if file[i] == '.' {
			return file[i:]
		}
	}
	return ""
}

package corpus

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/extract"
)

func TestMain(m *testing.M) {
	testDPI = 72 // the pipeline is the same at any resolution; full-size pages cost seconds
	os.Exit(m.Run())
}

func TestLayouts(t *testing.T) {
	t.Parallel()
	names := Layouts()
	if len(names) < 15 {
		t.Fatalf("%d layouts, want at least 15", len(names))
	}
	perLang := map[string]int{}
	heldLang := map[string]bool{}
	held := 0
	kinds := map[o2c.DocumentType][2]int{} // [trained, held out]
	for _, n := range names {
		info, ok := Describe(n)
		if !ok {
			t.Fatalf("Describe(%q) found nothing", n)
		}
		perLang[info.Language]++
		k := kinds[info.Kind]
		if info.HeldOut {
			held++
			heldLang[info.Language] = true
			k[1]++
		} else {
			k[0]++
		}
		kinds[info.Kind] = k
		if len(info.Channels) == 0 {
			t.Errorf("%s supports no channel", n)
		}
	}
	for _, lang := range []string{"fr", "en", "de"} {
		if perLang[lang] < 4 {
			t.Errorf("%d layouts in %s, want at least 4", perLang[lang], lang)
		}
		if !heldLang[lang] {
			t.Errorf("no held-out layout in %s", lang)
		}
	}
	if share := float64(held) / float64(len(names)); share < 0.25 || share > 0.4 {
		t.Errorf("%d of %d layouts held out, want about a third", held, len(names))
	}
	for _, kind := range []o2c.DocumentType{o2c.DocPurchaseOrder, o2c.DocDeliveryNote, o2c.DocCMR} {
		if k := kinds[kind]; k[0] == 0 || k[1] == 0 {
			t.Errorf("%s: %d trained and %d held-out layouts, want both", kind, k[0], k[1])
		}
	}
}

// TestGenerate generates every layout for every channel it supports and checks the truth.
func TestGenerate(t *testing.T) {
	t.Parallel()
	md := demo.MasterData()
	wantExt := map[Channel][]string{ChannelPDF: {".pdf"}, ChannelScan: {".jpg", ".pdf"}, ChannelPhoto: {".jpg"},
		ChannelHandwritten: {".png"}, ChannelEmail: {".txt", ".html"}}
	for _, name := range Layouts() {
		info, _ := Describe(name)
		for _, ch := range info.Channels {
			t.Run(name+"/"+string(ch), func(t *testing.T) {
				t.Parallel()
				doc, err := Generate(Spec{Layout: name, Channel: ch, Seed: 7}, md)
				if err != nil {
					t.Fatal(err)
				}
				if len(doc.Files) != 1 {
					t.Fatalf("%d files, want 1", len(doc.Files))
				}
				for file, data := range doc.Files {
					if len(data) < 200 || !slices.Contains(wantExt[ch], ext(file)) {
						t.Errorf("file %s of %d bytes, want one of %v", file, len(data), wantExt[ch])
					}
				}
				if doc.HeldOut != info.HeldOut || doc.Layout != name || doc.Channel != ch {
					t.Errorf("doc says %s %s held out %v", doc.Layout, doc.Channel, doc.HeldOut)
				}
				checkTruth(t, info, &doc.Truth)
			})
		}
	}
}

// checkTruth checks a truth is a valid canonical order of its kind that survives JSON.
func checkTruth(t *testing.T, info LayoutInfo, d *o2c.OrderDraft) {
	t.Helper()
	if d.DocumentType != info.Kind {
		t.Errorf("document_type %s, want %s", d.DocumentType, info.Kind)
	}
	if faults := extract.CheckDraft(d); len(faults) > 0 {
		t.Errorf("truth has faults: %v", faults)
	}
	if len(d.Lines) == 0 {
		t.Errorf("truth has no line")
	}
	for i, l := range d.Lines {
		if l.Quantity == nil || l.BuyerSKU == "" && l.SupplierSKU == "" && l.GTIN == "" && l.Description == "" {
			t.Errorf("line %d has no quantity or nothing to identify the article: %+v", i, l)
		}
	}
	if info.Kind == o2c.DocPurchaseOrder && d.Buyer == nil {
		t.Errorf("purchase order without buyer")
	}
	if info.Kind != o2c.DocPurchaseOrder && (d.Delivery == nil || d.Delivery.DocumentNumber == "" || d.Delivery.Packages == nil) {
		t.Errorf("%s without delivery facts: %+v", info.Kind, d.Delivery)
	}
	if tot := d.Totals; tot != nil && tot.Net != nil {
		sum := decimal.Zero
		for _, l := range d.Lines {
			if l.LineTotal != nil {
				sum = sum.Add(*l.LineTotal)
			}
		}
		if !sum.Equal(*tot.Net) {
			t.Errorf("net total %s is not the sum of the lines %s", tot.Net, sum)
		}
		if tot.Gross != nil && !tot.Net.Add(*tot.Tax).Equal(*tot.Gross) {
			t.Errorf("gross %s is not net %s + tax %s", tot.Gross, tot.Net, tot.Tax)
		}
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back o2c.OrderDraft
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(back)
	if !bytes.Equal(b, again) {
		t.Errorf("truth does not survive JSON:\n%s\n%s", b, again)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	md := demo.MasterData()
	specs := []Spec{{Layout: "po-fr-cadres", Channel: ChannelScan, Seed: 3}, {Layout: "form-en", Channel: ChannelHandwritten, Seed: 3},
		{Layout: "email-de", Channel: ChannelEmail, Seed: 3}}
	for _, n := range Layouts() {
		if Supports(n, ChannelPDF) {
			specs = append(specs, Spec{Layout: n, Channel: ChannelPDF, Seed: 42})
		}
	}
	for _, s := range specs {
		a, err := Generate(s, md)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Generate(s, demo.MasterData())
		if err != nil {
			t.Fatal(err)
		}
		for k := range a.Files {
			if !bytes.Equal(a.Files[k], b.Files[k]) {
				t.Errorf("%s %s: two generations differ", s.Layout, s.Channel)
			}
		}
		ta, _ := json.Marshal(a.Truth)
		tb, _ := json.Marshal(b.Truth)
		if !bytes.Equal(ta, tb) {
			t.Errorf("%s %s: truths differ", s.Layout, s.Channel)
		}
	}
	// The same seed shows the same order on every channel.
	p, _ := Generate(Spec{Layout: "po-de-raster", Channel: ChannelPDF, Seed: 5}, md)
	q, _ := Generate(Spec{Layout: "po-de-raster", Channel: ChannelPhoto, Seed: 5}, md)
	p.Truth.Source, q.Truth.Source = nil, nil
	tp, _ := json.Marshal(p.Truth)
	tq, _ := json.Marshal(q.Truth)
	if !bytes.Equal(tp, tq) {
		t.Errorf("PDF and photo of one seed hold different orders")
	}
}

// printedQuantity is how a layout prints a quantity.
func printedQuantity(layout string, q decimal.Decimal) string {
	switch {
	case poDesigns[layout] != nil:
		return poDesigns[layout].num.qty(q, poDesigns[layout].qtyPlaces)
	case formDesigns[layout] != nil:
		return formDesigns[layout].num.qty(q, 0)
	case dnDesigns[layout] != nil:
		return dnDesigns[layout].num.qty(q, 0)
	}
	return q.String()
}

// TestPrintedTruth ties truth to print: the text of each native PDF holds the PO number and, on
// the row of each line, the line's code and quantity as the layout writes them.
func TestPrintedTruth(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is required: scripts/install-deps.sh installs it")
	}
	md := demo.MasterData()
	for _, name := range Layouts() {
		if !Supports(name, ChannelPDF) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for seed := range int64(3) {
				doc, err := Generate(Spec{Layout: name, Channel: ChannelPDF, Seed: seed}, md)
				if err != nil {
					t.Fatal(err)
				}
				text := pdfText(t, doc.Files["order.pdf"])
				tr := doc.Truth
				for _, want := range []string{tr.PONumber, deliveryNumber(&tr)} {
					if !strings.Contains(text, want) {
						t.Errorf("seed %d: text lacks %q", seed, want)
					}
				}
				rows := strings.Split(text, "\n")
				for i, l := range tr.Lines {
					key := firstOf(l.SupplierSKU, l.BuyerSKU, l.GTIN, prefix(l.Description, 14))
					q := printedQuantity(name, *l.Quantity)
					if !slices.ContainsFunc(rows, func(r string) bool { return strings.Contains(r, key) && hasToken(r, q) }) {
						t.Errorf("seed %d: no row holds line %d's %q with its quantity %q", seed, i, key, q)
					}
				}
			}
		})
	}
}

// TestPages checks one-page layouts fit one page and multi-page ones carry their sub-totals over.
func TestPages(t *testing.T) {
	t.Parallel()
	md := demo.MasterData()
	page := regexp.MustCompile(`/Type /Page\b`)
	for _, name := range Layouts() {
		info, _ := Describe(name)
		if !Supports(name, ChannelPDF) {
			continue
		}
		for seed := range int64(6) {
			doc, err := Generate(Spec{Layout: name, Channel: ChannelPDF, Seed: seed}, md)
			if err != nil {
				t.Fatal(err)
			}
			n := len(page.FindAll(doc.Files["order.pdf"], -1))
			switch {
			case info.MultiPage && n < 2:
				t.Errorf("%s seed %d: %d page, want several", name, seed, n)
			case !info.MultiPage && n != 1:
				t.Errorf("%s seed %d: %d pages, want 1", name, seed, n)
			}
			if info.MultiPage && seed == 0 {
				text := pdfText(t, doc.Files["order.pdf"])
				if c := poDesigns[name].carried[0]; !strings.Contains(text, c) {
					t.Errorf("%s: no %q sub-total", name, c)
				}
				if l := len(doc.Truth.Lines); l < 30 || l > 60 {
					t.Errorf("%s: %d lines, want 30 to 60", name, l)
				}
			}
		}
	}
}

func TestWriteDirAndMain(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out bytes.Buffer
	err := Main([]string{"-out", dir, "-per-layout", "2", "-channels", "pdf,email,scan",
		"-layouts", "po-en-grid,email-fr-html,po-fr-multipage"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "10 documents") {
		t.Errorf("summary: %s", out.String())
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(index)), "\n")
	if len(rows) != 11 || rows[0] != "name\tlayout\tchannel\theld_out\tfile" {
		t.Fatalf("index.tsv:\n%s", index)
	}
	for _, r := range rows[1:] {
		f := strings.Split(r, "\t")
		if len(f) != 5 {
			t.Fatalf("index row %q", r)
		}
		if _, err := os.Stat(filepath.Join(dir, f[4])); err != nil {
			t.Error(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, f[0]+".truth.json"))
		if err != nil {
			t.Fatal(err)
		}
		var d o2c.OrderDraft
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s.truth.json: %v", f[0], err)
		}
		if d.Source == nil || d.Source.File != f[4] {
			t.Errorf("%s: source %+v, want file %s", f[0], d.Source, f[4])
		}
	}
	if err := Main([]string{"-out", dir, "-channels", "fax"}, &out); err == nil {
		t.Error("unknown channel accepted")
	}
	if _, err := Generate(Spec{Layout: "po-fr-multipage", Channel: ChannelPhoto}, demo.MasterData()); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Errorf("photo of a multi-page layout: %v", err)
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func deliveryNumber(d *o2c.OrderDraft) string {
	if d.Delivery == nil {
		return ""
	}
	return d.Delivery.DocumentNumber
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func prefix(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return strings.TrimSpace(string(r))
}

// hasToken reports whether q stands in row as a word of its own.
func hasToken(row, q string) bool {
	for i := 0; ; {
		j := strings.Index(row[i:], q)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || row[j-1] == ' '
		after := j+len(q) == len(row) || row[j+len(q)] == ' '
		if before && after {
			return true
		}
		i = j + 1
	}
}

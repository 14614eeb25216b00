package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
	"github.com/o2c-project/o2c/invoice/facturx"
	"github.com/o2c-project/o2c/invoice/pdf"
)

// memCounter is a gap-free invoice counter in memory: the store's counter row without the store.
type memCounter struct {
	mu   sync.Mutex
	next map[string]int64
}

func (c *memCounter) NextInvoiceSeq(_ context.Context, series string, year int) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := fmt.Sprint(series, year)
	c.next[k]++
	return c.next[k], nil
}

// benchInvoice issues n invoices (number, Calculate, Validate) and writes each as PDF, Factur-X
// and UBL, on all cores; it prints the rate, the time per invoice and the sizes.
func (m *Main) benchInvoice(ctx context.Context, args []string) error {
	fs := m.flags("bench invoice")
	n := fs.Int("n", 10000, "invoices to issue and render")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "concurrent renderers")
	lang := fs.String("lang", "fr", "language of the PDFs")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	// fpdf allocates half a megabyte of glyph widths per font and document: with the default GC
	// target the collector, not the rendering, would set the pace of a batch.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	counter := &memCounter{next: map[string]int64{}}
	series := invoice.Series{Code: "INV", Prefix: "F"}
	durations := make([]time.Duration, *n)
	var pdfBytes, fxBytes, ublBytes, lines atomic.Int64
	var next atomic.Int64
	errs := make(chan error, *workers)
	fmt.Fprintf(m.Stdout, "o2c bench invoice: %d invoices of 1–30 lines, PDF + Factur-X + UBL each, %d workers\n", *n, *workers)
	start := time.Now()
	var wg sync.WaitGroup
	for range *workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= *n || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				inv := benchInvoiceDraft(i)
				sizes, err := issueAndRender(ctx, counter, series, inv, *lang)
				if err != nil {
					errs <- fmt.Errorf("invoice %d: %w", i, err)
					return
				}
				durations[i] = time.Since(t0)
				pdfBytes.Add(int64(sizes[0]))
				fxBytes.Add(int64(sizes[1]))
				ublBytes.Add(int64(sizes[2]))
				lines.Add(int64(len(inv.Lines)))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	select {
	case err := <-errs:
		return err
	default:
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	slices.Sort(durations)
	per := func(total int64) string { return fmt.Sprintf("%.1f kB", float64(total)/float64(*n)/1000) }
	fmt.Fprintf(m.Stdout, "%d invoices (%.1f lines each) in %s: %.0f invoices/s\n", *n, float64(lines.Load())/float64(*n),
		elapsed.Round(time.Millisecond), float64(*n)/elapsed.Seconds())
	fmt.Fprintf(m.Stdout, "per invoice: p50 %s, p95 %s, max %s\n", durations[*n/2].Round(10*time.Microsecond),
		durations[*n*95/100].Round(10*time.Microsecond), durations[*n-1].Round(10*time.Microsecond))
	fmt.Fprintf(m.Stdout, "mean size: PDF %s, Factur-X %s, UBL %s\n", per(pdfBytes.Load()), per(fxBytes.Load()), per(ublBytes.Load()))
	return nil
}

// issueAndRender numbers, calculates and validates inv, then writes it as PDF, Factur-X (from
// that PDF) and UBL; it returns the three sizes.
func issueAndRender(ctx context.Context, c invoice.Counter, s invoice.Series, inv invoice.Invoice, lang string) ([3]int, error) {
	if err := invoice.Assign(ctx, c, s, &inv); err != nil {
		return [3]int{}, err
	}
	inv.Payment.Reference = inv.Number
	inv, err := invoice.Calculate(inv)
	if err != nil {
		return [3]int{}, err
	}
	if err := invoice.Validate(inv); err != nil {
		return [3]int{}, err
	}
	visual, err := pdf.Render(inv, pdf.Branding{}, lang)
	if err != nil {
		return [3]int{}, err
	}
	fx, err := facturx.Make(inv, facturx.Params{PDF: visual, Lang: lang})
	if err != nil {
		return [3]int{}, err
	}
	ubl, err := invoice.WriteUBL(inv)
	if err != nil {
		return [3]int{}, err
	}
	return [3]int{len(visual), len(fx), len(ubl)}, nil
}

// benchItems are the goods and services of the bench invoices.
var benchItems = []struct{ name, unit, price, rate string }{
	{"Clé dynamométrique 40–200 Nm, carré 1/2\", livrée en coffret", "C62", "189.90", "20"},
	{"Vis inox A2 M4×20 tête fraisée", "C62", "0.0749", "20"},
	{"Heures d'intervention technicien", "HUR", "65.00", "20"},
	{"Câble H07RN-F 3G2,5", "MTR", "3.115", "20"},
	{"Huile de coupe soluble", "LTR", "19.99", "20"},
	{"Manuel d'utilisation imprimé", "C62", "12.00", "5.5"},
	{"Palette consignée", "XPX", "15.00", "20"},
	{"Forfait transport et manutention", "C62", "45.00", "20"},
}

// benchInvoiceDraft is the i-th invoice of the bench: 1 to 30 lines, some with a discount,
// deterministic in i. It has no number yet.
func benchInvoiceDraft(i int) invoice.Invoice {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	issue := cal.MustParse("2026-11-27")
	inv := invoice.Invoice{
		Type: invoice.TypeInvoice, IssueDate: issue, DueDate: issue.AddDays(30), Currency: "EUR",
		BuyerReference: "SERVICE-ACHATS", PurchaseOrder: fmt.Sprintf("PO-%06d", 4711+i),
		Seller: invoice.Party{Name: "Ateliers Durand SAS", VATID: "FR44732829320",
			IDs:     []invoice.Identifier{{Scheme: invoice.SchemeSIRET, Value: "73282932000074"}},
			LegalID: invoice.Identifier{Scheme: invoice.SchemeSIREN, Value: "732829320"}, LegalInfo: "SAS au capital de 100 000 EUR",
			Endpoint: invoice.Identifier{Scheme: "0009", Value: "73282932000074"},
			Address:  invoice.Address{Line1: "12 rue des Forges", City: "Lyon", PostCode: "69007", Country: "FR"},
			Contact:  invoice.Contact{Email: "factures@durand.example"}},
		Buyer: invoice.Party{Name: fmt.Sprintf("Client %04d SARL", i%5000), VATID: "FR83404833048",
			LegalID:  invoice.Identifier{Scheme: invoice.SchemeSIREN, Value: "404833048"},
			Endpoint: invoice.Identifier{Scheme: "0009", Value: "40483304800022"},
			Address:  invoice.Address{Line1: "3 place du Marché", City: "Grenoble", PostCode: "38000", Country: "FR"}},
		Payment: invoice.Payment{MeansCode: "58", IBAN: "FR7630006000011234567890189", BIC: "AGRIFRPP", Terms: "30 jours net."},
	}
	for j := range 1 + r.IntN(30) {
		it := benchItems[r.IntN(len(benchItems))]
		l := invoice.Line{ID: fmt.Sprint(j + 1), Name: it.name, Unit: it.unit,
			Quantity: decimal.NewFromInt(int64(1 + r.IntN(40))), NetPrice: decimal.RequireFromString(it.price),
			VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: decimal.RequireFromString(it.rate)}}
		if r.IntN(5) == 0 {
			pct := decimal.NewFromInt(int64(2 + r.IntN(10)))
			l.Charges = []invoice.LineCharge{{Percent: &pct, Reason: "Remise", ReasonCode: "95"}}
		}
		inv.Lines = append(inv.Lines, l)
	}
	return inv
}

package archive_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// benchEntries is how many entries BenchmarkArchiveSearch searches; O2C_BENCH_ARCHIVE_ENTRIES
// changes it.
func benchEntries() int {
	if n, err := strconv.Atoi(os.Getenv("O2C_BENCH_ARCHIVE_ENTRIES")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// BenchmarkArchiveSearch measures the searches of the archive API (GET /api/v1/archive) on a
// SQLite file of 100,000 entries shaped like the pipeline's: originals, order responses and
// outbox files, each with its customer, PO number, dates, amount and a body of words. Each
// iteration runs every search once, a page of 50 and its total; the metrics are the slowest
// search's p95 and p50 over the iterations, in milliseconds. The target is a p95 under 200 ms.
//
//	go test ./archive/ -run '^$' -bench ArchiveSearch -benchtime 200x
func BenchmarkArchiveSearch(b *testing.B) {
	ctx := context.Background()
	db := benchArchive(b)
	day := func(s string) cal.Date { return cal.MustParse(s) }
	amount := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	searches := []struct {
		name string
		f    o2c.ArchiveFilter
	}{
		{"Latest", o2c.ArchiveFilter{}},
		{"Type", o2c.ArchiveFilter{Types: []o2c.ArchiveDocType{o2c.ArchiveOrderResponse}}},
		{"CommonWord", o2c.ArchiveFilter{Text: "palette"}},
		{"RareWord", o2c.ArchiveFilter{Text: fmt.Sprintf("PO-2026-%06d", benchEntries()/2+13)}},
		{"Phrase", o2c.ArchiveFilter{Text: `"kaffee bohnen"`}},
		{"Prefix", o2c.ArchiveFilter{Text: "schraub*"}},
		{"Customer", o2c.ArchiveFilter{Tags: map[string]string{o2c.TagCustomer: "C0042"}}},
		{"CustomerAndType", o2c.ArchiveFilter{Tags: map[string]string{o2c.TagCustomer: "C0042"}, Types: []o2c.ArchiveDocType{o2c.ArchiveOrder}}},
		{"PONumber", o2c.ArchiveFilter{Tags: map[string]string{o2c.TagPONumber: fmt.Sprintf("PO-2026-%06d", benchEntries()/3)}}},
		{"DateRange", o2c.ArchiveFilter{Dates: []o2c.ArchiveDateRange{{Key: o2c.TagDate, From: day("2026-03-01"), To: day("2026-03-31")}}}},
		{"AmountRange", o2c.ArchiveFilter{Amounts: []o2c.ArchiveAmountRange{{Key: o2c.TagAmount, Min: amount("10000"), Max: amount("12000")}}}},
		{"WordsTagsRanges", o2c.ArchiveFilter{Text: "palette", Tags: map[string]string{o2c.TagCurrency: "EUR"},
			Types:   []o2c.ArchiveDocType{o2c.ArchiveOrder, o2c.ArchiveOrderResponse},
			Dates:   []o2c.ArchiveDateRange{{Key: o2c.TagDate, From: day("2026-01-01")}},
			Amounts: []o2c.ArchiveAmountRange{{Key: o2c.TagAmount, Min: amount("500")}}}},
		{"DeepPage", o2c.ArchiveFilter{Types: []o2c.ArchiveDocType{o2c.ArchiveOrder}, Offset: benchEntries() / 20}},
	}
	took := make([][]time.Duration, len(searches))
	for b.Loop() {
		for i, s := range searches {
			f := s.f
			if f.Limit == 0 {
				f.Limit = 50
			}
			start := time.Now()
			page, total, err := db.FindArchiveEntries(ctx, f)
			took[i] = append(took[i], time.Since(start))
			if err != nil {
				b.Fatalf("%s: %v", s.name, err)
			}
			if total == 0 || len(page) == 0 {
				b.Fatalf("%s found nothing", s.name)
			}
		}
	}
	var worst95, worst50 time.Duration
	for i, s := range searches {
		p50, p95 := percentile(took[i], 50), percentile(took[i], 95)
		b.Logf("%-16s p50 %6.2f ms  p95 %6.2f ms", s.name, ms(p50), ms(p95))
		worst95, worst50 = max(worst95, p95), max(worst50, p50)
	}
	b.ReportMetric(ms(worst95), "p95-ms")
	b.ReportMetric(ms(worst50), "p50-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

// benchArchive fills a SQLite file with benchEntries entries, 2,000 to a transaction, with a
// clock that moves a minute per transaction.
func benchArchive(b *testing.B) *sqlstore.DB {
	b.Helper()
	ctx := context.Background()
	clock := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	// O2C_BENCH_ARCHIVE_DB keeps the database in a file of that name, filled once and searched
	// again by later runs.
	path, kept := os.Getenv("O2C_BENCH_ARCHIVE_DB"), false
	if path == "" {
		path = filepath.Join(b.TempDir(), "o2c.db")
	} else if _, err := os.Stat(path); err == nil {
		kept = true
	}
	db, err := sqlite.Open(ctx, path, sqlstore.Options{Now: func() time.Time {
		clock = clock.Add(time.Minute)
		return clock
	}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	if kept {
		return db
	}
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := strings.Fields("palette karton kaffee bohnen schraube schrauben mutter dübel zement sand kies holz " +
		"brett latte nagel hammer bohrer farbe lack pinsel rolle folie klebeband kabel stecker lampe birne " +
		"schalter dose rohr muffe bogen ventil pumpe filter dichtung flansch lager welle riemen kette rad")
	for i := range 50 * len(vocab) { // rarer made-up words, so that common ones stand out
		vocab = append(vocab, fmt.Sprintf("artikel%d", i))
	}
	types := []o2c.ArchiveDocType{o2c.ArchiveOrder, o2c.ArchiveOrder, o2c.ArchiveOrderResponse, o2c.ArchiveOther,
		o2c.ArchiveDeliveryNote, o2c.ArchiveConfirmation}
	const batch = 2000
	began := time.Now()
	for start := 0; start < benchEntries(); start += batch {
		err := db.InTx(ctx, func(tx o2c.Tx) error {
			for n := start; n < start+batch; n++ {
				var body strings.Builder
				fmt.Fprintf(&body, "Bestellung PO-2026-%06d\n", n)
				for range 40 {
					w := vocab[rng.IntN(len(vocab))]
					if rng.IntN(4) == 0 {
						w = vocab[rng.IntN(12)] // the first words are common
					}
					body.WriteString(w + " ")
				}
				sum := sha256.Sum256([]byte(body.String()))
				date := cal.MakeDate(2024+n%3, time.Month(1+n%12), 1+n%28)
				e := &o2c.ArchiveEntry{SHA256: hex.EncodeToString(sum[:]), Size: int64(body.Len()),
					ContentType: "application/EDIFACT", FileName: fmt.Sprintf("ORDERS_%06d.edi", n),
					DocType: types[n%len(types)], Body: body.String(), CreatedBy: "job:process",
					RetentionUntil: cal.MakeDate(date.Year+6, time.December, 31),
					Tags: map[string]string{
						o2c.TagCustomer: fmt.Sprintf("C%04d", n%500), "customer_name": fmt.Sprintf("Kunde %d GmbH", n%500),
						o2c.TagPONumber: fmt.Sprintf("PO-2026-%06d", n), o2c.TagDate: date.String(),
						"delivery_date": date.AddDays(14).String(), o2c.TagAmount: fmt.Sprintf("%d.%02d", rng.IntN(20000), rng.IntN(100)),
						o2c.TagCurrency: []string{"EUR", "EUR", "EUR", "CHF"}[n%4], "order_id": fmt.Sprint(n + 1),
						"channel": "folder",
					}}
				if err := tx.CreateArchiveEntry(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("archived %d entries in %s", benchEntries(), time.Since(began).Round(time.Second))
	return db
}

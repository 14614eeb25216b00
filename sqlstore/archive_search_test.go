package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// TestArchiveSearchPlans checks the archive search on SQLite where it plans by the sizes of the
// conditions (archive_search.go): enough entries that a tag most of them hold (currency EUR) is
// over the estimates' cap and checked entry by entry, others (customer) under it, with words and
// date ranges beside them; pages deep enough that the total is counted. Every page and total
// must be what a plain filter over the entries gives.
func TestArchiveSearchPlans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "o2c.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })

	// 4,400 entries: the cap is a quarter of them, 1,100. EUR: 9 in 10, over it; customer C3:
	// 1 in 10, under it; the word "kaffee": 1 in 3, over it; "tee": 1 in 50.
	type entry struct {
		id       int64
		customer string
		eur      bool
		day      cal.Date
		kaffee   bool
		tee      bool
	}
	const n = 4400
	var all []entry
	err = db.InTx(ctx, func(tx o2c.Tx) error {
		for i := range n {
			e := entry{customer: fmt.Sprintf("C%d", i%10), eur: i%10 != 0, day: cal.MakeDate(2026, time.Month(1+i%12), 1+i%28),
				kaffee: i%3 == 0, tee: i%50 == 7}
			body := fmt.Sprintf("order %d", i)
			if e.kaffee {
				body += " kaffee"
			}
			if e.tee {
				body += " tee"
			}
			cur := "CHF"
			if e.eur {
				cur = "EUR"
			}
			sum := sha256.Sum256([]byte(body))
			a := &o2c.ArchiveEntry{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(body)), ContentType: "text/plain",
				FileName: "o.txt", DocType: o2c.ArchiveOrder, Body: body, CreatedBy: "test", RetentionUntil: cal.MakeDate(2036, 12, 31),
				Tags: map[string]string{o2c.TagCustomer: e.customer, o2c.TagCurrency: cur, o2c.TagDate: e.day.String()}}
			if i%4 == 0 {
				a.DocType = o2c.ArchiveOrderResponse
			}
			if err := tx.CreateArchiveEntry(ctx, a); err != nil {
				return err
			}
			e.id = a.ID
			all = append(all, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	spring := []o2c.ArchiveDateRange{{Key: o2c.TagDate, From: cal.MakeDate(2026, 3, 1), To: cal.MakeDate(2026, 5, 31)}}
	inSpring := func(e entry) bool { return e.day.Month >= 3 && e.day.Month <= 5 }
	tests := []struct {
		name string
		f    o2c.ArchiveFilter
		keep func(i int, e entry) bool
	}{
		{"BigTag", o2c.ArchiveFilter{Tags: map[string]string{o2c.TagCurrency: "EUR"}}, func(_ int, e entry) bool { return e.eur }},
		{"SmallTag", o2c.ArchiveFilter{Tags: map[string]string{o2c.TagCustomer: "C3"}}, func(_ int, e entry) bool { return e.customer == "C3" }},
		{"BigWord", o2c.ArchiveFilter{Text: "kaffee"}, func(_ int, e entry) bool { return e.kaffee }},
		{"BigWordBigTagDates", o2c.ArchiveFilter{Text: "kaffee", Tags: map[string]string{o2c.TagCurrency: "EUR"}, Dates: spring},
			func(_ int, e entry) bool { return e.kaffee && e.eur && inSpring(e) }},
		{"BigTagSmallTag", o2c.ArchiveFilter{Tags: map[string]string{o2c.TagCurrency: "EUR", o2c.TagCustomer: "C3"}},
			func(_ int, e entry) bool { return e.eur && e.customer == "C3" }},
		{"SmallWordBigTag", o2c.ArchiveFilter{Text: "tee", Tags: map[string]string{o2c.TagCurrency: "EUR"}},
			func(_ int, e entry) bool { return e.tee && e.eur }},
		{"TypeBigTagDates", o2c.ArchiveFilter{Types: []o2c.ArchiveDocType{o2c.ArchiveOrder}, Tags: map[string]string{o2c.TagCurrency: "EUR"}, Dates: spring},
			func(i int, e entry) bool { return i%4 != 0 && e.eur && inSpring(e) }},
		{"TypesBigWord", o2c.ArchiveFilter{Types: []o2c.ArchiveDocType{o2c.ArchiveOrder, o2c.ArchiveInvoice}, Text: "kaffee"},
			func(i int, e entry) bool { return i%4 != 0 && e.kaffee }},
		{"DatesOnly", o2c.ArchiveFilter{Dates: spring}, func(_ int, e entry) bool { return inSpring(e) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var want []int64 // newest first: the entries were made in one transaction, so by id
			for i := len(all) - 1; i >= 0; i-- {
				if tt.keep(i, all[i]) {
					want = append(want, all[i].id)
				}
			}
			if len(want) < 60 {
				t.Fatalf("the case keeps %d entries, too few to count past a page", len(want))
			}
			for _, offset := range []int{0, 50, len(want) - 10} {
				f := tt.f
				f.Offset, f.Limit = offset, 20
				got, total, err := db.FindArchiveEntries(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				ids := make([]int64, len(got))
				for i, e := range got {
					ids[i] = e.ID
				}
				if wantPage := want[offset:min(offset+20, len(want))]; total != len(want) || !slices.Equal(ids, wantPage) {
					t.Fatalf("at %d: %v of %d, want %v of %d", offset, ids, total, wantPage, len(want))
				}
			}
		})
	}
}

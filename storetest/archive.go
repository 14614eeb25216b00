package storetest

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// archiveEntry returns an entry whose blob is the bytes of content (not stored: the store keeps
// only the records).
func archiveEntry(content string, typ o2c.ArchiveDocType, tags map[string]string, body string) *o2c.ArchiveEntry {
	sum := sha256.Sum256([]byte(content))
	return &o2c.ArchiveEntry{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)),
		ContentType: "application/pdf", FileName: content + ".pdf", DocType: typ, Tags: tags, Body: body,
		CreatedBy: "job:archive", RetentionUntil: cal.MustParse("2036-12-31")}
}

// createArchiveEntries stores entries in one transaction.
func createArchiveEntries(t *testing.T, s o2c.Store, entries ...*o2c.ArchiveEntry) {
	t.Helper()
	inTx(t, s, func(tx o2c.Tx) {
		for _, e := range entries {
			must(t, tx.CreateArchiveEntry(ctx(t), e))
		}
	})
}

// wantArchiveChain reads the whole log and checks that it is a chain of n records whose last one
// is the head, and returns the records.
func wantArchiveChain(t *testing.T, s o2c.Store, n int) []o2c.ArchiveRecord {
	t.Helper()
	var all []o2c.ArchiveRecord
	for {
		page, err := s.FindArchiveLog(ctx(t), int64(len(all)), 2) // small pages: paging is part of the test
		must(t, err)
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
	}
	if len(all) != n {
		t.Fatalf("the archive log has %d records, want %d", len(all), n)
	}
	prev := o2c.ArchiveGenesisHash
	for i, r := range all {
		if r.Seq != int64(i+1) || r.PrevHash != prev || r.RecordHash != o2c.ArchiveChainHash(prev, r.Record) {
			t.Fatalf("record %d of the archive log breaks the chain: %+v", i+1, r)
		}
		d, err := o2c.ParseArchiveRecordData(r.Record)
		must(t, err)
		if d.Seq != r.Seq || d.Action != r.Action || d.SHA256 != r.SHA256 {
			t.Fatalf("record %d says %+v, its columns %+v", r.Seq, d, r)
		}
		prev = r.RecordHash
	}
	head, err := s.FindArchiveHead(ctx(t))
	must(t, err)
	if want := (o2c.ArchiveHead{Seq: int64(n), Hash: prev}); head != want {
		t.Fatalf("archive head %+v, want %+v", head, want)
	}
	return all
}

func testArchiveCreateAndFind(t *testing.T, s o2c.Store) {
	head, err := s.FindArchiveHead(ctx(t))
	must(t, err)
	if head != (o2c.ArchiveHead{Seq: 0, Hash: o2c.ArchiveGenesisHash}) {
		t.Fatalf("an empty archive's head is %+v", head)
	}
	wantArchiveChain(t, s, 0)

	invoice := archiveEntry("RE-2026-0001", o2c.ArchiveInvoice, map[string]string{
		o2c.TagCustomer: "C10014", o2c.TagNumber: "RE-2026-0001", o2c.TagDate: "2026-03-31",
		o2c.TagAmount: "1190.00", o2c.TagCurrency: "EUR", "note": `<b>"Größe" & 'so'</b>`,
	}, "Rechnung RE-2026-0001\nKaffee Bohnen 12 × 9,90\n")
	order := archiveEntry("PO-4711", o2c.ArchiveOrder, nil, "")
	var txNow time.Time
	inTx(t, s, func(tx o2c.Tx) {
		txNow = tx.Now()
		must(t, tx.CreateArchiveEntry(ctx(t), invoice))
		// The same blob again is a conflict, and the transaction goes on (PostgreSQL would abort
		// it on a unique violation).
		again := *invoice
		wantCode(t, tx.CreateArchiveEntry(ctx(t), &again), o2c.CodeConflict)
		must(t, tx.CreateArchiveEntry(ctx(t), order))
		got, err := tx.FindArchiveEntryBySHA256(ctx(t), invoice.SHA256) // the transaction reads its own write
		must(t, err)
		wantJSON(t, "entry in the transaction", got, invoice)
	})
	if invoice.ID == 0 || order.ID == invoice.ID || invoice.Seq != 1 || order.Seq != 2 {
		t.Fatalf("ids %d, %d and seqs %d, %d", invoice.ID, order.ID, invoice.Seq, order.Seq)
	}
	if !invoice.CreatedAt.Equal(stored(txNow)) || invoice.CreatedAt.Location() != time.UTC {
		t.Fatalf("CreatedAt = %v, want the transaction's Now %v in UTC", invoice.CreatedAt, txNow)
	}

	got, err := s.FindArchiveEntryBySHA256(ctx(t), invoice.SHA256)
	must(t, err)
	wantJSON(t, "stored invoice", got, invoice)
	got, err = s.FindArchiveEntryBySHA256(ctx(t), order.SHA256)
	must(t, err)
	if got.Tags == nil || len(got.Tags) != 0 || got.Body != "" {
		t.Fatalf("an entry without tags and body came back with %#v and %q", got.Tags, got.Body)
	}
	_, err = s.FindArchiveEntryBySHA256(ctx(t), archiveEntry("nothing", o2c.ArchiveOther, nil, "").SHA256)
	wantCode(t, err, o2c.CodeNotFound)

	// The log holds a put record of each, which says the whole entry; the conflict left none.
	log := wantArchiveChain(t, s, 2)
	for i, e := range []*o2c.ArchiveEntry{invoice, order} {
		want := o2c.MakeArchiveRecordData(e.Seq, o2c.ArchivePut, e.CreatedAt, "job:archive", e).Canonical()
		if log[i].Action != o2c.ArchivePut || log[i].SHA256 != e.SHA256 || log[i].Record != want {
			t.Fatalf("log record %d is %+v, want a put of %s:\n%s", i+1, log[i], e.SHA256, want)
		}
	}

	// Invalid entries are refused with faults, and leave nothing.
	bad := archiveEntry("bad", "receipt", map[string]string{"PO Number": "1", "ok": "a\x00b"}, "")
	bad.SHA256 = "ABC"
	bad.RetentionUntil = cal.Date{}
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateArchiveEntry(ctx(t), bad) })
	wantCode(t, err, o2c.CodeInvalid)
	if n := len(o2c.ErrorFaults(err)); n != 5 {
		t.Fatalf("%d faults, want 5 (sha256, doc type, retention, key, value): %v", n, o2c.ErrorFaults(err))
	}

	// A rolled-back entry leaves no entry, no record and the head as it was.
	rolled := archiveEntry("rolled back", o2c.ArchiveOther, map[string]string{"k": "v"}, "rolled")
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		must(t, tx.CreateArchiveEntry(ctx(t), rolled))
		return errTest
	})
	if !errors.Is(err, errTest) {
		t.Fatalf("InTx returned %v, want fn's error", err)
	}
	_, err = s.FindArchiveEntryBySHA256(ctx(t), rolled.SHA256)
	wantCode(t, err, o2c.CodeNotFound)
	wantArchiveChain(t, s, 2)
	list, total, err := s.FindArchiveEntries(ctx(t), o2c.ArchiveFilter{Text: "rolled"})
	must(t, err)
	if total != 0 || len(list) != 0 {
		t.Fatalf("a rolled-back entry is found: %d", total)
	}
}

// mustParseInstant reads an instant of an archive record.
func mustParseInstant(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(o2c.ArchiveInstantLayout, s)
	must(t, err)
	return at
}

func testArchiveSearch(t *testing.T, s o2c.Store) {
	inv1 := archiveEntry("inv1", o2c.ArchiveInvoice, map[string]string{o2c.TagCustomer: "C1", o2c.TagPONumber: "PO-4711",
		o2c.TagDate: "2026-01-15", o2c.TagAmount: "999.99", o2c.TagCurrency: "EUR"},
		"Invoice 1 for Kantine Nord. Kaffee Bohnen, Vollmilch. Payment within 30 days.")
	inv2 := archiveEntry("inv2", o2c.ArchiveInvoice, map[string]string{o2c.TagCustomer: "C2", o2c.TagPONumber: "PO-4712",
		o2c.TagDate: "2026-02-01", o2c.TagAmount: "1000", o2c.TagCurrency: "EUR"},
		"Invoice 2 for Hotel Süd: Vollmilch, Tee. Größe L")
	credit := archiveEntry("cn1", o2c.ArchiveCreditNote, map[string]string{o2c.TagCustomer: "C1",
		o2c.TagDate: "2026-02-10", o2c.TagAmount: "-12.50", o2c.TagCurrency: "EUR"},
		"Credit note for broken Bohnen")
	order := archiveEntry("order1", o2c.ArchiveOrder, map[string]string{o2c.TagCustomer: "C1", o2c.TagPONumber: "PO-4711",
		o2c.TagDate: "2026-01-02", o2c.TagAmount: "12.5"},
		"Bestellung PO-4711 buyer@kantine-nord.example Kaffee Bohnen 12")
	statement := archiveEntry("stmt", o2c.ArchiveStatement, map[string]string{o2c.TagDate: "not a date", o2c.TagAmount: "1e3"},
		"Kontoauszug")
	createArchiveEntries(t, s, inv1, inv2)
	createArchiveEntries(t, s, credit, order, statement)

	// Newest first; the page holds the tags and no body.
	all, total, err := s.FindArchiveEntries(ctx(t), o2c.ArchiveFilter{})
	must(t, err)
	if want := []int64{statement.ID, order.ID, credit.ID, inv2.ID, inv1.ID}; total != 5 || !slices.Equal(archiveIDs(all), want) {
		t.Fatalf("all entries: %v of %d, want %v", archiveIDs(all), total, want)
	}
	listed := *inv1
	listed.Body = ""
	wantJSON(t, "listed invoice", all[4], &listed)

	for _, tt := range []struct {
		name string
		f    o2c.ArchiveFilter
		want []*o2c.ArchiveEntry
	}{
		{"Word", o2c.ArchiveFilter{Text: "vollmilch"}, []*o2c.ArchiveEntry{inv2, inv1}},
		{"WordsAll", o2c.ArchiveFilter{Text: "Kaffee Vollmilch"}, []*o2c.ArchiveEntry{inv1}},
		{"CaseIgnored", o2c.ArchiveFilter{Text: "KANTINE"}, []*o2c.ArchiveEntry{order, inv1}},
		{"NonASCII", o2c.ArchiveFilter{Text: "süd größe"}, []*o2c.ArchiveEntry{inv2}},
		{"Prefix", o2c.ArchiveFilter{Text: "bohn*"}, []*o2c.ArchiveEntry{order, credit, inv1}},
		{"Phrase", o2c.ArchiveFilter{Text: `"kaffee bohnen"`}, []*o2c.ArchiveEntry{order, inv1}},
		{"PhraseOrder", o2c.ArchiveFilter{Text: `"bohnen kaffee"`}, nil},
		{"PhrasePrefix", o2c.ArchiveFilter{Text: `"kaffee boh"*`}, []*o2c.ArchiveEntry{order, inv1}},
		{"Hyphenated", o2c.ArchiveFilter{Text: "PO-4711"}, []*o2c.ArchiveEntry{order, inv1}}, // order: body; inv1: tag value
		{"EmailAddress", o2c.ArchiveFilter{Text: "kantine-nord.example"}, []*o2c.ArchiveEntry{order}},
		{"FileName", o2c.ArchiveFilter{Text: "cn1 pdf"}, []*o2c.ArchiveEntry{credit}},
		{"NoMatch", o2c.ArchiveFilter{Text: "espresso"}, nil},
		{"NoWordsIsNoCondition", o2c.ArchiveFilter{Text: " -- * "}, []*o2c.ArchiveEntry{statement, order, credit, inv2, inv1}},
		{"Type", o2c.ArchiveFilter{Types: []o2c.ArchiveDocType{o2c.ArchiveInvoice, o2c.ArchiveCreditNote}}, []*o2c.ArchiveEntry{credit, inv2, inv1}},
		{"Tag", o2c.ArchiveFilter{Tags: map[string]string{o2c.TagPONumber: "PO-4711"}}, []*o2c.ArchiveEntry{order, inv1}},
		{"Tags", o2c.ArchiveFilter{Tags: map[string]string{o2c.TagCustomer: "C1", o2c.TagPONumber: "PO-4711"}}, []*o2c.ArchiveEntry{order, inv1}},
		{"TagExact", o2c.ArchiveFilter{Tags: map[string]string{o2c.TagPONumber: "po-4711"}}, nil},
		{"TagMissing", o2c.ArchiveFilter{Tags: map[string]string{"nothing": "C1"}}, nil},
		{"DateRange", o2c.ArchiveFilter{Dates: []o2c.ArchiveDateRange{{Key: o2c.TagDate, From: cal.MustParse("2026-01-15"), To: cal.MustParse("2026-02-01")}}}, []*o2c.ArchiveEntry{inv2, inv1}},
		{"DateFrom", o2c.ArchiveFilter{Dates: []o2c.ArchiveDateRange{{Key: o2c.TagDate, From: cal.MustParse("2026-02-01")}}}, []*o2c.ArchiveEntry{credit, inv2}},
		{"DateAny", o2c.ArchiveFilter{Dates: []o2c.ArchiveDateRange{{Key: o2c.TagDate}}}, []*o2c.ArchiveEntry{order, credit, inv2, inv1}},
		{"AmountRange", o2c.ArchiveFilter{Amounts: []o2c.ArchiveAmountRange{{Key: o2c.TagAmount, Min: decp("12.50"), Max: decp("999.990")}}}, []*o2c.ArchiveEntry{order, inv1}},
		{"AmountMin", o2c.ArchiveFilter{Amounts: []o2c.ArchiveAmountRange{{Key: o2c.TagAmount, Min: decp("999.999")}}}, []*o2c.ArchiveEntry{inv2}},
		{"AmountNegative", o2c.ArchiveFilter{Amounts: []o2c.ArchiveAmountRange{{Key: o2c.TagAmount, Max: decp("-12")}}}, []*o2c.ArchiveEntry{credit}},
		{"AmountAroundZero", o2c.ArchiveFilter{Amounts: []o2c.ArchiveAmountRange{{Key: o2c.TagAmount, Min: decp("-100"), Max: decp("13")}}}, []*o2c.ArchiveEntry{order, credit}},
		{"Everything", o2c.ArchiveFilter{Text: "bohnen", Types: []o2c.ArchiveDocType{o2c.ArchiveInvoice, o2c.ArchiveOrder},
			Tags: map[string]string{o2c.TagCustomer: "C1"}, Dates: []o2c.ArchiveDateRange{{Key: o2c.TagDate, To: cal.MustParse("2026-01-31")}},
			Amounts: []o2c.ArchiveAmountRange{{Key: o2c.TagAmount, Min: decp("100")}}}, []*o2c.ArchiveEntry{inv1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindArchiveEntries(ctx(t), tt.f)
			must(t, err)
			want := archiveIDs(tt.want)
			if total != len(want) || !slices.Equal(archiveIDs(got), want) {
				t.Fatalf("found %v of %d, want %v", archiveIDs(got), total, want)
			}
		})
	}

	// Pages: the total counts every match, whatever the page.
	for _, tt := range []struct {
		offset, limit int
		want          []int64
	}{
		{0, 2, []int64{statement.ID, order.ID}},
		{2, 2, []int64{credit.ID, inv2.ID}},
		{4, 2, []int64{inv1.ID}},
		{6, 2, nil},
	} {
		got, total, err := s.FindArchiveEntries(ctx(t), o2c.ArchiveFilter{Offset: tt.offset, Limit: tt.limit})
		must(t, err)
		if total != 5 || !slices.Equal(archiveIDs(got), tt.want) {
			t.Fatalf("page at %d: %v of %d, want %v of 5", tt.offset, archiveIDs(got), total, tt.want)
		}
	}

	// A filter that cannot be run is CodeInvalid.
	for _, f := range []o2c.ArchiveFilter{
		{Types: []o2c.ArchiveDocType{"receipt"}},
		{Tags: map[string]string{"PO": "1"}},
		{Dates: []o2c.ArchiveDateRange{{Key: "date; DROP TABLE archive_log"}}},
		{Amounts: []o2c.ArchiveAmountRange{{Key: o2c.TagAmount, Min: decp("1e40")}}},
	} {
		_, _, err := s.FindArchiveEntries(ctx(t), f)
		wantCode(t, err, o2c.CodeInvalid)
	}
}

func archiveIDs(entries []*o2c.ArchiveEntry) []int64 {
	out := []int64{}
	for _, e := range entries {
		out = append(out, e.ID)
	}
	return out
}

func testArchiveDeleteExpired(t *testing.T, s o2c.Store) {
	old := archiveEntry("old", o2c.ArchiveOrder, map[string]string{o2c.TagPONumber: "P-OLD"}, "ancient words")
	old.RetentionUntil = cal.MustParse("2001-12-31")
	older := archiveEntry("older", o2c.ArchiveOther, nil, "ancient too")
	older.RetentionUntil = cal.MustParse("2000-12-31")
	kept := archiveEntry("kept", o2c.ArchiveInvoice, nil, "current")
	var dayBefore, yesterday *o2c.ArchiveEntry
	inTx(t, s, func(tx o2c.Tx) {
		today := cal.DateOf(tx.Now())
		dayBefore = archiveEntry("day before yesterday", o2c.ArchiveOther, nil, "")
		dayBefore.RetentionUntil = today.AddDays(-2)
		yesterday = archiveEntry("yesterday", o2c.ArchiveOther, nil, "")
		yesterday.RetentionUntil = today.AddDays(-1) // kept: some zone may still be on that day
		for _, e := range []*o2c.ArchiveEntry{old, kept, older, dayBefore, yesterday} {
			must(t, tx.CreateArchiveEntry(ctx(t), e))
		}
	})

	// A limit of 2 takes the two whose retention ended first.
	var deleted []*o2c.ArchiveEntry
	inTx(t, s, func(tx o2c.Tx) {
		var err error
		deleted, err = tx.DeleteExpiredArchiveEntries(ctx(t), "user:anna", 2)
		must(t, err)
	})
	wantJSON(t, "deleted entries", deleted, []*o2c.ArchiveEntry{older, old})
	inTx(t, s, func(tx o2c.Tx) {
		more, err := tx.DeleteExpiredArchiveEntries(ctx(t), "user:anna", 0)
		must(t, err)
		wantJSON(t, "deleted next", more, []*o2c.ArchiveEntry{dayBefore})
		more, err = tx.DeleteExpiredArchiveEntries(ctx(t), "user:anna", 0)
		must(t, err)
		if len(more) != 0 {
			t.Fatalf("deleted %d more", len(more))
		}
	})

	for _, e := range []*o2c.ArchiveEntry{older, old, dayBefore} {
		_, err := s.FindArchiveEntryBySHA256(ctx(t), e.SHA256)
		wantCode(t, err, o2c.CodeNotFound)
	}
	for _, e := range []*o2c.ArchiveEntry{kept, yesterday} {
		_, err := s.FindArchiveEntryBySHA256(ctx(t), e.SHA256)
		must(t, err)
	}
	for _, f := range []o2c.ArchiveFilter{{Text: "ancient"}, {Tags: map[string]string{o2c.TagPONumber: "P-OLD"}}} {
		got, total, err := s.FindArchiveEntries(ctx(t), f)
		must(t, err)
		if total != 0 {
			t.Fatalf("%+v finds deleted entries %v", f, archiveIDs(got))
		}
	}

	// Each deletion is a record of its own, saying what was deleted and by whom.
	log := wantArchiveChain(t, s, 8)
	for i, e := range []*o2c.ArchiveEntry{older, old, dayBefore} {
		r := log[5+i]
		d, err := o2c.ParseArchiveRecordData(r.Record)
		must(t, err)
		want := o2c.MakeArchiveRecordData(r.Seq, o2c.ArchiveDelete, stored(mustParseInstant(t, d.At)), "user:anna", e)
		if r.Action != o2c.ArchiveDelete || r.SHA256 != e.SHA256 || r.Record != want.Canonical() {
			t.Fatalf("log record %d is %+v, want the delete of %s:\n%s", r.Seq, r, e.SHA256, want.Canonical())
		}
	}

	// The same bytes may be archived again once their entry is gone: a new entry, a new record.
	again := archiveEntry("old", o2c.ArchiveOrder, nil, "")
	createArchiveEntries(t, s, again)
	if again.Seq != 9 || again.ID == old.ID {
		t.Fatalf("re-archived as entry %d, record %d", again.ID, again.Seq)
	}
	wantArchiveChain(t, s, 9)
}

// rawDB is a store whose pool a test can reach around the store (*sqlstore.DB).
type rawDB interface {
	WriteDB() *sql.DB
	Engine() string
}

func testArchiveAppendOnly(t *testing.T, s o2c.Store) {
	raw, ok := s.(rawDB)
	if !ok {
		t.Fatalf("%T has no WriteDB()", s)
	}
	e := archiveEntry("kept", o2c.ArchiveInvoice, map[string]string{o2c.TagCustomer: "C1"}, "")
	createArchiveEntries(t, s, e)
	for _, stmt := range []string{
		`UPDATE archive_log SET record = 'x'`,
		`DELETE FROM archive_log`,
		`UPDATE archive_entries SET file_name = 'x'`,
		`UPDATE archive_tags SET value = 'x'`,
	} {
		if _, err := raw.WriteDB().ExecContext(ctx(t), stmt); err == nil {
			t.Errorf("%s on %s: no error, want the trigger's refusal", stmt, raw.Engine())
		}
	}
	if raw.Engine() == "postgres" {
		if _, err := raw.WriteDB().ExecContext(ctx(t), `TRUNCATE archive_log`); err == nil {
			t.Error("TRUNCATE archive_log: no error, want the trigger's refusal")
		}
	}
	wantArchiveChain(t, s, 1)
}

func testArchiveConcurrentAppends(t *testing.T, s o2c.Store) {
	const writers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				e := archiveEntry(fmt.Sprintf("w%d-%d", w, i), o2c.ArchiveOther, map[string]string{"writer": fmt.Sprint(w)}, "")
				errs <- s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateArchiveEntry(ctx(t), e) })
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	wantArchiveChain(t, s, writers*each)
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/archive"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
	"github.com/o2c-project/o2c/sqlstore"
)

const archiveUsage = `usage:
  o2c archive verify [--data DIR] [--db DSN] [--anchor SEQ:HASH]...
      check the archive log's hash chain, every entry against its record and every blob's SHA-256
  o2c archive search [FILTERS] [--limit N] [--offset N] [--json] [QUERY...]
      list the entries matching, newest first
  o2c archive export -o FILE.zip [FILTERS] [QUERY...]
      write every entry matching, and a manifest.json, to a zip ("-o -" for stdout)

QUERY: words that must all occur in the text, file name or tags; "quoted words" in that order; word* a prefix.
FILTERS: --type invoice,credit_note  --tag key=value  --date key=FROM..TO  --amount key=MIN..MAX
         (repeatable; a range end may be left out: --date date=2026-01-01..)
The blobs are in DIR/archive; --data and --db as for serve.
`

// archive runs `o2c archive verify|search|export`.
func (m *Main) archive(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, archiveUsage)
		return errUsage
	}
	switch args[0] {
	case "verify":
		return m.archiveVerify(ctx, args[1:])
	case "search":
		return m.archiveSearch(ctx, args[1:])
	case "export":
		return m.archiveExport(ctx, args[1:])
	}
	fmt.Fprintf(m.Stderr, "o2c archive: unknown command %q\n\n%s", args[0], archiveUsage)
	return errUsage
}

// openArchive opens the store and the archive whose blobs are in DATA/archive.
func openArchive(ctx context.Context, store *storeConfig) (*archive.Archive, io.Closer, error) {
	// The archive commands start no job.
	db, err := store.open(ctx, sqlstore.Options{Enqueue: sqlstore.DiscardJobs})
	if err != nil {
		return nil, nil, err
	}
	return archive.New(filepath.Join(store.dataDir, "archive"), db), db, nil
}

func (m *Main) archiveVerify(ctx context.Context, args []string) error {
	fs := m.flags("archive verify")
	store := m.storeFlags(fs)
	var anchors []archive.Anchor
	fs.Func("anchor", "SEQ:HASH: a record's hash noted earlier (the head verify printed), which it must still have (repeatable)", func(s string) error {
		a, err := archive.ParseAnchor(s)
		anchors = append(anchors, a)
		return err
	})
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		fmt.Fprint(m.Stderr, archiveUsage)
		return errUsage
	}
	a, db, err := openArchive(ctx, store)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := a.Verify(ctx, anchors...)
	if err != nil {
		return fmt.Errorf("verify the archive: %w", err)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(m.Stdout, p)
	}
	fmt.Fprintf(m.Stdout, "checked %d log records and %d entries with their blobs; head %s\n",
		rep.Records, rep.Entries, archive.Anchor{Seq: rep.Head.Seq, Hash: rep.Head.Hash})
	if n := len(rep.Problems); n > 0 {
		return fmt.Errorf("the archive is not intact: %d problem(s), listed above", n)
	}
	fmt.Fprintln(m.Stdout, "the archive is intact")
	return nil
}

func (m *Main) archiveSearch(ctx context.Context, args []string) error {
	fs := m.flags("archive search")
	store := m.storeFlags(fs)
	f := archiveFilterFlags(fs)
	fs.IntVar(&f.Limit, "limit", 50, "entries per page")
	fs.IntVar(&f.Offset, "offset", 0, "entries to skip")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	f.Text = strings.Join(pos, " ")
	a, db, err := openArchive(ctx, store)
	if err != nil {
		return err
	}
	defer db.Close()
	entries, total, err := a.Store.FindArchiveEntries(ctx, *f)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Total   int                 `json:"total"`
			Entries []*o2c.ArchiveEntry `json:"entries"`
		}{total, append([]*o2c.ArchiveEntry{}, entries...)})
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tARCHIVED\tTYPE\tFILE\tSHA256\tKEEP UNTIL\tTAGS")
	for _, e := range entries {
		var tags []string
		for _, k := range slices.Sorted(maps.Keys(e.Tags)) {
			tags = append(tags, k+"="+e.Tags[k])
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.CreatedAt.Format("2006-01-02 15:04"), e.DocType,
			e.FileName, e.SHA256[:12], e.RetentionUntil, strings.Join(tags, " "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(entries) == 0 {
		fmt.Fprintf(m.Stdout, "none here of %d\n", total)
		return nil
	}
	fmt.Fprintf(m.Stdout, "%d-%d of %d\n", f.Offset+1, f.Offset+len(entries), total)
	return nil
}

func (m *Main) archiveExport(ctx context.Context, args []string) error {
	fs := m.flags("archive export")
	store := m.storeFlags(fs)
	f := archiveFilterFlags(fs)
	out := fs.String("o", "", "the zip file to write, - for stdout")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprint(m.Stderr, "o2c archive export: -o FILE.zip is required\n\n"+archiveUsage)
		return errUsage
	}
	f.Text = strings.Join(pos, " ")
	a, db, err := openArchive(ctx, store)
	if err != nil {
		return err
	}
	defer db.Close()
	if *out == "-" {
		_, err := a.Export(ctx, m.Stdout, *f)
		return err
	}
	// Written aside and renamed: a failed export leaves no half a zip under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".export-*.zip")
	if err != nil {
		return fmt.Errorf("create %s: %w", *out, err)
	}
	defer os.Remove(tmp.Name())
	n, err := a.Export(ctx, tmp, *f)
	if err != nil {
		return errors.Join(err, tmp.Close())
	}
	if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(m.Stderr, "exported %d entries to %s\n", n, *out)
	return nil
}

// archiveFilterFlags defines the filter flags of search and export.
func archiveFilterFlags(fs *flag.FlagSet) *o2c.ArchiveFilter {
	f := &o2c.ArchiveFilter{}
	fs.Func("type", "document types, comma-separated: "+fmt.Sprint(o2c.ArchiveDocTypes), func(s string) error {
		for _, t := range strings.Split(s, ",") {
			t := o2c.ArchiveDocType(strings.TrimSpace(t))
			if !t.Valid() {
				return fmt.Errorf("%q is not a document type", t)
			}
			f.Types = append(f.Types, t)
		}
		return nil
	})
	fs.Func("tag", "key=value: the tag holds exactly value (repeatable)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || !o2c.ValidArchiveTagKey(k) {
			return errors.New("write key=value, key in lowercase letters, digits and _")
		}
		if f.Tags == nil {
			f.Tags = map[string]string{}
		}
		f.Tags[k] = v
		return nil
	})
	fs.Func("date", "key=FROM..TO: the tag holds a date in the range, ends YYYY-MM-DD or left out (repeatable)", func(s string) error {
		k, lo, hi, err := cutRange(s)
		if err != nil {
			return err
		}
		r := o2c.ArchiveDateRange{Key: k}
		for _, end := range []struct {
			s string
			d *cal.Date
		}{{lo, &r.From}, {hi, &r.To}} {
			if end.s == "" {
				continue
			}
			if *end.d, err = cal.Parse(end.s); err != nil {
				return err
			}
		}
		f.Dates = append(f.Dates, r)
		return nil
	})
	fs.Func("amount", "key=MIN..MAX: the tag holds an amount in the range, ends plain decimals or left out (repeatable)", func(s string) error {
		k, lo, hi, err := cutRange(s)
		if err != nil {
			return err
		}
		r := o2c.ArchiveAmountRange{Key: k}
		for _, end := range []struct {
			s string
			d **decimal.Decimal
		}{{lo, &r.Min}, {hi, &r.Max}} {
			if end.s == "" {
				continue
			}
			if !money.IsPlainDecimal(end.s) {
				return fmt.Errorf("%q is not an amount such as 1234.50", end.s)
			}
			d := decimal.RequireFromString(end.s)
			*end.d = &d
		}
		f.Amounts = append(f.Amounts, r)
		return nil
	})
	return f
}

// cutRange reads key=LO..HI; key=V is the range V..V.
func cutRange(s string) (key, lo, hi string, err error) {
	key, rng, ok := strings.Cut(s, "=")
	if !ok || !o2c.ValidArchiveTagKey(key) {
		return "", "", "", errors.New("write key=FROM..TO, key in lowercase letters, digits and _")
	}
	lo, hi, ok = strings.Cut(rng, "..")
	if !ok {
		hi = lo
	}
	return key, strings.TrimSpace(lo), strings.TrimSpace(hi), nil
}

package archive

import (
	"archive/zip"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/o2c-project/o2c"
)

// ManifestName is the name of the manifest in an export.
const ManifestName = "manifest.json"

// ManifestFormat names the layout of the manifest, for whoever reads it later.
const ManifestFormat = "o2c-archive-export/1"

// Manifest describes an export: the filter it answers and every entry in it, with the log record
// that put it, so that the recipient can recompute record_hash = sha256(prev_hash || record) and
// the SHA-256 of each file.
type Manifest struct {
	Format  string            `json:"format"`
	Filter  o2c.ArchiveFilter `json:"filter"`
	Entries []ManifestEntry   `json:"entries"`
}

// ManifestEntry is one exported document.
type ManifestEntry struct {
	// File is where its bytes are in the zip.
	File           string             `json:"file"`
	ID             int64              `json:"id"`
	SHA256         string             `json:"sha256"`
	Size           int64              `json:"size"`
	ContentType    string             `json:"content_type"`
	FileName       string             `json:"file_name"`
	DocType        o2c.ArchiveDocType `json:"doc_type"`
	Tags           map[string]string  `json:"tags"`
	CreatedAt      time.Time          `json:"created_at"`
	CreatedBy      string             `json:"created_by"`
	RetentionUntil string             `json:"retention_until"`
	// Seq, PrevHash, RecordHash and Record are the entry's put record in the archive log.
	Seq        int64  `json:"seq"`
	PrevHash   string `json:"prev_hash"`
	RecordHash string `json:"record_hash"`
	Record     string `json:"record"`
	// Tagged are the records that added tags to the entry after its put, in order: the tags
	// above are the put record's and theirs.
	Tagged []ManifestRecord `json:"tagged,omitempty"`
}

// ManifestRecord is one archive log record, as the manifest carries it.
type ManifestRecord struct {
	Seq        int64  `json:"seq"`
	PrevHash   string `json:"prev_hash"`
	RecordHash string `json:"record_hash"`
	Record     string `json:"record"`
}

// exportPage is how many entries Export reads at once.
const exportPage = 500

// Export writes every entry matching f (Offset and Limit are ignored) to w as a zip: each blob
// under a readable name, DOC_TYPE/FILE_NAME, and ManifestName. The same entries give the same
// bytes: entries in the order archived, each file dated its entry's CreatedAt. A blob that is
// missing or not the archived bytes fails the export. It returns how many entries it wrote.
func (a *Archive) Export(ctx context.Context, w io.Writer, f o2c.ArchiveFilter) (int, error) {
	entries, err := a.findAll(ctx, f)
	if err != nil {
		return 0, err
	}
	f.Offset, f.Limit = 0, 0
	m := Manifest{Format: ManifestFormat, Filter: f, Entries: make([]ManifestEntry, 0, len(entries))}
	names := map[string]bool{ManifestName: true}
	newest := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // the earliest time a zip can hold
	for _, e := range entries {
		rec, err := a.Store.FindArchiveLog(ctx, e.Seq-1, 1)
		if err != nil {
			return 0, err
		}
		if len(rec) != 1 || rec[0].Seq != e.Seq || rec[0].SHA256 != e.SHA256 {
			return 0, fmt.Errorf("export archive entry %d: its put record %d is missing", e.ID, e.Seq)
		}
		tags := e.Tags
		if tags == nil {
			tags = map[string]string{}
		}
		tagged, err := a.taggedRecords(ctx, e)
		if err != nil {
			return 0, err
		}
		m.Entries = append(m.Entries, ManifestEntry{
			File: exportName(e, names), ID: e.ID, SHA256: e.SHA256, Size: e.Size, ContentType: e.ContentType,
			FileName: e.FileName, DocType: e.DocType, Tags: tags, CreatedAt: e.CreatedAt, CreatedBy: e.CreatedBy,
			RetentionUntil: e.RetentionUntil.String(),
			Seq:            rec[0].Seq, PrevHash: rec[0].PrevHash, RecordHash: rec[0].RecordHash, Record: rec[0].Record,
			Tagged: tagged,
		})
		if e.CreatedAt.After(newest) {
			newest = e.CreatedAt
		}
	}

	zw := zip.NewWriter(w)
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return 0, fmt.Errorf("export archive: %w", err)
	}
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: ManifestName, Method: zip.Deflate, Modified: newest})
	if err != nil {
		return 0, fmt.Errorf("export archive: %w", err)
	}
	if _, err := mw.Write(append(manifest, '\n')); err != nil {
		return 0, fmt.Errorf("export archive: %w", err)
	}
	for _, me := range m.Entries {
		if err := a.exportBlob(zw, me); err != nil {
			return 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, fmt.Errorf("export archive: %w", err)
	}
	return len(m.Entries), nil
}

// taggedRecords returns the tag records of entry e after its put; none is nil.
func (a *Archive) taggedRecords(ctx context.Context, e *o2c.ArchiveEntry) ([]ManifestRecord, error) {
	recs, err := a.Store.FindArchiveRecords(ctx, e.SHA256)
	if err != nil {
		return nil, fmt.Errorf("export archive entry %d: %w", e.ID, err)
	}
	var out []ManifestRecord
	for _, r := range recs {
		if r.Seq > e.Seq && r.Action == o2c.ArchiveTagged {
			out = append(out, ManifestRecord{Seq: r.Seq, PrevHash: r.PrevHash, RecordHash: r.RecordHash, Record: r.Record})
		}
	}
	return out, nil
}

// exportBlob copies one blob into the zip, checking its bytes on the way.
func (a *Archive) exportBlob(zw *zip.Writer, me ManifestEntry) error {
	b, err := a.Blobs.Open(me.SHA256, me.Size)
	if err != nil {
		return fmt.Errorf("export archive entry %d: %w", me.ID, err)
	}
	defer b.Close()
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: me.File, Method: zip.Deflate, Modified: me.CreatedAt.UTC()})
	if err != nil {
		return fmt.Errorf("export archive entry %d: %w", me.ID, err)
	}
	if _, err := io.Copy(fw, b); err != nil {
		return fmt.Errorf("export archive entry %d: %w", me.ID, err)
	}
	return nil
}

// findAll returns every entry matching f, oldest first. Entries archived meanwhile may show up
// twice across pages (newest first): they are kept once.
func (a *Archive) findAll(ctx context.Context, f o2c.ArchiveFilter) ([]*o2c.ArchiveEntry, error) {
	seen := map[int64]bool{}
	var all []*o2c.ArchiveEntry
	for offset := 0; ; {
		f.Offset, f.Limit = offset, exportPage
		page, total, err := a.Store.FindArchiveEntries(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			if !seen[e.ID] {
				seen[e.ID] = true
				all = append(all, e)
			}
		}
		offset += len(page)
		if len(page) == 0 || offset >= total {
			break
		}
	}
	slices.SortFunc(all, func(x, y *o2c.ArchiveEntry) int { return cmp.Compare(x.ID, y.ID) })
	return all, nil
}

// exportName returns a name for e's file in the zip that is not yet in taken, and takes it:
// DOC_TYPE/FILE_NAME with what a file system refuses replaced, and the blob's digest before the
// extension when the name is taken already.
func exportName(e *o2c.ArchiveEntry, taken map[string]bool) string {
	base := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, e.FileName)
	base = strings.Trim(base, ". ")
	if len(base) > 120 {
		ext := path.Ext(base)
		if len(ext) > 16 {
			ext = ""
		}
		base = strings.ToValidUTF8(base[:120-len(ext)], "") + ext
	}
	if base == "" {
		base = e.SHA256[:16]
	}
	name := string(e.DocType) + "/" + base
	if taken[name] {
		ext := path.Ext(base)
		name = string(e.DocType) + "/" + strings.TrimSuffix(base, ext) + "-" + e.SHA256[:12] + ext
		for n := 2; taken[name]; n++ {
			name = fmt.Sprintf("%s/%s-%s-%d%s", e.DocType, strings.TrimSuffix(base, ext), e.SHA256[:12], n, ext)
		}
	}
	taken[name] = true
	return name
}

package o2c_test

import (
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

func TestArchiveChainHash(t *testing.T) {
	t.Parallel()
	// printf '%s%s' 000…000 '{"seq":1}' | sha256sum
	got := o2c.ArchiveChainHash(o2c.ArchiveGenesisHash, `{"seq":1}`)
	if want := "0a00898550374c41186879d92f30325cd0a550ce8c5da4d9aeef34a95c0b85ea"; got != want {
		t.Fatalf("ArchiveChainHash = %s, want %s", got, want)
	}
}

func TestArchiveRecordCanonical(t *testing.T) {
	t.Parallel()
	e := &o2c.ArchiveEntry{SHA256: "280d4bd3d6f4fb9a7a56df09e8fb35c3c0ec053dd274d41d8fe775b4a5b113d5", Size: 17,
		ContentType: "application/pdf", FileName: "<R&D>.pdf", DocType: o2c.ArchiveInvoice,
		Tags: map[string]string{"z": "2", "a": "1"}, Body: "", CreatedBy: "user:anna",
		CreatedAt: time.Date(2026, 3, 31, 11, 30, 0, 0, time.FixedZone("CEST", 2*3600)), RetentionUntil: cal.MustParse("2036-12-31")}
	d := o2c.MakeArchiveRecordData(7, o2c.ArchivePut, e.CreatedAt, "user:anna", e)
	want := `{"seq":7,"action":"put","at":"2026-03-31T09:30:00.000000Z","actor":"user:anna",` +
		`"sha256":"280d4bd3d6f4fb9a7a56df09e8fb35c3c0ec053dd274d41d8fe775b4a5b113d5","size":17,` +
		`"content_type":"application/pdf","file_name":"<R&D>.pdf","doc_type":"invoice","tags":{"a":"1","z":"2"},` +
		`"body_sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",` +
		`"created_at":"2026-03-31T09:30:00.000000Z","created_by":"user:anna","retention_until":"2036-12-31"}`
	if got := d.Canonical(); got != want {
		t.Fatalf("Canonical:\n%s\nwant\n%s", got, want)
	}
	back, err := o2c.ParseArchiveRecordData(want)
	if err != nil || back.Canonical() != want {
		t.Fatalf("ParseArchiveRecordData: %v", err)
	}
	// No tags are an empty object, never null.
	e.Tags = nil
	if got := o2c.MakeArchiveRecordData(7, o2c.ArchivePut, e.CreatedAt, "x", e).Canonical(); !strings.Contains(got, `"tags":{}`) {
		t.Fatalf("no tags: %s", got)
	}
	for _, bad := range []string{
		want[:len(want)-1] + `,"extra":1}`,   // an unknown field
		" " + want,                           // not compact
		`{"action":"put","seq":7}`,           // another field order
		want + want,                          // two records
		`{"seq":7,"file_name":"\u003cR&D>"}`, // escaped where the encoding does not escape
	} {
		if _, err := o2c.ParseArchiveRecordData(bad); o2c.ErrorCode(err) != o2c.CodeInvalid {
			t.Errorf("ParseArchiveRecordData(%s) = %v, want CodeInvalid", bad, err)
		}
	}
}

package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

func testDocumentCreateAndFind(t *testing.T, s o2c.Store) {
	content := []byte{0x00, 0xff, 0x25, 'P', 'D', 'F', 0x0a, 0x80} // binary, not text
	d := &o2c.Document{NaturalKey: "<msg-1@mail.example>", Channel: o2c.ChannelEmail, Filename: "Bestellung Nr. 4711.pdf",
		ContentType: "application/pdf", Sender: "einkauf@müller.example", SHA256: "9f86d081884c7d65", Size: int64(len(content)),
		Content: content}
	var now time.Time
	inTx(t, s, func(tx o2c.Tx) {
		now = tx.Now()
		must(t, tx.CreateDocument(ctx(t), d))
	})
	if d.ID == 0 {
		t.Fatal("CreateDocument set no ID")
	}
	if !d.ReceivedAt.Equal(now) || d.ReceivedAt.Location() != time.UTC {
		t.Fatalf("ReceivedAt = %v, want the transaction's Now %v", d.ReceivedAt, now)
	}

	for name, find := range map[string]func() (*o2c.Document, error){
		"ByID":         func() (*o2c.Document, error) { return s.FindDocumentByID(ctx(t), d.ID) },
		"ByNaturalKey": func() (*o2c.Document, error) { return s.FindDocumentByNaturalKey(ctx(t), d.NaturalKey) },
	} {
		got, err := find()
		must(t, err)
		wantJSON(t, name, got, d)
		if !bytes.Equal(got.Content, content) {
			t.Fatalf("%s: content = %x, want %x", name, got.Content, content)
		}
	}
}

func testDocumentKeepsReceivedAt(t *testing.T, s o2c.Store) {
	paris, err := time.LoadLocation("Europe/Paris")
	must(t, err)
	at := time.Date(2025, 12, 31, 23, 59, 59, 123456789, paris)
	d := &o2c.Document{NaturalKey: "archived-1", Channel: o2c.ChannelFolder, SHA256: "00", Content: []byte("x"), Size: 1, ReceivedAt: at}
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.CreateDocument(ctx(t), d)) })
	want := time.Date(2025, 12, 31, 22, 59, 59, 123456000, time.UTC)
	if d.ReceivedAt != want {
		t.Fatalf("ReceivedAt = %v, want %v", d.ReceivedAt, want)
	}
	got, err := s.FindDocumentByID(ctx(t), d.ID)
	must(t, err)
	if got.ReceivedAt != want {
		t.Fatalf("stored ReceivedAt = %v, want %v", got.ReceivedAt, want)
	}
}

func testDocumentConflict(t *testing.T, s o2c.Store) {
	first := createDocument(t, s, "dup")

	// A repeat is a conflict, in a later transaction and in the same one, and the transaction
	// stays usable so that the caller can treat the repeat as a no-op.
	again := &o2c.Document{NaturalKey: "dup", Channel: o2c.ChannelAPI, SHA256: "11", Content: []byte("other")}
	inTx(t, s, func(tx o2c.Tx) {
		wantCode(t, tx.CreateDocument(ctx(t), again), o2c.CodeConflict)
		got, err := tx.FindDocumentByNaturalKey(ctx(t), "dup")
		must(t, err)
		if got.ID != first.ID {
			t.Fatalf("found document %d, want %d", got.ID, first.ID)
		}
		other := &o2c.Document{NaturalKey: "other", Channel: o2c.ChannelAPI, SHA256: "22", Content: []byte("y")}
		must(t, tx.CreateDocument(ctx(t), other))
		wantCode(t, tx.CreateDocument(ctx(t), &o2c.Document{NaturalKey: "other", Channel: o2c.ChannelAPI, SHA256: "33"}), o2c.CodeConflict)
	})
	got, err := s.FindDocumentByNaturalKey(ctx(t), "dup")
	must(t, err)
	if got.Channel != o2c.ChannelEmail || string(got.Content) != "pdf" {
		t.Fatalf("the repeat changed the stored document: %+v", got)
	}
	if _, err := s.FindDocumentByNaturalKey(ctx(t), "other"); err != nil {
		t.Fatalf("the document created after the conflict was not committed: %v", err)
	}
}

func testDocumentNotFound(t *testing.T, s o2c.Store) {
	createDocument(t, s, "exists")
	_, err := s.FindDocumentByID(ctx(t), 987654)
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindDocumentByNaturalKey(ctx(t), "missing")
	wantCode(t, err, o2c.CodeNotFound)
}

package app_test

import (
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// TestEDIReDeliveryByInterchangeReference: an interchange sent again, even re-wrapped, is known by
// its sender and control reference and stores nothing new; a different interchange that reuses
// the reference is no re-delivery and is kept.
func TestEDIReDeliveryByInterchangeReference(t *testing.T) {
	t.Parallel()
	b := setup(t)
	const head = "UNA:+.? 'UNB+UNOC:3+5412345000013:14+8712345000019:14+261127:1000+REF42'"
	first := b.receiveRaw(t, "a.edi", []byte(head+"UNZ+0+REF42'"))
	again, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelFolder, Filename: "b.edi",
		Content: []byte(head + "\r\nUNZ+0+REF42'\r\n"), Actor: "folder"}) // re-wrapped on the way
	if err != nil {
		t.Fatal(err)
	}
	if !first.Created || again.Created || again.Document.ID != first.Document.ID {
		t.Fatalf("re-delivery stored document %d (created %v), want document %d again", again.Document.ID, again.Created, first.Document.ID)
	}
	if !strings.HasPrefix(first.Document.NaturalKey, "edifact:5412345000013:REF42") {
		t.Fatalf("natural key %q, want the sender and the interchange reference", first.Document.NaturalKey)
	}
	other := b.receiveRaw(t, "c.edi", []byte(head+"UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNZ+1+REF42'"))
	if !other.Created || other.Document.ID == first.Document.ID {
		t.Fatalf("another interchange reusing REF42 was taken for a re-delivery (document %d)", other.Document.ID)
	}
}

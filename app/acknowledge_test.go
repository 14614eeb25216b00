package app_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/edi/edifact"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/outbox"
)

// TestAcknowledgeEDIOnReceipt: a received EDIFACT or X12 interchange queues its acknowledgement
// in the receiving transaction; the job writes a CONTRL or a 997 that our own parser reads back,
// records it in the order's history, and writes nothing new when it runs again.
func TestAcknowledgeEDIOnReceipt(t *testing.T) {
	t.Parallel()
	corpus := "../../shared/corpus/public/"
	for _, tc := range []struct {
		file, kind string
		parse      func([]byte) error
	}{
		{"edifact/bots-plugins/ORDERS_D96A_EAN008_order03.edi", "CONTRL", func(b []byte) error {
			ic, err := edifact.Parse(b)
			if err == nil && (len(ic.Messages) != 1 || ic.Messages[0].Type != "CONTRL") {
				t.Fatalf("answer holds %+v, want one CONTRL", ic.Messages)
			}
			return err
		}},
		{"x12/bots-plugins/850-004010-01.x12", "997", func(b []byte) error {
			ic, err := x12.Parse(b)
			if err == nil && (len(ic.Groups) != 1 || ic.Groups[0].FunctionalID != "FA") {
				t.Fatalf("answer holds %+v, want one FA group", ic.Groups)
			}
			return err
		}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			dir, err := outbox.Open(filepath.Join(t.TempDir(), "answers"))
			if err != nil {
				t.Fatal(err)
			}
			b.orders.Answers = outbox.Answers{Dir: dir}
			content, err := os.ReadFile(corpus + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			r, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelFolder, Filename: filepath.Base(tc.file),
				Content: content, Actor: "folder"})
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, j := range b.jobs.all(t) {
				kinds = append(kinds, j.Kind)
			}
			if !slices.Contains(kinds, o2c.AcknowledgeJob{}.Kind()) {
				t.Fatalf("jobs %v, want an acknowledgement queued on receipt", kinds)
			}
			for range 2 { // a retried job writes the same answer, not a second one
				if err := b.orders.Acknowledge(t.Context(), r.Document.ID); err != nil {
					t.Fatal(err)
				}
			}
			files, err := os.ReadDir(dir.Path)
			if err != nil || len(files) != 1 || !strings.HasPrefix(files[0].Name(), tc.kind+"-") {
				t.Fatalf("answers outbox holds %v (%v), want one %s", files, err, tc.kind)
			}
			answer, err := os.ReadFile(filepath.Join(dir.Path, files[0].Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.parse(answer); err != nil {
				t.Fatalf("our %s does not parse with our parser: %v\n%s", tc.kind, err, answer)
			}
			events := b.events(t, r.Orders[0].ID)
			recorded := 0
			for _, e := range events {
				if e.Action == "answered" && strings.Contains(e.Note, tc.kind+" sent") {
					recorded++
				}
			}
			if recorded != 1 {
				t.Fatalf("the order's history records the %s %d times, want once", tc.kind, recorded)
			}
		})
	}
}

// TestAcknowledgeRejectsABrokenInterchange: an interchange that cannot be read is answered with a
// CONTRL that rejects it, naming the problem, so the sender knows to send it again.
func TestAcknowledgeRejectsABrokenInterchange(t *testing.T) {
	t.Parallel()
	b := setup(t)
	dir, err := outbox.Open(filepath.Join(t.TempDir(), "answers"))
	if err != nil {
		t.Fatal(err)
	}
	b.orders.Answers = outbox.Answers{Dir: dir}
	broken := "UNA:+.? 'UNB+UNOC:3+5412345000013:14+8712345000019:14+261127:1000+REF9'UNH+1+ORDERS:D:96A:UN'BGM+220+PO?'"
	r, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelFolder, Filename: "broken.edi",
		Content: []byte(broken), Actor: "folder"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.orders.Acknowledge(t.Context(), r.Document.ID); err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(dir.Path)
	if err != nil || len(files) != 1 {
		t.Fatalf("answers outbox holds %v (%v), want one CONTRL", files, err)
	}
	answer, err := os.ReadFile(filepath.Join(dir.Path, files[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	ic, err := edifact.Parse(answer)
	if err != nil {
		t.Fatalf("our CONTRL does not parse: %v\n%s", err, answer)
	}
	for _, seg := range ic.Messages[0].Segments {
		if seg.Tag == "UCI" && len(seg.Elements) > 3 && len(seg.Elements[3]) > 0 && seg.Elements[3][0] == "4" {
			return // action 4: the interchange is rejected
		}
	}
	t.Fatalf("the CONTRL does not reject the interchange:\n%s", answer)
}

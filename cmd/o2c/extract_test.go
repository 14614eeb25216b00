package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/o2c-project/o2c"
)

// TestExtractEveryFormat runs `o2c extract` on a real file of each structured format and on an
// e-mail: it prints canonical orders, one object for one order and an array for several.
func TestExtractEveryFormat(t *testing.T) {
	t.Parallel()
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "public")
	dir := t.TempDir()
	eml := filepath.Join(dir, "po.eml")
	if err := os.WriteFile(eml, []byte(mailWithOrder), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path    string
		channel o2c.Channel
	}{
		{filepath.Join(corpus, "edifact", "bots-plugins", "ORDERS_D96A_EAN008_order03.edi"), o2c.ChannelEDIFACT},
		{filepath.Join(corpus, "x12", "bots-plugins", "850-004010-01.x12"), o2c.ChannelX12},
		{filepath.Join(corpus, "ubl", "peppol-ordering", "order", "UC1_Order.xml"), o2c.ChannelUBL},
		{filepath.Join("..", "..", "sheet", "testdata", "de_bestellung.xlsx"), o2c.ChannelXLSX},
		{eml, o2c.ChannelEmail},
	} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			t.Parallel()
			var out, errs bytes.Buffer
			m := &Main{Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
			if code := m.Run(context.Background(), []string{"extract", tc.path}); code != 0 {
				t.Fatalf("exit %d: %s", code, errs.String())
			}
			var drafts []o2c.OrderDraft
			if bytes.HasPrefix(bytes.TrimSpace(out.Bytes()), []byte("[")) {
				if err := json.Unmarshal(out.Bytes(), &drafts); err != nil {
					t.Fatal(err)
				}
			} else {
				var one o2c.OrderDraft
				if err := json.Unmarshal(out.Bytes(), &one); err != nil {
					t.Fatal(err)
				}
				drafts = append(drafts, one)
			}
			for _, d := range drafts {
				if d.Source == nil || d.Source.Channel != tc.channel || len(d.Lines) == 0 {
					t.Fatalf("draft %+v, want channel %s and lines", d.Source, tc.channel)
				}
			}
		})
	}
}

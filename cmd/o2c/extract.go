package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/intake/email"
)

func (m *Main) extract(ctx context.Context, args []string) error {
	fs := m.flags("extract")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, "usage: o2c extract FILE")
		return errUsage
	}
	content, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("read %s: %w", pos[0], err)
	}
	drafts, err := extractAny(filepath.Base(pos[0]), content)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	if len(drafts) == 1 {
		return enc.Encode(drafts[0])
	}
	return enc.Encode(drafts)
}

// extractAny reads a document, or an e-mail (.eml) by reading each document it carries: its
// attachments, or its body when it has none.
func extractAny(name string, content []byte) ([]o2c.OrderDraft, error) {
	if !strings.EqualFold(filepath.Ext(name), ".eml") {
		return extract.File(name, content)
	}
	mail, err := email.Split(content)
	if err != nil {
		return nil, err
	}
	var drafts []o2c.OrderDraft
	var reasons []string
	for _, d := range mail.Deliveries {
		got, err := extract.File(d.Filename, d.Content)
		if err != nil {
			reasons = append(reasons, d.Filename+": "+o2c.ErrorMessage(err))
			continue
		}
		for i := range got {
			if got[i].Source == nil {
				got[i].Source = &o2c.Source{}
			}
			got[i].Source.Channel, got[i].Source.Sender = o2c.ChannelEmail, mail.From
			if got[i].Source.File == "" {
				got[i].Source.File = d.Filename
			}
		}
		drafts = append(drafts, got...)
	}
	if len(drafts) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "%s holds no order it can read: %s", name, strings.Join(reasons, "; "))
	}
	return drafts, nil
}

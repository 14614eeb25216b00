package app

import (
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/intake/email"
)

// ExtractDocument reads the canonical orders of a stored document: any format extract.File reads,
// or an e-mail (.eml, such as a mail that a mailbox could not split) by reading each document it
// carries: its attachments, or its body when it has none.
func ExtractDocument(name string, content []byte) ([]o2c.OrderDraft, error) {
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

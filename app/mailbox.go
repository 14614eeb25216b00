package app

import (
	"context"
	"fmt"

	"github.com/o2c-project/o2c"
)

// MailboxState keeps how far IMAP intake has read each mailbox in the store, so that a restarted
// process, or another one on the same database, goes on where intake stopped. It is the
// StateStore of intake/mailbox (which app does not import: the method set is what matters).
type MailboxState struct {
	Store o2c.Store
}

// Load returns the UIDVALIDITY and the last UID taken that Save stored for mailbox, or zeros
// when nothing was saved yet.
func (s MailboxState) Load(ctx context.Context, mailbox string) (uidValidity, lastUID uint32, err error) {
	st, err := s.Store.FindMailboxState(ctx, mailbox)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return 0, 0, nil
	} else if err != nil {
		return 0, 0, fmt.Errorf("load mailbox state: %w", err)
	}
	return st.UIDValidity, st.LastUID, nil
}

// Save stores the UIDVALIDITY and the last UID taken of mailbox, replacing what was there.
func (s MailboxState) Save(ctx context.Context, mailbox string, uidValidity, lastUID uint32) error {
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		return tx.SaveMailboxState(ctx, o2c.MailboxState{Mailbox: mailbox, UIDValidity: uidValidity, LastUID: lastUID})
	})
}

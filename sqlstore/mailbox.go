package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/o2c-project/o2c"
)

// FindMailboxState returns how far intake has read a mailbox. CodeNotFound when it was never saved.
func (r *reader) FindMailboxState(ctx context.Context, mailbox string) (o2c.MailboxState, error) {
	s := o2c.MailboxState{Mailbox: mailbox}
	err := r.queryRow(ctx, `SELECT uid_validity, last_uid, updated_at FROM mailbox_state WHERE mailbox = $1`,
		mailbox).Scan(&s.UIDValidity, &s.LastUID, instantScanner{&s.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return o2c.MailboxState{}, o2c.Errorf(o2c.CodeNotFound, "no state saved for mailbox %q", mailbox)
	} else if err != nil {
		return o2c.MailboxState{}, fmt.Errorf("find state of mailbox %q: %w", mailbox, err)
	}
	return s, nil
}

// SaveMailboxState inserts or replaces the state of s.Mailbox, with the transaction's Now as its
// UpdatedAt.
func (t *tx) SaveMailboxState(ctx context.Context, s o2c.MailboxState) error {
	_, err := t.exec(ctx, `
		INSERT INTO mailbox_state (mailbox, uid_validity, last_uid, updated_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (mailbox) DO UPDATE SET
			uid_validity = excluded.uid_validity,
			last_uid     = excluded.last_uid,
			updated_at   = excluded.updated_at`,
		s.Mailbox, int64(s.UIDValidity), int64(s.LastUID), t.instant(t.now))
	if err != nil {
		return fmt.Errorf("save state of mailbox %q: %w", s.Mailbox, err)
	}
	return nil
}

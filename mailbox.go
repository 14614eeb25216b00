package o2c

import "time"

// MailboxState is how far IMAP intake has read one mailbox, kept in the database so that a
// restarted process, or another one on the same database, goes on where intake stopped.
type MailboxState struct {
	// Mailbox names the watched mailbox, as intake names it in logs (e.g. "user@host/INBOX").
	Mailbox string `json:"mailbox"`
	// UIDValidity is the folder's UIDVALIDITY when LastUID was taken. When the server reports
	// another, the UIDs no longer mean the same messages and the folder is read again.
	UIDValidity uint32 `json:"uid_validity"`
	// LastUID is the highest UID taken from the folder under UIDValidity.
	LastUID uint32 `json:"last_uid"`
	// UpdatedAt is when the state was last saved: the store sets it to the transaction's Now.
	UpdatedAt time.Time `json:"updated_at"`
}

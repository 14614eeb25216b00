package mailbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/intake"
	"github.com/o2c-project/o2c/intake/email"
)

// laterError ends a round without blaming the connection: the sink or the state store failed
// in a way worth retrying. The message stays where it is and is looked at again next round.
type laterError struct{ err error }

func (e *laterError) Error() string { return e.err.Error() }
func (e *laterError) Unwrap() error { return e.err }

// round takes every message with a UID above the last one taken, in UID order. It stops at
// the first message that must be retried, so that none is skipped.
func (m *Mailbox) round(ctx context.Context, s *session) error {
	validity, last, err := m.cfg.State.Load(ctx, m.cfg.Name)
	if err != nil {
		return &laterError{fmt.Errorf("load state of %s: %w", m.cfg.Name, err)}
	}
	if validity != s.uidValidity {
		if validity != 0 {
			m.log.Warn("UIDVALIDITY changed: every message is looked at again", "was", validity, "now", s.uidValidity)
		}
		last = 0
		if err := m.cfg.State.Save(ctx, m.cfg.Name, s.uidValidity, 0); err != nil {
			return &laterError{fmt.Errorf("save state of %s: %w", m.cfg.Name, err)}
		}
	}
	// NOOP makes the server tell what changed since the last command (EXISTS), which is all
	// that a poll learns from, and which tells whether the folder is empty.
	if err := s.client.Noop().Wait(); err != nil {
		return fmt.Errorf("poll %s: %w", m.cfg.Folder, err)
	}
	sizes, err := newMessages(s.client, imap.UID(last))
	if err != nil {
		return err
	}
	uids := make([]imap.UID, 0, len(sizes))
	for uid := range sizes {
		uids = append(uids, uid)
	}
	slices.Sort(uids)
	for _, uid := range uids {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := m.take(ctx, s, uid, sizes[uid]); err != nil {
			return err
		}
		if err := m.cfg.State.Save(ctx, m.cfg.Name, s.uidValidity, uint32(uid)); err != nil {
			return &laterError{fmt.Errorf("save state of %s: %w", m.cfg.Name, err)}
		}
	}
	return nil
}

// newMessages returns the size of each message with a UID above last. "last+1:*" always
// matches the highest UID, even when it is not above last (RFC 3501 §6.4.8): it is filtered.
func newMessages(c *imapclient.Client, last imap.UID) (map[imap.UID]int64, error) {
	sizes := map[imap.UID]int64{}
	if mbox := c.Mailbox(); (mbox != nil && mbox.NumMessages == 0) || last == imap.UID(math.MaxUint32) {
		// Some servers answer "1:*" in an empty folder with an error; EXISTS says it is empty.
		return sizes, nil
	}
	set := imap.UIDSet{imap.UIDRange{Start: last + 1, Stop: 0}}
	cmd := c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true})
	for {
		msg := cmd.Next()
		if msg == nil {
			break
		}
		buf, err := msg.Collect()
		if err != nil {
			_ = cmd.Close()
			return nil, fmt.Errorf("list new messages: %w", err)
		}
		if buf.UID > last {
			sizes[buf.UID] = buf.RFC822Size
		}
	}
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("list new messages: %w", err)
	}
	return sizes, nil
}

// take handles one message: fetched, split, delivered, then moved. It returns nil when the
// message is done with (moved, or gone), a *laterError when it must be retried, and any other
// error for a failed connection.
func (m *Mailbox) take(ctx context.Context, s *session, uid imap.UID, size int64) error {
	log := m.log.With("uid", uint32(uid))
	if size > email.MaxSize {
		log.Warn("message refused: too large", "bytes", size, "limit", email.MaxSize)
		// The order desk learns of it from an order in review that says where the mail is.
		why := fmt.Sprintf("a mail of %d bytes is larger than the %d MB o2c takes; it was left untouched in the mail folder %s (mailbox %s, UID %d)",
			size, email.MaxSize>>20, s.failed, m.cfg.Name, uid)
		note := intake.Delivery{Channel: o2c.ChannelEmail, Filename: "message-too-large.txt", Content: []byte(why + "\n"),
			NaturalKey: fmt.Sprintf("email:too-large:%s:%d:%d", m.cfg.Name, s.uidValidity, uid), Unreadable: why}
		switch err := m.cfg.Sink(ctx, note); o2c.ErrorCode(err) {
		case "", o2c.CodeConflict, o2c.CodeInvalid, o2c.CodeTooLarge:
		default:
			return &laterError{fmt.Errorf("record too-large message %d: %w", uid, err)}
		}
		return m.move(s, uid, s.failed, log)
	}
	raw, err := fetchRaw(s.client, uid)
	if err != nil {
		return err
	}
	if raw == nil {
		log.Info("message vanished before it was fetched")
		return nil
	}
	mail, err := split(raw)
	if err != nil {
		log.Warn("message refused: cannot be split", "reason", o2c.ErrorMessage(err), "err", err)
		// The original is stored all the same, whole, so that a person finds it in review
		// with the cause instead of it living only in a mail folder.
		sum := sha256.Sum256(raw)
		whole := intake.Delivery{Channel: o2c.ChannelEmail, Filename: "message.eml", Content: raw,
			NaturalKey: "email:raw:" + hex.EncodeToString(sum[:])}
		switch err := m.cfg.Sink(ctx, whole); o2c.ErrorCode(err) {
		case "", o2c.CodeConflict, o2c.CodeInvalid, o2c.CodeTooLarge:
		default:
			return &laterError{fmt.Errorf("store unsplittable message %d: %w", uid, err)}
		}
		return m.move(s, uid, s.failed, log)
	}
	log = log.With("message_id", mail.MessageID, "from", mail.From)
	for _, d := range mail.Deliveries {
		err := m.cfg.Sink(ctx, d)
		switch o2c.ErrorCode(err) {
		case "", o2c.CodeConflict:
		case o2c.CodeInvalid, o2c.CodeTooLarge:
			// The sink has set it aside with the reason; the rest of the mail goes on.
			log.Warn("delivery refused", "file", d.Filename, "reason", o2c.ErrorMessage(err))
		default:
			return &laterError{fmt.Errorf("deliver %q of message %d: %w", d.Filename, uid, err)}
		}
	}
	log.Info("message taken", "deliveries", len(mail.Deliveries))
	return m.move(s, uid, s.processed, log)
}

// split runs email.Split; a panic there is a bug, and it sets the message aside rather than
// stopping the mailbox.
func split(raw []byte) (mail *email.Mail, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = o2c.Errorf(o2c.CodeInvalid, "the message could not be split (internal error: %v)", v)
		}
	}()
	return email.Split(raw)
}

// fetchRaw returns the whole message without setting \Seen (BODY.PEEK[]), or nil when it no
// longer exists. Reading stops past email.MaxSize, whatever the server said its size was.
func fetchRaw(c *imapclient.Client, uid imap.UID) ([]byte, error) {
	section := &imap.FetchItemBodySection{Peek: true}
	cmd := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	var raw []byte
	var readErr error
	for {
		msg := cmd.Next()
		if msg == nil {
			break
		}
		for item := msg.Next(); item != nil; item = msg.Next() {
			body, ok := item.(imapclient.FetchItemDataBodySection)
			if !ok || body.Literal == nil || raw != nil {
				continue
			}
			b, err := io.ReadAll(io.LimitReader(body.Literal, email.MaxSize+1))
			if err != nil {
				readErr = err
				continue
			}
			raw = b
		}
	}
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("fetch message %d: %w", uid, err)
	}
	if readErr != nil {
		return nil, fmt.Errorf("fetch message %d: %w", uid, readErr)
	}
	if raw == nil {
		return nil, nil
	}
	return raw, nil
}

// move moves one message to folder: MOVE where the server has it, else COPY, flag \Deleted
// and UID EXPUNGE of that message alone. Without UIDPLUS a plain EXPUNGE would also remove
// whatever a person flagged \Deleted, so the copy is then only flagged and left for the mail
// client to expunge.
func (m *Mailbox) move(s *session, uid imap.UID, folder string, log *slog.Logger) error {
	set := imap.UIDSetNum(uid)
	if s.canMove {
		if _, err := s.client.Move(set, folder).Wait(); err != nil {
			return fmt.Errorf("move message %d to %s: %w", uid, folder, err)
		}
		return nil
	}
	if _, err := s.client.Copy(set, folder).Wait(); err != nil {
		return fmt.Errorf("copy message %d to %s: %w", uid, folder, err)
	}
	flag := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}
	if err := s.client.Store(set, flag, nil).Close(); err != nil {
		return fmt.Errorf("flag message %d deleted after copying it to %s: %w", uid, folder, err)
	}
	if !s.canUIDPlus {
		log.Warn("server has neither MOVE nor UIDPLUS: message copied and flagged \\Deleted, not expunged", "folder", folder)
		return nil
	}
	if err := s.client.UIDExpunge(set).Close(); err != nil {
		return fmt.Errorf("expunge message %d after copying it to %s: %w", uid, folder, err)
	}
	return nil
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/intake/email"
)

// importMail takes an archive of mail (.eml or .mbox) as if it had arrived in a mailbox: every
// attachment, or the body of a mail without one, is stored as a document and its reading is
// queued for the server's workers. Importing the same archive again stores nothing new.
func (m *Main) importMail(ctx context.Context, args []string) error {
	fs := m.flags("import-mail")
	store := m.storeFlags(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fmt.Fprintln(m.Stderr, "usage: o2c import-mail FILE.eml|FILE.mbox... [--data DIR] [--db DSN]")
		return errUsage
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := openStack(ctx, stackParams{store: store, inbox: "-", zone: "UTC", log: log})
	if err != nil {
		return err
	}
	defer s.close()
	t := mailTally{warn: m.Stderr}
	for _, path := range pos {
		if err := t.importFile(ctx, s.orders, path); err != nil {
			return err
		}
	}
	fmt.Fprintf(m.Stdout, "%d messages: %d documents stored, %d already there, %d messages refused\n",
		t.messages, t.stored, t.again, t.refused)
	fmt.Fprintln(m.Stdout, "their orders are read by `o2c serve` (the jobs are queued in the database)")
	return nil
}

type mailTally struct {
	messages, stored, again, refused int
	warn                             io.Writer
}

func (t *mailTally) importFile(ctx context.Context, orders *app.Orders, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	head, _ := r.Peek(5)
	if strings.EqualFold(filepath.Ext(path), ".mbox") || bytes.Equal(head, []byte("From ")) {
		return email.SplitMbox(r, func(raw []byte) error { return t.importMessage(ctx, orders, path, raw) })
	}
	raw, err := io.ReadAll(io.LimitReader(r, email.MaxSize+1))
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return t.importMessage(ctx, orders, path, raw)
}

func (t *mailTally) importMessage(ctx context.Context, orders *app.Orders, path string, raw []byte) error {
	t.messages++
	mail, err := email.Split(raw)
	if err != nil {
		if o2c.ErrorCode(err) != o2c.CodeInvalid && o2c.ErrorCode(err) != o2c.CodeTooLarge {
			return err
		}
		t.refused++
		fmt.Fprintf(t.warn, "%s: message %d refused: %s\n", path, t.messages, o2c.ErrorMessage(err))
		if len(raw) > email.MaxSize {
			return nil // too large to keep; the archive still holds it
		}
		// Kept whole, as a mailbox keeps a mail it cannot split: its order waits in review as
		// UNREADABLE with the cause.
		sum := sha256.Sum256(raw)
		rec, err := orders.Receive(ctx, app.ReceiveParams{Channel: o2c.ChannelEmail, Filename: "message.eml", Content: raw,
			NaturalKey: "email:raw:" + hex.EncodeToString(sum[:]), Actor: "import-mail"})
		if err != nil {
			return fmt.Errorf("store refused message %d of %s: %w", t.messages, path, err)
		}
		if rec.Created {
			t.stored++
		} else {
			t.again++
		}
		return nil
	}
	for _, d := range mail.Deliveries {
		rec, err := orders.Receive(ctx, app.ReceiveParams{Channel: d.Channel, Sender: d.Sender, Filename: d.Filename,
			Content: d.Content, NaturalKey: d.NaturalKey, Actor: "import-mail"})
		if err != nil {
			return fmt.Errorf("store %s of message %s: %w", d.Filename, mail.MessageID, err)
		}
		if rec.Created {
			t.stored++
		} else {
			t.again++
		}
	}
	return nil
}

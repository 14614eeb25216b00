package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/o2c-project/o2c"
)

// AnswerRouter sends each answer back through the channel its document came by: mail for what
// came by mail or through the portal, the answers folder for everything else (files, EDI
// gateways, API uploads).
type AnswerRouter struct {
	Folder o2c.AnswerSender
	Mail   o2c.AnswerSender // nil when no SMTP server is configured
}

var _ o2c.AnswerSender = AnswerRouter{}

// SendAnswer implements o2c.AnswerSender.
func (r AnswerRouter) SendAnswer(ctx context.Context, a o2c.Answer) (string, error) {
	if byMail(a.Channel) {
		if r.Mail == nil {
			return "", o2c.Errorf(o2c.CodeInvalid, "the %s goes back by e-mail, and no SMTP server is configured (o2c serve --smtp)", a.Kind)
		}
		return r.Mail.SendAnswer(ctx, a)
	}
	if r.Folder == nil {
		return "", o2c.Errorf(o2c.CodeInvalid, "the %s goes to the answers folder, and none is configured", a.Kind)
	}
	return r.Folder.SendAnswer(ctx, a)
}

func byMail(c o2c.Channel) bool { return c == o2c.ChannelEmail || c == o2c.ChannelPortal }

// sentAnswer is what the history keeps of an answer: enough to find it again and to never send
// it twice.
type sentAnswer struct {
	Kind     string `json:"kind"`
	Filename string `json:"filename"`
	To       string `json:"to,omitempty"`
	Channel  string `json:"channel"`
	Ref      string `json:"ref,omitempty"`
	Status   string `json:"status,omitempty"` // of an order response: accepted, changed, rejected
	Error    string `json:"error,omitempty"`  // why it could not be sent
}

// Audit actions of answers.
const (
	actionAnswered     = "answered"      // an answer went out
	actionAnswerFailed = "answer_failed" // an answer can never go out; the cause is in the note
)

// sendOnce sends an answer unless the history of the first order already shows it sent, then
// records it in the history of every order it concerns. An answer that can never be sent (no
// address, no SMTP server, a recipient refused for good) is recorded with its cause instead, for a
// person to see, and not tried again; a failure that may pass is returned for the job to retry.
// Between the send and the record a crash sends it again on the retry: folders ignore the second
// copy, and a mail carries the same Message-ID, which mail programs show once.
func (s *Orders) sendOnce(ctx context.Context, a o2c.Answer, status string, orderIDs []int64, actor string) error {
	if len(orderIDs) == 0 {
		return nil
	}
	events, err := s.Store.FindEvents(ctx, "order", fmt.Sprint(orderIDs[0]))
	if err != nil {
		return fmt.Errorf("read history of order %d: %w", orderIDs[0], err)
	}
	return s.sendUnlessAnswered(ctx, events, a, status, orderIDs, actor)
}

// sendUnlessAnswered is sendOnce for a caller that has read the first order's history.
func (s *Orders) sendUnlessAnswered(ctx context.Context, events []o2c.AuditEvent, a o2c.Answer, status string, orderIDs []int64, actor string) error {
	if answered(events, a.Filename) {
		return nil
	}
	rec := sentAnswer{Kind: a.Kind, Filename: a.Filename, To: a.To, Channel: string(a.Channel), Status: status}
	action := actionAnswered
	ref, err := s.Answers.SendAnswer(ctx, a)
	switch {
	case err == nil:
		rec.Ref = ref
		if err := s.archiveAnswer(ctx, a, orderIDs, actor); err != nil {
			return err
		}
	case o2c.ErrorCode(err) == o2c.CodeInvalid:
		action, rec.Error = actionAnswerFailed, o2c.ErrorMessage(err)
	default:
		return fmt.Errorf("send %s %s: %w", a.Kind, a.Filename, err)
	}
	return s.recordAnswer(ctx, rec, action, orderIDs, actor)
}

// recordAnswer writes what became of an answer into the history of each order.
func (s *Orders) recordAnswer(ctx context.Context, rec sentAnswer, action string, orderIDs []int64, actor string) error {
	after, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	what := rec.Kind
	if rec.Status != "" {
		what += " (" + rec.Status + ")"
	}
	note := fmt.Sprintf("%s sent to %s as %s", what, or(rec.To, "the answers folder"), rec.Ref)
	if action == actionAnswerFailed {
		note = fmt.Sprintf("%s not sent: %s", what, rec.Error)
	}
	return s.answers.do(ctx, func(tx o2c.Tx) error {
		for _, id := range orderIDs {
			e := &o2c.AuditEvent{Entity: "order", EntityID: fmt.Sprint(id), Action: action, Actor: actor, After: after, Note: note}
			if err := tx.AddEvent(ctx, e); err != nil {
				return fmt.Errorf("record %s of order %d: %w", rec.Kind, id, err)
			}
		}
		return nil
	})
}

// answered reports whether an order's history shows the answer named filename, sent or given up.
func answered(events []o2c.AuditEvent, filename string) bool {
	for _, e := range events {
		if e.Action != actionAnswered && e.Action != actionAnswerFailed {
			continue
		}
		var rec sentAnswer
		if json.Unmarshal(e.After, &rec) == nil && rec.Filename == filename {
			return true
		}
	}
	return false
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/edi/edifact"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/extract"
)

// Acknowledge sends the functional acknowledgement of a received EDI document (a CONTRL for
// EDIFACT, a 997 for X12) back through the answers channel, and records it in the history of the
// document's orders. An interchange that could not be read is answered with a rejecting CONTRL
// naming the problem. A document of another format needs none.
func (s *Orders) Acknowledge(ctx context.Context, documentID int64) error {
	if s.Answers == nil {
		return nil
	}
	doc, err := s.Store.FindDocumentByID(ctx, documentID)
	if err != nil {
		return fmt.Errorf("find document %d to acknowledge: %w", documentID, err)
	}
	answers := acknowledgements(doc, s.Now().UTC())
	if len(answers) == 0 {
		return nil
	}
	orders, _, err := s.Store.FindOrders(ctx, o2c.OrderFilter{DocumentID: documentID, Limit: 500})
	if err != nil {
		return fmt.Errorf("find orders of document %d: %w", documentID, err)
	}
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.ID
	}
	slices.Sort(ids)
	for _, a := range answers {
		if err := s.sendOnce(ctx, a, "", ids, "job:acknowledge"); err != nil {
			return fmt.Errorf("acknowledge document %d: %w", documentID, err)
		}
	}
	return nil
}

// acknowledgements builds the answers a received document calls for. Their references come from
// the document's id, so that a retried job writes the same answers again.
func acknowledgements(doc *o2c.Document, now time.Time) []o2c.Answer {
	ack := func(kind string, n int, ext string, content []byte) o2c.Answer {
		return o2c.Answer{DocumentID: doc.ID, Kind: kind, Channel: doc.Channel, To: doc.Sender,
			Filename: fmt.Sprintf("%s-%d-%d.%s", kind, doc.ID, n, ext), Content: content}
	}
	switch extract.Detect(doc.Filename, doc.Content) {
	case extract.FormatEDIFACT:
		env := edifact.Envelope{Prepared: now, ControlRef: fmt.Sprintf("A%d", doc.ID), MessageRef: "1"}
		ics, err := edifact.Parser{Lenient: true}.ParseAll(doc.Content)
		if err != nil {
			ic, herr := edifact.ParseHeader(doc.Content)
			if herr != nil {
				return nil // not even a sender to answer
			}
			var problems []edifact.Problem
			if p, ok := edifact.ProblemOf(err); ok {
				problems = append(problems, p)
			}
			return []o2c.Answer{ack("CONTRL", 1, "edi", edifact.WriteCONTRL(ic, edifact.CONTRLParams{Envelope: env, Problems: problems}))}
		}
		var out []o2c.Answer
		for i, ic := range ics {
			env.ControlRef = fmt.Sprintf("A%d-%d", doc.ID, i+1)
			out = append(out, ack("CONTRL", i+1, "edi", edifact.WriteCONTRL(ic, edifact.CONTRLParams{Envelope: env,
				Accepted: len(ic.Problems) == 0, Problems: ic.Problems})))
		}
		return out
	case extract.FormatX12:
		ics, err := x12.ParseAll(doc.Content)
		if err != nil {
			return nil // a 997 answers groups and sets that could be read
		}
		var out []o2c.Answer
		for i, ic := range ics {
			b, err := x12.Write997(ic, true, x12.Control{Interchange: int(doc.ID%999_999_999) + 1, Group: 1, Set: 1, Time: now})
			if err != nil {
				continue
			}
			out = append(out, ack("997", i+1, "x12", b))
		}
		return out
	}
	return nil
}

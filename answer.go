package o2c

import "context"

// Answer is a document sent back to whoever sent us one: a functional acknowledgement on receipt
// (EDIFACT CONTRL, X12 997) and, later, order responses.
type Answer struct {
	DocumentID int64   // the document answered
	Kind       string  // what it is: CONTRL, 997, ORDRSP, 855, OrderResponse
	Channel    Channel // how the document came, which is how the answer goes back
	To         string  // the sender of the document
	Filename   string  // unique per answer: sending the same one again is a no-op
	Content    []byte
}

// AnswerSender sends answers back to senders. Sending an answer with a Filename already sent
// is a no-op that returns the first reference; CodeUnavailable means try again later.
type AnswerSender interface {
	SendAnswer(ctx context.Context, a Answer) (ref string, err error)
}

// AcknowledgeJob sends the functional acknowledgement of a received EDI document.
type AcknowledgeJob struct {
	DocumentID int64 `json:"document_id"`
}

// Kind implements JobArgs.
func (AcknowledgeJob) Kind() string { return "acknowledge" }

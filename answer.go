package o2c

import "context"

// Answer is a document sent back to whoever sent us one: a functional acknowledgement on receipt
// (EDIFACT CONTRL, X12 997), and an order response when the order is confirmed, changed or
// rejected (EDIFACT ORDRSP, X12 855, UBL OrderResponse, or an e-mail confirmation).
type Answer struct {
	DocumentID  int64   // the document answered
	OrderID     int64   // the order answered; 0 for an acknowledgement of a whole document
	Kind        string  // what it is: CONTRL, 997, ORDRSP, 855, OrderResponse, confirmation
	Channel     Channel // how the document came, which is how the answer goes back
	To          string  // the sender of the document
	Filename    string  // unique per answer: sending the same one again is a no-op
	ContentType string  // of Content; "" lets the sender guess from Filename
	Content     []byte

	// What a person reads when the answer goes by e-mail; empty values give a plain note naming
	// the attached file. The folder channel sends only Content.
	Subject string
	Text    string
	HTML    string
	// InReplyTo is the Message-ID (without angle brackets) of the mail answered, so that the
	// answer lands in the sender's thread.
	InReplyTo string
}

// AnswerSender sends answers back to senders. Sending an answer with a Filename already sent
// is a no-op that returns the first reference; CodeUnavailable means try again later, and
// CodeInvalid that it can never be sent (no address, a recipient refused for good).
type AnswerSender interface {
	SendAnswer(ctx context.Context, a Answer) (ref string, err error)
}

// AcknowledgeJob sends the functional acknowledgement of a received EDI document.
type AcknowledgeJob struct {
	DocumentID int64 `json:"document_id"`
}

// Kind implements JobArgs.
func (AcknowledgeJob) Kind() string { return "acknowledge" }

// RespondJob sends the order response of an order that was confirmed (posted to the ERP),
// confirmed with changes, or rejected, in the format and through the channel it came by.
type RespondJob struct {
	OrderID int64  `json:"order_id"`
	Status  string `json:"status"` // the order status that called for it, so that each is answered once
}

// Kind implements JobArgs.
func (RespondJob) Kind() string { return "respond" }

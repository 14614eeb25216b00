// Package intake holds what the channels that carry documents in have in common: a Delivery is
// one original as it arrived, and a Sink takes it. Each channel (folder, mailbox) lives in a
// subpackage; cmd/o2c wires their Sink to the order pipeline, so no channel imports app.
package intake

import (
	"context"

	"github.com/o2c-project/o2c"
)

// Delivery is one original as a channel received it.
type Delivery struct {
	Channel    o2c.Channel
	Filename   string
	Sender     string
	Content    []byte
	NaturalKey string // what makes a re-delivery a no-op; empty lets the sink derive one from the content
	// Unreadable, when set, says why the channel could not take the original itself (a mail over
	// the size limit): Content then describes it, and its order waits in review with this cause.
	Unreadable string
}

// Sink stores a delivery. It returns nil for a re-delivery (nothing new to do), an *o2c.Error
// with CodeInvalid for a delivery that can never be taken (the channel sets it aside with the
// reason), and any other error for a failure worth retrying later (the channel keeps it).
type Sink func(ctx context.Context, d Delivery) error

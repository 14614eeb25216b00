package o2c

import "time"

// Document is an original as it arrived: an e-mail, an EDI interchange, a file, an API body.
// It is stored before anything reads it, so a parser failure never loses it.
type Document struct {
	ID          int64     `json:"id"`
	NaturalKey  string    `json:"natural_key"` // unique per input; a re-delivery with the same key is a no-op
	Channel     Channel   `json:"channel"`     //
	Filename    string    `json:"filename,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	Sender      string    `json:"sender,omitempty"`
	SHA256      string    `json:"sha256"` // hex digest of Content
	Size        int64     `json:"size"`
	Content     []byte    `json:"-"`
	ReceivedAt  time.Time `json:"received_at"`
}

package o2c

import "context"

// ERPDocuments is an ERP connector that leaves documents behind when it posts an order (the file
// connector's outbox files): o2c archives them as what it sent the ERP.
type ERPDocuments interface {
	// PostedDocuments returns the documents the post under key left, in a fixed order; none
	// when the post left none.
	PostedDocuments(ctx context.Context, key string) ([]ERPDocument, error)
}

// ERPDocument is one document a post left for the ERP.
type ERPDocument struct {
	Name        string // its file name in the outbox
	ContentType string
	Content     []byte
}

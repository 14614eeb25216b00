package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/extract/layout"
	"github.com/o2c-project/o2c/sheet"
	"github.com/o2c-project/o2c/verify"
)

// RuleProfileCustomer is the fault of a sheet profile saved for a customer that does not exist.
const RuleProfileCustomer = "PROFILE-01"

// SheetProfiles keeps each customer's mapping for its CSV and XLSX order files: a person saves
// one once a file of an odd layout has been seen, and the process job reads that customer's next
// files with it (see Orders.readDocument).
type SheetProfiles struct {
	Store o2c.Store
}

// SheetProfile is a customer's saved mapping as people see it.
type SheetProfile struct {
	// CustomerID is the customer whose files the profile reads.
	CustomerID string `json:"customer_id"`
	// Profile is the mapping.
	Profile sheet.Profile `json:"profile"`
	// UpdatedAt is when it was last saved.
	UpdatedAt time.Time `json:"updated_at"`
	// UpdatedBy is who saved it last.
	UpdatedBy string `json:"updated_by"`
}

// Get returns the customer's profile. CodeNotFound when it has none.
func (s *SheetProfiles) Get(ctx context.Context, customerID string) (*SheetProfile, error) {
	p, err := s.Store.FindSheetProfile(ctx, customerID)
	if err != nil {
		return nil, err
	}
	return decodeSheetProfile(p)
}

// List returns every saved profile, by customer id.
func (s *SheetProfiles) List(ctx context.Context) ([]*SheetProfile, error) {
	stored, err := s.Store.FindSheetProfiles(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*SheetProfile, 0, len(stored))
	for _, p := range stored {
		d, err := decodeSheetProfile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Save creates or replaces the customer's profile and reports whether it is new. The profile
// must pass sheet.Profile.Validate (CodeInvalid with its faults) and the customer must exist
// (CodeNotFound); a profile without a name takes the customer's. The change is an audit event
// with the profile before and after.
func (s *SheetProfiles) Save(ctx context.Context, customerID string, p sheet.Profile, actor string) (*SheetProfile, bool, error) {
	if err := p.Validate(); err != nil {
		return nil, false, err
	}
	var (
		saved   *SheetProfile
		created bool
	)
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		c, err := tx.FindCustomerByID(ctx, customerID)
		if o2c.ErrorCode(err) == o2c.CodeNotFound {
			msg := fmt.Sprintf("there is no customer %s to save a sheet profile for", customerID)
			return &o2c.Error{Code: o2c.CodeNotFound, Message: msg,
				Faults: []o2c.Fault{{Rule: RuleProfileCustomer, Path: "$.customer_id", Message: msg}}}
		} else if err != nil {
			return fmt.Errorf("find customer %s: %w", customerID, err)
		}
		if strings.TrimSpace(p.Name) == "" {
			p.Name = c.Name
		}
		before, err := previousSheetProfile(ctx, tx, customerID)
		if err != nil {
			return err
		}
		after, err := json.Marshal(p)
		if err != nil {
			return fmt.Errorf("encode sheet profile of customer %s: %w", customerID, err)
		}
		if err := tx.SaveSheetProfile(ctx, o2c.SheetProfile{CustomerID: customerID, Profile: after, UpdatedBy: actor}); err != nil {
			return err
		}
		created = before == nil
		e := &o2c.AuditEvent{Entity: "sheet_profile", EntityID: customerID, Action: "created", Actor: actor, Before: before, After: after}
		if !created {
			e.Action = "updated"
		}
		if err := tx.AddEvent(ctx, e); err != nil {
			return fmt.Errorf("record sheet profile of customer %s: %w", customerID, err)
		}
		saved = &SheetProfile{CustomerID: customerID, Profile: p, UpdatedAt: tx.Now(), UpdatedBy: actor}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return saved, created, nil
}

// Delete removes the customer's profile, so that its files are read by their header words again.
// CodeNotFound when it has none. The profile removed is kept in the audit event.
func (s *SheetProfiles) Delete(ctx context.Context, customerID, actor string) error {
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		before, err := previousSheetProfile(ctx, tx, customerID)
		if err != nil {
			return err
		}
		if err := tx.DeleteSheetProfile(ctx, customerID); err != nil {
			return err
		}
		e := &o2c.AuditEvent{Entity: "sheet_profile", EntityID: customerID, Action: "deleted", Actor: actor, Before: before}
		if err := tx.AddEvent(ctx, e); err != nil {
			return fmt.Errorf("record deletion of the sheet profile of customer %s: %w", customerID, err)
		}
		return nil
	})
}

// previousSheetProfile returns the stored profile JSON of a customer, for the "before" of an
// audit event: empty when it has none.
func previousSheetProfile(ctx context.Context, r o2c.Reader, customerID string) (json.RawMessage, error) {
	p, err := r.FindSheetProfile(ctx, customerID)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("find sheet profile of customer %s: %w", customerID, err)
	}
	return p.Profile, nil
}

// decodeSheetProfile gives a stored profile its meaning.
func decodeSheetProfile(p *o2c.SheetProfile) (*SheetProfile, error) {
	out := &SheetProfile{CustomerID: p.CustomerID, UpdatedAt: p.UpdatedAt, UpdatedBy: p.UpdatedBy}
	dec := json.NewDecoder(bytes.NewReader(p.Profile))
	if err := dec.Decode(&out.Profile); err != nil {
		return nil, fmt.Errorf("decode sheet profile of customer %s: %w", p.CustomerID, err)
	}
	return out, nil
}

// sheetProfileOf returns the profile to read a customer's files with; ok is false when the
// customer (or "", an unknown one) has none.
func sheetProfileOf(ctx context.Context, r o2c.Reader, customerID string) (p *sheet.Profile, ok bool, err error) {
	if customerID == "" {
		return nil, false, nil
	}
	stored, err := r.FindSheetProfile(ctx, customerID)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("find sheet profile of customer %s: %w", customerID, err)
	}
	d, err := decodeSheetProfile(stored)
	if err != nil {
		return nil, false, err
	}
	return &d.Profile, true, nil
}

// readDocument reads an order's document for the process job. A CSV or XLSX file is read with the
// sheet profile of its customer, who is known before the file is read when the sender's address
// or domain names one customer, as verification matches senders. Otherwise the file is read by
// its header words, and when that read names a customer (by VAT id, GLN, name...) who has a
// profile, the file is read again with it; a profile that does not fit the file leaves the first
// read, and verification then says what is wrong with it. A PDF or scan is read with the layout
// learned of its sender's earlier documents of that layout, when people corrected one (see Learn).
func (s *Orders) readDocument(ctx context.Context, tx o2c.Reader, now time.Time, doc *o2c.Document) ([]o2c.OrderDraft, error) {
	var (
		idx      *verify.Index
		asked    bool                          // the document holds a CSV or XLSX file
		profiled bool                          // one of them was read with a profile
		bySender = map[string]*sheet.Profile{} // the profile of each sender asked about
	)
	customerOf := func(d *o2c.OrderDraft, sender string) (string, error) {
		if idx == nil {
			var err error
			if idx, err = s.Catalog.Index(ctx, tx); err != nil {
				return "", err
			}
		}
		v, err := verify.Verify(ctx, idx, nil, verify.Input{Draft: d, Sender: sender,
			Today: cal.DateIn(now, s.Location), Now: now}, s.Rules)
		if err != nil {
			return "", fmt.Errorf("find the customer of document %d: %w", doc.ID, err)
		}
		return v.CustomerID, nil
	}
	lookup := func(sender string) (*sheet.Profile, error) {
		asked = true
		p, seen := bySender[sender]
		if !seen {
			// A draft that says nothing but that it is an order: the sender alone names the customer.
			id, err := customerOf(&o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder}, sender)
			if err != nil {
				return nil, err
			}
			if p, _, err = sheetProfileOf(ctx, tx, id); err != nil {
				return nil, err
			}
			bySender[sender] = p
		}
		profiled = profiled || p != nil
		return p, nil
	}
	templates := func(sender string) ([]layout.Template, error) { return layoutTemplatesOf(ctx, tx, sender) }
	drafts, err := ExtractDocumentWith(ctx, doc.Filename, doc.Content, ExtractOptions{Sender: doc.Sender, SheetProfile: lookup,
		Templates: templates, Reader: s.Reader, Self: s.Company.identifiers(), Engines: s.Engines, OnRead: s.remember})
	if err != nil || !asked || profiled {
		return drafts, err
	}
	for i := range drafts {
		id, err := customerOf(&drafts[i], doc.Sender)
		if err != nil {
			return nil, err
		}
		if id == "" {
			continue
		}
		p, ok, err := sheetProfileOf(ctx, tx, id)
		if err != nil {
			return nil, err
		} else if !ok {
			return drafts, nil
		}
		again, err := ExtractDocumentWith(ctx, doc.Filename, doc.Content, ExtractOptions{Sender: doc.Sender,
			SheetProfile: func(string) (*sheet.Profile, error) { return p, nil },
			Templates:    templates, Reader: s.Reader, Self: s.Company.identifiers()})
		if o2c.ErrorCode(err) == o2c.CodeInternal {
			return nil, err
		} else if err != nil {
			if s.Log != nil {
				s.Log.InfoContext(ctx, "the sheet profile of the customer does not fit the document; keeping the read by header words",
					"document", doc.ID, "customer", id, "cause", o2c.ErrorMessage(err))
			}
			return drafts, nil
		}
		return again, nil
	}
	return drafts, nil
}

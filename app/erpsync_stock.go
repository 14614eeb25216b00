package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/verify"
)

// DefaultStockTimeout is how long verification waits for the ERP's stock levels when
// Orders.StockTimeout is not set.
const DefaultStockTimeout = 5 * time.Second

// erpStock is the stock the ERP reported for the products of an order, read before the order is
// verified. The zero value means "master data only" and says nothing in the history.
type erpStock struct {
	levels map[string]decimal.Decimal // by SKU; nil when the ERP was not asked or did not answer
	from   string                     // the ERP's name
	note   string                     // for the history: where the stock came from, or why not from the ERP
}

// readERPStock asks the ERP, when it is an o2c.StockSource, for the stock of the products the
// drafts order, as the master data resolves them. It waits on the network, so it runs outside
// any transaction, and no longer than StockTimeout. It never fails: when the ERP cannot answer,
// the order is verified against the master data's stock and the note says why.
func (s *Orders) readERPStock(ctx context.Context, sender string, drafts ...*o2c.OrderDraft) erpStock {
	src, ok := s.ERP.(o2c.StockSource)
	if !ok || len(drafts) == 0 {
		return erpStock{}
	}
	skus := s.orderedSKUs(ctx, sender, drafts)
	if len(skus) == 0 {
		return erpStock{}
	}
	name := s.ERP.Name()
	timeout := cmp.Or(s.StockTimeout, DefaultStockTimeout)
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	levels, err := src.StockLevels(sctx, skus)
	if err != nil {
		why := o2c.ErrorMessage(err)
		if ctx.Err() == nil && errors.Is(sctx.Err(), context.DeadlineExceeded) {
			why = fmt.Sprintf("no answer within %s", timeout)
		}
		s.Log.WarnContext(ctx, "the ERP's stock levels could not be read; verifying against master data", "erp", name, "skus", len(skus), "err", err)
		return erpStock{from: name, note: fmt.Sprintf("the stock levels of %s could not be read (%s): checked against the master data's stock", name, why)}
	}
	if len(levels) == 0 {
		return erpStock{from: name, note: fmt.Sprintf("%s keeps no stock of these products: checked against the master data's stock", name)}
	}
	return erpStock{levels: levels, from: name, note: fmt.Sprintf("stock of %d of %d products from %s", len(levels), len(skus), name)}
}

// orderedSKUs resolves the products of drafts as verification will, and returns their SKUs. A
// draft that is no order, or master data that cannot be read, gives none: the real verification
// reports those.
func (s *Orders) orderedSKUs(ctx context.Context, sender string, drafts []*o2c.OrderDraft) []string {
	idx, err := s.Catalog.Index(ctx, s.Store)
	if err != nil {
		return nil
	}
	now := s.Now()
	var skus []string
	for _, d := range drafts {
		if d == nil || isDeliveryDocument(d) {
			continue
		}
		// Without a ledger Verify is pure: it only resolves and checks against master data.
		v, err := verify.Verify(ctx, idx, nil, verify.Input{Draft: d, Sender: sender, Today: cal.DateIn(now, s.Location), Now: now}, s.Rules)
		if err != nil {
			continue
		}
		for _, l := range v.Lines {
			if l.SKU != "" && !slices.Contains(skus, l.SKU) {
				skus = append(skus, l.SKU)
			}
		}
	}
	slices.Sort(skus)
	return skus
}

// processDrafts are the drafts ProcessOrder will verify: all those read from the document of a
// received order, or the draft of an extracted one.
func processDrafts(o *o2c.Order, read *reading) []*o2c.OrderDraft {
	if read != nil {
		if read.err != nil {
			return nil
		}
		return draftPtrs(read.drafts)
	}
	if o.Status == o2c.OrderExtracted {
		return []*o2c.OrderDraft{o.Draft}
	}
	return nil
}

// input puts the ERP's stock into verification's input.
func (e erpStock) input(in verify.Input) verify.Input {
	in.Stock, in.StockFrom = e.levels, e.from
	return in
}

// withNote adds the note on stock to a verification note.
func (e erpStock) withNote(note string) string {
	if e.note == "" {
		return note
	}
	return note + "; " + e.note
}

// draftPtrs points at each draft.
func draftPtrs(drafts []o2c.OrderDraft) []*o2c.OrderDraft {
	out := make([]*o2c.OrderDraft, len(drafts))
	for i := range drafts {
		out[i] = &drafts[i]
	}
	return out
}

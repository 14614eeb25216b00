package reconcile

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Options tune the engine. DefaultOptions gives the values the CLI uses.
type Options struct {
	// AutoThreshold is the confidence from which a proposal is applied without a person (0..1).
	AutoThreshold float64
	// WriteOffAmount and WriteOffPercent bound a shortfall written off as a bank fee or small
	// difference: it may be at most the amount, and at most the percent of the amount due. A zero
	// disables that bound; both zero disable write-offs.
	WriteOffAmount  decimal.Decimal
	WriteOffPercent decimal.Decimal
	// NameThreshold is the name similarity (0..1) from which a payer's name identifies a customer.
	NameThreshold float64
	// MinTypoLength is the least number of letters and digits of a word read as a mistyped invoice
	// number when Knowledge has no invoice pattern.
	MinTypoLength int
	// MaxSubsetItems, MaxSubsetSize and MaxSubsetSteps bound the search for a combination of a
	// customer's invoices that a payment pays: the oldest items considered, the invoices in one
	// combination, and the search steps. A search cut short never auto-applies.
	MaxSubsetItems int
	MaxSubsetSize  int
	MaxSubsetSteps int
	// Workers gathers evidence in parallel (the results do not depend on it); 0 means one per CPU.
	Workers int
}

// DefaultOptions are the CLI's settings.
func DefaultOptions() Options {
	return Options{
		AutoThreshold:   0.9,
		WriteOffAmount:  decimal.NewFromInt(10),
		WriteOffPercent: decimal.NewFromInt(2),
		NameThreshold:   0.92,
		MinTypoLength:   7,
		MaxSubsetItems:  20,
		MaxSubsetSize:   5,
		MaxSubsetSteps:  50_000,
	}
}

func (o Options) check() error {
	switch {
	case o.AutoThreshold <= 0 || o.AutoThreshold > 1:
		return fmt.Errorf("auto threshold %v is not in (0, 1]", o.AutoThreshold)
	case o.NameThreshold <= 0 || o.NameThreshold > 1:
		return fmt.Errorf("name threshold %v is not in (0, 1]", o.NameThreshold)
	case o.WriteOffAmount.IsNegative() || o.WriteOffPercent.IsNegative():
		return fmt.Errorf("write-off tolerance %s / %s%% is negative", o.WriteOffAmount, o.WriteOffPercent)
	case o.MaxSubsetItems < 0 || o.MaxSubsetSize < 0 || o.MaxSubsetSteps < 0 || o.MinTypoLength < 0 || o.Workers < 0:
		return fmt.Errorf("a subset, typo or worker bound is negative")
	}
	return nil
}

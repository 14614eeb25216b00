package reconcile

import (
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/money"
)

// units is an amount in ten-thousandths of the currency unit. The engine adds, compares and
// searches amounts as integers (fast, exact); decimals come back only at the edges.
type units int64

const unitPlaces = 4

// maxUnits keeps sums of a few thousand amounts far from overflow.
const maxUnits = units(1) << 50

// toUnits converts an amount exactly, or reports false when it has more than four decimals or is
// out of range.
func toUnits(d decimal.Decimal) (units, bool) {
	if exp := d.Exponent(); exp <= 0 && exp >= -unitPlaces && d.NumDigits() <= 15 {
		// The common case, without big.Int arithmetic: at most 15 digits fit an int64 scaled by 10^4.
		c := d.CoefficientInt64()
		for ; exp > -unitPlaces; exp-- {
			c *= 10
		}
		if u := units(c); u <= maxUnits && u >= -maxUnits {
			return u, true
		}
		return 0, false
	}
	s := d.Shift(unitPlaces)
	if !s.IsInteger() || s.Abs().GreaterThan(decimal.NewFromInt(int64(maxUnits))) {
		return 0, false
	}
	return units(s.IntPart()), true
}

func (u units) decimal() decimal.Decimal { return decimal.New(int64(u), -unitPlaces) }

// decimalAt returns u as a decimal of places decimals when that is exact ("12.50", not "12.5000").
func (u units) decimalAt(places int32) decimal.Decimal {
	if places >= 0 && places < unitPlaces {
		div := int64(1)
		for range unitPlaces - places {
			div *= 10
		}
		if int64(u)%div == 0 {
			return decimal.New(int64(u)/div, -places)
		}
	}
	return u.decimal()
}

// percentOf returns p (in millionths, 2% = 20000) of u, rounded down.
func percentOf(u units, ppm int64) units {
	if u <= 0 || ppm <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(u), uint64(ppm))
	q, _ := bits.Div64(hi, lo, 1_000_000)
	return units(q)
}

// scales caches the decimal places of each currency seen.
type scales map[string]int32

func (s scales) of(cur string) int32 {
	if p, ok := s[cur]; ok {
		return p
	}
	p := money.Currency(cur).Scale()
	s[cur] = p
	return p
}

// format writes an amount with its currency's places ("104.50"), or more when it has more.
func (s scales) format(u units, cur string) string {
	d := u.decimal()
	p := s.of(cur)
	if d.Exponent() < -p && !d.Round(p).Equal(d) {
		return d.String()
	}
	return d.StringFixed(p)
}

package verify

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Rules are a company's verification settings. Start from DefaultRules and change what differs:
// the zero Rules is strict (no tolerance at all) and accepts any description or name match.
type Rules struct {
	// ConfidenceThreshold: a draft.Confidence entry under it is LOW_CONFIDENCE, and so is a product
	// found only by description, or a customer found only by name, with a score under it.
	ConfidenceThreshold float64
	// PriceTolerancePercent and PriceToleranceAmount: a stated unit price is accepted when it is
	// within either of them of the agreed price (percent of the agreed price; amount in the order's
	// currency).
	PriceTolerancePercent decimal.Decimal
	PriceToleranceAmount  decimal.Decimal
	// TotalsTolerance is the largest difference accepted between a stated total (a line total,
	// totals.net, totals.tax, totals.gross) and the one computed from the document.
	TotalsTolerance decimal.Decimal
	// DuplicateWindow: an order of the same customer with the same content received within this
	// window before Input.Now is a DUPLICATE_ORDER. The same PO number is one at any time.
	DuplicateWindow time.Duration
	// MinLeadDays: the requested delivery date must be on or after today + MinLeadDays.
	MinLeadDays int
	// DescriptionMin is the least similarity in [0,1] at which a line is matched to a product by
	// its description alone.
	DescriptionMin float64
	// CustomerNameMin is the least name-and-address similarity in [0,1] at which a buyer is
	// matched to a customer by name, when no identifier (VAT id, GLN, e-mail) found one.
	CustomerNameMin float64
	// ShipToMin is the least street-or-name similarity in [0,1] at which a ship-to party with the
	// same postal code and country is taken for one of the customer's addresses.
	ShipToMin float64
	// AmbiguityMargin: when the two best candidates of a similarity match (customer, product,
	// ship-to) score within this margin of each other, the match is ambiguous and not made.
	AmbiguityMargin float64
	// AutoMaxNet, when set, sends orders whose net total (in the order's currency) is above it
	// to review, reported as CREDIT_LIMIT: the spec wants a code on every order held back.
	AutoMaxNet *decimal.Decimal
	// PublicMailDomains are free-mail providers whose domain identifies no company: a sender
	// there is matched by its full address only, never by domain. An entry with a dot
	// ("web.de") matches that domain and its subdomains; one without ("yahoo") matches that
	// provider under any top-level domain (yahoo.fr, yahoo.co.uk).
	PublicMailDomains []string
}

// DefaultRules returns the settings o2c ships with.
func DefaultRules() Rules {
	return Rules{
		ConfidenceThreshold:   0.90,
		PriceTolerancePercent: decimal.RequireFromString("0.5"),
		PriceToleranceAmount:  decimal.RequireFromString("0.01"),
		TotalsTolerance:       decimal.RequireFromString("0.01"),
		DuplicateWindow:       30 * 24 * time.Hour,
		MinLeadDays:           1,
		DescriptionMin:        0.60,
		CustomerNameMin:       0.80,
		ShipToMin:             0.75,
		AmbiguityMargin:       0.05,
		PublicMailDomains:     DefaultPublicMailDomains(),
	}
}

// DefaultPublicMailDomains returns the free-mail providers of Europe and North America.
func DefaultPublicMailDomains() []string {
	return []string{
		// Providers under many top-level domains.
		"gmail", "googlemail", "outlook", "hotmail", "live", "msn", "yahoo", "ymail", "aol",
		"icloud", "gmx", "proton", "protonmail", "zoho", "yandex",
		// Providers of one country.
		"me.com", "mac.com", "mail.com", "web.de", "t-online.de", "freenet.de", "arcor.de", "posteo.de",
		"orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "neuf.fr", "bbox.fr", "club-internet.fr",
		"skynet.be", "telenet.be", "proximus.be", "telefonica.net", "terra.es", "btinternet.com",
		"sky.com", "virginmedia.com", "talktalk.net", "libero.it", "virgilio.it", "tiscali.it",
		"bluewin.ch", "hispeed.ch", "chello.at", "aon.at", "seznam.cz", "wp.pl", "o2.pl", "onet.pl",
		"mail.ru", "comcast.net", "verizon.net", "att.net",
	}
}

// publicDomain reports whether an e-mail domain belongs to a free-mail provider.
func (r *Rules) publicDomain(domain string) bool {
	domain = strings.ToLower(domain)
	first, _, _ := strings.Cut(registrableDomain(domain), ".")
	for _, p := range r.PublicMailDomains {
		p = strings.ToLower(p)
		if !strings.Contains(p, ".") {
			if first == p {
				return true
			}
			continue
		}
		if domain == p || strings.HasSuffix(domain, "."+p) {
			return true
		}
	}
	return false
}

// registrableDomain returns the part of a domain a company registers: the last two labels, or
// three under a second-level suffix such as co.uk or com.es ("eu.shop.acme.co.uk" -> "acme.co.uk").
func registrableDomain(domain string) string {
	labels := strings.Split(domain, ".")
	n := 2
	if len(labels) >= 3 && len(labels[len(labels)-1]) == 2 {
		switch labels[len(labels)-2] {
		case "co", "com", "org", "net", "ac", "gov", "ne", "or", "gv":
			n = 3
		}
	}
	if len(labels) <= n {
		return domain
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

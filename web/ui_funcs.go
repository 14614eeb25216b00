package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// funcs are the helpers the templates use; they format, they decide nothing.
func (u *ui) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) string {
			a, ok := u.assets[name]
			if !ok {
				panic("web: no static file " + name)
			}
			return a.url
		},
		"integrity":    func(name string) string { return u.assets[name].integrity },
		"statusLabel":  statusLabel,
		"statusClass":  statusClass,
		"channelLabel": channelLabel,
		"roles":        func() []o2c.Role { return o2c.Roles },
		"can": func(user *o2c.User, perm string) bool {
			return user != nil && user.Role.Can(o2c.Permission(perm))
		},
		"money":   formatMoney,
		"pt":      func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
		"pct":     func(f float64) string { return strconv.FormatFloat(f*100, 'f', 0, 64) + "%" },
		"decimal": func(d decimal.Decimal) string { return d.String() },
		"date": func(d cal.Date) string {
			if d.IsZero() {
				return ""
			}
			return d.String()
		},
		"when": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(u.loc).Format("2006-01-02 15:04")
		},
		"day":       func(t time.Time) string { return t.In(u.loc).Format("2006-01-02") },
		"clock":     func(t time.Time) string { return t.In(u.loc).Format("15:04") },
		"whenExact": func(t time.Time) string { return t.In(u.loc).Format("2006-01-02 15:04:05") },
		"eventStatus": func(after []byte) o2c.OrderStatus {
			var v struct {
				Status o2c.OrderStatus `json:"status"`
			}
			if json.Unmarshal(after, &v) != nil {
				return ""
			}
			return v.Status
		},
		"age":      func(t time.Time) string { return formatDuration(u.orders.Now().Sub(t)) },
		"duration": formatDuration,
		"dueClass": func(d, today cal.Date) string {
			switch {
			case d.IsZero():
				return ""
			case d.Before(today):
				return "due-past"
			case today.DaysUntil(d) <= 2:
				return "due-soon"
			}
			return ""
		},
		"codes": func(as []o2c.Anomaly) []string {
			var out []string
			for _, a := range as {
				if c := string(a.Code); !containsString(out, c) {
					out = append(out, c)
				}
			}
			return out
		},
		"initial": func(s string) string {
			for _, r := range s {
				return strings.ToUpper(string(r))
			}
			return "?"
		},
		"percent": func(n int) string { return fmt.Sprintf("%d%%", n) },
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// statusLabel is a status as people read it: "needs_review" is "Needs review".
func statusLabel(s o2c.OrderStatus) string {
	t := strings.ReplaceAll(string(s), "_", " ")
	if t == "" {
		return ""
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// statusClass groups statuses by what they ask of people, for their colour.
func statusClass(s o2c.OrderStatus) string {
	switch s {
	case o2c.OrderNeedsReview, o2c.OrderOnHold:
		return "st-review"
	case o2c.OrderReceived, o2c.OrderExtracted, o2c.OrderVerified:
		return "st-progress"
	case o2c.OrderApproved:
		return "st-approved"
	case o2c.OrderPosted, o2c.OrderConfirmed:
		return "st-erp"
	case o2c.OrderShipped, o2c.OrderDelivered, o2c.OrderInvoiced, o2c.OrderClosed:
		return "st-done"
	case o2c.OrderRejected, o2c.OrderCancelled:
		return "st-stopped"
	}
	return "st-other"
}

var channelLabels = map[o2c.Channel]string{
	o2c.ChannelPDF: "PDF", o2c.ChannelScan: "Scan", o2c.ChannelEmail: "E-mail", o2c.ChannelEDIFACT: "EDIFACT",
	o2c.ChannelX12: "X12", o2c.ChannelUBL: "UBL", o2c.ChannelCSV: "CSV", o2c.ChannelXLSX: "Excel",
	o2c.ChannelPortal: "Portal", o2c.ChannelAPI: "API", o2c.ChannelFolder: "Folder",
}

func channelLabel(c o2c.Channel) string {
	if l, ok := channelLabels[c]; ok {
		return l
	}
	return string(c)
}

// formatMoney writes an amount at its currency's scale with thousands separated: 12,345.50 EUR.
func formatMoney(d decimal.Decimal, currency string) string {
	scale := int32(2)
	if c, err := money.ParseCurrency(currency); err == nil {
		scale = c.Scale()
	}
	s := d.StringFixed(scale)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	if currency != "" {
		out += " " + currency
	}
	return out
}

// formatDuration writes a duration in the two largest units that matter: "3 d 4 h", "12 min", "40 s".
func formatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%d d %d h", d/(24*time.Hour), (d%(24*time.Hour))/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%d h %d min", d/time.Hour, (d%time.Hour)/time.Minute)
	case d >= time.Minute:
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	if d < 100*time.Millisecond {
		return "< 0.1 s"
	}
	if d < 10*time.Second {
		return fmt.Sprintf("%d.%d s", d/time.Second, (d%time.Second)/(100*time.Millisecond))
	}
	return fmt.Sprintf("%d s", d/time.Second)
}

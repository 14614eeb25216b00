package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
)

// stageLabels name the stages of an order as a customer reads them.
var stageLabels = map[app.Stage]string{
	app.StageReceived: "Received", app.StageChecking: "Being checked", app.StageAccepted: "Accepted",
	app.StageConfirmed: "Confirmed", app.StageShipped: "Shipped", app.StageDelivered: "Delivered",
	app.StageInvoiced: "Invoiced", app.StageClosed: "Completed", app.StageRejected: "Not accepted",
	app.StageCancelled: "Cancelled",
}

// stageClasses colour the stages with the staff app's status colours.
var stageClasses = map[app.Stage]string{
	app.StageReceived: "st-progress", app.StageChecking: "st-review", app.StageAccepted: "st-approved",
	app.StageConfirmed: "st-erp", app.StageShipped: "st-done", app.StageDelivered: "st-done",
	app.StageInvoiced: "st-done", app.StageClosed: "st-done", app.StageRejected: "st-stopped",
	app.StageCancelled: "st-stopped",
}

var docLabels = map[o2c.ArchiveDocType]string{
	o2c.ArchiveOrder: "Your order", o2c.ArchiveOrderResponse: "Order response", o2c.ArchiveConfirmation: "Order confirmation",
	o2c.ArchiveDeliveryNote: "Delivery note", o2c.ArchiveInvoice: "Invoice", o2c.ArchiveCreditNote: "Credit note",
}

// unitLabels name the common UN/ECE Rec. 20 units as buyers write them; others show as coded.
var unitLabels = map[string]string{
	"C62": "piece", "EA": "piece", "H87": "piece", "PCE": "piece", "LTR": "litre", "KGM": "kg", "GRM": "g",
	"MTR": "m", "BX": "box", "PK": "pack", "CT": "carton", "CS": "case", "PR": "pair", "SET": "set", "BO": "bottle",
	"CA": "can", "BG": "bag", "RO": "roll", "TU": "tube", "PA": "packet", "XBX": "box", "XPK": "pack",
}

// funcs are the portal templates' helpers; they format, they decide nothing.
func (p *portal) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) string {
			a, ok := p.assets[name]
			if !ok {
				panic("web: the portal serves no static file " + name)
			}
			return a.url
		},
		"integrity":  func(name string) string { return p.assets[name].integrity },
		"stage":      func(s o2c.OrderStatus) app.Stage { return app.StageOf(s) },
		"stageLabel": func(s app.Stage) string { return stageLabels[s] },
		"stageClass": func(s app.Stage) string { return stageClasses[s] },
		"docLabel": func(t o2c.ArchiveDocType) string {
			if l, ok := docLabels[t]; ok {
				return l
			}
			return string(t)
		},
		"money":   formatMoney,
		"decimal": func(d decimal.Decimal) string { return d.String() },
		"decp": func(d *decimal.Decimal) string {
			if d == nil {
				return ""
			}
			return d.String()
		},
		"date": func(d cal.Date) string {
			if d.IsZero() {
				return ""
			}
			return d.String()
		},
		"day":  func(t time.Time) string { return t.In(p.loc).Format("2006-01-02") },
		"when": func(t time.Time) string { return t.In(p.loc).Format("2006-01-02 15:04") },
		"size": func(n int64) string {
			switch {
			case n >= 1<<20:
				return fmt.Sprintf("%d.%d MB", n>>20, (n%(1<<20))*10>>20)
			case n >= 1<<10:
				return fmt.Sprintf("%d KB", n>>10)
			}
			return fmt.Sprintf("%d bytes", n)
		},
		"deref": func(d *decimal.Decimal) decimal.Decimal { return *d },
		"initial": func(s string) string {
			for _, r := range s {
				return strings.ToUpper(string(r))
			}
			return "?"
		},
		"unit": func(u string) string {
			if l, ok := unitLabels[strings.ToUpper(u)]; ok {
				return l
			}
			return u
		},
		"fault": func(faults map[string]string, path string) string { return faults[path] },
		"shipTo": func(list []o2c.ShipTo, id string) *o2c.ShipTo {
			for i := range list {
				if list[i].AddressID == id {
					return &list[i]
				}
			}
			return nil
		},
	}
}

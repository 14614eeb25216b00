package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/ar"
	"github.com/o2c-project/o2c/cal"
)

// The receivables report: what customers owe by how late it is, days sales outstanding, and the
// cash the due dates promise week by week. Package ar computes; this file reads the invoices and
// lays the chart out.

const (
	dsoDays       = 90
	forecastWeeks = 8
	// maxReportInvoices bounds the invoices the report reads; past it the figures say partial.
	maxReportInvoices = 50_000
)

// ageRow is one customer's line of the ageing table.
type ageRow struct {
	ar.Row
	CustomerName string
}

// dsoFigure is the DSO of one currency.
type dsoFigure struct {
	Currency string
	Days     decimal.Decimal
}

// receivablesData is the report page.
type receivablesData struct {
	Today     cal.Date
	Buckets   []string
	Rows      []ageRow
	Totals    []ar.Row
	DSO       []dsoFigure
	DSODays   int
	Forecasts []forecastView
	Partial   bool
}

// cashReceivables shows the ageing, DSO and forecast.
func (u *ui) cashReceivables(w http.ResponseWriter, r *http.Request) {
	today := u.invoices.Today()
	invs, partial, err := u.reportInvoices(r, today)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	age := ar.AgeingOf(invs, today)
	d := receivablesData{Today: today, Buckets: ar.Buckets, Totals: age.Totals, DSODays: dsoDays, Partial: partial}
	names := map[string]string{}
	for _, row := range age.Rows {
		d.Rows = append(d.Rows, ageRow{Row: row, CustomerName: u.customerName(r, row.CustomerID, names)})
	}
	var currencies []string
	for _, inv := range invs {
		if inv.Status != o2c.InvoiceDraft && !slices.Contains(currencies, inv.Currency) {
			currencies = append(currencies, inv.Currency)
		}
	}
	slices.Sort(currencies)
	for _, cur := range currencies {
		d.DSO = append(d.DSO, dsoFigure{Currency: cur, Days: ar.DSO(invs, cur, today, dsoDays)})
		d.Forecasts = append(d.Forecasts, newForecastView(ar.ForecastOf(invs, cur, today, forecastWeeks)))
	}
	u.render(w, r, http.StatusOK, "cash_receivables", page{Title: "Receivables", Nav: "cash", Data: d})
}

// reportInvoices reads what the report needs: every open invoice and credit note, and those issued
// in the DSO period (the sales DSO divides by).
func (u *ui) reportInvoices(r *http.Request, today cal.Date) ([]*o2c.Invoice, bool, error) {
	seen := map[int64]bool{}
	var out []*o2c.Invoice
	for _, f := range []o2c.InvoiceFilter{{Status: openStatuses()}, {IssuedFrom: today.AddDays(-dsoDays), IssuedTo: today}} {
		for f.Offset, f.Limit = 0, 500; ; f.Offset += 500 {
			list, _, err := u.invoices.List(r.Context(), f)
			if err != nil {
				return nil, false, err
			}
			for _, inv := range list {
				if !seen[inv.ID] {
					seen[inv.ID] = true
					out = append(out, inv)
				}
			}
			if len(out) >= maxReportInvoices {
				return out, true, nil
			}
			if len(list) < 500 {
				break
			}
		}
	}
	return out, false, nil
}

// forecastView is a forecast with its column chart laid out in SVG units.
type forecastView struct {
	ar.Forecast
	Total  decimal.Decimal // all that is expected, overdue and later included
	Width  int
	Height int
	Base   int // the baseline's y
	Cols   []column
}

// column is one column of the chart.
type column struct {
	Label, Sub, Class, Title string
	Value, Exact             string // the amount in whole units for the chart, and exactly for the table
	X, Y, W, H               int
	Mid, ValueY              int
}

// Forecast chart geometry: 10 columns (overdue, 8 weeks, later) in 860 units, drawn at most that
// wide so that its text keeps the page's size.
const (
	fcWidth  = 860
	fcTop    = 22 // room for the value above the tallest column
	fcPlot   = 170
	fcLabels = 40 // the week under each column, and its invoice count
	fcGap    = 14
)

func newForecastView(f ar.Forecast) forecastView {
	v := forecastView{Forecast: f, Width: fcWidth, Height: fcTop + fcPlot + fcLabels, Base: fcTop + fcPlot}
	type cell struct {
		label, sub, class, title string
		amount                   decimal.Decimal
	}
	cells := []cell{{"Overdue", "now", "bar-warn", "Past due: expected now, but uncertain", f.Overdue}}
	for i, wk := range f.Weeks {
		sub := ""
		switch {
		case wk.Invoices == 1:
			sub = "1 invoice"
		case wk.Invoices > 1:
			sub = fmt.Sprintf("%d invoices", wk.Invoices)
		}
		title := "Week of " + wk.Start.String()
		if i == 0 {
			title = "This week, from " + wk.Start.String()
		}
		cells = append(cells, cell{shortDay(wk.Start), sub, "bar-accent", title, wk.Expected})
	}
	last := f.Weeks[len(f.Weeks)-1].Start.AddDays(7)
	cells = append(cells, cell{"Later", "from " + shortDay(last), "bar-st-other", "Due from " + last.String(), f.Later})
	top := decimal.Zero
	for _, c := range cells {
		top = decimal.Max(top, c.amount)
		v.Total = v.Total.Add(c.amount)
	}
	step := fcWidth / len(cells)
	for i, c := range cells {
		h := 0
		if top.IsPositive() && c.amount.IsPositive() {
			// Heights are whole SVG units: the amount's share of the tallest, never a float.
			h = max(2, int(c.amount.Mul(decimal.NewFromInt(fcPlot)).DivRound(top, 0).IntPart()))
		}
		x := i*step + fcGap/2
		value, _, _ := strings.Cut(formatMoney(c.amount.Round(0), ""), ".")
		exact := strings.TrimSuffix(formatMoney(c.amount, f.Currency), " "+f.Currency)
		if c.amount.IsZero() {
			value, exact = "–", "–"
		}
		v.Cols = append(v.Cols, column{Label: c.label, Sub: c.sub, Value: value, Exact: exact, Class: c.class,
			Title: c.title + ": " + formatMoney(c.amount, f.Currency), X: x, Y: v.Base - h, W: step - fcGap, H: h,
			Mid: x + (step-fcGap)/2, ValueY: v.Base - h - 6})
	}
	return v
}

// shortDay writes a date as "2 Mar".
func shortDay(d cal.Date) string { return fmt.Sprintf("%d %s", d.Day, d.Month.String()[:3]) }

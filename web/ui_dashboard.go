package web

import (
	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// dashboardData is the dashboard with its charts laid out.
type dashboardData struct {
	*app.Dashboard
	TodayByChannel, TodayByStatus, WeekByChannel, WeekByStatus, Exceptions barChart
}

func dashboardView(d *app.Dashboard) dashboardData {
	channel := func(k string) (string, string) { return channelLabel(o2c.Channel(k)), "bar-accent" }
	status := func(k string) (string, string) {
		return statusLabel(o2c.OrderStatus(k)), "bar-" + statusClass(o2c.OrderStatus(k))
	}
	exception := func(k string) (string, string) { return k, "bar-warn" }
	return dashboardData{Dashboard: d,
		TodayByChannel: newBarChart(d.Today.ByChannel, channel),
		TodayByStatus:  newBarChart(d.Today.ByStatus, status),
		WeekByChannel:  newBarChart(d.Week.ByChannel, channel),
		WeekByStatus:   newBarChart(d.Week.ByStatus, status),
		Exceptions:     newBarChart(d.Exceptions, exception),
	}
}

// barChart is a horizontal bar chart drawn as inline SVG: no script, and colours come from the
// style sheet through the bars' classes.
type barChart struct {
	Width, Height int
	LabelWidth    int
	Bars          []bar
}

// bar is one bar, its geometry in SVG user units.
type bar struct {
	Label, Class string
	N            int
	Y, W, TextY  int
	ValueX       int
}

// Chart geometry.
const (
	chartWidth  = 460
	chartLabel  = 110 // the labels' column, at least
	chartValue  = 44  // room for the number after the longest bar
	chartRow    = 26
	chartBar    = 16
	chartMaxRow = 20 // longer lists are cut: the rest are the smallest
)

func newBarChart(counts []app.Count, label func(key string) (text, class string)) barChart {
	if len(counts) > chartMaxRow {
		counts = counts[:chartMaxRow]
	}
	top, longest := 0, 0
	for _, n := range counts {
		top = max(top, n.N)
		text, _ := label(n.Key)
		longest = max(longest, len([]rune(text)))
	}
	// The labels' column fits the longest label (about 8 units a character at 13 px).
	c := barChart{Width: chartWidth, LabelWidth: min(max(chartLabel, longest*8+12), 230)}
	span := chartWidth - c.LabelWidth - chartValue
	for i, n := range counts {
		text, class := label(n.Key)
		w := 0
		if top > 0 {
			w = max(2, n.N*span/top)
		}
		y := i * chartRow
		c.Bars = append(c.Bars, bar{Label: text, Class: class, N: n.N, Y: y + (chartRow-chartBar)/2, W: w,
			TextY: y + chartRow/2 + 5, ValueX: c.LabelWidth + w + 6})
	}
	c.Height = max(len(c.Bars)*chartRow, chartRow)
	return c
}

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// uiPageSize is how many orders a list page shows.
const uiPageSize = 50

// dashboard shows the counts of today and this week, with charts.
func (u *ui) dashboard(w http.ResponseWriter, r *http.Request) {
	d, err := u.orders.Dashboard(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "dashboard", page{Title: "Dashboard", Nav: "dashboard", Data: dashboardView(d)})
}

// orderRow is an order as a list shows it.
type orderRow struct {
	*o2c.Order
	CustomerName string
}

// orderListData is the order list page: its filters as given, the rows, and where the page is.
type orderListData struct {
	Filter   orderListFilter
	Rows     []orderRow
	Total    int
	From, To int // 1-based positions of the first and last row shown
	Prev     string
	Next     string
	Statuses []o2c.OrderStatus
	Channels []o2c.Channel
	Error    string
}

// orderListFilter is the query of the order list, as the form sends it.
type orderListFilter struct {
	Status, Channel, Customer, Q, Since, Until string
	Page                                       int
}

func (f orderListFilter) query(page int) string {
	v := url.Values{}
	for k, s := range map[string]string{"status": f.Status, "channel": f.Channel, "customer": f.Customer,
		"q": f.Q, "from": f.Since, "to": f.Until} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return uiPrefix + "/orders"
	}
	return uiPrefix + "/orders?" + v.Encode()
}

// orderList lists orders, newest first, with filters and search; htmx refreshes only the results.
func (u *ui) orderList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := orderListFilter{Status: q.Get("status"), Channel: q.Get("channel"), Customer: strings.TrimSpace(q.Get("customer")),
		Q: strings.TrimSpace(q.Get("q")), Since: q.Get("from"), Until: q.Get("to"), Page: 1}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 && p <= 100_000 {
		in.Page = p
	}
	data := orderListData{Filter: in, Statuses: o2c.OrderStatuses, Channels: o2c.Channels}
	f := o2c.OrderFilter{CustomerID: in.Customer, Query: in.Q, Offset: (in.Page - 1) * uiPageSize, Limit: uiPageSize}
	var problems []string
	if in.Status != "" {
		if st := o2c.OrderStatus(in.Status); st.Valid() {
			f.Status = []o2c.OrderStatus{st}
		} else {
			problems = append(problems, "unknown status "+strconv.Quote(in.Status))
		}
	}
	if in.Channel != "" {
		if ch := o2c.Channel(in.Channel); slices.Contains(o2c.Channels, ch) {
			f.Channel = ch
		} else {
			problems = append(problems, "unknown channel "+strconv.Quote(in.Channel))
		}
	}
	if d, ok := u.parseDay(in.Since, &problems, "from"); ok {
		f.Since = d
	}
	if d, ok := u.parseDay(in.Until, &problems, "to"); ok {
		f.Until = d.AddDate(0, 0, 1) // to the end of that day
	}
	if len(problems) > 0 {
		data.Error = "Filter ignored: " + strings.Join(problems, "; ") + "."
	}
	orders, total, err := u.orders.List(r.Context(), f)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	data.Rows, data.Total = u.rows(r, orders), total
	if len(orders) > 0 {
		data.From, data.To = f.Offset+1, f.Offset+len(orders)
	}
	if in.Page > 1 {
		data.Prev = in.query(in.Page - 1)
	}
	if f.Offset+len(orders) < total {
		data.Next = in.query(in.Page + 1)
	}
	u.render(w, r, http.StatusOK, "orders", page{Title: "Orders", Nav: "orders", Data: data})
}

// parseDay reads a YYYY-MM-DD filter as the start of that day in the company's zone.
func (u *ui) parseDay(s string, problems *[]string, what string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	d, err := cal.Parse(s)
	if err != nil {
		*problems = append(*problems, what+" is not a date YYYY-MM-DD")
		return time.Time{}, false
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, u.loc), true
}

// rows adds the customers' names to orders; an unknown customer shows its id.
func (u *ui) rows(r *http.Request, orders []*o2c.Order) []orderRow {
	names := map[string]string{}
	out := make([]orderRow, len(orders))
	for i, o := range orders {
		out[i] = orderRow{Order: o}
		if o.CustomerID == "" || u.md == nil {
			continue
		}
		name, seen := names[o.CustomerID]
		if !seen {
			if c, err := u.md.Customer(r.Context(), o.CustomerID); err == nil {
				name = c.Name
			}
			names[o.CustomerID] = name
		}
		out[i].CustomerName = name
	}
	return out
}

// reviewData is the review queue page.
type reviewData struct {
	Rows       []orderRow
	Total      int
	From, To   int
	Prev, Next string
	Today      cal.Date
}

// reviewQueue lists the orders in review, most urgent first.
func (u *ui) reviewQueue(w http.ResponseWriter, r *http.Request) {
	pageNo := 1
	if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 1 && p <= 100_000 {
		pageNo = p
	}
	offset := (pageNo - 1) * uiPageSize
	orders, total, err := u.orders.ReviewQueue(r.Context(), offset, uiPageSize)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	data := reviewData{Rows: u.rows(r, orders), Total: total, Today: cal.DateIn(u.orders.Now(), u.loc)}
	if len(orders) > 0 {
		data.From, data.To = offset+1, offset+len(orders)
	}
	if pageNo > 1 {
		data.Prev = uiPrefix + "/review?page=" + strconv.Itoa(pageNo-1)
	}
	if offset+len(orders) < total {
		data.Next = uiPrefix + "/review?page=" + strconv.Itoa(pageNo+1)
	}
	u.render(w, r, http.StatusOK, "review", page{Title: "Review queue", Nav: "review", Data: data})
}

package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

const portalPageSize = 25

type portalOrderList struct {
	Q               string
	Rows            []*o2c.Order
	Total, From, To int
	Prev, Next      string
}

// orderList is "My orders": the customer's orders, newest first, searched by PO number.
func (p *portal) orderList(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	offset = max(offset, 0)
	rows, total, err := p.svc.ListOrders(r.Context(), portalUser(r), o2c.CustomerOrderFilter{PONumber: q, Offset: offset, Limit: portalPageSize})
	if err != nil {
		p.fail(w, r, err)
		return
	}
	d := portalOrderList{Q: q, Rows: rows, Total: total, From: offset + 1, To: offset + len(rows)}
	link := func(off int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if off > 0 {
			v.Set("offset", strconv.Itoa(off))
		}
		if len(v) == 0 {
			return portalPrefix + "/"
		}
		return portalPrefix + "/?" + v.Encode()
	}
	if offset > 0 {
		d.Prev = link(max(offset-portalPageSize, 0))
	}
	if offset+len(rows) < total {
		d.Next = link(offset + portalPageSize)
	}
	p.render(w, r, http.StatusOK, "orders", portalPage{Title: "My orders", Nav: "orders", Data: d})
}

// pathID reads the {id} of a path; anything but a positive number is simply not found.
func portalID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, o2c.Errorf(o2c.CodeNotFound, "There is no order %s.", r.PathValue("id"))
	}
	return id, nil
}

type portalOrderData struct {
	*app.CustomerOrder
	Placed bool // just placed or uploaded: say thank you
}

// orderPage shows one order of the customer: lines, timeline, documents. 404 for any other.
func (p *portal) orderPage(w http.ResponseWriter, r *http.Request) {
	id, err := portalID(r)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	co, err := p.svc.Order(r.Context(), portalUser(r), id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	title := fmt.Sprintf("Order %d", co.Order.ID)
	if co.Order.PONumber != "" {
		title = "Order " + co.Order.PONumber
	}
	p.render(w, r, http.StatusOK, "order", portalPage{Title: title, Nav: "orders",
		Data: portalOrderData{CustomerOrder: co, Placed: r.URL.Query().Get("placed") == "1"}})
}

// download sends one document of an order as an attachment. 404 for another customer's order
// and for anything not among the order's documents.
func (p *portal) download(w http.ResponseWriter, r *http.Request) {
	id, err := portalID(r)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	d, err := p.svc.Document(r.Context(), portalUser(r), id, r.PathValue("ref"))
	if err != nil {
		p.fail(w, r, err)
		return
	}
	defer d.Content.Close()
	ct := d.ContentType
	if _, _, err := mime.ParseMediaType(ct); err != nil || ct == "" {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": downloadName(d.FileName)}))
	// A stored original is the customer's file, never a page of ours: nothing in it may run.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if _, err := io.Copy(w, d.Content); err != nil {
		logger(r.Context()).WarnContext(r.Context(), "send portal document", "order", id, "err", err)
	}
}

// downloadName is a file name a browser may save under.
func downloadName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == '/' || r == '\\' || r == '"' {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		return "document"
	}
	return name
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
)

// demo serves o2c with the demo master data and sends the demo orders through the pipeline.
// Running it again changes nothing: every demo order has a natural key, so it is received once.
func (m *Main) demo(ctx context.Context, args []string) error {
	fs := m.flags("demo")
	store := m.storeFlags(fs)
	addr := fs.String("addr", m.env("O2C_ADDR", ":8080"), "HTTP listen address")
	zone := fs.String("zone", m.env("O2C_ZONE", "Europe/Paris"), "the company's IANA time zone")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := openStack(ctx, stackParams{store: store, workers: 20, zone: *zone, log: log, seller: demoSeller()})
	if err != nil {
		return err
	}
	defer s.close()
	secret, keyPath, err := s.ensureAdminKey(ctx, store.dataDir)
	if err != nil {
		return err
	}
	report, err := s.masterData.Upsert(ctx, demo.MasterData(), "demo")
	if err != nil {
		return fmt.Errorf("load demo master data: %w", err)
	}
	fmt.Fprintf(m.Stdout, "Loaded the demo master data: %s\n", summarizeImport(report))
	portalLogin, err := ensureDemoPortalUser(ctx, s)
	if err != nil {
		return err
	}
	staffLogin, err := ensureDemoStaffUser(ctx, s)
	if err != nil {
		return err
	}
	return s.run(ctx, *addr, func(url string) {
		list := demo.Orders(cal.DateIn(time.Now(), s.orders.Location))
		settled, err := sendDemoOrders(ctx, s.orders, list)
		if err != nil {
			fmt.Fprintf(m.Stderr, "demo orders: %s\n", oneLine(err))
			return
		}
		m.printDemoSummary(list, settled)
		if pdf, err := sendDemoPDF(ctx, s.orders, cal.DateIn(time.Now(), s.orders.Location)); err != nil {
			fmt.Fprintf(m.Stderr, "demo PDF order: %s\n", oneLine(err))
		} else {
			fmt.Fprintf(m.Stdout, "A PDF order waits in review: %s/ui/orders/%d\n", url, pdf.ID)
		}
		fmt.Fprintf(m.Stdout, "\no2c is serving on %s (Ctrl-C to stop)\n", url)
		if secret != "" {
			fmt.Fprintf(m.Stdout, "  admin API key: %s (saved in %s)\n", secret, keyPath)
		}
		fmt.Fprintf(m.Stdout, "  KEY=$(cat %s/admin-api-key.txt)\n", store.dataDir)
		fmt.Fprintf(m.Stdout, "  orders:        curl -H \"Authorization: Bearer $KEY\" %s/api/v1/orders\n", url)
		fmt.Fprintf(m.Stdout, "  review queue:  curl -H \"Authorization: Bearer $KEY\" '%s/api/v1/orders?status=needs_review'\n", url)
		fmt.Fprintf(m.Stdout, "  one order:     curl -H \"Authorization: Bearer $KEY\" %s/api/v1/orders/1/history\n", url)
		fmt.Fprintf(m.Stdout, "  API document:  %s/api/v1/openapi.json\n", url)
		fmt.Fprintf(m.Stdout, "  ERP outbox:    %s\n", s.outbox)
		fmt.Fprintf(m.Stdout, "  staff app:     %s/ui/ as %s\n", url, staffLogin)
		fmt.Fprintf(m.Stdout, "  portal:        %s/portal/ as %s\n", url, portalLogin)
	})
}

// The demo's staff login: an order-desk clerk, so that the review screen is one click away. A
// demo only: a real install makes its users with 'o2c user create'.
const (
	demoStaffEmail    = "clerk@o2c.example"
	demoStaffPassword = "demo clerk password"
)

// ensureDemoStaffUser makes the demo's clerk unless it exists, and returns its login.
func ensureDemoStaffUser(ctx context.Context, s *stack) (string, error) {
	_, _, err := app.NewUsers(s.db).Create(ctx, app.CreateUserParams{Email: demoStaffEmail, Name: "Demo clerk",
		Role: o2c.RoleOrderDesk, Password: demoStaffPassword, Actor: "demo"})
	if err != nil && o2c.ErrorCode(err) != o2c.CodeConflict {
		return "", fmt.Errorf("create the demo clerk: %w", err)
	}
	return demoStaffEmail + " / " + demoStaffPassword, nil
}

func summarizeImport(r o2c.ImportReport) string {
	var parts []string
	for _, f := range r.Files {
		parts = append(parts, fmt.Sprintf("%s %d rows", f.File, f.Rows))
	}
	return strings.Join(parts, ", ")
}

// sendDemoPDF receives the demo's PDF order, which needs a person, as a mailbox would hand it over,
// and waits until it has been read.
func sendDemoPDF(ctx context.Context, orders *app.Orders, today cal.Date) (*o2c.Order, error) {
	r, err := orders.Receive(ctx, app.ReceiveParams{Channel: o2c.ChannelPDF, Sender: demo.ReviewPDFSender,
		Filename: demo.ReviewPDFName, ContentType: "application/pdf", Content: demo.ReviewPDF(today),
		NaturalKey: "demo:" + demo.ReviewPDFName, Actor: "demo"})
	if err != nil {
		return nil, fmt.Errorf("receive the demo PDF order: %w", err)
	}
	o := waitSettled(ctx, orders, []int64{r.Orders[0].ID}, 60*time.Second)[0]
	if o == nil {
		return nil, fmt.Errorf("the demo PDF order %d could not be read back", r.Orders[0].ID)
	}
	return o, nil
}

// sendDemoOrders receives each demo order as a JSON document, as a machine sender would, and
// returns each order once it has left the automatic steps.
func sendDemoOrders(ctx context.Context, orders *app.Orders, list []demo.Order) ([]*o2c.Order, error) {
	ids := make([]int64, len(list))
	for i, d := range list {
		body, err := json.Marshal(d.Draft)
		if err != nil {
			return nil, fmt.Errorf("encode demo order %s: %w", d.Name, err)
		}
		channel := o2c.ChannelAPI
		if d.Draft.Source != nil && d.Draft.Source.Channel != "" {
			channel = d.Draft.Source.Channel
		}
		r, err := orders.Receive(ctx, app.ReceiveParams{Channel: channel, Sender: d.Sender, Filename: d.Name + ".json",
			ContentType: "application/json", Content: body, NaturalKey: "demo:" + d.Name,
			Drafts: []o2c.OrderDraft{d.Draft}, Actor: "demo"})
		if err != nil {
			return nil, fmt.Errorf("receive demo order %s: %w", d.Name, err)
		}
		ids[i] = r.Orders[0].ID
		// The demo orders are checked in this order (a duplicate after its original), so each
		// waits until the one before has been verified.
		waitSettled(ctx, orders, ids[i:i+1], 10*time.Second)
	}
	return waitSettled(ctx, orders, ids, 60*time.Second), nil
}

// waitSettled polls until every order has left the automatic steps, or the time is up.
func waitSettled(ctx context.Context, orders *app.Orders, ids []int64, limit time.Duration) []*o2c.Order {
	deadline := time.Now().Add(limit)
	out := make([]*o2c.Order, len(ids))
	for {
		pending := 0
		for i, id := range ids {
			o, err := orders.Order(ctx, id)
			if err != nil {
				pending++
				continue
			}
			out[i] = o
			if !settledStatus(o.Status) {
				pending++
			}
		}
		if pending == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			return out
		}
		select {
		case <-ctx.Done():
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func settledStatus(s o2c.OrderStatus) bool {
	return s != o2c.OrderReceived && s != o2c.OrderExtracted && s != o2c.OrderVerified && s != o2c.OrderApproved
}

func (m *Main) printDemoSummary(list []demo.Order, orders []*o2c.Order) {
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nORDER\tDEMO CASE\tSTATUS\tANOMALIES\tAS BUILT")
	posted, review, off := 0, 0, 0
	for i, d := range list {
		o := orders[i]
		if o == nil {
			continue
		}
		codes, want := anomalyCodes(o), expectedCodes(d)
		ok := "yes"
		if !slices.Equal(codes, want) {
			ok, off = "NO (built for "+strings.Join(want, ",")+")", off+1
		}
		switch o.Status {
		case o2c.OrderPosted:
			posted++
		case o2c.OrderNeedsReview:
			review++
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", o.ID, d.Name, o.Status, strings.Join(codes, ","), ok)
	}
	tw.Flush()
	fmt.Fprintf(m.Stdout, "\n%d orders: %d posted to the ERP with no human touch, %d waiting in review", len(list), posted, review)
	if off > 0 {
		fmt.Fprintf(m.Stdout, ", %d not as built", off)
	}
	fmt.Fprintln(m.Stdout)
}

// anomalyCodes returns the distinct anomaly codes of an order, sorted.
func anomalyCodes(o *o2c.Order) []string {
	var codes []string
	for _, a := range o.Anomalies {
		if !slices.Contains(codes, string(a.Code)) {
			codes = append(codes, string(a.Code))
		}
	}
	slices.Sort(codes)
	return codes
}

// expectedCodes returns the codes a demo order was built to have, sorted.
func expectedCodes(d demo.Order) []string {
	var want []string
	for _, c := range d.Expect {
		want = append(want, string(c))
	}
	slices.Sort(want)
	return want
}

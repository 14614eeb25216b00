package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/extract/layout/corpus"
)

func (m *Main) bench(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "accuracy" {
		return m.benchAccuracy(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "invoice" {
		return m.benchInvoice(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "reconcile" {
		return m.benchReconcile(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "ui" {
		return m.benchUI(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "corpus" {
		// Order documents of the generator's layouts, each with its truth, for bench accuracy.
		return corpus.Main(args[1:], m.Stdout)
	}
	if len(args) == 0 || (args[0] != "pipeline" && args[0] != "intake") {
		fmt.Fprintln(m.Stderr, "usage: o2c bench pipeline --orders N [--db DSN] [--clients C]\n"+
			"       o2c bench intake --interchanges N [--db DSN]   (EDIFACT files of 100 orders into the watched folder)\n"+
			"       o2c bench invoice --n 10000   (issue and render invoices: PDF + Factur-X + UBL)\n"+
			"       o2c bench accuracy DIR [--held-out] [--wrong]  (documents with NAME.truth.json beside them)\n"+
			"       o2c bench reconcile [--transactions 100000] [--invoices 100000] [--seed 1]  (bank reconciliation accuracy and speed)\n"+
			"       o2c bench ui [--orders 100000] [--data DIR] [--reuse] [--strict]  (staff app pages and archive search)\n"+
			"       o2c bench corpus -out DIR [-per-layout N] [-channels pdf,scan,photo,handwritten,email]  (generate such documents)")
		return errUsage
	}
	fs := m.flags("bench " + args[0])
	n := fs.Int("orders", 2000, "orders to send (pipeline)")
	interchanges := fs.Int("interchanges", 30, "EDIFACT interchanges of 100 orders to drop (intake)")
	dsn := fs.String("db", "", "postgres://... to measure PostgreSQL (a fresh schema is made and dropped); default a fresh SQLite file")
	clients := fs.Int("clients", 8, "concurrent API clients (pipeline)")
	workers := fs.Int("workers", 50, "concurrent jobs")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	if _, err := parseInterspersed(fs, args[1:]); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	b, err := startBench(ctx, *dsn, *workers)
	if err != nil {
		return err
	}
	defer b.close()
	today := cal.DateOf(time.Now().UTC())
	start := time.Now()
	total := *n
	switch args[0] {
	case "pipeline":
		fmt.Fprintf(m.Stdout, "o2c bench pipeline: %d orders, %d API clients, %d workers, engine %s\n", *n, *clients, *workers, b.s.db.Engine())
		if err := submitAll(ctx, b.base+"/api/v1/orders", b.secret, benchOrders(b.md, *n, today), *clients); err != nil {
			return err
		}
	case "intake":
		total = *interchanges * ordersPerInterchange
		fmt.Fprintf(m.Stdout, "o2c bench intake: %d EDIFACT interchanges of %d orders dropped in the watched folder, %d workers, engine %s\n",
			*interchanges, ordersPerInterchange, *workers, b.s.db.Engine())
		if err := dropInterchanges(b.inbox, b.md, *interchanges, today); err != nil {
			return err
		}
	}
	submitted := time.Since(start)
	final, err := waitAllSettled(ctx, b.s, total, 10*time.Minute)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	answered := time.Duration(0)
	if args[0] == "intake" {
		// Every interchange is acknowledged and every order answered with an ORDRSP.
		if err := waitFiles(ctx, b.answers, *interchanges+total, 10*time.Minute); err != nil {
			return err
		}
		answered = time.Since(start)
	}
	ws := b.s.db.WriteDB().Stats()
	b.stop()
	fmt.Fprintf(m.Stdout, "writer pool:   %d waits, %s waited in all\n", ws.WaitCount, ws.WaitDuration.Round(time.Millisecond))
	if answered > 0 {
		fmt.Fprintf(m.Stdout, "answered:      %d CONTRL and %d ORDRSP written %s after the first file (%.0f orders/s)\n",
			*interchanges, total, answered.Round(time.Millisecond), float64(total)/answered.Seconds())
	}
	return m.printBench(final, submitted, elapsed)
}

// benchRun is a running o2c on a fresh database, with the bench master data and an API key.
type benchRun struct {
	s       *stack
	md      *o2c.MasterData
	base    string // the API's URL
	secret  string // an API key that may submit orders
	inbox   string // the watched folder
	answers string // where acknowledgements and order responses are written
	stop    func() // stops serving; idempotent
	close   func()
}

func startBench(ctx context.Context, dsn string, workers int) (*benchRun, error) {
	dir, err := os.MkdirTemp("", "o2c-bench-")
	if err != nil {
		return nil, err
	}
	var cleanups []func()
	b := &benchRun{inbox: filepath.Join(dir, "inbox"), answers: filepath.Join(dir, "answers")}
	b.close = func() {
		b.stop()
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}
	b.stop = func() {}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	store := &storeConfig{dataDir: dir, dsn: dsn}
	if store.engine() == "postgres" {
		schemaDSN, drop, err := freshSchema(ctx, dsn)
		if err != nil {
			b.close()
			return nil, err
		}
		cleanups = append(cleanups, drop)
		store.dsn = schemaDSN
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if b.s, err = openStack(ctx, stackParams{store: store, inbox: b.inbox, workers: workers, zone: "UTC", log: log}); err != nil {
		b.close()
		return nil, err
	}
	cleanups = append(cleanups, func() { b.s.close() })
	b.md = benchMasterData()
	if _, err := b.s.masterData.Upsert(ctx, b.md, "bench"); err != nil {
		b.close()
		return nil, fmt.Errorf("load master data: %w", err)
	}
	if b.secret, _, err = b.s.keys.Create(ctx, "bench", []o2c.Scope{o2c.ScopeOrdersWrite}, "bench"); err != nil {
		b.close()
		return nil, err
	}
	runCtx, cancel := context.WithCancel(ctx)
	baseURL := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- b.s.run(runCtx, "127.0.0.1:0", func(u string) { baseURL <- u }) }()
	var once sync.Once
	b.stop = func() { once.Do(func() { cancel(); <-done }) }
	select {
	case b.base = <-baseURL:
		return b, nil
	case err := <-done:
		b.close()
		return nil, err
	}
}

// freshSchema makes a schema of its own for one run, so the figures never include old data.
func freshSchema(ctx context.Context, dsn string) (string, func(), error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("o2c_bench_%d", time.Now().UnixNano())
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("create bench schema: %w", err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		db.Close()
		return "", nil, fmt.Errorf("parse --db: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	}, nil
}

// benchMasterData is the demo master data without credit limits and with deep stock, so that
// every synthetic order is clean and the run measures the automatic path end to end.
func benchMasterData() *o2c.MasterData {
	md := demo.MasterData()
	deep := decimal.NewFromInt(1_000_000_000)
	for i := range md.Customers {
		md.Customers[i].CreditLimit = nil
	}
	for i := range md.Products {
		md.Products[i].StockQty = &deep
	}
	return md
}

// benchOrders makes n clean orders: customers in turn, identified by VAT id, three
// lines each at quantities that respect minimums and pack sizes, prices left to the agreement.
func benchOrders(md *o2c.MasterData, n int, today cal.Date) [][]byte {
	var buyers []o2c.Customer
	for _, c := range md.Customers {
		// Customers invoiced in the catalogue's currency: the others need an agreed price per product.
		if c.VATID != "" && c.Currency == "EUR" {
			buyers = append(buyers, c)
		}
	}
	run := time.Now().UnixNano()
	out := make([][]byte, n)
	for i := range n {
		c := buyers[i%len(buyers)]
		d := o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, Source: &o2c.Source{Channel: o2c.ChannelAPI},
			PONumber: fmt.Sprintf("BENCH-%d-%06d", run, i), OrderDate: today, RequestedDeliveryDate: today.AddDays(14),
			Currency: c.Currency, Buyer: &o2c.Party{Name: c.Name, VATID: c.VATID}}
		for j := range 3 {
			p := md.Products[(i*3+j*7)%len(md.Products)]
			qty := cleanQuantity(p, int64(1+(i+j)%5))
			d.Lines = append(d.Lines, o2c.DraftLine{LineNo: j + 1, SupplierSKU: p.SKU, Quantity: &qty, Unit: p.Unit})
		}
		body, err := json.Marshal(d)
		if err != nil {
			panic(err) // a struct of plain fields always encodes
		}
		out[i] = body
	}
	return out
}

func submitAll(ctx context.Context, endpoint, secret string, orders [][]byte, clients int) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(orders) || ctx.Err() != nil {
					return
				}
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(orders[i]))
				if err != nil {
					errs <- err
					return
				}
				req.Header.Set("Authorization", "Bearer "+secret)
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					errs <- fmt.Errorf("submit order %d: %w", i, err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusAccepted {
					errs <- fmt.Errorf("submit order %d: HTTP %d: %s", i, resp.StatusCode, strings.TrimSpace(string(body)))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// waitFiles waits until dir holds at least n files.
func waitFiles(ctx context.Context, dir string, n int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		if len(entries) >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after %s, %s holds %d of %d answers", limit, dir, len(entries), n)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// waitAllSettled waits until n orders have left the automatic steps and returns them all.
func waitAllSettled(ctx context.Context, s *stack, n int, limit time.Duration) ([]*o2c.Order, error) {
	deadline := time.Now().Add(limit)
	for {
		stats, err := s.orders.Stats(ctx)
		if err != nil {
			return nil, err
		}
		moving := stats.ByStatus[o2c.OrderReceived] + stats.ByStatus[o2c.OrderExtracted] +
			stats.ByStatus[o2c.OrderVerified] + stats.ByStatus[o2c.OrderApproved]
		if stats.Total >= n && moving == 0 {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("after %s, %d of %d orders are still moving", limit, moving, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var all []*o2c.Order
	for offset := 0; ; offset += 500 {
		page, total, err := s.orders.List(ctx, o2c.OrderFilter{Offset: offset, Limit: 500})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(all) >= total || len(page) == 0 {
			return all, nil
		}
	}
}

func (m *Main) printBench(orders []*o2c.Order, submitted, elapsed time.Duration) error {
	var lat []time.Duration
	review := 0
	for _, o := range orders {
		if o.Status == o2c.OrderPosted {
			lat = append(lat, o.PostedAt.Sub(o.ReceivedAt))
		} else {
			review++
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Fprintf(m.Stdout, "posted:        %d (%d in review)\n", len(lat), review)
	fmt.Fprintf(m.Stdout, "submit:        %.0f orders/s handed over (API requests answered, or files written)\n", float64(len(orders))/submitted.Seconds())
	fmt.Fprintf(m.Stdout, "end to end:    %.0f orders/s (receipt of the first to posting of the last: %s)\n",
		float64(len(orders))/elapsed.Seconds(), elapsed.Round(time.Millisecond))
	fmt.Fprintf(m.Stdout, "latency:       p50 %s  p95 %s  p99 %s  max %s (receipt to posted)\n",
		pct(0.50).Round(time.Millisecond), pct(0.95).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), pct(1).Round(time.Millisecond))
	fmt.Fprintf(m.Stdout, "peak RSS:      %s\n", peakRSS())
	if review > 0 {
		return fmt.Errorf("%d synthetic orders went to review; they were built clean", review)
	}
	return nil
}

// peakRSS reads the process's high-water resident set size from Linux's /proc.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}

// cleanQuantity is n packs of the product, raised to its minimum order quantity in whole packs:
// a quantity no quantity rule objects to.
func cleanQuantity(p o2c.Product, n int64) decimal.Decimal {
	qty := decimal.NewFromInt(n)
	if p.PackSize != nil {
		qty = qty.Mul(*p.PackSize)
	}
	if p.MinOrderQty != nil && qty.LessThan(*p.MinOrderQty) {
		qty = *p.MinOrderQty
		if p.PackSize != nil {
			qty = p.MinOrderQty.Div(*p.PackSize).Ceil().Mul(*p.PackSize)
		}
	}
	return qty
}

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/extract/layout/corpus"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// Targets of issue 5 ("Speed"), at the 95th percentile with 100,000 orders.
const (
	targetReviewScreen = 300 * time.Millisecond
	targetOrderList    = 200 * time.Millisecond
	targetArchive      = 200 * time.Millisecond
)

// uiBenchMeta is what a seeded database holds, kept beside it so that --reuse can check that it
// fits the command line and find what the measured requests ask for.
type uiBenchMeta struct {
	Orders      int       `json:"orders"`
	Documents   int       `json:"documents"`
	Seeded      string    `json:"seeded"`       // how long seeding took
	BigOrderID  int64     `json:"big_order_id"` // the 60-line order read from a PDF
	BigLines    int       `json:"big_lines"`
	BigStatus   string    `json:"big_status"`
	BigHow      string    `json:"big_how"` // how the PDF was read
	Customers   []string  `json:"customers"`
	POs         []string  `json:"pos"`          // PO numbers of orders spread over the data, for searches
	MidWord     string    `json:"mid_word"`     // in about a tenth of the archive's documents
	CommonWord  string    `json:"common_word"`  // in about a third
	Newest      time.Time `json:"newest"`       // the newest seeded order's receipt
	ArchiveFrom string    `json:"archive_from"` // a quarter of order dates for the combined search
	ArchiveTo   string    `json:"archive_to"`
}

// benchUI runs `o2c bench ui`: it seeds (or reuses) a SQLite database of many orders and archive
// documents, serves the real web handler in process and measures the staff app's pages and the
// archive search as a signed-in user and an API client would see them.
func (m *Main) benchUI(ctx context.Context, args []string) error {
	fs := m.flags("bench ui")
	n := fs.Int("orders", 100_000, "orders to seed")
	docs := fs.Int("documents", -1, "archive documents to seed (default: one per order, its original)")
	data := fs.String("data", "", "directory of the database, kept for --reuse (default: a temporary one, removed)")
	reuse := fs.Bool("reuse", false, "reuse the database in --data when an earlier run seeded the same counts")
	requests := fs.Int("requests", 200, "measured requests per page, after warm-up")
	strict := fs.Bool("strict", false, "fail when a target is missed")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *docs < 0 {
		*docs = *n
	}
	if *n < 100 || *docs > *n {
		fmt.Fprintln(m.Stderr, "o2c bench ui: --orders must be at least 100 and --documents at most --orders")
		return errUsage
	}
	dir := *data
	if dir == "" {
		tmp, err := os.MkdirTemp("", "o2c-bench-ui-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	dbPath := filepath.Join(dir, "o2c.db")
	metaPath := filepath.Join(dir, "bench-ui.json")
	meta, err := readUIBenchMeta(metaPath)
	if !*reuse || err != nil || meta.Orders != *n || meta.Documents != *docs {
		for _, f := range []string{dbPath, dbPath + "-wal", dbPath + "-shm", metaPath} {
			if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		if err := os.RemoveAll(filepath.Join(dir, "archive")); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "o2c bench ui: seeding %d orders and %d archive documents into %s\n", *n, *docs, dbPath)
		if meta, err = seedUIBench(ctx, dbPath, *n, *docs); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "seeded in %s\n", meta.Seeded)
	} else {
		fmt.Fprintf(m.Stdout, "o2c bench ui: reusing %s (%d orders, %d documents, seeded in %s)\n", dbPath, meta.Orders, meta.Documents, meta.Seeded)
	}

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := openStack(ctx, stackParams{store: &storeConfig{dataDir: dir, dsn: dbPath}, inbox: "-", workers: 1, zone: "UTC", log: log})
	if err != nil {
		return err
	}
	defer s.close()
	if meta.BigOrderID == 0 {
		start := time.Now()
		if err := receiveBigOrder(ctx, s, meta); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "the %d-line order %d was read from a PDF (%s) in %s; it is %s\n", meta.BigLines,
			meta.BigOrderID, meta.BigHow, time.Since(start).Round(time.Millisecond), meta.BigStatus)
		if err := writeUIBenchMeta(metaPath, meta); err != nil {
			return err
		}
	}
	if fi, err := os.Stat(dbPath); err == nil {
		wal, _ := os.Stat(dbPath + "-wal")
		size := fi.Size()
		if wal != nil {
			size += wal.Size()
		}
		fmt.Fprintf(m.Stdout, "database: %.0f MB (with its WAL)\n", float64(size)/1e6)
	}

	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	cookie, key, err := benchUIAuth(ctx, s)
	if err != nil {
		return err
	}
	pages := uiBenchPages(meta)
	client := &http.Client{Timeout: time.Minute}
	get := func(p uiBenchPage, i int) (time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+p.paths[i%len(p.paths)], http.NoBody)
		if err != nil {
			return 0, err
		}
		if p.api {
			req.Header.Set("Authorization", "Bearer "+key)
		} else {
			req.AddCookie(&http.Cookie{Name: "o2c_session", Value: cookie})
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		took := time.Since(start)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("%s: GET %s: HTTP %d", p.name, req.URL.Path+"?"+req.URL.RawQuery, resp.StatusCode)
		}
		return took, nil
	}
	fmt.Fprintf(m.Stdout, "load before: %s\n", loadAverage())
	for i := range 5 { // warm-up: templates, statement caches, the database's pages
		for _, p := range pages {
			if _, err := get(p, i); err != nil {
				return err
			}
		}
	}
	took := make([][]time.Duration, len(pages))
	for i := range *requests {
		// Round-robin over the pages, so that the machine's noise spreads over them alike.
		for j, p := range pages {
			d, err := get(p, i)
			if err != nil {
				return err
			}
			took[j] = append(took[j], d)
		}
	}
	fmt.Fprintf(m.Stdout, "load after:  %s\n", loadAverage())
	fmt.Fprintf(m.Stdout, "%d requests per page after 5 of warm-up, one at a time:\n\n", *requests)
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "page\tp50 ms\tp95 ms\tmax ms\ttarget\t\t")
	var missed []string
	for j, p := range pages {
		ds := took[j]
		slices.Sort(ds)
		p95 := ds[(len(ds)-1)*95/100]
		verdict, target := "", "-"
		if p.target > 0 {
			target = fmt.Sprintf("< %d", p.target.Milliseconds())
			verdict = "ok"
			if p95 >= p.target {
				verdict = "MISSED"
				missed = append(missed, p.name)
			}
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t%s\t%s\t\n", p.name, ms(ds[(len(ds)-1)/2]), ms(p95), ms(ds[len(ds)-1]), target, verdict)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(missed) > 0 && *strict {
		return fmt.Errorf("targets missed: %s", strings.Join(missed, ", "))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// uiBenchPage is one measured request, asked in turn with each of paths.
type uiBenchPage struct {
	name   string
	paths  []string
	api    bool          // an API request with the key, else a page of the web app with the session
	target time.Duration // the p95 to stay under; 0 for none
}

func uiBenchPages(meta *uiBenchMeta) []uiBenchPage {
	q := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	var byCustomer, byPO, rare []string
	for _, c := range meta.Customers {
		byCustomer = append(byCustomer, "/ui/orders?"+q("customer", c))
	}
	for _, po := range meta.POs {
		byPO = append(byPO, "/ui/orders?"+q("q", po[len(po)-7:])) // the end of a PO number, as people type it
		rare = append(rare, "/api/v1/archive?"+q("q", po))
	}
	month := meta.Newest.AddDate(0, -2, 0)
	lastMonth := q("channel", string(o2c.ChannelEmail), "from", month.Format(time.DateOnly),
		"to", month.AddDate(0, 1, 0).Format(time.DateOnly))
	var archiveTag []string
	for _, c := range meta.Customers {
		archiveTag = append(archiveTag, "/api/v1/archive?"+q("tag", o2c.TagCustomer+":"+c))
	}
	return []uiBenchPage{
		{"orders", []string{"/ui/orders"}, false, targetOrderList},
		{"orders status=needs_review", []string{"/ui/orders?status=needs_review"}, false, targetOrderList},
		{"orders status=shipped", []string{"/ui/orders?status=shipped"}, false, targetOrderList},
		{"orders customer=C", byCustomer, false, targetOrderList},
		{"orders channel+dates", []string{"/ui/orders?" + lastMonth}, false, targetOrderList},
		{"orders q=PO", byPO, false, targetOrderList},
		{"orders q=common", []string{"/ui/orders?q=" + url.QueryEscape("po-")}, false, targetOrderList},
		{"orders status page 50", []string{"/ui/orders?status=invoiced&page=50"}, false, targetOrderList},
		{"review queue", []string{"/ui/review"}, false, targetOrderList},
		{"order 60 lines", []string{"/ui/orders/" + strconv.FormatInt(meta.BigOrderID, 10)}, false, targetReviewScreen},
		{"dashboard", []string{"/ui/"}, false, 0},
		{"archive text", []string{"/api/v1/archive?" + q("q", meta.MidWord)}, true, targetArchive},
		{"archive tag", archiveTag, true, targetArchive},
		{"archive text+tag+dates", []string{"/api/v1/archive?" + q("q", meta.CommonWord, "tag", o2c.TagCurrency+":EUR",
			"date_from", meta.ArchiveFrom, "date_to", meta.ArchiveTo)}, true, targetArchive},
		{"archive rare term", rare, true, targetArchive},
		{"archive common term", []string{"/api/v1/archive?" + q("q", "order")}, true, targetArchive},
	}
}

// benchUIAuth signs a user of the order desk in and makes a read key for the archive API.
func benchUIAuth(ctx context.Context, s *stack) (cookie, key string, err error) {
	users := app.NewUsers(s.db)
	run := time.Now().UnixNano() // a reused database has the users and keys of earlier runs
	email := fmt.Sprintf("bench-%d@example.com", run)
	password := app.GeneratePassword()
	if _, _, err := users.Create(ctx, app.CreateUserParams{Email: email, Role: o2c.RoleOrderDesk, Password: password, Actor: "bench"}); err != nil {
		return "", "", err
	}
	res, err := users.Login(ctx, app.LoginParams{Email: email, Password: password, IP: "127.0.0.1"})
	if err != nil {
		return "", "", fmt.Errorf("sign in: %w", err)
	}
	key, _, err = s.keys.Create(ctx, fmt.Sprintf("bench-ui-%d", run), []o2c.Scope{o2c.ScopeOrdersRead}, "bench")
	return res.Token, key, err
}

func readUIBenchMeta(path string) (*uiBenchMeta, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var meta uiBenchMeta
	return &meta, json.Unmarshal(b, &meta)
}

func writeUIBenchMeta(path string, meta *uiBenchMeta) error {
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// loadAverage is the machine's load of the last 1, 5 and 15 minutes, from Linux's /proc.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// bigOrderDoc returns a multi-page purchase order PDF of the corpus with the most lines among
// the first seeds, up to 60.
func bigOrderDoc(md *o2c.MasterData) (*corpus.Doc, error) {
	var best *corpus.Doc
	for seed := int64(1); seed <= 40; seed++ {
		d, err := corpus.Generate(corpus.Spec{Layout: "po-en-multipage", Channel: corpus.ChannelPDF, Seed: seed}, md)
		if err != nil {
			return nil, err
		}
		if best == nil || len(d.Truth.Lines) > len(best.Truth.Lines) {
			best = d
		}
		if len(best.Truth.Lines) >= 60 {
			break
		}
	}
	return best, nil
}

// receiveBigOrder receives the big PDF order through the pipeline, after the seeded orders, so
// that the seeded duplicate of its PO number sends it to review. With poppler's pdftotext the
// process job reads it as it would in production; without it, the order comes with its draft,
// as read by the generator, and the page has no word boxes to show.
func receiveBigOrder(ctx context.Context, s *stack, meta *uiBenchMeta) error {
	doc, err := bigOrderDoc(demo.MasterData())
	if err != nil {
		return err
	}
	var pdf []byte
	for _, b := range doc.Files {
		pdf = b
	}
	p := app.ReceiveParams{Channel: o2c.ChannelPDF, Filename: doc.Name + ".pdf", ContentType: "application/pdf",
		Content: pdf, Actor: "bench"}
	if doc.Truth.Buyer != nil {
		p.Sender = doc.Truth.Buyer.Email
	}
	meta.BigHow = "pdftotext, by the process job"
	if _, err := exec.LookPath("pdftotext"); err != nil {
		meta.BigHow = "no pdftotext here: received with the generator's draft"
		p.Drafts = []o2c.OrderDraft{doc.Truth}
	}
	rec, err := s.orders.Receive(ctx, p)
	if err != nil {
		return fmt.Errorf("receive the big order: %w", err)
	}
	o := rec.Orders[0]
	if p.Drafts == nil {
		if err := s.orders.ProcessOrder(ctx, o.ID); err != nil {
			return fmt.Errorf("process the big order: %w", err)
		}
	}
	if o, err = s.orders.Order(ctx, o.ID); err != nil {
		return err
	}
	meta.BigOrderID, meta.BigLines, meta.BigStatus = o.ID, len(o.Lines), string(o.Status)
	return nil
}

// seedUIBench fills a new SQLite file with n orders received over two years, each with its
// document, two history events and, for the first docs of them, its archived original. It
// writes through the store's transactions, 2,000 orders to one, with a clock that moves with
// the orders so that times are spread as in production.
func seedUIBench(ctx context.Context, path string, n, docs int) (*uiBenchMeta, error) {
	start := time.Now()
	newest := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	oldest := newest.AddDate(-2, 0, 0)
	step := newest.Sub(oldest) / time.Duration(n)
	var clock time.Time
	db, err := sqlite.Open(ctx, path, sqlstore.Options{Now: func() time.Time { return clock }})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	md := demo.MasterData()
	clock = oldest
	if _, err := (&app.MasterData{Store: db}).Upsert(ctx, md, "bench"); err != nil {
		return nil, fmt.Errorf("load master data: %w", err)
	}
	big, err := bigOrderDoc(md)
	if err != nil {
		return nil, err
	}
	g := newUIBenchGen(md, big.Truth, newest)
	meta := &uiBenchMeta{Orders: n, Documents: docs, Newest: newest}
	const batch = 2000
	for first := 0; first < n; first += batch {
		clock = oldest.Add(time.Duration(first) * step)
		err := db.InTx(ctx, func(tx o2c.Tx) error {
			for i := first; i < min(first+batch, n); i++ {
				if err := g.seedOne(ctx, tx, i, oldest.Add(time.Duration(i)*step), i < docs); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("seed orders %d to %d: %w", first, first+batch, err)
		}
	}
	meta.Seeded = time.Since(start).Round(time.Second).String()
	for _, c := range g.customers[len(g.customers)/4 : len(g.customers)/4+10] {
		meta.Customers = append(meta.Customers, c.ID)
	}
	for i := range 20 {
		meta.POs = append(meta.POs, g.pos[(i*7919)%len(g.pos)])
	}
	meta.MidWord, meta.CommonWord = g.wordNear(0.1, docs), g.wordNear(0.33, docs)
	from := newest.AddDate(0, -6, 0)
	meta.ArchiveFrom, meta.ArchiveTo = from.Format(time.DateOnly), from.AddDate(0, 3, 0).Format(time.DateOnly)
	return meta, nil
}

// uiBenchGen makes the seeded orders: customers ordering by a Zipf law, channels and line counts
// as an order desk sees them, statuses by age, anomalies on the orders in review.
type uiBenchGen struct {
	r         *rand.Rand
	md        *o2c.MasterData
	customers []o2c.Customer
	zipf      *rand.Zipf
	big       o2c.OrderDraft // the PDF order, which one seeded order duplicates
	bigBuyer  string
	newest    time.Time // when the newest order is received
	pos       []string
	df        map[string]int // the documents each word occurs in
}

func newUIBenchGen(md *o2c.MasterData, big o2c.OrderDraft, newest time.Time) *uiBenchGen {
	r := rand.New(rand.NewPCG(5, 2026))
	g := &uiBenchGen{r: r, md: md, customers: md.Customers, big: big, newest: newest, df: map[string]int{},
		zipf: rand.NewZipf(r, 1.2, 2, uint64(len(md.Customers)-1))}
	if big.Buyer != nil {
		for _, c := range md.Customers {
			if (c.VATID != "" && c.VATID == big.Buyer.VATID) || c.Name == big.Buyer.Name {
				g.bigBuyer = c.ID
			}
		}
	}
	return g
}

var uiBenchChannels = []o2c.Channel{o2c.ChannelEmail, o2c.ChannelEmail, o2c.ChannelEmail, o2c.ChannelPDF, o2c.ChannelEDIFACT,
	o2c.ChannelEDIFACT, o2c.ChannelUBL, o2c.ChannelCSV, o2c.ChannelXLSX, o2c.ChannelPortal, o2c.ChannelAPI, o2c.ChannelScan}

// status is where an order received age ago stands now.
func (g *uiBenchGen) status(age time.Duration) o2c.OrderStatus {
	x := g.r.IntN(1000)
	switch {
	case x < 10:
		return o2c.OrderRejected
	case x < 20:
		return o2c.OrderCancelled
	case age < 3*24*time.Hour:
		return []o2c.OrderStatus{o2c.OrderNeedsReview, o2c.OrderApproved, o2c.OrderPosted, o2c.OrderConfirmed}[x%4]
	case age < 30*24*time.Hour:
		if x < 80 {
			return o2c.OrderNeedsReview
		}
		return []o2c.OrderStatus{o2c.OrderPosted, o2c.OrderConfirmed, o2c.OrderShipped, o2c.OrderDelivered}[x%4]
	case x < 25: // forgotten in review
		return o2c.OrderNeedsReview
	default:
		return []o2c.OrderStatus{o2c.OrderInvoiced, o2c.OrderInvoiced, o2c.OrderClosed, o2c.OrderDelivered, o2c.OrderShipped}[x%5]
	}
}

func (g *uiBenchGen) seedOne(ctx context.Context, tx o2c.Tx, i int, received time.Time, archive bool) error {
	c := g.customers[g.zipf.Uint64()]
	po := fmt.Sprintf("PO-%d-%06d", received.Year(), i)
	if i == 0 && g.bigBuyer != "" && g.big.PONumber != "" {
		// The big PDF order, received last, repeats this PO number and so waits in review.
		c, po = *customerByID(g.md, g.bigBuyer), g.big.PONumber
	}
	g.pos = append(g.pos, po)
	ch := uiBenchChannels[g.r.IntN(len(uiBenchChannels))]
	sender := c.Email
	if ch == o2c.ChannelEDIFACT {
		sender = c.GLN
	}
	nLines := 1 + min(59, int(g.r.ExpFloat64()*6))
	if g.r.IntN(50) == 0 {
		nLines = 40 + g.r.IntN(21)
	}
	orderDate := cal.DateOf(received)
	d := &o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, Source: &o2c.Source{Channel: ch, Sender: sender},
		PONumber: po, OrderDate: orderDate, RequestedDeliveryDate: orderDate.AddDays(3 + g.r.IntN(20)), Currency: c.Currency,
		Buyer: &o2c.Party{Name: c.Name, VATID: c.VATID, Email: c.Email, City: c.City, Country: c.Country}}
	o := &o2c.Order{Channel: ch, Sender: sender, CustomerID: c.ID, PONumber: po, OrderDate: d.OrderDate,
		RequestedDeliveryDate: d.RequestedDeliveryDate, Currency: c.Currency, Draft: d, Anomalies: []o2c.Anomaly{},
		Decision: o2c.DecisionAuto, ReceivedAt: received, NetTotal: decimal.Zero}
	var body strings.Builder
	fmt.Fprintf(&body, "Purchase order %s\n%s, %s\n", po, c.Name, c.City)
	for l := range nLines {
		p := g.md.Products[g.r.IntN(len(g.md.Products))]
		qty := decimal.NewFromInt(int64(1 + g.r.IntN(24)))
		price := decimal.RequireFromString("9.90")
		if p.UnitPrice != nil {
			price = *p.UnitPrice
		}
		total := qty.Mul(price).Round(2)
		o.Lines = append(o.Lines, o2c.OrderLine{LineNo: l + 1, SKU: p.SKU, Description: p.Description, Quantity: qty,
			Unit: p.Unit, UnitPrice: price, LineTotal: total, MatchedBy: "sku", MatchScore: 1})
		d.Lines = append(d.Lines, o2c.DraftLine{LineNo: l + 1, SupplierSKU: p.SKU, Description: p.Description, Quantity: &qty, Unit: p.Unit})
		o.NetTotal = o.NetTotal.Add(total)
		fmt.Fprintf(&body, "%d %s %s %s %s\n", l+1, p.SKU, p.Description, qty, p.Unit)
	}
	o.Status = g.status(g.newest.Sub(received))
	if o.Status == o2c.OrderNeedsReview {
		o.Decision = o2c.DecisionReview
		for range 1 + g.r.IntN(2) {
			code := o2c.AnomalyCodes[g.r.IntN(len(o2c.AnomalyCodes))]
			o.Anomalies = append(o.Anomalies, o2c.Anomaly{Code: code, Field: "lines[0].unit_price", Message: "seeded for the benchmark: " + string(code)})
		}
	}
	if o.Status != o2c.OrderNeedsReview && o.Status != o2c.OrderApproved && o.Status != o2c.OrderRejected && o.Status != o2c.OrderCancelled {
		o.PostedAt, o.ERPRef = received.Add(time.Duration(1+g.r.IntN(600))*time.Second), fmt.Sprintf("SO%07d", i)
	}
	sum := sha256.Sum256([]byte(fmt.Sprint(c.ID, o.Lines)))
	o.ContentHash = hex.EncodeToString(sum[:16])
	content := []byte(body.String())
	docSum := sha256.Sum256(content)
	doc := &o2c.Document{NaturalKey: fmt.Sprintf("bench-ui:%d", i), Channel: ch, Filename: po + ".txt", ContentType: "text/plain",
		Sender: sender, SHA256: hex.EncodeToString(docSum[:]), Size: int64(len(content)), Content: content, ReceivedAt: received}
	if err := tx.CreateDocument(ctx, doc); err != nil {
		return err
	}
	o.DocumentID = doc.ID
	if err := tx.CreateOrder(ctx, o); err != nil {
		return err
	}
	id := strconv.FormatInt(o.ID, 10)
	for _, e := range []*o2c.AuditEvent{
		{Entity: "order", EntityID: id, Action: "status", Actor: "job:process", After: []byte(`{"status":"received"}`), Note: "received by " + string(ch)},
		{Entity: "order", EntityID: id, Action: "status", Actor: "job:process", After: []byte(`{"status":"` + string(o.Status) + `"}`)},
	} {
		if err := tx.AddEvent(ctx, e); err != nil {
			return err
		}
	}
	if !archive {
		return nil
	}
	for _, w := range uniqueWords(body.String()) {
		g.df[w]++
	}
	e := &o2c.ArchiveEntry{SHA256: doc.SHA256, Size: doc.Size, ContentType: doc.ContentType, FileName: doc.Filename,
		DocType: o2c.ArchiveOrder, Body: body.String(), CreatedBy: "job:process",
		RetentionUntil: cal.MakeDate(received.Year()+10, time.December, 31),
		Tags: map[string]string{o2c.TagCustomer: c.ID, "customer_name": c.Name, o2c.TagPONumber: po,
			o2c.TagDate: orderDate.String(), "delivery_date": d.RequestedDeliveryDate.String(), o2c.TagAmount: o.NetTotal.StringFixed(2),
			o2c.TagCurrency: c.Currency, "order_id": id, "document_id": strconv.FormatInt(doc.ID, 10), "channel": string(ch)}}
	return tx.CreateArchiveEntry(ctx, e)
}

func customerByID(md *o2c.MasterData, id string) *o2c.Customer {
	for i := range md.Customers {
		if md.Customers[i].ID == id {
			return &md.Customers[i]
		}
	}
	return nil
}

// uniqueWords are the distinct words of s as the archive indexes them.
func uniqueWords(s string) []string {
	ws := sqlstore.Words(s)
	slices.Sort(ws)
	return slices.Compact(ws)
}

// wordNear returns the word of letters only whose share of the docs documents is closest to share.
func (g *uiBenchGen) wordNear(share float64, docs int) string {
	best, bestGap := "order", 2.0
	for w, n := range g.df {
		if strings.ContainsFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) || len(w) < 4 {
			continue
		}
		gap := float64(n)/float64(max(docs, 1)) - share
		if gap < 0 {
			gap = -gap
		}
		if gap < bestGap || (gap == bestGap && w < best) {
			best, bestGap = w, gap
		}
	}
	return best
}

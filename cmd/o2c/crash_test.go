package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/erp/file"
)

// server is an `o2c serve` child process.
type server struct {
	cmd  *exec.Cmd
	base string
	log  *os.File
}

func startServer(t *testing.T, dataDir, addr string) *server {
	t.Helper()
	logf, err := os.OpenFile(filepath.Join(dataDir, "serve.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "serve", "--data", dataDir, "--addr", addr, "--workers", "16", "--job-rescue", "2s")
	cmd.Env = append(os.Environ(), "O2C_TEST_AS_MAIN=1")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, log: logf}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			s.kill()
			t.Fatalf("o2c serve did not answer on %s; see %s", addr, logf.Name())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *server) kill() {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	_ = s.cmd.Wait()
	s.log.Close()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// crashOrders makes n orders: most clean, every seventh naming a product that does not exist,
// so the batch ends in both final states of the automatic pipeline.
func crashOrders(md *o2c.MasterData, n int, today cal.Date) (bodies [][]byte, wantReview map[string]bool) {
	wantReview = map[string]bool{}
	// Customers invoiced in the catalogue's currency: the others need agreed prices per product.
	var buyers []o2c.Customer
	for _, c := range md.Customers {
		if c.Currency == "EUR" {
			buyers = append(buyers, c)
		}
	}
	for i := range n {
		c := buyers[i%len(buyers)]
		p := md.Products[i%len(md.Products)]
		qty := cleanQuantity(p, 1)
		sku := p.SKU
		po := fmt.Sprintf("CRASH-%04d", i)
		if i%7 == 3 {
			sku, wantReview[po] = "NO-SUCH-SKU", true
		}
		d := o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, PONumber: po, OrderDate: today,
			RequestedDeliveryDate: today.AddDays(10), Currency: c.Currency,
			Buyer: &o2c.Party{Name: c.Name, VATID: c.VATID, GLN: c.GLN, Email: c.Email},
			Lines: []o2c.DraftLine{{LineNo: 1, SupplierSKU: sku, Quantity: &qty, Unit: p.Unit}}}
		b, err := json.Marshal(d)
		if err != nil {
			panic(err)
		}
		bodies = append(bodies, b)
	}
	return bodies, wantReview
}

// submit posts one order with its idempotency key; it reports whether the server took it.
func submit(base, key string, body []byte, po string) error {
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1/orders", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", po)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted && resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, b)
	}
	return nil
}

func getJSON(t *testing.T, base, key, path string, into any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: HTTP %d: %s", path, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func countOutbox(t *testing.T, dir string) int {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, "o2c-order-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	return len(matches)
}

// TestSIGKILLMidBatchLosesAndRepeatsNothing kills `o2c serve` with SIGKILL while a batch is being
// received, processed and posted, restarts it, re-sends every order (a client that did not get
// an answer must retry), and checks that every order reached its final state exactly once.
func TestSIGKILLMidBatchLosesAndRepeatsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("process-level test")
	}
	t.Parallel()
	dataDir := t.TempDir()
	// Stock and credit limits would make the outcome depend on arrival order: clear them.
	md := demo.MasterData()
	for i := range md.Customers {
		md.Customers[i].CreditLimit = nil
	}
	for i := range md.Products {
		md.Products[i].StockQty = nil
	}
	masterDir := filepath.Join(dataDir, "masterdata")
	if err := demo.WriteCSV(masterDir, md); err != nil {
		t.Fatal(err)
	}
	imp := exec.Command(os.Args[0], "import", masterDir, "--data", dataDir)
	imp.Env = append(os.Environ(), "O2C_TEST_AS_MAIN=1")
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("o2c import: %v\n%s", err, out)
	}

	const n = 400
	today := cal.DateOf(time.Now().UTC())
	bodies, wantReview := crashOrders(md, n, today)
	addr := freeAddr(t)
	srv := startServer(t, dataDir, addr)
	keyBytes, err := os.ReadFile(filepath.Join(dataDir, "admin-api-key.txt"))
	if err != nil {
		srv.kill()
		t.Fatal(err)
	}
	key := strings.TrimSpace(string(keyBytes))
	outbox := filepath.Join(dataDir, "outbox")

	// Send the batch from 4 clients; kill the server once some orders are posted but not all.
	var wg sync.WaitGroup
	var next int
	var mu sync.Mutex
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				if err := submit(srv.base, key, bodies[i], fmt.Sprintf("CRASH-%04d", i)); err != nil {
					return // the server died under us: the retry after restart will send it again
				}
			}
		}()
	}
	deadline := time.Now().Add(60 * time.Second)
	for countOutbox(t, outbox) < 40 {
		if time.Now().After(deadline) {
			srv.kill()
			t.Fatal("no order reached the outbox within 60 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
	srv.kill()
	wg.Wait()
	postedAtKill := countOutbox(t, outbox)
	mu.Lock()
	sentAtKill := min(next, n)
	mu.Unlock()
	t.Logf("killed with %d orders sent or in flight and %d in the outbox", sentAtKill, postedAtKill)
	if postedAtKill >= n-len(wantReview) {
		t.Fatalf("every order was posted before the kill (%d): the test proved nothing; send a larger batch", postedAtKill)
	}

	srv = startServer(t, dataDir, addr)
	defer srv.kill()
	for i, body := range bodies {
		if err := submit(srv.base, key, body, fmt.Sprintf("CRASH-%04d", i)); err != nil {
			t.Fatalf("re-send order %d: %v", i, err)
		}
	}

	type orderView struct {
		ID        int64           `json:"id"`
		Status    o2c.OrderStatus `json:"status"`
		PONumber  string          `json:"po_number"`
		ERPRef    string          `json:"erp_ref"`
		LastError string          `json:"last_error"`
		Anomalies []o2c.Anomaly   `json:"anomalies"`
	}
	var orders []orderView
	deadline = time.Now().Add(90 * time.Second)
	for {
		orders = orders[:0]
		for offset := 0; ; offset += 500 {
			var page struct {
				Items []orderView `json:"items"`
				Total int         `json:"total"`
			}
			getJSON(t, srv.base, key, fmt.Sprintf("/api/v1/orders?limit=500&offset=%d", offset), &page)
			orders = append(orders, page.Items...)
			if len(orders) >= page.Total || len(page.Items) == 0 {
				break
			}
		}
		moving := 0
		for _, o := range orders {
			if o.Status != o2c.OrderPosted && o.Status != o2c.OrderNeedsReview {
				moving++
			}
		}
		if moving == 0 && len(orders) >= n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after restart, %d of %d orders still moving after 90 s", moving, len(orders))
		}
		time.Sleep(100 * time.Millisecond)
	}

	if len(orders) != n {
		t.Fatalf("the store holds %d orders, want %d: orders were lost or duplicated", len(orders), n)
	}
	byPO := map[string]orderView{}
	for _, o := range orders {
		if prev, dup := byPO[o.PONumber]; dup {
			t.Fatalf("PO %s is stored twice (orders %d and %d)", o.PONumber, prev.ID, o.ID)
		}
		byPO[o.PONumber] = o
	}
	posted := 0
	for po, o := range byPO {
		want := o2c.OrderPosted
		if wantReview[po] {
			want = o2c.OrderNeedsReview
		}
		if o.Status != want {
			t.Errorf("order %d (PO %s) ended %s, want %s (last error %q, anomalies %+v)", o.ID, po, o.Status, want, o.LastError, o.Anomalies)
		}
		if o.Status == o2c.OrderPosted {
			posted++
			raw, err := os.ReadFile(filepath.Join(outbox, fmt.Sprintf("o2c-order-%d.json", o.ID)))
			if err != nil {
				t.Errorf("posted order %d has no outbox file: %v", o.ID, err)
				continue
			}
			var exp file.Export
			if err := json.Unmarshal(raw, &exp); err != nil || exp.Order.ID != o.ID || exp.Order.PONumber != po {
				t.Errorf("outbox file of order %d is not that order (err %v)", o.ID, err)
			}
			var history []o2c.AuditEvent
			getJSON(t, srv.base, key, fmt.Sprintf("/api/v1/orders/%d/history", o.ID), &history)
			postings := 0
			for _, e := range history {
				if e.Action == "status" && strings.Contains(string(e.After), `"posted"`) {
					postings++
				}
			}
			if postings != 1 {
				t.Errorf("order %d was recorded as posted %d times", o.ID, postings)
			}
		}
	}
	if got := countOutbox(t, outbox); got != posted {
		t.Fatalf("the outbox holds %d orders, %d orders are posted: an order reached the ERP twice or without being recorded", got, posted)
	}
}

package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/xuri/excelize/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/intake/mailbox"
	"github.com/o2c-project/o2c/sqlstore"
)

// Bad input, end to end: a 2 GB upload or file, a zip bomb, a 10,000-part mail, broken EDI. Each
// ends in a clear error or an order in review with the cause, in bounded memory, with the
// original kept, and the server goes on serving.
//
// The tests that measure the heap do not call t.Parallel: a parallel test's allocations would
// count as theirs. Go runs every sequential test before the parallel ones start.

// heapBound is the most the heap may grow while a bad input is handled. The inputs are 1 to 2 GB
// once unpacked, so reading one whole would pass it many times over.
const heapBound = 200 << 20

// servingStack is runningStack serving the HTTP API too: it returns the stack, its data
// directory, the base URL and an admin API key.
func servingStack(t *testing.T, p stackParams) (s *stack, dir, base, key string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dir = t.TempDir()
	p.store = &storeConfig{dataDir: dir}
	p.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	p.zone = "UTC"
	s, err := openStack(ctx, p)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if _, err := s.masterData.Upsert(ctx, demo.MasterData(), "test"); err != nil {
		cancel()
		s.close()
		t.Fatal(err)
	}
	if key, _, err = s.keys.Create(ctx, "badinput", []o2c.Scope{o2c.ScopeAdmin}, "test"); err != nil {
		cancel()
		s.close()
		t.Fatal(err)
	}
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- s.run(ctx, "127.0.0.1:0", func(url string) { ready <- url }) }()
	t.Cleanup(func() {
		cancel()
		<-done
		s.close()
	})
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatalf("the stack stopped before serving: %v", err)
	}
	return s, dir, base, key
}

// memWatch samples the heap while a bad input is handled.
type memWatch struct {
	start runtime.MemStats
	peak  atomic.Uint64 // highest HeapInuse seen
	stop  chan struct{}
	done  chan struct{}
}

func watchMemory() *memWatch {
	w := &memWatch{stop: make(chan struct{}), done: make(chan struct{})}
	runtime.GC()
	runtime.ReadMemStats(&w.start)
	w.peak.Store(w.start.HeapInuse)
	go func() {
		defer close(w.done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-w.stop:
				return
			case <-tick.C:
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > w.peak.Load() {
				w.peak.Store(m.HeapInuse)
			}
		}
	}()
	return w
}

// end stops the sampling and checks the bound: growth is the heap's peak over its start,
// allocated what the whole process allocated meanwhile.
func (w *memWatch) end(t *testing.T, what string) {
	t.Helper()
	close(w.stop)
	<-w.done
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	growth := int64(w.peak.Load()) - int64(w.start.HeapInuse)
	allocated := m.TotalAlloc - w.start.TotalAlloc
	t.Logf("%s: heap peak %+d MB over its start, %d MB allocated", what, growth>>20, allocated>>20)
	if growth > heapBound || allocated > 2*heapBound {
		t.Fatalf("%s: the heap grew by %d MB and %d MB were allocated; the bound is %d MB", what, growth>>20, allocated>>20, heapBound>>20)
	}
}

// madeUp is a body of n bytes of CSV lines made up as they are read; read counts them.
type madeUp struct {
	left int64
	read atomic.Int64
}

const madeUpLine = "BEV-1001;12;Eau minérale 1 L\n"

func (b *madeUp) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), b.left))
	off := int(b.read.Load() % int64(len(madeUpLine)))
	for i := 0; i < n; {
		i += copy(p[i:n], madeUpLine[off:])
		off = 0
	}
	b.left -= int64(n)
	b.read.Add(int64(n))
	return n, nil
}

// problemBody is the JSON of an error answer (web/error.go).
type problemBody struct {
	Code    o2c.Code    `json:"code"`
	Message string      `json:"message"`
	Faults  []o2c.Fault `json:"faults"`
}

// uploadMadeUp sends size made-up bytes to POST /api/v1/documents over a connection of its own,
// with a Content-Length or chunked, and reads the answer while the body is still being sent. It
// returns the answer and how many bytes of the body had been produced when the answer came.
func uploadMadeUp(t *testing.T, base, key string, size int64, chunked bool) (*http.Response, problemBody, int64) {
	t.Helper()
	host := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	head := "POST /api/v1/documents?filename=huge.csv HTTP/1.1\r\nHost: " + host + "\r\n" +
		"Authorization: Bearer " + key + "\r\nContent-Type: text/csv\r\n"
	if chunked {
		head += "Transfer-Encoding: chunked\r\n\r\n"
	} else {
		head += fmt.Sprintf("Content-Length: %d\r\n\r\n", size)
	}
	body := &madeUp{left: size}
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		if _, err := io.WriteString(conn, head); err != nil {
			return
		}
		var w io.Writer = conn
		if chunked {
			cw := httputil.NewChunkedWriter(conn)
			defer cw.Close()
			w = cw
		}
		_, _ = io.Copy(w, body) // fails once the server has answered and closed the connection
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	read := body.read.Load()
	if err != nil {
		t.Fatalf("no answer after %d bytes of the body: %v", read, err)
	}
	var p problemBody
	err = json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	conn.Close()
	<-sent
	if err != nil {
		t.Fatalf("HTTP %d with a body that is not JSON: %v", resp.StatusCode, err)
	}
	return resp, p, read
}

// uploadDocument sends a file to POST /api/v1/documents and returns the id of its first order.
func uploadDocument(t *testing.T, base, key, name string, content []byte) int64 {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1/documents?filename="+name, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Orders []struct {
			ID int64 `json:"id"`
		} `json:"orders"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusAccepted || len(got.Orders) != 1 {
		t.Fatalf("upload %s: HTTP %d, %+v, %v", name, resp.StatusCode, got, err)
	}
	return got.Orders[0].ID
}

// originalOf downloads an order's original through GET /api/v1/orders/{id}/document.
func originalOf(t *testing.T, base, key string, id int64) []byte {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/orders/%d/document", base, id), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("document of order %d: HTTP %d, %v", id, resp.StatusCode, err)
	}
	return b
}

// settled waits until every order of ids has settled, and returns them.
func settled(t *testing.T, s *stack, ids ...int64) []*o2c.Order {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var orders []*o2c.Order
		for _, id := range ids {
			o, err := s.orders.Order(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if settledStatus(o.Status) {
				orders = append(orders, o)
			}
		}
		if len(orders) == len(ids) {
			return orders
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s, %d of orders %v have settled", len(orders), ids)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settledOrders waits until a channel has n orders, all settled, and returns them.
func settledOrders(t *testing.T, s *stack, ch o2c.Channel, n int) []*o2c.Order {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		orders, _, err := s.orders.List(t.Context(), o2c.OrderFilter{Channel: ch, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(orders) >= n && !slices.ContainsFunc(orders, func(o *o2c.Order) bool { return !settledStatus(o.Status) }) {
			if len(orders) > n {
				t.Fatalf("%d %s orders, want %d", len(orders), ch, n)
			}
			return orders
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s, %d %s orders, not all settled; want %d", len(orders), ch, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// expectUnreadable checks that an order waits in review as UNREADABLE, its cause saying each of
// says.
func expectUnreadable(t *testing.T, o *o2c.Order, says ...string) {
	t.Helper()
	if o.Status != o2c.OrderNeedsReview || len(o.Anomalies) != 1 || o.Anomalies[0].Code != o2c.AnomalyUnreadable {
		t.Fatalf("order %d ended %s with %+v, want UNREADABLE in review", o.ID, o.Status, o.Anomalies)
	}
	for _, s := range says {
		if !strings.Contains(o.Anomalies[0].Message, s) {
			t.Fatalf("order %d: the cause %q does not say %q", o.ID, o.Anomalies[0].Message, s)
		}
	}
}

// cleanOrder is the canonical JSON of a demo order that flows to the ERP untouched.
func cleanOrder(t *testing.T, po string) []byte {
	t.Helper()
	for _, d := range demo.Orders(cal.DateOf(time.Now().UTC())) {
		if len(d.Expect) == 0 && d.Draft.Buyer != nil && d.Draft.Buyer.VATID != "" {
			d.Draft.PONumber = po
			b, err := json.Marshal(d.Draft)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatal("the demo has no clean order")
	return nil
}

// TestBadInputHugeUploadIsRefusedUnread sends 2 GB to POST /api/v1/documents, once with its
// Content-Length and once chunked: each is refused with a 413 naming the limit long before the
// 2 GB are read, the heap stays bounded, and the next upload is taken.
func TestBadInputHugeUploadIsRefusedUnread(t *testing.T) {
	s, _, base, key := servingStack(t, stackParams{inbox: "-", workers: 2})
	for _, tc := range []struct {
		name    string
		chunked bool
		most    int64 // body bytes the client may have produced when the answer comes
	}{
		// Refused on its header: the client gets no further than what the sockets buffer
		// (a few MB on loopback).
		{"ContentLength2GB", false, 16 << 20},
		// Read up to the 10 MB limit, then refused; the sockets buffer more once the server
		// has been reading (Linux lets a receive buffer grow to 32 MB).
		{"Chunked2GB", true, 64 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := watchMemory()
			start := time.Now()
			resp, p, read := uploadMadeUp(t, base, key, 2<<30, tc.chunked)
			mem.end(t, tc.name)
			t.Logf("%s: answered %d after %v, %d KB of the body produced", tc.name, resp.StatusCode, time.Since(start).Round(time.Millisecond), read>>10)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || p.Code != o2c.CodeTooLarge ||
				!strings.Contains(p.Message, "larger than the limit of 10485760 bytes") {
				t.Fatalf("answer %d %+v, want 413 too_large naming the limit", resp.StatusCode, p)
			}
			if read > tc.most {
				t.Fatalf("the client could send %d MB before the answer came, want at most %d MB", read>>20, tc.most>>20)
			}
		})
	}
	id := uploadDocument(t, base, key, "after.json", cleanOrder(t, "PO-AFTER-HUGE"))
	if o := settled(t, s, id)[0]; o.Status != o2c.OrderPosted {
		t.Fatalf("the order sent after the huge uploads ended %s with %+v, want posted", o.Status, o.Anomalies)
	}
}

// xlsxBomb returns a workbook whose first sheet unzips to at least size bytes: one text cell of
// a repeated letter. The sheet is deflated by hand, one 1 MB block compressed once and repeated,
// so a gigabyte costs a megabyte and no time. Its zip header declares declared bytes (a hostile
// archive lies), or the true size when declared is 0.
func xlsxBomb(t *testing.T, size, declared int64) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	skeleton, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(skeleton.Bytes()), int64(skeleton.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		if e.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(e); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Blocks deflated apart and ended by a flush are byte-aligned and refer to nothing before
	// them: laid end to end they are one valid stream.
	deflate := func(p []byte, last bool) []byte {
		var b bytes.Buffer
		w, err := flate.NewWriter(&b, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p); err != nil {
			t.Fatal(err)
		}
		if last {
			err = w.Close()
		} else {
			err = w.Flush()
		}
		if err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	head := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`)
	tail := []byte(`</t></is></c></row></sheetData></worksheet>`)
	block := bytes.Repeat([]byte("A"), 1<<20)
	crc := crc32.NewIEEE()
	raw := deflate(head, false)
	crc.Write(head)
	packed := deflate(block, false)
	n := int64(len(head) + len(tail))
	for ; n < size; n += int64(len(block)) {
		raw = append(raw, packed...)
		crc.Write(block)
	}
	raw = append(raw, deflate(tail, true)...)
	crc.Write(tail)
	if declared == 0 {
		declared = n
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(declared)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestBadInputZipBomb uploads XLSX zip bombs of 1 GB unzipped (about 1 MB each) through the API,
// one honest about its size and one whose zip header lies, and drops one into the watched
// folder: each order waits in review as UNREADABLE with the unzip limit as its cause, the heap
// stays bounded, the original is kept byte for byte, and the next order is posted.
func TestBadInputZipBomb(t *testing.T) {
	s, dir, base, key := servingStack(t, stackParams{workers: 2})
	honest, liar := xlsxBomb(t, 1<<30, 0), xlsxBomb(t, 1<<30, 1<<20)
	t.Logf("zip bombs of %d KB and %d KB, each unzipping to 1 GB", len(honest)>>10, len(liar)>>10)

	mem := watchMemory()
	if err := os.WriteFile(filepath.Join(dir, "inbox", "bestellung.xlsx"), honest, 0o644); err != nil {
		t.Fatal(err)
	}
	viaAPI := []int64{uploadDocument(t, base, key, "order.xlsx", honest), uploadDocument(t, base, key, "lying.xlsx", liar)}
	orders := settled(t, s, viaAPI...)
	fromFolder := settledOrders(t, s, o2c.ChannelFolder, 1)[0]
	mem.end(t, "zip bombs")

	expectUnreadable(t, orders[0], "more than 64 MB, the most o2c unzips", "zip bomb")
	expectUnreadable(t, orders[1], "unzips to more than the 1048576 bytes it declares", "zip bomb")
	expectUnreadable(t, fromFolder, "more than 64 MB, the most o2c unzips")
	for i, want := range [][]byte{honest, liar} {
		if got := originalOf(t, base, key, viaAPI[i]); !bytes.Equal(got, want) {
			t.Fatalf("order %d: the original served is %d bytes, not the %d uploaded", viaAPI[i], len(got), len(want))
		}
	}
	if got := originalOf(t, base, key, fromFolder.ID); !bytes.Equal(got, honest) {
		t.Fatalf("the folder's bomb was not kept: %d bytes", len(got))
	}
	id := uploadDocument(t, base, key, "after.json", cleanOrder(t, "PO-AFTER-BOMB"))
	if o := settled(t, s, id)[0]; o.Status != o2c.OrderPosted {
		t.Fatalf("the order sent after the zip bombs ended %s with %+v, want posted", o.Status, o.Anomalies)
	}
}

// TestBadInputHugeFileInWatchedFolder drops a 2 GB file (sparse: it costs no disk) into the
// watched folder beside a good order: the huge file is never read, it is moved whole to failed/
// with the size limit as its reason, as every file that can never be taken is (no order is made
// of it), and the good order is posted.
func TestBadInputHugeFileInWatchedFolder(t *testing.T) {
	t.Parallel()
	s, dir := runningStack(t, stackParams{workers: 2})
	inbox := filepath.Join(dir, "inbox")
	f, err := os.Create(filepath.Join(inbox, "huge.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(2 << 30); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "order.json"), cleanOrder(t, "PO-BESIDE-HUGE"), 0o644); err != nil {
		t.Fatal(err)
	}

	orders := settledOrders(t, s, o2c.ChannelFolder, 1)
	if orders[0].Status != o2c.OrderPosted || orders[0].PONumber != "PO-BESIDE-HUGE" {
		t.Fatalf("the folder's order is %s %s with %+v, want PO-BESIDE-HUGE posted", orders[0].PONumber, orders[0].Status, orders[0].Anomalies)
	}
	reasonFile := filepath.Join(inbox, "failed", "huge.csv.error.txt")
	deadline := time.Now().Add(30 * time.Second)
	reason, err := os.ReadFile(reasonFile)
	for ; err != nil; reason, err = os.ReadFile(reasonFile) {
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s the huge file has no reason in failed/: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if want := "the file is 2147483648 bytes, more than the 100 MB a watched folder takes\n"; string(reason) != want {
		t.Fatalf("reason %q, want %q", reason, want)
	}
	if info, err := os.Stat(filepath.Join(inbox, "failed", "huge.csv")); err != nil || info.Size() != 2<<30 {
		t.Fatalf("the original in failed/: %v, %v; want it whole", info, err)
	}
	if _, err := os.Stat(filepath.Join(inbox, "huge.csv")); !os.IsNotExist(err) {
		t.Fatalf("the huge file is still in the inbox: %v", err)
	}
	if n := len(settledOrders(t, s, o2c.ChannelFolder, 1)); n != 1 {
		t.Fatalf("%d folder orders, want only the good one", n)
	}
}

// manyParts is a mail of n MIME parts.
func manyParts(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Message-ID: <many-parts@customer.example>\r\nFrom: Purchasing <purchasing@customer.example>\r\n" +
		"Subject: Order in pieces\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n")
	for i := range n {
		fmt.Fprintf(&b, "--p\r\nContent-Type: text/csv\r\n\r\n%d\r\n", i)
	}
	b.WriteString("--p--\r\n")
	return b.Bytes()
}

// mailWith is a mail from a customer with one attachment.
func mailWith(id, name, contentType string, attachment []byte) []byte {
	var enc strings.Builder
	s := base64.StdEncoding.EncodeToString(attachment)
	for len(s) > 76 {
		enc.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	enc.WriteString(s + "\r\n")
	return []byte("Message-ID: <" + id + "@customer.example>\r\nFrom: Purchasing <purchasing@customer.example>\r\n" +
		"To: orders@supplier.example\r\nSubject: Order\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nPlease find our order attached.\r\n" +
		"--b\r\nContent-Type: " + contentType + "; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + enc.String() + "--b--\r\n")
}

// TestBadInputMailbox puts a 10,000-part mail, a mail carrying an XLSX zip bomb and a good order
// into an IMAP mailbox, in that order: the first is kept whole as a document whose order waits in
// review with the part limit as its cause, the bomb's order waits with the unzip limit, and the
// mailbox goes on to post the good order.
func TestBadInputMailbox(t *testing.T) {
	t.Parallel()
	addr := imapServer(t, "orders", "pw")
	admin, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if err := admin.Login("orders", "pw").Wait(); err != nil {
		t.Fatal(err)
	}
	many := manyParts(10_000)
	for _, mail := range [][]byte{
		many,
		mailWith("bomb", "bestellung.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxBomb(t, 1<<30, 0)),
		mailWith("good", "order.json", "application/json", cleanOrder(t, "PO-MAILED-AFTER")),
	} {
		cmd := admin.Append("INBOX", int64(len(mail)), nil)
		if _, err := cmd.Write(mail); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	box, err := parseMailboxURL("imap+plain://orders:pw@"+addr+"/INBOX", "")
	if err != nil {
		t.Fatal(err)
	}
	box.Poll = 200 * time.Millisecond
	s, _ := runningStack(t, stackParams{inbox: "-", mailboxes: []mailbox.Config{box}, workers: 2})

	byFile := map[string]*o2c.Order{}
	for _, o := range settledOrders(t, s, o2c.ChannelEmail, 3) {
		doc, err := s.orders.Document(t.Context(), o.DocumentID)
		if err != nil {
			t.Fatal(err)
		}
		byFile[doc.Filename] = o
		if doc.Filename == "message.eml" && !bytes.Equal(doc.Content, many) {
			t.Fatalf("the 10,000-part mail was kept as %d bytes, not the %d sent", len(doc.Content), len(many))
		}
	}
	if byFile["message.eml"] == nil || byFile["bestellung.xlsx"] == nil || byFile["order.json"] == nil {
		t.Fatalf("orders by document: %v", byFile)
	}
	expectUnreadable(t, byFile["message.eml"], "MIME parts, more than the 1000 allowed")
	expectUnreadable(t, byFile["bestellung.xlsx"], "more than 64 MB, the most o2c unzips")
	if o := byFile["order.json"]; o.Status != o2c.OrderPosted || o.PONumber != "PO-MAILED-AFTER" {
		t.Fatalf("the good mail's order is %s %s with %+v, want posted", o.PONumber, o.Status, o.Anomalies)
	}
	deadline := time.Now().Add(30 * time.Second)
	for messageCount(t, admin, "INBOX") != 0 || messageCount(t, admin, "o2c/failed") != 1 || messageCount(t, admin, "o2c/processed") != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("INBOX holds %d, o2c/failed %d, o2c/processed %d; want 0, 1 (the 10,000 parts), 2",
				messageCount(t, admin, "INBOX"), messageCount(t, admin, "o2c/failed"), messageCount(t, admin, "o2c/processed"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestBadInputImportMail imports an mbox holding a 10,000-part mail and then a good one: the
// first is refused with the part limit as the reason, and the import goes on to store the second.
func TestBadInputImportMail(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mbox := filepath.Join(dir, "archive.mbox")
	box := "From purchasing@customer.example Fri Nov 27 09:00:00 2026\n" + strings.ReplaceAll(string(manyParts(10_000)), "\r\n", "\n") +
		"\nFrom achats@bistro.example Fri Nov 27 09:05:00 2026\n" + strings.ReplaceAll(mailWithOrder, "\r\n", "\n")
	if err := os.WriteFile(mbox, []byte(box), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
	if code := m.Run(t.Context(), []string{"import-mail", mbox, "--data", filepath.Join(dir, "data")}); code != 0 {
		t.Fatalf("import-mail exited %d: %s", code, errs.String())
	}
	if got := out.String(); !strings.Contains(got, "2 messages: 2 documents stored, 0 already there, 1 messages refused") {
		t.Fatalf("import-mail said %q", got)
	}
	if got := errs.String(); !strings.Contains(got, "message 1 refused: the message has at least 10000 MIME parts, more than the 1000 allowed") {
		t.Fatalf("import-mail warned %q, want the part limit named", got)
	}
	// The refused message is kept whole, for the order desk to see in review.
	cfg := &storeConfig{dataDir: filepath.Join(dir, "data")}
	db, err := cfg.open(t.Context(), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	orders, _, err := db.FindOrders(t.Context(), o2c.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	kept := false
	for _, o := range orders {
		doc, err := db.FindDocumentByID(t.Context(), o.DocumentID)
		if err != nil {
			t.Fatal(err)
		}
		kept = kept || doc.Filename == "message.eml" && bytes.Contains(doc.Content, []byte("boundary")) && len(doc.Content) > 100_000
	}
	if !kept {
		t.Fatalf("the refused message was not kept as message.eml among %d orders", len(orders))
	}
}

// ediCase is one broken interchange: how to break a good one, and how its order must end.
type ediCase struct {
	name    string
	content func(good []string) string // made from the segments of a good ORDERS interchange
	status  o2c.OrderStatus
	anomaly o2c.AnomalyCode
	cause   string // in the anomaly's message, or in the order's notes
}

// TestBadInputEDI uploads broken EDIFACT and X12 interchanges through the API. Each order ends
// UNREADABLE with the cause, or in review with the cause in its notes or anomalies; the original
// is kept; a good interchange sent the same way is posted. Parser-level cases live in edi/ and
// extract/; this is the whole path, from upload to the order desk.
func TestBadInputEDI(t *testing.T) {
	t.Parallel()
	s, _, base, key := servingStack(t, stackParams{inbox: "-", workers: 4})
	md := demo.MasterData()
	var buyer o2c.Customer
	for _, c := range md.Customers {
		if c.GLN != "" && c.Currency == "EUR" && c.Country == "DE" {
			buyer = c
			break
		}
	}
	p := md.Products[0]
	today := cal.DateOf(time.Now().UTC())
	day := func(d cal.Date) string { return strings.ReplaceAll(d.String(), "-", "") }
	// good is a clean interchange of one order of n packs, its segments without their
	// terminators. Each case orders its own quantity, so that none is a duplicate of another.
	good := func(n int64) []string {
		po, ref := fmt.Sprintf("PO-EDI-%d", n), fmt.Sprintf("REF%d", n)
		return []string{
			"UNA:+.? '",
			"UNB+UNOA:3+" + buyer.GLN + ":14+4012345000009:14+" + day(today)[2:] + ":1000+" + ref,
			"UNH+1+ORDERS:D:96A:UN:EAN008",
			"BGM+220+" + po + "+9",
			"DTM+137:" + day(today) + ":102",
			"DTM+2:" + day(today.AddDays(14)) + ":102",
			"NAD+BY+" + buyer.GLN + "::9++MUELLER",
			"CUX+2:EUR:9",
			"LIN+1++" + p.GTIN + ":EN",
			"QTY+21:" + cleanQuantity(p, n).String(),
			"UNS+S",
			"UNT+10+1",
			"UNZ+1+" + ref,
		}
	}
	join := func(segs []string) string { return segs[0] + strings.Join(segs[1:], "'") + "'" }
	// edit replaces the start of segments: pairs of old and new prefixes.
	edit := func(pairs ...string) func([]string) string {
		return func(segs []string) string {
			out := slices.Clone(segs)
			for i, s := range out {
				for k := 0; k < len(pairs); k += 2 {
					if rest, ok := strings.CutPrefix(s, pairs[k]); ok {
						out[i] = pairs[k+1] + rest
					}
				}
			}
			return join(out)
		}
	}
	x12 := "ISA*00*          *00*          *ZZ*BUYER          *ZZ*SELLER         *261127*1000*U*00401*000000001*0*P*>~" +
		"GS*PO*BUYER*SELLER*20261127*1000*1*X*004010~ST*850*0001~BEG*00*SA*PO-X12-1**20261127~PO1*1*10*EA***VP*" + p.SKU + "~"
	for i, tc := range []ediCase{
		{"OK", join, o2c.OrderPosted, "", ""},
		{"ErrTruncatedInSegment", func(s []string) string { j := join(s); return j[:strings.Index(j, "QTY+")+6] },
			o2c.OrderNeedsReview, o2c.AnomalyUnreadable, "the input ends inside the segment: it is truncated"},
		{"ErrTruncatedBeforeUNT", func(s []string) string { return join(s[:10]) },
			o2c.OrderNeedsReview, o2c.AnomalyUnreadable, `its UNT is missing (the interchange is truncated)`},
		{"ErrWrongCounts", edit("UNT+10+", "UNT+12+", "UNZ+1+", "UNZ+3+"),
			o2c.OrderNeedsReview, o2c.AnomalyLowConfidence, "has 10 segments (UNH and UNT included) but its UNT counts 12"},
		{"ErrUnknownQualifier", edit("QTY+21:", "QTY+999:"),
			o2c.OrderNeedsReview, o2c.AnomalyMissingField, "QTY qualifier 999 is not one o2c reads as ordered"},
		{"ErrCharacterOutsideUNOA", edit("NAD+BY+"+buyer.GLN+"::9++MUELLER", "NAD+BY+"+buyer.GLN+"::9++M\xdcLLER"),
			o2c.OrderNeedsReview, o2c.AnomalyLowConfidence, "UNOA allows no character over 0x7F but the text has some"},
		{"ErrTruncatedX12", func([]string) string { return x12 },
			o2c.OrderNeedsReview, o2c.AnomalyUnreadable, "transaction set 0001 (850) has no SE"},
		{"ErrTruncatedISA", func([]string) string { return x12[:60] },
			o2c.OrderNeedsReview, o2c.AnomalyUnreadable, "the ISA has 8 of its 16 elements"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			content := []byte(tc.content(good(int64(i + 1))))
			id := uploadDocument(t, base, key, tc.name+".edi", content)
			o := settled(t, s, id)[0]
			if o.Status != tc.status {
				t.Fatalf("order %d ended %s with %+v, want %s", o.ID, o.Status, o.Anomalies, tc.status)
			}
			if tc.anomaly != "" {
				notes := ""
				if o.Draft != nil {
					notes = o.Draft.Notes
				}
				if len(o.Anomalies) != 1 || o.Anomalies[0].Code != tc.anomaly || !strings.Contains(o.Anomalies[0].Message+"\n"+notes, tc.cause) {
					t.Fatalf("order %d: anomalies %+v, notes %q; want only %s, and the cause %q", o.ID, o.Anomalies, notes, tc.anomaly, tc.cause)
				}
			}
			if got := originalOf(t, base, key, id); !bytes.Equal(got, content) {
				t.Fatalf("the original served is %q, not what was sent", got)
			}
		})
	}
}

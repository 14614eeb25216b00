package queue_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/queue"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// timeout bounds every wait of these tests. River's first retry comes after about one second.
const timeout = 15 * time.Second

// handlerFuncs is a queue.Handler whose methods call its Func fields; a nil field does nothing.
type handlerFuncs struct {
	ProcessOrderFunc func(ctx context.Context, orderID int64) error
	PostOrderFunc    func(ctx context.Context, orderID int64) error
	GiveUpFunc       func(ctx context.Context, orderID int64, cause string) error
	AcknowledgeFunc  func(ctx context.Context, documentID int64) error
	RespondFunc      func(ctx context.Context, orderID int64, status o2c.OrderStatus) error
	LearnFunc        func(ctx context.Context, orderID, eventID int64) error
}

func (h *handlerFuncs) Learn(ctx context.Context, orderID, eventID int64) error {
	if h.LearnFunc == nil {
		return nil
	}
	return h.LearnFunc(ctx, orderID, eventID)
}

func (h *handlerFuncs) Respond(ctx context.Context, id int64, status o2c.OrderStatus) error {
	if h.RespondFunc == nil {
		return nil
	}
	return h.RespondFunc(ctx, id, status)
}

func (h *handlerFuncs) Acknowledge(ctx context.Context, id int64) error {
	if h.AcknowledgeFunc == nil {
		return nil
	}
	return h.AcknowledgeFunc(ctx, id)
}

func (h *handlerFuncs) ProcessOrder(ctx context.Context, id int64) error {
	if h.ProcessOrderFunc == nil {
		return nil
	}
	return h.ProcessOrderFunc(ctx, id)
}

func (h *handlerFuncs) PostOrder(ctx context.Context, id int64) error {
	if h.PostOrderFunc == nil {
		return nil
	}
	return h.PostOrderFunc(ctx, id)
}

func (h *handlerFuncs) GiveUp(ctx context.Context, id int64, cause string) error {
	if h.GiveUpFunc == nil {
		return nil
	}
	return h.GiveUpFunc(ctx, id, cause)
}

// call is one call of a handler method.
type call struct {
	method  string
	orderID int64
	attempt int // the how-many-th call of this method for this order
	cause   string
}

// recorder counts the calls of a handler and signals each on a channel.
type recorder struct {
	mu     sync.Mutex
	counts map[string]int
	calls  chan call
}

func newRecorder() *recorder {
	return &recorder{counts: map[string]int{}, calls: make(chan call, 100)}
}

func (r *recorder) record(method string, id int64, cause string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := fmt.Sprintf("%s/%d", method, id)
	r.counts[key]++
	c := call{method: method, orderID: id, attempt: r.counts[key], cause: cause}
	r.calls <- c
}

func (r *recorder) count(method string, id int64) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[fmt.Sprintf("%s/%d", method, id)]
}

// next waits for the next call.
func (r *recorder) next(t *testing.T) call {
	t.Helper()
	select {
	case c := <-r.calls:
		return c
	case <-time.After(timeout):
		t.Fatalf("no handler call within %s", timeout)
		return call{}
	}
}

type bundle struct {
	store *sqlstore.DB
	queue *queue.Queue
	calls *recorder
}

// setup runs a queue with four workers and two attempts on a fresh SQLite store. The
// handler's methods are recorded; then they do what h says.
func setup(t *testing.T, h handlerFuncs) *bundle {
	t.Helper()
	store := sqlite.MustOpenTest(t, sqlstore.Options{})
	rec := newRecorder()
	handler := &handlerFuncs{
		ProcessOrderFunc: func(ctx context.Context, id int64) error {
			rec.record("ProcessOrder", id, "")
			if h.ProcessOrderFunc == nil {
				return nil
			}
			return h.ProcessOrderFunc(ctx, id)
		},
		PostOrderFunc: func(ctx context.Context, id int64) error {
			rec.record("PostOrder", id, "")
			if h.PostOrderFunc == nil {
				return nil
			}
			return h.PostOrderFunc(ctx, id)
		},
		RespondFunc: func(ctx context.Context, id int64, status o2c.OrderStatus) error {
			rec.record("Respond", id, string(status))
			if h.RespondFunc == nil {
				return nil
			}
			return h.RespondFunc(ctx, id, status)
		},
		LearnFunc: func(ctx context.Context, id, eventID int64) error {
			rec.record("Learn", id, fmt.Sprint(eventID))
			if h.LearnFunc == nil {
				return nil
			}
			return h.LearnFunc(ctx, id, eventID)
		},
		GiveUpFunc: func(ctx context.Context, id int64, cause string) error {
			rec.record("GiveUp", id, cause)
			if h.GiveUpFunc == nil {
				return nil
			}
			return h.GiveUpFunc(ctx, id, cause)
		},
	}
	ctx := context.Background()
	q, err := queue.New(ctx, queue.Config{Engine: "sqlite", DB: store.WriteDB(), Handler: handler, Workers: 4,
		MaxAttempts: 2, RescueAfter: 2 * time.Second, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	store.SetEnqueuer(q.Enqueue)
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	// Cleanups run last first: the queue stops before the store closes.
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if err := q.Stop(stopCtx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})
	return &bundle{store: store, queue: q, calls: rec}
}

// enqueue adds jobs in a store transaction that commits, or rolls back when rollback is set.
func (b *bundle) enqueue(t *testing.T, rollback bool, jobs ...o2c.JobArgs) {
	t.Helper()
	errRollback := errors.New("roll back")
	err := b.store.InTx(t.Context(), func(tx o2c.Tx) error {
		if err := tx.Enqueue(t.Context(), jobs...); err != nil {
			return err
		}
		if rollback {
			return errRollback
		}
		return nil
	})
	if rollback && !errors.Is(err, errRollback) || !rollback && err != nil {
		t.Fatalf("enqueue transaction: %v", err)
	}
}

// jobRow is River's record of one job.
type jobRow struct {
	kind    string
	orderID int64
	state   string
	attempt int
}

// jobRows reads River's job table.
func (b *bundle) jobRows(t *testing.T) []jobRow {
	t.Helper()
	rows, err := b.store.WriteDB().QueryContext(t.Context(), `SELECT kind, json(args), state, attempt FROM river_job ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []jobRow
	for rows.Next() {
		var r jobRow
		var args string
		if err := rows.Scan(&r.kind, &args, &r.state, &r.attempt); err != nil {
			t.Fatal(err)
		}
		var a struct {
			OrderID int64 `json:"order_id"`
		}
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			t.Fatalf("job args %s: %v", args, err)
		}
		r.orderID = a.OrderID
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitJob waits until River records the job of kind for the order in one of states, and returns it.
func (b *bundle) waitJob(t *testing.T, kind string, orderID int64, states ...string) jobRow {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last []jobRow
	for time.Now().Before(deadline) {
		last = b.jobRows(t)
		for _, r := range last {
			if r.kind == kind && r.orderID == orderID && slices.Contains(states, r.state) {
				return r
			}
		}
		select {
		case <-t.Context().Done():
			t.Fatal(t.Context().Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("job %s of order %d not %v within %s; jobs: %+v", kind, orderID, states, timeout, last)
	return jobRow{}
}

func TestCommittedJobsRun(t *testing.T) {
	t.Parallel()
	b := setup(t, handlerFuncs{})
	b.enqueue(t, false, o2c.ProcessOrderJob{OrderID: 7}, o2c.PostOrderJob{OrderID: 8})

	got := map[string]int64{}
	for range 2 {
		c := b.calls.next(t)
		got[c.method] = c.orderID
	}
	if got["ProcessOrder"] != 7 || got["PostOrder"] != 8 {
		t.Fatalf("calls %v, want ProcessOrder(7) and PostOrder(8)", got)
	}
	b.waitJob(t, "process_order", 7, "completed")
	b.waitJob(t, "post_order", 8, "completed")
	if n := b.calls.count("GiveUp", 7) + b.calls.count("GiveUp", 8); n != 0 {
		t.Fatalf("GiveUp called %d times, want never", n)
	}
}

func TestRolledBackJobNeverRuns(t *testing.T) {
	t.Parallel()
	b := setup(t, handlerFuncs{})
	b.enqueue(t, true, o2c.ProcessOrderJob{OrderID: 1})
	if rows := b.jobRows(t); len(rows) != 0 {
		t.Fatalf("River holds %+v after the rollback, want no job", rows)
	}
	// A job committed after it runs; had the first job existed, it would have been fetched first.
	b.enqueue(t, false, o2c.ProcessOrderJob{OrderID: 2})
	if c := b.calls.next(t); c.method != "ProcessOrder" || c.orderID != 2 {
		t.Fatalf("call %+v, want ProcessOrder(2)", c)
	}
	b.waitJob(t, "process_order", 2, "completed")
	if n := b.calls.count("ProcessOrder", 1); n != 0 {
		t.Fatalf("the rolled-back job ran %d times", n)
	}
	if rows := b.jobRows(t); len(rows) != 1 {
		t.Fatalf("River holds %+v, want only the committed job", rows)
	}
}

func TestInvalidGivesUpAtOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, handlerFuncs{
		ProcessOrderFunc: func(context.Context, int64) error {
			return o2c.Invalid(o2c.Fault{Rule: "ORDER-07", Path: "$.lines[0].quantity", Message: "quantity must be more than zero"})
		},
	})
	b.enqueue(t, false, o2c.ProcessOrderJob{OrderID: 3})

	if c := b.calls.next(t); c.method != "ProcessOrder" || c.orderID != 3 {
		t.Fatalf("call %+v, want ProcessOrder(3)", c)
	}
	c := b.calls.next(t)
	if c.method != "GiveUp" || c.orderID != 3 {
		t.Fatalf("call %+v, want GiveUp(3)", c)
	}
	if !strings.Contains(c.cause, "quantity must be more than zero") || !strings.Contains(c.cause, "process_order") {
		t.Fatalf("cause %q does not name the job and the message", c.cause)
	}
	// Cancelled is final: River never runs the job again.
	if r := b.waitJob(t, "process_order", 3, "cancelled"); r.attempt != 1 {
		t.Fatalf("job cancelled after %d attempts, want 1", r.attempt)
	}
	if n, g := b.calls.count("ProcessOrder", 3), b.calls.count("GiveUp", 3); n != 1 || g != 1 {
		t.Fatalf("ProcessOrder ran %d times and GiveUp %d times, want once each", n, g)
	}
}

// TestRespondJob: an order response is sent with the status that called for it; one that can
// never be sent is cancelled at once and sends no order to review (the handler recorded why).
func TestRespondJob(t *testing.T) {
	t.Parallel()
	b := setup(t, handlerFuncs{
		RespondFunc: func(_ context.Context, id int64, _ o2c.OrderStatus) error {
			if id == 2 {
				return o2c.Errorf(o2c.CodeInvalid, "no address")
			}
			return nil
		},
	})
	b.enqueue(t, false, o2c.RespondJob{OrderID: 1, Status: "posted"}, o2c.RespondJob{OrderID: 2, Status: "rejected"})
	got := map[int64]string{}
	for range 2 {
		c := b.calls.next(t)
		if c.method != "Respond" {
			t.Fatalf("call %+v, want Respond", c)
		}
		got[c.orderID] = c.cause
	}
	if got[1] != "posted" || got[2] != "rejected" {
		t.Fatalf("Respond calls %v, want order 1 posted and 2 rejected", got)
	}
	b.waitJob(t, "respond", 1, "completed")
	if r := b.waitJob(t, "respond", 2, "cancelled"); r.attempt != 1 {
		t.Fatalf("the hopeless response was tried %d times, want once", r.attempt)
	}
	if g := b.calls.count("GiveUp", 2); g != 0 {
		t.Fatalf("GiveUp called %d times for an order response, want never", g)
	}
}

// TestLearnJob: learning from a correction gets the order and the correction's event; one that
// can never succeed is cancelled at once, one that fails for a while is retried, and neither
// sends the order back to review.
func TestLearnJob(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	failed := false
	b := setup(t, handlerFuncs{
		LearnFunc: func(_ context.Context, id, _ int64) error {
			mu.Lock()
			defer mu.Unlock()
			switch {
			case id == 2:
				return o2c.Errorf(o2c.CodeInvalid, "order 2 has no correction 21")
			case id == 3 && !failed:
				failed = true
				return errors.New("database is locked")
			}
			return nil
		},
	})
	b.enqueue(t, false, o2c.LearnJob{OrderID: 1, EventID: 11}, o2c.LearnJob{OrderID: 2, EventID: 21},
		o2c.LearnJob{OrderID: 3, EventID: 31})
	got := map[int64]string{}
	for range 4 {
		c := b.calls.next(t)
		if c.method != "Learn" {
			t.Fatalf("call %+v, want Learn", c)
		}
		got[c.orderID] = c.cause
	}
	if got[1] != "11" || got[2] != "21" || got[3] != "31" {
		t.Fatalf("Learn calls %v, want orders 1, 2, 3 with events 11, 21, 31", got)
	}
	b.waitJob(t, "learn", 1, "completed")
	if r := b.waitJob(t, "learn", 2, "cancelled"); r.attempt != 1 {
		t.Fatalf("the hopeless learn job was tried %d times, want once", r.attempt)
	}
	if r := b.waitJob(t, "learn", 3, "completed"); r.attempt != 2 {
		t.Fatalf("the learn job that failed once completed at attempt %d, want 2", r.attempt)
	}
	for id := int64(1); id <= 3; id++ {
		if g := b.calls.count("GiveUp", id); g != 0 {
			t.Fatalf("GiveUp called %d times for order %d's learn job, want never", g, id)
		}
	}
}

func TestFailureRetried(t *testing.T) {
	t.Parallel()

	t.Run("GiveUpAfterMaxAttempts", func(t *testing.T) {
		t.Parallel()
		b := setup(t, handlerFuncs{
			PostOrderFunc: func(context.Context, int64) error { return errors.New("dial tcp 10.0.0.9:8000: connection refused") },
		})
		b.enqueue(t, false, o2c.PostOrderJob{OrderID: 4})

		for attempt := 1; attempt <= 2; attempt++ {
			if c := b.calls.next(t); c.method != "PostOrder" || c.orderID != 4 || c.attempt != attempt {
				t.Fatalf("call %+v, want PostOrder(4) attempt %d", c, attempt)
			}
		}
		c := b.calls.next(t)
		if c.method != "GiveUp" || c.orderID != 4 {
			t.Fatalf("call %+v, want GiveUp(4)", c)
		}
		if !strings.Contains(c.cause, "connection refused") || !strings.Contains(c.cause, "after 2 attempts") {
			t.Fatalf("cause %q does not give the error and the attempts", c.cause)
		}
		if r := b.waitJob(t, "post_order", 4, "cancelled"); r.attempt != 2 {
			t.Fatalf("job cancelled after %d attempts, want 2", r.attempt)
		}
		if n, g := b.calls.count("PostOrder", 4), b.calls.count("GiveUp", 4); n != 2 || g != 1 {
			t.Fatalf("PostOrder ran %d times and GiveUp %d times, want 2 and 1", n, g)
		}
	})

	t.Run("OKSecondAttempt", func(t *testing.T) {
		t.Parallel()
		var mu sync.Mutex
		failed := false
		b := setup(t, handlerFuncs{
			ProcessOrderFunc: func(context.Context, int64) error {
				mu.Lock()
				defer mu.Unlock()
				if !failed {
					failed = true
					return o2c.Errorf(o2c.CodeUnavailable, "ERP maintenance")
				}
				return nil
			},
		})
		b.enqueue(t, false, o2c.ProcessOrderJob{OrderID: 5})
		for attempt := 1; attempt <= 2; attempt++ {
			if c := b.calls.next(t); c.method != "ProcessOrder" || c.orderID != 5 || c.attempt != attempt {
				t.Fatalf("call %+v, want ProcessOrder(5) attempt %d", c, attempt)
			}
		}
		if r := b.waitJob(t, "process_order", 5, "completed"); r.attempt != 2 {
			t.Fatalf("job completed at attempt %d, want 2", r.attempt)
		}
		if g := b.calls.count("GiveUp", 5); g != 0 {
			t.Fatalf("GiveUp called %d times, want never", g)
		}
	})
}

// TestTimeoutGivesUp: a job whose last attempt runs out of time (the ERP hangs) must send its
// order to review like any other last failure. queue.Config's job timeout is RescueAfter here: 2 s.
func TestTimeoutGivesUp(t *testing.T) {
	t.Parallel()
	b := setup(t, handlerFuncs{
		PostOrderFunc: func(ctx context.Context, _ int64) error {
			<-ctx.Done()
			return ctx.Err()
		},
	})
	b.enqueue(t, false, o2c.PostOrderJob{OrderID: 6})
	for attempt := 1; attempt <= 2; attempt++ {
		if c := b.calls.next(t); c.method != "PostOrder" || c.orderID != 6 || c.attempt != attempt {
			t.Fatalf("call %+v, want PostOrder(6) attempt %d", c, attempt)
		}
	}
	r := b.waitJob(t, "post_order", 6, "cancelled", "discarded", "completed")
	if g := b.calls.count("GiveUp", 6); g != 1 {
		t.Fatalf("job ended %s after %d attempts and GiveUp was called %d times, want once: the order stays approved with no job left",
			r.state, r.attempt, g)
	}
}

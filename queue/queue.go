// Package queue runs o2c's durable jobs on River, on SQLite or PostgreSQL. Jobs are inserted in the
// caller's business transaction (Enqueue has the sqlstore.Enqueuer shape), so a job exists if and
// only if the step that made it necessary committed. River stays behind this package, so it could
// be swapped for a plain jobs table without touching the rest.
package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/o2c-project/o2c"
)

// Handler does the work of each job kind; app.Orders implements it. The queue calls it and turns
// its errors into River's retry, cancel and give-up behaviour.
type Handler interface {
	ProcessOrder(ctx context.Context, orderID int64) error
	PostOrder(ctx context.Context, orderID int64) error
	// GiveUp sends an order whose job failed for good to review, with the cause written on it.
	GiveUp(ctx context.Context, orderID int64, cause string) error
	// Acknowledge sends the functional acknowledgement of a received EDI document.
	Acknowledge(ctx context.Context, documentID int64) error
	// Respond sends the order response of an order that became status.
	Respond(ctx context.Context, orderID int64, status o2c.OrderStatus) error
	// Learn learns from the correction of an order that the audit event eventID records.
	Learn(ctx context.Context, orderID, eventID int64) error
}

// Config configures the queue.
type Config struct {
	Engine      string  // "sqlite" or "postgres"
	DB          *sql.DB // the pool for River's own work: on SQLite, the store's single writer connection
	Schema      string  // PostgreSQL schema holding River's tables ("" for the search path)
	Handler     Handler
	Workers     int // concurrent jobs; default 50
	MaxAttempts int // tries before an order is sent to review with the cause; default 8 (about 80 minutes of backoff)
	// RescueAfter is how long a job may stay running before it is taken for dead (its process
	// killed) and retried; default 30 s. Jobs are idempotent, so a rescue never does work twice.
	RescueAfter time.Duration
	Log         *slog.Logger
	// ERPSync, when set, reads the shipment state of posted orders back from the ERP: once at
	// start and every ERPSyncEvery (default DefaultERPSyncEvery) after (erpsync.go).
	ERPSync      ERPSyncer
	ERPSyncEvery time.Duration
	// Alerts, when set, works the alert jobs and schedules the stuck-order scan and the daily
	// digest (alerts.go).
	Alerts *AlertConfig
	// Invoices, when set, works the invoice jobs and schedules the daily period invoices (invoice.go).
	Invoices *InvoiceConfig
	// Reminders, when set, schedules the daily dunning reminders (reminders.go).
	Reminders *RemindersConfig
}

// Queue is the River client.
type Queue struct {
	client      *river.Client[*sql.Tx]
	maxAttempts int
}

// New migrates River's tables and builds the client; Start begins working jobs.
func New(ctx context.Context, cfg Config) (*Queue, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 50
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.RescueAfter <= 0 {
		cfg.RescueAfter = 30 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	var driver riverdriver.Driver[*sql.Tx]
	switch cfg.Engine {
	case "sqlite":
		driver = riversqlite.New(cfg.DB)
	case "postgres":
		driver = riverdatabasesql.New(cfg.DB)
	default:
		return nil, fmt.Errorf("queue: unknown engine %q", cfg.Engine)
	}
	migrator, err := rivermigrate.New(driver, &rivermigrate.Config{Schema: cfg.Schema, Logger: quiet(cfg.Log)})
	if err != nil {
		return nil, fmt.Errorf("queue: prepare migrations: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return nil, fmt.Errorf("queue: migrate: %w", err)
	}
	q := &Queue{maxAttempts: cfg.MaxAttempts}
	workers := river.NewWorkers()
	river.AddWorker(workers, &processWorker{q: q, h: cfg.Handler})
	river.AddWorker(workers, &postWorker{q: q, h: cfg.Handler})
	river.AddWorker(workers, &ackWorker{h: cfg.Handler})
	river.AddWorker(workers, &respondWorker{h: cfg.Handler})
	river.AddWorker(workers, &learnWorker{h: cfg.Handler})
	periodic := erpSyncJobs(workers, cfg)
	periodic = append(periodic, alertJobs(workers, cfg.Alerts)...)
	periodic = append(periodic, invoiceJobs(workers, cfg.Invoices)...)
	periodic = append(periodic, reminderJobs(workers, cfg.Reminders)...)
	q.client, err = river.NewClient(driver, &river.Config{
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		// River's defaults (100 ms cooldown, 1 s poll) cap a queue far below what one order
		// pipeline needs; these values were measured best on 2 cores (see DESIGN.md).
		FetchCooldown:     envDuration("O2C_EXP_COOLDOWN", 5*time.Millisecond),
		FetchPollInterval: 50 * time.Millisecond,
		// The database/sql drivers have no LISTEN channel, so River polls.
		PollOnly:    true,
		MaxAttempts: cfg.MaxAttempts,
		Schema:      cfg.Schema,
		Workers:     workers,
		Logger:      quiet(cfg.Log),
		// A job running when its process died is rescued and retried after this long.
		RescueStuckJobsAfter: cfg.RescueAfter,
		JobTimeout:           min(2*time.Minute, cfg.RescueAfter),

		PeriodicJobs: periodic, // inserted by the elected leader only
	})
	if err != nil {
		return nil, fmt.Errorf("queue: build client: %w", err)
	}
	return q, nil
}

// quiet keeps River's informational chatter out of the operator's log.
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{l.Handler(), slog.LevelWarn})
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (f levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.Handler.Enabled(ctx, l)
}

// Enqueue inserts jobs in the caller's transaction.
func (q *Queue) Enqueue(ctx context.Context, tx *sql.Tx, jobs []o2c.JobArgs) error {
	if len(jobs) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(jobs))
	for i, j := range jobs {
		params[i] = river.InsertManyParams{Args: j}
	}
	// The fast path skips River's unique-job bookkeeping, which costs more than the rest of an
	// order's transaction on SQLite. It is not needed: a post is queued only by the transaction
	// that moves its order to approved, and the worker re-checks that state.
	if _, err := q.client.InsertManyFastTx(ctx, tx, params); err != nil {
		return fmt.Errorf("enqueue %d jobs: %w", len(jobs), err)
	}
	return nil
}

// Start begins working jobs until Stop.
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(ctx) }

// Stop waits for running jobs to finish, up to ctx's deadline.
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// settle turns a handler's error into River's outcome. Invalid input is never retried; an order
// whose last attempt failed goes to review with the cause; anything else is retried with backoff.
func (q *Queue) settle(ctx context.Context, h Handler, job *rivertype.JobRow, orderID int64, err error) error {
	// A shutdown interrupts a job; River runs it again after the restart. A timeout, by
	// contrast, is a failure like any other and counts towards giving up.
	if err == nil || errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return err
	}
	last := job.Attempt >= job.MaxAttempts
	if o2c.ErrorCode(err) != o2c.CodeInvalid && !last {
		return err
	}
	cause := fmt.Sprintf("%s job gave up after %d attempts: %s", job.Kind, job.Attempt, o2c.ErrorMessage(err))
	if o2c.ErrorCode(err) == o2c.CodeInternal {
		cause = fmt.Sprintf("%s job gave up after %d attempts: %v", job.Kind, job.Attempt, err)
	}
	// The job's own context may have expired (a timeout): recording the cause must not.
	gctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if gerr := h.GiveUp(gctx, orderID, cause); gerr != nil {
		return fmt.Errorf("give up order %d: %w (after: %w)", orderID, gerr, err)
	}
	return river.JobCancel(err)
}

type processWorker struct {
	river.WorkerDefaults[o2c.ProcessOrderJob]
	q *Queue
	h Handler
}

func (w *processWorker) Work(ctx context.Context, job *river.Job[o2c.ProcessOrderJob]) error {
	return w.q.settle(ctx, w.h, job.JobRow, job.Args.OrderID, w.h.ProcessOrder(ctx, job.Args.OrderID))
}

type postWorker struct {
	river.WorkerDefaults[o2c.PostOrderJob]
	q *Queue
	h Handler
}

func (w *postWorker) Work(ctx context.Context, job *river.Job[o2c.PostOrderJob]) error {
	return w.q.settle(ctx, w.h, job.JobRow, job.Args.OrderID, w.h.PostOrder(ctx, job.Args.OrderID))
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}

type ackWorker struct {
	river.WorkerDefaults[o2c.AcknowledgeJob]
	h Handler
}

// Work sends an acknowledgement. It concerns no order's state: a failure is retried, and one that
// can never succeed is cancelled with its cause in River's job record, leaving the orders alone.
func (w *ackWorker) Work(ctx context.Context, job *river.Job[o2c.AcknowledgeJob]) error {
	err := w.h.Acknowledge(ctx, job.Args.DocumentID)
	if err != nil && o2c.ErrorCode(err) == o2c.CodeInvalid {
		return river.JobCancel(err)
	}
	return err
}

type respondWorker struct {
	river.WorkerDefaults[o2c.RespondJob]
	h Handler
}

// Work sends an order response. Like an acknowledgement it changes no order's state; the
// handler records a response that can never be sent in the order's history.
func (w *respondWorker) Work(ctx context.Context, job *river.Job[o2c.RespondJob]) error {
	err := w.h.Respond(ctx, job.Args.OrderID, o2c.OrderStatus(job.Args.Status))
	if err != nil && o2c.ErrorCode(err) == o2c.CodeInvalid {
		return river.JobCancel(err)
	}
	return err
}

type learnWorker struct {
	river.WorkerDefaults[o2c.LearnJob]
	h Handler
}

// Work learns from a correction. The order it concerns was already corrected and verified: a
// failure is retried, one that can never succeed is cancelled with its cause in River's job
// record, and the order is never sent back to review for it.
func (w *learnWorker) Work(ctx context.Context, job *river.Job[o2c.LearnJob]) error {
	err := w.h.Learn(ctx, job.Args.OrderID, job.Args.EventID)
	if err != nil && o2c.ErrorCode(err) == o2c.CodeInvalid {
		return river.JobCancel(err)
	}
	return err
}

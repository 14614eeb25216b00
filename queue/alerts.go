package queue

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// AlertHandler does the alert jobs; app.Alerts implements it.
type AlertHandler interface {
	// Alert raises and sends the alerts of one event of an order. last is true on the job's last
	// attempt: a delivery that fails then is recorded as failed for good.
	Alert(ctx context.Context, job o2c.AlertJob, last bool) error
	// ScanStuck finds the orders stuck longer than the rules allow and queues their alerts.
	ScanStuck(ctx context.Context) error
	// SendDigests sends the daily digests of day (and of the days before it not sent yet).
	SendDigests(ctx context.Context, day cal.Date, last bool) error
}

// AlertConfig turns alerting on: the alert workers, a periodic scan for stuck orders and a daily
// digest. Periodic jobs are inserted by River's leader only, so N processes scan once.
type AlertConfig struct {
	Handler AlertHandler
	// ScanEvery is how often stuck orders are looked for; default one minute.
	ScanEvery time.Duration
	// DigestHour is the hour of the day (0-23, in Location) when the digests of the day before go
	// out; default 0 (midnight).
	DigestHour int
	// Location is the company's zone, whose days the digests cover; default UTC.
	Location *time.Location
}

// alertJobs registers the alert workers and returns the periodic jobs; none when cfg is nil.
func alertJobs(workers *river.Workers, cfg *AlertConfig) []*river.PeriodicJob {
	if cfg == nil {
		return nil
	}
	if cfg.ScanEvery <= 0 {
		cfg.ScanEvery = time.Minute
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	river.AddWorker(workers, &alertWorker{h: cfg.Handler})
	river.AddWorker(workers, &alertScanWorker{h: cfg.Handler})
	river.AddWorker(workers, &alertDigestWorker{h: cfg.Handler})
	daily := dailyAt{hour: cfg.DigestHour, loc: cfg.Location}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(cfg.ScanEvery),
			func() (river.JobArgs, *river.InsertOpts) { return o2c.AlertScanJob{}, nil },
			&river.PeriodicJobOpts{ID: "alert_scan", RunOnStart: true}),
		river.NewPeriodicJob(daily,
			func() (river.JobArgs, *river.InsertOpts) {
				// The digest of the day that ended; the job also catches up days not sent.
				return o2c.AlertDigestJob{Day: cal.DateIn(time.Now(), cfg.Location).AddDays(-1)}, nil
			},
			&river.PeriodicJobOpts{ID: "alert_digest", RunOnStart: true}),
	}
}

// dailyAt is a River schedule: every day at an hour of a zone.
type dailyAt struct {
	hour int
	loc  *time.Location
}

// Next returns the next instant after t when the hour begins in the zone.
func (d dailyAt) Next(t time.Time) time.Time {
	local := t.In(d.loc)
	next := time.Date(local.Year(), local.Month(), local.Day(), d.hour, 0, 0, 0, d.loc)
	for !next.After(t) {
		local = local.AddDate(0, 0, 1)
		next = time.Date(local.Year(), local.Month(), local.Day(), d.hour, 0, 0, 0, d.loc)
	}
	return next
}

type alertWorker struct {
	river.WorkerDefaults[o2c.AlertJob]
	h AlertHandler
}

// Work sends an order's alerts. It changes no order's state: a delivery that failed is retried
// by River with backoff, and on the last attempt the handler records it as failed in the order's
// history, so the order is never sent back to review for an alert.
func (w *alertWorker) Work(ctx context.Context, job *river.Job[o2c.AlertJob]) error {
	err := w.h.Alert(ctx, job.Args, job.Attempt >= job.MaxAttempts)
	if err != nil && o2c.ErrorCode(err) == o2c.CodeInvalid {
		return river.JobCancel(err)
	}
	return err
}

type alertScanWorker struct {
	river.WorkerDefaults[o2c.AlertScanJob]
	h AlertHandler
}

// Work scans for stuck orders; the next scan comes within a minute, so a failed one is not retried.
func (w *alertScanWorker) Work(ctx context.Context, job *river.Job[o2c.AlertScanJob]) error {
	if err := w.h.ScanStuck(ctx); err != nil {
		return river.JobCancel(err)
	}
	return nil
}

// Timeout lets a scan run as long as a minute's scans may take.
func (w *alertScanWorker) Timeout(*river.Job[o2c.AlertScanJob]) time.Duration { return time.Minute }

type alertDigestWorker struct {
	river.WorkerDefaults[o2c.AlertDigestJob]
	h AlertHandler
}

// Work sends the digests of a day.
func (w *alertDigestWorker) Work(ctx context.Context, job *river.Job[o2c.AlertDigestJob]) error {
	err := w.h.SendDigests(ctx, job.Args.Day, job.Attempt >= job.MaxAttempts)
	if err != nil && o2c.ErrorCode(err) == o2c.CodeInvalid {
		return river.JobCancel(err)
	}
	return err
}

package queue

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// RemindersHandler sends the day's dunning reminders; app.Reminders implements it.
type RemindersHandler interface {
	// RunReminders sends the reminders due on day, each level of an invoice once.
	RunReminders(ctx context.Context, day cal.Date) error
}

// RemindersConfig turns reminders on: a daily run at Hour in Location. Periodic jobs are
// inserted by River's leader only, so N processes run it once.
type RemindersConfig struct {
	Handler RemindersHandler
	// Hour is the hour of the day (0-23, in Location) when reminders go out; default 0.
	Hour int
	// Location is the company's zone, whose days count overdue; default UTC.
	Location *time.Location
}

// reminderJobs registers the reminders worker and returns the daily job; none when cfg is nil.
func reminderJobs(workers *river.Workers, cfg *RemindersConfig) []*river.PeriodicJob {
	if cfg == nil {
		return nil
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	river.AddWorker(workers, &remindersWorker{h: cfg.Handler})
	// Run on start too: a run that already happened today sends nothing new.
	return []*river.PeriodicJob{river.NewPeriodicJob(dailyAt{hour: cfg.Hour, loc: cfg.Location},
		func() (river.JobArgs, *river.InsertOpts) {
			return o2c.RemindersJob{Day: cal.DateIn(time.Now(), cfg.Location)}, nil
		},
		&river.PeriodicJobOpts{ID: o2c.RemindersJob{}.Kind(), RunOnStart: true})}
}

type remindersWorker struct {
	river.WorkerDefaults[o2c.RemindersJob]
	h RemindersHandler
}

// Work sends a day's reminders. A retry sends only those not recorded as sent.
func (w *remindersWorker) Work(ctx context.Context, job *river.Job[o2c.RemindersJob]) error {
	return cancelInvalid(w.h.RunReminders(ctx, job.Args.Day))
}

// Timeout lets a day's run mail many customers.
func (w *remindersWorker) Timeout(*river.Job[o2c.RemindersJob]) time.Duration {
	return 10 * time.Minute
}

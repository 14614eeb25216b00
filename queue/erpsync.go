package queue

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/o2c-project/o2c"
)

// DefaultERPSyncEvery is how often the shipment sync runs when Config.ERPSyncEvery is not set.
const DefaultERPSyncEvery = 5 * time.Minute

// ERPSyncer reads what the ERP knows of posted orders back into o2c; app.ERPSync implements it.
type ERPSyncer interface {
	SyncShipments(ctx context.Context) error
}

// erpSyncJobs registers the shipment sync's worker and returns its periodic job: once when the
// queue starts and every cfg.ERPSyncEvery after. Only River's elected leader inserts periodic jobs,
// so one process of several runs it. None when cfg.ERPSync is nil.
func erpSyncJobs(workers *river.Workers, cfg Config) []*river.PeriodicJob {
	if cfg.ERPSync == nil {
		return nil
	}
	every := cfg.ERPSyncEvery
	if every <= 0 {
		every = DefaultERPSyncEvery
	}
	river.AddWorker(workers, &erpSyncWorker{s: cfg.ERPSync, log: cfg.Log, timeout: min(every, 2*time.Minute)})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(every), func() (river.JobArgs, *river.InsertOpts) {
		// A run that fails is not retried: the next period asks again. Unique while one waits
		// or runs, so that a slow ERP never piles runs up.
		return o2c.SyncShipmentsJob{}, &river.InsertOpts{MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateScheduled}}}
	}, &river.PeriodicJobOpts{ID: o2c.SyncShipmentsJob{}.Kind(), RunOnStart: true})}
}

type erpSyncWorker struct {
	river.WorkerDefaults[o2c.SyncShipmentsJob]
	s       ERPSyncer
	log     *slog.Logger
	timeout time.Duration
}

// Timeout bounds a run by its period (at most 2 minutes), rather than by the queue's job timeout.
func (w *erpSyncWorker) Timeout(*river.Job[o2c.SyncShipmentsJob]) time.Duration { return w.timeout }

// Work runs the sync once. Its failure concerns no one order: it is logged, and the next period
// tries again.
func (w *erpSyncWorker) Work(ctx context.Context, _ *river.Job[o2c.SyncShipmentsJob]) error {
	err := w.s.SyncShipments(ctx)
	if err != nil {
		w.log.WarnContext(ctx, "shipment sync failed", "err", err)
	}
	return err
}

package o2c

// JobArgs is a durable unit of work. Its Kind names the worker; the queue adapter maps it to a
// job of the queue library, so the domain never imports one.
type JobArgs interface {
	Kind() string
}

// ProcessOrderJob reads, verifies and decides one received order: for a structured document these
// steps are fast and pure, so they share one durability boundary.
type ProcessOrderJob struct {
	OrderID int64 `json:"order_id"`
}

// Kind implements JobArgs.
func (ProcessOrderJob) Kind() string { return "process_order" }

// PostOrderJob posts one approved order to the ERP: an outside effect, so its own boundary.
type PostOrderJob struct {
	OrderID int64 `json:"order_id"`
}

// Kind implements JobArgs.
func (PostOrderJob) Kind() string { return "post_order" }

package main

import (
	"flag"
	"strconv"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/alert/hook"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/queue"
	"github.com/o2c-project/o2c/sqlstore"
)

// alertConfig configures alerting: the links in alerts, when the digest goes out, how often
// stuck orders are looked for.
type alertConfig struct {
	publicURL  string           // where people reach o2c: alerts link to PUBLIC_URL/ui/orders/{id}
	digestHour int              // hour of the day (company zone) when the digests of the day before go out
	scanEvery  time.Duration    // how often stuck orders are looked for
	timeout    time.Duration    // of one webhook POST
	now        func() time.Time // the alerts' clock; nil is the real one (tests move it)
}

// alertFlags reads the alerting flags.
func (m *Main) alertFlags(fs *flag.FlagSet) *alertConfig {
	c := &alertConfig{}
	fs.StringVar(&c.publicURL, "public-url", m.env("O2C_PUBLIC_URL", "http://localhost:8080"), "the address people reach o2c at: alerts link to PUBLIC_URL/ui/orders/{id}")
	hour, err := strconv.Atoi(m.env("O2C_ALERT_DIGEST_HOUR", "7"))
	if err != nil {
		hour = 7
	}
	fs.IntVar(&c.digestHour, "alert-digest-hour", hour, "hour of the day (0-23, in --zone) when the alert digests of the day before go out")
	fs.DurationVar(&c.scanEvery, "alert-scan", time.Minute, "how often orders stuck longer than an alert rule allows are looked for")
	fs.DurationVar(&c.timeout, "alert-webhook-timeout", 10*time.Second, "how long one webhook POST of an alert may take")
	return c
}

// newAlerts makes the alert service of a stack: mail through the SMTP server (none without
// --smtp), webhooks over HTTP.
func newAlerts(db *sqlstore.DB, mail o2c.AnswerSender, loc *time.Location, c alertConfig) *app.Alerts {
	a := app.NewAlerts(db, c.publicURL)
	a.Mail, a.Webhooks, a.Location = mail, hook.New(c.timeout), loc
	if c.now != nil {
		a.Now = c.now
	}
	return a
}

// queueConfig is what the job queue needs to work the alert jobs and schedule the scan and digest.
func (c alertConfig) queueConfig(a *app.Alerts) *queue.AlertConfig {
	hour := c.digestHour
	if hour < 0 || hour > 23 {
		hour = 7
	}
	return &queue.AlertConfig{Handler: a, ScanEvery: c.scanEvery, DigestHour: hour, Location: a.Location}
}

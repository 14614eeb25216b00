package web

import (
	"context"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// routeAlertRules serves the alert rules under /alert-rules, for admins. alerts nil makes a
// service on the orders' store that sends nothing (a test reports each channel unreachable).
func (s *server) routeAlertRules(alerts *app.Alerts) {
	if alerts == nil {
		if s.orders == nil {
			return
		}
		alerts = app.NewAlerts(s.orders.Store, "")
		alerts.Log = s.log
	}
	const tag = "Alert rules"
	admin := o2c.ScopeAdmin
	about := " An alert rule tells people about orders by e-mail and webhooks (Slack, Teams, JSON): orders that enter " +
		"review with one of its anomaly codes (DEAD_LETTER: a job gave up on the order), of its customer, worth at " +
		"least its minimum value; or, with a stuck status, orders unchanged in that status longer than its minutes. " +
		"Each alert says the cause and links to the order, and goes out once; a digest rule sends a day's alerts in " +
		"one message the next day."

	huma.Register(s.api, s.operation(http.MethodGet, "/alert-rules", "list-alert-rules", tag, admin, "List alert rules"),
		func(ctx context.Context, _ *struct{}) (*alertRulesOutput, error) {
			rules, err := alerts.ListRules(ctx)
			if err != nil {
				return nil, err
			}
			out := &alertRulesOutput{}
			out.Body.Items = rules
			return out, nil
		})

	body := s.body(reflect.TypeFor[alertRuleBody]())
	op := withBody(s.operation(http.MethodPost, "/alert-rules", "create-alert-rule", tag, admin, "Create an alert rule"),
		body.schema, "The rule.")
	op.Description += about + " Each problem of the rule is a fault naming its member."
	op.DefaultStatus = http.StatusCreated
	op.Errors = append(op.Errors, http.StatusConflict)
	huma.Register(s.api, op, func(ctx context.Context, in *upsertInput) (*alertRuleOutput, error) {
		var b alertRuleBody
		if err := body.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		r, err := alerts.CreateRule(ctx, b.rule(), actor(ctx))
		if err != nil {
			return nil, err
		}
		return &alertRuleOutput{Body: r}, nil
	})

	op = pathID(s.operation(http.MethodGet, "/alert-rules/{id}", "get-alert-rule", tag, admin, "Get an alert rule"), "alert rule")
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*alertRuleOutput, error) {
		id, err := parseID("alert rule", in.ID)
		if err != nil {
			return nil, err
		}
		r, err := alerts.GetRule(ctx, id)
		if err != nil {
			return nil, err
		}
		return &alertRuleOutput{Body: r}, nil
	})

	op = pathID(withBody(s.operation(http.MethodPut, "/alert-rules/{id}", "put-alert-rule", tag, admin, "Replace an alert rule"),
		body.schema, "The rule as it should be."), "alert rule")
	op.Description += about
	op.Errors = append(op.Errors, http.StatusConflict)
	huma.Register(s.api, op, func(ctx context.Context, in *alertRuleInput) (*alertRuleOutput, error) {
		id, err := parseID("alert rule", in.ID)
		if err != nil {
			return nil, err
		}
		var b alertRuleBody
		if err := body.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		r, err := alerts.UpdateRule(ctx, id, b.rule(), actor(ctx))
		if err != nil {
			return nil, err
		}
		return &alertRuleOutput{Body: r}, nil
	})

	op = pathID(s.operation(http.MethodDelete, "/alert-rules/{id}", "delete-alert-rule", tag, admin, "Delete an alert rule"), "alert rule")
	op.Description += " Its alert log goes with it."
	op.DefaultStatus = http.StatusNoContent
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*struct{}, error) {
		id, err := parseID("alert rule", in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{}{}, alerts.DeleteRule(ctx, id, actor(ctx))
	})

	op = pathID(s.operation(http.MethodPost, "/alert-rules/{id}/test", "test-alert-rule", tag, admin,
		"Send a test message to an alert rule's channels"), "alert rule")
	op.Description += " The rule need not be enabled. The answer says, per channel, whether the message went out and why not."
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*alertTestOutput, error) {
		id, err := parseID("alert rule", in.ID)
		if err != nil {
			return nil, err
		}
		res, err := alerts.TestRule(ctx, id, actor(ctx))
		if err != nil {
			return nil, err
		}
		out := &alertTestOutput{}
		out.Body.Results = res
		return out, nil
	})
}

// alertRuleBody is an alert rule as POST and PUT send it.
type alertRuleBody struct {
	Name          string             `json:"name" minLength:"1" maxLength:"200" doc:"What people call the rule; unique."`
	Enabled       *bool              `json:"enabled,omitempty" doc:"Whether the rule fires; true when left out."`
	AnomalyCodes  []string           `json:"anomaly_codes,omitempty" doc:"The rule fires for orders carrying any of these anomaly codes (PRICE_MISMATCH, ...), or DEAD_LETTER for an order a job gave up on; any order when left out."`
	CustomerID    string             `json:"customer_id,omitempty" doc:"Only this customer's orders."`
	MinOrderValue *decimal.Decimal   `json:"min_order_value,omitempty" doc:"Only orders whose net total is at least this much, in the order's currency."`
	StuckStatus   o2c.OrderStatus    `json:"stuck_status,omitempty" doc:"Makes the rule a watch on time: it fires for orders unchanged in this status longer than stuck_minutes."`
	StuckMinutes  int                `json:"stuck_minutes,omitempty" minimum:"0" doc:"How long an order may stay in stuck_status."`
	Channels      []alertChannelBody `json:"channels" minItems:"1" doc:"Where the alerts go."`
	Digest        bool               `json:"digest,omitempty" doc:"Send the day's alerts in one message the next day instead of one message per alert."`
}

// alertChannelBody is one channel of a rule.
type alertChannelBody struct {
	Email  string `json:"email,omitempty" doc:"An e-mail address; give email or url."`
	URL    string `json:"url,omitempty" doc:"An http(s) webhook URL the alerts are POSTed to."`
	Format string `json:"format,omitempty" enum:"slack,teams,json" doc:"The webhook's JSON: slack ({text, blocks}), teams (an Adaptive Card message) or json (o2c's own, the default)."`
}

func (b alertRuleBody) rule() o2c.AlertRule {
	r := o2c.AlertRule{Name: b.Name, Enabled: b.Enabled == nil || *b.Enabled, AnomalyCodes: b.AnomalyCodes,
		CustomerID: b.CustomerID, MinOrderValue: b.MinOrderValue, StuckStatus: b.StuckStatus, StuckMinutes: b.StuckMinutes,
		Digest: b.Digest}
	for _, c := range b.Channels {
		r.Channels = append(r.Channels, o2c.AlertChannel{Email: c.Email, URL: c.URL, Format: o2c.WebhookFormat(c.Format)})
	}
	return r
}

type alertRuleInput struct {
	ID          string `path:"id"`
	ContentType string `header:"Content-Type" hidden:"true"`
	RawBody     []byte
}

type alertRuleOutput struct{ Body *o2c.AlertRule }

type alertRulesOutput struct {
	Body struct {
		Items []*o2c.AlertRule `json:"items" doc:"Every rule, by id."`
	}
}

type alertTestOutput struct {
	Body struct {
		Results []app.ChannelResult `json:"results" doc:"What became of the test message, per channel."`
	}
}

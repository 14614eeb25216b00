package web

import (
	"context"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"github.com/o2c-project/o2c"
)

func (s *server) routeKeys() {
	const tag = "API keys"
	huma.Register(s.api, s.operation(http.MethodGet, "/keys", "list-keys", tag, o2c.ScopeAdmin, "List API keys, revoked ones included"),
		func(ctx context.Context, _ *struct{}) (*keysOutput, error) {
			keys, err := s.keys.List(ctx)
			if err != nil {
				return nil, err
			}
			if keys == nil {
				keys = []*o2c.APIKey{}
			}
			return &keysOutput{Body: keys}, nil
		})

	create := s.body(reflect.TypeFor[createKeyBody]())
	op := withBody(s.operation(http.MethodPost, "/keys", "create-key", tag, o2c.ScopeAdmin, "Create an API key"), create.schema, "")
	op.Description += " The answer holds the secret, which is shown this once and never stored: keep it."
	op.DefaultStatus = http.StatusCreated
	op.Errors = append(op.Errors, http.StatusConflict)
	huma.Register(s.api, op, func(ctx context.Context, in *upsertInput) (*createKeyOutput, error) {
		var b createKeyBody
		if err := create.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		secret, key, err := s.keys.Create(ctx, b.Name, b.Scopes, actor(ctx))
		if err != nil {
			return nil, err
		}
		out := &createKeyOutput{}
		out.Body.Key, out.Body.Secret = key, secret
		return out, nil
	})

	op = pathID(s.operation(http.MethodDelete, "/keys/{id}", "revoke-key", tag, o2c.ScopeAdmin, "Revoke an API key"), "API key")
	op.DefaultStatus = http.StatusNoContent
	huma.Register(s.api, op, func(ctx context.Context, in *idInput) (*struct{}, error) {
		id, err := parseID("API key", in.ID)
		if err != nil {
			return nil, err
		}
		if err := s.keys.Revoke(ctx, id, actor(ctx)); err != nil {
			return nil, err
		}
		return &struct{}{}, nil
	})
}

type keysOutput struct {
	Body []*o2c.APIKey
}

type createKeyBody struct {
	Name   string      `json:"name" minLength:"1" maxLength:"100" doc:"Who or what uses the key, e.g. erp-bridge."`
	Scopes []o2c.Scope `json:"scopes" minItems:"1" doc:"What the key may do; admin may do everything."`
}

type createKeyOutput struct {
	Body struct {
		Key    *o2c.APIKey `json:"key"`
		Secret string      `json:"secret" doc:"The key's secret: shown this once, never stored."`
	}
}

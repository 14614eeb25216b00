package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/o2c-project/o2c"
)

// Bench measures the pipeline's typical transaction on s: create an order (three lines, a
// draft), save it again, add an audit event. It reports transactions per second, one writer
// ("Serial") and GOMAXPROCS×4 writers ("Parallel").
func Bench(b *testing.B, s o2c.Store) {
	ctx := context.Background()
	doc := &o2c.Document{NaturalKey: "bench", Channel: o2c.ChannelEDIFACT, SHA256: "00", Content: []byte("UNA:+.? '")}
	if err := s.InTx(ctx, func(tx o2c.Tx) error { return tx.CreateDocument(ctx, doc) }); err != nil {
		b.Fatal(err)
	}
	template := fullOrder(doc.ID)
	template.Lines = append(template.Lines, template.Lines[0])
	one := func() error {
		return s.InTx(ctx, func(tx o2c.Tx) error {
			o := *template
			o.Status = o2c.OrderReceived
			if err := tx.CreateOrder(ctx, &o); err != nil {
				return err
			}
			o.Status = o2c.OrderVerified
			if err := tx.UpdateOrder(ctx, &o); err != nil {
				return err
			}
			return tx.AddEvent(ctx, &o2c.AuditEvent{Entity: "order", EntityID: fmt.Sprint(o.ID), Action: "status",
				Actor: "job:process", After: []byte(`{"status":"verified"}`)})
		})
	}
	b.Run("Serial", func(b *testing.B) {
		for b.Loop() {
			if err := one(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	})
	b.Run("Parallel", func(b *testing.B) {
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := one(); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	})
}

package verify_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/verify"
)

// FuzzVerify feeds arbitrary canonical orders to Verify: it must never panic, must answer the
// same twice, and must decide auto exactly when it found nothing, with spec codes only.
func FuzzVerify(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(checkDir, "orders", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	seed, err := json.Marshal(cleanDraft())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		var d o2c.OrderDraft
		if json.Unmarshal(b, &d) != nil {
			return
		}
		in := verify.Input{Draft: &d, Today: today, Now: now, OrderID: 9}
		led := &sliceLedger{}
		v1, err := verify.Verify(context.Background(), testIndex(), led, in, verify.DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		v2, err := verify.Verify(context.Background(), testIndex(), led, in, verify.DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(v1, v2) {
			t.Fatalf("two runs differ:\n%+v\n%+v", v1, v2)
		}
		if (v1.Decision == o2c.DecisionAuto) != (len(v1.Anomalies) == 0) {
			t.Fatalf("decision %s with %d anomalies", v1.Decision, len(v1.Anomalies))
		}
		for _, a := range v1.Anomalies {
			if !slices.Contains(o2c.AnomalyCodes, a.Code) || a.Field == "" || a.Message == "" {
				t.Fatalf("bad anomaly %+v", a)
			}
		}
	})
}

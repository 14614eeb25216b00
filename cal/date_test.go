package cal_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/o2c-project/o2c/cal"
)

func ExampleDate_AddDays() {
	issued := cal.MustParse("2026-01-31")
	fmt.Println(issued.AddDays(30), issued.AddDays(-31))
	// Output: 2026-03-02 2025-12-31
}

func TestParseRejectsImpossibleDays(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", ""} {
		if _, err := cal.Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted an impossible date", s)
		}
	}
}

func TestDateInUsesTheEntityZone(t *testing.T) {
	t.Parallel()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	instant := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	if got := cal.DateIn(instant, paris).String(); got != "2027-01-01" {
		t.Fatalf("DateIn = %s, want 2027-01-01", got)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	var v struct {
		D cal.Date `json:"d"`
		N cal.Date `json:"n"`
	}
	if err := json.Unmarshal([]byte(`{"d":"2026-11-27","n":null}`), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"d":"2026-11-27","n":null}` {
		t.Fatalf("round trip gave %s", b)
	}
	if cal.MustParse("2026-11-27").DaysUntil(cal.MustParse("2026-12-04")) != 7 {
		t.Fatal("DaysUntil is wrong")
	}
}

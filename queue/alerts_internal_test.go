package queue

import (
	"testing"
	"time"
)

func TestDailyAt(t *testing.T) {
	t.Parallel()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		hour      int
		loc       *time.Location
		now, want time.Time
	}{
		{"LaterToday", 7, time.UTC, time.Date(2026, 3, 2, 6, 59, 0, 0, time.UTC), time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)},
		{"AtTheHourIsTomorrow", 7, time.UTC, time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC), time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)},
		{"Tomorrow", 7, time.UTC, time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)},
		{"Midnight", 0, time.UTC, time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		// The night Paris moves to summer time: 07:00 local is 05:00 UTC, no longer 06:00.
		{"ZoneSummerTime", 7, paris, time.Date(2026, 3, 28, 7, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 5, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := (dailyAt{hour: tt.hour, loc: tt.loc}).Next(tt.now); !got.Equal(tt.want) {
				t.Fatalf("Next(%v) = %v, want %v", tt.now, got.UTC(), tt.want)
			}
		})
	}
}

package country_test

import (
	"testing"

	"github.com/o2c-project/o2c/country"
)

func TestValid(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{"FR": true, "GB": true, "DE": true, "UK": false, "EL": false, "fr": false, "": false, "XX": false} {
		if got := country.Valid(code); got != want {
			t.Errorf("Valid(%q) = %v, want %v", code, got, want)
		}
	}
	if country.Hint("UK") == "" || country.Hint("FR") != "" {
		t.Fatal("hints: UK needs advice, FR needs none")
	}
}

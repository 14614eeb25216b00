package x12_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/extract"
)

// FuzzParse: parsing never panics; a rejection is CodeInvalid with a located fault (or
// CodeTooLarge); Parse accepts exactly the inputs of one interchange that ParseAll accepts;
// every accepted interchange marshals and parses again to an equal value, maps to orders or to a
// CodeInvalid without panic, and can be acknowledged with a 997 that parses.
// Seeds: testdata/fuzz/FuzzParse (written for this test) and the files of the shared corpus up
// to 4 KB.
func FuzzParse(f *testing.F) {
	for _, file := range corpusFiles(f) {
		// Small files only: the fuzzer minimizes every new input it finds, and minimizing one
		// grown from a 40 KB file stalls it for a minute. The round-trip tests read them all.
		if b := readCorpus(f, file); len(b) <= 4<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ics, err := x12.ParseAll(b)
		one, oneErr := x12.Parse(b)
		if err != nil {
			checkRejection(t, err)
			if ics != nil || one != nil || oneErr == nil {
				t.Fatalf("ParseAll = %v, %v but Parse = %v, %v", ics, err, one, oneErr)
			}
			return
		}
		if (oneErr == nil) != (len(ics) == 1) {
			t.Fatalf("ParseAll read %d interchanges, Parse says %v", len(ics), oneErr)
		}
		if oneErr != nil {
			checkRejection(t, oneErr)
		}
		for i, ic := range ics {
			out, err := x12.Marshal(ic)
			if err != nil {
				t.Fatalf("interchange %d: Marshal of a parsed interchange: %v", i, err)
			}
			again, err := x12.Parse(out)
			if err != nil {
				t.Fatalf("interchange %d: Parse(Marshal): %v\n%q", i, err, out)
			}
			if !reflect.DeepEqual(again, ic) {
				t.Fatalf("interchange %d: round trip changed it:\n got %+v\nwant %+v", i, again, ic)
			}
			drafts, err := x12.Orders(ic)
			if err != nil {
				checkRejection(t, err)
			}
			for k := range drafts {
				extract.CheckDraft(&drafts[k])
			}
			if _, err := json.Marshal(drafts); err != nil {
				t.Fatalf("interchange %d: drafts do not marshal: %v", i, err)
			}
			ack, err := x12.Write997(ic, true, fixedControl())
			if err != nil {
				checkRejection(t, err)
				continue
			}
			if _, err := x12.Parse(ack); err != nil {
				t.Fatalf("interchange %d: its 997 does not parse: %v\n%q", i, err, ack)
			}
		}
	})
}

func checkRejection(t *testing.T, err error) {
	t.Helper()
	switch o2c.ErrorCode(err) {
	case o2c.CodeTooLarge:
		return
	case o2c.CodeInvalid:
	default:
		t.Fatalf("error %v is not CodeInvalid", err)
	}
	faults := o2c.ErrorFaults(err)
	for _, f := range faults {
		if f.Rule == "" || f.Path == "" || f.Message == "" {
			t.Fatalf("fault not located: %+v", f)
		}
	}
	if len(faults) == 0 && o2c.ErrorMessage(err) == "" {
		t.Fatalf("error %v says nothing", err)
	}
}

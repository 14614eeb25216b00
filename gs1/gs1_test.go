package gs1_test

import (
	"fmt"
	"testing"

	"github.com/o2c-project/o2c/gs1"
)

func ExampleGTIN14() {
	for _, s := range []string{"4006381333931", "96385074", "4006381333932", "12345"} {
		gtin14, ok := gs1.GTIN14(s)
		fmt.Printf("%s: %q %v\n", s, gtin14, ok)
	}
	check, _ := gs1.CheckDigit("400638133393")
	fmt.Printf("check digit of 400638133393: %c\n", check)
	// Output:
	// 4006381333931: "04006381333931" true
	// 96385074: "00000096385074" true
	// 4006381333932: "04006381333932" false
	// 12345: "" false
	// check digit of 400638133393: 1
}

func TestCheckDigit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body  string
		check byte
		ok    bool
	}{
		{"400638133393", '1', true},  // GTIN-13 4006381333931, GS1's example
		{"01234567890", '5', true},   // UPC-A 012345678905
		{"9638507", '4', true},       // GTIN-8 96385074
		{"1001234567890", '2', true}, // GTIN-14 10012345678902
		{"541234500001", '3', true},  // GLN 5412345000013
		{"000000000000", '0', true},  // a weighted sum of 0 needs no more
		{"0", '0', true},             // any number of digits
		{"", 0, false},               // nothing to check
		{"40063813339a", 0, false},   // a letter
		{"4006 381 333", 0, false},   // spaces are the caller's to remove
		{"-40063813339", 0, false},   // a sign
		{"٤٠٠٦٣٨١٣٣٣٩٣", 0, false},   // Arabic-Indic digits are not ASCII digits
	} {
		t.Run(tc.body, func(t *testing.T) {
			t.Parallel()
			check, ok := gs1.CheckDigit(tc.body)
			if check != tc.check || ok != tc.ok {
				t.Fatalf("CheckDigit(%q) = %q, %v, want %q, %v", tc.body, check, ok, tc.check, tc.ok)
			}
		})
	}
}

func TestValidGLN(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in    string
		valid bool
	}{
		{"5412345000013", true},
		{"3012345000017", true},
		{"4006381333931", true}, // a GLN and a GTIN-13 share their shape
		{"5412345000014", false},
		{"5412345000031", false}, // last two digits swapped
		{"541234500001", false},  // 12 digits
		{"54123450000130", false},
		{"541234500001X", false},
		{"5412345 000013", false},
		{"", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := gs1.ValidGLN(tc.in); got != tc.valid {
				t.Fatalf("ValidGLN(%q) = %v, want %v", tc.in, got, tc.valid)
			}
		})
	}
}

func TestGTIN14(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, gtin14 string
		valid      bool
	}{
		{"96385074", "00000096385074", true},        // GTIN-8
		{"012345678905", "00012345678905", true},    // GTIN-12 (UPC-A)
		{"036000291452", "00036000291452", true},    // GTIN-12 (UPC-A)
		{"0012345678905", "00012345678905", true},   // the same item as GTIN-13
		{"4006381333931", "04006381333931", true},   // GTIN-13
		{"5901234123457", "05901234123457", true},   // GTIN-13
		{"00012345678905", "00012345678905", true},  // GTIN-14 of a GTIN-12
		{"10012345678902", "10012345678902", true},  // GTIN-14 of a case
		{"96385075", "00000096385075", false},       // wrong check digit
		{"4006381333932", "04006381333932", false},  // wrong check digit
		{"10012345678903", "10012345678903", false}, // wrong check digit
		{"4006381333913", "04006381333913", false},  // last two digits swapped
		{"400638133393", "00400638133393", false},   // a GTIN-13 missing its check digit reads as a wrong GTIN-12
		{"4006381333931X", "", false},
		{"400638133393X", "", false},
		{"X006381333931", "", false},
		{"9638507", "", false},          // 7 digits
		{"123456789012345", "", false},  // 15 digits
		{"4006 381 333 931", "", false}, // spaces are the caller's to remove
		{"", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			gtin14, valid := gs1.GTIN14(tc.in)
			if gtin14 != tc.gtin14 || valid != tc.valid {
				t.Fatalf("GTIN14(%q) = %q, %v, want %q, %v", tc.in, gtin14, valid, tc.gtin14, tc.valid)
			}
			if got := gs1.ValidGTIN(tc.in); got != tc.valid {
				t.Fatalf("ValidGTIN(%q) = %v, want %v", tc.in, got, tc.valid)
			}
		})
	}
}

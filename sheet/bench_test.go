package sheet_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/o2c-project/o2c/sheet"
)

// BenchmarkParseCSV reads a 10,000-line German order file.
func BenchmarkParseCSV(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Bestellung Nr. 4711\nDatum: 02.11.2026\n\nPos.;Art.-Nr.;Bezeichnung;Menge;ME;Einzelpreis;Gesamtpreis\n")
	for i := 1; i <= 10_000; i++ {
		fmt.Fprintf(&sb, "%d;ART-%05d;Artikel Nummer %d, verzinkt;1.%03d;Stk;%d,%02d;1.234,56\n", i, i, i, i%1000, i%100, i%100)
	}
	in := []byte(sb.String())
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := sheet.ParseCSV(in, sheet.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseXLSX reads a 2,000-line workbook with numeric cells.
func BenchmarkParseXLSX(b *testing.B) {
	cells := map[string]any{"A1": "Pos", "B1": "SKU", "C1": "Description", "D1": "Qty", "E1": "Unit price", "F1": "Amount"}
	for i := 2; i <= 2001; i++ {
		r := fmt.Sprint(i)
		cells["A"+r], cells["B"+r], cells["C"+r] = i-1, fmt.Sprintf("ART-%05d", i), "Widget"
		cells["D"+r], cells["E"+r], cells["F"+r] = i%50+1, 1.25, float64(i%50+1)*1.25
	}
	in := book{sheets: []bookSheet{{name: "Order", cells: cells}}}.bytes(b)
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := sheet.ParseXLSX(in, sheet.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

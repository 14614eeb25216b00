package ubl

import (
	"bytes"
	"testing"
)

// largeOrder builds an order of at least size bytes by repeating the two lines of the Peppol
// Order example.
func largeOrder(tb testing.TB, size int) []byte {
	tb.Helper()
	b := readCorpus(tb, "peppol-ordering/order/Order_Example.xml")
	start := bytes.Index(b, []byte("<cac:OrderLine>"))
	end := bytes.LastIndex(b, []byte("</cac:OrderLine>")) + len("</cac:OrderLine>")
	var out bytes.Buffer
	out.Write(b[:start])
	for out.Len() < size {
		out.Write(b[start:end])
		out.WriteString("\n\t")
	}
	out.Write(b[end:])
	return out.Bytes()
}

// BenchmarkParseOrder parses a 5 MB order of about 2,000 lines. Besides MB/s of wall time it
// reports cpu-MB/s, bytes per second of CPU time, which stays true when other processes load the
// machine; run it with -cpu 1 for the figure of one core.
func BenchmarkParseOrder(b *testing.B) {
	doc := largeOrder(b, 5<<20)
	d, err := ParseOrder(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	start, n := cpuTime(), 0
	for b.Loop() {
		if _, err := ParseOrder(doc); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(len(d.Lines)), "lines/op")
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(n*len(doc))/used.Seconds()/1e6, "cpu-MB/s")
	}
}

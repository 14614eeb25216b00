package x12_test

import (
	"testing"

	"github.com/o2c-project/o2c/edi/x12"
)

// benchInterchange builds an interchange of about size bytes by repeating the 850s of a corpus
// file (26-line orders with prices and product codes) in one group.
func benchInterchange(b *testing.B, size int) []byte {
	b.Helper()
	src, err := x12.Parse(readCorpus(b, "bots-plugins/850-004030-02.x12"))
	if err != nil {
		b.Fatal(err)
	}
	one, err := x12.Marshal(src)
	if err != nil {
		b.Fatal(err)
	}
	ic := *src
	g := src.Groups[0]
	g.Sets = nil
	for n := 0; len(g.Sets) < size/len(one)*len(src.Groups[0].Sets); n++ {
		g.Sets = append(g.Sets, src.Groups[0].Sets...)
	}
	ic.Groups = []x12.Group{g}
	out, err := x12.Marshal(&ic)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkParse: parsing throughput on one core, on a 10 MB interchange.
func BenchmarkParse(b *testing.B) {
	data := benchInterchange(b, 10<<20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := x12.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadOrders: parsing and mapping every 850 to a canonical order, on the same input.
func BenchmarkReadOrders(b *testing.B) {
	data := benchInterchange(b, 10<<20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := x12.ReadOrders(data); err != nil {
			b.Fatal(err)
		}
	}
}

package layout

import (
	"math"
	"strings"

	"github.com/o2c-project/o2c"
)

// letterhead reads the buyer from the top of the first page when no label names it: a purchase
// order is written by the buyer, on its own letterhead, whose first block (the company's name,
// its address, its identifiers) stands at the top, left- or right-aligned. Our own block (the
// supplier the order is sent to) comes later, and is told apart by our identifiers.
func (b *builder) letterhead(rows []row, used map[int]bool, title string) {
	var top []row
	for i, r := range rows {
		if r.Page != 1 || used[i] {
			break
		}
		top = append(top, r)
	}
	block, conf := firstBlock(top, title)
	if len(block) < 2 {
		return
	}
	for _, l := range block {
		if b.mine(l) {
			return // our own address: the buyer is not written here
		}
	}
	p := address(strings.Join(block, "\n"))
	if p == nil || p.Name == "" {
		return
	}
	if b.d.Buyer == nil {
		b.d.Buyer = &o2c.Party{}
	}
	buyer := b.d.Buyer
	// Labelled identifiers (VAT id, e-mail) read before stay; the letterhead adds the address.
	if buyer.Name == "" {
		buyer.Name = p.Name
	}
	for _, f := range []struct {
		dst *string
		v   string
	}{{&buyer.Street, p.Street}, {&buyer.PostalCode, p.PostalCode}, {&buyer.City, p.City}, {&buyer.Country, p.Country},
		{&buyer.VATID, p.VATID}, {&buyer.Email, p.Email}} {
		if *f.dst == "" {
			*f.dst = f.v
		}
	}
	// Found by place, not by label: sure enough for a person to glance at, not more.
	b.set("buyer", conf*0.92)
}

// firstBlock finds the first run of rows at the top of a page that hold a cell aligned on one
// edge (left or right) with the cell above it, with no wide gap: an address block. The title is
// no part of it. It returns the cells' texts and their least confidence.
func firstBlock(rows []row, title string) ([]string, float64) {
	for start := range rows {
		for _, c := range rows[start].Cells {
			if c.Text == title || labelOnly(c.Text) {
				continue
			}
			for _, right := range []bool{false, true} {
				block, conf := alignedRun(rows[start:], c, right, title)
				if len(block) >= 3 {
					return block, conf
				}
			}
		}
	}
	return nil, 0
}

// alignedRun follows the cells aligned with first on one edge, row after row.
func alignedRun(rows []row, first cell, right bool, title string) ([]string, float64) {
	edge := func(c cell) float64 {
		if right {
			return c.Box.X1
		}
		return c.Box.X0
	}
	block, conf := []string{first.Text}, first.Conf
	anchor, last := edge(first), rows[0].Box
	for _, r := range rows[1:] {
		if r.Box.Y0-last.Y1 > 2.2*r.height()+2 || len(block) == 8 {
			break
		}
		var hit *cell
		for k := range r.Cells {
			if c := &r.Cells[k]; math.Abs(edge(*c)-anchor) < 6 && c.Text != title {
				hit = c
				break
			}
		}
		if hit == nil {
			break
		}
		block = append(block, hit.Text)
		conf = min(conf, hit.Conf)
		last = r.Box
	}
	return block, conf
}

// labelOnly reports a cell that is only a label ("Lieferant", "Fournisseur :"): a block under it
// is another party's.
func labelOnly(s string) bool {
	label, value, colon := cutLabel(s)
	return colon && value == "" || isLabel(label) && !colon
}

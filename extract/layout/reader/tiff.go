package reader

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// tiffPage is what a TIFF's directory says of one page.
type tiffPage struct {
	Width, Height int     // pixels
	XDPI, YDPI    float64 // resolution across and down, in pixels per inch; 0 when not stated
}

// tooManyPages says a TIFF has more pages than allowed.
type tooManyPages struct{ Max int }

func (e *tooManyPages) Error() string { return fmt.Sprintf("more than %d pages", e.Max) }

// TIFF tags and field types we read.
const (
	tagWidth      = 256
	tagHeight     = 257
	tagXRes       = 282
	tagYRes       = 283
	tagResUnit    = 296
	typeShort     = 3
	typeLong      = 4
	typeRational  = 5
	tiffEntrySize = 12
)

// tiffPages walks the chain of image file directories of a classic TIFF and returns each page's
// size and resolution, without reading any pixel. It stops with *tooManyPages past maxPages pages, and
// fails on a directory outside the file, a loop, or a page without a size.
func tiffPages(b []byte, maxPages int) ([]tiffPage, error) {
	if !isTIFF(b) || len(b) < 8 {
		return nil, errors.New("not a TIFF")
	}
	var order binary.ByteOrder = binary.LittleEndian
	if b[0] == 'M' {
		order = binary.BigEndian
	}
	var pages []tiffPage
	seen := map[uint32]bool{}
	for off := order.Uint32(b[4:]); off != 0; {
		if seen[off] {
			return nil, errors.New("its directories loop")
		}
		seen[off] = true
		if len(pages) == maxPages {
			return nil, &tooManyPages{Max: maxPages}
		}
		if uint64(off)+2 > uint64(len(b)) {
			return nil, fmt.Errorf("directory %d is past the end of the file", len(pages)+1)
		}
		n := uint64(order.Uint16(b[off:]))
		end := uint64(off) + 2 + n*tiffEntrySize
		if end+4 > uint64(len(b)) {
			return nil, fmt.Errorf("directory %d is past the end of the file", len(pages)+1)
		}
		var p tiffPage
		var res [2]float64 // XResolution, YResolution
		unit := uint16(2)  // ResolutionUnit defaults to inch
		for i := range n {
			e := b[uint64(off)+2+i*tiffEntrySize:]
			tag, typ, value := order.Uint16(e), order.Uint16(e[2:]), e[8:12]
			switch tag {
			case tagWidth, tagHeight:
				v := 0
				switch typ {
				case typeShort:
					v = int(order.Uint16(value))
				case typeLong:
					v = int(order.Uint32(value))
				}
				if tag == tagWidth {
					p.Width = v
				} else {
					p.Height = v
				}
			case tagResUnit:
				unit = order.Uint16(value)
			case tagXRes, tagYRes:
				at := uint64(order.Uint32(value))
				if typ == typeRational && at+8 <= uint64(len(b)) {
					if den := order.Uint32(b[at+4:]); den != 0 {
						res[tag-tagXRes] = float64(order.Uint32(b[at:])) / float64(den)
					}
				}
			}
		}
		switch unit {
		case 2:
			p.XDPI, p.YDPI = res[0], res[1]
		case 3:
			p.XDPI, p.YDPI = res[0]*2.54, res[1]*2.54
		}
		if p.Width <= 0 || p.Height <= 0 {
			return nil, fmt.Errorf("page %d has no size", len(pages)+1)
		}
		pages = append(pages, p)
		off = order.Uint32(b[end:])
	}
	if len(pages) == 0 {
		return nil, errors.New("it has no pages")
	}
	return pages, nil
}

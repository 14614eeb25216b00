package reader

import (
	"bytes"
	"unicode/utf8"
)

// Kind says how Read will read a document: "pdf", "image" (PNG, JPEG, or TIFF with one page or
// many), "text" (plain text or an HTML body, in UTF-8, UTF-16 with a byte order mark, or a
// single-byte Windows code page) or "" for anything else.
//
// The content decides, by its first bytes, never the name: a scan named .pdf is an image. The
// name is not used today; it is taken so that callers need not change if a kind ever needs it.
//
// Only formats with a magic number that Tesseract's image library also recognises are images.
// That matters: Tesseract takes a file it cannot recognise for a list of other files to read.
func Kind(name string, content []byte) string {
	switch {
	case isPDF(content):
		return "pdf"
	case isPNG(content), isJPEG(content), isTIFF(content):
		return "image"
	case isText(content):
		return "text"
	}
	return ""
}

// isPDF reports a "%PDF-" header in the first KB, where readers accept it after junk.
func isPDF(b []byte) bool {
	return bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-"))
}

func isPNG(b []byte) bool  { return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) }
func isJPEG(b []byte) bool { return bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}) }

// isTIFF reports a classic TIFF header, little or big endian. BigTIFF is not read.
func isTIFF(b []byte) bool {
	return bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*"))
}

// isText reports text: UTF-16 with a byte order mark, else no NUL byte in the first 64 KB and,
// when it is not UTF-8, few control characters (a Windows code page has none but tab and ends
// of line; a binary file has many).
func isText(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return true
	}
	head := b[:min(len(b), 64<<10)]
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	if utf8.Valid(b) {
		return true
	}
	control := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			control++
		}
	}
	return control*100 <= len(head) // at most 1%
}

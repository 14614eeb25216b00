package email

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameLen is the longest file name kept, in bytes; longer ones are cut, keeping the extension.
const maxNameLen = 200

// safeName makes an attachment's file name safe to store and to show: no directory, no control
// or invisible formatting characters (a right-to-left override can disguise "cod.exe" as
// "exe.doc"), none of the characters Windows refuses, bounded length. "" means no usable name.
func safeName(name string) string {
	if !utf8.ValidString(name) {
		name = decodeText([]byte(name), "windows-1252")
	}
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			return -1
		case strings.ContainsRune(`<>:"|?*`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	name = strings.Trim(name, " .")
	if name == "" {
		return ""
	}
	if len(name) > maxNameLen {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		name = strings.TrimRight(truncateUTF8(name[:len(name)-len(ext)], maxNameLen-len(ext)), " .") + ext
	}
	stem := strings.ToUpper(strings.TrimSuffix(name, path.Ext(name)))
	if reservedOnWindows[stem] {
		name = "_" + name
	}
	return name
}

var reservedOnWindows = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
}

// extensions gives the file extension of the content types that orders come in. A fixed table,
// not the system's mime.types, so the names do not depend on the machine.
var extensions = map[string]string{
	"application/pdf":             ".pdf",
	"text/csv":                    ".csv",
	"text/comma-separated-values": ".csv",
	"text/plain":                  ".txt",
	"text/html":                   ".html",
	"text/xml":                    ".xml",
	"application/xml":             ".xml",
	"application/json":            ".json",
	"application/edifact":         ".edi",
	"application/edi-x12":         ".x12",
	"application/edi-consent":     ".edi",
	"application/vnd.ms-excel":    ".xls",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
	"application/msword": ".doc",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
	"application/vnd.oasis.opendocument.spreadsheet":                          ".ods",
	"application/zip":        ".zip",
	"application/ms-tnef":    ".dat",
	"application/pkcs7-mime": ".p7m",
	"image/jpeg":             ".jpg",
	"image/png":              ".png",
	"image/gif":              ".gif",
	"image/tiff":             ".tif",
	"image/webp":             ".webp",
	"image/heic":             ".heic",
	"message/rfc822":         ".eml",
	"text/calendar":          ".ics",
}

// fallbackName names the n-th attachment (from 1) that came without a usable name.
func fallbackName(mediaType string, n int) string {
	ext, ok := extensions[mediaType]
	if !ok {
		ext = ".bin"
	}
	if n <= 1 {
		return "attachment" + ext
	}
	return fmt.Sprintf("attachment-%d%s", n, ext)
}

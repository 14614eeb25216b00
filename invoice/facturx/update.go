package facturx

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
)

// srgb is the ICC's sRGB2014 profile (3 kB), the colour space of the output intent. Its licence
// (LICENSE.srgb2014.txt) lets anyone copy and embed it unaltered.
//
//go:embed srgb2014.icc
var srgb []byte

// update is what Make appends to the rendered PDF.
type update struct {
	xml   []byte
	meta  meta
	level level
	id    []byte // the file identifier of the trailer
}

// appendUpdate appends to base an incremental update (ISO 32000-1 §7.5.6) that makes it a
// Factur-X PDF/A-3b: new objects, a new version of the catalog, a cross-reference section for
// them and a trailer that points back to the previous one.
func appendUpdate(base []byte, u update) ([]byte, error) {
	f, err := readFile(base)
	if err != nil {
		return nil, fmt.Errorf("read the rendered PDF: %w", err)
	}
	prev, trailer, err := f.lastTrailer()
	if err != nil {
		return nil, fmt.Errorf("read the rendered PDF: %w", err)
	}
	root, ok := trailer["Root"].(ref)
	size, ok2 := integer(trailer["Size"])
	catalog, ok3 := f.resolve(trailer["Root"]).(dict)
	if !ok || !ok2 || !ok3 {
		return nil, errors.New("read the rendered PDF: the trailer has no /Root catalog or /Size")
	}
	iccN, intentN, fileN, specN, xmpN, infoN := size, size+1, size+2, size+3, size+4, size+5

	w := &writer{buf: bytes.NewBuffer(make([]byte, 0, len(base)+len(u.xml)+16<<10)), offsets: map[int]int{}}
	w.buf.Write(base)
	if !bytes.HasSuffix(base, []byte("\n")) {
		w.buf.WriteByte('\n')
	}
	w.stream(iccN, dict{"N": 3, "Alternate": name("DeviceRGB")}, srgb, true)
	w.object(intentN, dict{
		"Type": name("OutputIntent"), "S": name("GTS_PDFA1"),
		"OutputConditionIdentifier": pdfStr("sRGB IEC61966-2.1"), "Info": pdfStr("sRGB IEC61966-2.1"),
		"RegistryName": pdfStr("http://www.color.org"), "DestOutputProfile": ref{iccN, 0},
	})
	sum := md5.Sum(u.xml)
	date := pdfStr(pdfDate(u.meta.created))
	w.stream(fileN, dict{
		"Type": name("EmbeddedFile"), "Subtype": name("text/xml"),
		"Params": dict{"ModDate": date, "CreationDate": date, "Size": len(u.xml), "CheckSum": pdfStr(sum[:])},
	}, u.xml, true)
	w.object(specN, dict{
		"Type": name("Filespec"), "F": pdfStr(fileNameXML), "UF": textString(fileNameXML),
		"Desc": pdfStr("Factur-X invoice " + u.level.name), "AFRelationship": name(u.level.relationship),
		"EF": dict{"F": ref{fileN, 0}, "UF": ref{fileN, 0}},
	})
	w.stream(xmpN, dict{"Type": name("Metadata"), "Subtype": name("XML")}, xmpPacket(u.meta, u.level.name), false)
	w.object(infoN, dict{
		"Title": textString(u.meta.title), "Author": textString(u.meta.author), "Subject": textString(u.meta.subject),
		"Creator": textString(u.meta.creator), "Producer": textString(u.meta.producer),
		"CreationDate": date, "ModDate": date,
	})

	cat := dict{}
	for k, v := range catalog {
		cat[k] = v
	}
	names := dict{}
	if old, ok := f.resolve(catalog["Names"]).(dict); ok {
		for k, v := range old {
			names[k] = v
		}
	}
	names["EmbeddedFiles"] = dict{"Names": array{pdfStr(fileNameXML), ref{specN, 0}}}
	cat["Names"] = names
	cat["AF"] = array{ref{specN, 0}}
	cat["Metadata"] = ref{xmpN, 0}
	cat["OutputIntents"] = array{ref{intentN, 0}}
	cat["Version"] = name("1.7") // associated files and MIME subtypes are PDF 1.7 features
	w.object(root.n, cat)

	xref := w.buf.Len()
	fmt.Fprintf(w.buf, "xref\n%d 1\n%010d 00000 n\r\n%d 6\n", root.n, w.offsets[root.n], size)
	for n := size; n < size+6; n++ {
		fmt.Fprintf(w.buf, "%010d 00000 n\r\n", w.offsets[n])
	}
	w.buf.WriteString("trailer\n")
	write(w.buf, dict{
		"Size": size + 6, "Root": root, "Info": ref{infoN, 0}, "Prev": prev,
		"ID": array{pdfStr(u.id), pdfStr(u.id)},
	})
	fmt.Fprintf(w.buf, "\nstartxref\n%d\n%%%%EOF\n", xref)
	return w.buf.Bytes(), nil
}

// writer appends objects and remembers where each starts.
type writer struct {
	buf     *bytes.Buffer
	offsets map[int]int
}

func (w *writer) object(n int, v any) {
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(w.buf, "%d 0 obj\n", n)
	write(w.buf, v)
	w.buf.WriteString("\nendobj\n")
}

// stream writes a stream object, compressed with FlateDecode when compress is set. The XMP
// stays uncompressed: PDF/A readers must find it without decoding.
func (w *writer) stream(n int, d dict, data []byte, compress bool) {
	if compress {
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed) // the level is valid, so no error
		_, _ = zw.Write(data)                            // writing to a bytes.Buffer does not fail
		_ = zw.Close()
		data = z.Bytes()
		d["Filter"] = name("FlateDecode")
	}
	d["Length"] = len(data)
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(w.buf, "%d 0 obj\n", n)
	write(w.buf, d)
	w.buf.WriteString("\nstream\n")
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

// lastTrailer returns the offset of the last cross-reference section (startxref) and its
// trailer dictionary: a classic trailer, or the dictionary of a cross-reference stream.
func (f *file) lastTrailer() (int, dict, error) {
	i := bytes.LastIndex(f.b, []byte("startxref"))
	if i < 0 {
		return 0, nil, errors.New("no startxref")
	}
	l := &lexer{b: f.b, pos: i + len("startxref")}
	l.skip()
	prev, err := strconv.Atoi(l.token())
	if err != nil || prev < 0 || prev >= len(f.b) {
		return 0, nil, errors.New("startxref is not an offset in the file")
	}
	if bytes.HasPrefix(f.b[prev:], []byte("xref")) {
		j := bytes.Index(f.b[prev:], []byte("trailer"))
		if j < 0 {
			return 0, nil, errors.New("no trailer after the cross-reference table")
		}
		v, err := (&lexer{b: f.b, pos: prev + j + len("trailer")}).object(0)
		if d, ok := v.(dict); err == nil && ok {
			return prev, d, nil
		}
		return 0, nil, errors.New("the trailer is not a dictionary")
	}
	for _, e := range f.objs {
		if s, ok := e.v.(stream); ok && e.pos == prev && s.d["Type"] == name("XRef") {
			return prev, s.d, nil
		}
	}
	return 0, nil, errors.New("startxref points at neither a table nor a cross-reference stream")
}

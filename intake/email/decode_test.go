package email

import "testing"

func TestTransferDecode(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, cte, in, want string }{
		{"QPSoftBreaks", "quoted-printable", "a=\r\nb=  \nc=", "abc"},
		{"QPEscapes", "Quoted-Printable", "caf=C3=A9 =3d =e9", "caf\xc3\xa9 = \xe9"},
		{"QPBadEscapesKept", "quoted-printable", "50=% =Z1 =", "50=% =Z1 "},
		{"QPLineEnds", "quoted-printable", "a\nb\r\nc", "a\r\nb\r\nc"},
		{"SevenBitLineEnds", "7bit", "a\nb\r\n\nc\r", "a\r\nb\r\n\r\nc\r"},
		{"Binary", "binary", "a\nb", "a\nb"},
		{"Base64Lines", "base64", "aGVs\r\nbG8=\r\n", "hello"},
		{"Base64Chunks", "base64", "aGk=\r\naGk=", "hihi"},
		{"Base64Junk", "base64", "aG!!Vs*bG8", "hello"},
		{"Base64LoneSextet", "base64", "aGVsb", "hel"},
		{"Unknown", "x-uuencode", "abc", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := string(transferDecode([]byte(tt.in), tt.cte)); got != tt.want {
				t.Errorf("transferDecode(%q, %q) = %q, want %q", tt.in, tt.cte, got, tt.want)
			}
		})
	}
}

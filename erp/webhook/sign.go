package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The headers a post carries besides Content-Type.
const (
	HeaderIdempotencyKey = "Idempotency-Key"
	HeaderTimestamp      = "X-O2C-Timestamp"
	HeaderSignature      = "X-O2C-Signature"
)

// signaturePrefix names the MAC, so that another could be added beside it one day.
const signaturePrefix = "sha256="

// Verify's errors, for errors.Is.
var (
	ErrSignature = errors.New("webhook: bad signature")
	ErrTimestamp = errors.New("webhook: bad or stale timestamp")
)

// Sign returns the X-O2C-Signature value of body sent at the unix time timestamp:
// "sha256=" and the hex HMAC-SHA256, keyed with secret, of the timestamp's decimal digits, a "."
// and the body.
func Sign(secret string, timestamp int64, body []byte) string {
	return signaturePrefix + hex.EncodeToString(mac(secret, strconv.FormatInt(timestamp, 10), body))
}

func mac(secret, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(timestamp))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Verify checks a received post: timestamp and header are the X-O2C-Timestamp and X-O2C-Signature
// values, body the raw request body. It fails with ErrTimestamp when the timestamp is not a unix
// time within maxSkew of now (a replay, or a clock far off), and with ErrSignature when the
// signature is not that of secret over the timestamp and body. The comparison takes constant time.
func Verify(secret, timestamp string, body []byte, header string, now time.Time, maxSkew time.Duration) error {
	if secret == "" {
		// Anyone can compute a MAC with an empty key.
		return fmt.Errorf("%w: no secret to verify with", ErrSignature)
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q is not a unix time", ErrTimestamp, timestamp)
	}
	if skew := now.Sub(time.Unix(sec, 0)).Abs(); skew > maxSkew {
		return fmt.Errorf("%w: %s away from now, more than %s", ErrTimestamp, skew.Round(time.Second), maxSkew)
	}
	hexMAC, ok := strings.CutPrefix(strings.TrimSpace(header), signaturePrefix)
	if !ok {
		return fmt.Errorf("%w: the header does not start with %q", ErrSignature, signaturePrefix)
	}
	got, err := hex.DecodeString(hexMAC)
	if err != nil {
		return fmt.Errorf("%w: the signature is not hex", ErrSignature)
	}
	if !hmac.Equal(got, mac(secret, strings.TrimSpace(timestamp), body)) {
		return ErrSignature
	}
	return nil
}

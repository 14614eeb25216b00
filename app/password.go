package app

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are the argon2id costs of new password hashes. A stored hash carries the costs it
// was made with, so raising them later keeps old passwords working.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultPasswordParams follow RFC 9106's second recommended option (64 MiB, 3 passes), with the
// threads of a small server.
var DefaultPasswordParams = PasswordParams{Memory: 64 * 1024, Time: 3, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
)

var b64 = base64.RawStdEncoding

// HashPassword returns password's argon2id hash with a fresh random salt, in the PHC string form
// $argon2id$v=19$m=65536,t=3,p=2$<salt>$<key>.
func HashPassword(password string, p PasswordParams) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("make password salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches hash, comparing in constant time. A hash that
// cannot be read (an empty one: a user without a password) matches nothing.
func CheckPassword(password, hash string) bool {
	p, salt, key, ok := parseHash(hash)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// parseHash reads a PHC argon2id string; costs out of any sane range are refused, so that a
// tampered row cannot make a login allocate gigabytes.
func parseHash(hash string) (p PasswordParams, salt, key []byte, ok bool) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, false
	}
	if p.Memory < 8 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 20 || p.Threads < 1 {
		return p, nil, nil, false
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, false
	}
	key, err = b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, false
	}
	return p, salt, key, true
}

// passwordAlphabet has no look-alike characters (0/O, 1/l/I), for passwords read off a terminal.
const passwordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random password of 20 characters (about 116 bits).
func GeneratePassword() string {
	b := make([]byte, 20)
	for i := range b {
		b[i] = passwordAlphabet[randIndex(len(passwordAlphabet))]
	}
	return string(b)
}

// randIndex returns a uniform random number in [0, n) by rejection, without modulo bias.
func randIndex(n int) int {
	limit := 256 - 256%n
	var one [1]byte
	for {
		_, _ = rand.Read(one[:]) // crypto/rand.Read never fails (Go 1.24+)
		if int(one[0]) < limit {
			return int(one[0]) % n
		}
	}
}

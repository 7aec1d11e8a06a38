/* rg_sha256.h: SHA-256 (FIPS 180-4), to fingerprint a catalogue in reports.
 *
 * A report records the checksum of the catalogue it was made from so that a
 * reader can tell whether their copy is the same; no third-party library is
 * needed for forty lines of arithmetic. */
#ifndef RG_SHA256_H
#define RG_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct rg_sha256 {
    uint32_t h[8];
    uint64_t len;          /* bytes hashed so far */
    unsigned char blk[64]; /* pending partial block */
    size_t nblk;
    int ni; /* the CPU's SHA extensions are used */
} rg_sha256;

void rg_sha256_init(rg_sha256 *s);
void rg_sha256_update(rg_sha256 *s, const void *data, size_t n);
/* Writes the 32-byte digest into OUT; S must be re-initialised to be reused. */
void rg_sha256_final(rg_sha256 *s, unsigned char out[32]);
/* The digest of DATA as 64 lower-case hex digits and a NUL, into HEX. */
void rg_sha256_hex(const void *data, size_t n, char hex[65]);
/* The digest of DATA in base64 (44 characters and a NUL), for the
 * 'sha256-...' sources of a Content-Security-Policy. */
void rg_sha256_base64(const void *data, size_t n, char b64[45]);

#endif

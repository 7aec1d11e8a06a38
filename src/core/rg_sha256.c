/* rg_sha256.c: SHA-256 as FIPS 180-4 describes it, processed block by block
 * so that a large file can be hashed without holding it twice.
 *
 * A catalogue of a million nodes is close to a gigabyte, hashed on every
 * load from JSON: the portable rounds take about 3 ns a byte, the x86 SHA
 * extensions (on every x86-64 CPU of the last few years) a fifth of that.
 * Which one runs is asked of the CPU when a hash starts. */
#include "rg_sha256.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define RG_SHA_NI 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void block(rg_sha256 *s, const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
    uint32_t e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 =
            h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    s->h[0] += a;
    s->h[1] += b;
    s->h[2] += c;
    s->h[3] += d;
    s->h[4] += e;
    s->h[5] += f;
    s->h[6] += g;
    s->h[7] += h;
}

#ifdef RG_SHA_NI
/* Does the CPU have the SHA extensions (and the SSSE3 and SSE4.1 their
 * code needs)? */
static int have_sha_ni(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
        return 0;
    if (__get_cpuid_max(0, NULL) < 7)
        return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b >> 29) & 1;
}

/* N blocks at P with the SHA extensions.  The instructions keep the state
 * as two halves, ABEF and CDGH, and do two rounds at a time; each group of
 * four rounds also advances the message schedule (W[t] from W[t-16..t-1]),
 * kept in M as four words per register. */
__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_ni(rg_sha256 *s,
                                                                  const unsigned char *p, size_t n)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i t = _mm_loadu_si128((const __m128i *)&s->h[0]);  /* DCBA */
    __m128i s1 = _mm_loadu_si128((const __m128i *)&s->h[4]); /* HGFE */
    t = _mm_shuffle_epi32(t, 0xB1);                          /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1B);                        /* EFGH */
    __m128i s0 = _mm_alignr_epi8(t, s1, 8);                  /* ABEF */
    s1 = _mm_blend_epi16(s1, t, 0xF0);                       /* CDGH */
    for (; n > 0; n--, p += 64) {
        __m128i abef = s0, cdgh = s1, m[4];
        for (int i = 0; i < 4; i++)
            m[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
#pragma GCC unroll 16
        for (int i = 0; i < 16; i++) {
            __m128i w = _mm_add_epi32(m[i & 3], _mm_loadu_si128((const __m128i *)&K[4 * i]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, w);
            if (i >= 3 && i <= 14) {
                __m128i *next = &m[(i + 1) & 3];
                *next = _mm_add_epi32(*next, _mm_alignr_epi8(m[i & 3], m[(i - 1) & 3], 4));
                *next = _mm_sha256msg2_epu32(*next, m[i & 3]);
            }
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(w, 0x0E));
            if (i >= 1 && i <= 12)
                m[(i - 1) & 3] = _mm_sha256msg1_epu32(m[(i - 1) & 3], m[i & 3]);
        }
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
    }
    t = _mm_shuffle_epi32(s0, 0x1B);   /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xB1);  /* DCHG */
    s0 = _mm_blend_epi16(t, s1, 0xF0); /* DCBA */
    s1 = _mm_alignr_epi8(s1, t, 8);    /* HGFE */
    _mm_storeu_si128((__m128i *)&s->h[0], s0);
    _mm_storeu_si128((__m128i *)&s->h[4], s1);
}
#endif

/* N whole blocks at P. */
static void blocks(rg_sha256 *s, const unsigned char *p, size_t n)
{
#ifdef RG_SHA_NI
    if (s->ni) {
        blocks_ni(s, p, n);
        return;
    }
#endif
    for (; n > 0; n--, p += 64)
        block(s, p);
}

void rg_sha256_init(rg_sha256 *s)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->len = 0;
    s->nblk = 0;
#ifdef RG_SHA_NI
    s->ni = have_sha_ni();
#else
    s->ni = 0;
#endif
}

void rg_sha256_update(rg_sha256 *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    s->len += n;
    if (s->nblk > 0) { /* fill the pending block first */
        size_t take = 64 - s->nblk;
        if (take > n)
            take = n;
        memcpy(s->blk + s->nblk, p, take);
        s->nblk += take;
        p += take;
        n -= take;
        if (s->nblk < 64)
            return;
        blocks(s, s->blk, 1);
        s->nblk = 0;
    }
    /* whole blocks straight from the input, not copied */
    blocks(s, p, n / 64);
    p += n - n % 64;
    memcpy(s->blk, p, n % 64);
    s->nblk = n % 64;
}

void rg_sha256_final(rg_sha256 *s, unsigned char out[32])
{
    uint64_t bits = s->len * 8;
    unsigned char pad = 0x80;
    rg_sha256_update(s, &pad, 1);
    pad = 0;
    while (s->nblk != 56)
        rg_sha256_update(s, &pad, 1);
    unsigned char lenb[8];
    for (int i = 0; i < 8; i++)
        lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
    rg_sha256_update(s, lenb, 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(s->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void rg_sha256_hex(const void *data, size_t n, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    rg_sha256 s;
    unsigned char d[32];
    rg_sha256_init(&s);
    rg_sha256_update(&s, data, n);
    rg_sha256_final(&s, d);
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

void rg_sha256_base64(const void *data, size_t n, char b64[45])
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    rg_sha256 s;
    unsigned char d[33];
    rg_sha256_init(&s);
    rg_sha256_update(&s, data, n);
    rg_sha256_final(&s, d);
    d[32] = 0;
    char *o = b64;
    for (int i = 0; i < 33; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 | (uint32_t)d[i + 2];
        *o++ = al[(v >> 18) & 63];
        *o++ = al[(v >> 12) & 63];
        *o++ = al[(v >> 6) & 63];
        *o++ = al[v & 63];
    }
    /* 32 bytes are 10 whole groups and 2 left over: one '=' of padding. */
    b64[43] = '=';
    b64[44] = '\0';
}

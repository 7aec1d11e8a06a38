/* rg_utf8.h: reading UTF-8 one code point at a time, for the writers that
 * must not pass on what their target cannot hold (XML forbids U+FFFE and
 * U+FFFF, HTML control characters, a terminal escape sequences) and for
 * cutting text without splitting a character. */
#ifndef RG_UTF8_H
#define RG_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define RG_UTF8_BAD 0xFFFFFFFFu /* not a well-formed sequence */

/* Decodes the code point at S (N bytes available, N >= 1) into *CP and
 * returns its length in bytes.  A byte that does not start a well-formed
 * sequence (stray continuation, overlong form, surrogate, past U+10FFFF,
 * cut short) gives RG_UTF8_BAD and length 1, so a caller always advances. */
size_t rg_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Unicode noncharacters (U+FDD0..U+FDEF and the last two code points of
 * every plane): XML 1.0 forbids U+FFFE and U+FFFF, HTML calls every one a
 * parse error. */
int rg_utf8_nonchar(uint32_t cp);

/* The largest length <= N at which S can be cut without splitting a
 * multi-byte sequence. */
size_t rg_utf8_cut(const char *s, size_t n);

#endif

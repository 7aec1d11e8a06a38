/* rg_buf.h: a growable byte string.
 *
 * Appends never fail loudly: on allocation failure the buffer remembers it
 * (`oom`) and ignores later appends, so a caller builds a whole message and
 * checks once at the end. */
#ifndef RG_BUF_H
#define RG_BUF_H

#include <stddef.h>

typedef struct rg_buf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len, cap;
    int oom;
} rg_buf;

void rg_buf_init(rg_buf *b);
void rg_buf_destroy(rg_buf *b);
void rg_buf_clear(rg_buf *b);
void rg_buf_add(rg_buf *b, const char *s, size_t n);
void rg_buf_puts(rg_buf *b, const char *s);
void rg_buf_putc(rg_buf *b, char c);
void rg_buf_printf(rg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents ("" when empty); valid until the next append. */
const char *rg_buf_str(const rg_buf *b);
/* Hands the string over to the caller (free() it) and resets B. NULL on oom. */
char *rg_buf_detach(rg_buf *b);

#endif

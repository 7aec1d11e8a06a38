/* rg_buf.h: a growable byte string.
 *
 * Appends never fail loudly: on allocation failure the buffer remembers it
 * (`oom`) and ignores later appends, so a caller builds a whole message and
 * checks once at the end. */
#ifndef RG_BUF_H
#define RG_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct rg_buf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len, cap;
    int oom;
    /* A stream (rg_buf_stream): when full, the bytes go to SINK and the
     * buffer starts again, instead of growing; SINK_ERR once SINK failed
     * (the rest is dropped). */
    int (*sink)(void *ctx, const char *s, size_t n);
    void *sink_ctx;
    int sink_err;
} rg_buf;

void rg_buf_init(rg_buf *b);
void rg_buf_destroy(rg_buf *b);
void rg_buf_clear(rg_buf *b);
/* The slow path of rg_buf_add: grows the buffer (or marks it out of memory). */
void rg_buf_add_grow(rg_buf *b, const char *s, size_t n);
/* Makes room for N more bytes at once (a writer that knows its size grows
 * the buffer once, not by doubling); 0, and B marked, when out of memory. */
int rg_buf_reserve(rg_buf *b, size_t n);

/* Makes B a stream of at most CAP bytes at a time into SINK (0 on success),
 * for output too large to hold whole.  The buffer is sized once here (0,
 * and B marked, when that fails); from then on appends allocate nothing, so
 * once the first bytes have gone out nothing can fail for want of memory
 * and leave the output half-written (a single printf longer than CAP is
 * the exception: it grows the buffer).  What is left is for the caller to
 * write (rg_buf_flush). */
int rg_buf_stream(rg_buf *b, int (*sink)(void *ctx, const char *s, size_t n), void *ctx,
                  size_t cap);
/* Hands what B holds to its sink and empties it (nothing without a sink). */
void rg_buf_flush(rg_buf *b);

/* Appends are inline: JSON output of a large result makes hundreds of
 * millions of them, most of a few bytes, that fit without growing. */
static inline void rg_buf_add(rg_buf *b, const char *s, size_t n)
{
    if (b->len + n < b->cap && !b->oom) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = '\0';
        return;
    }
    rg_buf_add_grow(b, s, n);
}
static inline void rg_buf_puts(rg_buf *b, const char *s)
{
    rg_buf_add(b, s, strlen(s));
}
static inline void rg_buf_putc(rg_buf *b, char c)
{
    if (b->len + 1 < b->cap && !b->oom) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return;
    }
    rg_buf_add_grow(b, &c, 1);
}
void rg_buf_printf(rg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents ("" when empty); valid until the next append. */
const char *rg_buf_str(const rg_buf *b);
/* Hands the string over to the caller (free() it) and resets B. NULL on oom. */
char *rg_buf_detach(rg_buf *b);

#endif

/* rg_buf.c: a growable byte string. */
#include "rg_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rg_buf_init(rg_buf *b)
{
    memset(b, 0, sizeof *b);
}

void rg_buf_destroy(rg_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void rg_buf_clear(rg_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int grow(rg_buf *b, size_t extra)
{
    if (b->oom)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    if (b->sink) {
        rg_buf_flush(b);
        if (extra + 1 <= b->cap)
            return 1;
    }
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    char *n = realloc(b->data, ncap);
    if (n == NULL) {
        b->oom = 1;
        return 0;
    }
    b->data = n;
    b->cap = ncap;
    return 1;
}

void rg_buf_flush(rg_buf *b)
{
    if (b->sink == NULL || b->len == 0)
        return;
    if (!b->sink_err && b->sink(b->sink_ctx, b->data, b->len) != 0)
        b->sink_err = 1;
    rg_buf_clear(b);
}

int rg_buf_stream(rg_buf *b, int (*sink)(void *ctx, const char *s, size_t n), void *ctx, size_t cap)
{
    if (cap > b->len && !grow(b, cap - b->len))
        return 0;
    b->sink = sink;
    b->sink_ctx = ctx;
    return 1;
}

void rg_buf_add_grow(rg_buf *b, const char *s, size_t n)
{
    if (b->sink && !b->oom) {
        rg_buf_flush(b);
        if (n + 1 > b->cap) { /* longer than the whole buffer: straight through */
            if (!b->sink_err && b->sink(b->sink_ctx, s, n) != 0)
                b->sink_err = 1;
            return;
        }
    }
    if (!grow(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

int rg_buf_reserve(rg_buf *b, size_t n)
{
    return grow(b, n);
}

void rg_buf_printf(rg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *rg_buf_str(const rg_buf *b)
{
    return b->data ? b->data : "";
}

char *rg_buf_detach(rg_buf *b)
{
    if (b->oom) {
        rg_buf_destroy(b);
        return NULL;
    }
    char *s = b->data ? b->data : strdup("");
    memset(b, 0, sizeof *b);
    return s;
}

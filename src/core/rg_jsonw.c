/* rg_jsonw.c: a small streaming JSON writer. */
#include "rg_jsonw.h"

#include <math.h>
#include <stdio.h>

void rg_jsonw_init(rg_jsonw *w, rg_buf *out)
{
    w->out = out;
    w->depth = 0;
    w->count[0] = 0;
    w->after_key = 0;
}

static void indent(rg_jsonw *w)
{
    rg_buf_putc(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        rg_buf_puts(w->out, "  ");
}

/* Before a value: a comma and a new line inside arrays, nothing after a key. */
static void pre(rg_jsonw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (w->count[w->depth]++)
            rg_buf_putc(w->out, ',');
        indent(w);
    }
}

void rg_json_quote(rg_buf *b, const char *s)
{
    rg_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': rg_buf_puts(b, "\\\""); break;
        case '\\': rg_buf_puts(b, "\\\\"); break;
        case '\n': rg_buf_puts(b, "\\n"); break;
        case '\r': rg_buf_puts(b, "\\r"); break;
        case '\t': rg_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                rg_buf_printf(b, "\\u%04x", *p);
            else
                rg_buf_putc(b, (char)*p);
        }
    }
    rg_buf_putc(b, '"');
}

static void open(rg_jsonw *w, char c)
{
    pre(w);
    rg_buf_putc(w->out, c);
    if (w->depth + 1 < RG_JSONW_DEPTH)
        w->depth++;
    w->count[w->depth] = 0;
    w->closer[w->depth] = c == '{' ? '}' : ']';
}

void rg_jsonw_object(rg_jsonw *w)
{
    open(w, '{');
}
void rg_jsonw_array(rg_jsonw *w)
{
    open(w, '[');
}

void rg_jsonw_end(rg_jsonw *w)
{
    if (w->depth == 0)
        return;
    int had = w->count[w->depth];
    char closer = w->closer[w->depth];
    w->depth--;
    if (had)
        indent(w);
    rg_buf_putc(w->out, closer);
}

void rg_jsonw_key(rg_jsonw *w, const char *key)
{
    pre(w);
    rg_json_quote(w->out, key);
    rg_buf_puts(w->out, ": ");
    w->after_key = 1;
}

void rg_jsonw_string(rg_jsonw *w, const char *s)
{
    if (s == NULL) {
        rg_jsonw_null(w);
        return;
    }
    pre(w);
    rg_json_quote(w->out, s);
}

void rg_jsonw_int(rg_jsonw *w, long long v)
{
    pre(w);
    rg_buf_printf(w->out, "%lld", v);
}

void rg_jsonw_number(rg_jsonw *w, double v)
{
    pre(w);
    if (!isfinite(v))
        rg_buf_puts(w->out, "null");
    /* the range first: converting a double past 2^63 to an integer is undefined */
    else if (fabs(v) < 1e15 && v == (double)(long long)v)
        rg_buf_printf(w->out, "%lld", (long long)v);
    else
        rg_buf_printf(w->out, "%.17g", v);
}

void rg_jsonw_bool(rg_jsonw *w, int v)
{
    pre(w);
    rg_buf_puts(w->out, v ? "true" : "false");
}

void rg_jsonw_null(rg_jsonw *w)
{
    pre(w);
    rg_buf_puts(w->out, "null");
}

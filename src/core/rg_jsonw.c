/* rg_jsonw.c: a small streaming JSON writer. */
#include "rg_jsonw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void rg_jsonw_init(rg_jsonw *w, rg_buf *out)
{
    w->out = out;
    w->depth = 0;
    w->count[0] = 0;
    w->after_key = 0;
}

/* A new line and two spaces per level, in one append. */
static void indent(rg_jsonw *w)
{
    static const char nl[] = "\n"
                             "                                                                "
                             "                                                                ";
    rg_buf_add(w->out, nl, 1 + 2 * (size_t)w->depth); /* depth < RG_JSONW_DEPTH = 64 */
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

/* The escape of byte C (a control character, a quote or a backslash)
 * into E; returns its length. */
static size_t escape(unsigned char c, char *e)
{
    static const char hex[] = "0123456789abcdef";
    e[0] = '\\';
    switch (c) {
    case '"': e[1] = '"'; return 2;
    case '\\': e[1] = '\\'; return 2;
    case '\n': e[1] = 'n'; return 2;
    case '\r': e[1] = 'r'; return 2;
    case '\t': e[1] = 't'; return 2;
    default:
        memcpy(e + 1, "u00", 3);
        e[4] = hex[c >> 4];
        e[5] = hex[c & 15];
        return 6;
    }
}

/* Whether any of the 8 bytes of W is below 0x20, a quote or a backslash
 * (the bytes JSON escapes; 0x80 and above are UTF-8, passed through). */
static int any_special(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
    return (((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high ? 1 : 0;
}

/* S escaped, without the quotes.  Runs of plain bytes (most of any text)
 * are appended whole, looked at eight at a time; only the bytes JSON
 * escapes are taken one by one. */
static void quote_body(rg_buf *b, const char *s)
{
    size_t n = strlen(s), i = 0, run = 0;
    while (i < n) {
        uint64_t w;
        if (i + 8 <= n && (memcpy(&w, s + i, 8), !any_special(w))) {
            i += 8;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        rg_buf_add(b, s + run, i - run);
        char e[8];
        rg_buf_add(b, e, escape(c, e));
        run = ++i;
    }
    rg_buf_add(b, s + run, n - run);
}

void rg_json_quote(rg_buf *b, const char *s)
{
    rg_buf_putc(b, '"');
    quote_body(b, s);
    rg_buf_putc(b, '"');
}

void rg_jsonw_string_parts(rg_jsonw *w, const char *const *parts, size_t n)
{
    pre(w);
    rg_buf_putc(w->out, '"');
    for (size_t i = 0; i < n; i++)
        quote_body(w->out, parts[i]);
    rg_buf_putc(w->out, '"');
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
    rg_buf_add(w->out, ": ", 2);
    w->after_key = 1;
}

void rg_jsonw_key_quoted(rg_jsonw *w, const char *quoted, size_t n)
{
    pre(w);
    rg_buf_add(w->out, quoted, n);
    w->after_key = 1;
}

void rg_jsonw_member_quoted(rg_jsonw *w, const char *quoted, size_t n)
{
    pre(w);
    rg_buf_add(w->out, quoted, n);
}

char *rg_decimal(long long v, char *end)
{
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    char *p = end;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return p;
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
    char b[24], *p = rg_decimal(v, b + sizeof b);
    pre(w);
    rg_buf_add(w->out, p, (size_t)(b + sizeof b - p));
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

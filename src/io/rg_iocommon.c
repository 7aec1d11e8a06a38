/* rg_iocommon.c: escaping for the interchange formats, and CSV through
 * libcsv (see rg_iocommon.h). */
#include "rg_iocommon.h"

#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_utf8.h"
#include "../load/rg_load.h"

#define REPLACEMENT "\xEF\xBF\xBD"

void rg_io_xml(rg_buf *out, const char *s)
{
    for (const char *p = s; *p;) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = rg_utf8_decode(p, strlen(p), &cp);
            if (cp == RG_UTF8_BAD || rg_utf8_nonchar(cp))
                rg_buf_puts(out, REPLACEMENT);
            else
                rg_buf_add(out, p, n);
            p += n;
            continue;
        }
        switch (c) {
        case '&': rg_buf_puts(out, "&amp;"); break;
        case '<': rg_buf_puts(out, "&lt;"); break;
        case '>': rg_buf_puts(out, "&gt;"); break;
        case '"': rg_buf_puts(out, "&quot;"); break;
        case '\'': rg_buf_puts(out, "&apos;"); break;
        case '\t':
        case '\n':
        case '\r': rg_buf_printf(out, "&#%d;", c); break;
        default:
            if (c < 0x20)
                rg_buf_puts(out, REPLACEMENT); /* XML 1.0 has no place for it */
            else
                rg_buf_putc(out, (char)c);
        }
        p++;
    }
}

void rg_io_csv_field(rg_buf *out, const char *s)
{
    rg_buf_putc(out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            rg_buf_putc(out, '"');
        rg_buf_putc(out, *p);
    }
    rg_buf_putc(out, '"');
}

void rg_io_csv_header(rg_buf *out, const char *s)
{
    if (strpbrk(s, "\",\r\n") || s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' '))
        rg_io_csv_field(out, s);
    else
        rg_buf_puts(out, s);
}

void rg_io_dot_name(rg_buf *out, const char *prefix, const char *name)
{
    rg_buf_printf(out, "\"%s", prefix);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '_' || *p == '.' || *p == '-')
            rg_buf_putc(out, (char)*p);
        else
            rg_buf_printf(out, "%%%02X", *p);
    }
    rg_buf_putc(out, '"');
}

void rg_io_dot_value(rg_buf *out, const char *s)
{
    rg_buf_putc(out, '<');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': rg_buf_puts(out, "&amp;"); break;
        case '<': rg_buf_puts(out, "&lt;"); break;
        case '>': rg_buf_puts(out, "&gt;"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                rg_buf_printf(out, "&#%d;", *p);
            else
                rg_buf_putc(out, (char)*p);
        }
    }
    rg_buf_putc(out, '>');
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void rg_io_percent_decode(char *s)
{
    char *w = s;
    for (char *p = s; *p; p++) {
        int h, l;
        if (*p == '%' && (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0) {
            *w++ = (char)(h * 16 + l);
            p += 2;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
}

/* Writes code point CP as UTF-8 at W; returns the bytes written (0 when CP
 * is not one a catalogue may hold: NUL, a surrogate, past U+10FFFF). */
static size_t put_utf8(char *w, unsigned long cp)
{
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    if (cp < 0x80) {
        w[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        w[0] = (char)(0xC0 | (cp >> 6));
        w[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        w[0] = (char)(0xE0 | (cp >> 12));
        w[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        w[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    w[0] = (char)(0xF0 | (cp >> 18));
    w[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    w[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    w[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* One entity at P (after '&'): its length up to ';' and its code point, or 0. */
static size_t entity(const char *p, unsigned long *cp)
{
    static const struct {
        const char *name;
        unsigned long cp;
    } named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (strncmp(p, named[i].name, strlen(named[i].name)) == 0) {
            *cp = named[i].cp;
            return strlen(named[i].name);
        }
    if (p[0] != '#')
        return 0;
    int hex = p[1] == 'x' || p[1] == 'X';
    size_t i = hex ? 2 : 1;
    unsigned long v = 0;
    size_t digits = 0;
    for (; p[i] && p[i] != ';' && digits < 8; i++, digits++) {
        int d = hex ? hexval(p[i]) : (p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : -1);
        if (d < 0)
            return 0;
        v = v * (hex ? 16 : 10) + (unsigned long)d;
    }
    if (p[i] != ';' || digits == 0)
        return 0;
    *cp = v;
    return i + 1;
}

void rg_io_entity_decode(char *s)
{
    char *w = s;
    for (char *p = s; *p;) {
        unsigned long cp;
        size_t n;
        /* every entity is at least as long as the UTF-8 it stands for */
        if (*p == '&' && (n = entity(p + 1, &cp)) > 0) {
            size_t k = put_utf8(w, cp);
            if (k > 0) {
                w += k;
                p += n + 1;
                continue;
            }
        }
        *w++ = *p++;
    }
    *w = '\0';
}

/* ---- CSV ---- */

typedef struct csv_state {
    rg_csv *t;
    char **row; /* the record being read */
    size_t n, cap, caprows;
} csv_state;

static void on_field(void *data, size_t len, void *arg)
{
    csv_state *s = arg;
    if (s->t->oom)
        return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        char **r = realloc(s->row, cap * sizeof *r);
        if (r == NULL) {
            s->t->oom = 1;
            return;
        }
        s->row = r;
        s->cap = cap;
    }
    char *f = NULL; /* NULL: an empty field without quotes (nothing given) */
    if (data) {
        f = malloc(len + 1);
        if (f == NULL) {
            s->t->oom = 1;
            return;
        }
        memcpy(f, data, len);
        f[len] = '\0';
    }
    s->row[s->n++] = f;
}

static void on_record(int c, void *arg)
{
    csv_state *s = arg;
    rg_csv *t = s->t;
    if (t->oom)
        return;
    if (t->nrows == s->caprows) {
        size_t cap = s->caprows ? s->caprows * 2 : 64;
        char ***r = realloc(t->rows, cap * sizeof *r);
        size_t *nc = realloc(t->ncols, cap * sizeof *nc);
        if (r)
            t->rows = r;
        if (nc)
            t->ncols = nc;
        if (r == NULL || nc == NULL) {
            t->oom = 1;
            return;
        }
        s->caprows = cap;
    }
    t->rows[t->nrows] = s->row;
    t->ncols[t->nrows++] = s->n;
    s->row = NULL;
    s->n = s->cap = 0;
}

static int utf8_ok(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = rg_utf8_decode(s + i, len - i, &cp);
        if (cp == RG_UTF8_BAD)
            return 0;
        i += n;
    }
    return 1;
}

/* The line of byte OFF in TEXT (1-based). */
static int line_at(const char *text, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

rg_status rg_csv_read(const char *path, size_t max, rg_csv *t, rg_error *err)
{
    memset(t, 0, sizeof *t);
    char *text;
    size_t len;
    rg_status st = rg_read_file_max(path, max, &text, &len, err);
    if (st != RG_OK)
        return st;
    size_t bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) {
        free(text);
        return rg_error_set(err, RG_ENOMEM, path, 0, 0, "out of memory");
    }
    csv_state s = {t, NULL, 0, 0, 0};
    size_t done = csv_parse(&p, text + bom, len - bom, on_field, on_record, &s);
    int bad = done != len - bom || csv_fini(&p, on_field, on_record, &s) != 0;
    if (bad && !t->oom)
        st = rg_error_set(err, RG_ESYNTAX, path, line_at(text, bom + done), 0,
                          "malformed CSV near line %d (%s): a quote inside a field is "
                          "written twice (\"\") and the field is quoted",
                          line_at(text, bom + done), csv_strerror(csv_error(&p)));
    csv_free(&p);
    free(text);
    for (size_t i = 0; i < s.n; i++)
        free(s.row[i]);
    free(s.row);
    if (t->oom)
        st = rg_error_set(err, RG_ENOMEM, path, 0, 0, "out of memory reading '%s'", path);
    for (size_t r = 0; st == RG_OK && r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols[r]; c++)
            if (t->rows[r][c] && !utf8_ok(t->rows[r][c])) {
                st = rg_error_set(err, RG_ESYNTAX, path, (int)r + 1, (int)c + 1,
                                  "the field is not UTF-8; save the table as UTF-8 CSV");
                break;
            }
    if (st != RG_OK)
        rg_csv_free(t);
    return st;
}

void rg_csv_free(rg_csv *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols[r]; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    free(t->ncols);
    memset(t, 0, sizeof *t);
}

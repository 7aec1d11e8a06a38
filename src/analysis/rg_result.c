/* rg_result.c: tables of typed cells, and their text and JSON renderings.
 *
 * Every analysis and every query prints through here, so the formats are
 * the same everywhere and are described once (docs/query.md). */
#include "rg_result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_bigmem.h"
#include "../core/rg_jsonw.h"
#include "../core/rg_utf8.h"
#include "rg_links.h"

void rg_result_init(rg_result *r, const rg_graph *g, const char *analysis)
{
    memset(r, 0, sizeof *r);
    r->g = g;
    r->analysis = analysis;
    rg_arena_init(&r->arena);
}

void rg_result_destroy(rg_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->ntables; i++)
        free(r->tables[i].cells);
    free(r->notes);
    free(r->totals);
    free(r->options);
    free(r->nodes);
    free(r->edges);
    if (r->src_free)
        r->src_free(r->src);
    rg_arena_destroy(&r->arena);
    memset(r, 0, sizeof *r);
}

rg_status rg_result_check(const rg_result *r, rg_error *err)
{
    if (r->oom)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    return RG_OK;
}

char *rg_result_strdup(rg_result *r, const char *s)
{
    char *p = rg_arena_strdup(&r->arena, s ? s : "");
    if (p == NULL)
        r->oom = 1;
    return p;
}

char *rg_result_buf(rg_result *r, const rg_buf *b)
{
    if (b->oom) {
        r->oom = 1; /* the text was cut: no answer rather than a wrong one */
        return NULL;
    }
    return rg_result_strdup(r, rg_buf_str(b));
}

static char *vformat(rg_result *r, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) {
        r->oom = 1;
        return NULL;
    }
    char *p = rg_arena_alloc(&r->arena, (size_t)n + 1);
    if (p == NULL) {
        r->oom = 1;
        return NULL;
    }
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

void rg_result_title(rg_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->title = vformat(r, fmt, ap);
    va_end(ap);
}

void rg_result_note(rg_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(r, fmt, ap);
    va_end(ap);
    if (s == NULL)
        return;
    const char **n = realloc(r->notes, (r->nnotes + 1) * sizeof *n);
    if (n == NULL) {
        r->oom = 1;
        return;
    }
    r->notes = n;
    r->notes[r->nnotes++] = s;
}

rg_table *rg_result_table(rg_result *r, const char *name, const char *title, rg_table_style style,
                          ...)
{
    va_list ap;
    size_t ncols = 0;
    va_start(ap, style);
    while (va_arg(ap, const char *) != NULL)
        ncols++;
    va_end(ap);
    const char **cols = rg_arena_alloc(&r->arena, (ncols ? ncols : 1) * sizeof *cols);
    if (r->ntables >= RG_RESULT_TABLES || cols == NULL) {
        r->oom = 1;
        return NULL;
    }
    va_start(ap, style);
    for (size_t i = 0; i < ncols; i++)
        cols[i] = va_arg(ap, const char *);
    va_end(ap);
    rg_table *t = &r->tables[r->ntables++];
    memset(t, 0, sizeof *t);
    t->name = name;
    t->title = title;
    t->cols = cols;
    t->ncols = ncols;
    t->style = style;
    return t;
}

rg_table *rg_result_find(rg_result *r, const char *name)
{
    for (size_t i = 0; i < r->ntables; i++)
        if (strcmp(r->tables[i].name, name) == 0)
            return &r->tables[i];
    return NULL;
}

int rg_table_col(const rg_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

void rg_table_reserve(rg_table *t, size_t n)
{
    if (t == NULL || n <= t->caprows - t->nrows)
        return;
    size_t cap = t->nrows + n;
    size_t bytes = cap * (t->ncols ? t->ncols : 1) * sizeof(rg_cell);
    rg_cell *c = realloc(t->cells, bytes);
    if (c == NULL)
        return; /* rg_table_row tries again, and says so when it fails */
    /* a large answer's rows (80 MB for gaps at 1M nodes) are all written:
     * in 4 KiB pages their first touch cost more than filling them */
    rg_big_advise(c, bytes);
    t->cells = c;
    t->caprows = cap;
}

rg_cell *rg_table_row(rg_result *r, rg_table *t)
{
    if (t == NULL) {
        r->oom = 1;
        return NULL;
    }
    if (t->nrows == t->caprows) {
        size_t cap = t->caprows ? t->caprows * 2 : 16;
        size_t bytes = cap * (t->ncols ? t->ncols : 1) * sizeof *t->cells;
        rg_cell *c = realloc(t->cells, bytes);
        if (c == NULL) {
            r->oom = 1;
            return NULL;
        }
        rg_big_advise(c, bytes);
        t->cells = c;
        t->caprows = cap;
    }
    rg_cell *row = &t->cells[t->nrows++ * t->ncols];
    memset(row, 0, t->ncols * sizeof *row);
    return row;
}

int rg_table_source(rg_result *r, rg_table *t, size_t nrows,
                    void (*rows)(void *ctx, size_t i, rg_cell *row), void *ctx, const char *scratch,
                    size_t nscratch)
{
    if (t == NULL || t->ncols > RG_SOURCE_COLS || t->cells != NULL) {
        r->oom = 1;
        return 0;
    }
    t->rows = rows;
    t->rows_ctx = ctx;
    t->scratch = scratch;
    t->nscratch = nscratch;
    t->nrows = t->caprows = nrows;
    return 1;
}

/* Row I of T: in place, or made by its source into TMP (RG_SOURCE_COLS
 * cells), valid until the next call. */
static const rg_cell *row_at(const rg_table *t, size_t i, rg_cell *tmp)
{
    if (t->rows == NULL)
        return rg_table_cell(t, i, 0);
    memset(tmp, 0, t->ncols * sizeof *tmp);
    t->rows(t->rows_ctx, i, tmp);
    return tmp;
}

/* A made cell as a table keeps it: texts in the source's scratch copied,
 * parts joined, lists copied into R. */
static void keep_cell(rg_result *r, const rg_table *t, rg_cell *c)
{
    uintptr_t p = (uintptr_t)c->u.s, s = (uintptr_t)t->scratch;
    if (c->type == RG_CELL_TEXT && p >= s && p - s < t->nscratch)
        rg_cell_str(c, rg_result_strdup(r, c->u.s));
    else if (c->type == RG_CELL_PARTS)
        rg_cell_concat(r, c, c->u.items, c->n);
    else if (c->type == RG_CELL_LIST)
        rg_cell_list(r, c, c->u.items, c->n);
}

rg_status rg_result_fill(rg_result *r, rg_error *err)
{
    for (size_t k = 0; k < r->ntables; k++) {
        rg_table *t = &r->tables[k];
        if (t->rows == NULL)
            continue;
        size_t n = t->nrows;
        t->nrows = t->caprows = 0;
        rg_table_reserve(t, n);
        for (size_t i = 0; i < n; i++) {
            rg_cell *row = rg_table_row(r, t);
            if (row == NULL)
                break;
            t->rows(t->rows_ctx, i, row);
            for (size_t c = 0; c < t->ncols; c++)
                keep_cell(r, t, &row[c]);
        }
        t->rows = NULL;
    }
    return rg_result_check(r, err);
}

void rg_result_total(rg_result *r, const char *name, long long value)
{
    struct rg_total *t = realloc(r->totals, (r->ntotals + 1) * sizeof *t);
    char *n = rg_result_strdup(r, name);
    if (t == NULL || n == NULL) {
        r->oom = 1;
        return;
    }
    r->totals = t;
    t[r->ntotals++] = (struct rg_total){n, value};
}

void rg_result_option(rg_result *r, const char *name, const char *value, int type)
{
    struct rg_option *o = realloc(r->options, (r->noptions + 1) * sizeof *o);
    char *n = rg_result_strdup(r, name);
    char *v = value ? rg_result_strdup(r, value) : NULL;
    if (o == NULL || n == NULL || (value && v == NULL)) {
        r->oom = 1;
        return;
    }
    r->options = o;
    o[r->noptions++] = (struct rg_option){n, v, type};
}

void rg_cell_list(rg_result *r, rg_cell *c, const char *const *items, size_t n)
{
    const char **copy = n < UINT32_MAX ? rg_arena_alloc(&r->arena, (n + 1) * sizeof *copy) : NULL;
    if (copy == NULL) {
        r->oom = 1;
        return;
    }
    memcpy(copy, items, n * sizeof *copy);
    copy[n] = ", ";
    c->type = RG_CELL_LIST;
    c->u.items = copy;
    c->n = (uint32_t)n;
}

void rg_cell_split(rg_result *r, rg_cell *c, const char *text, const char *sep)
{
    size_t cap = 2, sl = strlen(sep); /* the items, and the separator after them */
    for (const char *p = text; (p = strstr(p, sep)) != NULL; p += sl)
        cap++;
    const char **items = cap <= UINT32_MAX ? rg_arena_alloc(&r->arena, cap * sizeof *items) : NULL;
    if (items == NULL) {
        r->oom = 1;
        return;
    }
    size_t n = 0;
    int depth = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth > 0)
            depth--;
        if (*p == '\0' || (depth == 0 && strncmp(p, sep, sl) == 0)) {
            if (p > start || *p) {
                char *item = rg_arena_alloc(&r->arena, (size_t)(p - start) + 1);
                if (item == NULL) {
                    r->oom = 1;
                    return;
                }
                memcpy(item, start, (size_t)(p - start));
                item[p - start] = '\0';
                items[n++] = item;
            }
            if (*p == '\0')
                break;
            p += sl - 1;
            start = p + 1;
        }
    }
    items[n] = rg_result_strdup(r, sep);
    if (items[n] == NULL)
        return; /* R is out of memory: no answer */
    c->type = RG_CELL_LIST;
    c->u.items = items;
    c->n = (uint32_t)n;
}

void rg_cell_str(rg_cell *c, const char *s)
{
    if (c == NULL)
        return;
    c->type = s ? RG_CELL_TEXT : RG_CELL_NULL;
    c->u.s = s;
}

void rg_cell_text(rg_result *r, rg_cell *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(r, fmt, ap);
    va_end(ap);
    rg_cell_str(c, s);
}

void rg_cell_concat(rg_result *r, rg_cell *c, const char *const *parts, size_t n)
{
    size_t len = 0;
    size_t lens[16];
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(parts[i]);
        if (i < 16)
            lens[i] = l;
        len += l;
    }
    char *p = rg_arena_chars(&r->arena, len + 1);
    if (p == NULL) {
        r->oom = 1;
        rg_cell_str(c, NULL);
        return;
    }
    char *q = p;
    for (size_t i = 0; i < n; i++) {
        size_t l = i < 16 ? lens[i] : strlen(parts[i]);
        memcpy(q, parts[i], l);
        q += l;
    }
    *q = '\0';
    rg_cell_str(c, p);
}

void rg_cell_int(rg_cell *c, long long v)
{
    if (c) {
        c->type = RG_CELL_INT;
        c->u.i = v;
    }
}

void rg_cell_real(rg_cell *c, double v)
{
    if (c) {
        c->type = RG_CELL_REAL;
        c->u.r = v;
    }
}

void rg_cell_bool(rg_cell *c, int v)
{
    if (c) {
        c->type = RG_CELL_BOOL;
        c->u.b = v != 0;
    }
}

void rg_cell_cites(rg_cell *c, const rg_cite *cites, size_t n)
{
    if (c) {
        /* a node's or an edge's citations: the loaders keep their count
         * under 2^32 (the compiled form stores it in 32 bits) */
        c->type = RG_CELL_CITES;
        c->u.cites = cites;
        c->n = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
    }
}

/* ---- sorting and filtering ------------------------------------------------ */

typedef struct sort_ctx {
    const rg_table *t;
    int (*cmp)(const rg_cell *, const rg_cell *, void *);
    void *ctx;
} sort_ctx;

/* Merge sort on row indices: qsort is not stable, and equal rows must keep
 * the order the analysis gave them. */
static void merge_sort(size_t *idx, size_t *tmp, size_t n, const sort_ctx *s)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(idx, tmp, h, s);
    merge_sort(idx + h, tmp, n - h, s);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        const rg_cell *a = &s->t->cells[idx[i] * s->t->ncols];
        const rg_cell *b = &s->t->cells[idx[j] * s->t->ncols];
        tmp[k++] = s->cmp(b, a, s->ctx) < 0 ? idx[j++] : idx[i++];
    }
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

/* Stable insertion sort of the rows in place, with no allocation: what
 * rg_table_sort falls back on when memory runs out, so that a table is
 * never left unsorted (a wrong answer).  Quadratic, but only then. */
static void insertion_sort(rg_table *t, const sort_ctx *s)
{
    rg_cell row[64];
    size_t nc = t->ncols, bytes = nc * sizeof *row;
    for (size_t i = 1; i < t->nrows; i++) {
        memcpy(row, &t->cells[i * nc], bytes);
        size_t j = i;
        for (; j > 0 && s->cmp(&t->cells[(j - 1) * nc], row, s->ctx) > 0; j--)
            memcpy(&t->cells[j * nc], &t->cells[(j - 1) * nc], bytes);
        memcpy(&t->cells[j * nc], row, bytes);
    }
}

void rg_table_sort(rg_table *t, int (*cmp)(const rg_cell *a, const rg_cell *b, void *ctx),
                   void *ctx)
{
    if (t->nrows < 2 || t->ncols == 0)
        return;
    size_t *idx = malloc(t->nrows * sizeof *idx), *tmp = malloc(t->nrows * sizeof *tmp);
    rg_cell *cells = malloc(t->nrows * t->ncols * sizeof *cells);
    if (!(idx && tmp && cells) && t->ncols <= 64) {
        sort_ctx s = {t, cmp, ctx};
        insertion_sort(t, &s);
    } else if (idx && tmp && cells) {
        for (size_t i = 0; i < t->nrows; i++)
            idx[i] = i;
        sort_ctx s = {t, cmp, ctx};
        merge_sort(idx, tmp, t->nrows, &s);
        for (size_t i = 0; i < t->nrows; i++)
            memcpy(&cells[i * t->ncols], &t->cells[idx[i] * t->ncols], t->ncols * sizeof *cells);
        memcpy(t->cells, cells, t->nrows * t->ncols * sizeof *cells);
    }
    free(idx);
    free(tmp);
    free(cells);
}

static void keep_table_rows(rg_table *t, const unsigned char *keep)
{
    size_t w = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (!keep[i])
            continue;
        if (w != i)
            memmove(&t->cells[w * t->ncols], &t->cells[i * t->ncols], t->ncols * sizeof *t->cells);
        w++;
    }
    t->nrows = w;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void rg_result_keep_rows(rg_result *r, const unsigned char *keep)
{
    if (r->ntables == 0)
        return;
    rg_table *main = &r->tables[0];
    /* The keys that stay, sorted, for the keyed tables. */
    const char **keys = malloc((main->nrows ? main->nrows : 1) * sizeof *keys);
    size_t nkeys = 0;
    if (keys == NULL) {
        r->oom = 1;
        return;
    }
    for (size_t m = 0; m < main->nrows && main->ncols; m++)
        if (keep[m] && rg_table_cell(main, m, 0)->type == RG_CELL_TEXT)
            keys[nkeys++] = rg_table_cell(main, m, 0)->u.s;
    qsort(keys, nkeys, sizeof *keys, str_cmp);
    for (size_t k = 1; k < r->ntables; k++) {
        rg_table *t = &r->tables[k];
        if (!t->keyed || t->ncols == 0)
            continue;
        unsigned char *kk = calloc(t->nrows ? t->nrows : 1, 1);
        if (kk == NULL) {
            r->oom = 1;
            break;
        }
        for (size_t i = 0; i < t->nrows; i++) {
            const rg_cell *c = rg_table_cell(t, i, 0);
            kk[i] = c->type == RG_CELL_TEXT &&
                    bsearch(&c->u.s, keys, nkeys, sizeof *keys, str_cmp) != NULL;
        }
        keep_table_rows(t, kk);
        free(kk);
    }
    free(keys);
    keep_table_rows(main, keep);
    /* Summaries of the whole (counts by region, ...) no longer describe
     * what is left: they go. */
    size_t w = 1;
    for (size_t k = 1; k < r->ntables; k++) {
        if (r->tables[k].keyed)
            r->tables[w++] = r->tables[k];
        else
            free(r->tables[k].cells);
    }
    r->ntables = w;
}

rg_status rg_result_only_table(rg_result *r, const char *name)
{
    rg_table *t = rg_result_find(r, name);
    if (t == NULL)
        return RG_ENOTFOUND;
    rg_table keep = *t;
    for (size_t k = 0; k < r->ntables; k++)
        if (&r->tables[k] != t)
            free(r->tables[k].cells);
    keep.keyed = 0;
    r->tables[0] = keep;
    r->ntables = 1;
    return RG_OK;
}

/* ---- wording --------------------------------------------------------------- */

void rg_cell_format(const rg_graph *g, const rg_cell *c, rg_buf *out)
{
    switch (c->type) {
    case RG_CELL_NULL: rg_buf_puts(out, "-"); break;
    case RG_CELL_TEXT: rg_buf_puts(out, c->u.s); break;
    case RG_CELL_INT: {
        char d[24]; /* by hand: a large answer has a million numbers */
        char *p = rg_decimal(c->u.i, d + sizeof d);
        rg_buf_add(out, p, (size_t)(d + sizeof d - p));
        break;
    }
    case RG_CELL_REAL: rg_buf_printf(out, "%.4f", c->u.r); break;
    case RG_CELL_BOOL: rg_buf_puts(out, c->u.b ? "yes" : "no"); break;
    case RG_CELL_CITES: rg_cites_format(g, c->u.cites, c->n, out); break;
    case RG_CELL_LIST:
        for (size_t i = 0; i < c->n; i++) {
            if (i)
                rg_buf_puts(out, c->u.items[c->n]);
            rg_buf_puts(out, c->u.items[i]);
        }
        break;
    case RG_CELL_PARTS:
        for (size_t i = 0; i < c->n; i++)
            rg_buf_puts(out, c->u.items[i]);
        break;
    }
}

/* Appends the N bytes at S for a terminal or a text file: control characters
 * are written as escapes (\n, \t, \r, \xHH, \u0085), so that a name holding a
 * newline cannot start a forged row of a table, and one holding ESC cannot
 * move the cursor or recolour the screen.  Malformed UTF-8 is shown byte by
 * byte as \xHH. */
static void text_clean(rg_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        /* a run of printable ASCII (most of any text) is appended whole */
        size_t run = i;
        while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F)
            run++;
        if (run > i) {
            rg_buf_add(out, s + i, run - i);
            i = run;
            continue;
        }
        uint32_t cp;
        size_t len = rg_utf8_decode(s + i, n - i, &cp);
        if (cp == '\n')
            rg_buf_puts(out, "\\n");
        else if (cp == '\t')
            rg_buf_puts(out, "\\t");
        else if (cp == '\r')
            rg_buf_puts(out, "\\r");
        else if (cp == RG_UTF8_BAD || cp < 0x20 || cp == 0x7F)
            rg_buf_printf(out, "\\x%02X", (unsigned char)s[i]);
        else if (cp >= 0x80 && cp <= 0x9F)
            rg_buf_printf(out, "\\u%04X", (unsigned)cp);
        else
            rg_buf_add(out, s + i, len);
        i += len;
    }
}

/* A cell as text_clean writes it (RAW: scratch space). */
static void cell_text(const rg_graph *g, const rg_cell *c, rg_buf *raw, rg_buf *out)
{
    rg_buf_clear(raw);
    rg_cell_format(g, c, raw);
    text_clean(out, rg_buf_str(raw), raw->len);
    out->oom |= raw->oom; /* a cut cell is no answer: the output fails whole */
}

/* Display width of UTF-8 text: code points, which is right for the Latin,
 * Greek and Cyrillic names of the catalogues (wide CJK would count double). */
static size_t width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            w++;
    return w;
}

/* Cells wider than this are cut in the text rendering (with "...") so that
 * tables stay readable; the JSON rendering always has the whole text. */
#define TEXT_CELL_MAX 64

static void cut_cell(rg_buf *cell)
{
    size_t w = 0, i = 0;
    for (; i < cell->len; i++)
        if (((unsigned char)cell->data[i] & 0xC0) != 0x80 && ++w > TEXT_CELL_MAX - 3)
            break;
    if (i < cell->len && width(cell->data, cell->len) > TEXT_CELL_MAX) {
        cell->len = i;
        cell->data[i] = '\0';
        rg_buf_puts(cell, "...");
    }
}

/* Whether column C is shown in text (not a JSON-only detail). */
static int shown(const rg_table *t, size_t c)
{
    return c >= 64 || !((t->json_only >> c) & 1);
}

/* Spaces from column AT to column TO, a run at a time (a large table has
 * millions of cells). */
static void pad(rg_buf *out, size_t at, size_t to)
{
    static const char sp[] = "                                ";
    while (at < to) {
        size_t n = to - at < sizeof sp - 1 ? to - at : sizeof sp - 1;
        rg_buf_add(out, sp, n);
        at += n;
    }
}

static void text_columns(const rg_result *r, const rg_table *t, rg_buf *out)
{
    size_t *wd = calloc(t->ncols ? t->ncols : 1, sizeof *wd);
    rg_buf cell, raw;
    rg_buf_init(&cell);
    rg_buf_init(&raw);
    if (wd == NULL) {
        out->oom = 1; /* the caller reports it; no table is no answer */
        return;
    }
    size_t last = 0; /* the last column shown: not cut, not padded */
    for (size_t c = 0; c < t->ncols; c++)
        if (shown(t, c))
            last = c;
    for (size_t c = 0; c < t->ncols; c++) {
        rg_buf_clear(&cell);
        text_clean(&cell, t->cols[c], strlen(t->cols[c]));
        wd[c] = width(rg_buf_str(&cell), cell.len);
    }
    rg_cell tmp[RG_SOURCE_COLS];
    for (size_t i = 0; i < t->nrows; i++) {
        const rg_cell *row = row_at(t, i, tmp);
        for (size_t c = 0; c < t->ncols; c++) {
            rg_buf_clear(&cell);
            cell_text(r->g, &row[c], &raw, &cell);
            if (c < last)
                cut_cell(&cell);
            size_t w = width(rg_buf_str(&cell), cell.len);
            if (w > wd[c])
                wd[c] = w;
        }
    }
    for (size_t i = 0; i <= t->nrows; i++) {
        const rg_cell *row = i ? row_at(t, i - 1, tmp) : NULL;
        rg_buf_puts(out, "  ");
        for (size_t c = 0; c <= last && c < t->ncols; c++) {
            if (!shown(t, c))
                continue;
            rg_buf_clear(&cell);
            if (i == 0)
                text_clean(&cell, t->cols[c], strlen(t->cols[c]));
            else
                cell_text(r->g, &row[c], &raw, &cell);
            out->oom |= cell.oom; /* a cut cell is no answer: the output fails whole */
            if (c < last)
                cut_cell(&cell);
            rg_buf_puts(out, rg_buf_str(&cell));
            if (c < last)
                pad(out, width(rg_buf_str(&cell), cell.len), wd[c] + 2);
        }
        rg_buf_putc(out, '\n');
    }
    rg_buf_destroy(&cell);
    rg_buf_destroy(&raw);
    free(wd);
}

static void text_lines(const rg_result *r, const rg_table *t, rg_buf *out)
{
    rg_buf raw;
    rg_buf_init(&raw);
    rg_cell tmp[RG_SOURCE_COLS], prev = {RG_CELL_NULL, 0, {NULL}};
    for (size_t i = 0; i < t->nrows; i++) {
        if (t->ncols == 0)
            continue;
        const rg_cell *row = row_at(t, i, tmp);
        /* column 0 outlives the next row (rg_table_source) */
        int same = i > 0 && row[0].type == RG_CELL_TEXT && prev.type == RG_CELL_TEXT &&
                   strcmp(prev.u.s, row[0].u.s) == 0;
        prev = row[0];
        if (!same) {
            rg_buf_puts(out, "  ");
            cell_text(r->g, &row[0], &raw, out);
            rg_buf_puts(out, ":\n");
        }
        rg_buf_puts(out, "    ");
        int any = 0;
        for (size_t c = 1; c < t->ncols; c++) {
            if (row[c].type == RG_CELL_NULL || !shown(t, c))
                continue;
            if (any)
                rg_buf_putc(out, ' ');
            cell_text(r->g, &row[c], &raw, out);
            any = 1;
        }
        rg_buf_putc(out, '\n');
    }
    rg_buf_destroy(&raw);
}

void rg_result_text(const rg_result *r, rg_buf *out)
{
    if (r->title) {
        text_clean(out, r->title, strlen(r->title));
        rg_buf_putc(out, '\n');
    }
    for (size_t i = 0; i < r->nnotes; i++) {
        rg_buf_puts(out, "  ");
        text_clean(out, r->notes[i], strlen(r->notes[i]));
        rg_buf_putc(out, '\n');
    }
    for (size_t k = 0; k < r->ntables; k++) {
        const rg_table *t = &r->tables[k];
        const char *head = t->title ? t->title : t->name;
        rg_buf_putc(out, '\n');
        text_clean(out, head, strlen(head));
        rg_buf_printf(out, " (%zu)\n", t->nrows);
        if (t->nrows == 0) {
            rg_buf_puts(out, "  (none)\n");
            continue;
        }
        if (t->style == RG_STYLE_LINES)
            text_lines(r, t, out);
        else
            text_columns(r, t, out);
    }
}

/* The sources met while writing a table: a few are cited by every row of a
 * large answer, and their label is an attribute looked up by name.  Each
 * slot keeps the source's "source" and "document" members as JSON, quoted
 * once (on the stack: writing allocates nothing), or none when they do not
 * fit (then they are quoted each time). */
enum { SRC_SLOTS = 16, SRC_JSON = 240 };
typedef struct src_cache {
    int64_t node[SRC_SLOTS];
    char json[SRC_SLOTS][SRC_JSON];
    size_t mid[SRC_SLOTS], end[SRC_SLOTS]; /* where "document" starts, and the end (0: not kept) */
} src_cache;

static void src_cache_init(src_cache *sc)
{
    for (size_t i = 0; i < SRC_SLOTS; i++)
        sc->node[i] = -1;
}

/* Whether the members of source S are kept in slot H (made when it is
 * first met). */
static int source_json(src_cache *sc, const rg_graph *g, int64_t s, size_t h)
{
    if (sc->node[h] == s)
        return sc->end[h] > 0;
    sc->node[h] = s;
    sc->end[h] = 0;
    const char *id = g->nodes[s].id, *label = rg_source_label(g, s);
    /* the worst case: every byte escaped as \u00XX, the quotes, the keys */
    size_t need = 6 * (strlen(id) + (label ? strlen(label) : 4)) + 64;
    if (need > SRC_JSON)
        return 0;
    rg_buf k = {sc->json[h], 0, SRC_JSON, 0, NULL, NULL, 0};
    rg_buf_add(&k, "\"source\": ", 10);
    rg_json_quote(&k, id);
    sc->mid[h] = k.len;
    rg_buf_add(&k, "\"document\": ", 12);
    if (label)
        rg_json_quote(&k, label);
    else
        rg_buf_add(&k, "null", 4);
    sc->end[h] = k.len;
    return 1;
}

static void cites_json(rg_jsonw *w, const rg_graph *g, const rg_cite *c, size_t n, src_cache *sc)
{
    rg_jsonw_array(w);
    for (size_t i = 0; i < n; i++) {
        rg_jsonw_object(w);
        size_t h = (size_t)c[i].source & (SRC_SLOTS - 1);
        if (source_json(sc, g, c[i].source, h)) {
            rg_jsonw_member_quoted(w, sc->json[h], sc->mid[h]);
            rg_jsonw_member_quoted(w, sc->json[h] + sc->mid[h], sc->end[h] - sc->mid[h]);
        } else {
            rg_jsonw_key_quoted(w, "\"source\": ", 10);
            rg_jsonw_string(w, g->nodes[c[i].source].id);
            rg_jsonw_key_quoted(w, "\"document\": ", 12);
            rg_jsonw_string(w, rg_source_label(g, c[i].source));
        }
        rg_jsonw_key_quoted(w, "\"at\": ", 6);
        rg_jsonw_string(w, c[i].at);
        rg_jsonw_key_quoted(w, "\"quote\": ", 9);
        rg_jsonw_string(w, c[i].quote);
        rg_jsonw_end(w);
    }
    rg_jsonw_end(w);
}

void rg_cites_json(rg_jsonw *w, const rg_graph *g, const rg_cite *c, size_t n)
{
    src_cache sc;
    src_cache_init(&sc);
    cites_json(w, g, c, n, &sc);
}

static void cell_json(rg_jsonw *w, const rg_graph *g, const rg_cell *c, src_cache *sc)
{
    switch (c->type) {
    case RG_CELL_NULL: rg_jsonw_null(w); break;
    case RG_CELL_TEXT: rg_jsonw_string(w, c->u.s); break;
    case RG_CELL_INT: rg_jsonw_int(w, c->u.i); break;
    case RG_CELL_REAL: rg_jsonw_number(w, c->u.r); break;
    case RG_CELL_BOOL: rg_jsonw_bool(w, c->u.b); break;
    case RG_CELL_CITES: cites_json(w, g, c->u.cites, c->n, sc); break;
    case RG_CELL_LIST:
        rg_jsonw_array(w);
        for (size_t i = 0; i < c->n; i++)
            rg_jsonw_string(w, c->u.items[i]);
        rg_jsonw_end(w);
        break;
    case RG_CELL_PARTS: rg_jsonw_string_parts(w, c->u.items, c->n); break;
    }
}

/* The rows of T as an array of objects.  Each column's key is quoted once
 * for the table, not once per row (a large answer has millions of rows),
 * on the stack: writing the answer allocates nothing, so that a streamed
 * output (rg_buf_stream) cannot stop half-way for want of memory. */
static void table_rows_json(rg_jsonw *w, const rg_graph *g, const rg_table *t)
{
    enum { KEYS = 4096, COLS = 64 };
    char keys[KEYS];
    size_t at[COLS + 1], len = 0;
    int quoted = t->ncols <= COLS;
    for (size_t c = 0; quoted && c < t->ncols; c++) {
        /* room for the worst case (every byte escaped as \u00XX, the quotes,
         * ": " and the NUL), so that K never has to grow: it is on the stack */
        if (len + 6 * strlen(t->cols[c]) + 5 > KEYS) {
            quoted = 0;
            break;
        }
        rg_buf k = {keys + len, 0, KEYS - len, 0, NULL, NULL, 0};
        at[c] = len;
        rg_json_quote(&k, t->cols[c]);
        rg_buf_add(&k, ": ", 2);
        len += k.len;
    }
    at[quoted ? t->ncols : 0] = len;
    src_cache sc;
    src_cache_init(&sc);
    rg_cell tmp[RG_SOURCE_COLS];
    rg_jsonw_array(w);
    for (size_t i = 0; i < t->nrows && !w->out->oom; i++) {
        const rg_cell *row = row_at(t, i, tmp);
        rg_jsonw_object(w);
        for (size_t c = 0; c < t->ncols; c++) {
            if (quoted)
                rg_jsonw_key_quoted(w, keys + at[c], at[c + 1] - at[c]);
            else
                rg_jsonw_key(w, t->cols[c]);
            cell_json(w, g, &row[c], &sc);
        }
        rg_jsonw_end(w);
    }
    rg_jsonw_end(w);
}

void rg_result_options_json(const rg_result *r, rg_jsonw *w)
{
    rg_jsonw_object(w);
    for (size_t i = 0; r && i < r->noptions; i++) {
        const struct rg_option *o = &r->options[i];
        rg_jsonw_key(w, o->name);
        if (o->value && o->type == RG_OPT_NUMBER)
            rg_jsonw_number(w, strtod(o->value, NULL));
        else if (o->value && o->type == RG_OPT_BOOL)
            rg_jsonw_bool(w, strcmp(o->value, "true") == 0);
        else
            rg_jsonw_string(w, o->value);
    }
    rg_jsonw_end(w);
}

void rg_result_json_write(const rg_result *r, rg_jsonw *w)
{
    rg_jsonw_object(w);
    rg_jsonw_key(w, "analysis");
    rg_jsonw_string(w, r->analysis);
    rg_jsonw_key(w, "title");
    rg_jsonw_string(w, r->title);
    rg_jsonw_key(w, "options");
    rg_result_options_json(r, w);
    rg_jsonw_key(w, "totals");
    rg_jsonw_object(w);
    for (size_t i = 0; i < r->ntotals; i++) {
        rg_jsonw_key(w, r->totals[i].name);
        rg_jsonw_int(w, r->totals[i].value);
    }
    rg_jsonw_end(w);
    rg_jsonw_key(w, "notes");
    rg_jsonw_array(w);
    for (size_t i = 0; i < r->nnotes; i++)
        rg_jsonw_string(w, r->notes[i]);
    rg_jsonw_end(w);
    rg_jsonw_key(w, "tables");
    rg_jsonw_object(w);
    for (size_t k = 0; k < r->ntables; k++) {
        const rg_table *t = &r->tables[k];
        rg_jsonw_key(w, t->name);
        rg_jsonw_object(w);
        rg_jsonw_key(w, "title");
        rg_jsonw_string(w, t->title);
        rg_jsonw_key(w, "columns");
        rg_jsonw_array(w);
        for (size_t c = 0; c < t->ncols; c++)
            rg_jsonw_string(w, t->cols[c]);
        rg_jsonw_end(w);
        rg_jsonw_key(w, "rows");
        table_rows_json(w, r->g, t);
        rg_jsonw_end(w);
    }
    rg_jsonw_end(w);
    rg_jsonw_end(w);
}

void rg_result_json(const rg_result *r, rg_buf *out)
{
    rg_jsonw w;
    rg_jsonw_init(&w, out);
    rg_result_json_write(r, &w);
    rg_buf_putc(out, '\n');
}

void rg_result_subgraph(const rg_result *r, rg_buf *out)
{
    const rg_graph *g = r->g;
    unsigned char *in = calloc(g->nnodes ? g->nnodes : 1, 1);
    if (in == NULL) {
        rg_buf_puts(out, "{}\n");
        return;
    }
    if (r->nodes) {
        for (size_t i = 0; i < r->nnodes; i++)
            in[r->nodes[i]] = 1;
    } else if (r->ntables) {
        const rg_table *t = &r->tables[0];
        int c = rg_table_col(t, "id");
        rg_cell tmp[RG_SOURCE_COLS];
        for (size_t i = 0; c >= 0 && i < t->nrows; i++) {
            const rg_cell *cell = &row_at(t, i, tmp)[c];
            int64_t v;
            if (cell->type == RG_CELL_TEXT && (v = rg_graph_find_id(g, cell->u.s)) >= 0)
                in[v] = 1;
        }
    }
    rg_jsonw w;
    rg_jsonw_init(&w, out);
    rg_jsonw_object(&w);
    rg_jsonw_key(&w, "graph");
    rg_jsonw_string(&w, rg_graph_shown(g));
    rg_jsonw_key(&w, "nodes");
    rg_jsonw_array(&w);
    for (size_t v = 0; v < g->nnodes; v++)
        if (in[v])
            rg_jsonw_string(&w, g->nodes[v].id);
    rg_jsonw_end(&w);
    rg_jsonw_key(&w, "edges");
    rg_jsonw_array(&w);
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        if (!in[ed->from] || !in[ed->to])
            continue;
        rg_jsonw_object(&w);
        rg_jsonw_key(&w, "from");
        rg_jsonw_string(&w, g->nodes[ed->from].id);
        rg_jsonw_key(&w, "to");
        rg_jsonw_string(&w, g->nodes[ed->to].id);
        rg_jsonw_key(&w, "kind");
        rg_jsonw_string(&w, g->schema->edge_kinds[ed->kind].base.name);
        rg_jsonw_end(&w);
    }
    rg_jsonw_end(&w);
    rg_jsonw_end(&w);
    rg_buf_putc(out, '\n');
    free(in);
}

/* rg_error.c: the error struct and the diagnostics list. */
#include "rg_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rg_status rg_error_set(rg_error *err, rg_status code, const char *file, int line, int column,
                       const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return code;
}

const char *rg_status_string(rg_status code)
{
    switch (code) {
    case RG_OK: return "success";
    case RG_ENOMEM: return "out of memory";
    case RG_EIO: return "input/output error";
    case RG_ESYNTAX: return "syntax error";
    case RG_EINVALID: return "invalid input";
    case RG_ENOTFOUND: return "not found";
    case RG_EAMBIGUOUS: return "ambiguous name";
    case RG_ELIMIT: return "limit reached";
    case RG_EIGRAPH: return "graph library error";
    case RG_EUSAGE: return "usage error";
    }
    return "unknown error";
}

void rg_diags_init(rg_diags *d, size_t limit)
{
    memset(d, 0, sizeof *d);
    d->limit = limit ? limit : 50;
}

void rg_diags_destroy(rg_diags *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->count; i++)
        free(d->items[i].text);
    free(d->items);
    for (size_t i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    free(d->files);
    memset(d, 0, sizeof *d);
}

static const char *intern_file(rg_diags *d, const char *file)
{
    if (file == NULL)
        file = "";
    for (size_t i = 0; i < d->nfiles; i++)
        if (strcmp(d->files[i], file) == 0)
            return d->files[i];
    char **nf = realloc(d->files, (d->nfiles + 1) * sizeof *nf);
    if (nf == NULL)
        return NULL;
    d->files = nf;
    char *copy = strdup(file);
    if (copy == NULL)
        return NULL;
    d->files[d->nfiles++] = copy;
    return copy;
}

void rg_diags_add(rg_diags *d, const char *file, int line, int column, const char *fmt, ...)
{
    if (d->count >= d->limit) {
        d->truncated = 1;
        return;
    }
    if (d->count == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 16;
        rg_diag *n = realloc(d->items, ncap * sizeof *n);
        if (n == NULL) {
            d->oom = 1;
            return;
        }
        d->items = n;
        d->cap = ncap;
    }
    char buf[RG_ERROR_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const char *f = intern_file(d, file);
    char *text = strdup(buf);
    if (f == NULL || text == NULL) {
        free(text);
        d->oom = 1;
        return;
    }
    rg_diag *g = &d->items[d->count];
    g->file = f;
    g->line = line;
    g->column = column;
    g->text = text;
    g->seq = d->count;
    d->count++;
}

static int diag_cmp(const void *a, const void *b)
{
    const rg_diag *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

void rg_diags_sort(rg_diags *d)
{
    if (d->count > 1)
        qsort(d->items, d->count, sizeof *d->items, diag_cmp);
}

rg_status rg_diags_to_error(const rg_diags *d, rg_status code, rg_error *err)
{
    if (d->count == 0)
        return rg_error_set(err, code, NULL, 0, 0, "%s", rg_status_string(code));
    const rg_diag *g = &d->items[0];
    if (d->count == 1)
        return rg_error_set(err, code, g->file, g->line, g->column, "%s", g->text);
    return rg_error_set(err, code, g->file, g->line, g->column, "%s (and %zu more error%s)",
                        g->text, d->count - 1 + (size_t)d->truncated,
                        d->count - 1 + (size_t)d->truncated == 1 ? "" : "s");
}

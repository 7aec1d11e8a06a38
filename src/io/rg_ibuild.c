/* rg_ibuild.c: a catalogue built from imported rows, checked at every step
 * against its schema, with faults placed at the row they came from (see
 * rg_ibuild.h). */
#include "rg_ibuild.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/rg_jsonw.h"
#include "../core/rg_near.h"
#include "../load/rg_load.h"

char *ib_strdup(ib_doc *doc, const char *s)
{
    char *r = rg_arena_strdup(&doc->arena, s ? s : "");
    if (r == NULL)
        doc->oom = 1;
    return r;
}

char *ib_printf(ib_doc *doc, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ib_strdup(doc, buf);
}

void ib_diag(ib_doc *doc, int row, int col, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rg_diags_add(doc->d, doc->file, row, col, "%s", msg);
}

void ib_fold(const char *s, rg_buf *out)
{
    int space = 0;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space)
            rg_buf_putc(out, ' ');
        space = 0;
        rg_buf_putc(out, (char)tolower((unsigned char)*s));
    }
}

/* The folder of PATH ("." when none) into BUF. */
static void dir_of(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(buf, n, ".");
    else if (slash == path)
        snprintf(buf, n, "/");
    else
        snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

rg_status ib_open(ib_doc *doc, const rg_import_opts *o, const char *file, rg_diags *d,
                  rg_error *err)
{
    memset(doc, 0, sizeof *doc);
    rg_arena_init(&doc->arena);
    rg_strmap_init(&doc->ids);
    rg_strmap_init(&doc->names);
    doc->file = file;
    doc->d = d;
    doc->d0 = d->count;
    doc->row_word = "row";
    doc->source_kind = -1;
    size_t len;
    rg_status st =
        rg_read_file_max(o->schema_path, RG_READ_MAX_SCHEMA, &doc->schema_text, &len, err);
    if (st != RG_OK)
        return st;
    /* The schema is read as a catalogue naming it would read it, so its
     * faults come out exactly as `relgraph check` words them. */
    char dir[4096];
    dir_of(o->schema_path, dir, sizeof dir);
    const char *base =
        strrchr(o->schema_path, '/') ? strrchr(o->schema_path, '/') + 1 : o->schema_path;
    rg_buf stub;
    rg_buf_init(&stub);
    rg_buf_puts(&stub, "{\"relgraph\": 1, \"schema\": ");
    rg_json_quote(&stub, base);
    rg_buf_puts(&stub, ", \"nodes\": [], \"edges\": []}");
    st = stub.oom ? RG_ENOMEM
                  : rg_load_buffer(o->schema_path, stub.data, stub.len, dir, &doc->sg, d, err);
    rg_buf_destroy(&stub);
    if (st != RG_OK)
        return st;
    doc->s = doc->sg->schema;
    for (size_t k = 0; k < doc->s->n_node_kinds && doc->source_kind < 0; k++)
        if (doc->s->exempt && rg_bit_get(doc->s->exempt, k))
            doc->source_kind = (int)k;
    /* the schema as embedded: without a byte-order mark or trailing space */
    char *t = doc->schema_text;
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
        memmove(t, t + 3, (len -= 3) + 1);
    while (len && isspace((unsigned char)t[len - 1]))
        t[--len] = '\0';
    return RG_OK;
}

rg_status ib_open_text(ib_doc *doc, const char *schema, const char *file, rg_diags *d,
                       rg_error *err)
{
    memset(doc, 0, sizeof *doc);
    rg_arena_init(&doc->arena);
    rg_strmap_init(&doc->ids);
    rg_strmap_init(&doc->names);
    doc->file = file;
    doc->d = d;
    doc->d0 = d->count;
    doc->row_word = "row";
    doc->source_kind = -1;
    if ((doc->schema_text = strdup(schema)) == NULL)
        return rg_error_set(err, RG_ENOMEM, file, 0, 0, "out of memory");
    rg_buf stub;
    rg_buf_init(&stub);
    rg_buf_printf(&stub, "{\"relgraph\": 1, \"schema\": %s, \"nodes\": [], \"edges\": []}", schema);
    rg_status st = stub.oom
                       ? RG_ENOMEM
                       : rg_load_buffer("(schema)", stub.data, stub.len, ".", &doc->sg, d, err);
    rg_buf_destroy(&stub);
    if (st != RG_OK)
        return st;
    doc->s = doc->sg->schema;
    for (size_t k = 0; k < doc->s->n_node_kinds && doc->source_kind < 0; k++)
        if (doc->s->exempt && rg_bit_get(doc->s->exempt, k))
            doc->source_kind = (int)k;
    return RG_OK;
}

static void elem_free(ib_elem *e)
{
    free(e->aliases);
    free(e->attrs);
    free(e->cites);
}

void ib_close(ib_doc *doc)
{
    for (size_t i = 0; i < doc->nnodes; i++)
        elem_free(doc->nodes[i]), free(doc->nodes[i]);
    for (size_t i = 0; i < doc->nedges; i++)
        elem_free(doc->edges[i]), free(doc->edges[i]);
    free(doc->nodes);
    free(doc->edges);
    rg_graph_free(doc->sg);
    free(doc->schema_text);
    rg_strmap_destroy(&doc->ids);
    rg_strmap_destroy(&doc->names);
    rg_arena_destroy(&doc->arena);
}

int ib_kind(ib_doc *doc, const char *name, int nodes, int row, int col)
{
    int k = nodes ? rg_schema_node_kind(doc->s, name) : rg_schema_edge_kind(doc->s, name);
    if (k >= 0)
        return k;
    const char *names[256];
    size_t n = nodes ? doc->s->n_node_kinds : doc->s->n_edge_kinds;
    for (size_t i = 0; i < n && i < 256; i++)
        names[i] = nodes ? doc->s->node_kinds[i].name : doc->s->edge_kinds[i].base.name;
    const char *near = rg_nearest(name, names, n < 256 ? n : 256);
    rg_buf b;
    rg_buf_init(&b);
    rg_schema_kind_list(doc->s, nodes, &b);
    ib_diag(doc, row, col, "'%s' is not a%s %s kind of the schema%s%s%s (it has: %s)", name,
            nodes ? "" : "n", nodes ? "node" : "edge", near ? "; did you mean '" : "",
            near ? near : "", near ? "'?" : "", rg_buf_str(&b));
    rg_buf_destroy(&b);
    return -1;
}

const char *ib_make_id(ib_doc *doc, const char *text, size_t max)
{
    char base[128];
    size_t n = 0, cut = 0;
    int dash = 0;
    if (max > 100)
        max = 100;
    for (const unsigned char *p = (const unsigned char *)text; *p && n < max; p++) {
        if (isalnum(*p)) {
            if (dash && n) {
                cut = n; /* a word ends here: cut here rather than mid-word */
                base[n++] = '-';
            }
            dash = 0;
            base[n++] = (char)tolower(*p);
        } else {
            dash = 1;
        }
    }
    if (n >= max && cut)
        n = cut;
    while (n && base[n - 1] == '-')
        n--;
    base[n] = '\0';
    if (n == 0)
        snprintf(base, sizeof base, "node");
    char id[160];
    snprintf(id, sizeof id, "%s", base);
    for (int i = 2; rg_strmap_get(&doc->ids, id, NULL); i++)
        snprintf(id, sizeof id, "%s-%d", base, i);
    return ib_strdup(doc, id);
}

static int valid_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!(isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-' || s[n] == '.'))
            return 0;
    return n > 0 && n <= 128;
}

/* Appends to a growable array of T at *ARR with *N used and *CAP room. */
static void *grow(void *arr, size_t *cap, size_t n, size_t size, int *oom)
{
    if (n < *cap)
        return arr;
    size_t c = *cap ? *cap * 2 : 8;
    void *r = realloc(arr, c * size);
    if (r == NULL) {
        *oom = 1;
        return NULL;
    }
    *cap = c;
    return r;
}

ib_elem *ib_node(ib_doc *doc, const char *id, int kind, const char *name, int row, int col)
{
    if (!valid_id(id)) {
        ib_diag(doc, row, col,
                "'%s' is not an id: 1 to 128 letters, digits, '_', '-' or '.'; rename it", id);
        return NULL;
    }
    int64_t at;
    if (rg_strmap_get(&doc->ids, id, &at)) {
        ib_diag(doc, row, col, "the id '%s' is used twice (first on %s %d); give each node its own",
                id, doc->row_word, doc->nodes[at]->row);
        return NULL;
    }
    ib_elem **arr = grow(doc->nodes, &doc->capnodes, doc->nnodes, sizeof *arr, &doc->oom);
    if (arr == NULL)
        return NULL;
    doc->nodes = arr;
    ib_elem *e = calloc(1, sizeof *e);
    if (e == NULL) {
        doc->oom = 1;
        return NULL;
    }
    doc->nodes[doc->nnodes] = e;
    e->id = ib_strdup(doc, id);
    e->name = ib_strdup(doc, name);
    e->kind = kind;
    e->file = doc->file;
    e->row = row;
    e->col = col;
    doc->nnodes++; /* owned by DOC from here on */
    if (e->id == NULL || rg_strmap_put(&doc->ids, e->id, (int64_t)doc->nnodes - 1) != 0) {
        doc->oom = 1;
        return NULL;
    }
    return e;
}

ib_elem *ib_edge(ib_doc *doc, const char *from, const char *to, int kind, int row, int col)
{
    ib_elem **arr = grow(doc->edges, &doc->capedges, doc->nedges, sizeof *arr, &doc->oom);
    if (arr == NULL)
        return NULL;
    doc->edges = arr;
    ib_elem *e = calloc(1, sizeof *e);
    if (e == NULL) {
        doc->oom = 1;
        return NULL;
    }
    doc->edges[doc->nedges++] = e;
    e->from = ib_strdup(doc, from);
    e->to = ib_strdup(doc, to);
    e->kind = kind;
    e->file = doc->file;
    e->row = row;
    e->col = col;
    return e;
}

ib_elem *ib_find(ib_doc *doc, const char *id)
{
    int64_t at;
    return rg_strmap_get(&doc->ids, id, &at) ? doc->nodes[at] : NULL;
}

void ib_alias(ib_doc *doc, ib_elem *e, const char *alias)
{
    for (size_t i = 0; i < e->naliases; i++)
        if (strcmp(e->aliases[i], alias) == 0)
            return;
    const char **a = grow(e->aliases, &e->capaliases, e->naliases, sizeof *a, &doc->oom);
    if (a == NULL)
        return;
    e->aliases = a;
    e->aliases[e->naliases++] = ib_strdup(doc, alias);
}

static const rg_kind *kind_of(const ib_doc *doc, const ib_elem *e, int node)
{
    return node ? &doc->s->node_kinds[e->kind] : &doc->s->edge_kinds[e->kind].base;
}

int ib_has_attr(const ib_doc *doc, const ib_elem *e, int node, const char *name)
{
    return name && rg_kind_attr(kind_of(doc, e, node), name) >= 0;
}

void ib_set_json(ib_doc *doc, ib_elem *e, const char *name, const char *json)
{
    for (size_t i = 0; i < e->nattrs; i++)
        if (strcmp(e->attrs[i].name, name) == 0) {
            e->attrs[i].json = ib_strdup(doc, json);
            return;
        }
    ib_attr *a = grow(e->attrs, &e->capattrs, e->nattrs, sizeof *a, &doc->oom);
    if (a == NULL)
        return;
    e->attrs = a;
    e->attrs[e->nattrs++] = (ib_attr){ib_strdup(doc, name), ib_strdup(doc, json)};
}

/* TEXT as a value of DEF, in JSON, into OUT; 0, or -1 with WHY filled. */
static int typed(const rg_attr_def *def, const char *text, rg_buf *out, char *why, size_t n)
{
    rg_date dt;
    switch (def->type) {
    case RG_T_DATE:
        if (rg_date_parse(text, &dt) != 0) {
            snprintf(why, n, "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
            return -1;
        }
        rg_json_quote(out, text);
        return 0;
    case RG_T_BOOL:
        if (!strcasecmp(text, "true") || !strcasecmp(text, "yes") || !strcmp(text, "1"))
            rg_buf_puts(out, "true");
        else if (!strcasecmp(text, "false") || !strcasecmp(text, "no") || !strcmp(text, "0"))
            rg_buf_puts(out, "false");
        else {
            snprintf(why, n, "is not true or false (yes/no, 1/0 are read too)");
            return -1;
        }
        return 0;
    case RG_T_NUMBER: {
        char *end;
        double v = strtod(text, &end);
        if (end == text || *end || !isfinite(v) || fabs(v) > 9007199254740992.0) {
            snprintf(why, n, "is not a number between -2^53 and 2^53");
            return -1;
        }
        rg_jsonw w;
        rg_jsonw_init(&w, out);
        rg_jsonw_number(&w, v);
        return 0;
    }
    case RG_T_LIST: {
        rg_buf_putc(out, '[');
        int first = 1;
        for (const char *p = text; *p;) {
            const char *semi = strchr(p, ';');
            size_t len = semi ? (size_t)(semi - p) : strlen(p);
            while (len && isspace((unsigned char)*p))
                p++, len--;
            while (len && isspace((unsigned char)p[len - 1]))
                len--;
            if (len) {
                char *item = strndup(p, len);
                if (item == NULL)
                    out->oom = 1;
                else {
                    rg_buf_puts(out, first ? "" : ", ");
                    rg_json_quote(out, item);
                    free(item);
                }
                first = 0;
            }
            p = semi ? semi + 1 : p + strlen(p);
        }
        rg_buf_putc(out, ']');
        return 0;
    }
    default:
        for (size_t i = 0; def->values && i < def->nvalues; i++)
            if (strcasecmp(def->values[i], text) == 0) {
                rg_json_quote(out, def->values[i]); /* the schema's spelling */
                return 0;
            }
        if (def->values) {
            const char *near = rg_nearest(text, def->values, def->nvalues);
            snprintf(why, n, "is not one of the values the schema allows%s%s%s",
                     near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
            return -1;
        }
        rg_json_quote(out, text);
        return 0;
    }
}

int ib_set(ib_doc *doc, ib_elem *e, int node, const char *name, const char *text, int row, int col)
{
    const rg_kind *k = kind_of(doc, e, node);
    int a = rg_kind_attr(k, name);
    if (a < 0) {
        const char *names[256];
        size_t n = k->nattrs < 256 ? k->nattrs : 256;
        for (size_t i = 0; i < n; i++)
            names[i] = k->attrs[i].name;
        const char *near = rg_nearest(name, names, n);
        ib_diag(doc, row, col,
                "'%s' is not an attribute of %s%s%s%s; rename the column or leave it empty here",
                name, k->name, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        return -1;
    }
    rg_buf v;
    rg_buf_init(&v);
    char why[256];
    int rc = typed(&k->attrs[a], text, &v, why, sizeof why);
    if (rc != 0)
        ib_diag(doc, row, col, "%s '%s': '%s' %s", k->name, name, text, why);
    else if (v.oom)
        doc->oom = 1;
    else
        ib_set_json(doc, e, name, rg_buf_str(&v));
    rg_buf_destroy(&v);
    return rc;
}

void ib_cite_json(ib_doc *doc, ib_elem *e, const char *json)
{
    const char **c = grow(e->cites, &e->capcites, e->ncites, sizeof *c, &doc->oom);
    if (c == NULL)
        return;
    e->cites = c;
    e->cites[e->ncites++] = ib_strdup(doc, json);
}

void ib_cite(ib_doc *doc, ib_elem *e, const char *at, const char *quote)
{
    if (doc->source_id == NULL)
        return;
    rg_buf b;
    rg_buf_init(&b);
    rg_buf_puts(&b, "{\"source\": ");
    rg_json_quote(&b, doc->source_id);
    rg_buf_puts(&b, ", \"at\": ");
    rg_json_quote(&b, at);
    if (quote && quote[0]) {
        rg_buf_puts(&b, ", \"quote\": ");
        rg_json_quote(&b, quote);
    }
    rg_buf_putc(&b, '}');
    if (b.oom)
        doc->oom = 1;
    else
        ib_cite_json(doc, e, b.data);
    rg_buf_destroy(&b);
}

void ib_source(ib_doc *doc, const char *name)
{
    if (doc->source_kind < 0)
        return; /* the schema has no kind to cite */
    const char *base = strrchr(doc->file, '/') ? strrchr(doc->file, '/') + 1 : doc->file;
    char text[600];
    snprintf(text, sizeof text, "src %s", base);
    const char *id = ib_make_id(doc, text, 64);
    ib_elem *e = id ? ib_node(doc, id, doc->source_kind, name, 0, 0) : NULL;
    if (e == NULL)
        return;
    const char *fa = doc->s->roles[RG_ROLE_SOURCE_FILE_ATTR];
    if (fa && ib_has_attr(doc, e, 1, fa))
        ib_set(doc, e, 1, fa, base, 0, 0);
    doc->source_id = e->id;
}

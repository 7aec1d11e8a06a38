/* rg_fmt.c: the canonical layout of a catalogue (see rg_fmt.h).
 *
 * jansson checks the text (it is the judge of what is JSON here, as for the
 * loader), but its tree cannot give numbers back as written, so the text is
 * read a second time by the strict cursor of rg_jpos.c into a small tree of
 * its own: strings decoded, numbers and words kept as their bytes. */
#include "rg_fmt.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_arena.h"
#include "../core/rg_sort.h"
#include "rg_jpos.h"

typedef struct jv {
    char t;            /* 'o' object, 'a' array, 's' string, 'r' number or word */
    const char *s;     /* decoded string, or the raw text */
    size_t n;          /* members or elements */
    const char **keys; /* an object's keys, decoded */
    struct jv **kids;  /* members' values or elements */
} jv;

typedef struct fctx {
    rg_arena a;
    const rg_schema *s;
    rg_buf *out;
    int oom;
} fctx;

/* ---- reading ------------------------------------------------------------- */

static const char *string_at(fctx *f, rg_jcur *c)
{
    char *s = rg_jcur_string(c);
    char *kept = s ? rg_arena_strdup(&f->a, s) : NULL;
    free(s);
    if (kept == NULL)
        f->oom = 1;
    return kept;
}

/* Reads the value at the cursor (text jansson accepted). NULL when out of memory. */
static jv *read_value(fctx *f, rg_jcur *c)
{
    rg_jcur_ws(c);
    jv *v = rg_arena_alloc(&f->a, sizeof *v);
    if (v == NULL || c->i >= c->len) {
        f->oom = 1;
        return NULL;
    }
    char ch = c->s[c->i];
    if (ch == '"') {
        v->t = 's';
        v->s = string_at(f, c);
        return v->s ? v : NULL;
    }
    if (ch != '{' && ch != '[') {
        size_t start = c->i;
        while (c->i < c->len && strchr("+-.0123456789eEtruefalsn", c->s[c->i]))
            c->i++, c->column++;
        v->t = 'r';
        v->s = rg_arena_strndup(&f->a, c->s + start, c->i - start);
        return v->s ? v : NULL;
    }
    v->t = ch == '{' ? 'o' : 'a';
    char close = ch == '{' ? '}' : ']';
    c->i++, c->column++;
    size_t cap = 0;
    for (;;) {
        rg_jcur_ws(c);
        if (c->s[c->i] == close) {
            c->i++, c->column++;
            return v;
        }
        if (c->s[c->i] == ',') {
            c->i++, c->column++;
            rg_jcur_ws(c);
        }
        if (v->n == cap) {
            cap = cap ? 2 * cap : 8;
            jv **k = rg_arena_alloc(&f->a, cap * sizeof *k);
            const char **keys = rg_arena_alloc(&f->a, cap * sizeof *keys);
            if (k == NULL || keys == NULL) {
                f->oom = 1;
                return NULL;
            }
            if (v->n) {
                memcpy(k, v->kids, v->n * sizeof *k);
                memcpy(keys, v->keys, v->n * sizeof *keys);
            }
            v->kids = k;
            v->keys = keys;
        }
        if (v->t == 'o') {
            if ((v->keys[v->n] = string_at(f, c)) == NULL)
                return NULL;
            rg_jcur_ws(c);
            c->i++, c->column++; /* ':' */
        }
        if ((v->kids[v->n] = read_value(f, c)) == NULL)
            return NULL;
        v->n++;
    }
}

/* ---- writing ------------------------------------------------------------- */

static void put_string(rg_buf *b, const char *s)
{
    rg_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': rg_buf_puts(b, "\\\""); break;
        case '\\': rg_buf_puts(b, "\\\\"); break;
        case '\n': rg_buf_puts(b, "\\n"); break;
        case '\r': rg_buf_puts(b, "\\r"); break;
        case '\t': rg_buf_puts(b, "\\t"); break;
        case '\b': rg_buf_puts(b, "\\b"); break;
        case '\f': rg_buf_puts(b, "\\f"); break;
        default:
            if (*p < 0x20)
                rg_buf_printf(b, "\\u%04x", *p);
            else
                rg_buf_putc(b, (char)*p);
        }
    }
    rg_buf_putc(b, '"');
}

/* What an object is, for the order of its keys. */
enum { C_OTHER, C_TOP, C_NODE, C_EDGE, C_CITE, C_DISPUTE };

static const char *const lead[][6] = {
    [C_OTHER] = {NULL},
    [C_TOP] = {"relgraph", "title", "schema", "nodes", "edges", NULL},
    [C_NODE] = {"id", "kind", "name", NULL},
    [C_EDGE] = {"from", "to", "kind", NULL},
    [C_CITE] = {"source", "at", "quote", NULL},
    [C_DISPUTE] = {"attribute", "value", "note", "cite", NULL},
};

typedef struct okey {
    int group; /* see key_place */
    int rank;  /* within the group */
    const char *key;
    size_t index;
} okey;

static int okey_cmp(const void *pa, const void *pb, void *ctx)
{
    const okey *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return strcmp(a->key, b->key);
}

/* The kind an element declares, in the schema, or NULL. */
static const rg_kind *kind_of(const fctx *f, const jv *v, int ctx)
{
    if (f->s == NULL)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], "kind") == 0 && v->kids[i]->t == 's') {
            if (ctx == C_NODE) {
                int k = rg_schema_node_kind(f->s, v->kids[i]->s);
                return k < 0 ? NULL : &f->s->node_kinds[k];
            }
            int k = rg_schema_edge_kind(f->s, v->kids[i]->s);
            return k < 0 ? NULL : &f->s->edge_kinds[k].base;
        }
    return NULL;
}

/* Where key O->KEY goes among an object's keys: leading keys (LEAD), then
 * for nodes and edges the attributes the schema marks as names, aliases,
 * the other attributes in schema order, unknown keys sorted, cite, disputes
 * (groups 0 to 6). */
static void key_place(const rg_kind *k, int ctx, okey *o)
{
    o->group = 4;
    o->rank = 0;
    if (ctx == C_OTHER) {
        o->group = 0;
        o->rank = (int)o->index; /* as written */
        return;
    }
    for (int i = 0; lead[ctx][i]; i++)
        if (strcmp(lead[ctx][i], o->key) == 0) {
            o->group = 0;
            o->rank = i;
            return;
        }
    if (ctx != C_NODE && ctx != C_EDGE)
        return;
    int a = k ? rg_kind_attr(k, o->key) : -1;
    if (strcmp(o->key, "aliases") == 0)
        o->group = 2;
    else if (strcmp(o->key, "cite") == 0)
        o->group = 5;
    else if (strcmp(o->key, "disputes") == 0)
        o->group = 6;
    else if (a >= 0) {
        o->group = k->attrs[a].is_name ? 1 : 3;
        o->rank = a;
    }
}

static void put_value(fctx *f, const jv *v, int ctx);

/* An object on one line, its keys in their places. */
static void put_object(fctx *f, const jv *v, int ctx)
{
    if (v->n == 0) {
        rg_buf_puts(f->out, "{}");
        return;
    }
    okey *o = malloc(v->n * sizeof *o);
    if (o == NULL) {
        f->oom = 1;
        return;
    }
    const rg_kind *k = ctx == C_NODE || ctx == C_EDGE ? kind_of(f, v, ctx) : NULL;
    for (size_t i = 0; i < v->n; i++) {
        o[i].key = v->keys[i];
        o[i].index = i;
        key_place(k, ctx, &o[i]);
    }
    if (rg_sort(o, v->n, sizeof *o, okey_cmp, NULL) != 0)
        f->oom = 1;
    rg_buf_putc(f->out, '{');
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            rg_buf_puts(f->out, ", ");
        put_string(f->out, o[i].key);
        rg_buf_puts(f->out, ": ");
        const char *key = o[i].key;
        int sub = C_OTHER;
        if ((ctx == C_NODE || ctx == C_EDGE || ctx == C_DISPUTE) && strcmp(key, "cite") == 0)
            sub = C_CITE;
        else if ((ctx == C_NODE || ctx == C_EDGE) && strcmp(key, "disputes") == 0)
            sub = C_DISPUTE;
        put_value(f, v->kids[o[i].index], sub);
    }
    rg_buf_putc(f->out, '}');
    free(o);
}

/* A value on one line; CTX: what the elements of an array are. */
static void put_value(fctx *f, const jv *v, int ctx)
{
    switch (v->t) {
    case 's': put_string(f->out, v->s); break;
    case 'r': rg_buf_puts(f->out, v->s); break;
    case 'o': put_object(f, v, ctx); break;
    default:
        rg_buf_putc(f->out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                rg_buf_puts(f->out, ", ");
            put_value(f, v->kids[i], ctx);
        }
        rg_buf_putc(f->out, ']');
    }
}

/* The top level: one member a line, each node and edge a line. */
static void put_top(fctx *f, const jv *v)
{
    if (v->t != 'o' || v->n == 0) {
        put_value(f, v, C_OTHER);
        rg_buf_putc(f->out, '\n');
        return;
    }
    okey *o = malloc(v->n * sizeof *o);
    if (o == NULL) {
        f->oom = 1;
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        o[i].key = v->keys[i];
        o[i].index = i;
        key_place(NULL, C_TOP, &o[i]);
    }
    if (rg_sort(o, v->n, sizeof *o, okey_cmp, NULL) != 0)
        f->oom = 1;
    rg_buf_puts(f->out, "{\n");
    for (size_t i = 0; i < v->n; i++) {
        const jv *m = v->kids[o[i].index];
        int elems = strcmp(o[i].key, "nodes") == 0   ? C_NODE
                    : strcmp(o[i].key, "edges") == 0 ? C_EDGE
                                                     : -1;
        rg_buf_puts(f->out, "  ");
        put_string(f->out, o[i].key);
        rg_buf_puts(f->out, ": ");
        if (elems >= 0 && m->t == 'a' && m->n) {
            rg_buf_puts(f->out, "[\n");
            for (size_t j = 0; j < m->n; j++) {
                rg_buf_puts(f->out, "    ");
                put_value(f, m->kids[j], m->kids[j]->t == 'o' ? elems : C_OTHER);
                rg_buf_puts(f->out, j + 1 < m->n ? ",\n" : "\n");
            }
            rg_buf_puts(f->out, "  ]");
        } else {
            put_value(f, m, C_OTHER);
        }
        rg_buf_puts(f->out, i + 1 < v->n ? ",\n" : "\n");
    }
    rg_buf_puts(f->out, "}\n");
    free(o);
}

rg_status rg_fmt(const char *name, const char *text, size_t len, const rg_schema *s, rg_buf *out,
                 rg_error *err)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (root == NULL && (json_error_code(&je) == json_error_out_of_memory || !je.text[0]))
        return rg_error_set(err, RG_ENOMEM, name, 0, 0, "out of memory"); /* see rg_load.c */
    if (root == NULL)
        return rg_error_set(err, RG_ESYNTAX, name, je.line > 0 ? je.line : 1,
                            je.column > 0 ? je.column : 1, "%s", je.text);
    /* jansson overlooks a NUL byte right after a number or a word; the
     * cursor does not, and the reader below relies on it */
    rg_jcur c;
    rg_jcur_init(&c, text, len);
    int ok = rg_jcur_skip(&c, 1) == 0;
    rg_jcur_ws(&c);
    if (!ok || c.i != len) {
        json_decref(root);
        return rg_error_set(err, RG_ESYNTAX, name, c.line, c.column,
                            "malformed JSON (a NUL byte or stray text)");
    }
    fctx f;
    memset(&f, 0, sizeof f);
    rg_arena_init(&f.a);
    f.s = s;
    f.out = out;
    size_t start = out->len;
    rg_jcur_init(&c, text, len);
    jv *v = read_value(&f, &c);
    if (v)
        put_top(&f, v);
    rg_arena_destroy(&f.a);
    if (v == NULL || f.oom || out->oom) {
        json_decref(root);
        return rg_error_set(err, RG_ENOMEM, name, 0, 0, "out of memory formatting '%s'", name);
    }
    /* Only the layout may change: the new text must read as the same JSON
     * (a safety net: a file rewritten in place has no other copy). */
    json_t *again = json_loadb(out->data + start, out->len - start,
                               JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    int same = again && json_equal(root, again);
    json_decref(again);
    json_decref(root);
    if (!same)
        return rg_error_set(err, RG_EINVALID, name, 0, 0,
                            "the canonical form of '%s' does not read back as the same JSON; "
                            "the file is left as it is (please report this)",
                            name);
    return RG_OK;
}

/* rg_import_dot.c: a Graphviz diagram (read by libcgraph) as a catalogue.
 *
 * Two kinds of diagram come in.  One written by `relgraph export dot` keeps
 * every fact in data attributes (rg_id, rg_kind, rg_name, rg_aliases,
 * rg_cite, rg_a_ATTR): with --schema naming the catalogue's schema it comes
 * back as the catalogue it was.  Any other diagram (an old review's) comes
 * in under the minimal schema (docs/import-export.md), embedded in the
 * catalogue: a node is its DOT name, its label (the name shown), and the
 * label of the cluster it was drawn in; an edge is a "link" with its
 * label.  Each element cites the line of the file where its name (or its
 * edge statement) first appears: libcgraph keeps no positions, so the file
 * is scanned once for them. */
#include <ctype.h>
#include <graphviz/cgraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_jsonw.h"
#include "../load/rg_load.h"
#include "rg_ibuild.h"
#include "rg_io.h"
#include "rg_iocommon.h"

/* ---- where things are: a scan of the DOT text ---- */

typedef struct places {
    rg_strmap first; /* token -> line of its first appearance */
    rg_strmap pairs; /* "tail\x01head" -> index into lines (a chain of lines) */
    int *line, *next;
    size_t n, cap;
    rg_arena arena;
} places;

/* The next token of DOT text at *P (an identifier, number or quoted string,
 * unquoted; or an operator "->", "--"); NULL at the end.  Comments and HTML
 * strings are skipped.  *LINE follows newlines. */
static const char *token(const char **pp, int *line, rg_arena *a)
{
    const char *p = *pp;
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            *line += *p++ == '\n';
        if (p[0] == '/' && p[1] == '/') {
            p += strcspn(p, "\n");
        } else if (p[0] == '#' && (p == *pp || p[-1] == '\n')) {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            for (const char *q = p; q < (e ? e : p + strlen(p)); q++)
                *line += *q == '\n';
            p = e ? e + 2 : p + strlen(p);
        } else if (*p == '<') { /* an HTML string: balanced brackets */
            int depth = 0;
            do {
                depth += *p == '<' ? 1 : *p == '>' ? -1 : 0;
                *line += *p == '\n';
                p++;
            } while (*p && depth > 0);
        } else {
            break;
        }
    }
    if (*p == '\0') {
        *pp = p;
        return NULL;
    }
    const char *start = p;
    char *tok = NULL;
    if (*p == '"') {
        rg_buf b;
        rg_buf_init(&b);
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && p[1] == '"')
                p++;
            *line += *p == '\n';
            rg_buf_putc(&b, *p);
        }
        p += *p == '"';
        tok = rg_arena_strdup(a, rg_buf_str(&b));
        rg_buf_destroy(&b);
    } else if ((p[0] == '-' && (p[1] == '>' || p[1] == '-'))) {
        p += 2;
        tok = rg_arena_strndup(a, start, 2);
    } else if (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || (unsigned char)*p >= 0x80 ||
               *p == '-') {
        while (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || (unsigned char)*p >= 0x80 ||
               (*p == '-' && p[1] != '>' && p[1] != '-'))
            p++;
        tok = rg_arena_strndup(a, start, (size_t)(p - start));
    } else {
        p++;
        tok = rg_arena_strndup(a, start, 1);
    }
    *pp = p;
    return tok;
}

static void add_pair(places *pl, const char *t, const char *h, int line)
{
    char key[1024];
    snprintf(key, sizeof key, "%s\x01%s", t, h);
    if (pl->n == pl->cap) {
        size_t cap = pl->cap ? pl->cap * 2 : 64;
        int *l = realloc(pl->line, cap * sizeof *l), *nx = realloc(pl->next, cap * sizeof *nx);
        if (l)
            pl->line = l;
        if (nx)
            pl->next = nx;
        if (l == NULL || nx == NULL)
            return;
        pl->cap = cap;
    }
    pl->line[pl->n] = line;
    pl->next[pl->n] = -1;
    int64_t head;
    if (rg_strmap_get(&pl->pairs, key, &head)) {
        while (pl->next[head] >= 0)
            head = pl->next[head];
        pl->next[head] = (int)pl->n;
    } else {
        const char *k = rg_arena_strdup(&pl->arena, key);
        if (k)
            rg_strmap_put(&pl->pairs, k, (int64_t)pl->n);
    }
    pl->n++;
}

static void scan(places *pl, const char *text)
{
    memset(pl, 0, sizeof *pl);
    rg_strmap_init(&pl->first);
    rg_strmap_init(&pl->pairs);
    rg_arena_init(&pl->arena);
    const char *p = text, *prev = NULL, *op = NULL;
    int line = 1;
    for (const char *t; (t = token(&p, &line, &pl->arena)) != NULL;) {
        if (strcmp(t, "->") == 0 || strcmp(t, "--") == 0) {
            op = t;
            continue;
        }
        if (!rg_strmap_get(&pl->first, t, NULL))
            rg_strmap_put(&pl->first, t, line);
        if (op && prev)
            add_pair(pl, prev, t, line);
        op = NULL;
        prev = t;
    }
}

static void places_free(places *pl)
{
    rg_strmap_destroy(&pl->first);
    rg_strmap_destroy(&pl->pairs);
    rg_arena_destroy(&pl->arena);
    free(pl->line);
    free(pl->next);
}

/* The line of the K-th statement T -> H (0: none known). */
static int edge_line(const places *pl, const char *t, const char *h, int k)
{
    char key[1024];
    snprintf(key, sizeof key, "%s\x01%s", t, h);
    int64_t i;
    if (!rg_strmap_get(&pl->pairs, key, &i))
        return 0;
    int last = pl->line[i];
    while (k-- > 0 && pl->next[i] >= 0) {
        i = pl->next[i];
        last = pl->line[i];
    }
    return last;
}

static int node_line(const places *pl, const char *name)
{
    int64_t l;
    return rg_strmap_get(&pl->first, name, &l) ? (int)l : 0;
}

/* ---- the graph ---- */

/* An attribute's value as text: an HTML string's entities decoded. */
static char *attr_text(ib_doc *doc, void *obj, Agsym_t *sym)
{
    char *v = agxget(obj, sym);
    if (v == NULL || v[0] == '\0')
        return NULL;
    char *s = ib_strdup(doc, v);
    if (s && aghtmlstr(v))
        rg_io_entity_decode(s);
    return s;
}

/* What a person reads in a label: an HTML label without its tags and
 * entities, an escString without \n \l \r, with \N as the node's name. */
static const char *label_text(ib_doc *doc, void *obj, const char *objname)
{
    Agsym_t *sym = agattrsym(obj, "label");
    char *v = sym ? agxget(obj, sym) : NULL;
    if (v == NULL || v[0] == '\0' || strcmp(v, "\\N") == 0)
        return NULL;
    rg_buf b;
    rg_buf_init(&b);
    if (aghtmlstr(v)) {
        for (const char *p = v; *p; p++) {
            if (*p == '<') { /* a tag: <BR/> reads as a space */
                p += strcspn(p, ">");
                rg_buf_putc(&b, ' ');
                if (*p == '\0')
                    break;
            } else {
                rg_buf_putc(&b, *p);
            }
        }
    } else {
        for (const char *p = v; *p; p++) {
            if (p[0] == '\\' && strchr("nlr", p[1]))
                rg_buf_putc(&b, ' '), p++;
            else if (p[0] == '\\' && p[1] == 'N')
                rg_buf_puts(&b, objname), p++;
            else if (p[0] == '\\' && p[1])
                rg_buf_putc(&b, *++p);
            else
                rg_buf_putc(&b, *p);
        }
    }
    char *s = ib_strdup(doc, rg_buf_str(&b));
    rg_buf_destroy(&b);
    if (s == NULL)
        return NULL;
    rg_io_entity_decode(s);
    /* runs of space as one */
    char *w = s;
    for (char *p = s; *p; p++)
        if (!(isspace((unsigned char)*p) && (w == s || w[-1] == ' ')))
            *w++ = isspace((unsigned char)*p) ? ' ' : *p;
    while (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
    return s[0] ? s : NULL;
}

typedef struct dotx {
    ib_doc *doc;
    Agraph_t *g;
    places pl;
    rg_strmap ids;     /* DOT name -> index of the node in doc */
    rg_strmap cluster; /* DOT name -> index into clusters */
    const char **clusters;
    size_t nclusters, capclusters;
    int minimal;  /* under the minimal schema */
    int exported; /* written by relgraph export dot, read under a schema */
} dotx;

/* Sets the data attributes (rg_a_*) of OBJ on E, and the citations. */
static void data_attrs(dotx *x, void *obj, int kind, ib_elem *e, int node, int line)
{
    ib_doc *doc = x->doc;
    int cited = 0;
    size_t np = strlen(RG_IO_DOT_ATTR);
    /* under the minimal schema, the data of another schema has no place */
    for (Agsym_t *s = x->minimal ? NULL : agnxtattr(x->g, kind, NULL); s;
         s = agnxtattr(x->g, kind, s)) {
        char *v = attr_text(doc, obj, s);
        if (v == NULL)
            continue;
        if (strncmp(s->name, RG_IO_DOT_ATTR, np) == 0) {
            char *name = ib_strdup(doc, s->name + np);
            if (name == NULL)
                continue;
            rg_io_percent_decode(name);
            const rg_kind *k =
                node ? &doc->s->node_kinds[e->kind] : &doc->s->edge_kinds[e->kind].base;
            int a = rg_kind_attr(k, name);
            if (a >= 0 && k->attrs[a].type == RG_T_LIST && v[0] == '[')
                ib_set_json(doc, e, name, v); /* checked by the final load */
            else
                ib_set(doc, e, node, name, v, line, 0);
        } else if (strcmp(s->name, RG_IO_DOT_KEY "cite") == 0 && strcmp(v, "[]") != 0) {
            size_t n = strlen(v);
            if (n >= 2 && v[0] == '[' && v[n - 1] == ']') {
                v[n - 1] = '\0';
                ib_cite_json(doc, e, v + 1);
                cited = 1;
            }
        } else if (strcmp(s->name, RG_IO_DOT_KEY "aliases") == 0 && node) {
            e->aliases_json = v;
        }
    }
    /* a relgraph export keeps exactly the citations it carries */
    if (!cited && !x->exported)
        ib_cite(doc, e, ib_printf(doc, "line %d", line), NULL);
}

static const char *get(dotx *x, void *obj, const char *name)
{
    Agsym_t *s = agattrsym(obj, (char *)name);
    return s ? attr_text(x->doc, obj, s) : NULL;
}

static void one_node(dotx *x, Agnode_t *n)
{
    ib_doc *doc = x->doc;
    const char *dname = agnameof(n);
    int line = node_line(&x->pl, dname);
    const char *id = get(x, n, RG_IO_DOT_KEY "id");
    if (id == NULL)
        id = ib_make_id(doc, dname, 64);
    const char *kname = x->minimal ? "node" : get(x, n, RG_IO_DOT_KEY "kind");
    if (kname == NULL)
        kname = get(x, n, "kind");
    if (kname == NULL) {
        ib_diag(doc, line, 0,
                "node '%s' has no kind (rg_kind or kind attribute), which the schema "
                "needs; import without --schema to use the minimal schema",
                dname);
        return;
    }
    int k = ib_kind(doc, kname, 1, line, 0);
    const char *name = get(x, n, RG_IO_DOT_KEY "name");
    if (name == NULL)
        name = label_text(doc, n, dname);
    ib_elem *e = k < 0 ? NULL : ib_node(doc, id, k, name ? name : dname, line, 0);
    if (e == NULL)
        return;
    const char *dn = ib_strdup(doc, dname);
    if (dn)
        rg_strmap_put(&x->ids, dn, (int64_t)doc->nnodes - 1);
    data_attrs(x, n, AGNODE, e, 1, line);
    if (x->minimal) {
        const char *v;
        if ((v = get(x, n, "tooltip")) != NULL)
            ib_set(doc, e, 1, "tooltip", v, line, 0);
        if ((v = get(x, n, "URL")) != NULL)
            ib_set(doc, e, 1, "URL", v, line, 0);
        int64_t c;
        if (rg_strmap_get(&x->cluster, dname, &c))
            ib_set(doc, e, 1, "cluster", x->clusters[c], line, 0);
    }
}

static void one_edge(dotx *x, Agedge_t *ed, rg_strmap *seen)
{
    ib_doc *doc = x->doc;
    const char *t = agnameof(agtail(ed)), *h = agnameof(aghead(ed));
    char key[1024];
    snprintf(key, sizeof key, "%s\x01%s", t, h);
    int64_t k = 0;
    rg_strmap_get(seen, key, &k);
    const char *kk = ib_strdup(doc, key);
    if (kk)
        rg_strmap_put(seen, kk, k + 1);
    int line = edge_line(&x->pl, t, h, (int)k);
    if (line == 0)
        line = node_line(&x->pl, t);
    int64_t ti, hi;
    if (!rg_strmap_get(&x->ids, t, &ti) || !rg_strmap_get(&x->ids, h, &hi))
        return; /* an end that failed already has its message */
    const char *kname = x->minimal ? "link" : get(x, ed, RG_IO_DOT_KEY "kind");
    if (kname == NULL)
        kname = get(x, ed, "kind");
    if (kname == NULL) {
        ib_diag(doc, line, 0, "edge %s -> %s has no kind (rg_kind or kind attribute)", t, h);
        return;
    }
    int kind = ib_kind(doc, kname, 0, line, 0);
    ib_elem *e =
        kind < 0 ? NULL : ib_edge(doc, doc->nodes[ti]->id, doc->nodes[hi]->id, kind, line, 0);
    if (e == NULL)
        return;
    data_attrs(x, ed, AGEDGE, e, 0, line);
    const char *label = x->minimal ? label_text(doc, ed, "") : NULL;
    if (label)
        ib_set(doc, e, 0, "label", label, line, 0);
}

/* The cluster each node was drawn in (the innermost). */
static void clusters(dotx *x, Agraph_t *g)
{
    for (Agraph_t *sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) {
        const char *sn = agnameof(sub);
        if (sn && strncmp(sn, "cluster", 7) == 0) {
            const char *label = label_text(x->doc, sub, sn);
            const char **arr = x->clusters;
            if (x->nclusters == x->capclusters) {
                size_t cap = x->capclusters ? x->capclusters * 2 : 16;
                arr = realloc(x->clusters, cap * sizeof *arr);
                if (arr)
                    x->capclusters = cap;
            }
            if (arr) {
                x->clusters = arr;
                x->clusters[x->nclusters] = label ? label : ib_strdup(x->doc, sn);
                for (Agnode_t *n = agfstnode(sub); n; n = agnxtnode(sub, n))
                    rg_strmap_put(&x->cluster, agnameof(n), (int64_t)x->nclusters);
                x->nclusters++;
            }
        }
        clusters(x, sub);
    }
}

/* The minimal schema, with the kinds the diagram's rg_kind attributes name. */
static char *minimal_schema(Agraph_t *g)
{
    rg_buf b;
    rg_buf_init(&b);
    rg_buf_puts(&b, "{\n  \"relgraph_schema\": 1,\n  \"name\": \"Graphviz diagram\",\n"
                    "  \"description\": \"The minimal schema of a diagram brought in by relgraph "
                    "import dot: nodes with their labels and clusters, and links.\",\n"
                    "  \"provenance\": {\"required\": true, \"exempt_kinds\": [\"source\"]},\n"
                    "  \"roles\": {\"source_file_attr\": \"file\"},\n"
                    "  \"node_kinds\": {\n"
                    "    \"source\": {\"description\": \"The diagram file.\", \"attributes\": "
                    "{\"file\": {\"type\": \"string\"}}, \"required\": [\"file\"]},\n"
                    "    \"node\": {\"description\": \"A node of the diagram: its label is its "
                    "name.\", \"attributes\": {\"tooltip\": {\"type\": \"string\"}, \"URL\": "
                    "{\"type\": \"string\"}, \"cluster\": {\"type\": \"string\", \"description\": "
                    "\"The label of the cluster it was drawn in.\"}}}\n"
                    "  },\n"
                    "  \"edge_kinds\": {\n"
                    "    \"link\": {\"description\": \"An edge of the diagram.\", \"from\": "
                    "[\"node\"], \"to\": [\"node\"], \"verb\": \"links to\", \"inverse\": \"is "
                    "linked from\", \"detail\": [\"label\"], \"attributes\": {\"label\": "
                    "{\"type\": \"string\"}}}\n"
                    "  }\n}");
    (void)g;
    return rg_buf_detach(&b);
}

static rg_status read_graph(const char *gv, char *text, Agraph_t **out, rg_diags *d, rg_error *err)
{
    agerrlevel_t old = agseterr(AGMAX); /* keep libcgraph's messages off stderr */
    agreseterrors();
    Agraph_t *g = agmemread(text);
    agseterr(old);
    if (g == NULL || agerrors()) {
        char *msg = aglasterr();
        int line = 0;
        const char *l = msg ? strstr(msg, "line ") : NULL;
        if (l)
            line = atoi(l + 5);
        size_t n = msg ? strlen(msg) : 0;
        while (n && isspace((unsigned char)msg[n - 1]))
            msg[--n] = '\0';
        rg_diags_add(d, gv, line, 0,
                     "not a Graphviz diagram: %s; see the DOT language at "
                     "graphviz.org/doc/info/lang.html",
                     msg && msg[0] ? msg : "libcgraph cannot read it");
        free(msg);
        if (g)
            agclose(g);
        return rg_error_set(err, RG_ESYNTAX, gv, line, 0, "not a Graphviz diagram");
    }
    *out = g;
    return RG_OK;
}

rg_status rg_import_dot(const char *gv, const rg_import_opts *o, rg_buf *out, rg_diags *d,
                        rg_error *err)
{
    char *text;
    size_t len;
    rg_status st = rg_read_file(gv, &text, &len, err);
    if (st != RG_OK) {
        rg_diags_add(d, gv, 0, 0, "%s", err->text);
        return st;
    }
    Agraph_t *g = NULL;
    if ((st = read_graph(gv, text, &g, d, err)) != RG_OK) {
        free(text);
        return st;
    }
    ib_doc doc;
    dotx x;
    memset(&x, 0, sizeof x);
    x.doc = &doc;
    x.g = g;
    x.minimal = o->schema_path == NULL;
    char *schema = x.minimal ? minimal_schema(g) : NULL;
    st = x.minimal ? ib_open_text(&doc, schema, gv, d, err) : ib_open(&doc, o, gv, d, err);
    free(schema);
    if (st == RG_OK) {
        doc.row_word = "line";
        scan(&x.pl, text);
        rg_strmap_init(&x.ids);
        rg_strmap_init(&x.cluster);
        clusters(&x, g);
        x.exported = !x.minimal && agattr(g, AGNODE, RG_IO_DOT_KEY "kind", NULL) != NULL;
        if (!x.exported)
            ib_source(&doc, ib_printf(&doc, "Graphviz diagram %s",
                                      strrchr(gv, '/') ? strrchr(gv, '/') + 1 : gv));
        for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
            one_node(&x, n);
        rg_strmap seen;
        rg_strmap_init(&seen);
        for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
            for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
                one_edge(&x, e, &seen);
        rg_strmap_destroy(&seen);
        const char *base = strrchr(gv, '/') ? strrchr(gv, '/') + 1 : gv;
        const char *title = get(&x, g, RG_IO_DOT_KEY "title");
        st = ib_finish(&doc, o, o->title ? o->title : title ? title : base, out, err);
        places_free(&x.pl);
        rg_strmap_destroy(&x.ids);
        rg_strmap_destroy(&x.cluster);
        free(x.clusters);
    }
    ib_close(&doc);
    agclose(g);
    free(text);
    return st;
}

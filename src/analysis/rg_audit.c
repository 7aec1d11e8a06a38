/* rg_audit.c: the data quality of a catalogue.
 *
 * Findings, each with its place in the catalogue (file:line:col) and the
 * sources behind it:
 *   contradiction  a disputed statement (two sources, two values), or two
 *                  nodes joined by an alias edge (may be the same);
 *   duplicate      two nodes of one kind whose names, aliases or name
 *                  attributes match once case, punctuation and a leading
 *                  "the" are ignored, and that no alias edge joins;
 *   no-source      a node or edge with no citation (kinds the schema
 *                  exempts are skipped);
 *   no-region      a counterparty with no region edge;
 *   not-located    an agreement whose text is not located. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rg_analysis.h"
#include "rg_links.h"

enum { F_CONTRA, F_DUP, F_NOSRC, F_NOREG, F_NOTLOC, NF };
static const char *const fname[NF] = {"contradiction", "duplicate", "no-source", "no-region",
                                      "not-located"};

/* Lower-case letters and digits only (other bytes of UTF-8 kept), without
 * a leading "the". */
static void norm(const char *s, char *out, size_t n)
{
    while (isspace((unsigned char)*s))
        s++;
    if (strncasecmp(s, "the ", 4) == 0)
        s += 4;
    size_t k = 0;
    for (; *s && k + 1 < n; s++)
        if (isalnum((unsigned char)*s) || ((unsigned char)*s & 0x80))
            out[k++] = (char)tolower((unsigned char)*s);
    out[k] = '\0';
}

typedef struct key {
    char *k;
    int64_t node;
} key;

static int key_cmp(const void *a, const void *b)
{
    const key *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    return c ? c : (x->node > y->node) - (x->node < y->node);
}

static void finding(rg_result *r, rg_table *t, int f, const char *id, int line, int col,
                    const char *text, const rg_cite *c, size_t nc)
{
    rg_cell *row = rg_table_row(r, t);
    if (row == NULL)
        return;
    rg_cell_str(&row[0], fname[f]);
    rg_cell_str(&row[1], id);
    rg_cell_text(r, &row[2], "%s:%d:%d", r->g->file, line, col);
    rg_cell_str(&row[3], rg_result_strdup(r, text));
    rg_cell_cites(&row[4], c, nc);
}

static int f_order(const char *s)
{
    for (int i = 0; i < NF; i++)
        if (strcmp(fname[i], s) == 0)
            return i;
    return NF;
}

/* By finding, then by place in the file. */
static int row_cmp(const rg_cell *a, const rg_cell *b, void *ctx)
{
    (void)ctx;
    int x = f_order(a[0].u.s), y = f_order(b[0].u.s);
    if (x != y)
        return x < y ? -1 : 1;
    const char *p = strrchr(a[2].u.s, ':'), *q = strrchr(b[2].u.s, ':');
    /* at is FILE:LINE:COL: compare LINE then COL numerically */
    const char *pl = p, *ql = q;
    while (pl > a[2].u.s && pl[-1] != ':')
        pl--;
    while (ql > b[2].u.s && ql[-1] != ':')
        ql--;
    long la = strtol(pl, NULL, 10), lb = strtol(ql, NULL, 10);
    if (la != lb)
        return la < lb ? -1 : 1;
    long ca = strtol(p + 1, NULL, 10), cb = strtol(q + 1, NULL, 10);
    return (ca > cb) - (ca < cb);
}

static void disputes(rg_result *r, rg_table *t, const rg_kind *k, const char *id, const rg_props *p,
                     rg_buf *b)
{
    for (size_t i = 0; i < p->ndisputes; i++) {
        const rg_dispute *d = &p->disputes[i];
        const char *an = k->attrs[d->def].name;
        rg_buf_clear(b);
        rg_buf_printf(b, "%s: the catalogue has ", an);
        const rg_value *cur = NULL;
        for (size_t a = 0; a < p->nattrs; a++)
            if (p->attrs[a].def == d->def)
                cur = &p->attrs[a].value;
        if (cur)
            rg_value_format(cur, b);
        else
            rg_buf_puts(b, "no value");
        rg_buf_puts(b, ", another statement ");
        if (d->is_null) {
            rg_buf_puts(b, "gives none");
        } else {
            rg_buf_puts(b, "gives ");
            rg_value_format(&d->value, b);
        }
        if (d->note)
            rg_buf_printf(b, ": %s", d->note);
        finding(r, t, F_CONTRA, id, p->line, p->column, rg_buf_str(b), d->cites, d->ncites);
    }
}

rg_status rg_audit(const rg_graph *g, const rg_audit_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "audit");
    unsigned char *alias = NULL, *placed = NULL;
    key *keys = NULL;
    size_t nkeys = 0;
    int ak, re;
    rg_status st;
    if ((st = rg_edge_kind_flags(g, o->alias_edges, "alias_edges", &alias, err)) ||
        (st = rg_node_kind_named(g, o->agreement_kind, "agreement_kind", &ak, err)) ||
        (st = rg_edge_kind_named(g, o->region_edge, "region_edge", &re, err)))
        goto out;
    placed = calloc(g->nnodes ? g->nnodes : 1, 1);
    if (placed == NULL) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    rg_result_title(r, "Audit of %s", g->file);
    rg_table *t = rg_result_table(r, "findings", "Findings", RG_STYLE_LINES, "finding", "id", "at",
                                  "text", "cites", NULL);
    rg_buf b;
    rg_buf_init(&b);
#define IN(v) (o->subset == NULL || o->subset[(v)])
    for (size_t v = 0; v < g->nnodes; v++) {
        const rg_node *n = &g->nodes[v];
        const rg_kind *k = &g->schema->node_kinds[n->kind];
        if (!IN(v))
            continue;
        disputes(r, t, k, n->id, &n->p, &b);
        if (n->p.ncites == 0 && !(g->schema->exempt && rg_bit_get(g->schema->exempt, n->kind)))
            finding(r, t, F_NOSRC, n->id, n->p.line, n->p.column, "a node with no source", NULL, 0);
        if (n->kind == ak && !rg_node_flag(g, (int64_t)v, o->located_attr)) {
            rg_buf_clear(&b);
            rg_buf_printf(&b, "%s: its text is not located", n->name);
            finding(r, t, F_NOTLOC, n->id, n->p.line, n->p.column, rg_buf_str(&b), n->p.cites,
                    n->p.ncites);
        }
    }
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        if (!IN(ed->from) && !IN(ed->to))
            continue;
        const rg_edge_kind *ek = &g->schema->edge_kinds[ed->kind];
        rg_buf_clear(&b);
        rg_buf_printf(&b, "%s %s %s", g->nodes[ed->from].id, ek->base.name, g->nodes[ed->to].id);
        char *eid = rg_result_strdup(r, rg_buf_str(&b));
        if (ed->kind == re)
            placed[ed->from] = 1;
        disputes(r, t, &ek->base, eid, &ed->p, &b);
        if (alias[ed->kind]) {
            rg_buf_clear(&b);
            rg_edge_words(g, (int64_t)e, ed->from, &b);
            finding(r, t, F_CONTRA, eid, ed->p.line, ed->p.column, rg_buf_str(&b), ed->p.cites,
                    ed->p.ncites);
        }
        if (ed->p.ncites == 0)
            finding(r, t, F_NOSRC, eid, ed->p.line, ed->p.column, "an edge with no source", NULL,
                    0);
    }
    for (size_t v = 0; v < g->nnodes; v++)
        if (IN(v) && rg_node_flag(g, (int64_t)v, o->select_attr) && !placed[v]) {
            const rg_node *n = &g->nodes[v];
            rg_buf_clear(&b);
            rg_buf_printf(&b, "%s: a counterparty with no region", n->name);
            finding(r, t, F_NOREG, n->id, n->p.line, n->p.column, rg_buf_str(&b), n->p.cites,
                    n->p.ncites);
        }

    /* likely duplicates: every name of every node, normalised and sorted */
    size_t cap = 0;
    for (size_t v = 0; v < g->nnodes; v++)
        cap += 1 + g->nodes[v].naliases + g->nodes[v].p.nattrs;
    keys = malloc((cap ? cap : 1) * sizeof *keys);
    if (keys == NULL)
        r->oom = 1;
    for (size_t v = 0; keys && v < g->nnodes; v++) {
        const rg_node *n = &g->nodes[v];
        const rg_kind *k = &g->schema->node_kinds[n->kind];
        const char *names[512];
        size_t nn = 0;
        names[nn++] = n->name;
        for (size_t a = 0; a < n->naliases && nn < 512; a++)
            names[nn++] = n->aliases[a];
        for (size_t a = 0; a < n->p.nattrs && nn < 512; a++)
            if (k->attrs[n->p.attrs[a].def].is_name && n->p.attrs[a].value.type == RG_T_STRING)
                names[nn++] = n->p.attrs[a].value.u.s;
        for (size_t i = 0; i < nn; i++) {
            char buf[1024];
            norm(names[i], buf, sizeof buf);
            if (strlen(buf) < 2)
                continue;
            keys[nkeys].k = rg_result_strdup(r, buf);
            keys[nkeys].node = (int64_t)v;
            if (keys[nkeys].k)
                nkeys++;
        }
    }
    if (keys)
        qsort(keys, nkeys, sizeof *keys, key_cmp);
    for (size_t i = 0; keys && i < nkeys; i++)
        for (size_t j = i + 1; j < nkeys && strcmp(keys[i].k, keys[j].k) == 0; j++) {
            int64_t x = keys[i].node, y = keys[j].node;
            if (x == y || g->nodes[x].kind != g->nodes[y].kind || (!IN(x) && !IN(y)))
                continue;
            int joined = 0, again = 0;
            for (size_t e = 0; e < g->nedges && !joined; e++) {
                const rg_edge *ed = &g->edges[e];
                joined = alias[ed->kind] &&
                         ((ed->from == x && ed->to == y) || (ed->from == y && ed->to == x));
            }
            /* one finding per pair, at its first shared name */
            for (size_t p = 0; p < i && !again; p++)
                for (size_t q = p + 1; q < nkeys && strcmp(keys[p].k, keys[q].k) == 0 && !again;
                     q++)
                    again = (keys[p].node == x && keys[q].node == y) ||
                            (keys[p].node == y && keys[q].node == x);
            if (joined || again)
                continue;
            rg_buf_clear(&b);
            rg_buf_printf(&b,
                          "'%s' (%s) and '%s' (%s) share a name once case and punctuation "
                          "are ignored",
                          g->nodes[x].name, g->nodes[x].id, g->nodes[y].name, g->nodes[y].id);
            finding(r, t, F_DUP, g->nodes[x].id, g->nodes[x].p.line, g->nodes[x].p.column,
                    rg_buf_str(&b), g->nodes[y].p.cites, g->nodes[y].p.ncites);
        }
#undef IN
    rg_buf_destroy(&b);
    if (t)
        rg_table_sort(t, row_cmp, NULL);
    long cnt[NF] = {0};
    for (size_t i = 0; t && i < t->nrows; i++)
        cnt[f_order(rg_table_cell(t, i, 0)->u.s)]++;
    rg_result_note(r,
                   "%ld contradiction%s, %ld likely duplicate%s, %ld without a source, %ld "
                   "counterpart%s without a region, %ld agreement%s not located",
                   cnt[F_CONTRA], cnt[F_CONTRA] == 1 ? "" : "s", cnt[F_DUP],
                   cnt[F_DUP] == 1 ? "" : "s", cnt[F_NOSRC], cnt[F_NOREG],
                   cnt[F_NOREG] == 1 ? "y" : "ies", cnt[F_NOTLOC], cnt[F_NOTLOC] == 1 ? "" : "s");
    st = rg_result_check(r, err);
out:
    free(alias);
    free(placed);
    free(keys);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

/* rg_audit.c: the data quality of a catalogue.
 *
 * Findings, each with its place in the catalogue (file:line:col) and the
 * sources behind it, ranked in this order:
 *   source-conflict      a disputed statement whose evidence is a statement
 *                        (two sources, or two rows, give two values);
 *   identifier-mismatch  a disputed statement whose only evidence is an
 *                        identifier: a piece of a web address or a file name
 *                        ("ntra-mou-"), or a dispute over a name attribute
 *                        (an acronym): worth a look, but not sources
 *                        disagreeing;
 *   may-be-same          two nodes joined by an alias edge;
 *   duplicate            nodes of one kind whose names, aliases or name
 *                        attributes match once case, punctuation and a
 *                        leading "the" are ignored, and that no alias edge
 *                        joins: one finding per group of such nodes;
 *   no-source            a node or edge with no citation (kinds the schema
 *                        exempts are skipped);
 *   no-region            a counterparty with no region edge;
 *   not-located          an agreement whose text is not located.
 *
 * The duplicate search sorts every normalised name once and joins the
 * nodes of each run of equal names with union-find: O(K log K) for K names,
 * however many nodes share one name (500 nodes of one name took 34 s to
 * 4 minutes when every pair was compared and checked against every edge). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rg_analysis.h"
#include "rg_links.h"
#include "rg_registry.h"

enum { F_CONFLICT, F_IDENT, F_ALIAS, F_DUP, F_NOSRC, F_NOREG, F_NOTLOC, NF };
static const char *const fname[NF] = {"source-conflict", "identifier-mismatch", "may-be-same",
                                      "duplicate",       "no-source",           "no-region",
                                      "not-located"};

/* Whether a quoted piece of evidence is an identifier rather than a
 * statement: one word (no space) that is a web address or looks like a file
 * name or a piece of one: letters with '-', '.', '_' or '/' ("ntra-mou-",
 * "unesco-mou-10dec09-en.pdf").  A date ("2007-04-26") has no letters and a
 * sentence has spaces: both are statements. */
static int identifier_like(const char *q)
{
    int alpha = 0, sep = 0;
    if (q == NULL || q[0] == '\0')
        return 0;
    if (strstr(q, "://"))
        return 1;
    for (const char *p = q; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c))
            return 0;
        alpha |= isalpha(c) != 0;
        sep |= c == '-' || c == '.' || c == '_' || c == '/';
    }
    return alpha && sep;
}

/* A dispute is an identifier mismatch when it is over a name attribute (an
 * acronym, a short name), or when every citation behind it quotes an
 * identifier; otherwise (prose, a date, no quote) a source conflict. */
static int dispute_class(const rg_kind *k, const rg_dispute *d)
{
    if (k->attrs[d->def].is_name)
        return F_IDENT;
    if (d->ncites == 0)
        return F_CONFLICT;
    for (size_t i = 0; i < d->ncites; i++)
        if (!identifier_like(d->cites[i].quote))
            return F_CONFLICT;
    return F_IDENT;
}

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
    int kind;
    int64_t node; /* the representative of the node's entity */
} key;

static int key_cmp(const void *a, const void *b)
{
    const key *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    if (c)
        return c;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return (x->node > y->node) - (x->node < y->node);
}

static int64_t uf_find(int64_t *parent, int64_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

static void finding(rg_result *r, rg_table *t, int f, const char *id, int line, int col,
                    const char *text, const rg_cite *c, size_t nc)
{
    rg_cell *row = rg_table_row(r, t);
    if (row == NULL)
        return;
    rg_cell_str(&row[0], fname[f]);
    rg_cell_str(&row[1], id);
    rg_cell_text(r, &row[2], "%s:%d:%d", rg_graph_shown(r->g), line, col);
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
        finding(r, t, dispute_class(k, d), id, p->line, p->column, rg_buf_str(b), d->cites,
                d->ncites);
    }
}

/* Every name of every node, normalised, one key each; NULL on oom. */
static key *name_keys(const rg_graph *g, const rg_entities *e, size_t *nkeys)
{
    size_t cap = 0, n = 0;
    for (size_t v = 0; v < g->nnodes; v++)
        cap += 1 + g->nodes[v].naliases + g->nodes[v].p.nattrs;
    key *keys = malloc((cap ? cap : 1) * sizeof *keys);
    for (size_t v = 0; keys && v < g->nnodes; v++) {
        const rg_node *nd = &g->nodes[v];
        const rg_kind *k = &g->schema->node_kinds[nd->kind];
        for (size_t i = 0; i < 1 + nd->naliases + nd->p.nattrs; i++) {
            const char *name = NULL;
            if (i == 0)
                name = nd->name;
            else if (i <= nd->naliases)
                name = nd->aliases[i - 1];
            else if (k->attrs[nd->p.attrs[i - 1 - nd->naliases].def].is_name &&
                     nd->p.attrs[i - 1 - nd->naliases].value.type == RG_T_STRING)
                name = nd->p.attrs[i - 1 - nd->naliases].value.u.s;
            char buf[1024];
            if (name == NULL)
                continue;
            norm(name, buf, sizeof buf);
            if (strlen(buf) < 2)
                continue;
            if ((keys[n].k = strdup(buf)) == NULL) {
                for (size_t j = 0; j < n; j++)
                    free(keys[j].k);
                free(keys);
                return NULL;
            }
            keys[n].kind = nd->kind;
            keys[n++].node = e->rep[v];
        }
    }
    if (keys)
        qsort(keys, n, sizeof *keys, key_cmp); /* context-free: keys carry what they compare */
    *nkeys = n;
    return keys;
}

/* One finding per group of entities joined by shared names: at its first
 * member in the file, with the second member's sources (as a pair finding
 * has always been given). */
static void dup_finding(rg_result *r, rg_table *t, const rg_audit_opts *o, const rg_entities *e,
                        const int64_t *m, size_t n, rg_buf *b)
{
    const rg_graph *g = r->g;
    const rg_node *x = &g->nodes[m[0]], *y = &g->nodes[m[1]];
    rg_buf_clear(b);
    if (n == 2) {
        rg_buf_printf(b,
                      "'%s' (%s) and '%s' (%s) share a name once case and punctuation are "
                      "ignored",
                      x->name, x->id, y->name, y->id);
    } else {
        size_t max = o->max_listed > 0 ? (size_t)o->max_listed : n;
        rg_buf_printf(b,
                      "'%s' (%s) and %zu other nodes of kind %s share a name once case and "
                      "punctuation are ignored: ",
                      x->name, x->id, n - 1, g->schema->node_kinds[x->kind].name);
        for (size_t i = 1; i < n && i <= max; i++) {
            rg_buf_puts(b, i > 1 ? ", " : "");
            rg_entity_ids(g, e, m[i], b);
        }
        if (n - 1 > max)
            rg_buf_printf(b, " ... and %zu more", n - 1 - max);
    }
    finding(r, t, F_DUP, x->id, x->p.line, x->p.column, rg_buf_str(b), y->p.cites, y->p.ncites);
}

/* Likely duplicates: runs of equal names joined with union-find, then one
 * finding per group of two or more entities.  O(K log K + V). */
static void duplicates(const rg_graph *g, const rg_audit_opts *o, const rg_entities *e,
                       rg_result *r, rg_table *t, rg_buf *b)
{
    size_t nkeys = 0, nv = g->nnodes;
    key *keys = name_keys(g, e, &nkeys);
    int64_t *parent = malloc((nv + 1) * sizeof *parent);
    size_t *start = calloc(nv + 2, sizeof *start);
    int64_t *members = malloc((nv + 1) * sizeof *members);
    unsigned char *in = calloc(nv + 1, 1);
    if (!keys || !parent || !start || !members || !in) {
        r->oom = 1;
        goto out;
    }
    for (size_t v = 0; v < nv; v++)
        parent[v] = (int64_t)v;
    for (size_t i = 1; i < nkeys; i++)
        if (keys[i].kind == keys[i - 1].kind && strcmp(keys[i].k, keys[i - 1].k) == 0) {
            int64_t a = uf_find(parent, keys[i - 1].node), c = uf_find(parent, keys[i].node);
            if (a != c) /* the smaller index (first in the file) becomes the root */
                parent[a < c ? c : a] = a < c ? a : c;
        }
    /* members of each group, in file order: counting sort by root */
    for (size_t v = 0; v < nv; v++)
        if (e->rep[v] == (int64_t)v) {
            int64_t root = uf_find(parent, (int64_t)v);
            start[root + 2]++;
            in[root] |= o->subset == NULL || o->subset[v];
        } else if (o->subset == NULL || o->subset[v]) {
            in[uf_find(parent, e->rep[v])] = 1;
        }
    for (size_t v = 0; v < nv; v++)
        start[v + 2] += start[v + 1];
    for (size_t v = 0; v < nv; v++)
        if (e->rep[v] == (int64_t)v)
            members[start[uf_find(parent, (int64_t)v) + 1]++] = (int64_t)v;
    for (size_t root = 0; root < nv; root++) {
        size_t n = start[root + 1] - start[root];
        if (n >= 2 && in[root])
            dup_finding(r, t, o, e, members + start[root], n, b);
    }
out:
    for (size_t i = 0; keys && i < nkeys; i++)
        free(keys[i].k);
    free(keys);
    free(parent);
    free(start);
    free(members);
    free(in);
}

rg_status rg_audit(const rg_graph *g, const rg_audit_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "audit");
    unsigned char *alias = NULL, *placed = NULL;
    rg_entities ent;
    memset(&ent, 0, sizeof ent);
    int ak, re;
    rg_status st;
    if ((st = rg_edge_kind_flags(g, o->alias_edges, "alias_edges", &alias, err)) ||
        (st = rg_entities_init(g, o->alias_edges, 1, &ent, err)) ||
        (st = rg_node_kind_named(g, o->agreement_kind, "agreement_kind", &ak, err)) ||
        (st = rg_edge_kind_named(g, o->region_edge, "region_edge", &re, err)))
        goto out;
    placed = calloc(g->nnodes ? g->nnodes : 1, 1);
    if (placed == NULL) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    rg_result_title(r, "Audit of %s", rg_graph_shown(g));
    rg_table *t = rg_result_table(r, "findings", "Findings", RG_STYLE_LINES, "finding", "id", "at",
                                  "text", "cites", NULL);
    rg_buf b;
    rg_buf_init(&b);
#define IN(v) (o->subset == NULL || o->subset[(v)])
    rg_progress_begin(g->progress, "audit: findings", 2 * g->nnodes + g->nedges, 0);
    for (size_t v = 0; v < g->nnodes; v++) {
        const rg_node *n = &g->nodes[v];
        const rg_kind *k = &g->schema->node_kinds[n->kind];
        rg_progress_tick(g->progress, 1);
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
        rg_progress_tick(g->progress, 1);
        if (!IN(ed->from) && !IN(ed->to))
            continue;
        const rg_edge_kind *ek = &g->schema->edge_kinds[ed->kind];
        rg_buf_clear(&b);
        rg_buf_printf(&b, "%s %s %s", g->nodes[ed->from].id, ek->base.name, g->nodes[ed->to].id);
        char *eid = rg_result_buf(r, &b);
        if (ed->kind == re)
            placed[ed->from] = 1;
        disputes(r, t, &ek->base, eid, &ed->p, &b);
        if (alias[ed->kind]) {
            rg_buf_clear(&b);
            rg_edge_words(g, (int64_t)e, ed->from, &b);
            finding(r, t, F_ALIAS, eid, ed->p.line, ed->p.column, rg_buf_str(&b), ed->p.cites,
                    ed->p.ncites);
        }
        if (ed->p.ncites == 0)
            finding(r, t, F_NOSRC, eid, ed->p.line, ed->p.column, "an edge with no source", NULL,
                    0);
    }
    for (size_t v = 0; v < g->nnodes; v++) {
        rg_progress_tick(g->progress, 1);
        if (IN(v) && rg_node_flag(g, (int64_t)v, o->select_attr) && !placed[v]) {
            const rg_node *n = &g->nodes[v];
            rg_buf_clear(&b);
            rg_buf_printf(&b, "%s: a %s with no %s", n->name, rg_word(g, RG_ROLE_WORD_COUNTERPARTY),
                          rg_word(g, RG_ROLE_WORD_GROUP));
            finding(r, t, F_NOREG, n->id, n->p.line, n->p.column, rg_buf_str(&b), n->p.cites,
                    n->p.ncites);
        }
    }
    rg_progress_end(g->progress);
    duplicates(g, o, &ent, r, t, &b);
#undef IN
    r->oom |= b.oom; /* a text cut short: no answer */
    rg_buf_destroy(&b);
    if (t)
        rg_table_sort(t, row_cmp, NULL);
    long cnt[NF] = {0};
    for (size_t i = 0; t && i < t->nrows; i++)
        cnt[f_order(rg_table_cell(t, i, 0)->u.s)]++;
    rg_buf cp;
    rg_buf_init(&cp);
    const char *cpw = rg_word(r->g, RG_ROLE_WORD_COUNTERPARTY);
    if (cnt[F_NOREG] == 1)
        rg_buf_puts(&cp, cpw);
    else
        rg_plural(&cp, cpw);
    rg_result_note(r,
                   "%ld source conflict%s, %ld identifier mismatch%s (web-address or file names, "
                   "acronyms), %ld may-be-the-same pair%s, %ld likely duplicate group%s, %ld "
                   "without a source, %ld %s without a %s, %ld agreement%s not located",
                   cnt[F_CONFLICT], cnt[F_CONFLICT] == 1 ? "" : "s", cnt[F_IDENT],
                   cnt[F_IDENT] == 1 ? "" : "es", cnt[F_ALIAS], cnt[F_ALIAS] == 1 ? "" : "s",
                   cnt[F_DUP], cnt[F_DUP] == 1 ? "" : "s", cnt[F_NOSRC], cnt[F_NOREG],
                   rg_buf_str(&cp), rg_word(r->g, RG_ROLE_WORD_GROUP), cnt[F_NOTLOC],
                   cnt[F_NOTLOC] == 1 ? "" : "s");
    r->oom |= cp.oom; /* a text cut short: no answer */
    rg_buf_destroy(&cp);
    rg_result_note(r, "ranked: source conflicts (sources or rows disagree) first, then "
                      "identifier mismatches (the only evidence is an address, a file name or "
                      "an acronym), then the rest");
    st = rg_result_check(r, err);
out:
    free(alias);
    free(placed);
    rg_entities_destroy(&ent);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

/* ---- its declaration in the registry (rg_registry.h) ---------------------- */

static const rg_param audit_params[] = {
    ROLE("select", RG_P_NODE_ATTR, RG_ROLE_COUNTERPARTY_ATTR, rg_audit_opts, select_attr, NULL, 0,
         SEL_HELP),
    ROLE("region_edge", RG_P_EDGE_KIND, RG_ROLE_GROUP_EDGE, rg_audit_opts, region_edge, NULL, 0,
         "edge kind: body is in a group (region)"),
    ROLE("agreement_kind", RG_P_NODE_KIND, RG_ROLE_AGREEMENT_KIND, rg_audit_opts, agreement_kind,
         NULL, 0, "node kind of agreements"),
    ROLE("located_attr", RG_P_NODE_ATTR, RG_ROLE_LOCATED_ATTR, rg_audit_opts, located_attr,
         "agreement_kind", 0, "agreement attribute: text located"),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_audit_opts, alias_edges, NULL, 0,
         "edge kinds: may be the same"),
    NUM("max_listed", RG_P_INT, "10", rg_audit_opts, max_listed, 0, 100000000,
        "nodes named per duplicate group, then a count (0: all)"),
    END};

static rg_status run_audit(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_audit(g, o, r, err);
}

const rg_analysis_def rg_audit_def = {
    "audit",
    "data quality: source conflicts, identifier mismatches, duplicates, facts without sources",
    "Disputed statements, ranked: source conflicts (two sources or rows give\n"
    "two values) first, then identifier mismatches (the only evidence is a web\n"
    "address, a file name or an acronym); may-be-the-same pairs; groups of\n"
    "likely duplicate names; facts without a source, counterparties without a\n"
    "group (region), agreements whose text is not located; each with its place\n"
    "in the file and its sources.",
    audit_params,
    sizeof(rg_audit_opts),
    offsetof(rg_audit_opts, subset),
    run_audit,
    "finding, id, text, at, cites",
    6};

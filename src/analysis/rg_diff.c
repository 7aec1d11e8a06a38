/* rg_diff.c: the changes between two versions of a catalogue (see rg_diff.h).
 *
 * Both versions are read as they are: nothing is stored about either, and
 * each is worded with its own schema, so a diff across a schema change still
 * reads.  The edges of a node added or removed are told with the node (an
 * agreement "signed, between ICANN and APNIC"), not again one by one: a
 * reviewer reads one change where the catalogue changed one thing. */
#include "rg_diff.h"

#include <stdlib.h>
#include <string.h>

#include "../core/rg_list.h"
#include "../core/rg_sort.h"
#include "../graph/rg_adj.h"
#include "../graph/rg_words.h"

/* The order changes are listed in. */
enum { R_AGREEMENT, R_CLAUSE, R_BODY, R_PERSON, R_NODE, R_EDGE, R_MOVE, R_CHANGE, R_STATUS };

typedef struct change {
    int rank;
    const char *change, *element, *subject, *role, *id, *name, *before, *after, *sentence;
} change;

/* One version. */
typedef struct side {
    const rg_graph *g;
    rg_adj adj;
    unsigned char *clause; /* node is the `to` end of a clause edge */
    int64_t *other;        /* node index in the other version, or -1 */
    const char **ekey;     /* per edge: kind, from id, to id */
    int64_t *eorder;       /* edges sorted by key */
    int64_t *epair;        /* the matching edge of the other version, or -1 */
    unsigned char *eused;  /* told as part of a move */
} side;

typedef struct dctx {
    side s[2];
    rg_result *r;
    change *ch;
    size_t n, cap;
    rg_buf t, u;
    rg_arena keys;
    int oom;
} dctx;

static const char *keep(dctx *x, const rg_buf *b)
{
    if (b->oom) {
        x->oom = 1;
        return "";
    }
    return rg_result_strdup(x->r, rg_buf_str(b));
}

static void add(dctx *x, int rank, const char *what, const char *element, const char *subject,
                const char *role, const char *id, const char *name, const char *before,
                const char *after)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 64;
        change *n = realloc(x->ch, cap * sizeof *n);
        if (n == NULL) {
            x->oom = 1;
            return;
        }
        x->ch = n;
        x->cap = cap;
    }
    x->ch[x->n++] =
        (change){rank, what, element, subject, role, id, name, before, after, keep(x, &x->t)};
}

/* What a node is to a reviewer, by the schema's roles; *ROLE: the role that
 * says so (its name), or NULL. */
static int node_rank(const side *s, int64_t v, const char **role)
{
    const rg_schema *sc = s->g->schema;
    const char *k = sc->node_kinds[s->g->nodes[v].kind].name;
    const char *ak = sc->roles[RG_ROLE_AGREEMENT_KIND];
    static const struct {
        rg_role role;
        int rank;
    } by[] = {{RG_ROLE_AGREEMENT_KIND, R_AGREEMENT},
              {RG_ROLE_CLAUSE_EDGE, R_CLAUSE},
              {RG_ROLE_BODY_KINDS, R_BODY},
              {RG_ROLE_PERSON_KINDS, R_PERSON}};
    for (size_t i = 0; i < sizeof by / sizeof *by; i++) {
        int hit = by[i].role == RG_ROLE_AGREEMENT_KIND ? ak && strcmp(ak, k) == 0
                  : by[i].role == RG_ROLE_CLAUSE_EDGE  ? s->clause[v]
                                                       : rg_list_has(sc->roles[by[i].role], k);
        if (hit) {
            *role = rg_role_defs[by[i].role].name;
            return by[i].rank;
        }
    }
    *role = NULL;
    return R_NODE;
}

/* "Agreement": how a sentence opens on node V, by its kind's name. */
static void opening(const rg_graph *g, int64_t v, rg_buf *b)
{
    const char *k = g->schema->node_kinds[g->nodes[v].kind].name;
    rg_buf_putc(b, (char)(k[0] >= 'a' && k[0] <= 'z' ? k[0] - 32 : k[0]));
    rg_buf_puts(b, k + 1);
}

/* "John Crain [crain]". */
static void named(const rg_graph *g, int64_t v, rg_buf *b)
{
    rg_node_display(g, v, b);
    rg_buf_printf(b, " [%s]", g->nodes[v].id);
}

/* ---- comparing values ----------------------------------------------------- */

static int value_eq(const rg_value *a, const rg_value *b)
{
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case RG_T_STRING: return strcmp(a->u.s, b->u.s) == 0;
    case RG_T_DATE:
        return rg_date_cmp(a->u.d, b->u.d) == 0 && a->u.d.month == b->u.d.month &&
               a->u.d.day == b->u.d.day;
    case RG_T_BOOL: return a->u.b == b->u.b;
    case RG_T_NUMBER: return a->u.n == b->u.n;
    case RG_T_LIST:
        if (a->u.list.n != b->u.list.n)
            return 0;
        for (size_t i = 0; i < a->u.list.n; i++)
            if (strcmp(a->u.list.items[i], b->u.list.items[i]) != 0)
                return 0;
        return 1;
    }
    return 0;
}

static void value_text(const rg_value *v, rg_buf *b)
{
    if (v == NULL)
        rg_buf_puts(b, "(none)");
    else if (v->type == RG_T_DATE && v->text)
        rg_buf_puts(b, v->text);
    else
        rg_value_format(v, b);
}

static const rg_value *attr_named(const rg_kind *k, const rg_props *p, const char *name)
{
    for (size_t i = 0; i < p->nattrs; i++)
        if (strcmp(k->attrs[p->attrs[i].def].name, name) == 0)
            return &p->attrs[i].value;
    return NULL;
}

static void sep(rg_buf *b)
{
    if (b->len)
        rg_buf_puts(b, "; ");
}

/* Appends to B, for each attribute that differs, "NAME: OLD -> NEW"; sets
 * *ENDED when END_ATTR was unset and is now set. */
static void attrs_diff(const rg_kind *ka, const rg_props *pa, const rg_kind *kb, const rg_props *pb,
                       const char *end_attr, rg_buf *b, int *ended)
{
    for (int pass = 0; pass < 2; pass++) {
        const rg_kind *k = pass ? kb : ka;
        const rg_props *p = pass ? pb : pa;
        for (size_t i = 0; i < p->nattrs; i++) {
            const char *name = k->attrs[p->attrs[i].def].name;
            const rg_value *va = attr_named(ka, pa, name), *vb = attr_named(kb, pb, name);
            if (pass && va)
                continue; /* told in the first pass */
            if (va && vb && value_eq(va, vb))
                continue;
            sep(b);
            rg_buf_printf(b, "%s: ", name);
            value_text(va, b);
            rg_buf_puts(b, " -> ");
            value_text(vb, b);
            if (end_attr && strcmp(name, end_attr) == 0 && va == NULL && vb)
                *ended = 1;
        }
    }
}

static int cites_eq(const rg_graph *ga, const rg_cite *a, size_t na, const rg_graph *gb,
                    const rg_cite *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++) {
        if (strcmp(ga->nodes[a[i].source].id, gb->nodes[b[i].source].id) != 0)
            return 0;
        if ((a[i].at == NULL) != (b[i].at == NULL) || (a[i].at && strcmp(a[i].at, b[i].at)))
            return 0;
        if ((a[i].quote == NULL) != (b[i].quote == NULL) ||
            (a[i].quote && strcmp(a[i].quote, b[i].quote)))
            return 0;
    }
    return 1;
}

static int disputes_eq(const rg_graph *ga, const rg_kind *ka, const rg_props *pa,
                       const rg_graph *gb, const rg_kind *kb, const rg_props *pb)
{
    if (pa->ndisputes != pb->ndisputes)
        return 0;
    for (size_t i = 0; i < pa->ndisputes; i++) {
        const rg_dispute *a = &pa->disputes[i], *b = &pb->disputes[i];
        if (strcmp(ka->attrs[a->def].name, kb->attrs[b->def].name) != 0 ||
            a->is_null != b->is_null || (!a->is_null && !value_eq(&a->value, &b->value)) ||
            (a->note == NULL) != (b->note == NULL) || (a->note && strcmp(a->note, b->note)) ||
            !cites_eq(ga, a->cites, a->ncites, gb, b->cites, b->ncites))
            return 0;
    }
    return 1;
}

/* Everything two versions of one node or edge may differ in, into B. */
static void props_diff(const rg_graph *ga, const rg_kind *ka, const rg_props *pa,
                       const rg_graph *gb, const rg_kind *kb, const rg_props *pb, rg_buf *b,
                       int *ended)
{
    attrs_diff(ka, pa, kb, pb, ga->schema->roles[RG_ROLE_END_ATTR], b, ended);
    if (!cites_eq(ga, pa->cites, pa->ncites, gb, pb->cites, pb->ncites)) {
        sep(b);
        rg_buf_printf(b, "citations: %zu -> %zu, changed", pa->ncites, pb->ncites);
    }
    if (!disputes_eq(ga, ka, pa, gb, kb, pb)) {
        sep(b);
        rg_buf_printf(b, "disputes: %zu -> %zu, changed", pa->ndisputes, pb->ndisputes);
    }
}

static int aliases_eq(const rg_node *a, const rg_node *b)
{
    if (a->naliases != b->naliases)
        return 0;
    for (size_t i = 0; i < a->naliases; i++)
        if (strcmp(a->aliases[i], b->aliases[i]) != 0)
            return 0;
    return 1;
}

/* ---- preparing each version --------------------------------------------- */

static int key_cmp(const void *a, const void *b, void *ctx)
{
    const side *s = ctx;
    return strcmp(s->ekey[*(const int64_t *)a], s->ekey[*(const int64_t *)b]);
}

static rg_status side_init(dctx *x, side *s, const rg_graph *g, const rg_graph *other,
                           rg_error *err)
{
    s->g = g;
    rg_status st = rg_adj_init(g, &s->adj, err);
    if (st != RG_OK)
        return st;
    size_t nv = g->nnodes ? g->nnodes : 1, ne = g->nedges ? g->nedges : 1;
    s->clause = calloc(nv, 1);
    s->other = malloc(nv * sizeof *s->other);
    s->ekey = malloc(ne * sizeof *s->ekey);
    s->eorder = malloc(ne * sizeof *s->eorder);
    s->epair = malloc(ne * sizeof *s->epair);
    s->eused = calloc(ne, 1);
    if (!s->clause || !s->other || !s->ekey || !s->eorder || !s->epair || !s->eused)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory comparing catalogues");
    int ce = -1;
    const char *cname = g->schema->roles[RG_ROLE_CLAUSE_EDGE];
    if (cname)
        ce = rg_schema_edge_kind(g->schema, cname);
    for (size_t v = 0; v < g->nnodes; v++)
        s->other[v] = rg_graph_find_id(other, g->nodes[v].id);
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        if (ed->kind == ce)
            s->clause[ed->to] = 1;
        rg_buf_clear(&x->t);
        rg_buf_printf(&x->t, "%s\x1f%s\x1f%s", g->schema->edge_kinds[ed->kind].base.name,
                      g->nodes[ed->from].id, g->nodes[ed->to].id);
        s->ekey[e] = x->t.oom ? NULL : rg_arena_strdup(&x->keys, rg_buf_str(&x->t));
        if (s->ekey[e] == NULL)
            return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory comparing catalogues");
        s->eorder[e] = (int64_t)e;
        s->epair[e] = -1;
    }
    if (rg_sort(s->eorder, g->nedges, sizeof *s->eorder, key_cmp, s) != 0)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory comparing catalogues");
    return RG_OK;
}

static void side_destroy(side *s)
{
    rg_adj_destroy(&s->adj);
    free(s->clause);
    free(s->other);
    free(s->ekey);
    free(s->eorder);
    free(s->epair);
    free(s->eused);
}

static int edges_same(dctx *x, int64_t ea, int64_t eb)
{
    const side *a = &x->s[0], *b = &x->s[1];
    const rg_edge *pa = &a->g->edges[ea], *pb = &b->g->edges[eb];
    rg_buf_clear(&x->u);
    int ended = 0;
    props_diff(a->g, &a->g->schema->edge_kinds[pa->kind].base, &pa->p, b->g,
               &b->g->schema->edge_kinds[pb->kind].base, &pb->p, &x->u, &ended);
    return x->u.len == 0;
}

/* Pairs the edges of one key: identical ones first, then the rest in file
 * order (those are told as changed). */
static void pair_group(dctx *x, size_t i, size_t i2, size_t j, size_t j2)
{
    side *a = &x->s[0], *b = &x->s[1];
    for (int pass = 0; pass < 2; pass++)
        for (size_t p = i; p < i2; p++) {
            int64_t ea = a->eorder[p];
            for (size_t q = j; q < j2 && a->epair[ea] < 0; q++) {
                int64_t eb = b->eorder[q];
                if (b->epair[eb] >= 0 || (pass == 0 && !edges_same(x, ea, eb)))
                    continue;
                a->epair[ea] = eb;
                b->epair[eb] = ea;
            }
        }
}

static void match_edges(dctx *x)
{
    side *a = &x->s[0], *b = &x->s[1];
    size_t na = a->g->nedges, nb = b->g->nedges, i = 0, j = 0;
    while (i < na && j < nb) {
        const char *ka = a->ekey[a->eorder[i]], *kb = b->ekey[b->eorder[j]];
        int c = strcmp(ka, kb);
        if (c < 0) {
            i++;
            continue;
        }
        if (c > 0) {
            j++;
            continue;
        }
        size_t i2 = i, j2 = j;
        while (i2 < na && strcmp(a->ekey[a->eorder[i2]], ka) == 0)
            i2++;
        while (j2 < nb && strcmp(b->ekey[b->eorder[j2]], kb) == 0)
            j2++;
        pair_group(x, i, i2, j, j2);
        i = i2;
        j = j2;
    }
}

/* ---- nodes ---------------------------------------------------------------- */

/* ", between A and B" (an agreement's parties) or ", in A" (a clause's
 * agreements): the other ends of the edges of role ROLE arriving at V. */
static void ends_into(const side *s, int64_t v, rg_role role, const char *how, rg_buf *b)
{
    const char *kname = s->g->schema->roles[role];
    int k = kname ? rg_schema_edge_kind(s->g->schema, kname) : -1;
    size_t n = 0, total = 0;
    for (size_t i = s->adj.in_start[v]; i < s->adj.in_start[v + 1]; i++)
        total += s->g->edges[s->adj.in_edges[i]].kind == k;
    for (size_t i = s->adj.in_start[v]; i < s->adj.in_start[v + 1]; i++) {
        const rg_edge *e = &s->g->edges[s->adj.in_edges[i]];
        if (e->kind != k)
            continue;
        rg_buf_puts(b, n == 0 ? how : n + 1 == total ? " and " : ", ");
        named(s->g, e->from, b);
        n++;
    }
}

static size_t degree(const side *s, int64_t v)
{
    return (s->adj.out_start[v + 1] - s->adj.out_start[v]) +
           (s->adj.in_start[v + 1] - s->adj.in_start[v]);
}

/* A node only one version has (ADDED: the new one). */
static void node_alone(dctx *x, int added, int64_t v)
{
    const side *s = &x->s[added];
    const char *role;
    int rank = node_rank(s, v, &role);
    const char *what = added ? "added" : "removed";
    if (rank == R_AGREEMENT)
        what = added ? "signed" : "lapsed";
    rg_buf_clear(&x->t);
    opening(s->g, v, &x->t);
    rg_buf_printf(&x->t, " %s: ", what);
    named(s->g, v, &x->t);
    if (rank == R_AGREEMENT) {
        ends_into(s, v, RG_ROLE_PARTY_EDGE, ", between ", &x->t);
        if (!added)
            rg_buf_puts(&x->t, " (no longer in the catalogue)");
    } else if (rank == R_CLAUSE) {
        ends_into(s, v, RG_ROLE_CLAUSE_EDGE, added ? ", in " : ", from ", &x->t);
    } else {
        size_t d = degree(s, v);
        rg_buf_printf(&x->t, ", with %zu relationship%s", d, d == 1 ? "" : "s");
    }
    rg_buf_putc(&x->t, '.');
    const rg_node *n = &s->g->nodes[v];
    add(x, rank, what, "node", s->g->schema->node_kinds[n->kind].name, role, n->id, n->name, NULL,
        NULL);
}

static void node_both(dctx *x, int64_t va, int64_t vb)
{
    const side *a = &x->s[0], *b = &x->s[1];
    const rg_node *na = &a->g->nodes[va], *nb = &b->g->nodes[vb];
    const rg_kind *ka = &a->g->schema->node_kinds[na->kind],
                  *kb = &b->g->schema->node_kinds[nb->kind];
    rg_buf_clear(&x->u);
    if (strcmp(ka->name, kb->name) != 0)
        rg_buf_printf(&x->u, "kind: %s -> %s", ka->name, kb->name);
    if (strcmp(na->name, nb->name) != 0) {
        sep(&x->u);
        rg_buf_printf(&x->u, "name: %s -> %s", na->name, nb->name);
    }
    if (!aliases_eq(na, nb)) {
        sep(&x->u);
        rg_buf_puts(&x->u, "aliases changed");
    }
    int ended = 0;
    props_diff(a->g, ka, &na->p, b->g, kb, &nb->p, &x->u, &ended);
    if (x->u.len == 0)
        return;
    const char *role;
    int rank = node_rank(b, vb, &role);
    const char *what = rank == R_AGREEMENT && ended ? "lapsed" : "changed";
    rg_buf_clear(&x->t);
    opening(b->g, vb, &x->t);
    rg_buf_printf(&x->t, " %s: ", what);
    named(b->g, vb, &x->t);
    rg_buf_printf(&x->t, ": %s.", rg_buf_str(&x->u));
    add(x, rank == R_AGREEMENT && ended ? R_AGREEMENT : R_CHANGE, what, "node", kb->name, role,
        nb->id, nb->name, NULL, NULL);
}

static void nodes(dctx *x)
{
    const side *a = &x->s[0], *b = &x->s[1];
    for (size_t v = 0; v < a->g->nnodes; v++)
        if (a->other[v] < 0)
            node_alone(x, 0, (int64_t)v);
        else
            node_both(x, (int64_t)v, a->other[v]);
    for (size_t v = 0; v < b->g->nnodes; v++)
        if (b->other[v] < 0)
            node_alone(x, 1, (int64_t)v);
}

/* ---- edges ---------------------------------------------------------------- */

/* An edge that only one version has, between nodes both have. */
static int lone_edge(const side *s, int64_t e)
{
    const rg_edge *ed = &s->g->edges[e];
    return s->epair[e] < 0 && !s->eused[e] && s->other[ed->from] >= 0 && s->other[ed->to] >= 0;
}

static const char *end_key(dctx *x, const side *s, int64_t e, int by_from)
{
    const rg_edge *ed = &s->g->edges[e];
    rg_buf_clear(&x->u);
    rg_buf_printf(&x->u, "%s\x1f%d\x1f%s", s->g->schema->edge_kinds[ed->kind].base.name, by_from,
                  s->g->nodes[by_from ? ed->from : ed->to].id);
    return x->u.oom ? NULL : rg_arena_strdup(&x->keys, rg_buf_str(&x->u));
}

/* Lone edges by the end they keep: key -> edge, or -1 when several share it. */
static int index_ends(dctx *x, const side *s, int by_from, rg_strmap *m)
{
    for (size_t e = 0; e < s->g->nedges; e++) {
        if (!lone_edge(s, (int64_t)e))
            continue;
        const char *k = end_key(x, s, (int64_t)e, by_from);
        int64_t old;
        if (k == NULL || rg_strmap_put(m, k, rg_strmap_get(m, k, &old) ? -1 : (int64_t)e) != 0)
            return -1;
    }
    return 0;
}

static void one_move(dctx *x, int64_t ea, int64_t eb, int by_from)
{
    side *a = &x->s[0], *b = &x->s[1];
    const rg_edge *pa = &a->g->edges[ea], *pb = &b->g->edges[eb];
    int64_t stay = by_from ? pb->from : pb->to;
    const char *role;
    node_rank(b, stay, &role);
    const rg_edge_kind *ek = &b->g->schema->edge_kinds[pb->kind];
    rg_buf_clear(&x->t);
    opening(b->g, stay, &x->t);
    rg_buf_puts(&x->t, " moved: ");
    named(b->g, stay, &x->t);
    rg_buf_puts(&x->t, " moved from ");
    named(a->g, by_from ? pa->to : pa->from, &x->t);
    rg_buf_puts(&x->t, " to ");
    named(b->g, by_from ? pb->to : pb->from, &x->t);
    rg_buf_printf(&x->t, " (%s).", by_from ? ek->verb : ek->inverse);
    const char *before = a->g->nodes[by_from ? pa->to : pa->from].id;
    const char *after = b->g->nodes[by_from ? pb->to : pb->from].id;
    const rg_node *n = &b->g->nodes[stay];
    add(x, R_MOVE, "moved", "node", b->g->schema->node_kinds[n->kind].name, role, n->id, n->name,
        before, after);
    a->eused[ea] = 1;
    b->eused[eb] = 1;
}

/* One edge of a kind left a node and one of the same kind arrived: a move
 * (by the `from` end first: a person's post; then by the `to` end). */
static int moves(dctx *x)
{
    for (int by_from = 1; by_from >= 0; by_from--) {
        rg_strmap ma, mb;
        rg_strmap_init(&ma);
        rg_strmap_init(&mb);
        int rc = index_ends(x, &x->s[0], by_from, &ma) | index_ends(x, &x->s[1], by_from, &mb);
        for (size_t e = 0; rc == 0 && e < x->s[0].g->nedges; e++) {
            int64_t ea = (int64_t)e, eb;
            if (!lone_edge(&x->s[0], ea))
                continue;
            const char *k = end_key(x, &x->s[0], ea, by_from);
            int64_t one;
            if (k && rg_strmap_get(&ma, k, &one) && one == ea && rg_strmap_get(&mb, k, &eb) &&
                eb >= 0)
                one_move(x, ea, eb, by_from);
        }
        rg_strmap_destroy(&ma);
        rg_strmap_destroy(&mb);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static void edge_alone(dctx *x, int added, int64_t e)
{
    const side *s = &x->s[added];
    const rg_edge *ed = &s->g->edges[e];
    const char *what = added ? "added" : "removed";
    rg_buf_clear(&x->t);
    rg_buf_printf(&x->t, "Relationship %s: ", what);
    rg_edge_words(s->g, e, ed->from, &x->t);
    rg_buf_printf(&x->t, " [%s].", s->g->schema->edge_kinds[ed->kind].base.name);
    const char *to = s->g->nodes[ed->to].id;
    add(x, R_EDGE, what, "edge", s->g->schema->edge_kinds[ed->kind].base.name, NULL,
        s->g->nodes[ed->from].id, s->g->nodes[ed->from].name, added ? NULL : to, added ? to : NULL);
}

static void edge_both(dctx *x, int64_t ea, int64_t eb)
{
    const side *a = &x->s[0], *b = &x->s[1];
    const rg_edge *pa = &a->g->edges[ea], *pb = &b->g->edges[eb];
    rg_buf_clear(&x->u);
    int ended = 0;
    props_diff(a->g, &a->g->schema->edge_kinds[pa->kind].base, &pa->p, b->g,
               &b->g->schema->edge_kinds[pb->kind].base, &pb->p, &x->u, &ended);
    if (x->u.len == 0)
        return;
    const char *what = ended ? "ended" : "changed";
    rg_buf_clear(&x->t);
    rg_buf_printf(&x->t, "Relationship %s: ", what);
    rg_edge_words(b->g, eb, pb->from, &x->t);
    rg_buf_printf(&x->t, ": %s.", rg_buf_str(&x->u));
    add(x, ended ? R_EDGE : R_CHANGE, what, "edge", b->g->schema->edge_kinds[pb->kind].base.name,
        NULL, b->g->nodes[pb->from].id, b->g->nodes[pb->from].name, a->g->nodes[pa->to].id,
        b->g->nodes[pb->to].id);
}

static int edges(dctx *x)
{
    match_edges(x);
    if (moves(x) != 0)
        return -1;
    for (size_t e = 0; e < x->s[0].g->nedges; e++) {
        if (lone_edge(&x->s[0], (int64_t)e))
            edge_alone(x, 0, (int64_t)e);
        else if (x->s[0].epair[e] >= 0)
            edge_both(x, (int64_t)e, x->s[0].epair[e]);
    }
    for (size_t e = 0; e < x->s[1].g->nedges; e++)
        if (lone_edge(&x->s[1], (int64_t)e))
            edge_alone(x, 1, (int64_t)e);
    return 0;
}

/* ---- coverage --------------------------------------------------------------- */

/* A status table indexed by id: looking a counterparty up is O(1), so a
 * catalogue with many counterparties is compared in linear time. */
typedef struct stab {
    const rg_table *t;
    int ci, cs;
    rg_strmap rows;
} stab;

static int stab_init(stab *s, const rg_result *r)
{
    rg_strmap_init(&s->rows);
    s->t = r && r->ntables ? &r->tables[0] : NULL;
    s->ci = s->t ? rg_table_col(s->t, "id") : -1;
    s->cs = s->t ? rg_table_col(s->t, "status") : -1;
    if (s->ci < 0 || s->cs < 0)
        return -1;
    for (size_t i = 0; i < s->t->nrows; i++) {
        const rg_cell *c = rg_table_cell(s->t, i, (size_t)s->ci);
        if (c->type == RG_CELL_TEXT && rg_strmap_put(&s->rows, c->u.s, (int64_t)i) != 0)
            return -1;
    }
    return 0;
}

static const char *stab_status(const stab *s, const char *id)
{
    int64_t i;
    if (!rg_strmap_get(&s->rows, id, &i))
        return NULL;
    const rg_cell *c = rg_table_cell(s->t, (size_t)i, (size_t)s->cs);
    return c->type == RG_CELL_TEXT ? c->u.s : NULL;
}

static void coverage_row(dctx *x, const char *id, const char *sa, const char *sb)
{
    const side *s = &x->s[sb ? 1 : 0];
    int64_t v = rg_graph_find_id(s->g, id);
    if (v < 0)
        return;
    rg_buf_clear(&x->t);
    rg_buf_puts(&x->t, "Coverage changed: ");
    named(s->g, v, &x->t);
    rg_buf_printf(&x->t, ": %s -> %s.", sa ? sa : "(not a counterparty)",
                  sb ? sb : "(not a counterparty)");
    const rg_node *n = &s->g->nodes[v];
    add(x, R_STATUS, "status", "coverage", s->g->schema->node_kinds[n->kind].name,
        rg_role_defs[RG_ROLE_COUNTERPARTY_ATTR].name, n->id, n->name, sa, sb);
}

/* Counterparties whose status differs, in either table's order: the old
 * one's rows, then the new one's that the old lacks. */
static void coverage(dctx *x, const rg_result *ga, const rg_result *gb)
{
    stab a, b;
    int ok = stab_init(&a, ga) == 0;
    ok &= stab_init(&b, gb) == 0;
    for (int pass = 0; ok && pass < 2; pass++) {
        const stab *t = pass ? &b : &a;
        for (size_t i = 0; i < t->t->nrows; i++) {
            const rg_cell *c = rg_table_cell(t->t, i, (size_t)t->ci);
            if (c->type != RG_CELL_TEXT)
                continue;
            const char *sa = stab_status(&a, c->u.s), *sb = stab_status(&b, c->u.s);
            if (!(pass && sa) && !(sa && sb && strcmp(sa, sb) == 0))
                coverage_row(x, c->u.s, sa, sb);
        }
    }
    rg_strmap_destroy(&a.rows);
    rg_strmap_destroy(&b.rows);
}

/* ---- the result ------------------------------------------------------------- */

static int change_cmp(const void *pa, const void *pb, void *ctx)
{
    const change *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    int c = rg_strnatcmp(a->id, b->id);
    return c ? c : strcmp(a->sentence, b->sentence);
}

static void emit(dctx *x)
{
    rg_result *r = x->r;
    rg_table *t =
        rg_result_table(r, "changes", "Changes", RG_STYLE_COLUMNS, "change", "element", "subject",
                        "by_role", "id", "name", "before", "after", "sentence", NULL);
    long long added = 0, removed = 0;
    for (size_t i = 0; t && i < x->n; i++) {
        const change *c = &x->ch[i];
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        const char *v[9] = {c->change, c->element, c->subject, c->role,    c->id,
                            c->name,   c->before,  c->after,   c->sentence};
        for (int k = 0; k < 9; k++)
            if (v[k])
                rg_cell_str(&row[k], rg_result_strdup(r, v[k]));
        added += strcmp(c->change, "added") == 0 || strcmp(c->change, "signed") == 0;
        removed += strcmp(c->change, "removed") == 0 || strcmp(c->change, "lapsed") == 0;
    }
    rg_result_total(r, "changes", (long long)x->n);
    rg_result_total(r, "added", added);
    rg_result_total(r, "removed", removed);
    rg_result_total(r, "changed", (long long)x->n - added - removed);
}

rg_status rg_diff(const rg_graph *old, const rg_graph *new_, const rg_diff_opts *o, rg_result *r,
                  rg_error *err)
{
    dctx x;
    memset(&x, 0, sizeof x);
    x.r = r;
    rg_buf_init(&x.t);
    rg_buf_init(&x.u);
    rg_arena_init(&x.keys);
    rg_status st = side_init(&x, &x.s[0], old, new_, err);
    if (st == RG_OK)
        st = side_init(&x, &x.s[1], new_, old, err);
    if (st == RG_OK) {
        rg_result_title(r, "Changes from %s to %s", rg_graph_shown(old), rg_graph_shown(new_));
        nodes(&x);
        if (edges(&x) != 0)
            x.oom = 1;
        if (o)
            coverage(&x, o->gaps_old, o->gaps_new);
        if (!x.oom && rg_sort(x.ch, x.n, sizeof *x.ch, change_cmp, NULL) != 0)
            x.oom = 1;
        emit(&x);
        if (x.oom || x.t.oom || x.u.oom)
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory comparing catalogues");
        else
            st = rg_result_check(r, err);
    }
    side_destroy(&x.s[0]);
    side_destroy(&x.s[1]);
    free(x.ch);
    rg_buf_destroy(&x.t);
    rg_buf_destroy(&x.u);
    rg_arena_destroy(&x.keys);
    return st;
}

/* ---- both versions in one graph ------------------------------------------ */

/* Whether OLD's kind KO declares the same attributes as NEW's KN, in the same
 * order (then an element's attribute indices hold in either). */
static int same_attrs(const rg_kind *ko, const rg_kind *kn)
{
    if (ko->nattrs != kn->nattrs)
        return 0;
    for (size_t i = 0; i < ko->nattrs; i++)
        if (strcmp(ko->attrs[i].name, kn->attrs[i].name) != 0)
            return 0;
    return 1;
}

/* Props of an element of OLD placed in the union: attributes kept when the
 * kinds agree; citations and disputes dropped (their sources are OLD's). */
static rg_props old_props(const rg_props *p, const rg_kind *ko, const rg_kind *kn)
{
    rg_props q = *p;
    if (!same_attrs(ko, kn)) {
        q.attrs = NULL;
        q.nattrs = 0;
    }
    q.cites = NULL;
    q.ncites = 0;
    q.disputes = NULL;
    q.ndisputes = 0;
    return q;
}

static int node_changed(dctx *x, int64_t va, int64_t vb)
{
    const side *a = &x->s[0], *b = &x->s[1];
    const rg_node *na = &a->g->nodes[va], *nb = &b->g->nodes[vb];
    const rg_kind *ka = &a->g->schema->node_kinds[na->kind],
                  *kb = &b->g->schema->node_kinds[nb->kind];
    rg_buf_clear(&x->u);
    int ended = 0;
    props_diff(a->g, ka, &na->p, b->g, kb, &nb->p, &x->u, &ended);
    return x->u.len || strcmp(ka->name, kb->name) || strcmp(na->name, nb->name) ||
           !aliases_eq(na, nb);
}

/* Adds OLD's nodes and edges that NEW lacks to U; MAP: OLD node -> U node. */
static int union_old(dctx *x, rg_graph *u, int64_t *map, unsigned char *nc, unsigned char *ec)
{
    const side *a = &x->s[0];
    const rg_schema *so = a->g->schema, *sn = u->schema;
    for (size_t v = 0; v < a->g->nnodes; v++) {
        map[v] = a->other[v];
        if (map[v] >= 0)
            continue;
        rg_node n = a->g->nodes[v];
        int k = rg_schema_node_kind(sn, so->node_kinds[n.kind].name);
        if (k < 0)
            continue;
        n.p = old_props(&n.p, &so->node_kinds[n.kind], &sn->node_kinds[k]);
        n.kind = k;
        if ((map[v] = rg_graph_add_node(u, &n)) < 0)
            return -1;
        nc[map[v]] = 2;
    }
    for (size_t e = 0; e < a->g->nedges; e++) {
        rg_edge ed = a->g->edges[e];
        int k = rg_schema_edge_kind(sn, so->edge_kinds[ed.kind].base.name);
        if (a->epair[e] >= 0 || k < 0 || map[ed.from] < 0 || map[ed.to] < 0)
            continue;
        ed.p = old_props(&ed.p, &so->edge_kinds[ed.kind].base, &sn->edge_kinds[k].base);
        ed.kind = k;
        ed.from = map[ed.from];
        ed.to = map[ed.to];
        int64_t i = rg_graph_add_edge(u, &ed);
        if (i < 0)
            return -1;
        ec[i] = 2;
    }
    return 0;
}

static rg_status union_build(dctx *x, rg_graph *u, unsigned char **nc, unsigned char **ec,
                             rg_error *err)
{
    const side *a = &x->s[0], *b = &x->s[1];
    size_t nv = a->g->nnodes + b->g->nnodes + 1, ne = a->g->nedges + b->g->nedges + 1;
    *nc = calloc(nv, 1);
    *ec = calloc(ne, 1);
    int64_t *map = malloc(nv * sizeof *map);
    int bad = *nc == NULL || *ec == NULL || map == NULL;
    for (size_t v = 0; !bad && v < b->g->nnodes; v++) {
        rg_node n = b->g->nodes[v];
        bad = rg_graph_add_node(u, &n) < 0;
        (*nc)[v] = b->other[v] < 0 ? 1 : node_changed(x, b->other[v], (int64_t)v) ? 3 : 0;
    }
    for (size_t e = 0; !bad && e < b->g->nedges; e++) {
        rg_edge ed = b->g->edges[e];
        bad = rg_graph_add_edge(u, &ed) < 0;
        (*ec)[e] = b->epair[e] < 0 ? 1 : !edges_same(x, b->epair[e], (int64_t)e) ? 3 : 0;
    }
    if (!bad)
        bad = union_old(x, u, map, *nc, *ec) != 0;
    free(map);
    if (bad)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory comparing catalogues");
    return rg_graph_finish(u, err);
}

rg_status rg_diff_union(const rg_graph *old, const rg_graph *new_, rg_graph **out,
                        unsigned char **node_change, unsigned char **edge_change, rg_error *err)
{
    *out = NULL;
    *node_change = *edge_change = NULL;
    dctx x;
    memset(&x, 0, sizeof x);
    rg_buf_init(&x.t);
    rg_buf_init(&x.u);
    rg_arena_init(&x.keys);
    rg_graph *u = calloc(1, sizeof *u);
    rg_status st = u ? side_init(&x, &x.s[0], old, new_, err)
                     : rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    if (st == RG_OK)
        st = side_init(&x, &x.s[1], new_, old, err);
    if (st == RG_OK)
        st = rg_graph_init(u, new_->schema, new_->file, err);
    if (st == RG_OK) {
        u->base = new_; /* the schema and the strings are the versions' */
        u->shown = new_->shown;
        u->as_of_given = new_->as_of_given;
        match_edges(&x);
        st = union_build(&x, u, node_change, edge_change, err);
        u->as_of = new_->as_of;
        u->as_of_from = new_->as_of_from;
    }
    side_destroy(&x.s[0]);
    side_destroy(&x.s[1]);
    rg_buf_destroy(&x.t);
    rg_buf_destroy(&x.u);
    rg_arena_destroy(&x.keys);
    if (st != RG_OK) {
        if (u) {
            u->base = new_;
            rg_graph_destroy(u);
            free(u);
        }
        free(*node_change);
        free(*edge_change);
        *node_change = *edge_change = NULL;
        return st;
    }
    *out = u;
    return RG_OK;
}

/* rg_interlocks.c: ties between bodies through what they share, and the
 * other projection, members tied by the bodies they share.
 *
 * Every tie is a LINK from a connector to a body: a member to the body it
 * sits on, a participant to the body it works with, a body to the programme
 * it takes part in (the programme connects), a body to an agreement it is
 * party to (the agreement connects).  The four kinds mean different things
 * (a seat, a collaboration, a shared project, a contract), so they are
 * projected apart and never added up: the catalogue says which it holds.
 *
 * Links are between entities (rg_entity.h): two rows that may be one
 * agreement are one connector, and two statements of one tie count once.
 * Each tenure is kept on its own; two bodies share a connector when one of
 * its tenures at the first overlaps one at the second, ends inclusive. */
#include <stdlib.h>
#include <string.h>

#include "../core/rg_sort.h"
#include "../graph/rg_entity.h"
#include "rg_analysis.h"
#include "rg_registry.h"

#define RG_PROJECTION_LIMIT 5000000

enum { L_MEMBER, L_PART, L_PROG, L_AGREE };

typedef struct link {
    int64_t conn, body; /* entity representatives */
    rg_span span;       /* the tenure; unbounded for an agreement */
    int kind;           /* edge kind */
    int cls;            /* L_* */
} link;

/* A projected tie: X and Y (rank of X first) share VIA; MEMBER when a
 * member-member overlap exists (else only a participation makes it). */
typedef struct trip {
    int64_t x, y, via;
    int member;
} trip;

typedef struct ictx {
    const rg_graph *g;
    const rg_interlocks_opts *o;
    rg_entities ent;
    size_t *rank; /* node -> its place in natural order of ids */
    unsigned char *member_k, *part_k, *body_k, *prog_k, *shown;
    int ak, pe;
    int64_t hub; /* representative, or -1 */
    link *links;
    size_t nlinks;
    size_t dropped[2]; /* pairs (of bodies, of members) whose shared tenures never overlap */
} ictx;

static int rcmp(const ictx *c, int64_t a, int64_t b)
{
    return (c->rank[a] > c->rank[b]) - (c->rank[a] < c->rank[b]);
}

/* Links by (group, other, tenure): GROUP is the connector, or the body when
 * projecting onto members (ctx->... by_body). */
typedef struct lsort {
    const ictx *c;
    int by_body;
} lsort;

static int link_cmp(const void *a, const void *b, void *ctx)
{
    const link *x = a, *y = b;
    const lsort *s = ctx;
    int64_t gx = s->by_body ? x->body : x->conn, gy = s->by_body ? y->body : y->conn;
    int64_t ox = s->by_body ? x->conn : x->body, oy = s->by_body ? y->conn : y->body;
    int d = rcmp(s->c, gx, gy);
    if (d == 0)
        d = rcmp(s->c, ox, oy);
    if (d == 0)
        d = (x->cls > y->cls) - (x->cls < y->cls);
    if (d == 0)
        d = (x->kind > y->kind) - (x->kind < y->kind);
    if (d == 0)
        d = (x->span.from > y->span.from) - (x->span.from < y->span.from);
    if (d == 0)
        d = (x->span.to > y->span.to) - (x->span.to < y->span.to);
    return d;
}

static int trip_cmp(const void *a, const void *b, void *ctx)
{
    const trip *x = a, *y = b;
    int d = rcmp(ctx, x->x, y->x);
    if (d == 0)
        d = rcmp(ctx, x->y, y->y);
    return d ? d : rcmp(ctx, x->via, y->via);
}

static int holds(const ictx *c, const rg_edge *e)
{
    return c->o->as_of.year == 0 ||
           rg_span_meets(rg_edge_span(c->g, e, c->o->start_attr, c->o->end_attr), c->o->as_of);
}

/* Classifies edge E as a link, or returns 0. */
static int classify(const ictx *c, const rg_edge *e, link *l)
{
    const rg_graph *g = c->g;
    int kf = g->nodes[e->from].kind, kt = g->nodes[e->to].kind;
    l->kind = e->kind;
    l->span.from = 0;
    l->span.to = 99999999L;
    if (c->pe >= 0 && e->kind == c->pe && kt == c->ak && c->body_k[kf]) {
        l->conn = e->to;
        l->body = e->from;
        l->cls = L_AGREE;
        return 1;
    }
    if (!c->member_k[e->kind] && !c->part_k[e->kind])
        return 0;
    if (!holds(c, e))
        return 0;
    l->span = rg_edge_span(g, e, c->o->start_attr, c->o->end_attr);
    if (c->prog_k[kt] && c->body_k[kf]) {
        l->conn = e->to;
        l->body = e->from;
        l->cls = L_PROG;
        return 1;
    }
    if (!c->body_k[kt] || c->prog_k[kf] || kf == c->ak)
        return 0;
    l->conn = e->from;
    l->body = e->to;
    l->cls = c->member_k[e->kind] ? L_MEMBER : L_PART;
    return 1;
}

/* The links of the catalogue, between entities, each statement once. */
static rg_status collect(ictx *c, rg_error *err)
{
    const rg_graph *g = c->g;
    c->links = malloc((g->nedges ? g->nedges : 1) * sizeof *c->links);
    if (c->links == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    size_t n = 0;
    for (size_t e = 0; e < g->nedges; e++) {
        link l;
        if (!classify(c, &g->edges[e], &l) || (c->o->subset && !c->o->subset[l.body]))
            continue;
        l.conn = rg_entity_rep(&c->ent, l.conn);
        l.body = rg_entity_rep(&c->ent, l.body);
        if (l.conn != l.body)
            c->links[n++] = l;
    }
    lsort s = {c, 0};
    if (rg_sort(c->links, n, sizeof *c->links, link_cmp, &s) != 0)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (w == 0 || link_cmp(&c->links[i], &c->links[w - 1], &s) != 0)
            c->links[w++] = c->links[i];
    c->nlinks = w;
    return RG_OK;
}

/* Whether runs A and B (links to two ends through one connector) hold an
 * overlapping pair of tenures; *MEMBER when a member-member pair does. */
static int overlap(const link *a, size_t na, const link *b, size_t nb, int *member)
{
    int any = 0;
    *member = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (rg_spans_overlap(a[i].span, b[j].span)) {
                any = 1;
                if (a[i].cls == L_MEMBER && b[j].cls == L_MEMBER)
                    *member = 1;
            }
    return any;
}

/* Projects the links whose class is flagged in CLS: onto bodies (pairs of
 * bodies sharing a connector) or, BY_BODY, onto connectors (pairs sharing a
 * body).  Triples into *OUT (malloc'd), sorted by pair, then connector. */
static rg_status project(ictx *c, const unsigned char *cls, int by_body, trip **out, size_t *nout,
                         rg_error *err)
{
    *out = NULL;
    *nout = 0;
    link *l = malloc((c->nlinks ? c->nlinks : 1) * sizeof *l);
    size_t n = 0, runs = 0, cap = 0;
    if (l == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < c->nlinks; i++)
        if (cls[c->links[i].cls])
            l[n++] = c->links[i];
    lsort s = {c, by_body};
    rg_sort(l, n, sizeof *l, link_cmp, &s);
#define GRP(k) (by_body ? l[k].body : l[k].conn)
#define OTH(k) (by_body ? l[k].conn : l[k].body)
    /* run starts: one per (group, other); the pairs within each group */
    size_t *start = malloc((n + 1) * sizeof *start);
    if (start == NULL) {
        free(l);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        if (i == 0 || GRP(i) != GRP(i - 1) || OTH(i) != OTH(i - 1))
            start[runs++] = i;
    start[runs] = n;
    for (size_t r = 0, g0 = 0; r <= runs; r++)
        if (r == runs || GRP(start[r]) != GRP(start[g0])) {
            size_t k = r - g0;
            cap += k * (k - 1) / 2;
            g0 = r;
        }
    rg_status st = RG_OK;
    if (cap > RG_PROJECTION_LIMIT)
        st = rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                          "interlocks: the projection would have %zu pairs (limit %d)", cap,
                          RG_PROJECTION_LIMIT);
    trip *t = st ? NULL : malloc((cap ? cap : 1) * sizeof *t);
    if (st == RG_OK && t == NULL)
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    size_t nt = 0;
    for (size_t r = 0, g0 = 0; st == RG_OK && r <= runs; r++) {
        if (r < runs && GRP(start[r]) == GRP(start[g0]))
            continue;
        for (size_t i = g0; i < r; i++)
            for (size_t j = i + 1; j < r; j++) {
                int member;
                if (!overlap(&l[start[i]], start[i + 1] - start[i], &l[start[j]],
                             start[j + 1] - start[j], &member)) {
                    c->dropped[by_body]++;
                    continue;
                }
                /* runs are in natural order, so OTH(i) comes first */
                t[nt++] = (trip){OTH(start[i]), OTH(start[j]), GRP(start[i]), member};
            }
        g0 = r;
    }
#undef GRP
#undef OTH
    free(start);
    free(l);
    if (st == RG_OK && rg_sort(t, nt, sizeof *t, trip_cmp, c) != 0)
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    if (st) {
        free(t);
        return st;
    }
    *out = t;
    *nout = nt;
    return RG_OK;
}

/* A pair of the projection: triples [first, first + weight). */
typedef struct pair {
    size_t first;
    long weight;
} pair;

static int pair_cmp(const void *a, const void *b, void *ctx)
{
    const pair *p = a, *q = b;
    const trip *t = ((const void **)ctx)[0];
    const ictx *c = ((const void **)ctx)[1];
    if (p->weight != q->weight)
        return p->weight > q->weight ? -1 : 1;
    int d = rcmp(c, t[p->first].x, t[q->first].x);
    return d ? d : rcmp(c, t[p->first].y, t[q->first].y);
}

/* The kinds of the links from connector V to body B, as "member_of".  The
 * links are sorted by connector, then body (collect): a binary search finds
 * their run, so a table of N shared participants costs O(N log links), not
 * O(N x links) as a scan of every link did. */
static void link_words(const ictx *c, int64_t v, int64_t b, rg_buf *out)
{
    int any = 0;
    size_t lo = 0, hi = c->nlinks;
    while (lo < hi) { /* the first link not before (V, B) */
        size_t mid = lo + (hi - lo) / 2;
        int d = rcmp(c, c->links[mid].conn, v);
        if (d == 0)
            d = rcmp(c, c->links[mid].body, b);
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < c->nlinks && c->links[i].conn == v && c->links[i].body == b; i++) {
        const link *l = &c->links[i];
        if (i > 0 && c->links[i - 1].conn == v && c->links[i - 1].body == b &&
            c->links[i - 1].kind == l->kind)
            continue;
        rg_buf_printf(out, "%s%s", any++ ? "/" : "", c->g->schema->edge_kinds[l->kind].base.name);
    }
    rg_buf_printf(out, " %s", c->g->nodes[b].id);
}

/* Which triples a table takes: all, those with a member-member overlap, or
 * those without; and whether pairs with the hub are left to the summary. */
enum { T_ALL, T_MEMBER, T_PART };

static int takes(int which, const trip *t)
{
    return which == T_ALL || (which == T_MEMBER) == (t->member != 0);
}

/* Rows of table T for the triples TR[0..N): one per pair, weight = number
 * of distinct connectors.  Returns the number of rows. */
static size_t pair_rows(ictx *c, rg_result *r, rg_table *t, const trip *tr, size_t n, int which,
                        int skip_hub, int explain)
{
    const rg_graph *g = c->g;
    pair *p = malloc((n ? n : 1) * sizeof *p);
    size_t np = 0;
    if (p == NULL) {
        r->oom = 1;
        return 0;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i, k = 0;
        for (; j < n && tr[j].x == tr[i].x && tr[j].y == tr[i].y; j++)
            k += takes(which, &tr[j]);
        if (k > 0 && !(skip_hub && (tr[i].x == c->hub || tr[i].y == c->hub)))
            p[np++] = (pair){i, (long)k};
        i = j;
    }
    const void *ctx[2] = {tr, c};
    rg_sort(p, np, sizeof *p, pair_cmp, ctx);
    rg_buf b;
    rg_buf_init(&b);
    for (size_t k = 0; k < np; k++) {
        const trip *a = &tr[p[k].first];
        rg_buf_clear(&b);
        for (size_t i = p[k].first, m = 0; i < n && tr[i].x == a->x && tr[i].y == a->y; i++) {
            if (!takes(which, &tr[i]))
                continue;
            rg_buf_printf(&b, "%s%s", m++ ? "; " : "", rg_node_label(g, &g->nodes[tr[i].via]));
            if (explain) {
                rg_buf_puts(&b, " (");
                link_words(c, tr[i].via, a->x, &b);
                rg_buf_puts(&b, ", ");
                link_words(c, tr[i].via, a->y, &b);
                rg_buf_puts(&b, ")");
            }
            c->shown[tr[i].via] = 1;
        }
        c->shown[a->x] = c->shown[a->y] = 1;
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        rg_cell_str(&row[0], g->nodes[a->x].id);
        rg_cell_str(&row[1], g->nodes[a->y].id);
        rg_cell_int(&row[2], p[k].weight);
        rg_cell_split(r, &row[3], rg_buf_str(&b), "; ");
    }
    r->oom |= b.oom; /* a text cut short: no answer */
    rg_buf_destroy(&b);
    free(p);
    return np;
}

/* Members (and participants) of two or more bodies, with each body and, when
 * not a membership, the kind of the tie. */
static void member_rows(ictx *c, rg_result *r)
{
    const rg_graph *g = c->g;
    rg_table *t = rg_result_table(r, "members", "Members of two or more bodies", RG_STYLE_COLUMNS,
                                  "id", "kind", "name", "bodies", "of", NULL);
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; t && i < c->nlinks;) {
        size_t j = i, nb = 0;
        int64_t v = c->links[i].conn;
        for (; j < c->nlinks && c->links[j].conn == v; j++)
            if (c->links[j].cls <= L_PART && (j == i || c->links[j].body != c->links[j - 1].body ||
                                              c->links[j - 1].cls > L_PART))
                nb++;
        if (nb >= 2) {
            rg_buf_clear(&b);
            size_t m = 0;
            for (size_t k = i; k < j; k++) {
                const link *l = &c->links[k];
                if (l->cls > L_PART ||
                    (k > i && c->links[k - 1].body == l->body && c->links[k - 1].cls <= L_PART))
                    continue;
                rg_buf_printf(&b, "%s%s", m++ ? ", " : "", rg_node_label(g, &g->nodes[l->body]));
                if (l->cls == L_PART)
                    rg_buf_printf(&b, " (%s)", g->schema->edge_kinds[l->kind].base.name);
                c->shown[l->body] = 1;
            }
            c->shown[v] = 1;
            rg_cell *row = rg_table_row(r, t);
            if (row == NULL)
                break;
            rg_cell_str(&row[0], g->nodes[v].id);
            rg_cell_str(&row[1], g->schema->node_kinds[g->nodes[v].kind].name);
            rg_cell_str(&row[2], g->nodes[v].name);
            rg_cell_int(&row[3], (long long)nb);
            rg_cell_split(r, &row[4], rg_buf_str(&b), ", ");
        }
        i = j;
    }
    r->oom |= b.oom; /* a text cut short: no answer */
    rg_buf_destroy(&b);
}

static int int64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* A partner of the hub and how many agreements it shares with it. */
typedef struct partner {
    int64_t node;
    size_t n;
} partner;

static int partner_cmp(const void *a, const void *b, void *ctx)
{
    return rcmp(ctx, ((const partner *)a)->node, ((const partner *)b)->node);
}

/* The hub's agreement partners, as one row: each agreement pairs the hub
 * with its other parties by construction, which is not an interlock.  A
 * partner with more than one agreement shows how many. */
static void hub_rows(ictx *c, rg_result *r, const trip *tr, size_t n)
{
    const rg_graph *g = c->g;
    partner *part = malloc((n ? n : 1) * sizeof *part);
    int64_t *via = malloc((n ? n : 1) * sizeof *via);
    size_t np = 0, nv = 0;
    if (!part || !via) {
        r->oom = 1;
        free(part);
        free(via);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (tr[i].x == c->hub || tr[i].y == c->hub) {
            int64_t other = tr[i].x == c->hub ? tr[i].y : tr[i].x;
            if (np == 0 || part[np - 1].node != other) /* triples are grouped by pair */
                part[np++] = (partner){other, 0};
            part[np - 1].n++;
            via[nv++] = tr[i].via;
            c->shown[tr[i].via] = 1; /* a merged agreement shows its evidence */
        }
    if (np > 0) {
        size_t nd = 0;
        qsort(via, nv, sizeof *via, int64_cmp);
        rg_sort(part, np, sizeof *part, partner_cmp, c);
        for (size_t i = 0; i < nv; i++)
            nd += i == 0 || via[i] != via[i - 1];
        rg_table *t = rg_result_table(
            r, "hub_partners", "The hub's agreement partners (each agreement, not an interlock)",
            RG_STYLE_COLUMNS, "hub", "bodies", "agreements", "with", NULL);
        rg_buf b;
        rg_buf_init(&b);
        for (size_t i = 0; i < np; i++) {
            rg_buf_printf(&b, "%s%s", i ? ", " : "", g->nodes[part[i].node].id);
            if (part[i].n > 1)
                rg_buf_printf(&b, " (%zu)", part[i].n);
        }
        rg_cell *row = t ? rg_table_row(r, t) : NULL;
        if (row) {
            rg_cell_str(&row[0], g->nodes[c->hub].id);
            rg_cell_int(&row[1], (long long)np);
            rg_cell_int(&row[2], (long long)nd);
            rg_cell_split(r, &row[3], rg_buf_str(&b), ", ");
        }
        r->oom |= b.oom; /* a text cut short: no answer */
        rg_buf_destroy(&b);
        rg_result_note(r,
                       "%zu pair%s of the hub (%s) with one agreement partner summarised in one "
                       "row, not listed as interlocks",
                       np, np == 1 ? "" : "s", g->nodes[c->hub].id);
    }
    free(part);
    free(via);
}

size_t *rg_node_ranks(const rg_graph *g)
{
    size_t nv = g->nnodes ? g->nnodes : 1;
    int64_t *order = malloc(nv * sizeof *order);
    size_t *rank = malloc(nv * sizeof *rank);
    if (order && rank) {
        for (size_t v = 0; v < g->nnodes; v++)
            order[v] = (int64_t)v;
        rg_sort_nodes(g, order, g->nnodes); /* natural order of ids */
        for (size_t i = 0; i < g->nnodes; i++)
            rank[order[i]] = i;
    } else {
        free(rank);
        rank = NULL;
    }
    free(order);
    return rank;
}

/* Flags, entities, natural ranks and the hub. */
static rg_status setup(ictx *c, rg_error *err)
{
    const rg_graph *g = c->g;
    const rg_interlocks_opts *o = c->o;
    rg_status st;
    c->ak = c->pe = -1;
    c->hub = -1;
    if ((st = rg_edge_kind_flags(g, o->member_edges, "member_edges", &c->member_k, err)) ||
        (st = rg_edge_kind_flags(g, o->participation_edges, "participation_edges", &c->part_k,
                                 err)) ||
        (st = rg_node_kind_flags(g, o->body_kinds, "body_kinds", &c->body_k, err)) ||
        (st = rg_node_kind_flags(g, o->programme_kinds, "programme_kinds", &c->prog_k, err)))
        return st;
    /* an edge kind that is a membership is not also a participation (the
     * schema's engage_edges, the default, hold both) */
    for (size_t k = 0; k < g->schema->n_edge_kinds; k++)
        if (c->member_k[k])
            c->part_k[k] = 0;
    if (o->agreement_kind && o->agreement_kind[0] &&
        ((st = rg_node_kind_named(g, o->agreement_kind, "agreement_kind", &c->ak, err)) ||
         (st = rg_edge_kind_named(g, o->party_edge, "party_edge", &c->pe, err))))
        return st;
    if (!(o->body_kinds && o->body_kinds[0]))
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                            "interlocks needs the role body_kinds (the schema binds none; give "
                            "body_kinds)");
    if (!(o->member_edges && o->member_edges[0]) &&
        !(o->participation_edges && o->participation_edges[0]) && c->pe < 0)
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                            "interlocks needs ties to project: the roles member_edges, "
                            "engage_edges (participation) or agreement_kind with party_edge; "
                            "the schema binds none of them (give member_edges)");
    if ((st = rg_entities_init(g, o->alias_edges, !o->no_merge, &c->ent, err)))
        return st;
    c->rank = rg_node_ranks(g);
    c->shown = calloc(g->nnodes ? g->nnodes : 1, 1);
    if (!c->rank || !c->shown)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    if (c->pe >= 0) {
        int64_t h;
        st = rg_find_hub(g, o->hub, o->agreement_kind, o->party_edge, &h, err);
        if (st == RG_ENOTFOUND && !(o->hub && o->hub[0]))
            st = RG_OK, h = -1; /* no agreements: no hub to summarise */
        if (st)
            return st;
        c->hub = h >= 0 ? rg_entity_rep(&c->ent, h) : -1;
    }
    return RG_OK;
}

static void notes(ictx *c, rg_result *r)
{
    const rg_interlocks_opts *o = c->o;
    /* the participation kinds in force: the option's, less the member kinds */
    rg_buf part;
    rg_buf_init(&part);
    for (size_t k = 0; k < c->g->schema->n_edge_kinds; k++)
        if (c->part_k[k])
            rg_buf_printf(&part, "%s%s", part.len ? "," : "",
                          c->g->schema->edge_kinds[k].base.name);
    rg_result_note(r,
                   "ties to bodies of kind %s: members by %s; participants by %s; programmes of "
                   "kind %s; agreements by %s; each kind of tie apart",
                   o->body_kinds, o->member_edges && o->member_edges[0] ? o->member_edges : "-",
                   part.len ? rg_buf_str(&part) : "-",
                   o->programme_kinds && o->programme_kinds[0] ? o->programme_kinds : "-",
                   c->pe >= 0 ? o->party_edge : "-");
    if (c->ent.nentities < c->ent.nnodes)
        rg_result_note(r,
                       "nodes joined by %s taken as one entity (%zu merged); no_merge keeps "
                       "them apart",
                       o->alias_edges, c->ent.nnodes - c->ent.nentities);
    if (c->dropped[0] || c->dropped[1])
        rg_result_note(r,
                       "left out, sharing only tenures that do not overlap: %zu pair%s of bodies, "
                       "%zu of members",
                       c->dropped[0], c->dropped[0] == 1 ? "" : "s", c->dropped[1]);
    if (o->as_of.year) {
        char d[16];
        rg_date_format(o->as_of, d, sizeof d);
        rg_result_note(r, "tenures holding on %s only (start <= %s <= end; undated ones count)", d,
                       d);
    }
    r->oom |= part.oom; /* a text cut short: no answer */
    rg_buf_destroy(&part);
}

rg_status rg_interlocks(const rg_graph *g, const rg_interlocks_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "interlocks");
    ictx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.o = o;
    trip *t[4] = {NULL, NULL, NULL, NULL};
    size_t nt[4] = {0, 0, 0, 0};
    /* which link classes each projection takes */
    static const unsigned char people[4] = {1, 1, 0, 0}, prog[4] = {0, 0, 1, 0},
                               agree[4] = {0, 0, 0, 1}, members[4] = {1, 0, 0, 0};
    rg_status st;
    rg_progress_begin(g->progress, "interlocks: projections", 5, 0);
    if ((st = setup(&c, err)) == RG_OK && (st = collect(&c, err)) == RG_OK) {
        const unsigned char *which[4] = {people, prog, agree, members};
        for (int i = 0; i < 4 && st == RG_OK; i++) {
            rg_progress_tick(g->progress, 1);
            st = project(&c, which[i], i == 3, &t[i], &nt[i], err);
        }
    }
    rg_progress_end(g->progress);
    if (st != RG_OK)
        goto out;
    rg_result_title(r, "Interlocks: shared members, participants, programmes and agreements");
    notes(&c, r);
    member_rows(&c, r);
    static const struct {
        const char *name, *title;
        int proj, which, skip_hub, explain;
    } tabs[] = {
        {"pairs", "Bodies linked by shared members", 0, T_MEMBER, 0, 0},
        {"participant_pairs",
         "Bodies linked by a shared participant (one tie or both not a "
         "membership)",
         0, T_PART, 0, 1},
        {"programme_pairs", "Bodies linked by shared programmes", 1, T_ALL, 0, 0},
        {"agreement_pairs", "Bodies party to the same agreements (the hub's pairs apart)", 2, T_ALL,
         1, 0},
        {"member_pairs", "Members linked by shared bodies", 3, T_MEMBER, 0, 0},
    };
    for (size_t k = 0; k < sizeof tabs / sizeof *tabs; k++) {
        int pj = tabs[k].proj;
        if ((pj == 1 && !(o->programme_kinds && o->programme_kinds[0])) || (pj == 2 && c.pe < 0) ||
            (k == 1 && !(o->participation_edges && o->participation_edges[0])))
            continue; /* a role not bound: no table, rather than an empty one */
        rg_table *tb = rg_result_table(r, tabs[k].name, tabs[k].title, RG_STYLE_COLUMNS, "a", "b",
                                       "weight", pj == 3 ? "bodies" : "shared", NULL);
        if (tb)
            pair_rows(&c, r, tb, t[pj], nt[pj], tabs[k].which, tabs[k].skip_hub && c.hub >= 0,
                      tabs[k].explain);
    }
    if (c.hub >= 0)
        hub_rows(&c, r, t[2], nt[2]);
    rg_entities_rows(r, g, &c.ent, c.shown);
    st = rg_result_check(r, err);
out:
    for (int k = 0; k < 4; k++)
        free(t[k]);
    free(c.member_k);
    free(c.part_k);
    free(c.body_k);
    free(c.prog_k);
    free(c.shown);
    free(c.rank);
    free(c.links);
    rg_entities_destroy(&c.ent);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

/* ---- its declaration in the registry (rg_registry.h) ---------------------- */

static const rg_param interlocks_params[] = {
    /* none of the ties is required: interlocks says when there is none to project */
    ROLE("member_edges", RG_P_EDGE_KINDS, RG_ROLE_MEMBER_EDGES, rg_interlocks_opts, member_edges,
         NULL, 0, "edge kinds: member -> body"),
    ROLE("participation_edges", RG_P_EDGE_KINDS, RG_ROLE_ENGAGE_EDGES, rg_interlocks_opts,
         participation_edges, NULL, 0,
         "edge kinds: takes part in a body or programme (member edges aside)"),
    ROLE("body_kinds", RG_P_NODE_KINDS, RG_ROLE_BODY_KINDS, rg_interlocks_opts, body_kinds, NULL,
         REQ, "node kinds counted as bodies"),
    ROLE("programme_kinds", RG_P_NODE_KINDS, RG_ROLE_PROGRAMME_KINDS, rg_interlocks_opts,
         programme_kinds, NULL, 0, "node kinds of shared programmes"),
    ROLE("agreement_kind", RG_P_NODE_KIND, RG_ROLE_AGREEMENT_KIND, rg_interlocks_opts,
         agreement_kind, NULL, 0, "node kind of agreements"),
    ROLE("party_edge", RG_P_EDGE_KIND, RG_ROLE_PARTY_EDGE, rg_interlocks_opts, party_edge, NULL, 0,
         "edge kind: party to agreement"),
    ROLE("hub", RG_P_NODE, RG_ROLE_HUB, rg_interlocks_opts, hub, NULL, 0, HUB_HELP),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_interlocks_opts, alias_edges, NULL,
         0, ALIAS_HELP),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_interlocks_opts, no_merge), NULL, 0, 0,
     NULL, 0, MERGE_HELP},
    ROLE("start_attr", RG_P_EDGE_ATTR, RG_ROLE_START_ATTR, rg_interlocks_opts, start_attr,
         "member_edges", 0, "tenure start attribute"),
    ROLE("end_attr", RG_P_EDGE_ATTR, RG_ROLE_END_ATTR, rg_interlocks_opts, end_attr, "member_edges",
         0, "tenure end attribute"),
    ROLE("stated_attr", RG_P_EDGE_ATTR, RG_ROLE_STATED_ATTR, rg_interlocks_opts, as_of_attr,
         "member_edges", 0, "the date a source states a tenure"),
    {"as_of", RG_P_DATE, NOROLE, NULL, offsetof(rg_interlocks_opts, as_of), NULL, 0, 0, NULL, 0,
     "only tenures that hold on this date (default: all)"},
    END};

static rg_status run_interlocks(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_interlocks(g, o, r, err);
}

const rg_analysis_def rg_interlocks_def = {
    "interlocks",
    "interlocks: bodies tied by shared members, participants, programmes, agreements",
    "Members of two or more bodies; pairs of bodies tied by shared members, by a\n"
    "shared participant, by shared programmes and by shared agreements, each\n"
    "kind in its own table, weighted, with the names that tie them (the hub's\n"
    "pairs with one agreement partner summarised in one row); and the other\n"
    "projection, members tied by the bodies they share.  Nodes joined by alias\n"
    "edges are one entity.  A tie counts when two tenures overlap (ends\n"
    "inclusive); with as_of, only tenures that hold on that date.",
    interlocks_params,
    sizeof(rg_interlocks_opts),
    offsetof(rg_interlocks_opts, subset),
    run_interlocks,
    "id, name, bodies, count",
    4};

/* rg_risks.c: key-person and single-agreement dependencies.
 *
 * The graph is the quotient graph of rg_quotient: one vertex per entity
 * (rows joined by alias edges are one), the edge kinds `relgraph links`
 * walks minus SKIP_EDGES and alias edges, followed either way, parallel
 * links once.  One depth-first pass from the hub gives every vertex its
 * discovery time and low point (Hopcroft and Tarjan): the vertices cut off
 * from the hub by the loss of V are exactly those in the subtrees of V's
 * DFS children C with low(C) >= disc(V).  Counting counterparties per
 * subtree on the way back up gives every cut's count in O(V + E), and
 * numbering counterparties in preorder makes each subtree's counterparties
 * one contiguous run, so listing N of them costs O(N), not O(V).
 *
 * What a reader gets:
 *   - people, teams and bodies whose loss cuts counterparties off, ranked;
 *   - one table of counterparties tied to the hub by a single agreement
 *     (the nearest agreement that separates them): true by construction for
 *     every bilateral agreement, so summed up rather than ranked;
 *   - class rows (an agreement node that stands for several agreements) and
 *     the hub's own documents (no party but the hub, or of a type the schema
 *     calls the hub's own: its bylaws) are not counted as a counterparty's
 *     single agreement: they are named in a note. */
#include <stdlib.h>
#include <string.h>

#include "../core/rg_bigmem.h"
#include "../core/rg_list.h"
#include "../core/rg_sort.h"
#include "rg_analysis.h"
#include "rg_registry.h"

/* What the depth-first pass keeps per reached vertex, in one record of 32
 * bytes, so that a vertex's visits touch one cache line rather than seven
 * arrays.  The records are indexed by discovery time, not by vertex: the
 * pass writes them in order going down and reads them back in reverse
 * order coming up (its stack is the path from the hub), so they stream
 * through the cache instead of costing a miss at each step; the vertex's
 * own number is only needed to find its neighbour list.  Vertices and
 * times are 32-bit (rg_quotient's adjacency: at most INT32_MAX). */
typedef struct rvert {
    int32_t v;      /* the vertex discovered at this time */
    int32_t parent; /* the DFS parent's discovery time (-1: the hub) */
    int32_t size;   /* vertices in the DFS subtree */
    int32_t sub;    /* counterparties in the subtree */
    int32_t cut;    /* counterparties the vertex cuts off */
    int32_t low;    /* low point */
    /* during the pass, where the vertex's neighbour list stands and ends;
     * after it, the discovery time of the nearest separating cut and the
     * nearest separating agreement (a vertex; -1: none) between it and the
     * hub */
    union {
        uint32_t at;
        int32_t sep_at;
    } a;
    union {
        uint32_t end;
        int32_t agr_at;
    } b;
} rvert;

typedef struct risks {
    const rg_graph *g;
    const rg_risks_opts *o;
    rg_entities e;
    rg_quotient q;
    unsigned char *edge_ok, *person, *body;
    int ak, pe;   /* agreement kind, party edge kind (or -1) */
    int32_t root; /* the hub's vertex */
    size_t nv, ncp, reached;
    unsigned char *is_cp, *own_doc, *shown; /* per vertex */
    unsigned char *sep; /* per discovery time: its parent separates its subtree */
    int *kind;          /* per vertex: its representative's node kind */
    rvert *tv;          /* per discovery time (reached vertices) */
    int32_t *disc;      /* per vertex: its discovery time (reached vertices only) */
    int32_t *pre;       /* preorder: vertex at each discovery time */
    int32_t *cps;       /* reached counterparties, in preorder */
    int32_t *cpre;      /* cpre[i]: counterparties among pre[0 .. i) */
} risks;

static rg_status nomem(rg_error *err)
{
    return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
}

static int32_t *alloc32(size_t n)
{
    return rg_big_alloc((n ? n : 1) * sizeof(int32_t));
}

/* N zeroed bytes, in huge pages when large (rg_big_alloc: fresh memory in
 * 4 KiB pages costs twenty times more to fault in) */
static unsigned char *zeroed(size_t n)
{
    unsigned char *p = rg_big_alloc(n);
    if (p)
        memset(p, 0, n);
    return p;
}

static void risks_free(risks *k)
{
    rg_quotient_destroy(&k->q);
    rg_entities_destroy(&k->e);
    free(k->edge_ok);
    free(k->person);
    free(k->body);
    free(k->is_cp);
    free(k->sep);
    free(k->own_doc);
    free(k->shown);
    free(k->kind);
    free(k->tv);
    free(k->disc);
    free(k->pre);
    free(k->cps);
    free(k->cpre);
}

static int vertex_kind(const risks *k, int64_t x)
{
    return k->kind[x];
}

/* Whether any member of vertex X's entity is a counterparty in the subset. */
static int entity_flag(const risks *k, int64_t x)
{
    const rg_entities *e = &k->e;
    int64_t rep = k->q.node_of[x];
    for (size_t m = e->member_start[rep]; m < e->member_start[rep + 1]; m++) {
        int64_t v = e->members[m];
        if ((k->o->subset == NULL || k->o->subset[v]) && rg_node_flag(k->g, v, k->o->select_attr))
            return 1;
    }
    return 0;
}

/* Whether a member of vertex X has a type (TYPE_ATTR) listed in OWN_TYPES. */
static int own_type(const risks *k, int64_t x)
{
    const char *attr = k->o->type_attr, *list = k->o->own_types;
    if (!attr || !attr[0] || !list || !list[0])
        return 0;
    int64_t rep = k->q.node_of[x];
    for (size_t m = k->e.member_start[rep]; m < k->e.member_start[rep + 1]; m++) {
        const rg_value *v = rg_node_attr(k->g, &k->g->nodes[k->e.members[m]], attr);
        if (v == NULL || v->type != RG_T_STRING)
            continue;
        if (rg_list_has(list, v->u.s))
            return 1;
    }
    return 0;
}

/* How many agreements vertex X stands for: the largest class count of its
 * members (1 when none says). */
static double class_count(const risks *k, int64_t x)
{
    const char *attr = k->o->class_count_attr;
    double best = 1;
    if (attr == NULL || attr[0] == '\0')
        return best;
    int64_t rep = k->q.node_of[x];
    for (size_t m = k->e.member_start[rep]; m < k->e.member_start[rep + 1]; m++) {
        const rg_value *v = rg_node_attr(k->g, &k->g->nodes[k->e.members[m]], attr);
        if (v && v->type == RG_T_NUMBER && v->u.n > best)
            best = v->u.n;
    }
    return best;
}

static rg_status setup(risks *k, rg_error *err)
{
    const rg_graph *g = k->g;
    const rg_risks_opts *o = k->o;
    rg_status st;
    int64_t hub;
    k->pe = k->ak = -1; /* "": no agreements (nothing is summed up as a single agreement) */
    if ((st = rg_find_hub(g, o->hub, o->agreement_kind, o->party_edge, &hub, err)) ||
        (o->agreement_kind && o->agreement_kind[0] &&
         (st = rg_node_kind_named(g, o->agreement_kind, "agreement_kind", &k->ak, err))) ||
        (o->party_edge && o->party_edge[0] &&
         (st = rg_edge_kind_named(g, o->party_edge, "party_edge", &k->pe, err))) ||
        (st = rg_node_kind_flags(g, o->person_kinds, "person_kinds", &k->person, err)) ||
        (st = rg_node_kind_flags(g, o->body_kinds, "body_kinds", &k->body, err)) ||
        (st = rg_topology_init(g, o->skip_edges, o->alias_edges, o->no_merge, &k->e, &k->edge_ok,
                               err)) ||
        (st = rg_quotient_init(g, k->edge_ok, &k->e, RG_Q_ADJ, &k->q, err)))
        return st;
    size_t nv = k->nv = k->q.n;
    k->root = (int32_t)k->q.vertex_of[hub];
    k->is_cp = zeroed(nv + 1);
    k->sep = zeroed(nv + 1);
    k->own_doc = zeroed(nv + 1);
    k->shown = zeroed(g->nnodes + 1);
    k->kind = rg_big_alloc((nv ? nv : 1) * sizeof *k->kind);
    k->tv = rg_big_alloc((nv ? nv : 1) * sizeof *k->tv);
    k->disc = alloc32(nv);
    k->pre = alloc32(nv);
    k->cps = alloc32(nv);
    k->cpre = alloc32(nv + 1);
    if (!k->is_cp || !k->sep || !k->own_doc || !k->shown || !k->kind || !k->tv || !k->disc ||
        !k->pre || !k->cps || !k->cpre)
        return nomem(err);
    /* one pass over the vertices: kinds, counterparties, and the agreements
     * the schema's types call the hub's own (its bylaws), though the
     * catalogue may list the community they serve as a party (bit 2, kept
     * whatever the party edges say) */
    for (size_t x = 0; x < nv; x++) {
        k->kind[x] = g->nodes[k->q.node_of[x]].kind;
        k->is_cp[x] = (int64_t)x != k->root && entity_flag(k, (int64_t)x);
        k->ncp += k->is_cp[x];
        if (k->kind[x] == k->ak && own_type(k, (int64_t)x))
            k->own_doc[x] = 2;
    }

    if (k->pe >= 0) {
        unsigned char *other = zeroed(nv + 1);
        if (other == NULL)
            return nomem(err);
        rg_ends ends = rg_ends_of(g);
        for (size_t i = 0; i < g->nedges; i++) {
            if (rg_end_kind(g, &ends, i) != k->pe)
                continue;
            int64_t a = k->q.vertex_of[rg_end_from(g, &ends, i)],
                    b = k->q.vertex_of[rg_end_to(g, &ends, i)];
            if (vertex_kind(k, b) == k->ak) {
                k->own_doc[b] |= a == k->root;
                other[b] |= a != k->root;
            }
        }
        for (size_t x = 0; x < nv; x++)
            k->own_doc[x] = (k->own_doc[x] & 2) || ((k->own_doc[x] & 1) && !other[x]);
        free(other);
    }
    return RG_OK;
}

/* Two bits per vertex for the depth-first pass: reached (1) and on the
 * stack (2).  A quarter of a megabyte at a million vertices, so the test
 * made for every adjacency entry stays in cache. */
static unsigned vstate(const uint64_t *st, uint32_t v)
{
    return (unsigned)(st[v >> 5] >> ((v & 31) * 2)) & 3;
}

/* Reaching vertex W at time T from the vertex discovered at time P: its
 * record, filled at once (size, counts, where its neighbour list lies). */
static void discover(risks *k, uint64_t *st, int32_t *stack, size_t *sp, int32_t w, int32_t p,
                     int32_t t)
{
    rvert *r = &k->tv[t];
    r->v = w;
    r->parent = p;
    r->size = 1;
    r->sub = k->is_cp[w];
    r->cut = 0;
    r->low = k->disc[w] = t;
    r->a.at = k->q.adj_start[w];
    r->b.end = k->q.adj_start[w + 1];
    k->pre[t] = w;
    st[(uint32_t)w >> 5] |= (uint64_t)3 << (((uint32_t)w & 31) * 2);
    stack[(*sp)++] = t;
    /* W's first neighbours are looked at next (their discovery time) and the
     * first not reached is discovered at once (where its list starts): both
     * reads at random in arrays of megabytes, asked for now so that their
     * misses overlap rather than wait one after another down the path (a
     * third of the pass, measured at a million vertices) */
    const uint32_t *adj = k->q.adj;
    for (uint32_t i = r->a.at, e = r->b.end; i < e && i < r->a.at + 8; i++) {
        __builtin_prefetch(&k->q.adj_start[adj[i]]);
        __builtin_prefetch(&k->disc[adj[i]]);
    }
}

/* The vertex of time T: its children are done: its counts go to its
 * parent, and whether the parent separates its subtree from the hub. */
static void finish(risks *k, int32_t t)
{
    rvert *r = &k->tv[t]; /* its sub counts the vertex itself from the start */
    if (r->parent < 0)
        return;
    rvert *pr = &k->tv[r->parent];
    if (r->low < pr->low)
        pr->low = r->low;
    pr->size += r->size;
    pr->sub += r->sub;
    if (r->low >= r->parent) { /* the parent's discovery time */
        k->sep[t] = 1;         /* the parent separates the subtree from the hub */
        pr->cut += r->sub;
    }
}

/* After the pass, in preorder (a parent before its children): the
 * counterparties in preorder, and for each vertex the nearest cut (and the
 * nearest agreement cut) between it and the hub. */
static void nearest_cuts(risks *k)
{
    int32_t n = 0, t = (int32_t)k->reached;
    for (int32_t i = 0; i < t; i++) {
        rvert *r = &k->tv[i];
        int32_t u = r->v;
        k->cpre[i] = n;
        if (k->is_cp[u])
            k->cps[n++] = u;
        if (i == 0) { /* the hub */
            r->a.sep_at = 0;
            r->b.agr_at = -1;
            continue;
        }
        int32_t p = r->parent;
        int32_t s = k->sep[i] ? p : k->tv[p].a.sep_at;
        r->a.sep_at = s;
        r->b.agr_at = s == 0                               ? -1
                      : vertex_kind(k, k->pre[s]) == k->ak ? k->pre[s]
                                                           : k->tv[s].b.agr_at;
    }
    k->cpre[t] = n;
}

/* The depth-first pass, iterative (a chain of a million nodes must not
 * overflow the stack): discovery times, low points, subtree sizes and
 * counterparty counts, and for every vertex the counterparties it cuts off.
 * The stack is the path from the hub, so a reached neighbour is an
 * ancestor when on it and a finished descendant otherwise; only an
 * ancestor other than the parent can lower the low point (the parent's own
 * edge never changes whether it separates), so only those are looked up. */
static rg_status dfs(risks *k, rg_error *err)
{
    const uint32_t *adj = k->q.adj;
    const int32_t *disc = k->disc;
    int32_t *stack = alloc32(k->nv);
    uint64_t *st = (uint64_t *)(void *)zeroed((k->nv / 32 + 1) * sizeof *st);
    if (!stack || !st) {
        free(stack);
        free(st);
        return nomem(err);
    }
    int32_t t = 0;
    size_t sp = 0;
    discover(k, st, stack, &sp, k->root, -1, t++);
    while (sp > 0) {
        int32_t tv = stack[sp - 1], down = -1;
        rvert *r = &k->tv[tv];
        uint32_t at = r->a.at, end = r->b.end;
        int32_t low = r->low;
        while (at < end) {
            uint32_t w = adj[at++];
            unsigned s = vstate(st, w);
            if (s == 0) {
                down = (int32_t)w;
                break;
            }
            if ((s & 2) && disc[w] != r->parent && disc[w] < low)
                low = disc[w];
        }
        r->a.at = at;
        r->low = low;
        if (down >= 0) {
            discover(k, st, stack, &sp, down, tv, t++);
            continue;
        }
        sp--;
        st[(uint32_t)r->v >> 5] &= ~((uint64_t)2 << (((uint32_t)r->v & 31) * 2));
        rg_progress_tick(k->g->progress, 1);
        finish(k, tv);
    }
    k->reached = (size_t)t;
    free(stack);
    free(st);
    nearest_cuts(k);
    return RG_OK;
}

/* Vertices by their representative's id, in reader order. */
static int by_id(const void *a, const void *b, void *ctx)
{
    const risks *k = ctx;
    const rg_graph *g = k->g;
    return rg_strnatcmp(g->nodes[k->q.node_of[*(const int32_t *)a]].id,
                        g->nodes[k->q.node_of[*(const int32_t *)b]].id);
}

/* Cuts (by discovery time) by counterparties cut off, most first, then by id. */
static int by_cut(const void *a, const void *b, void *ctx)
{
    const risks *k = ctx;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    if (k->tv[x].cut != k->tv[y].cut)
        return k->tv[x].cut > k->tv[y].cut ? -1 : 1;
    return by_id(&k->pre[x], &k->pre[y], ctx);
}

static void put_ids(risks *k, int64_t x, rg_buf *b)
{
    int64_t rep = k->q.node_of[x];
    rg_entity_ids(k->g, &k->e, rep, b);
    k->shown[rep] = 1;
}

/* The counterparties the cut discovered at time V cuts off, at most MAX
 * (0: all), in reader order; "... and N more" after them when not all are
 * listed.  V's DFS children are consecutive subtrees in preorder, so no
 * adjacency is needed. */
static void list_cut(risks *k, int32_t v, int32_t *buf, rg_buf *b)
{
    size_t max = k->o->max_listed > 0 ? (size_t)k->o->max_listed : 0, n = 0;
    int64_t end = (int64_t)v + k->tv[v].size;
    for (int64_t i = (int64_t)v + 1; i < end && (!max || n < max);) {
        if (k->sep[i])
            for (int64_t j = k->cpre[i]; j < k->cpre[i + k->tv[i].size] && (!max || n < max); j++)
                buf[n++] = k->cps[j];
        i += k->tv[i].size;
    }
    (void)rg_sort(buf, n, sizeof *buf, by_id, k); /* on failure: left in search order */
    for (size_t i = 0; i < n; i++) {
        if (i)
            rg_buf_puts(b, ", ");
        put_ids(k, buf[i], b);
    }
    if ((int64_t)n < k->tv[v].cut)
        rg_buf_printf(b, " ... and %lld more", (long long)(k->tv[v].cut - (int64_t)n));
}

static const char *kind_name(const risks *k, int64_t x)
{
    return k->g->schema->node_kinds[vertex_kind(k, x)].name;
}

/* The ranking of people, teams and bodies; other cuts that are not
 * agreements (programmes, events) are named in a note. */
static void cuts_table(risks *k, rg_result *r, int32_t *order, int32_t *buf)
{
    const rg_graph *g = k->g;
    size_t n = 0, nother = 0;
    for (int64_t i = 1; i < (int64_t)k->reached; i++) {
        int32_t x = k->pre[i];
        if (k->tv[i].cut > 0 && (k->person[vertex_kind(k, x)] || k->body[vertex_kind(k, x)]))
            order[n++] = (int32_t)i; /* by discovery time */
    }
    (void)rg_sort(order, n, sizeof *order, by_cut, k);
    rg_table *t =
        rg_result_table(r, "cuts", "People, teams and bodies, ranked by counterparties cut off",
                        RG_STYLE_COLUMNS, "id", "kind", "name", "cut_off", "counterparties", NULL);
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; t && i < n; i++) {
        int64_t x = k->pre[order[i]], rep = k->q.node_of[x];
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        k->shown[rep] = 1;
        rg_buf_clear(&b);
        list_cut(k, order[i], buf, &b);
        rg_cell_str(&row[0], g->nodes[rep].id);
        rg_cell_str(&row[1], kind_name(k, x));
        rg_cell_str(&row[2], g->nodes[rep].name);
        rg_cell_int(&row[3], (long long)k->tv[order[i]].cut);
        rg_cell_split(r, &row[4], rg_buf_str(&b), ", ");
    }
    /* a list cut short by a failed allocation is not an answer */
    if (b.oom)
        r->oom = 1;
    /* the rest: cuts of other kinds, agreements aside (summed up below) */
    rg_buf_clear(&b);
    n = 0;
    for (int64_t i = 1; i < (int64_t)k->reached; i++) {
        int32_t x = k->pre[i];
        int kd = vertex_kind(k, x);
        if (k->tv[i].cut > 0 && !k->person[kd] && !k->body[kd] && kd != k->ak)
            order[n++] = (int32_t)i;
    }
    (void)rg_sort(order, n, sizeof *order, by_cut, k);
    size_t max = k->o->max_listed > 0 ? (size_t)k->o->max_listed : n;
    for (size_t i = 0; i < n && i < max; i++, nother++)
        rg_buf_printf(&b, "%s%s (%s, %lld)", i ? ", " : "",
                      g->nodes[k->q.node_of[k->pre[order[i]]]].id, kind_name(k, k->pre[order[i]]),
                      (long long)k->tv[order[i]].cut);
    if (b.oom)
        r->oom = 1;
    else if (n)
        rg_result_note(r, "cuts of other kinds, not ranked: %s%s", rg_buf_str(&b),
                       n > nother ? " ..." : "");
    rg_buf_destroy(&b);
}

/* Pairs (agreement, counterparty) by agreement id, then counterparty id. */
static int by_pair(const void *a, const void *b, void *ctx)
{
    const int32_t *x = a, *y = b;
    int c = by_id(&x[0], &y[0], ctx);
    return c ? c : by_id(&x[1], &y[1], ctx);
}

/* Counterparties whose nearest separating cut of agreement kind is one
 * agreement: one row each.  Class rows and the hub's own documents are not
 * a counterparty's single agreement: named in a note instead. */
static void single_table(risks *k, rg_result *r, int32_t *order, int32_t *pairs)
{
    const rg_graph *g = k->g;
    size_t n = 0, np = 0;
    for (size_t j = 0; j < (size_t)k->cpre[k->reached]; j++) {
        int32_t x = k->cps[j], a = k->tv[k->disc[x]].b.agr_at;
        if (a < 0)
            continue;
        if (k->own_doc[a] || class_count(k, a) > 1) {
            pairs[2 * np] = a;
            pairs[2 * np++ + 1] = x;
        } else {
            order[n++] = x;
        }
    }
    (void)rg_sort(order, n, sizeof *order, by_id, k);
    if (n)
        rg_result_note(r,
                       "%zu counterpart%s tied to the hub by one agreement only: the nearest "
                       "agreement whose loss leaves it with no connection to the hub",
                       n, n == 1 ? "y is" : "ies are");
    /* the agreement column is named by the schema's agreement kind ("licence") */
    const char *akind =
        k->o->agreement_kind && *k->o->agreement_kind ? k->o->agreement_kind : "document";
    rg_table *t =
        rg_result_table(r, "single", "Counterparties tied to the hub by one agreement only",
                        RG_STYLE_COLUMNS, "id", "name", akind, "title", NULL);
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; t && i < n; i++) {
        int64_t x = order[i], a = k->tv[k->disc[x]].b.agr_at;
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        k->shown[k->q.node_of[x]] = 1;
        rg_cell_str(&row[0], g->nodes[k->q.node_of[x]].id);
        rg_cell_str(&row[1], g->nodes[k->q.node_of[x]].name);
        rg_buf_clear(&b);
        put_ids(k, a, &b);
        rg_cell_str(&row[2], rg_result_buf(r, &b));
        rg_cell_str(&row[3], g->nodes[k->q.node_of[a]].name);
    }
    (void)rg_sort(pairs, np, 2 * sizeof *pairs, by_pair, k);
    rg_buf_clear(&b);
    for (size_t i = 0; i < np; i++) {
        int64_t a = pairs[2 * i];
        if (i == 0 || pairs[2 * i - 2] != a) {
            double c = class_count(k, a);
            rg_buf_printf(&b, "%s%s (", i ? "; " : "", g->nodes[k->q.node_of[a]].id);
            if (k->own_doc[a])
                rg_buf_puts(&b, "the hub's own document");
            else
                rg_buf_printf(&b, "stands for %.0f agreements", c);
            rg_buf_puts(&b, "): ");
        } else {
            rg_buf_puts(&b, ", ");
        }
        put_ids(k, pairs[2 * i + 1], &b);
    }
    if (b.oom) /* the note cut short (a cut cell is flagged by rg_result_buf) */
        r->oom = 1;
    else if (np)
        rg_result_note(r, "not counted as a single agreement: %s", rg_buf_str(&b));
    rg_buf_destroy(&b);
}

rg_status rg_risks(const rg_graph *g, const rg_risks_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "risks");
    risks k;
    memset(&k, 0, sizeof k);
    k.g = g;
    k.o = o;
    int32_t *order = NULL, *buf = NULL;
    rg_status st = setup(&k, err);
    /* no counterparty, nothing to cut off: no search */
    if (st == RG_OK && k.ncp > 0) {
        rg_progress_begin(g->progress, "risks: cut points", k.nv, 0);
        st = dfs(&k, err);
        rg_progress_end(g->progress);
    }
    if (st != RG_OK)
        goto out;
    order = alloc32(k.nv);
    buf = alloc32(2 * k.nv);
    if (!order || !buf) {
        st = nomem(err);
        goto out;
    }
    int64_t hub = k.q.node_of[k.root];
    size_t reached_cp = k.ncp ? (size_t)k.cpre[k.reached] : 0;
    /* in the schema's words: "its counterparties", "its licensees" */
    rg_buf cps;
    rg_buf_init(&cps);
    rg_plural(&cps, rg_word(g, RG_ROLE_WORD_COUNTERPARTY));
    rg_result_title(r, "Single points of failure between %s and its %s",
                    rg_node_label(g, &g->nodes[hub]), rg_buf_str(&cps));
    rg_result_note(
        r, "hub: %s; %s: entities with %s = true (%zu); %zu not connected to the hub at all",
        g->nodes[hub].id, rg_buf_str(&cps), o->select_attr, k.ncp, k.ncp - reached_cp);
    if (cps.oom)
        r->oom = 1;
    rg_buf_destroy(&cps);
    if (o->no_merge)
        rg_result_note(r, "--no-merge: every node is its own entity; edges of kinds %s left out",
                       o->alias_edges && o->alias_edges[0] ? o->alias_edges : "(none)");
    else if (k.e.nentities < g->nnodes)
        rg_result_note(r,
                       "entities: nodes joined by %s are one (%zu nodes in %zu entities); "
                       "--no-merge keeps them apart",
                       o->alias_edges, g->nnodes, k.e.nentities);
    rg_result_note(r,
                   "a cut is a node of kind %s%s%s whose loss leaves the counterparties listed "
                   "with no connection to the hub",
                   o->person_kinds ? o->person_kinds : "",
                   o->person_kinds && o->person_kinds[0] && o->body_kinds && o->body_kinds[0] ? ","
                                                                                              : "",
                   o->body_kinds ? o->body_kinds : "");
    if (o->max_listed > 0)
        rg_result_note(r, "at most %d counterparties listed per cut (--max-listed N; 0: all)",
                       o->max_listed);
    if (k.ncp > 0) {
        cuts_table(&k, r, order, buf);
        single_table(&k, r, order, buf);
    } else { /* the same tables, empty: a program reads one shape */
        rg_result_table(r, "cuts", "People, teams and bodies, ranked by counterparties cut off",
                        RG_STYLE_COLUMNS, "id", "kind", "name", "cut_off", "counterparties", NULL);
        rg_result_table(r, "single", "Counterparties tied to the hub by one agreement only",
                        RG_STYLE_COLUMNS, "id", "name",
                        o->agreement_kind && *o->agreement_kind ? o->agreement_kind : "document",
                        "title", NULL);
    }
    rg_entities_rows(r, g, &k.e, k.shown);
    st = rg_result_check(r, err);
out:
    free(order);
    free(buf);
    risks_free(&k);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

/* ---- its declaration in the registry (rg_registry.h) ---------------------- */

static const rg_param risks_params[] = {
    ROLE("hub", RG_P_NODE, RG_ROLE_HUB, rg_risks_opts, hub, NULL, 0, HUB_HELP),
    ROLE("select", RG_P_NODE_ATTR, RG_ROLE_COUNTERPARTY_ATTR, rg_risks_opts, select_attr, NULL, REQ,
         SEL_HELP),
    ROLE("skip_edges", RG_P_EDGE_KINDS, RG_ROLE_SKIP_EDGES, rg_risks_opts, skip_edges, NULL, 0,
         SKIP_HELP),
    ROLE("agreement_kind", RG_P_NODE_KIND, RG_ROLE_AGREEMENT_KIND, rg_risks_opts, agreement_kind,
         NULL, 0, "node kind of agreements (to find the hub)"),
    ROLE("party_edge", RG_P_EDGE_KIND, RG_ROLE_PARTY_EDGE, rg_risks_opts, party_edge, NULL, 0,
         "edge kind: party to agreement"),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_risks_opts, alias_edges, NULL, 0,
         ALIAS_HELP),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_risks_opts, no_merge), NULL, 0, 0, NULL, 0,
     MERGE_HELP},
    ROLE("person_kinds", RG_P_NODE_KINDS, RG_ROLE_PERSON_KINDS, rg_risks_opts, person_kinds, NULL,
         0, "node kinds ranked as people and teams"),
    ROLE("body_kinds", RG_P_NODE_KINDS, RG_ROLE_BODY_KINDS, rg_risks_opts, body_kinds, NULL, 0,
         "node kinds ranked as bodies"),
    ROLE("class_count_attr", RG_P_NODE_ATTR, RG_ROLE_CLASS_COUNT_ATTR, rg_risks_opts,
         class_count_attr, "agreement_kind", 0,
         "agreement attribute: how many agreements a class row stands for"),
    ROLE("type_attr", RG_P_NODE_ATTR, RG_ROLE_TYPE_ATTR, rg_risks_opts, type_attr, "agreement_kind",
         0, "agreement attribute: its type"),
    {"own_types", RG_P_WORDS, RG_ROLE_OWN_DOCUMENT_TYPES, NULL, offsetof(rg_risks_opts, own_types),
     NULL, 0, 0, NULL, 0, "types that are the hub's own documents (comma list)"},
    NUM("max_listed", RG_P_INT, "10", rg_risks_opts, max_listed, 0, 100000000,
        "counterparties listed per cut, then a count (0: all)"),
    END};

static rg_status run_risks(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_risks(g, o, r, err);
}

const rg_analysis_def rg_risks_def = {
    "risks",
    "people, bodies and agreements whose loss cuts counterparties off the hub",
    "Cut points of the hub's component (edges followed either way; rows joined\n"
    "by alias edges are one entity): people, teams and bodies ranked by the\n"
    "counterparties that would lose every connection to the hub; then the\n"
    "counterparties tied to the hub by one agreement only (class rows and the\n"
    "hub's own documents aside).  One depth-first pass: O(nodes + edges).",
    risks_params,
    sizeof(rg_risks_opts),
    offsetof(rg_risks_opts, subset),
    run_risks,
    "id, name, kind, cuts_off, counterparties",
    2};

/* rg_links.c: shortest and bounded connections between two nodes.
 *
 * Paths are enumerated by a depth-first walk that only takes steps which can
 * still reach the target in time (the distance to the target is a lower
 * bound), so no dead branch is explored beyond one step, and the walk stops
 * at the cap.  With max_hops, the distances to the target come from one
 * breadth-first search over the whole graph the filters leave.  Without
 * (shortest connections only), a breadth-first search from both ends, one
 * layer at a time from the side whose frontier has fewer edges, stops where
 * they meet; the nodes on shortest connections are then traced back from
 * the meeting layer.  On a small-world graph it reads a few thousand nodes
 * of a million, and whether an edge may be followed is decided only for the
 * edges it meets. */
#include "rg_links.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_sort.h"
#include "../graph/rg_incid.h"
#include "rg_result.h" /* rg_edge_words */

typedef struct step {
    int64_t edge, nbr;
} path_step;

typedef struct walker {
    const rg_graph *g;
    const rg_links_opts *o;
    igraph_vector_t dT; /* hops to the target, over allowed edges (with max_hops) */
    /* without max_hops: 1 + the place of a node on the shortest connections
     * (0: on none); a node at place P is D - P hops from the target */
    int32_t *pos;
    long dist;
    path_step **sorted; /* per node: allowed steps in deterministic order */
    size_t *nsorted;
    int64_t *was_sorted; /* the nodes SORTED holds steps of */
    size_t nwas_sorted;
    unsigned char *edge_ok; /* 0: not decided yet, 1: not followed, 2: followed */
    int64_t from;
    unsigned char *on_path;
    int64_t target;
    int64_t *pn, *pe; /* the current path */
    rg_links_result *res;
    size_t max_paths, steps, max_steps;
    size_t length, max_length; /* hops of the paths recorded, and their cap */
    size_t cap;                /* room in res->paths */
    int oom;
} walker;

static int bit(const uint64_t *bits, int i)
{
    return rg_bit_get(bits, (size_t)i);
}

/* May edge E be followed: by edge kind, and not into a node whose kind is
 * excluded (the two ends FROM and TO pass every node filter; loops never
 * shorten or lengthen a simple path). */
static int allowed(const rg_graph *g, const rg_links_opts *o, int64_t from, int64_t to, size_t e)
{
    const rg_edge *ed = &g->edges[e];
    const rg_edge_kind *ek = &g->schema->edge_kinds[ed->kind];
    int ok = o->only_edges ? bit(o->only_edges, ed->kind) : ek->in_paths;
    if (o->skip_edges && bit(o->skip_edges, ed->kind))
        ok = 0;
    /* a node's record is read only for a node filter: at a million nodes
     * the reads of its kind, at random, cost more than the rest */
    for (int side = 0; side < 2 && ok && (o->only_nodes || o->skip_nodes); side++) {
        int64_t v = side ? ed->to : ed->from;
        if (v == from || v == to)
            continue;
        int k = g->nodes[v].kind;
        if ((o->only_nodes && !bit(o->only_nodes, k)) || (o->skip_nodes && bit(o->skip_nodes, k)))
            ok = 0;
    }
    return ok && ed->from != ed->to;
}

/* Marks in EDGE_OK every edge the filters allow (2) or not (1). */
static void allowed_edges(const rg_graph *g, const rg_links_opts *o, int64_t from, int64_t to,
                          unsigned char *edge_ok)
{
    for (size_t e = 0; e < g->nedges; e++) {
        edge_ok[e] = allowed(g, o, from, to, e) ? 2 : 1;
        rg_progress_tick(g->progress, 1);
    }
}

/* Edge E may be followed: decided the first time it is met. */
static int ok_edge(walker *w, int64_t e)
{
    if (w->edge_ok[e] == 0)
        w->edge_ok[e] = allowed(w->g, w->o, w->from, w->target, (size_t)e) ? 2 : 1;
    return w->edge_ok[e] == 2;
}

static int step_cmp(const void *a, const void *b, void *ctx)
{
    const path_step *x = a, *y = b;
    const rg_graph *g = ctx;
    int c = strcmp(g->nodes[x->nbr].id, g->nodes[y->nbr].id);
    if (c)
        return c;
    c = strcmp(g->schema->edge_kinds[g->edges[x->edge].kind].base.name,
               g->schema->edge_kinds[g->edges[y->edge].kind].base.name);
    if (c)
        return c;
    return (x->edge > y->edge) - (x->edge < y->edge);
}

static const path_step *steps_of(walker *w, int64_t u, size_t *n)
{
    if (w->sorted[u]) {
        *n = w->nsorted[u];
        return w->sorted[u];
    }
    const igraph_t *ig = &w->g->ig;
    size_t m = (size_t)(VECTOR(ig->os)[u + 1] - VECTOR(ig->os)[u] + VECTOR(ig->is)[u + 1] -
                        VECTOR(ig->is)[u]),
           k = 0;
    path_step *s = malloc((m ? m : 1) * sizeof *s);
    if (s == NULL) {
        w->oom = 1;
        *n = 0;
        return NULL;
    }
    rg_incid it;
    int64_t e;
    rg_incid_start(&it, ig, u);
    while (rg_incid_next(&it, &e)) {
        if (!ok_edge(w, e))
            continue;
        s[k].edge = e;
        s[k].nbr = it.nbr;
        k++;
    }
    if (rg_sort(s, k, sizeof *s, step_cmp, (void *)w->g) != 0) {
        free(s);
        w->oom = 1;
        *n = 0;
        return NULL;
    }
    w->sorted[u] = s;
    w->nsorted[u] = k;
    w->was_sorted[w->nwas_sorted++] = u;
    *n = k;
    return s;
}

static int record(walker *w, size_t hops)
{
    rg_links_result *r = w->res;
    if (r->npaths >= w->max_paths) {
        r->truncated = 1;
        return -1;
    }
    if (w->max_length && w->length + hops > w->max_length) {
        r->truncated = 1;
        r->too_long = 1;
        return -1;
    }
    if (r->npaths == w->cap) { /* doubling: one realloc a path was quadratic */
        size_t cap = w->cap ? 2 * w->cap : 16;
        rg_path *np = realloc(r->paths, cap * sizeof *np);
        if (np == NULL) {
            w->oom = 1;
            return -1;
        }
        r->paths = np;
        w->cap = cap;
    }
    rg_path *p = &r->paths[r->npaths];
    p->hops = hops;
    p->nodes = malloc((hops + 1) * sizeof *p->nodes);
    p->edges = malloc((hops ? hops : 1) * sizeof *p->edges);
    if (p->nodes == NULL || p->edges == NULL) {
        free(p->nodes);
        free(p->edges);
        w->oom = 1;
        return -1;
    }
    memcpy(p->nodes, w->pn, (hops + 1) * sizeof *p->nodes);
    memcpy(p->edges, w->pe, hops * sizeof *p->edges);
    r->npaths++;
    w->length += hops;
    return 0;
}

/* Walks simple paths of exactly LEN hops from the node at depth K.
 * Returns -1 to stop everything (cap reached, out of memory). */
static int walk(walker *w, int64_t u, size_t k, size_t len)
{
    if (u == w->target)
        return k == len ? record(w, len) : 0;
    if (++w->steps > w->max_steps) {
        w->res->truncated = 1;
        w->res->out_of_steps = 1;
        return -1;
    }
    size_t n;
    const path_step *s = steps_of(w, u, &n);
    if (w->oom)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int64_t v = s[i].nbr;
        double dv = w->pos ? (w->pos[v] ? (double)(w->dist - (w->pos[v] - 1)) : IGRAPH_INFINITY)
                           : VECTOR(w->dT)[v];
        if (w->on_path[v] || !isfinite(dv) || (double)(k + 1) + dv > (double)len)
            continue;
        w->on_path[v] = 1;
        w->pn[k + 1] = v;
        w->pe[k] = s[i].edge;
        int rc = walk(w, v, k + 1, len);
        w->on_path[v] = 0;
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The block-cut tree of a graph: blocks 0..nb-1, then its cut vertices, as
 * adjacency lists (a block's cut vertices, a cut vertex's blocks). */
typedef struct bctree {
    size_t nb, nt;
    int64_t *ap;   /* vertex -> its tree node when a cut vertex, else -1 */
    int64_t *home; /* vertex -> a block that holds it */
    size_t *off;   /* nt + 1 */
    int64_t *adj;
} bctree;

static void bctree_destroy(bctree *t)
{
    free(t->ap);
    free(t->home);
    free(t->off);
    free(t->adj);
}

/* Fills T from COMPS (the vertices of each block) and APS; -1 when out of
 * memory. */
static int bctree_init(bctree *t, size_t nv, const igraph_vector_int_list_t *comps,
                       const igraph_vector_int_t *aps)
{
    memset(t, 0, sizeof *t);
    t->nb = (size_t)igraph_vector_int_list_size(comps);
    t->nt = t->nb + (size_t)igraph_vector_int_size(aps);
    t->ap = malloc((nv ? nv : 1) * sizeof *t->ap);
    t->home = malloc((nv ? nv : 1) * sizeof *t->home);
    t->off = calloc(t->nt + 2, sizeof *t->off);
    if (!t->ap || !t->home || !t->off)
        return -1;
    for (size_t v = 0; v < nv; v++)
        t->ap[v] = t->home[v] = -1;
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(aps); i++)
        t->ap[VECTOR(*aps)[i]] = (int64_t)t->nb + i;
    /* two passes over the blocks: count the links, then place them */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t b = 0; b < t->nb; b++) {
            const igraph_vector_int_t *c =
                igraph_vector_int_list_get_ptr(comps, (igraph_integer_t)b);
            for (igraph_integer_t i = 0; i < igraph_vector_int_size(c); i++) {
                int64_t v = VECTOR(*c)[i], a = t->ap[v];
                t->home[v] = (int64_t)b;
                if (a < 0)
                    continue;
                if (pass == 0) {
                    t->off[b + 2]++;
                    t->off[a + 2]++;
                } else {
                    t->adj[t->off[b + 1]++] = a;
                    t->adj[t->off[a + 1]++] = (int64_t)b;
                }
            }
        }
        if (pass == 0) {
            for (size_t i = 2; i < t->nt + 2; i++)
                t->off[i] += t->off[i - 1];
            if ((t->adj = malloc((t->off[t->nt + 1] ? t->off[t->nt + 1] : 1) * sizeof *t->adj)) ==
                NULL)
                return -1;
        }
    }
    return 0;
}

/* Marks in KEEP (by G's edge index, through SUB2G) the edges of the blocks on
 * the tree path from FROM's tree node to TO's.  -1 when out of memory. */
static int bctree_route(const bctree *t, const igraph_vector_int_list_t *cedges,
                        const int64_t *sub2g, int64_t from, int64_t to, unsigned char *keep)
{
    int64_t start = t->ap[from] >= 0 ? t->ap[from] : t->home[from];
    int64_t goal = t->ap[to] >= 0 ? t->ap[to] : t->home[to];
    if (start < 0 || goal < 0)
        return 0; /* not connected: the walk finds nothing anyway */
    int64_t *parent = malloc((t->nt ? t->nt : 1) * sizeof *parent);
    int64_t *queue = malloc((t->nt ? t->nt : 1) * sizeof *queue);
    if (!parent || !queue) {
        free(parent);
        free(queue);
        return -1;
    }
    for (size_t i = 0; i < t->nt; i++)
        parent[i] = -2;
    size_t qh = 0, qt = 0;
    queue[qt++] = start;
    parent[start] = -1;
    while (qh < qt && parent[goal] == -2) {
        int64_t u = queue[qh++];
        for (size_t k = t->off[u]; k < t->off[u + 1]; k++)
            if (parent[t->adj[k]] == -2) {
                parent[t->adj[k]] = u;
                queue[qt++] = t->adj[k];
            }
    }
    for (int64_t u = parent[goal] == -2 ? -1 : goal; u >= 0; u = parent[u]) {
        if (u >= (int64_t)t->nb)
            continue;
        const igraph_vector_int_t *ce = igraph_vector_int_list_get_ptr(cedges, u);
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(ce); i++)
            keep[sub2g[VECTOR(*ce)[i]]] = 1;
    }
    free(parent);
    free(queue);
    return 0;
}

/* The blocks (biconnected components) of SUB that a simple path from FROM to
 * TO can pass through are those on the path between them in the block-cut
 * tree; an edge of any other block leads into a dead end that a simple path
 * could only leave by the node it came in through.  Without this, a dense
 * cluster hanging off a node of the route was explored to exhaustion for
 * every length up to max_hops (20 pairs: 16 s, then a false "more exist").
 * Clears EDGE_OK of every edge off the route (SUB's edge i is the i-th edge
 * of G with EDGE_OK set).  O(V + E). */
static rg_status route_only(const igraph_t *sub, const rg_graph *g, int64_t from, int64_t to,
                            unsigned char *edge_ok, rg_error *err)
{
    size_t nedges = g->nedges, nsub = 0;
    int64_t *sub2g = malloc((nedges ? nedges : 1) * sizeof *sub2g);
    if (sub2g == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t e = 0; e < nedges; e++)
        if (edge_ok[e] == 2)
            sub2g[nsub++] = (int64_t)e;
    igraph_integer_t nb = 0;
    igraph_vector_int_list_t cedges, comps;
    igraph_vector_int_t aps;
    if (igraph_vector_int_list_init(&cedges, 0) != IGRAPH_SUCCESS) {
        free(sub2g);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (igraph_vector_int_list_init(&comps, 0) != IGRAPH_SUCCESS) {
        free(sub2g);
        igraph_vector_int_list_destroy(&cedges);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (igraph_vector_int_init(&aps, 0) != IGRAPH_SUCCESS) {
        free(sub2g);
        igraph_vector_int_list_destroy(&cedges);
        igraph_vector_int_list_destroy(&comps);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rg_status st =
        rg_igraph_check(igraph_biconnected_components(sub, &nb, NULL, &cedges, &comps, &aps), err);
    bctree t;
    memset(&t, 0, sizeof t);
    unsigned char *keep = NULL;
    if (st == RG_OK) {
        keep = calloc(nedges ? nedges : 1, 1);
        if (keep == NULL || bctree_init(&t, (size_t)igraph_vcount(sub), &comps, &aps) < 0 ||
            bctree_route(&t, &cedges, sub2g, from, to, keep) < 0)
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (st == RG_OK)
        for (size_t e = 0; e < nedges; e++)
            edge_ok[e] = edge_ok[e] == 2 && keep[e] ? 2 : 1;
    free(keep);
    free(sub2g);
    bctree_destroy(&t);
    igraph_vector_int_list_destroy(&cedges);
    igraph_vector_int_list_destroy(&comps);
    igraph_vector_int_destroy(&aps);
    return st;
}

/* The undirected graph of the allowed edges (for the route of --max-hops). */
static rg_status allowed_graph(const rg_graph *g, const unsigned char *edge_ok, igraph_t *sub,
                               rg_error *err)
{
    igraph_vector_int_t kept;
    if (igraph_vector_int_init(&kept, 0) != IGRAPH_SUCCESS)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t e = 0; e < g->nedges; e++)
        if (edge_ok[e] == 2 &&
            (igraph_vector_int_push_back(&kept, g->edges[e].from) != IGRAPH_SUCCESS ||
             igraph_vector_int_push_back(&kept, g->edges[e].to) != IGRAPH_SUCCESS)) {
            igraph_vector_int_destroy(&kept);
            return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        }
    igraph_error_t rc = igraph_create(sub, &kept, (igraph_integer_t)g->nnodes, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&kept);
    return rg_igraph_check(rc, err);
}

/* Hops from every node to TO over the allowed edges, either way (infinity:
 * no connection): one breadth-first search over igraph's own index, with no
 * graph built for it. O(V + E). */
static rg_status distances_to(const rg_graph *g, const unsigned char *edge_ok, int64_t to,
                              igraph_vector_t *dist, rg_error *err)
{
    size_t n = g->nnodes;
    int64_t *queue = malloc((n ? n : 1) * sizeof *queue);
    if (queue == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    double *d = VECTOR(*dist);
    for (size_t v = 0; v < n; v++)
        d[v] = IGRAPH_INFINITY;
    size_t head = 0, tail = 0;
    d[to] = 0;
    queue[tail++] = to;
    while (head < tail) {
        int64_t u = queue[head++], e;
        rg_progress_tick(g->progress, 1);
        rg_incid it;
        rg_incid_start(&it, &g->ig, u);
        while (rg_incid_next(&it, &e)) {
            if (edge_ok[e] != 2)
                continue;
            int64_t v = it.nbr; /* igraph's index has it: no edge record read */
            if (isfinite(d[v]))
                continue;
            d[v] = d[u] + 1;
            queue[tail++] = v;
        }
    }
    free(queue);
    return RG_OK;
}

/* A growable list of nodes. */
typedef struct nlist {
    int64_t *v;
    size_t n, cap;
} nlist;

static int nlist_push(nlist *l, int64_t x)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        int64_t *nv = realloc(l->v, cap * sizeof *nv);
        if (nv == NULL)
            return -1;
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = x;
    return 0;
}

/* One end of the search from both ends: DEPTH[v] is 1 + v's hops from this
 * end (0: not reached yet); SEEN its nodes in the order reached, so layer
 * after layer, the last (the frontier) from FRONT on. */
typedef struct side {
    int32_t *depth;
    nlist seen;
    size_t front;
    long radius;
} side;

/* The edges at the frontier of X: what expanding it costs. */
static size_t frontier_cost(const rg_graph *g, const side *x)
{
    const igraph_integer_t *os = VECTOR(g->ig.os), *is = VECTOR(g->ig.is);
    size_t c = 0;
    for (size_t i = x->front; i < x->seen.n; i++) {
        int64_t u = x->seen.v[i];
        c += (size_t)(os[u + 1] - os[u] + is[u + 1] - is[u]);
    }
    return c;
}

/* Adds the next layer of X: 1 when it reaches a node that OTHER has
 * reached, 0 when not, -1 when out of memory. */
static int expand(walker *w, side *x, const side *other)
{
    size_t end = x->seen.n;
    int met = 0;
    for (size_t i = x->front; i < end; i++) {
        int64_t u = x->seen.v[i], e;
        rg_incid it;
        rg_incid_start(&it, &w->g->ig, u);
        while (rg_incid_next(&it, &e)) {
            int64_t v = it.nbr;
            if (x->depth[v] || !ok_edge(w, e))
                continue;
            x->depth[v] = (int32_t)(x->radius + 2);
            if (nlist_push(&x->seen, v) != 0)
                return -1;
            met |= other->depth[v] != 0;
        }
        rg_progress_tick(w->g->progress, 1);
    }
    x->front = end;
    x->radius++;
    return met;
}

/* From the meeting nodes in CUR, back along X's layers to its end: a node
 * one layer nearer the end is on a shortest connection when an allowed edge
 * joins it to one that is.  Its place on them (W->POS, plus 1) is its
 * depth from the source's end (AT_SOURCE) or the distance less its depth
 * from the target's.  NEXT is scratch; -1 when out of memory. */
static int trace(walker *w, const side *x, int at_source, nlist *cur, nlist *next)
{
    for (long k = x->radius; k >= 1; k--) {
        next->n = 0;
        for (size_t i = 0; i < cur->n; i++) {
            int64_t e;
            rg_incid it;
            rg_incid_start(&it, &w->g->ig, cur->v[i]);
            while (rg_incid_next(&it, &e)) {
                int64_t v = it.nbr;
                if (x->depth[v] != k || w->pos[v] || !ok_edge(w, e))
                    continue; /* depth K: K - 1 hops from the end */
                w->pos[v] = (int32_t)(at_source ? k : w->dist - (k - 1) + 1);
                if (nlist_push(next, v) != 0)
                    return -1;
            }
        }
        nlist t = *cur;
        *cur = *next;
        *next = t;
    }
    return 0;
}

/* The nodes on the shortest connections from W->FROM to W->TARGET and their
 * places (W->POS), and the distance (W->DIST, -1: no connection), by a
 * search from both ends that meets in the middle.  The first layer that
 * reaches the other side's nodes closes it: before, no node was reached by
 * both (so the distance exceeds the radii's sum before that layer), and a
 * node of the new layer reached by the other side is at the other's full
 * radius, so the distance is the radii's sum, and every node at that place
 * on a shortest connection is in both searches (the meeting nodes). */
static rg_status shortest_places(walker *w, rg_error *err)
{
    size_t n = w->g->nnodes;
    side s, t;
    memset(&s, 0, sizeof s);
    memset(&t, 0, sizeof t);
    nlist cur = {0}, next = {0};
    rg_status st = RG_OK;
    w->dist = -1;
    s.depth = calloc(n, sizeof *s.depth);
    t.depth = calloc(n, sizeof *t.depth);
    w->pos = calloc(n, sizeof *w->pos);
    if (!s.depth || !t.depth || !w->pos || nlist_push(&s.seen, w->from) ||
        nlist_push(&t.seen, w->target))
        goto oom;
    s.depth[w->from] = 1;
    t.depth[w->target] = 1;
    int met = w->from == w->target;
    side *last = &s; /* the side that made the last layer */
    while (!met && s.front < s.seen.n && t.front < t.seen.n) {
        last = frontier_cost(w->g, &s) <= frontier_cost(w->g, &t) ? &s : &t;
        if ((met = expand(w, last, last == &s ? &t : &s)) < 0)
            goto oom;
    }
    if (met) {
        w->dist = s.radius + t.radius;
        const side *other = last == &s ? &t : &s;
        for (size_t i = last->front; i < last->seen.n; i++) {
            int64_t v = last->seen.v[i];
            if (other->depth[v] == 0)
                continue;
            w->pos[v] = s.depth[v];
            if (nlist_push(&cur, v) != 0)
                goto oom;
        }
        nlist keep = {0};
        for (size_t i = 0; i < cur.n; i++)
            if (nlist_push(&keep, cur.v[i]) != 0) {
                free(keep.v);
                goto oom;
            }
        int rc = trace(w, &s, 1, &cur, &next);
        free(cur.v);
        cur = keep;
        if (rc < 0 || trace(w, &t, 0, &cur, &next) < 0)
            goto oom;
    }
    goto done;
oom:
    st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
done:
    free(s.depth);
    free(t.depth);
    free(s.seen.v);
    free(t.seen.v);
    free(cur.v);
    free(next.v);
    return st;
}

rg_status rg_links(const rg_graph *g, int64_t from, int64_t to, const rg_links_opts *opts,
                   rg_links_result *res, rg_error *err)
{
    static const rg_links_opts defaults;
    const rg_links_opts *o = opts ? opts : &defaults;
    memset(res, 0, sizeof *res);
    res->from = from;
    res->to = to;
    res->distance = -1;
    if (from < 0 || to < 0 || (size_t)from >= g->nnodes || (size_t)to >= g->nnodes)
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0, "links: node out of range");
    if (o->max_hops < 0 || o->max_hops > 64)
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                            "links: --max-hops must be between 1 and 64");

    walker w;
    memset(&w, 0, sizeof w);
    w.g = g;
    w.o = o;
    w.target = to;
    w.res = res;
    w.max_paths = o->max_paths ? o->max_paths : 20;
    w.max_steps = o->max_steps ? o->max_steps : 10000000;
    w.max_length = o->max_length;
    rg_status st = RG_OK;

    w.from = from;
    w.edge_ok = calloc(g->nedges ? g->nedges : 1, 1);
    w.on_path = calloc(g->nnodes, 1);
    w.sorted = calloc(g->nnodes, sizeof *w.sorted);
    w.nsorted = calloc(g->nnodes, sizeof *w.nsorted);
    w.was_sorted = malloc((g->nnodes ? g->nnodes : 1) * sizeof *w.was_sorted);
    if (!w.edge_ok || !w.on_path || !w.sorted || !w.nsorted || !w.was_sorted) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    double d;
    if (o->max_hops == 0) {
        /* shortest connections only: the places on them are enough */
        rg_progress_begin(g->progress, "links: distances", g->nnodes, 0);
        st = shortest_places(&w, err);
        rg_progress_end(g->progress);
        if (st != RG_OK)
            goto out;
        d = w.dist < 0 ? IGRAPH_INFINITY : (double)w.dist;
    } else {
        /* Distances to the target over the allowed edges; only the edges on
         * the route between the ends are walked. */
        rg_progress_begin(g->progress, "links: distances", g->nedges + g->nnodes, 0);
        allowed_edges(g, o, from, to, w.edge_ok);
        igraph_error_t rc = igraph_vector_init(&w.dT, (igraph_integer_t)g->nnodes);
        if ((st = rg_igraph_check(rc, err)) == RG_OK)
            st = distances_to(g, w.edge_ok, to, &w.dT, err);
        rg_progress_end(g->progress);
        if (st != RG_OK)
            goto out_dt;
        if (from != to) {
            igraph_t sub;
            if ((st = allowed_graph(g, w.edge_ok, &sub, err)) != RG_OK)
                goto out_dt;
            st = route_only(&sub, g, from, to, w.edge_ok, err);
            igraph_destroy(&sub);
            if (st != RG_OK)
                goto out_dt;
        }
        d = VECTOR(w.dT)[from];
    }
    if (!isfinite(d))
        goto out_dt; /* no connection: distance stays -1 */
    res->distance = (long)d;
    if (from == to)
        goto out_dt;

    size_t longest = o->max_hops ? (size_t)o->max_hops : (size_t)d;
    w.pn = malloc((longest + 1) * sizeof *w.pn);
    w.pe = malloc((longest + 1) * sizeof *w.pe);
    if (w.pn == NULL || w.pe == NULL) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    } else {
        w.pn[0] = from;
        w.on_path[from] = 1;
        for (size_t len = (size_t)d; len <= longest; len++)
            if (walk(&w, from, 0, len) < 0)
                break;
        res->steps = w.steps;
        if (w.oom)
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
out_dt:
    if (o->max_hops)
        igraph_vector_destroy(&w.dT);
out:
    for (size_t i = 0; i < w.nwas_sorted; i++)
        free(w.sorted[w.was_sorted[i]]);
    free(w.was_sorted);
    free(w.pos);
    free(w.sorted);
    free(w.nsorted);
    free(w.edge_ok);
    free(w.on_path);
    free(w.pn);
    free(w.pe);
    if (st != RG_OK)
        rg_links_result_destroy(res);
    return st;
}

void rg_links_result_destroy(rg_links_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->npaths; i++) {
        free(r->paths[i].nodes);
        free(r->paths[i].edges);
    }
    free(r->paths);
    r->paths = NULL;
    r->npaths = 0;
}

/* ---- wording ------------------------------------------------------------ */

void rg_links_sentence(const rg_graph *g, const rg_path *p, size_t step, rg_buf *out)
{
    const rg_edge *e = &g->edges[p->edges[step]];
    rg_edge_words(g, p->edges[step], p->nodes[step], out);
    rg_buf_putc(out, ' ');
    rg_cites_format(g, e->p.cites, e->p.ncites, out);
}

/* rg_entity.c: union-find over alias edges (see rg_entity.h). */
/* MADV_HUGEPAGE: Linux's */
#define _GNU_SOURCE 1
#include "rg_entity.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../core/rg_sort.h"
#include "rg_kinds.h"

static int64_t find(int64_t *parent, int64_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]]; /* path halving */
        v = parent[v];
    }
    return v;
}

static int by_id(const void *a, const void *b, void *ctx)
{
    const rg_graph *g = ctx;
    return rg_strnatcmp(g->nodes[*(const int64_t *)a].id, g->nodes[*(const int64_t *)b].id);
}

/* N bytes for an array of a value a node, which free() releases.  At a
 * million nodes each is 8 MB of fresh memory, written once: in 4 KiB pages
 * that is 2048 page faults an array (a third of the time of merging, on a
 * virtual machine), in 2 MiB pages four.  Advice: refused, nothing changes. */
static void *node_array(size_t n)
{
    size_t huge = (size_t)2 << 20;
    if (n < 2 * huge)
        return malloc(n);
    void *p = NULL;
    if (posix_memalign(&p, huge, n) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, n / huge * huge, MADV_HUGEPAGE);
#endif
    return p;
}

static int by_root(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* The alias edges of G (kinds flagged in OK, not loops), in file order,
 * into *OUT (*N of them): one pass over the edges, which at a million nodes
 * is most of the work, and the rest is then proportional to them. */
static int alias_edges_of(const rg_graph *g, const unsigned char *ok, int64_t **out, size_t *n)
{
    size_t cap = 64, k = 0;
    int64_t *a = malloc(cap * sizeof *a);
    const unsigned char *k8 = g->edge_kind8;
    for (size_t i = 0; a && i < g->nedges; i++) {
        if (k8 && !ok[k8[i]])
            continue; /* the record is not read */
        const rg_edge *ed = &g->edges[i];
        if (!ok[ed->kind] || ed->from == ed->to)
            continue;
        if (k == cap) {
            int64_t *na = realloc(a, 2 * cap * sizeof *na);
            if (na == NULL) {
                free(a);
                return -1;
            }
            a = na;
            cap *= 2;
        }
        a[k++] = (int64_t)i;
    }
    *out = a;
    *n = k;
    return a ? 0 : -1;
}

/* Merges the ends of the alias edges AL (N of them) in E->REP (every node
 * its own representative before); then each merged set's members, sorted by
 * id, into GROUPS (pairs: representative, member; a set's first member is
 * its representative), *NG pairs. */
static int merge(const rg_graph *g, const int64_t *al, size_t n, rg_entities *e, int64_t **groups,
                 size_t *ng)
{
    int64_t *parent = e->rep;
    for (size_t i = 0; i < n; i++) {
        const rg_edge *ed = &g->edges[al[i]];
        int64_t a = find(parent, ed->from), b = find(parent, ed->to);
        if (a != b)
            parent[a < b ? b : a] = a < b ? a : b;
    }
    /* every node merged is an end of an alias edge: (root, node) pairs,
     * grouped by root, once each */
    int64_t *p = malloc((2 * n + 1) * 2 * sizeof *p);
    if (p == NULL)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (int side = 0; side < 2; side++) {
            int64_t v = side ? g->edges[al[i]].to : g->edges[al[i]].from;
            p[2 * k] = find(parent, v);
            p[2 * k + 1] = v;
            k++;
        }
    qsort(p, k, 2 * sizeof *p, by_root);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || p[2 * i + 1] != p[2 * (u - 1) + 1]) {
            p[2 * u] = p[2 * i];
            p[2 * u + 1] = p[2 * i + 1];
            u++;
        }
    /* each set sorted by id: its first member represents it */
    int64_t *ids = malloc((u + 1) * sizeof *ids);
    if (ids == NULL) {
        free(p);
        return -1;
    }
    for (size_t i = 0; i < u; i++)
        ids[i] = p[2 * i + 1];
    for (size_t lo = 0, hi; lo < u; lo = hi) {
        for (hi = lo + 1; hi < u && p[2 * hi] == p[2 * lo]; hi++)
            ;
        rg_sort(ids + lo, hi - lo, sizeof *ids, by_id, (void *)g);
        for (size_t i = lo; i < hi; i++) {
            p[2 * i] = ids[lo];
            p[2 * i + 1] = ids[i];
            parent[ids[i]] = ids[lo];
        }
    }
    free(ids);
    *groups = p;
    *ng = u;
    return 0;
}

/* Members and alias evidence by representative (rg_entity.h), from the sets
 * GROUPS (NG pairs) and the alias edges AL (N). */
static void lay_out(const rg_graph *g, const int64_t *groups, size_t ng, const int64_t *al,
                    size_t n, rg_entities *e)
{
    size_t nn = g->nnodes, *start = e->member_start;
    for (size_t v = 0; v < nn; v++)
        start[v + 1] = e->rep[v] == (int64_t)v;
    for (size_t i = 0; i < ng; i++)
        start[groups[2 * i] + 1] += groups[2 * i] != groups[2 * i + 1];
    e->nentities = 0;
    for (size_t v = 0; v < nn; v++) {
        size_t c = start[v + 1];
        e->nentities += c != 0;
        start[v + 1] += start[v];
        if (c == 1)
            e->members[start[v]] = (int64_t)v; /* alone (a merged set has two or more) */
    }
    for (size_t i = 0, at = 0; i < ng; i++) {
        if (i == 0 || groups[2 * i] != groups[2 * i - 2])
            at = start[groups[2 * i]];
        e->members[at++] = groups[2 * i + 1];
    }
    /* alias evidence per representative, file order */
    for (size_t i = 0; i < n; i++)
        e->alias_start[e->rep[g->edges[al[i]].from] + 1]++;
    for (size_t v = 0; v < nn; v++)
        e->alias_start[v + 1] += e->alias_start[v];
    for (size_t i = 0; i < n; i++) {
        int64_t r = e->rep[g->edges[al[i]].from];
        /* ALIAS_START[R] runs ahead while filling, then is set back */
        e->alias[e->alias_start[r]++] = al[i];
    }
    for (size_t i = n; i-- > 0;)
        e->alias_start[e->rep[g->edges[al[i]].from]]--;
}

rg_status rg_entities_init(const rg_graph *g, const char *alias_edges, int merge_on, rg_entities *e,
                           rg_error *err)
{
    memset(e, 0, sizeof *e);
    size_t n = g->nnodes;
    /* the alias edge kinds, as flags (none when not merging) */
    unsigned char *ok = NULL;
    rg_status st = rg_edge_kind_flags(g, merge_on ? alias_edges : NULL, "alias_edges", &ok, err);
    if (st != RG_OK)
        return st;
    /* the same kinds as the compiled catalogue's: its map, checked at load */
    if (g->entities && g->entities->nnodes == n &&
        memcmp(ok, g->entity_kinds, g->schema->n_edge_kinds) == 0) {
        free(ok);
        /* checked when first lent: a command that merges nothing never reads it */
        if ((st = rg_graph_need(g, RG_PART_ENTITIES, err)) != RG_OK)
            return st;
        *e = *g->entities;
        e->borrowed = 1;
        return RG_OK;
    }
    int64_t *al = NULL, *groups = NULL;
    size_t nalias = 0, ng = 0;
    e->rep = node_array((n + 1) * sizeof *e->rep);
    e->member_start = node_array((n + 1) * sizeof *e->member_start);
    e->members = node_array((n + 1) * sizeof *e->members);
    e->alias_start = node_array((n + 1) * sizeof *e->alias_start);
    if (e->alias_start)
        memset(e->alias_start, 0, (n + 1) * sizeof *e->alias_start);
    e->nnodes = n;
    int bad = !ok || !e->rep || !e->member_start || !e->members || !e->alias_start ||
              alias_edges_of(g, ok, &al, &nalias) != 0;
    free(ok);
    if (!bad) {
        e->member_start[0] = 0;
        for (size_t v = 0; v < n; v++)
            e->rep[v] = (int64_t)v;
        e->alias = malloc((nalias + 1) * sizeof *e->alias);
        bad = e->alias == NULL || merge(g, al, nalias, e, &groups, &ng) != 0;
    }
    if (!bad)
        lay_out(g, groups, ng, al, nalias, e);
    free(al);
    free(groups);
    if (bad) {
        rg_entities_destroy(e);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return RG_OK;
}

void rg_entities_destroy(rg_entities *e)
{
    if (e->borrowed) {
        memset(e, 0, sizeof *e);
        return;
    }
    free(e->rep);
    free(e->member_start);
    free(e->members);
    free(e->alias_start);
    free(e->alias);
    memset(e, 0, sizeof *e);
}

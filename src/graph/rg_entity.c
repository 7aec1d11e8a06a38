/* rg_entity.c: union-find over alias edges (see rg_entity.h). */
#include "rg_entity.h"

#include <stdlib.h>
#include <string.h>

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

rg_status rg_entities_init(const rg_graph *g, const char *alias_edges, int merge, rg_entities *e,
                           rg_error *err)
{
    memset(e, 0, sizeof *e);
    size_t n = g->nnodes;
    /* the alias edge kinds, as flags (none when not merging) */
    unsigned char *ok = NULL;
    rg_status st = rg_edge_kind_flags(g, merge ? alias_edges : NULL, "alias_edges", &ok, err);
    if (st != RG_OK)
        return st;
    e->rep = malloc((n + 1) * sizeof *e->rep);
    e->member_start = calloc(n + 1, sizeof *e->member_start);
    e->members = malloc((n + 1) * sizeof *e->members);
    e->alias_start = calloc(n + 1, sizeof *e->alias_start);
    e->nnodes = n;
    if (!ok || !e->rep || !e->member_start || !e->members || !e->alias_start) {
        free(ok);
        rg_entities_destroy(e);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int64_t *parent = e->rep; /* union-find in place, then flattened */
    for (size_t v = 0; v < n; v++)
        parent[v] = (int64_t)v;
    size_t nalias = 0;
    for (size_t i = 0; i < g->nedges; i++) {
        const rg_edge *ed = &g->edges[i];
        if (!ok[ed->kind] || ed->from == ed->to)
            continue;
        nalias++;
        int64_t a = find(parent, ed->from), b = find(parent, ed->to);
        if (a != b)
            parent[a < b ? b : a] = a < b ? a : b;
    }
    for (size_t v = 0; v < n; v++)
        parent[v] = find(parent, (int64_t)v);
    /* members grouped by root, each group sorted by id; the first becomes
     * the representative */
    size_t *count = e->member_start; /* counts at [root + 1], then prefix sums */
    for (size_t v = 0; v < n; v++)
        count[parent[v] + 1]++;
    for (size_t v = 0; v < n; v++)
        count[v + 1] += count[v];
    size_t *fill = malloc((n + 1) * sizeof *fill);
    e->alias = malloc((nalias + 1) * sizeof *e->alias);
    if (!fill || !e->alias) {
        free(fill);
        free(ok);
        rg_entities_destroy(e);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    memcpy(fill, count, (n + 1) * sizeof *fill);
    for (size_t v = 0; v < n; v++)
        e->members[fill[parent[v]]++] = (int64_t)v;
    /* re-root each group at its smallest id: member_start is indexed by the
     * representative, so rebuild it */
    size_t *start = calloc(n + 1, sizeof *start);
    int64_t *members = malloc((n + 1) * sizeof *members);
    if (!start || !members) {
        free(start);
        free(members);
        free(fill);
        free(ok);
        rg_entities_destroy(e);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t root = 0; root < n; root++) {
        size_t lo = count[root], hi = count[root + 1];
        if (hi - lo > 1 &&
            rg_sort(e->members + lo, hi - lo, sizeof *e->members, by_id, (void *)g) != 0) {
            free(start);
            free(members);
            free(fill);
            free(ok);
            rg_entities_destroy(e);
            return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        }
        if (hi > lo) {
            int64_t rep = e->members[lo];
            start[rep + 1] = hi - lo;
            e->nentities++;
        }
    }
    for (size_t v = 0; v < n; v++)
        start[v + 1] += start[v];
    for (size_t root = 0; root < n; root++) {
        size_t lo = count[root], hi = count[root + 1];
        if (hi == lo)
            continue;
        int64_t rep = e->members[lo];
        memcpy(members + start[rep], e->members + lo, (hi - lo) * sizeof *members);
        for (size_t k = lo; k < hi; k++)
            parent[e->members[k]] = rep;
    }
    free(e->members);
    free(e->member_start);
    e->members = members;
    e->member_start = start;
    /* alias evidence per representative, file order */
    for (size_t i = 0; i < g->nedges; i++) {
        const rg_edge *ed = &g->edges[i];
        if (ok[ed->kind] && ed->from != ed->to)
            e->alias_start[e->rep[ed->from] + 1]++;
    }
    for (size_t v = 0; v < n; v++)
        e->alias_start[v + 1] += e->alias_start[v];
    memcpy(fill, e->alias_start, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < g->nedges; i++) {
        const rg_edge *ed = &g->edges[i];
        if (ok[ed->kind] && ed->from != ed->to)
            e->alias[fill[e->rep[ed->from]]++] = (int64_t)i;
    }
    free(fill);
    free(ok);
    return RG_OK;
}

void rg_entities_destroy(rg_entities *e)
{
    free(e->rep);
    free(e->member_start);
    free(e->members);
    free(e->alias_start);
    free(e->alias);
    memset(e, 0, sizeof *e);
}

/* rg_adj.c: edges by their ends (see rg_adj.h). */
#include "rg_adj.h"

#include <stdlib.h>
#include <string.h>

rg_status rg_adj_init(const rg_graph *g, rg_adj *a, rg_error *err)
{
    size_t nv = g->nnodes, ne = g->nedges;
    a->out_start = calloc(nv + 1, sizeof *a->out_start);
    a->in_start = calloc(nv + 1, sizeof *a->in_start);
    a->out_edges = malloc((ne ? ne : 1) * sizeof *a->out_edges);
    a->in_edges = malloc((ne ? ne : 1) * sizeof *a->in_edges);
    size_t *fo = calloc(nv + 1, sizeof *fo), *fi = calloc(nv + 1, sizeof *fi);
    if (!a->out_start || !a->in_start || !a->out_edges || !a->in_edges || !fo || !fi) {
        free(fo);
        free(fi);
        rg_adj_destroy(a);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t e = 0; e < ne; e++) {
        a->out_start[g->edges[e].from + 1]++;
        a->in_start[g->edges[e].to + 1]++;
    }
    for (size_t v = 0; v < nv; v++) {
        a->out_start[v + 1] += a->out_start[v];
        a->in_start[v + 1] += a->in_start[v];
    }
    for (size_t e = 0; e < ne; e++) {
        int64_t f = g->edges[e].from, t = g->edges[e].to;
        a->out_edges[a->out_start[f] + fo[f]++] = (int64_t)e;
        a->in_edges[a->in_start[t] + fi[t]++] = (int64_t)e;
    }
    free(fo);
    free(fi);
    return RG_OK;
}

void rg_adj_destroy(rg_adj *a)
{
    free(a->out_start);
    free(a->in_start);
    free(a->out_edges);
    free(a->in_edges);
    memset(a, 0, sizeof *a);
}

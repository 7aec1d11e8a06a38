/* rg_central.c: betweenness and degree, ranked within each node kind.
 *
 * On the graph `relgraph links` walks (in_paths edge kinds, either way)
 * minus SKIP_EDGES: betweenness counts the shortest connections that pass
 * through a node, so a high value within a kind marks a broker (a person
 * through whom many bodies are linked).  Ranks are within each kind because
 * kinds are not comparable (an agreement always sits between two parties). */
#include <stdlib.h>
#include <string.h>

#include "rg_analysis.h"

static const rg_graph *cg;
static const double *cb;
static const igraph_integer_t *cd;

static int rank_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    int k = strcmp(cg->schema->node_kinds[cg->nodes[x].kind].name,
                   cg->schema->node_kinds[cg->nodes[y].kind].name);
    if (k)
        return k;
    /* round so that sums computed in another order rank the same */
    double bx = (double)(long long)(cb[x] * 1e6 + 0.5), by = (double)(long long)(cb[y] * 1e6 + 0.5);
    if (bx != by)
        return bx > by ? -1 : 1;
    if (cd[x] != cd[y])
        return cd[x] > cd[y] ? -1 : 1;
    return strcmp(cg->nodes[x].id, cg->nodes[y].id);
}

rg_status rg_central(const rg_graph *g, const rg_central_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "central");
    unsigned char *skip = NULL, *edge_ok = NULL;
    int64_t *order = NULL;
    igraph_t sub;
    int have_sub = 0, have_b = 0, have_d = 0;
    igraph_vector_t btw;
    igraph_vector_int_t deg;
    rg_status st;
    if ((st = rg_edge_kind_flags(g, o->skip_edges, "skip_edges", &skip, err)))
        goto out;
    size_t nk = g->schema->n_edge_kinds;
    edge_ok = calloc(nk ? nk : 1, 1);
    order = malloc((g->nnodes ? g->nnodes : 1) * sizeof *order);
    if (!edge_ok || !order) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < nk; k++)
        edge_ok[k] = g->schema->edge_kinds[k].in_paths && !skip[k];
    if ((st = rg_sub_igraph(g, edge_ok, &sub, NULL, err)))
        goto out;
    have_sub = 1;
    if ((st = rg_igraph_check(igraph_vector_init(&btw, 0), err)))
        goto out;
    have_b = 1;
    if ((st = rg_igraph_check(igraph_vector_int_init(&deg, 0), err)))
        goto out;
    have_d = 1;
    igraph_error_t rc =
        o->cutoff > 0 ? igraph_betweenness_cutoff(&sub, &btw, igraph_vss_all(), IGRAPH_UNDIRECTED,
                                                  NULL, o->cutoff)
                      : igraph_betweenness(&sub, &btw, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL);
    if ((st = rg_igraph_check(rc, err)) ||
        (st = rg_igraph_check(igraph_degree(&sub, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS),
                              err)))
        goto out;
    igraph_integer_t ncomp = 0;
    if ((st = rg_igraph_check(igraph_connected_components(&sub, NULL, NULL, &ncomp, IGRAPH_WEAK),
                              err)))
        goto out;
    size_t n = 0;
    for (size_t v = 0; v < g->nnodes; v++)
        if (o->subset == NULL || o->subset[v])
            order[n++] = (int64_t)v;
    cg = g;
    cb = VECTOR(btw);
    cd = VECTOR(deg);
    qsort(order, n, sizeof *order, rank_cmp);

    rg_result_title(r, "Betweenness and degree, by kind");
    rg_result_note(r, "edges followed either way; edge kinds left out: those not in paths%s%s",
                   o->skip_edges && o->skip_edges[0] ? ", " : "",
                   o->skip_edges ? o->skip_edges : "");
    rg_result_note(r, "%lld component%s (nodes without links count as one each)", (long long)ncomp,
                   ncomp == 1 ? "" : "s");
    if (o->cutoff > 0)
        rg_result_note(r, "betweenness over paths of at most %d hops", o->cutoff);
    if (o->top)
        rg_result_note(r, "the first %d of each kind", o->top);
    rg_table *t = rg_result_table(r, "ranking", "Ranking within each kind", RG_STYLE_COLUMNS, "id",
                                  "kind", "rank", "name", "betweenness", "degree", NULL);
    int rank = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t v = order[i];
        if (i == 0 || g->nodes[v].kind != g->nodes[order[i - 1]].kind)
            rank = 0;
        rank++;
        if (o->top && rank > o->top)
            continue;
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        rg_cell_str(&row[0], g->nodes[v].id);
        rg_cell_str(&row[1], g->schema->node_kinds[g->nodes[v].kind].name);
        rg_cell_int(&row[2], rank);
        rg_cell_str(&row[3], g->nodes[v].name);
        rg_cell_real(&row[4], VECTOR(btw)[v]);
        rg_cell_int(&row[5], VECTOR(deg)[v]);
    }
    st = rg_result_check(r, err);
out:
    if (have_b)
        igraph_vector_destroy(&btw);
    if (have_d)
        igraph_vector_int_destroy(&deg);
    if (have_sub)
        igraph_destroy(&sub);
    free(skip);
    free(edge_ok);
    free(order);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

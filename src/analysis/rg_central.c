/* rg_central.c: betweenness and degree, ranked within each node kind.
 *
 * On the graph `relgraph links` walks (in_paths edge kinds, either way)
 * minus SKIP_EDGES: betweenness counts the shortest connections that pass
 * through a node, so a high value within a kind marks a broker (a person
 * through whom many bodies are linked).  Ranks are within each kind because
 * kinds are not comparable (an agreement always sits between two parties).
 *
 * Rows joined by alias edges are one entity (rg_quotient): one vertex, one
 * row under its representative, its members shown in a table; parallel
 * links between two entities count once, so a relationship stated twice
 * does not double the shortest connections through it. */
#include <stdlib.h>
#include <string.h>

#include "../core/rg_sort.h"
#include "rg_analysis.h"
#include "rg_btw.h"
#include "rg_registry.h"

typedef struct rank_ctx {
    const rg_graph *g;
    const rg_quotient *q;
    const double *btw;
    const uint32_t *deg; /* rg_quotient.adj_start: the degree is the gap to the next */
} rank_ctx;

/* Vertices by kind, then betweenness and degree (most first), then id. */
static int rank_cmp(const void *a, const void *b, void *ctx)
{
    const rank_ctx *c = ctx;
    const rg_graph *g = c->g;
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    const rg_node *nx = &g->nodes[c->q->node_of[x]], *ny = &g->nodes[c->q->node_of[y]];
    int k = strcmp(g->schema->node_kinds[nx->kind].name, g->schema->node_kinds[ny->kind].name);
    if (k)
        return k;
    /* round so that sums computed in another order rank the same */
    double bx = (double)(long long)(c->btw[x] * 1e6 + 0.5),
           by = (double)(long long)(c->btw[y] * 1e6 + 0.5);
    if (bx != by)
        return bx > by ? -1 : 1;
    uint32_t dx = c->deg[x + 1] - c->deg[x], dy = c->deg[y + 1] - c->deg[y];
    if (dx != dy)
        return dx > dy ? -1 : 1;
    return strcmp(nx->id, ny->id);
}

/* The entities to rank: those with a member in the subset. */
static size_t ranked(const rg_graph *g, const rg_central_opts *o, const rg_quotient *q,
                     int64_t *order)
{
    unsigned char *in = calloc(q->n + 1, 1);
    size_t n = 0;
    if (in == NULL)
        return (size_t)-1;
    for (size_t v = 0; v < g->nnodes; v++)
        if (o->subset == NULL || o->subset[v])
            in[q->vertex_of[v]] = 1;
    for (size_t x = 0; x < q->n; x++)
        if (in[x])
            order[n++] = (int64_t)x;
    free(in);
    return n;
}

static void notes(rg_result *r, const rg_central_opts *o, const rg_entities *e, size_t ncomp)
{
    rg_result_note(
        r, "edges followed either way; edge kinds left out: those not in paths%s%s%s%s",
        o->skip_edges && o->skip_edges[0] ? ", " : "", o->skip_edges ? o->skip_edges : "",
        o->alias_edges && o->alias_edges[0] ? ", " : "", o->alias_edges ? o->alias_edges : "");
    if (o->no_merge)
        rg_result_note(r, "--no-merge: every node is its own entity");
    else if (e->nentities < e->nnodes)
        rg_result_note(r,
                       "entities: nodes joined by %s are one (%zu nodes in %zu entities); "
                       "parallel links count once; --no-merge keeps them apart",
                       o->alias_edges, e->nnodes, e->nentities);
    rg_result_note(r, "%zu component%s (nodes without links count as one each)", ncomp,
                   ncomp == 1 ? "" : "s");
    if (o->cutoff > 0)
        rg_result_note(r, "betweenness over paths of at most %d hops", o->cutoff);
    if (o->top)
        rg_result_note(r, "the first %d of each kind", o->top);
}

static void rows(rg_result *r, const rg_central_opts *o, const rg_quotient *q, const rank_ctx *c,
                 const int64_t *order, size_t n, unsigned char *shown)
{
    const rg_graph *g = r->g;
    rg_table *t = rg_result_table(r, "ranking", "Ranking within each kind", RG_STYLE_COLUMNS, "id",
                                  "kind", "rank", "name", "betweenness", "degree", NULL);
    int rank = 0;
    for (size_t i = 0; t && i < n; i++) {
        int64_t x = order[i], v = q->node_of[x];
        if (i == 0 || g->nodes[v].kind != g->nodes[q->node_of[order[i - 1]]].kind)
            rank = 0;
        rank++;
        if (o->top && rank > o->top)
            continue;
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        shown[v] = 1;
        rg_cell_str(&row[0], g->nodes[v].id);
        rg_cell_str(&row[1], g->schema->node_kinds[g->nodes[v].kind].name);
        rg_cell_int(&row[2], rank);
        rg_cell_str(&row[3], g->nodes[v].name);
        rg_cell_real(&row[4], c->btw[x]);
        rg_cell_int(&row[5], c->deg[x + 1] - c->deg[x]);
    }
}

/* The budget's error names it, so that a query places it at its argument.
 * NEED: the steps an exact run needs (counted before it starts). */
static rg_status over_budget(const rg_central_opts *o, long long budget, uint64_t need,
                             rg_error *err)
{
    if (o->cutoff == 0)
        return rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                            "exact betweenness needs %llu steps, more than its budget "
                            "(max_steps) of %lld: count paths of a few hops (cutoff 3) or raise "
                            "max_steps",
                            (unsigned long long)need, budget);
    return rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                        "betweenness needed more than %lld steps, its budget "
                        "(max_steps): lower the cutoff or raise max_steps",
                        budget);
}

rg_status rg_central(const rg_graph *g, const rg_central_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "central");
    unsigned char *edge_ok = NULL, *shown = NULL;
    int64_t *order = NULL;
    double *btw = NULL;
    rg_entities e;
    rg_quotient q;
    memset(&q, 0, sizeof q);
    rg_status st;
    if ((st = rg_topology_init(g, o->skip_edges, o->alias_edges, o->no_merge, &e, &edge_ok, err)) ||
        (st = rg_quotient_init(g, edge_ok, &e, RG_Q_ADJ, &q, err)))
        goto out;
    order = malloc((q.n ? q.n : 1) * sizeof *order);
    shown = calloc(g->nnodes + 1, 1);
    btw = malloc((q.n ? q.n : 1) * sizeof *btw);
    if (!order || !shown || !btw) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    long long budget = o->max_steps > 0 ? o->max_steps : RG_CENTRAL_MAX_STEPS;
    rg_btw_in in = {q.n, q.adj_start, q.adj, o->cutoff, o->threads, (uint64_t)budget, g->progress};
    rg_progress_begin(g->progress, "central: betweenness", q.n, 0);
    rg_btw_stats bs;
    st = rg_btw(&in, btw, &bs, err);
    rg_progress_end(g->progress);
    if (st == RG_ELIMIT)
        st = over_budget(o, budget, bs.steps, err);
    if (st != RG_OK)
        goto out;
    size_t ncomp = rg_btw_components(q.n, q.adj_start, q.adj);
    size_t n = ncomp == (size_t)-1 ? ncomp : ranked(g, o, &q, order);
    rank_ctx c = {g, &q, btw, q.adj_start};
    if (n == (size_t)-1 || rg_sort(order, n, sizeof *order, rank_cmp, &c) != 0) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    rg_result_title(r, "Betweenness and degree, by kind");
    notes(r, o, &e, ncomp);
    rows(r, o, &q, &c, order, n, shown);
    rg_entities_rows(r, g, &e, shown);
    st = rg_result_check(r, err);
out:
    rg_quotient_destroy(&q);
    rg_entities_destroy(&e);
    free(edge_ok);
    free(order);
    free(shown);
    free(btw);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

/* ---- its declaration in the registry (rg_registry.h) ---------------------- */

static const rg_param central_params[] = {
    ROLE("skip_edges", RG_P_EDGE_KINDS, RG_ROLE_SKIP_EDGES, rg_central_opts, skip_edges, NULL, 0,
         SKIP_HELP),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_central_opts, alias_edges, NULL, 0,
         ALIAS_HELP),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_central_opts, no_merge), NULL, 0, 0, NULL,
     0, MERGE_HELP},
    NUM("top", RG_P_INT, "10", rg_central_opts, top, 0, 1000000, "rows per kind (0: all)"),
    NUM("cutoff", RG_P_INT, "0", rg_central_opts, cutoff, 0, 1000000,
        "betweenness over paths of at most N hops (0: exact; exact is O(nodes x edges))"),
    NUM("threads", RG_P_INT, "0", rg_central_opts, threads, 0, 64,
        "threads for betweenness (0: one per core; the answer is the same)"),
    {"max_steps", RG_P_INT, NOROLE, "1000000000000", offsetof(rg_central_opts, max_steps), NULL, 1,
     1e18, NULL, RG_PF_LONG,
     "betweenness: work budget, in links followed (an exact run checks it before it starts)"},
    END};

static rg_status run_central(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_central(g, o, r, err);
}

const rg_analysis_def rg_central_def = {
    "central",
    "betweenness and degree, ranked within each node kind",
    "Betweenness centrality (edges either way; igraph's values, computed on\n"
    "every core, the same answer from any number of threads) and degree of\n"
    "every entity (rows joined by alias edges are one; parallel links count\n"
    "once), ranked within its kind.  Exact betweenness is O(nodes x links):\n"
    "--cutoff N counts only paths of at most N hops; --max-steps bounds the work.",
    central_params,
    sizeof(rg_central_opts),
    offsetof(rg_central_opts, subset),
    run_central,
    "kind, rank, id, name, betweenness, degree",
    3};

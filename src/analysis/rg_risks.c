/* rg_risks.c: key-person and single-link dependencies.
 *
 * The graph is the one `relgraph links` walks (edge kinds with in_paths,
 * followed either way), minus SKIP_EDGES.  igraph finds its articulation
 * points and bridges; for each one inside the hub's component, a BFS from
 * the hub without it tells exactly which counterparties lose every
 * connection to the hub.  Cuts that cut off no counterparty are not listed. */
#include <stdlib.h>
#include <string.h>

#include "rg_analysis.h"

typedef struct cut {
    int64_t node; /* or -1 for a link */
    int64_t edge; /* or -1 for a node */
    size_t ncut;
    int64_t *cps;
} cut;

/* Marks what the hub reaches without NODE_OUT / EDGE_OUT (either may be -1). */
static void bfs(const rg_graph *g, const igraph_inclist_t *il, const unsigned char *edge_ok,
                int64_t hub, int64_t node_out, int64_t edge_out, unsigned char *seen,
                int64_t *queue)
{
    memset(seen, 0, g->nnodes);
    size_t head = 0, tail = 0;
    seen[hub] = 1;
    queue[tail++] = hub;
    while (head < tail) {
        int64_t u = queue[head++];
        igraph_vector_int_t *inc = igraph_inclist_get(il, u);
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(inc); i++) {
            int64_t e = VECTOR(*inc)[i];
            if (e == edge_out || !edge_ok[g->edges[e].kind])
                continue;
            int64_t v = g->edges[e].from == u ? g->edges[e].to : g->edges[e].from;
            if (v == node_out || seen[v])
                continue;
            seen[v] = 1;
            queue[tail++] = v;
        }
    }
}

static const rg_graph *cut_graph;

static const char *cut_id(const cut *c)
{
    return cut_graph->nodes[c->node >= 0 ? c->node : cut_graph->edges[c->edge].from].id;
}

static int cut_cmp(const void *a, const void *b)
{
    const cut *x = a, *y = b;
    if (x->ncut != y->ncut)
        return x->ncut > y->ncut ? -1 : 1;
    if ((x->node >= 0) != (y->node >= 0))
        return x->node >= 0 ? -1 : 1; /* nodes before links */
    int c = strcmp(cut_id(x), cut_id(y));
    if (c)
        return c;
    if (x->edge >= 0 && y->edge >= 0)
        return strcmp(cut_graph->nodes[cut_graph->edges[x->edge].to].id,
                      cut_graph->nodes[cut_graph->edges[y->edge].to].id);
    return 0;
}

rg_status rg_risks(const rg_graph *g, const rg_risks_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "risks");
    unsigned char *skip = NULL, *edge_ok = NULL, *seen = NULL, *base = NULL, *is_cp = NULL;
    int64_t *queue = NULL;
    cut *cuts = NULL;
    size_t ncuts = 0;
    int64_t hub;
    igraph_t sub;
    int have_sub = 0, have_il = 0;
    igraph_inclist_t il;
    igraph_vector_int_t aps, brs;
    int have_v = 0;
    rg_status st;
    if ((st = rg_edge_kind_flags(g, o->skip_edges, "skip_edges", &skip, err)) ||
        (st = rg_find_hub(g, o->hub, o->agreement_kind, o->party_edge, &hub, err)))
        goto out;
    size_t nk = g->schema->n_edge_kinds, nv = g->nnodes ? g->nnodes : 1;
    edge_ok = calloc(nk ? nk : 1, 1);
    seen = calloc(nv, 1);
    base = calloc(nv, 1);
    is_cp = calloc(nv, 1);
    queue = malloc(nv * sizeof *queue);
    if (!edge_ok || !seen || !base || !is_cp || !queue) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < nk; k++)
        edge_ok[k] = g->schema->edge_kinds[k].in_paths && !skip[k];
    if ((st = rg_sub_igraph(g, edge_ok, &sub, NULL, err)))
        goto out;
    have_sub = 1;
    if ((st =
             rg_igraph_check(igraph_inclist_init(&g->ig, &il, IGRAPH_ALL, IGRAPH_LOOPS_ONCE), err)))
        goto out;
    have_il = 1;
    if (igraph_vector_int_init(&aps, 0)) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    if (igraph_vector_int_init(&brs, 0)) {
        igraph_vector_int_destroy(&aps);
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    have_v = 1;
    if ((st = rg_igraph_check(igraph_articulation_points(&sub, &aps), err)) ||
        (st = rg_igraph_check(igraph_bridges(&sub, &brs), err)))
        goto out;

    /* The sub-graph's edge j is the j-th graph edge whose kind is allowed
     * (rg_sub_igraph keeps file order and drops loops): map it back. */
    int64_t *emap = malloc((g->nedges ? g->nedges : 1) * sizeof *emap);
    if (emap == NULL) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    size_t m = 0;
    for (size_t e = 0; e < g->nedges; e++)
        if (edge_ok[g->edges[e].kind] && g->edges[e].from != g->edges[e].to)
            emap[m++] = (int64_t)e;

    bfs(g, &il, edge_ok, hub, -1, -1, base, queue);
    size_t ncp = 0, unreached = 0;
    for (size_t v = 0; v < g->nnodes; v++)
        if ((int64_t)v != hub && rg_node_flag(g, (int64_t)v, o->select_attr) &&
            (o->subset == NULL || o->subset[v])) {
            is_cp[v] = 1;
            ncp++;
            unreached += !base[v];
        }
    size_t ncand = (size_t)igraph_vector_int_size(&aps) + (size_t)igraph_vector_int_size(&brs);
    cuts = calloc(ncand ? ncand : 1, sizeof *cuts);
    if (cuts == NULL) {
        free(emap);
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < ncand; i++) {
        size_t na = (size_t)igraph_vector_int_size(&aps);
        cut c = {-1, -1, 0, NULL};
        if (i < na)
            c.node = VECTOR(aps)[i];
        else
            c.edge = emap[VECTOR(brs)[i - na]];
        if ((c.node >= 0 && (c.node == hub || !base[c.node])) ||
            (c.edge >= 0 && !base[g->edges[c.edge].from]))
            continue; /* outside the hub's component, or the hub itself */
        bfs(g, &il, edge_ok, hub, c.node, c.edge, seen, queue);
        for (size_t v = 0; v < g->nnodes; v++)
            if (is_cp[v] && base[v] && !seen[v] && (int64_t)v != c.node)
                c.ncut++;
        if (c.ncut == 0)
            continue;
        c.cps = malloc(c.ncut * sizeof *c.cps);
        if (c.cps == NULL) {
            r->oom = 1;
            break;
        }
        size_t k = 0;
        for (size_t v = 0; v < g->nnodes; v++)
            if (is_cp[v] && base[v] && !seen[v] && (int64_t)v != c.node)
                c.cps[k++] = (int64_t)v;
        rg_sort_nodes(g, c.cps, c.ncut);
        cuts[ncuts++] = c;
    }
    free(emap);
    cut_graph = g;
    qsort(cuts, ncuts, sizeof *cuts, cut_cmp);

    rg_result_title(r, "Single points of failure between %s and its counterparties",
                    rg_node_label(g, &g->nodes[hub]));
    rg_result_note(r,
                   "hub: %s; counterparties: nodes with %s = true (%zu); %zu not connected "
                   "to the hub at all",
                   g->nodes[hub].id, o->select_attr, ncp, unreached);
    rg_result_note(r, "a cut is a node (articulation point) or a link (bridge) whose loss leaves "
                      "the counterparties listed with no connection to the hub");
    rg_table *t =
        rg_result_table(r, "cuts", "Cuts, ranked by counterparties cut off", RG_STYLE_COLUMNS, "id",
                        "type", "kind", "name", "cut_off", "counterparties", NULL);
    rg_table *lk = rg_result_table(r, "links", "The links (bridges), with their sources",
                                   RG_STYLE_LINES, "id", "text", "cites", NULL);
    if (lk)
        lk->keyed = 1;
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; i < ncuts; i++) {
        const cut *c = &cuts[i];
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        rg_buf_clear(&b);
        for (size_t k = 0; k < c->ncut; k++)
            rg_buf_printf(&b, "%s%s", k ? ", " : "", g->nodes[c->cps[k]].id);
        rg_cell_int(&row[4], (long long)c->ncut);
        rg_cell_str(&row[5], rg_result_strdup(r, rg_buf_str(&b)));
        if (c->node >= 0) {
            const rg_node *n = &g->nodes[c->node];
            rg_cell_str(&row[0], n->id);
            rg_cell_str(&row[1], "node");
            rg_cell_str(&row[2], g->schema->node_kinds[n->kind].name);
            rg_cell_str(&row[3], n->name);
        } else {
            const rg_edge *e = &g->edges[c->edge];
            rg_cell_text(r, &row[0], "%s--%s", g->nodes[e->from].id, g->nodes[e->to].id);
            const char *id = row[0].u.s;
            rg_cell_str(&row[1], "link");
            rg_cell_str(&row[2], g->schema->edge_kinds[e->kind].base.name);
            rg_buf_clear(&b);
            rg_edge_words(g, c->edge, e->from, &b);
            const char *words = rg_result_strdup(r, rg_buf_str(&b));
            rg_cell_str(&row[3], words);
            rg_cell *lrow = rg_table_row(r, lk);
            if (lrow) {
                rg_cell_str(&lrow[0], id);
                rg_cell_str(&lrow[1], words);
                rg_cell_cites(&lrow[2], e->p.cites, e->p.ncites);
            }
        }
    }
    rg_buf_destroy(&b);
    st = rg_result_check(r, err);
out:
    for (size_t i = 0; i < ncuts; i++)
        free(cuts[i].cps);
    free(cuts);
    if (have_v) {
        igraph_vector_int_destroy(&aps);
        igraph_vector_int_destroy(&brs);
    }
    if (have_il)
        igraph_inclist_destroy(&il);
    if (have_sub)
        igraph_destroy(&sub);
    free(skip);
    free(edge_ok);
    free(seen);
    free(base);
    free(is_cp);
    free(queue);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

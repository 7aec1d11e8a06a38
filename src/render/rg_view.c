/* rg_view.c: choosing what a diagram shows: the overview, a region, a
 * neighbourhood, the answer of `links`.  Pure graph walking: nothing here
 * knows Graphviz, so the report and the tests can ask what a view holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_utf8.h"
#include "../graph/rg_adj.h"
#include "rg_render.h"

void rg_view_destroy(rg_view *v)
{
    if (v == NULL)
        return;
    free(v->node_on);
    free(v->edge_on);
    free(v->fold_on);
    free(v->title);
    free(v->owned_status);
    free(v->owned_words);
    memset(v, 0, sizeof *v);
}

static int edge_kind_of(const rg_graph *g, const char *name)
{
    return name ? rg_schema_edge_kind(g->schema, name) : -1;
}

/* Sources (kinds exempt from citing) are named in the footnote instead. */
static int is_source_kind(const rg_graph *g, int kind)
{
    return g->schema->exempt && rg_bit_get(g->schema->exempt, (size_t)kind);
}

static int is_fold_kind(const rg_render_opts *o, int kind)
{
    return o && o->fold_kinds && rg_bit_get(o->fold_kinds, (size_t)kind);
}

/* Marks the targets of cluster edges: they are drawn as clusters. */
static unsigned char *cluster_targets(const rg_graph *g, const rg_render_opts *o)
{
    unsigned char *t = calloc(g->nnodes + 1, 1);
    int ck = edge_kind_of(g, o ? o->cluster_edge : NULL);
    if (t == NULL || ck < 0)
        return t;
    for (size_t j = 0; j < g->nedges; j++)
        if (g->edges[j].kind == ck)
            t[g->edges[j].to] = 1;
    return t;
}

int64_t *rg_render_clusters(const rg_graph *g, const rg_render_opts *o, size_t *n)
{
    *n = 0;
    unsigned char *t = cluster_targets(g, o);
    if (t == NULL)
        return NULL;
    int64_t *out = malloc((g->nnodes + 1) * sizeof *out);
    if (out != NULL)
        for (size_t i = 0; i < g->nnodes; i++)
            if (t[i])
                out[(*n)++] = (int64_t)i;
    free(t);
    if (out && *n == 0) {
        free(out);
        out = NULL;
    }
    return out;
}

static rg_status view_alloc(const rg_graph *g, rg_view *v, const char *title, rg_error *err)
{
    memset(v, 0, sizeof *v);
    v->g = g;
    v->node_on = calloc(g->nnodes + 1, 1);
    v->fold_on = calloc(g->nnodes + 1, 1);
    v->edge_on = calloc(g->nedges + 1, 1);
    /* the callers' titles are cut to their buffers by snprintf: never in the
     * middle of a character, or the DOT holds invalid UTF-8 */
    v->title = strndup(title, rg_utf8_cut(title, strlen(title)));
    if (!v->node_on || !v->fold_on || !v->edge_on || !v->title) {
        rg_view_destroy(v);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return RG_OK;
}

/* What was withheld from the audience (the view is drawn from the public
 * view of the graph), so that the diagram can say so. */
static void count_hidden(const rg_graph *g, const rg_render_opts *o, rg_view *v)
{
    (void)g;
    v->hidden = o ? o->withheld : 0;
}

/* Turns on the edges between drawn nodes (cluster edges are drawn as
 * clusters), and marks folded nodes next to drawn ones. */
static void finish(const rg_graph *g, const rg_render_opts *o, rg_view *v, int fold)
{
    int ck = edge_kind_of(g, o ? o->cluster_edge : NULL);
    for (size_t j = 0; j < g->nedges; j++) {
        const rg_edge *e = &g->edges[j];
        if (e->kind == ck)
            continue;
        if (v->node_on[e->from] && v->node_on[e->to])
            v->edge_on[j] = 1;
        else if (fold && v->node_on[e->from] && is_fold_kind(o, g->nodes[e->to].kind))
            v->fold_on[e->to] = 1;
        else if (fold && v->node_on[e->to] && is_fold_kind(o, g->nodes[e->from].kind))
            v->fold_on[e->from] = 1;
    }
    count_hidden(g, o, v);
}

/* Whether node I may be drawn as a node in a view that chose it. */
static int drawable(const rg_graph *g, const rg_render_opts *o, const unsigned char *targets,
                    int64_t i)
{
    return !targets[i] && !is_source_kind(g, g->nodes[i].kind);
}

rg_status rg_view_overview(const rg_graph *g, const rg_render_opts *o, rg_view *v, rg_error *err)
{
    char title[512];
    snprintf(title, sizeof title, "%s: overview", g->title ? g->title : "catalogue");
    rg_status st = view_alloc(g, v, title, err);
    if (st != RG_OK)
        return st;
    unsigned char *t = cluster_targets(g, o);
    if (t == NULL) {
        rg_view_destroy(v);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < g->nnodes; i++)
        v->node_on[i] =
            (unsigned char)(drawable(g, o, t, (int64_t)i) && !is_fold_kind(o, g->nodes[i].kind));
    free(t);
    finish(g, o, v, 1);
    return RG_OK;
}

rg_status rg_view_region(const rg_graph *g, const rg_render_opts *o, int64_t region, rg_view *v,
                         rg_error *err)
{
    int ck = edge_kind_of(g, o ? o->cluster_edge : NULL);
    if (ck < 0)
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                            "this catalogue's schema has no edge kind '%s' to group by region",
                            o && o->cluster_edge ? o->cluster_edge : "");
    unsigned char *t = cluster_targets(g, o);
    if (t == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    if (!t[region]) {
        free(t);
        return rg_error_set(err, RG_ENOTFOUND, NULL, 0, 0,
                            "'%s' is not a region: no '%s' edge leads to it", g->nodes[region].id,
                            o->cluster_edge);
    }
    char title[512];
    const char *group =
        g->schema->roles[RG_ROLE_WORD_GROUP] ? g->schema->roles[RG_ROLE_WORD_GROUP] : "group";
    snprintf(title, sizeof title, "%s: %s %s", g->title ? g->title : "catalogue", group,
             rg_node_label(g, &g->nodes[region]));
    rg_status st = view_alloc(g, v, title, err);
    if (st != RG_OK) {
        free(t);
        return st;
    }
    /* The members, then everything one step from a member. */
    unsigned char *member = calloc(g->nnodes + 1, 1);
    if (member == NULL) {
        free(t);
        rg_view_destroy(v);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t j = 0; j < g->nedges; j++) {
        const rg_edge *e = &g->edges[j];
        if (e->kind == ck && e->to == region && drawable(g, o, t, e->from))
            member[e->from] = v->node_on[e->from] = 1;
    }
    for (size_t j = 0; j < g->nedges; j++) {
        const rg_edge *e = &g->edges[j];
        if (e->kind == ck)
            continue;
        int64_t other = member[e->from] ? e->to : member[e->to] ? e->from : -1;
        if (other >= 0 && drawable(g, o, t, other) && !is_fold_kind(o, g->nodes[other].kind))
            v->node_on[other] = 1;
    }
    free(member);
    free(t);
    finish(g, o, v, 1);
    return RG_OK;
}

rg_status rg_view_around(const rg_graph *g, const rg_render_opts *o, int64_t center, int depth,
                         rg_view *v, rg_error *err)
{
    char title[512];
    snprintf(title, sizeof title, "%s: within %d step%s of %s", g->title ? g->title : "catalogue",
             depth, depth == 1 ? "" : "s", rg_node_label(g, &g->nodes[center]));
    rg_status st = view_alloc(g, v, title, err);
    if (st != RG_OK)
        return st;
    int ck = edge_kind_of(g, o ? o->cluster_edge : NULL);
    unsigned char *t = cluster_targets(g, o);
    long *dist = malloc((g->nnodes + 1) * sizeof *dist);
    int64_t *queue = malloc((g->nnodes + 1) * sizeof *queue);
    rg_adj adj;
    memset(&adj, 0, sizeof adj);
    if (!t || !dist || !queue || rg_adj_init(g, &adj, err) != RG_OK) {
        free(t);
        free(dist);
        free(queue);
        rg_adj_destroy(&adj);
        rg_view_destroy(v);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < g->nnodes; i++)
        dist[i] = -1;
    size_t head = 0, tail = 0;
    dist[center] = 0;
    queue[tail++] = center;
    while (head < tail) {
        int64_t u = queue[head++];
        if (dist[u] >= depth)
            continue;
        /* Regions would join every body to every other: a region is only
         * left through its members when it is the centre.  Out edges, then
         * in edges, each in file order. */
        size_t nout = adj.out_start[u + 1] - adj.out_start[u];
        size_t nin = adj.in_start[u + 1] - adj.in_start[u];
        for (size_t k = 0; k < nout + nin; k++) {
            int64_t j = k < nout ? adj.out_edges[adj.out_start[u] + k]
                                 : adj.in_edges[adj.in_start[u] + k - nout];
            const rg_edge *e = &g->edges[j];
            if (e->kind == ck && u != center)
                continue;
            int64_t w = e->from == u ? e->to : e->from;
            if (dist[w] >= 0 || is_source_kind(g, g->nodes[w].kind))
                continue;
            dist[w] = dist[u] + 1;
            queue[tail++] = w;
        }
    }
    for (size_t i = 0; st == RG_OK && i < g->nnodes; i++)
        if (dist[i] >= 0 && drawable(g, o, t, (int64_t)i))
            v->node_on[i] = 1;
    rg_adj_destroy(&adj);
    free(t);
    free(dist);
    free(queue);
    if (st != RG_OK) {
        rg_view_destroy(v);
        return st;
    }
    finish(g, o, v, 0);
    return RG_OK;
}

rg_status rg_view_result(const rg_graph *g, const rg_render_opts *o, const rg_result *r,
                         const char *title, rg_view *v, rg_error *err)
{
    rg_status st = rg_view_nodes(g, o, r->nodes, r->nnodes, title, v, err);
    if (st != RG_OK || r->edges == NULL)
        return st;
    /* only the edges the result stands for: a path's steps */
    memset(v->edge_on, 0, g->nedges ? g->nedges : 1);
    for (size_t i = 0; i < r->nedges; i++)
        v->edge_on[r->edges[i]] = 1;
    v->edge_labels = 1;
    return RG_OK;
}

rg_status rg_view_nodes(const rg_graph *g, const rg_render_opts *o, const int64_t *nodes, size_t n,
                        const char *title, rg_view *v, rg_error *err)
{
    rg_status st = view_alloc(g, v, title ? title : "selection", err);
    if (st != RG_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (nodes[i] < 0 || (size_t)nodes[i] >= g->nnodes) {
            rg_view_destroy(v);
            return rg_error_set(err, RG_EUSAGE, NULL, 0, 0, "node index %lld out of range",
                                (long long)nodes[i]);
        }
        v->node_on[nodes[i]] = 1;
    }
    finish(g, o, v, 0);
    return RG_OK;
}

size_t rg_view_count(const rg_view *v)
{
    size_t n = 0;
    for (size_t i = 0; i < v->g->nnodes; i++)
        n += v->node_on[i];
    return n;
}

/* The status of each counterparty, from an analysis result: the status
 * column of its main table, one word per node, in the order of the columns
 * of a table that has one per status (the order of severity: the gaps
 * analysis' by-region table), else in order of first appearance. */
static int statuses_from(const rg_graph *g, const rg_result *res, const char ***status,
                         const char ***words, size_t *nwords)
{
    const rg_table *t = res->ntables ? &res->tables[0] : NULL;
    int idc = t ? rg_table_col(t, "id") : -1, stc = t ? rg_table_col(t, "status") : -1;
    if (idc < 0 || stc < 0)
        return -1;
    const char **st = calloc(g->nnodes + 1, sizeof *st);
    const char **w = calloc(t->nrows + 1, sizeof *w);
    size_t nw = 0;
    if (!st || !w) {
        free(st);
        free(w);
        return -1;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        const rg_cell *ic = rg_table_cell(t, r, (size_t)idc),
                      *sc = rg_table_cell(t, r, (size_t)stc);
        int64_t v = ic->type == RG_CELL_TEXT ? rg_graph_find_id(g, ic->u.s) : -1;
        if (v < 0 || sc->type != RG_CELL_TEXT)
            continue;
        st[v] = sc->u.s;
        size_t k = 0;
        while (k < nw && strcmp(w[k], sc->u.s) != 0)
            k++;
        if (k == nw)
            w[nw++] = sc->u.s;
    }
    for (size_t k = 1; k < res->ntables; k++) {
        const rg_table *o = &res->tables[k];
        size_t found = 0;
        for (size_t i = 0; i < nw; i++)
            found += rg_table_col(o, w[i]) >= 0;
        if (found != nw || nw == 0)
            continue;
        size_t n = 0;
        for (size_t c = 0; c < o->ncols; c++)
            for (size_t i = n; i < nw; i++)
                if (strcmp(o->cols[c], w[i]) == 0) {
                    const char *tmp = w[n];
                    w[n++] = w[i];
                    w[i] = tmp;
                    break;
                }
        break;
    }
    *status = st;
    *words = w;
    *nwords = nw;
    return 0;
}

rg_status rg_view_fill_from(rg_view *v, const rg_result *res, rg_error *err)
{
    const char **st, **words;
    size_t nwords;
    if (statuses_from(v->g, res, &st, &words, &nwords) != 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "the analysis gave no status per node to colour the diagram by");
    char *title = strdup(res->title ? res->title : res->analysis);
    if (title == NULL) {
        free(st);
        free(words);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    free(v->title);
    v->title = title;
    free(v->owned_status);
    free(v->owned_words);
    v->status = v->owned_status = st;
    v->status_values = v->owned_words = words;
    v->nstatus_values = nwords;
    v->status_name = res->analysis;
    return RG_OK;
}

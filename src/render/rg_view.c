/* rg_view.c: choosing what a diagram shows: the overview, a region, a
 * neighbourhood, the answer of `links`.  Pure graph walking: nothing here
 * knows Graphviz, so the report and the tests can ask what a view holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_analysis.h"
#include "../core/rg_list.h"
#include "../core/rg_sort.h"
#include "../core/rg_utf8.h"
#include "../graph/rg_adj.h"
#include "../graph/rg_roles.h"
#include "../query/rg_call.h"
#include "rg_render.h"

/* Nodes a neighbourhood (around, person) keeps to stay legible on one A4
 * page at 7 pt: more would shrink the text below it (measured by
 * tests/scripts/test_figures_a4.sh). */
#define PAGE_NODES 22
#define PAGE_NODES_TEXT "22"
/* A neighbourhood's edges carry the folded agreements' titles: fewer fit. */
#define AROUND_NODES 12

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
    for (size_t i = 0; i < v->nlinks; i++)
        free(v->links[i].label);
    free(v->links);
    free(v->note);
    if (v->owned_result) {
        rg_result_destroy(v->owned_result);
        free(v->owned_result);
    }
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
    v->hub = -1;
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

/* The hub of the catalogue (role hub, else the party to most agreements),
 * or -1 when it has none. */
static int64_t view_hub(const rg_graph *g)
{
    const rg_schema *sc = g->schema;
    const char *ak = sc->roles[RG_ROLE_AGREEMENT_KIND], *pe = sc->roles[RG_ROLE_PARTY_EDGE];
    int64_t hub = -1;
    rg_error err;
    if ((sc->roles[RG_ROLE_HUB] || (ak && pe)) &&
        rg_find_hub(g, sc->roles[RG_ROLE_HUB], ak, pe, &hub, &err) != RG_OK)
        hub = -1;
    return hub;
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
    /* The hub is the other party to most of a region's agreements: without
     * it they would float loose.  In its own region it is drawn, but its
     * neighbours are not those of the region (they are the overview). */
    int64_t hub = view_hub(g);
    if (hub >= 0)
        member[hub] = 0;
    for (size_t j = 0; j < g->nedges; j++) {
        const rg_edge *e = &g->edges[j];
        if (e->kind == ck)
            continue;
        int64_t other = member[e->from] ? e->to : member[e->to] ? e->from : -1;
        if (other >= 0 && drawable(g, o, t, other) && !is_fold_kind(o, g->nodes[other].kind))
            v->node_on[other] = 1;
    }
    if (hub >= 0 && drawable(g, o, t, hub)) {
        v->node_on[hub] = 1;
        v->hub = hub;
    }
    free(t);
    finish(g, o, v, 1);
    st = rg_view_fold_agreements(v, o, -1, err);
    /* the hub and the members first, then their neighbours in file order */
    int64_t *order = st == RG_OK ? malloc((g->nnodes + 1) * sizeof *order) : NULL;
    size_t n = 0;
    if (st == RG_OK && order == NULL)
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    if (order && hub >= 0)
        order[n++] = hub;
    for (int pass = 0; order && pass < 2; pass++)
        for (size_t i = 0; i < g->nnodes; i++)
            if ((int64_t)i != hub && member[i] == !pass)
                order[n++] = (int64_t)i;
    if (st == RG_OK)
        st =
            rg_view_limit(v, order, n, PAGE_NODES,
                          "a page holds " PAGE_NODES_TEXT "; the region's members come first", err);
    free(order);
    free(member);
    if (st != RG_OK)
        rg_view_destroy(v);
    return st;
}

typedef struct near_ctx {
    const long *dist;
    const size_t *degree;
} near_ctx;

static int by_nearness(const void *x, const void *y, void *ctx)
{
    const near_ctx *c = ctx;
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    if (c->dist[a] != c->dist[b])
        return c->dist[a] < c->dist[b] ? -1 : 1;
    return (c->degree[a] < c->degree[b]) - (c->degree[a] > c->degree[b]);
}

/* Orders QUEUE (breadth first from the centre) by distance, then by the
 * links each node has in the drawing, most first: when a page cannot hold
 * the neighbourhood, the nodes that connect most are kept.  Stable: file
 * order breaks ties. */
static rg_status nearest_first(const rg_view *v, int64_t *queue, size_t n, const long *dist,
                               rg_error *err)
{
    const rg_graph *g = v->g;
    size_t *degree = calloc(g->nnodes + 1, sizeof *degree);
    if (degree == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t j = 0; j < g->nedges; j++)
        if (v->edge_on[j]) {
            degree[g->edges[j].from]++;
            degree[g->edges[j].to]++;
        }
    for (size_t k = 0; k < v->nlinks; k++) {
        degree[v->links[k].from]++;
        degree[v->links[k].to]++;
    }
    near_ctx c = {dist, degree};
    rg_sort(queue, n, sizeof *queue, by_nearness, &c);
    free(degree);
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
    /* the folded kinds (clauses) are in their agreements' tooltips, unless
     * the view is about one */
    for (size_t i = 0; st == RG_OK && i < g->nnodes; i++)
        if (dist[i] >= 0 && drawable(g, o, t, (int64_t)i) &&
            ((int64_t)i == center || !is_fold_kind(o, g->nodes[i].kind)))
            v->node_on[i] = 1;
    rg_adj_destroy(&adj);
    free(t);
    v->hub = view_hub(g);
    finish(g, o, v, 1);
    st = rg_view_fold_agreements(v, o, center, err);
    if (st == RG_OK)
        st = nearest_first(v, queue, tail, dist, err);
    free(dist);
    if (st == RG_OK) {
        char why[600];
        snprintf(why, sizeof why, "a page holds %d; the nearest to %s are drawn", AROUND_NODES,
                 rg_node_label(g, &g->nodes[center]));
        st = rg_view_limit(v, queue, tail, AROUND_NODES, why, err);
    }
    free(queue);
    if (st != RG_OK)
        rg_view_destroy(v);
    return st;
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
 * analysis' by-region table), else in order of first appearance.  -1 when
 * the result has no such table, -2 when out of memory. */
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
        return -2; /* out of memory: an error, not "no status" */
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
    int rc = statuses_from(v->g, res, &st, &words, &nwords);
    if (rc == -2)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc != 0)
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

/* ---- short titles -------------------------------------------------- */

void rg_type_abbrev(const char *type, rg_buf *out)
{
    if (strchr(type, ' ') == NULL) {
        rg_buf_puts(out, type);
        return;
    }
    /* "memorandum of agreement" is "MoA": capitals for the words that
     * carry the meaning, small letters for the short ones between them */
    for (const char *p = type; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == 0)
            break;
        char c = *p;
        if (n > 2 && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        rg_buf_putc(out, c);
        p += n;
    }
}

void rg_short_title(const rg_graph *g, int64_t i, rg_buf *out)
{
    const rg_schema *sc = g->schema;
    const rg_node *n = &g->nodes[i];
    const char *label = rg_node_label(g, n);
    int ak = sc->roles[RG_ROLE_AGREEMENT_KIND]
                 ? rg_schema_node_kind(sc, sc->roles[RG_ROLE_AGREEMENT_KIND])
                 : -1;
    const rg_value *type = sc->roles[RG_ROLE_TYPE_ATTR] && n->kind == ak
                               ? rg_node_attr(g, n, sc->roles[RG_ROLE_TYPE_ATTR])
                               : NULL;
    const rg_value *date = sc->roles[RG_ROLE_DATE_ATTR] && n->kind == ak
                               ? rg_node_attr(g, n, sc->roles[RG_ROLE_DATE_ATTR])
                               : NULL;
    /* a name attribute (a short name) is the catalogue's own short title */
    if (label != n->name || type == NULL || type->type != RG_T_STRING) {
        rg_buf_puts(out, label);
        return;
    }
    rg_type_abbrev(type->u.s, out);
    if (date && date->type == RG_T_DATE && date->u.d.year)
        rg_buf_printf(out, " %d", date->u.d.year);
}

/* ---- gaps, summary, folding, limits --------------------------------- */

rg_status rg_view_gaps(rg_view *v, const char *as_of, rg_error *err)
{
    rg_result *res = calloc(1, sizeof *res);
    char *title = strdup(v->title);
    if (res == NULL || title == NULL) {
        free(res);
        free(title);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rg_arg arg = {"as_of", as_of, 0, 0};
    rg_status st = rg_call(v->g, "gaps", &arg, as_of ? 1 : 0, NULL, res, err);
    if (st == RG_OK)
        st = rg_view_fill_from(v, res, err);
    if (st != RG_OK) {
        if (res->g)
            rg_result_destroy(res);
        free(res);
        free(title);
        return st;
    }
    free(v->title);
    v->title = title;
    if (v->owned_result) {
        rg_result_destroy(v->owned_result);
        free(v->owned_result);
    }
    v->owned_result = res;
    return RG_OK;
}

/* Adds a link FROM-TO (or appends LABEL to the one there is); -1 on ENOMEM. */
static int add_link(rg_view *v, int64_t from, int64_t to, int64_t via, int kind, const char *label,
                    const char *status)
{
    for (size_t i = 0; i < v->nlinks; i++) {
        rg_view_link *l = &v->links[i];
        if (!((l->from == from && l->to == to) || (l->from == to && l->to == from)))
            continue;
        if (label && label[0] && (l->label == NULL || strstr(l->label, label) == NULL)) {
            size_t n = l->label ? strlen(l->label) : 0;
            char *s = realloc(l->label, n + strlen(label) + 3);
            if (s == NULL)
                return -1;
            snprintf(s + n, strlen(label) + 3, "%s%s", n ? ", " : "", label);
            l->label = s;
        }
        return 0;
    }
    rg_view_link *grown = realloc(v->links, (v->nlinks + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    v->links = grown;
    char *copy = label && label[0] ? strdup(label) : NULL;
    if (label && label[0] && copy == NULL)
        return -1;
    v->links[v->nlinks++] = (rg_view_link){from, to, via, copy, status, kind};
    return 0;
}

/* The drawn parties of agreement A (up to 3: more means "not two"). */
static size_t parties_of(const rg_view *v, const rg_adj *adj, int64_t a, int pe, int64_t *p)
{
    const rg_graph *g = v->g;
    size_t np = 0;
    size_t nout = adj->out_start[a + 1] - adj->out_start[a];
    size_t nin = adj->in_start[a + 1] - adj->in_start[a];
    for (size_t k = 0; k < nout + nin && np < 3; k++) {
        int64_t j = k < nout ? adj->out_edges[adj->out_start[a] + k]
                             : adj->in_edges[adj->in_start[a] + k - nout];
        const rg_edge *e = &g->edges[j];
        int64_t other = e->from == a ? e->to : e->from;
        if (e->kind != pe || !v->node_on[other] || other == a)
            continue;
        if (!(np == 1 && p[0] == other) && !(np == 2 && (p[0] == other || p[1] == other)))
            p[np++] = other;
    }
    return np;
}

rg_status rg_view_fold_agreements(rg_view *v, const rg_render_opts *o, int64_t keep, rg_error *err)
{
    (void)o;
    const rg_graph *g = v->g;
    const rg_schema *sc = g->schema;
    int ak = sc->roles[RG_ROLE_AGREEMENT_KIND]
                 ? rg_schema_node_kind(sc, sc->roles[RG_ROLE_AGREEMENT_KIND])
                 : -1;
    int pe =
        sc->roles[RG_ROLE_PARTY_EDGE] ? rg_schema_edge_kind(sc, sc->roles[RG_ROLE_PARTY_EDGE]) : -1;
    if (ak < 0 || pe < 0)
        return RG_OK;
    rg_adj adj;
    rg_status st = rg_adj_init(g, &adj, err);
    if (st != RG_OK)
        return st;
    rg_buf t;
    rg_buf_init(&t);
    for (size_t i = 0; i < g->nnodes && st == RG_OK; i++) {
        int64_t a = (int64_t)i, p[3];
        if (!v->node_on[a] || g->nodes[a].kind != ak || a == keep ||
            parties_of(v, &adj, a, pe, p) != 2)
            continue;
        /* the hub first, so that its edges leave it the same way */
        int swap = p[1] == v->hub || (p[0] != v->hub && p[1] < p[0]);
        rg_buf_clear(&t);
        rg_short_title(g, a, &t);
        if (t.oom || add_link(v, p[swap], p[!swap], a, pe, rg_buf_str(&t), NULL) != 0)
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        v->node_on[a] = 0;
        v->fold_on[a] = 1;
        for (size_t j = 0; j < g->nedges; j++)
            if (g->edges[j].from == a || g->edges[j].to == a)
                v->edge_on[j] = 0;
    }
    rg_buf_destroy(&t);
    rg_adj_destroy(&adj);
    return st;
}

rg_status rg_view_limit(rg_view *v, const int64_t *order, size_t n, size_t max, const char *why,
                        rg_error *err)
{
    const rg_graph *g = v->g;
    if (rg_view_count(v) <= max)
        return RG_OK;
    size_t *left = calloc(g->schema->n_node_kinds + 1, sizeof *left);
    if (left == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    size_t kept = 0, dropped = 0;
    for (size_t k = 0; k < n; k++) {
        int64_t i = order[k];
        if (!v->node_on[i])
            continue;
        if (kept < max) {
            kept++;
            continue;
        }
        v->node_on[i] = 0;
        left[g->nodes[i].kind]++;
        dropped++;
    }
    for (size_t j = 0; j < g->nedges; j++)
        if (!v->node_on[g->edges[j].from] || !v->node_on[g->edges[j].to])
            v->edge_on[j] = 0;
    rg_buf b;
    rg_buf_init(&b);
    rg_buf_printf(&b, "%zu more node%s left out (", dropped, dropped == 1 ? "" : "s");
    int first = 1;
    for (size_t k = 0; k < g->schema->n_node_kinds; k++)
        if (left[k]) {
            rg_buf_printf(&b, "%s%zu %s", first ? "" : ", ", left[k],
                          g->schema->node_kinds[k].name);
            first = 0;
        }
    rg_buf_printf(&b, "): %s.", why);
    free(left);
    free(v->note);
    v->note = b.oom ? NULL : rg_buf_detach(&b);
    rg_buf_destroy(&b);
    return v->note ? RG_OK : rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
}

/* The person or team that links informal counterparty C to HUB (an edge to
 * each, the group edge and the skipped edges aside), or -1. */
static int64_t link_person(const rg_graph *g, const rg_adj *adj, int64_t hub, int64_t c, int ck)
{
    const rg_schema *sc = g->schema;
    const char *persons = sc->roles[RG_ROLE_PERSON_KINDS];
    const char *skip = sc->roles[RG_ROLE_SKIP_EDGES];
    size_t nout = adj->out_start[c + 1] - adj->out_start[c];
    size_t nin = adj->in_start[c + 1] - adj->in_start[c];
    for (size_t k = 0; k < nout + nin; k++) {
        int64_t j = k < nout ? adj->out_edges[adj->out_start[c] + k]
                             : adj->in_edges[adj->in_start[c] + k - nout];
        const rg_edge *e = &g->edges[j];
        int64_t p = e->from == c ? e->to : e->from;
        if (e->kind == ck || rg_list_has(skip, sc->edge_kinds[e->kind].base.name) ||
            !rg_list_has(persons, sc->node_kinds[g->nodes[p].kind].name))
            continue;
        size_t po = adj->out_start[p + 1] - adj->out_start[p];
        size_t pi = adj->in_start[p + 1] - adj->in_start[p];
        for (size_t m = 0; m < po + pi; m++) {
            int64_t jj = m < po ? adj->out_edges[adj->out_start[p] + m]
                                : adj->in_edges[adj->in_start[p] + m - po];
            const rg_edge *f = &g->edges[jj];
            if ((f->from == hub || f->to == hub) && f->kind != ck &&
                !rg_list_has(skip, sc->edge_kinds[f->kind].base.name))
                return p;
        }
    }
    return -1;
}

/* One edge from the hub to each counterparty, labelled with the short
 * titles of the agreements they share, or through the person who is the
 * working link. */
static rg_status summary_links(rg_view *v, const rg_render_opts *o, rg_error *err)
{
    const rg_graph *g = v->g;
    const rg_schema *sc = g->schema;
    int ak = rg_schema_node_kind(sc, sc->roles[RG_ROLE_AGREEMENT_KIND]);
    int pe = rg_schema_edge_kind(sc, sc->roles[RG_ROLE_PARTY_EDGE]);
    int ck = o && o->cluster_edge ? rg_schema_edge_kind(sc, o->cluster_edge) : -1;
    rg_adj adj;
    rg_status st = rg_adj_init(g, &adj, err);
    if (st != RG_OK)
        return st;
    unsigned char *with_hub = calloc(g->nnodes + 1, 1);
    rg_buf t;
    rg_buf_init(&t);
    int oom = with_hub == NULL;
    /* first the agreements: the hub's, each parties' */
    for (size_t a = 0; !oom && a < g->nnodes; a++) {
        if (g->nodes[a].kind != ak)
            continue;
        int has_hub = 0;
        for (int pass = 0; pass < 2; pass++) {
            size_t nout = adj.out_start[a + 1] - adj.out_start[a];
            size_t nin = adj.in_start[a + 1] - adj.in_start[a];
            for (size_t k = 0; !oom && k < nout + nin; k++) {
                int64_t j = k < nout ? adj.out_edges[adj.out_start[a] + k]
                                     : adj.in_edges[adj.in_start[a] + k - nout];
                const rg_edge *e = &g->edges[j];
                int64_t c = e->from == (int64_t)a ? e->to : e->from;
                if (e->kind != pe)
                    continue;
                if (pass == 0) {
                    has_hub |= c == v->hub;
                } else if (has_hub && c != v->hub && v->status[c]) {
                    rg_buf_clear(&t);
                    rg_short_title(g, (int64_t)a, &t);
                    oom = t.oom ||
                          add_link(v, v->hub, c, (int64_t)a, pe, rg_buf_str(&t), v->status[c]);
                    with_hub[c] = 1;
                }
            }
        }
    }
    /* then the counterparties with no agreement: through a person, or direct */
    for (size_t c = 0; !oom && c < g->nnodes; c++) {
        if (!v->status[c] || (int64_t)c == v->hub || with_hub[c])
            continue;
        int64_t p = link_person(g, &adj, v->hub, (int64_t)c, ck);
        if (p >= 0) {
            v->node_on[p] = 1;
            oom = add_link(v, v->hub, p, -1, -1, NULL, NULL) ||
                  add_link(v, p, (int64_t)c, -1, -1, NULL, v->status[c]);
        } else {
            oom = add_link(v, v->hub, (int64_t)c, -1, -1, NULL, v->status[c]);
        }
    }
    free(with_hub);
    rg_buf_destroy(&t);
    rg_adj_destroy(&adj);
    return oom ? rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory") : RG_OK;
}

rg_status rg_view_summary(const rg_graph *g, const rg_render_opts *o, const char *as_of, rg_view *v,
                          rg_error *err)
{
    const rg_schema *sc = g->schema;
    int64_t hub = view_hub(g);
    if (hub < 0 || !sc->roles[RG_ROLE_AGREEMENT_KIND] || !sc->roles[RG_ROLE_PARTY_EDGE] ||
        rg_schema_node_kind(sc, sc->roles[RG_ROLE_AGREEMENT_KIND]) < 0 ||
        rg_schema_edge_kind(sc, sc->roles[RG_ROLE_PARTY_EDGE]) < 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "the catalogue has no hub and agreements to summarise");
    char title[512];
    snprintf(title, sizeof title, "%s: overview", g->title ? g->title : "catalogue");
    rg_status st = view_alloc(g, v, title, err);
    if (st != RG_OK)
        return st;
    v->hub = hub;
    if ((st = rg_view_gaps(v, as_of, err)) != RG_OK) {
        rg_view_destroy(v);
        return st;
    }
    v->node_on[hub] = 1;
    for (size_t i = 0; i < g->nnodes; i++)
        if (v->status[i])
            v->node_on[i] = 1;
    v->link_labels_in_node = 1;
    count_hidden(g, o, v);
    if ((st = summary_links(v, o, err)) != RG_OK)
        rg_view_destroy(v);
    return st;
}

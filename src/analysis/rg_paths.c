/* rg_paths.c: who links FROM to TO: the shortest connections, step by step.
 *
 * The one engine behind `relgraph links`, the query function `paths` and
 * the path diagrams.  Connections that differ only by nodes of one entity
 * (two statements of one relationship: an MoU and the cooperation a news
 * release announces, joined by an alias edge) count as one connection: the
 * first is shown, the others are listed as further statements of it. */
#include <stdlib.h>
#include <string.h>

#include "../graph/rg_entity.h"
#include "rg_analysis.h"
#include "rg_links.h"
#include "rg_registry.h"

/* max_rows by default (docs/reliability.md, "Budgets") */
#define RG_PATHS_MAX_ROWS 200000

/* Resolves a node name given for parameter WHAT. */
static rg_status resolve(const rg_graph *g, const char *name, int64_t *out, rg_error *err)
{
    return rg_graph_resolve(g, name, out, err);
}

/* Kind lists as bitsets for rg_links (NULL when the list is empty). */
static rg_status kind_bits(const rg_graph *g, const char *list, int nodes, uint64_t **out,
                           rg_error *err)
{
    *out = NULL;
    if (list == NULL || *list == '\0')
        return RG_OK;
    unsigned char *flags;
    rg_status st = nodes ? rg_node_kind_flags(g, list, "kinds", &flags, err)
                         : rg_edge_kind_flags(g, list, "kinds", &flags, err);
    if (st != RG_OK)
        return st;
    size_t nk = nodes ? g->schema->n_node_kinds : g->schema->n_edge_kinds;
    *out = calloc((nk + 63) / 64 + 1, sizeof **out);
    if (*out == NULL) {
        free(flags);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 0; k < nk; k++)
        if (flags[k])
            rg_bit_set(*out, k);
    free(flags);
    return RG_OK;
}

/* Whether paths P and Q pass through the same entities, step by step. */
static int same_connection(const rg_entities *e, const rg_path *p, const rg_path *q)
{
    if (p->hops != q->hops)
        return 0;
    for (size_t k = 0; k <= p->hops; k++)
        if (rg_entity_rep(e, p->nodes[k]) != rg_entity_rep(e, q->nodes[k]))
            return 0;
    return 1;
}

/* A hash of the entities P passes through, step by step: paths that are
 * one connection (same_connection) have the same hash, so the paths of a
 * pair are grouped by comparing only those of equal hash.  Comparing every
 * pair of paths was quadratic: 100,000 connections took minutes. */
static uint64_t connection_hash(const rg_entities *e, const rg_path *p)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)p->hops;
    for (size_t k = 0; k <= p->hops; k++) {
        h ^= (uint64_t)rg_entity_rep(e, p->nodes[k]);
        h *= 1099511628211u;
        h ^= h >> 29;
    }
    return h;
}

typedef struct keyed {
    uint64_t hash;
    size_t i;
} keyed;

static int by_hash(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* NEXT[i]: the next path after I (in the search's order) whose hash is
 * I's, or N when none: the only candidates for being one connection with
 * I.  NULL when out of memory. */
static size_t *same_hash_chains(const rg_entities *e, const rg_path *paths, size_t n)
{
    keyed *k = malloc((n ? n : 1) * sizeof *k);
    size_t *next = malloc((n ? n : 1) * sizeof *next);
    if (k == NULL || next == NULL) {
        free(k);
        free(next);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){connection_hash(e, &paths[i]), i};
    qsort(k, n, sizeof *k, by_hash); /* a total order: no ties to keep */
    for (size_t j = 0; j < n; j++)
        next[k[j].i] = j + 1 < n && k[j + 1].hash == k[j].hash ? k[j + 1].i : n;
    free(k);
    return next;
}

typedef struct pctx {
    const rg_graph *g;
    const rg_paths_opts *o;
    rg_result *r;
    rg_table *t;
    rg_entities ent;
    rg_links_opts lo;
    rg_buf b;
    unsigned char *seen, *eseen;
    int64_t *nodes, *edges;
    size_t nn, ne, total, statements, unconnected, npairs;
    size_t rows; /* step rows written so far, against max_rows */
    long shortest;
    long budget; /* search steps left */
    int truncated;
} pctx;

static void add_step_rows(pctx *c, const rg_path *p, size_t number, const char *head, int alt)
{
    const rg_graph *g = c->g;
    for (size_t k = 0; k < p->hops; k++) {
        rg_cell *row = rg_table_row(c->r, c->t);
        if (row == NULL)
            return;
        rg_buf_clear(&c->b);
        rg_edge_words(g, p->edges[k], p->nodes[k], &c->b);
        rg_cell_text(c->r, &row[0], "%zu. %s", number, head);
        rg_cell_int(&row[1], (long long)k + 1);
        rg_cell_str(&row[2], rg_result_buf(c->r, &c->b));
        const rg_edge *e = &g->edges[p->edges[k]];
        rg_cell_cites(&row[3], e->p.cites, e->p.ncites);
        if (alt)
            rg_cell_int(&row[4], alt);
        if (!c->eseen[p->edges[k]]) {
            c->eseen[p->edges[k]] = 1;
            c->edges[c->ne++] = p->edges[k];
        }
        rg_cell_int(&row[5], (long long)number);
        rg_cell_str(&row[6], g->nodes[p->nodes[k]].id);
        rg_cell_str(&row[7], g->nodes[p->nodes[k + 1]].id);
        rg_cell_str(&row[8], g->schema->edge_kinds[e->kind].base.name);
        rg_cell_str(&row[9], e->from == p->nodes[k] ? "forward" : "backward");
    }
}

static rg_status over_budget(const pctx *c, rg_error *err)
{
    return rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                        "paths: the search needed more than %d steps, its budget (max_steps): "
                        "lower max_hops, narrow the selection or raise max_steps",
                        c->o->max_steps);
}

static size_t max_rows(const rg_paths_opts *o)
{
    return o->max_rows > 0 ? (size_t)o->max_rows : RG_PATHS_MAX_ROWS;
}

/* The answer's budget: the rows of a connection of many hops, times a
 * large `limit`, make an answer of millions of rows (gigabytes) from a
 * catalogue of a few kilobytes. */
static rg_status over_rows(const pctx *c, rg_error *err)
{
    return rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                        "paths: the answer needed more than %zu step rows, its budget (max_rows): "
                        "lower limit or max_hops, narrow the selection or raise max_rows",
                        max_rows(c->o));
}

/* Whether A and Z, a pair past the limit, are connected within the hops
 * allowed (*MORE): the shortest connection decides, found in a few steps
 * taken from the budget.  So "more may exist" is said only when more do. */
static rg_status more_paths(pctx *c, int64_t a, int64_t z, int *more, rg_error *err)
{
    rg_links_opts q = c->lo;
    q.max_hops = 0;
    q.max_paths = 1;
    q.max_length = 0;
    q.max_steps = (size_t)c->budget;
    rg_links_result lr;
    rg_status st = rg_links(c->g, a, z, &q, &lr, err);
    if (st != RG_OK)
        return st;
    c->budget -= (long)lr.steps;
    *more = lr.distance >= 0 && (c->o->max_hops == 0 || lr.distance <= c->o->max_hops);
    rg_links_result_destroy(&lr);
    return RG_OK;
}

/* The connections of one pair, grouped by entity. */
static rg_status one_pair(pctx *c, int64_t a, int64_t z, rg_error *err)
{
    const rg_graph *g = c->g;
    if (c->budget <= 0) /* 0 would mean rg_links' default */
        return over_budget(c, err);
    c->npairs++;
    c->lo.max_paths = (size_t)c->o->limit - c->total;
    c->lo.max_steps = (size_t)c->budget;
    /* the search stops at the rows left, not after finding `limit` paths */
    c->lo.max_length = c->rows < max_rows(c->o) ? max_rows(c->o) - c->rows : 0;
    if (c->lo.max_length == 0)
        return over_rows(c, err);
    rg_links_result lr;
    rg_status st = rg_links(g, a, z, &c->lo, &lr, err);
    if (st != RG_OK)
        return st;
    if (lr.out_of_steps || lr.too_long) {
        rg_links_result_destroy(&lr);
        return lr.too_long ? over_rows(c, err) : over_budget(c, err);
    }
    c->budget -= (long)lr.steps;
    c->truncated |= lr.truncated;
    if (lr.distance < 0)
        c->unconnected++;
    else if (c->shortest < 0 || lr.distance < c->shortest)
        c->shortest = lr.distance;
    unsigned char *done = calloc(lr.npaths + 1, 1);
    size_t *next = same_hash_chains(&c->ent, lr.paths, lr.npaths);
    if (done == NULL || next == NULL) {
        free(done);
        free(next);
        rg_links_result_destroy(&lr);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    st = RG_OK;
    for (size_t i = 0; i < lr.npaths && st == RG_OK; i++) {
        if (done[i])
            continue;
        const rg_path *p = &lr.paths[i];
        if ((c->rows += p->hops) > max_rows(c->o)) {
            st = over_rows(c, err);
            break;
        }
        rg_buf_clear(&c->b);
        for (size_t k = 0; k <= p->hops; k++) {
            rg_buf_printf(&c->b, "%s%s", k ? " -- " : "", rg_node_label(g, &g->nodes[p->nodes[k]]));
            if (!c->seen[p->nodes[k]]) {
                c->seen[p->nodes[k]] = 1;
                c->nodes[c->nn++] = p->nodes[k];
            }
        }
        const char *head = rg_result_buf(c->r, &c->b);
        size_t number = ++c->total;
        c->statements++;
        add_step_rows(c, p, number, head, 0);
        int alt = 0;
        for (size_t j = next[i]; j < lr.npaths; j = next[j])
            if (!done[j] && same_connection(&c->ent, p, &lr.paths[j])) {
                done[j] = 1;
                if ((c->rows += lr.paths[j].hops) > max_rows(c->o)) {
                    st = over_rows(c, err);
                    break;
                }
                c->statements++;
                add_step_rows(c, &lr.paths[j], number, head, ++alt);
            }
    }
    free(done);
    free(next);
    rg_links_result_destroy(&lr);
    return st;
}

static void paths_notes(pctx *c)
{
    rg_result *r = c->r;
    if (c->npairs > 1)
        rg_result_note(r, "%zu pairs, %zu of them not connected", c->npairs, c->unconnected);
    if (c->shortest < 0)
        rg_result_note(r, "no connection");
    else
        rg_result_note(r, "%zu connection%s; the shortest has %ld hop%s%s", c->total,
                       c->total == 1 ? "" : "s", c->shortest, c->shortest == 1 ? "" : "s",
                       c->truncated ? "; more exist, raise limit" : "");
    if (c->statements > c->total)
        rg_result_note(r,
                       "%zu statements of %zu connection%s: connections through nodes that may be "
                       "the same (alias edges) count once",
                       c->statements, c->total, c->total == 1 ? "" : "s");
    rg_result_total(r, "connections", (long long)c->total);
    rg_result_total(r, "statements", (long long)c->statements);
    rg_result_total(r, "shortest_hops", c->shortest);
    rg_result_total(r, "truncated", c->truncated);
    rg_result_total(r, "pairs", (long long)c->npairs);
}

static rg_status set_up(pctx *c, rg_error *err)
{
    const rg_paths_opts *o = c->o;
    const rg_graph *g = c->g;
    uint64_t *on, *sn, *oe, *se;
    rg_status st;
    if ((st = kind_bits(g, o->only_nodes, 1, &on, err)))
        return st;
    c->lo.only_nodes = on;
    if ((st = kind_bits(g, o->not_nodes, 1, &sn, err)))
        return st;
    c->lo.skip_nodes = sn;
    if ((st = kind_bits(g, o->only_edges, 0, &oe, err)))
        return st;
    c->lo.only_edges = oe;
    if ((st = kind_bits(g, o->not_edges, 0, &se, err)))
        return st;
    c->lo.skip_edges = se;
    c->lo.max_hops = o->max_hops;
    return rg_entities_init(g, o->alias_edges, !o->no_merge, &c->ent, err);
}

static void tear_down(pctx *c)
{
    free((void *)c->lo.only_nodes);
    free((void *)c->lo.skip_nodes);
    free((void *)c->lo.only_edges);
    free((void *)c->lo.skip_edges);
    rg_entities_destroy(&c->ent);
    rg_buf_destroy(&c->b);
    free(c->seen);
    free(c->eseen);
    free(c->nodes);
    free(c->edges);
}

rg_status rg_paths(const rg_graph *g, const rg_paths_opts *o, rg_result *r, rg_error *err)
{
    const char *fromname = o->from, *toname = o->to;
    if ((fromname == NULL || toname == NULL) && (o->subset == NULL || (!fromname && !toname)))
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                            "paths needs 'from' and 'to', or one of them after a selection of "
                            "nodes");
    int64_t named_from = -1, named_to = -1;
    rg_status st;
    if ((fromname && (st = resolve(g, fromname, &named_from, err))) ||
        (toname && (st = resolve(g, toname, &named_to, err))))
        return st;
    pctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.o = o;
    c.r = r;
    c.shortest = -1;
    c.budget = o->max_steps > 0 ? o->max_steps : 10000000;
    rg_buf_init(&c.b);
    rg_result_init(r, g, "paths");
    size_t nv = g->nnodes ? g->nnodes : 1, nsel = 0;
    int64_t *sel = malloc(nv * sizeof *sel);
    c.nodes = malloc(nv * sizeof *c.nodes);
    c.seen = calloc(nv, 1);
    c.edges = malloc((g->nedges ? g->nedges : 1) * sizeof *c.edges);
    c.eseen = calloc(g->nedges ? g->nedges : 1, 1);
    if (!sel || !c.nodes || !c.seen || !c.edges || !c.eseen) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    if ((st = set_up(&c, err)) != RG_OK)
        goto out;
    if (named_from >= 0 && named_to >= 0)
        sel[nsel++] = named_to;
    else
        for (size_t u = 0; u < g->nnodes; u++)
            if (o->subset[u])
                sel[nsel++] = (int64_t)u;
    rg_sort_nodes(g, sel, nsel);
    rg_result_title(r, "Connections from %s to %s",
                    named_from >= 0 ? rg_node_label(g, &g->nodes[named_from]) : "the selection",
                    named_to >= 0 ? rg_node_label(g, &g->nodes[named_to]) : "the selection");
    c.t =
        rg_result_table(r, "steps", "Steps", RG_STYLE_LINES, "path", "step", "text", "cites",
                        "alternative", "connection", "from", "to", "edge_kind", "direction", NULL);
    if (c.t)
        c.t->json_only = 0x3f0; /* alternative .. direction: for programs */
    /* one pair: the search's own steps (links: distances) say how far it is */
    rg_progress *pr = nsel > 1 ? g->progress : NULL;
    rg_progress_begin(pr, "paths: pairs", nsel, 0);
    for (size_t s = 0; s < nsel && st == RG_OK && !r->oom; s++) {
        int64_t a = named_from >= 0 ? named_from : sel[s];
        int64_t z = named_from >= 0 ? sel[s] : named_to;
        rg_progress_tick(pr, 1);
        if (a == z)
            continue;
        if (c.total >= (size_t)o->limit) {
            /* past the limit: "more may exist" only when this pair is connected */
            if (c.budget <= 0)
                st = over_budget(&c, err);
            else
                st = more_paths(&c, a, z, &c.truncated, err);
            if (st != RG_OK || c.truncated)
                break;
            continue;
        }
        st = one_pair(&c, a, z, err);
    }
    rg_progress_end(pr);
    if (st == RG_OK) {
        paths_notes(&c);
        rg_sort_nodes(g, c.nodes, c.nn);
        r->nodes = c.nodes;
        r->nnodes = c.nn;
        c.nodes = NULL;
        for (size_t e = 0, k = 0; e < g->nedges; e++) /* in file order */
            if (c.eseen[e])
                c.edges[k++] = (int64_t)e;
        r->edges = c.edges;
        r->nedges = c.ne;
        c.edges = NULL;
        st = rg_result_check(r, err);
    }
out:
    free(sel);
    tear_down(&c);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

/* ---- its declaration in the registry (rg_registry.h) ---------------------- */

static const rg_param paths_params[] = {
    {"from", RG_P_NODE, NOROLE, NULL, offsetof(rg_paths_opts, from), NULL, 0, 0, NULL, 0,
     "a node name"},
    {"to", RG_P_NODE, NOROLE, NULL, offsetof(rg_paths_opts, to), NULL, 0, 0, NULL, 0,
     "a node name"},
    NUM("max_hops", RG_P_INT, "0", rg_paths_opts, max_hops, 0, 64,
        "every simple path of at most N hops (0: shortest only)"),
    NUM("limit", RG_P_INT, "20", rg_paths_opts, limit, 1, 100000, "at most N connections in all"),
    NUM("max_steps", RG_P_INT, "10000000", rg_paths_opts, max_steps, 1, 2000000000,
        "the search's budget: at most N steps over all pairs (past it, an error)"),
    NUM("max_rows", RG_P_INT, "200000", rg_paths_opts, max_rows, 1, 2000000000,
        "the answer's budget: at most N step rows in all (past it, an error)"),
    ROLE("only_nodes", RG_P_NODE_KINDS, NOROLE, rg_paths_opts, only_nodes, NULL, 0,
         "pass only through nodes of these kinds"),
    ROLE("not_nodes", RG_P_NODE_KINDS, NOROLE, rg_paths_opts, not_nodes, NULL, 0,
         "never pass through nodes of these kinds"),
    ROLE("only_edges", RG_P_EDGE_KINDS, NOROLE, rg_paths_opts, only_edges, NULL, 0,
         "follow only edges of these kinds"),
    ROLE("not_edges", RG_P_EDGE_KINDS, NOROLE, rg_paths_opts, not_edges, NULL, 0,
         "never follow edges of these kinds"),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_paths_opts, alias_edges, NULL, 0,
         "edge kinds: may be the same (one connection, not two)"),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_paths_opts, no_merge), NULL, 0, 0, NULL, 0,
     MERGE_HELP},
    END};

static rg_status run_paths(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_paths(g, o, r, err);
}

const rg_analysis_def rg_paths_def = {
    "paths",
    "who links FROM to TO: the shortest connections, step by step",
    "The shortest connections between two nodes (as `relgraph links`), one\n"
    "row per step, with its sources.  After a selection of nodes, give only\n"
    "'from' or only 'to': the other end is each node of the selection.",
    paths_params,
    sizeof(rg_paths_opts),
    offsetof(rg_paths_opts, subset),
    run_paths,
    "path, step, text, cites, alternative",
    0};

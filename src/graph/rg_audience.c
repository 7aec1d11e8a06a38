/* rg_audience.c: the public view of a graph (see rg_audience.h). */
#include "rg_audience.h"

#include <stdlib.h>
#include <string.h>

#include "../core/rg_list.h"

static int props_withheld(const rg_graph *g, const rg_kind *k, const rg_props *p)
{
    const char *attr = g->schema->roles[RG_ROLE_CONFIDENTIALITY_ATTR];
    const char *pub = g->schema->roles[RG_ROLE_PUBLIC_VALUES];
    if (attr == NULL)
        return 0;
    int def = rg_kind_attr(k, attr);
    if (def < 0)
        return 0;
    for (size_t i = 0; i < p->nattrs; i++) {
        if (p->attrs[i].def != def)
            continue;
        const rg_value *v = &p->attrs[i].value;
        const char *word = v->type == RG_T_STRING ? v->u.s : v->text;
        /* with no public values declared, nothing marked is public */
        return word == NULL || pub == NULL || !rg_list_has(pub, word);
    }
    return 0;
}

int rg_node_withheld(const rg_graph *g, int64_t v)
{
    const rg_node *n = &g->nodes[v];
    return props_withheld(g, &g->schema->node_kinds[n->kind], &n->p);
}

int rg_edge_withheld(const rg_graph *g, int64_t e)
{
    const rg_edge *ed = &g->edges[e];
    return rg_node_withheld(g, ed->from) || rg_node_withheld(g, ed->to) ||
           props_withheld(g, &g->schema->edge_kinds[ed->kind].base, &ed->p);
}

/* Citations of P whose source is kept, renumbered into the view (MAP: old
 * node index -> new, or -1), copied into the view's arena. */
static int remap_cites(rg_graph *out, const int64_t *map, const rg_cite *c, size_t n, rg_cite **to,
                       size_t *nto, size_t *dropped)
{
    *to = NULL;
    *nto = 0;
    if (n == 0)
        return 0;
    rg_cite *copy = rg_arena_alloc(&out->arena, n * sizeof *copy);
    if (copy == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (map[c[i].source] < 0) {
            (*dropped)++;
            continue;
        }
        copy[*nto] = c[i];
        copy[(*nto)++].source = map[c[i].source];
    }
    *to = copy;
    return 0;
}

static int remap_props(rg_graph *out, const int64_t *map, const rg_props *in, rg_props *p,
                       size_t *dropped)
{
    *p = *in;
    if (remap_cites(out, map, in->cites, in->ncites, &p->cites, &p->ncites, dropped) != 0)
        return -1;
    if (in->ndisputes == 0)
        return 0;
    rg_dispute *d = rg_arena_alloc(&out->arena, in->ndisputes * sizeof *d);
    if (d == NULL)
        return -1;
    for (size_t i = 0; i < in->ndisputes; i++) {
        d[i] = in->disputes[i];
        if (remap_cites(out, map, in->disputes[i].cites, in->disputes[i].ncites, &d[i].cites,
                        &d[i].ncites, dropped) != 0)
            return -1;
    }
    p->disputes = d;
    return 0;
}

rg_status rg_graph_public(const rg_graph *g, rg_graph **out, rg_withheld *w, rg_error *err)
{
    *out = NULL;
    memset(w, 0, sizeof *w);
    w->attr = g->schema->roles[RG_ROLE_CONFIDENTIALITY_ATTR];
    w->values = g->schema->roles[RG_ROLE_PUBLIC_VALUES];
    if (w->attr == NULL)
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                            "a public audience needs the schema to bind the role "
                            "confidentiality_attr (and public_values): without it relgraph cannot "
                            "tell what may be shown (docs/format.md, \"Roles\")");
    rg_graph *p = calloc(1, sizeof *p);
    int64_t *map = malloc((g->nnodes + 1) * sizeof *map);
    rg_status st = RG_ENOMEM;
    if (p == NULL || map == NULL || rg_graph_init(p, g->schema, g->file, err) != RG_OK)
        goto fail;
    p->base = g;
    p->shown = g->shown; /* G's arena outlives the view */
    p->progress = g->progress;
    p->as_of_given = g->as_of_given;
    memcpy(p->sha256, g->sha256, sizeof p->sha256);
    if (g->title && (p->title = strdup(g->title)) == NULL)
        goto fail;
    for (size_t v = 0; v < g->nnodes; v++) {
        map[v] = -1;
        if (rg_node_withheld(g, (int64_t)v)) {
            w->nodes++;
            continue;
        }
        rg_node n = g->nodes[v];
        if ((map[v] = rg_graph_add_node(p, &n)) < 0)
            goto fail;
    }
    for (size_t v = 0; v < g->nnodes; v++)
        if (map[v] >= 0 && remap_props(p, map, &g->nodes[v].p, &p->nodes[map[v]].p, &w->cites) != 0)
            goto fail;
    for (size_t e = 0; e < g->nedges; e++) {
        if (rg_edge_withheld(g, (int64_t)e)) {
            w->edges++;
            continue;
        }
        rg_edge ed = g->edges[e];
        ed.from = map[ed.from];
        ed.to = map[ed.to];
        if (remap_props(p, map, &g->edges[e].p, &ed.p, &w->cites) != 0 ||
            rg_graph_add_edge(p, &ed) < 0)
            goto fail;
    }
    if ((st = rg_graph_finish(p, err)) != RG_OK)
        goto fail;
    p->as_of = g->as_of; /* the same date as the whole catalogue's, whatever is withheld */
    p->as_of_from = g->as_of_from;
    free(map);
    *out = p;
    return RG_OK;
fail:
    free(map);
    if (p) {
        p->base = g; /* the schema is G's */
        rg_graph_destroy(p);
        free(p);
    }
    return st == RG_ENOMEM ? rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory") : st;
}

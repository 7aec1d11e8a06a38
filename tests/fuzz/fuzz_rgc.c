/* fuzz_rgc.c: libFuzzer harness for the compiled-catalogue reader
 * (src/load/rg_rgc.c).
 *
 * Each input is loaded twice: as it is (almost always refused by the
 * checksum), and with its length and checksum made right
 * (rg_rgc_fix_checksum), so that the fuzzer reaches the checks of every
 * count, offset and index behind the checksum: a damaged or hostile
 * snapshot must be refused with a message, never followed.  What loads is
 * then walked whole (every string, attribute, citation and edge, the id
 * and name indexes, igraph's view of it, the entity map and the quotient
 * adjacency, checked when first used), so that a pointer the checks let
 * through is touched here, under AddressSanitizer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rg_analysis.h"
#include "graph/rg_graph.h"
#include "graph/rg_roles.h"
#include "load/rg_rgc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static size_t walk_props(const rg_props *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nattrs; i++) {
        const rg_value *v = &p->attrs[i].value;
        n += touch(v->text);
        if (v->type == RG_T_STRING)
            n += touch(v->u.s);
        if (v->type == RG_T_LIST)
            for (size_t j = 0; j < v->u.list.n; j++)
                n += touch(v->u.list.items[j]);
    }
    for (size_t i = 0; i < p->ncites; i++)
        n += touch(p->cites[i].at) + touch(p->cites[i].quote);
    for (size_t i = 0; i < p->ndisputes; i++)
        n += touch(p->disputes[i].note) + p->disputes[i].ncites;
    return n;
}

static void walk(const rg_graph *g)
{
    size_t n = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *v = &g->nodes[i];
        n += touch(v->id) + touch(v->name) + walk_props(&v->p);
        for (size_t a = 0; a < v->naliases; a++)
            n += touch(v->aliases[a]);
        if (rg_graph_find_id(g, v->id) < 0)
            n++; /* a hostile index may lie; it must not crash */
        int64_t found;
        rg_error err;
        if (rg_graph_resolve(g, v->name, &found, &err) == RG_OK &&
            (found < 0 || (size_t)found >= g->nnodes))
            abort(); /* a name resolved to no node */
        (void)rg_graph_node_kind(g, v)->name;
    }
    for (size_t j = 0; j < g->nedges; j++) {
        const rg_edge *e = &g->edges[j];
        if (e->from < 0 || (size_t)e->from >= g->nnodes || e->to < 0 || (size_t)e->to >= g->nnodes)
            abort();
        n += walk_props(&e->p) + touch(rg_graph_edge_kind(g, e)->verb);
    }
    if (igraph_vcount(&g->ig) != (igraph_integer_t)g->nnodes ||
        igraph_ecount(&g->ig) != (igraph_integer_t)g->nedges)
        abort();
    igraph_vector_int_t deg;
    igraph_vector_int_init(&deg, 0);
    igraph_degree(&g->ig, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS);
    igraph_vector_int_destroy(&deg);
    (void)n;
}

/* The parts checked when a command first uses them (the entity map, the
 * quotient adjacency `risks` borrows): a refusal says why; what is lent is
 * walked. */
static void walk_parts(const rg_graph *g)
{
    rg_entities e;
    unsigned char *ok = NULL;
    rg_error err;
    err.text[0] = '\0';
    if (rg_topology_init(g, g->schema->roles[RG_ROLE_SKIP_EDGES],
                         g->schema->roles[RG_ROLE_ALIAS_EDGES], 0, &e, &ok, &err) != RG_OK) {
        if (err.text[0] == '\0')
            abort();
        return;
    }
    rg_quotient q;
    if (rg_quotient_init(g, ok, &e, RG_Q_ADJ, &q, &err) == RG_OK) {
        size_t n = 0;
        for (size_t v = 0; v < q.n; v++)
            for (uint32_t i = q.adj_start[v]; i < q.adj_start[v + 1]; i++)
                n += (size_t)q.node_of[q.adj[i]] < g->nnodes;
        (void)n;
        rg_quotient_destroy(&q);
    } else if (err.text[0] == '\0') {
        abort();
    }
    rg_entities_destroy(&e);
    free(ok);
}

static void one(const uint8_t *data, size_t size)
{
    rg_graph *g = NULL;
    rg_error err;
    err.text[0] = '\0';
    rg_status st = rg_rgc_load_buffer("fuzz.rgc", data, size, &g, &err);
    if (st == RG_OK) {
        walk(g);
        walk_parts(g);
    } else if (err.text[0] == '\0')
        abort(); /* a refusal must say why */
    rg_graph_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    one(data, size);
    uint8_t *copy = malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    if (rg_rgc_fix_checksum(copy, size) == 0)
        one(copy, size);
    free(copy);
    return 0;
}

/* rg_entity.h: entities: nodes that "may be the same" taken as one.
 *
 * A catalogue keeps two rows that may describe one thing as two nodes
 * joined by an alias edge (same_as): the sources disagree, so neither is
 * dropped.  An analysis that counts connections, agreements or members must
 * not count such a pair twice.  An entity is a connected set of nodes under
 * the alias edge kinds (followed either way); its representative is the
 * member whose id comes first in natural order, so that reordering the file
 * does not change answers.
 *
 * With MERGE off (--no-merge) every node is its own entity. */
#ifndef RG_ENTITY_H
#define RG_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "rg_graph.h"

typedef struct rg_entities {
    int64_t *rep; /* node -> its entity's representative node */
    size_t nnodes;
    size_t nentities; /* how many distinct entities */
    /* The members of each entity, representative first, then by id:
     * members[member_start[v] .. member_start[v + 1]) for a representative
     * V; empty for other nodes. */
    size_t *member_start;
    int64_t *members;
    /* The alias edges inside each entity (the evidence that merged it), in
     * file order, indexed like members: alias[alias_start[v] ..
     * alias_start[v + 1]) for a representative V. */
    size_t *alias_start;
    int64_t *alias;
    /* 1: the arrays are the graph's (rg_graph.entities, a compiled
     * catalogue's), not freed by rg_entities_destroy */
    int borrowed;
} rg_entities;

/* Entities of G under the edge kinds named in ALIAS_EDGES (a comma list;
 * NULL or "" or MERGE == 0: every node alone).  RG_EUSAGE for a name that is
 * not an edge kind (with the nearest one).  O(V + E α(V)) plus sorting the
 * members of merged entities; O(1), borrowing G's arrays, when G holds
 * them for the same alias edge kinds (rg_graph.entities: a compiled
 * catalogue's). */
rg_status rg_entities_init(const rg_graph *g, const char *alias_edges, int merge, rg_entities *e,
                           rg_error *err);
void rg_entities_destroy(rg_entities *e);

static inline int64_t rg_entity_rep(const rg_entities *e, int64_t v)
{
    return e->rep[v];
}
/* Number of members of the entity of V (1 for a node alone). */
static inline size_t rg_entity_size(const rg_entities *e, int64_t v)
{
    int64_t r = e->rep[v];
    return e->member_start[r + 1] - e->member_start[r];
}

#endif

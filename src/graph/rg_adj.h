/* rg_adj.h: the edges of a graph by their ends, for every layer.
 *
 * Analyses and diagrams walk a node's edges; this index serves them all
 * without igraph (whose state is global as Debian builds it, rg_graph.h),
 * in file order, so that what they say is deterministic. */
#ifndef RG_ADJ_H
#define RG_ADJ_H

#include <stddef.h>
#include <stdint.h>

#include "rg_graph.h"

/* Edges by their ends: the edges leaving node V are
 * out_edges[out_start[V] .. out_start[V + 1]), the edges arriving at it
 * in_edges[in_start[V] .. in_start[V + 1]), each in file order.  O(V + E). */
typedef struct rg_adj {
    size_t *out_start, *in_start;
    int64_t *out_edges, *in_edges;
} rg_adj;
rg_status rg_adj_init(const rg_graph *g, rg_adj *a, rg_error *err);
void rg_adj_destroy(rg_adj *a);

#endif

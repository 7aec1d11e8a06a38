/* rg_links.h: who links A to B.
 *
 * Connections are followed in either direction (a relationship joins both
 * ends).  Without max_hops: every shortest connection, up to a cap.  With
 * max_hops N: every simple path of at most N hops, shortest first, up to a
 * cap.  With max_hops, only edges of the biconnected components between the
 * two ends are walked (no simple path leaves them).  The order is deterministic: at each step
 * neighbours are taken by node id, then edge kind, then file order. */
#ifndef RG_LINKS_H
#define RG_LINKS_H

#include <stddef.h>
#include <stdint.h>

#include "../core/rg_buf.h"
#include "../graph/rg_graph.h"
#include "../graph/rg_words.h"

typedef struct rg_links_opts {
    int max_hops;               /* 0: shortest connections only */
    size_t max_paths;           /* cap on paths returned; 0 means 20 */
    size_t max_steps;           /* cap on search steps; 0 means 10 million */
    size_t max_length;          /* cap on the hops of all paths returned; 0: none */
    const uint64_t *only_nodes; /* NULL or a bitset of node kinds allowed between the ends */
    const uint64_t *skip_nodes; /* NULL or node kinds never passed through */
    const uint64_t *only_edges; /* NULL (edge kinds with in_paths) or a bitset of edge kinds */
    const uint64_t *skip_edges; /* NULL or edge kinds never followed */
} rg_links_opts;

typedef struct rg_path {
    size_t hops;
    int64_t *nodes; /* hops + 1 */
    int64_t *edges; /* hops */
} rg_path;

typedef struct rg_links_result {
    int64_t from, to;
    long distance; /* hops of the shortest connection; -1 when none */
    rg_path *paths;
    size_t npaths;
    int truncated;    /* the cap on paths or steps was reached */
    int out_of_steps; /* the cap on steps was: the answer may be incomplete */
    int too_long;     /* the cap on hops (max_length) was: an answer too large */
    size_t steps;     /* search steps taken */
} rg_links_result;

/* Without max_hops: proportional to the part of the graph a search from both
 * ends reads before they meet (on a small-world graph, a few thousand
 * nodes of a million), then to the paths explored.  With max_hops: O(V + E)
 * to set up, then proportional to the paths explored. */
rg_status rg_links(const rg_graph *g, int64_t from, int64_t to, const rg_links_opts *opts,
                   rg_links_result *res, rg_error *err);
void rg_links_result_destroy(rg_links_result *r);

/* Words one step of a path: NODE_A (index in path) to the next node. */
void rg_links_sentence(const rg_graph *g, const rg_path *p, size_t step, rg_buf *out);

#endif

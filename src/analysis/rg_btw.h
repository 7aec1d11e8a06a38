/* rg_btw.h: vertex betweenness of an undirected simple graph held as
 * 32-bit compressed adjacency (rg_quotient.adj), exact or over paths of at
 * most a given number of hops, on several threads.
 *
 * The values are igraph_betweenness_cutoff's (undirected, unweighted):
 * Brandes' passes with path counts in doubles, one search per source, each
 * pair counted once.  Each source's dependencies are added in 128-bit fixed
 * point (64 bits either side of the point), where addition is exact and so
 * does not depend on the order: the answer is the same bits whichever
 * thread took which source and however many threads ran.  It differs from
 * igraph's running double sum by the rounding that sum makes (a relative
 * 1e-15 or so), never in a printed digit of the text output. */
#ifndef RG_BTW_H
#define RG_BTW_H

#include <stddef.h>
#include <stdint.h>

#include "../core/rg_error.h"
#include "../core/rg_progress.h"

typedef struct rg_btw_in {
    size_t n;              /* vertices, fewer than 2^31 */
    const uint32_t *start; /* N + 1 offsets into ADJ */
    const uint32_t *adj;   /* each vertex's neighbours: no loops, each once */
    int cutoff;            /* paths of at most CUTOFF hops; 0: all (exact) */
    int threads;           /* 0: one per online core */
    uint64_t max_steps;    /* the budget: adjacency entries the searches read; 0: none */
    rg_progress *progress; /* counts sources; NULL: none */
} rg_btw_in;

typedef struct rg_btw_stats {
    uint64_t steps; /* adjacency entries the forward searches read (an exact run
                       past its budget: those it would read) */
    int threads;    /* threads that ran */
} rg_btw_stats;

/* Fills OUT[0 .. n) with each vertex's betweenness.  RG_ELIMIT when the
 * searches would read more than MAX_STEPS adjacency entries (an exact run
 * knows its count before it starts, and fails at once); RG_ENOMEM.  If a
 * thread cannot be started, fewer run.  STATS may be NULL.  Time
 * O(sources x edges within CUTOFF hops of each), divided among the threads;
 * memory 33 bytes per vertex and thread.  A source of degree one is never
 * searched: its values follow from a search of its neighbour, one hop
 * shorter, shared by all the neighbour's leaves. */
rg_status rg_btw(const rg_btw_in *in, double *out, rg_btw_stats *stats, rg_error *err);

/* The number of connected components (an isolated vertex is one), or
 * (size_t)-1 when memory runs out.  O(V + E). */
size_t rg_btw_components(size_t n, const uint32_t *start, const uint32_t *adj);

#endif

/* rg_btw.c: betweenness centrality on 32-bit compressed adjacency
 * (rg_btw.h), our own Brandes pass rather than igraph's.
 *
 * Why not igraph_betweenness_cutoff: it was level with python-igraph, which
 * calls the same function, and on a catalogue of 100,000 entities both ran
 * past three minutes at three hops (this pass: 10 times less CPU).  Here,
 * per source:
 *  - the forward search never scans the neighbours of a vertex at the
 *    cutoff (igraph pushes every vertex one hop beyond, then drops it), and
 *    keeps no parent lists: the backward pass finds a vertex's children
 *    among its neighbours, one level deeper;
 *  - the test every adjacency entry makes reads one byte per vertex (the
 *    level modulo 3), so that it stays in cache; the path count is read
 *    only for a vertex one level deeper;
 *  - nothing is allocated per source, and only the vertices reached are
 *    reset;
 *  - a vertex of degree one is never a source: a search from its neighbour
 *    one hop shorter gives every value of its own search, and serves all
 *    the neighbour's leaves at once (clauses of one agreement, members of
 *    one body only);
 *  - sources are shared among threads in fixed chunks of CHUNK, each thread
 *    summing into its own 128-bit fixed-point totals, which add exactly: the
 *    answer does not depend on which thread took which chunk. */
#include "rg_btw.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/rg_bigmem.h"

enum { CHUNK = 16, MAX_THREADS = 64 };

/* A sum in fixed point: HI + LO / 2^64. */
typedef struct fix128 {
    uint64_t lo, hi;
} fix128;

typedef struct shared {
    const rg_btw_in *in;
    const uint32_t *leaves; /* per vertex: its neighbours of degree one */
    uint32_t limit;         /* hops searched from a source; UINT32_MAX: all */
    size_t nchunks;
    atomic_size_t next, done; /* the next chunk to take; sources done */
    atomic_uint_fast64_t steps;
    atomic_int stop; /* the budget is spent */
} shared;

/* A worker's arrays, one entry per vertex, reused by every search. */
typedef struct worker {
    shared *sh;
    /* Hops from the source modulo 3, plus 1; 0: not reached.  A neighbour
     * lies one level above, on the same level or one below, which three
     * values tell apart; a byte per vertex keeps the test that every
     * adjacency entry makes in cache (100 KB at 10^5 vertices, where
     * 16-byte records took 1.6 MB). */
    uint8_t *lev;
    /* Shortest paths from the source; once the backward pass has passed
     * the vertex, (1 + its dependency) / paths, what its parents add up. */
    double *x;
    uint32_t *order; /* the search's vertices in the order reached */
    uint32_t *level; /* where each level begins in ORDER */
    fix128 *acc;
    int id;
} worker;

/* A += K x D (D >= 0, K < 2^32): D split into whole and fraction, the
 * fraction rounded to 64 bits; dependencies below 2^-65 are lost, against
 * a smallest nonzero betweenness of 1 / (vertices). */
static inline void fix_add(fix128 *a, double d, uint64_t k)
{
    uint64_t hi = (uint64_t)d;
    /* (d - hi) is exact, and below 1 - 2^-53: the rounded product stays
     * below 2^64 */
    uint64_t lo = (uint64_t)((d - (double)hi) * 0x1p64 + 0.5);
    if (k != 1) {
        uint64_t p0 = (lo & 0xffffffffu) * k, p1 = (lo >> 32) * k, low = p0 + (p1 << 32);
        hi = hi * k + (p1 >> 32) + (low < p0);
        lo = low;
    }
    a->lo += lo;
    a->hi += hi + (a->lo < lo);
}

static inline int own_source(const uint32_t *start, const uint32_t *adj, uint32_t v)
{
    uint32_t d = start[v + 1] - start[v];
    if (d != 1)
        return d > 1;
    uint32_t u = adj[start[v]];
    return start[u + 1] - start[u] == 1; /* two vertices alone: no leaf of the other */
}

static inline uint8_t level_code(size_t l)
{
    return (uint8_t)(l % 3 + 1);
}

/* Forward: from S, levels and path counts within LIMIT hops (the vertices
 * at LIMIT are reached, not scanned); w->level[l] is where level l starts
 * in w->order, up to the deepest.  Returns the deepest level; *STEPS gets
 * the adjacency entries read. */
static size_t forward(worker *w, uint32_t s, uint32_t limit, uint64_t *steps)
{
    const uint32_t *start = w->sh->in->start, *adj = w->sh->in->adj;
    uint8_t *lev = w->lev;
    double *x = w->x;
    uint32_t *order = w->order, *level = w->level;
    uint32_t tail = 1;
    uint64_t n = 0;
    size_t l = 0;
    order[0] = s;
    lev[s] = level_code(0);
    x[s] = 1.0;
    level[0] = 0;
    for (;; l++) {
        uint32_t lo = level[l], hi = tail;
        level[l + 1] = hi;
        if (l >= limit)
            break;
        uint8_t next = level_code(l + 1);
        for (uint32_t i = lo; i < hi; i++) {
            uint32_t v = order[i], e = start[v], end = start[v + 1];
            double sv = x[v];
            n += end - e;
            for (; e < end; e++) {
                uint32_t u = adj[e];
                uint8_t lu = lev[u];
                if (lu == 0) {
                    lev[u] = next;
                    x[u] = sv;
                    order[tail++] = u;
                } else if (lu == next) {
                    x[u] += sv; /* igraph's order: parents in the order reached */
                }
            }
        }
        if (tail == hi) /* nothing new: level l is the deepest */
            break;
    }
    *steps = n;
    return l;
}

/* One search from S over LIMIT hops, adding K times each vertex's
 * dependency but the source's to the worker's sums.  With LEAVES, the
 * search stands for K leaves of S, one hop further out: each leaf's
 * dependency on S is the number of vertices the search reached but S and
 * the leaf itself (every path from a leaf passes S).  Returns the entries
 * read. */
static uint64_t search(worker *w, uint32_t s, uint32_t limit, uint64_t k, int leaves)
{
    const uint32_t *start = w->sh->in->start, *adj = w->sh->in->adj;
    const uint8_t *lev = w->lev;
    double *x = w->x;
    const uint32_t *order = w->order, *level = w->level;
    uint64_t steps;
    size_t deepest = forward(w, s, limit, &steps);
    uint32_t tail = level[deepest + 1];
    for (uint32_t i = level[deepest]; i < tail; i++)
        x[order[i]] = 1.0 / x[order[i]]; /* no children: dependency 0 */
    for (size_t l = deepest; l-- > 1;) {
        uint8_t next = level_code(l + 1);
        for (uint32_t i = level[l + 1]; i-- > level[l];) {
            uint32_t v = order[i];
            double sum = 0;
            for (uint32_t e = start[v], end = start[v + 1]; e < end; e++)
                if (lev[adj[e]] == next)
                    sum += x[adj[e]];
            double d = x[v] * sum;
            if (d > 0)
                fix_add(&w->acc[v], d, k);
            x[v] = (1.0 + d) / x[v];
        }
    }
    if (leaves)
        w->acc[s].hi += (uint64_t)(tail - 2) * k;
    for (uint32_t i = 0; i < tail; i++)
        w->lev[order[i]] = 0;
    return steps;
}

/* Takes chunks of sources until none is left or the budget is spent; the
 * first worker (the caller's thread) reports progress. */
static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    const rg_btw_in *in = sh->in;
    for (;;) {
        size_t c = atomic_fetch_add(&sh->next, 1);
        if (c >= sh->nchunks || atomic_load(&sh->stop))
            break;
        size_t lo = c * CHUNK, hi = lo + CHUNK < in->n ? lo + CHUNK : in->n;
        uint64_t steps = 0;
        for (size_t v = lo; v < hi; v++) {
            if (own_source(in->start, in->adj, (uint32_t)v))
                steps += search(w, (uint32_t)v, sh->limit, 1, 0);
            if (sh->leaves[v])
                steps += search(w, (uint32_t)v, sh->limit - 1, sh->leaves[v], 1);
        }
        uint64_t all = atomic_fetch_add(&sh->steps, steps) + steps;
        if (in->max_steps && all > in->max_steps)
            atomic_store(&sh->stop, 1);
        size_t done = atomic_fetch_add(&sh->done, hi - lo) + (hi - lo);
        if (w->id == 0)
            rg_progress_at(in->progress, done);
    }
    return NULL;
}

/* Per vertex: how many of its neighbours have degree one, when it has more
 * (those leaves are never sources themselves). */
static uint32_t *count_leaves(const rg_btw_in *in)
{
    uint32_t *leaves = calloc(in->n ? in->n : 1, sizeof *leaves);
    if (leaves == NULL)
        return NULL;
    for (size_t v = 0; v < in->n; v++)
        if (in->start[v + 1] - in->start[v] == 1 && !own_source(in->start, in->adj, (uint32_t)v))
            leaves[in->adj[in->start[v]]]++;
    return leaves;
}

/* Labels each vertex with its component (LABEL: N entries); returns the
 * number of components, or (size_t)-1 out of memory. */
static size_t label_components(size_t n, const uint32_t *start, const uint32_t *adj,
                               uint32_t *label)
{
    uint32_t *queue = malloc((n ? n : 1) * sizeof *queue);
    size_t nc = 0;
    if (queue == NULL)
        return (size_t)-1;
    for (size_t v = 0; v < n; v++)
        label[v] = UINT32_MAX;
    for (size_t r = 0; r < n; r++) {
        if (label[r] != UINT32_MAX)
            continue;
        size_t head = 0, tail = 0;
        label[r] = (uint32_t)nc;
        queue[tail++] = (uint32_t)r;
        while (head < tail) {
            uint32_t v = queue[head++];
            for (uint32_t e = start[v]; e < start[v + 1]; e++)
                if (label[adj[e]] == UINT32_MAX) {
                    label[adj[e]] = (uint32_t)nc;
                    queue[tail++] = adj[e];
                }
        }
        nc++;
    }
    free(queue);
    return nc;
}

size_t rg_btw_components(size_t n, const uint32_t *start, const uint32_t *adj)
{
    uint32_t *label = malloc((n ? n : 1) * sizeof *label);
    size_t nc = label ? label_components(n, start, adj, label) : (size_t)-1;
    free(label);
    return nc;
}

/* An exact run reads every adjacency entry of a source's component once
 * per search: its count is known before it starts.  Returns it, or
 * UINT64_MAX out of memory. */
static uint64_t exact_steps(const rg_btw_in *in, const uint32_t *leaves)
{
    uint32_t *label = malloc((in->n ? in->n : 1) * sizeof *label);
    uint64_t *entries = NULL, total = 0;
    size_t nc = label ? label_components(in->n, in->start, in->adj, label) : (size_t)-1;
    if (nc != (size_t)-1)
        entries = calloc(nc ? nc : 1, sizeof *entries);
    if (entries == NULL) {
        free(label);
        return UINT64_MAX;
    }
    for (size_t v = 0; v < in->n; v++)
        entries[label[v]] += in->start[v + 1] - in->start[v];
    for (size_t v = 0; v < in->n; v++)
        total += entries[label[v]] *
                 ((uint64_t)own_source(in->start, in->adj, (uint32_t)v) + (leaves[v] > 0));
    free(label);
    free(entries);
    return total;
}

static void worker_free(worker *w)
{
    free(w->lev);
    free(w->x);
    free(w->order);
    free(w->level);
    free(w->acc);
}

/* A worker's arrays; 0, or -1 out of memory. */
static int worker_init(worker *w, shared *sh, int id)
{
    size_t n = sh->in->n ? sh->in->n : 1;
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->id = id;
    w->lev = calloc(n, 1);
    w->x = rg_big_alloc(n * sizeof *w->x);
    w->order = rg_big_alloc(n * sizeof *w->order);
    w->level = rg_big_alloc((n + 2) * sizeof *w->level);
    w->acc = rg_big_alloc(n * sizeof *w->acc);
    if (!w->lev || !w->x || !w->order || !w->level || !w->acc) {
        worker_free(w);
        return -1;
    }
    memset(w->acc, 0, n * sizeof *w->acc);
    return 0;
}

/* As many threads as asked for, or, by default, one per core but no more
 * than one per 8 chunks: a catalogue of a few hundred entities is done
 * before a thread would start. */
static int thread_count(const rg_btw_in *in, size_t nchunks)
{
    long t = in->threads;
    if (t <= 0) {
        t = sysconf(_SC_NPROCESSORS_ONLN);
        if ((size_t)t > nchunks / 8)
            t = (long)(nchunks / 8);
    }
    if (t < 1)
        t = 1;
    if (t > MAX_THREADS)
        t = MAX_THREADS;
    if ((size_t)t > nchunks)
        t = nchunks ? (long)nchunks : 1;
    return (int)t;
}

/* Starts the workers W[1 .. nt) on threads, runs W[0] here, joins them.
 * Returns how many ran: a worker whose thread would not start is left out,
 * and its chunks go to the others. */
static int run_workers(worker *w, int nt)
{
    pthread_t tid[MAX_THREADS];
    int started = 1;
    while (started < nt && pthread_create(&tid[started], NULL, work, &w[started]) == 0)
        started++;
    work(&w[0]);
    for (int i = 1; i < started; i++)
        pthread_join(tid[i], NULL);
    return started;
}

/* OUT[v] = half the sum of the workers' totals (each pair was counted from
 * both ends). */
static void reduce(const worker *w, int nw, size_t n, double *out)
{
    for (size_t v = 0; v < n; v++) {
        uint64_t lo = 0, hi = 0;
        for (int i = 0; i < nw; i++) {
            lo += w[i].acc[v].lo;
            hi += w[i].acc[v].hi + (lo < w[i].acc[v].lo);
        }
        out[v] = ((double)hi + (double)lo * 0x1p-64) * 0.5;
    }
}

rg_status rg_btw(const rg_btw_in *in, double *out, rg_btw_stats *stats, rg_error *err)
{
    worker w[MAX_THREADS];
    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.in = in;
    sh.limit = in->cutoff > 0 ? (uint32_t)in->cutoff : UINT32_MAX;
    sh.nchunks = (in->n + CHUNK - 1) / CHUNK;
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.steps, 0);
    atomic_init(&sh.stop, 0);
    if (stats)
        memset(stats, 0, sizeof *stats);
    for (size_t v = 0; v < in->n; v++)
        out[v] = 0;
    if (in->cutoff == 1) /* a path of one hop passes through no vertex */
        return RG_OK;
    uint32_t *leaves = count_leaves(in);
    if (leaves == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    sh.leaves = leaves;
    if (in->cutoff == 0 && in->max_steps) {
        uint64_t need = exact_steps(in, leaves);
        if (need == UINT64_MAX || need > in->max_steps) {
            free(leaves);
            if (stats)
                stats->steps = need;
            return need == UINT64_MAX
                       ? rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory")
                       : rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                                      "betweenness needs %llu steps, past its budget of %llu",
                                      (unsigned long long)need, (unsigned long long)in->max_steps);
        }
    }
    int nt = thread_count(in, sh.nchunks), ninit = 0;
    while (ninit < nt && worker_init(&w[ninit], &sh, ninit) == 0)
        ninit++;
    if (ninit == 0) {
        free(leaves);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int nw = run_workers(w, ninit);
    rg_status st = RG_OK;
    if (atomic_load(&sh.stop))
        st = rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                          "betweenness needs more than %llu steps, its budget",
                          (unsigned long long)in->max_steps);
    else
        reduce(w, nw, in->n, out);
    if (stats) {
        stats->steps = atomic_load(&sh.steps);
        stats->threads = nw;
    }
    for (int i = 0; i < ninit; i++)
        worker_free(&w[i]);
    free(leaves);
    return st;
}

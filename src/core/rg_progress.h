/* rg_progress.h: how long work says how far it has gone.
 *
 * The library never prints: a load or an analysis that may take more than a
 * moment calls rg_progress_begin, then rg_progress_tick as it goes, then
 * rg_progress_end, and the caller's callback decides whether and how to
 * show it (the CLI writes one line on standard error, rewritten in place on
 * a terminal; src/cli/cli_progress.c).  Ticks are cheap: the callback runs
 * only when the count crosses the next reporting mark (about every 1/500 of
 * the total), so a tick per element or per source vertex costs a compare.
 *
 * A step begun while another runs (an analysis inside a query, the loader
 * inside `compile`) is folded into the outer one: its ticks are ignored, so
 * the reader sees one bar per command step, never two fighting over a line.
 * Every function accepts a NULL rg_progress and then does nothing. */
#ifndef RG_PROGRESS_H
#define RG_PROGRESS_H

#include <stdint.h>

/* DONE of TOTAL units (TOTAL 0: unknown); FINISHED is 1 on the last call
 * of a step.  BYTES: the units are bytes (else items: elements, sources). */
typedef void (*rg_progress_fn)(void *arg, const char *what, uint64_t done, uint64_t total,
                               int bytes, int finished);

typedef struct rg_progress {
    rg_progress_fn fn;
    void *arg;
    const char *what; /* "loading graphs/x.json", "central: betweenness" */
    uint64_t done, total, next, step;
    int depth, bytes;
} rg_progress;

void rg_progress_init(rg_progress *p, rg_progress_fn fn, void *arg);
/* Starts a step of TOTAL units named WHAT (kept by pointer: a literal or a
 * string that outlives the step). */
void rg_progress_begin(rg_progress *p, const char *what, uint64_t total, int bytes);
/* Sets the count to DONE (it only moves forward). */
void rg_progress_at(rg_progress *p, uint64_t done);
void rg_progress_end(rg_progress *p);

/* The callback is due: the count crossed the next mark. */
void rg_progress_report(rg_progress *p);

/* N more units done. */
static inline void rg_progress_tick(rg_progress *p, uint64_t n)
{
    if (p && p->depth == 1 && (p->done += n) >= p->next)
        rg_progress_report(p);
}

#endif

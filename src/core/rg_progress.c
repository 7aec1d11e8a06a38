/* rg_progress.c: progress of long work, reported through a callback. */
#include "rg_progress.h"

#include <string.h>

void rg_progress_init(rg_progress *p, rg_progress_fn fn, void *arg)
{
    memset(p, 0, sizeof *p);
    p->fn = fn;
    p->arg = arg;
}

void rg_progress_begin(rg_progress *p, const char *what, uint64_t total, int bytes)
{
    if (p == NULL || p->depth++ > 0)
        return;
    p->what = what;
    p->done = 0;
    p->total = total;
    p->bytes = bytes;
    /* about 500 reports a step: often enough for a smooth bar, rarely
     * enough that the callback never shows in a profile */
    p->step = total / 500 ? total / 500 : 1;
    p->next = p->step;
    if (p->fn)
        p->fn(p->arg, what, 0, total, bytes, 0);
}

void rg_progress_report(rg_progress *p)
{
    if (p == NULL || p->depth != 1)
        return;
    while (p->next <= p->done)
        p->next += p->step;
    if (p->fn)
        p->fn(p->arg, p->what, p->done, p->total, p->bytes, 0);
}

void rg_progress_at(rg_progress *p, uint64_t done)
{
    if (p && p->depth == 1 && done > p->done) {
        p->done = done;
        if (done >= p->next)
            rg_progress_report(p);
    }
}

void rg_progress_end(rg_progress *p)
{
    if (p == NULL || p->depth == 0 || --p->depth > 0)
        return;
    if (p->fn)
        p->fn(p->arg, p->what, p->total ? p->total : p->done, p->total, p->bytes, 1);
}

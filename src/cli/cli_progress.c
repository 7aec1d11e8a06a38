/* cli_progress.c: the progress line on standard error.
 *
 * The library reports steps through rg_progress (src/core/rg_progress.h);
 * this is the one place that shows them.  On a terminal a step that has run
 * for a second gets one line, rewritten in place with \r at most ten times
 * a second and cleared when the step ends, so that a fast command prints
 * nothing and the output that follows starts on a clean line.  With
 * --progress the line shows from the start, and when standard error is not
 * a terminal (a log file, a test) each update is a line of its own, at most
 * two a second, and the end of each step says "done". */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void amount(char *buf, size_t n, uint64_t done, uint64_t total, int bytes)
{
    if (bytes && total)
        snprintf(buf, n, "%3d%% (%.1f of %.1f MB)", (int)(100.0 * done / total), done / 1e6,
                 total / 1e6);
    else if (total)
        snprintf(buf, n, "%3d%% (%llu of %llu)", (int)(100.0 * done / total),
                 (unsigned long long)done, (unsigned long long)total);
    else
        snprintf(buf, n, "%llu", (unsigned long long)done);
}

static void show(void *arg, const char *what, uint64_t done, uint64_t total, int bytes,
                 int finished)
{
    cli_progress *cp = arg;
    double t = now();
    if (done == 0 && !finished) {
        cp->start = t;
        cp->last = 0;
        cp->shown = 0;
        if (!cp->forced)
            return;
    }
    if (finished) {
        if (cp->tty && cp->shown)
            fputs("\r\033[K", stderr);
        else if (!cp->tty && cp->forced)
            fprintf(stderr, "relgraph: %s: done (%.1f s)\n", what, t - cp->start);
        cp->shown = 0;
        return;
    }
    if (!cp->forced && t - cp->start < 1.0)
        return;
    if (t - cp->last < (cp->tty ? 0.1 : 0.5))
        return;
    cp->last = t;
    char a[96];
    amount(a, sizeof a, done, total, bytes);
    if (cp->tty)
        fprintf(stderr, "\r\033[Krelgraph: %s: %s", what, a);
    else
        fprintf(stderr, "relgraph: %s: %s\n", what, a);
    fflush(stderr);
    cp->shown = 1;
}

rg_progress *cli_progress_of(cli *c)
{
    cli_progress *cp = &c->prog_state;
    if (cp->p.fn)
        return &cp->p;
    int tty = isatty(STDERR_FILENO);
    if (c->progress == 0 || (c->progress < 0 && !tty))
        return NULL;
    cp->forced = c->progress == 1;
    cp->tty = tty;
    rg_progress_init(&cp->p, show, cp);
    return &cp->p;
}

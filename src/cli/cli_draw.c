/* cli_draw.c: each diagram's Graphviz part in a child process
 * (rg_render_runner, src/render/rg_render.h).
 *
 * Graphviz 2.42 and the libraries it loads (cdt's dtopen, gvc's gmalloc,
 * fontconfig, glib, pango, harfbuzz) dereference the NULL of a failed
 * allocation: under memory pressure they crash, and relgraph cannot recover
 * from inside them.  So the CLI forks before Graphviz builds, lays out and
 * renders a diagram; the child draws into memory, writes a record and the
 * bytes into an anonymous file (memfd) and leaves with _exit; the parent
 * waits, then reads.  A child that died of a signal or failed becomes one
 * error, "drawing 'TITLE' failed: ...; nothing was written", exit 1, and
 * nothing half-written: every output is written after the drawing, beside
 * its target, and renamed.
 *
 * The bytes go through a memfd rather than a pipe so that the parent
 * allocates nothing while the child runs: the order of allocations stays
 * that of one process (the allocation-failure sweep counts across the fork,
 * tests/failalloc/failalloc.c), and a large SVG needs no reader loop.
 *
 * The child's standard error goes to a second memfd, which the parent
 * copies to its own standard error once the child has ended.  Graphviz 2.42
 * reports some failures only there and draws on: gvc's gmalloc, grealloc
 * and zrealloc print "out of memory" and return NULL, and a caller that
 * survives the NULL (a lost label, a lost attribute) gives another drawing,
 * exit 0; pango warns "shaping failure, expect ugly output" when harfbuzz,
 * denied memory, gave it no glyphs.  Such a message fails the drawing
 * (degraded_line, below).
 *
 * What neither a crash nor a message gives away: harfbuzz, denied memory,
 * returns its empty objects and pango measures the text wrong in silence.
 * The program counts every allocation refused in the process
 * (cli_allocwatch.c); the child reads the count before and after the job,
 * and a drawing during which it rose fails: "... ran out of memory while
 * drawing ...; nothing was written".
 *
 * The child leaves with _exit: the parent's atexit handlers (a report's
 * temporary folder) and its stdio buffers are the parent's.  It dies with
 * the parent (PR_SET_PDEATHSIG), so SIGINT, SIGTERM or SIGKILL sent to
 * relgraph stop the drawing too, and the parent's own handlers clean up as
 * before.  Under valgrind the child is traced as well: a fork is not an
 * exec, so it runs under memcheck without --trace-children. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cli_allocwatch.h"
#include "cmd_render.h"

/* What the child leaves at the start of the memfd; the drawing follows. */
typedef struct draw_record {
    rg_status status;
    rg_error err;
    size_t len; /* bytes of the drawing after the record */
} draw_record;

/* The child's exit status when its record could not be written. */
#define CHILD_WRITE_FAILED 3

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *p, size_t n, off_t at)
{
    char *c = p;
    while (n > 0) {
        ssize_t r = pread(fd, c, n, at);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        c += r;
        n -= (size_t)r;
        at += r;
    }
    return 0;
}

/* The child's end of cli_contained: WHAT and WHO name the drawing and
 * its drawer in an error. */
static _Noreturn void child(int fd, int efd, pid_t parent, const char *what, const char *who,
                            rg_render_job job, void *arg)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) /* the parent died before prctl */
        _exit(EXIT_INVALID);
    /* messages (Graphviz's, the font stack's, a sanitizer's) to the memfd,
     * which the parent reads and passes on (pass_messages) */
    if (dup2(efd, STDERR_FILENO) < 0)
        _exit(CHILD_WRITE_FAILED);
    /* a Ctrl-C reaches the whole process group: the parent cleans up */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    draw_record r;
    memset(&r, 0, sizeof r);
    char *out = NULL;
    size_t len = 0;
    unsigned long refused = cli_alloc_refusals();
    r.status = job(arg, &out, &len, &r.err);
    /* Any allocation refused while drawing, by anyone, and the drawing is
     * not trusted: harfbuzz, denied memory, hands pango its empty objects
     * and the text is measured wrong with no message (cli_allocwatch.c).
     * An error the job already returned says more, and stays. */
    if (r.status == RG_OK && cli_alloc_refusals() != refused)
        r.status = rg_error_set(&r.err, RG_ENOMEM, NULL, 0, 0,
                                "%s failed: %s ran out of memory while drawing (an allocation was "
                                "refused, which the font stack does not report); nothing was "
                                "written",
                                what, who);
    r.len = r.status == RG_OK ? len : 0;
    int bad = write_all(fd, &r, sizeof r) != 0 || (r.len && write_all(fd, out, r.len) != 0);
    free(out);
    _exit(bad ? CHILD_WRITE_FAILED : 0);
}

static const char *signal_name(int sig, char *buf, size_t n)
{
    static const struct {
        int sig;
        const char *name;
    } names[] = {{SIGSEGV, "SIGSEGV"}, {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"},
                 {SIGFPE, "SIGFPE"},   {SIGILL, "SIGILL"},   {SIGKILL, "SIGKILL"},
                 {SIGTERM, "SIGTERM"}, {SIGINT, "SIGINT"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (names[i].sig == sig)
            return names[i].name;
    snprintf(buf, n, "signal %d", sig);
    return buf;
}

/* The title for a message: at most about 60 bytes, cut between UTF-8
 * characters, control characters shown as '?'. */
static void short_title(const char *what, char *buf, size_t n)
{
    size_t i = 0;
    while (what[i] && i + 4 < n && i < 60)
        i++;
    int cut = what[i] != '\0';
    while (cut && i > 0 && ((unsigned char)what[i] & 0xC0) == 0x80)
        i--; /* what[i] continues a character: cut before that character */
    for (size_t k = 0; k < i; k++)
        buf[k] = (unsigned char)what[k] < 0x20 || what[k] == 0x7f ? '?' : what[k];
    memcpy(buf + i, cut ? "..." : "", cut ? 4 : 1);
}

/* What a line of the child's messages says (degraded_line). */
enum { SAID_NOTHING, SAID_NO_MEMORY, SAID_UGLY };

/* Whether pango's warning "shaping failure, expect ugly output" is LINE
 * ("(PROGRAM:PID): Pango-WARNING **: TIME: shaping failure, expect ugly
 * output. font='...', text='...'"): harfbuzz gave it no glyphs for a text
 * (its font or its buffer denied memory), so the text was measured, and the
 * diagram laid out, without them.  The words must come before the quoted
 * font and text, which are the user's. */
static int pango_ugly(const char *line, size_t len)
{
    static const char tag[] = "): Pango-WARNING **: ",
                      what[] = "shaping failure, expect ugly output";
    const char *t = len > 0 && line[0] == '(' ? memmem(line, len, tag, sizeof tag - 1) : NULL;
    if (t == NULL)
        return 0;
    const char *w = memmem(t, len - (size_t)(t - line), what, sizeof what - 1);
    const char *q = memmem(t, len - (size_t)(t - line), "'", 1);
    return w != NULL && (q == NULL || w < q);
}

/* What LINE (LEN bytes, no newline; TRUNC: the line went on past them)
 * says, when it is a message with which Graphviz 2.42 or the font stack
 * reports that it was denied memory and went on without it, outside agerr
 * (whose errors layout_render counts, src/render/rg_render.c):
 *   "out of memory"  gvc's gmalloc, grealloc, zrealloc (lib/common/memory.c),
 *                    which return NULL after it;
 *   "dot: Out of memory", "gc: Out of memory"  the dot layout's own checks;
 *   "libpath/FILE:LINE: cannot malloc ..." / "cannot realloc ..."  pathplan,
 *                    whose routing then gives up on the edge;
 *   pango's "shaping failure, expect ugly output" (pango_ugly).
 * Whole lines or line starts only, so that a warning quoting a label that
 * says "out of memory" does not fail a good drawing. */
static int degraded_line(const char *line, size_t len, int trunc)
{
    while (!trunc && len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
        len--;
    static const char exact[] = "out of memory";
    if (!trunc && len == sizeof exact - 1 && memcmp(line, exact, len) == 0)
        return SAID_NO_MEMORY;
    static const char *const starts[] = {"dot: Out of memory", "gc: Out of memory"};
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
        if (len >= strlen(starts[i]) && memcmp(line, starts[i], strlen(starts[i])) == 0)
            return SAID_NO_MEMORY;
    if (len > 8 && memcmp(line, "libpath/", 8) == 0 &&
        (memmem(line, len, ": cannot malloc ", 16) || memmem(line, len, ": cannot realloc ", 17)))
        return SAID_NO_MEMORY;
    return pango_ugly(line, len) ? SAID_UGLY : SAID_NOTHING;
}

/* Copies what the child wrote to its standard error (the memfd EFD) to
 * ours, and returns what the worst line of it said (degraded_line):
 * SAID_NO_MEMORY over SAID_UGLY over SAID_NOTHING.  Plain reads and writes
 * through buffers on the stack: nothing is allocated. */
static int pass_messages(int efd)
{
    char buf[4096], line[256];
    size_t ll = 0;
    int trunc = 0, said = SAID_NOTHING;
    off_t at = 0;
    for (;;) {
        ssize_t r = pread(efd, buf, sizeof buf, at);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        at += r;
        (void)write_all(STDERR_FILENO, buf, (size_t)r);
        for (ssize_t i = 0; i < r; i++) { /* a line may go on in the next read */
            if (buf[i] == '\n') {
                int s = degraded_line(line, ll, trunc);
                said = s > said ? s : said;
                ll = 0;
                trunc = 0;
            } else if (ll < sizeof line) {
                line[ll++] = buf[i];
            } else {
                trunc = 1;
            }
        }
    }
    if (ll > 0) { /* the last line, without its newline */
        int s = degraded_line(line, ll, trunc);
        said = s > said ? s : said;
    }
    return said;
}

/* The child's end: its record and bytes, or an error saying how it ended:
 * "WHAT failed: WHO stopped with SIGSEGV ...". */
static rg_status collect(int fd, int ws, const char *what, const char *who, char **out, size_t *len,
                         rg_error *err)
{
    char sig[32];
    if (WIFSIGNALED(ws))
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "%s failed: %s stopped with %s (often out of memory); nothing was "
                            "written",
                            what, who, signal_name(WTERMSIG(ws), sig, sizeof sig));
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "%s failed: its process ended with status %d%s; nothing was written",
                            what, WIFEXITED(ws) ? WEXITSTATUS(ws) : -1,
                            WIFEXITED(ws) && WEXITSTATUS(ws) == CHILD_WRITE_FAILED
                                ? " (unable to pass the result back)"
                                : "");
    draw_record r;
    if (read_all(fd, &r, sizeof r, 0) != 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0, "%s failed: its process left no answer",
                            what);
    if (r.status != RG_OK) {
        if (err)
            *err = r.err;
        return r.status;
    }
    char *data = malloc(r.len + 1);
    if (data == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    if (read_all(fd, data, r.len, (off_t)sizeof r) != 0) {
        free(data);
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "%s failed: its result could not be read back", what);
    }
    data[r.len] = '\0';
    *out = data;
    *len = r.len;
    return RG_OK;
}

/* A memfd above the standard descriptors: with standard error closed,
 * memfd_create may return 2, which the child's dup2 onto standard error
 * would replace, and which the parent would copy the messages into. */
static int memfd_above_std(const char *name)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd >= 0 && fd <= STDERR_FILENO) {
        int high = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
        int e = errno;
        close(fd);
        errno = e;
        fd = high;
    }
    return fd;
}

rg_status cli_child_start(cli_child *k, const char *what, const char *who, rg_render_job job,
                          void *arg, rg_error *err)
{
    k->pid = -1;
    k->what = what;
    k->who = who;
    k->fd = memfd_above_std("relgraph-drawing");
    k->efd = k->fd < 0 ? -1 : memfd_above_std("relgraph-messages");
    if (k->efd < 0) {
        int e = errno;
        if (k->fd >= 0)
            close(k->fd);
        return rg_error_set(err, e == ENOMEM ? RG_ENOMEM : RG_EIO, NULL, 0, 0,
                            "%s: unable to start: %s", what, strerror(e));
    }
    pid_t parent = getpid();
    k->pid = fork();
    if (k->pid < 0) {
        int e = errno;
        close(k->fd);
        close(k->efd);
        return rg_error_set(err, e == ENOMEM || e == EAGAIN ? RG_ENOMEM : RG_EIO, NULL, 0, 0,
                            "%s: unable to start a process: %s", what, strerror(e));
    }
    if (k->pid == 0)
        child(k->fd, k->efd, parent, what, who, job, arg);
    return RG_OK;
}

rg_status cli_child_finish(cli_child *k, char **out, size_t *len, rg_error *err)
{
    int ws = 0;
    pid_t w;
    while ((w = waitpid(k->pid, &ws, 0)) < 0 && errno == EINTR)
        ;
    /* the child's messages first, whatever its end, then ours */
    int said = pass_messages(k->efd);
    close(k->efd);
    rg_status st;
    if (w < 0)
        st = rg_error_set(err, RG_EINVALID, NULL, 0, 0, "%s failed: %s", k->what, strerror(errno));
    else if (said == SAID_NO_MEMORY && !WIFSIGNALED(ws))
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0,
                          "%s failed: %s ran out of memory (above); nothing was written", k->what,
                          k->who);
    else if (said == SAID_UGLY && !WIFSIGNALED(ws))
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0,
                          "%s failed: its text could not be shaped (pango's warning above; the "
                          "font stack was likely out of memory); nothing was written",
                          k->what);
    else
        st = collect(k->fd, ws, k->what, k->who, out, len, err);
    close(k->fd);
    k->pid = -1;
    return st;
}

void cli_child_abandon(cli_child *k)
{
    if (k->pid <= 0)
        return;
    kill(k->pid, SIGKILL);
    while (waitpid(k->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    close(k->fd);
    close(k->efd);
    k->pid = -1;
}

rg_status cli_contained(const char *what, const char *who, rg_render_job job, void *arg, char **out,
                        size_t *len, rg_error *err)
{
    cli_child k;
    rg_status st = cli_child_start(&k, what, who, job, arg, err);
    return st != RG_OK ? st : cli_child_finish(&k, out, len, err);
}

static rg_status run_in_child(void *ctx, const char *what, rg_render_job job, void *arg, char **out,
                              size_t *len, rg_error *err)
{
    (void)ctx;
    char title[72], msg[96];
    short_title(what, title, sizeof title);
    snprintf(msg, sizeof msg, "drawing '%s'", title);
    return cli_contained(msg, "Graphviz", job, arg, out, len, err);
}

const rg_render_runner cli_draw_runner = {run_in_child, NULL};

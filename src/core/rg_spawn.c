/* rg_spawn.c: a helper program as a child process, fed and drained
 * through pipes, with a deadline (see rg_spawn.h). */
#define _GNU_SOURCE /* pipe2 */
#include "rg_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rg_buf.h"

extern char **environ;

#define ERR_KEEP 4096

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int rg_spawn_found(const char *prog)
{
    struct stat st;
    if (prog == NULL || prog[0] == '\0')
        return 0;
    if (strchr(prog, '/'))
        return stat(prog, &st) == 0 && S_ISREG(st.st_mode) && access(prog, X_OK) == 0;
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/usr/bin:/bin";
    while (*path) {
        const char *end = strchr(path, ':');
        size_t n = end ? (size_t)(end - path) : strlen(path);
        char full[4096];
        if (n && snprintf(full, sizeof full, "%.*s/%s", (int)n, path, prog) < (int)sizeof full &&
            stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
            return 1;
        path += n + (end != NULL);
    }
    return 0;
}

void rg_spawn_last_line(const char *text, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    if (text == NULL)
        return;
    const char *end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
        end--;
    const char *start = end;
    while (start > text && start[-1] != '\n')
        start--;
    snprintf(buf, n, "%.*s", (int)(end - start), start);
}

void rg_spawn_result_destroy(rg_spawn_result *r)
{
    free(r->out);
    free(r->errtext);
    memset(r, 0, sizeof *r);
}

/* The environment with O's entries on top (a name given replaces the
 * inherited one).  A malloc'd array of borrowed strings. */
static char **child_env(const rg_spawn_opts *o)
{
    size_t ne = 0, nx = 0;
    while (environ && environ[ne])
        ne++;
    while (o->env && o->env[nx])
        nx++;
    char **env = malloc((ne + nx + 1) * sizeof *env);
    if (env == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < ne; i++) {
        const char *eq = strchr(environ[i], '=');
        size_t len = eq ? (size_t)(eq - environ[i]) + 1 : strlen(environ[i]);
        int replaced = 0;
        for (size_t j = 0; j < nx && !replaced; j++)
            replaced = strncmp(o->env[j], environ[i], len) == 0;
        if (!replaced)
            env[k++] = environ[i];
    }
    for (size_t j = 0; j < nx; j++)
        env[k++] = (char *)o->env[j];
    env[k] = NULL;
    return env;
}

/* The pipes: [0] the child's standard input (a socket, so that writing to
 * a child that has gone away fails with EPIPE rather than raising SIGPIPE
 * in the caller), [1] its output, [2] its error; parent ends in P, child
 * ends in C. */
static int make_pipes(int p[3], int c[3])
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, er[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0 || pipe2(out, O_CLOEXEC) != 0 ||
        pipe2(er, O_CLOEXEC) != 0) {
        int e = errno;
        for (int i = 0; i < 2; i++) {
            if (in[i] >= 0)
                close(in[i]);
            if (out[i] >= 0)
                close(out[i]);
        }
        errno = e;
        return -1;
    }
    p[0] = in[0];
    c[0] = in[1];
    p[1] = out[0];
    c[1] = out[1];
    p[2] = er[0];
    c[2] = er[1];
    return 0;
}

static int start(const rg_spawn_opts *o, int c[3], pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    char **env = child_env(o);
    if (env == NULL)
        return ENOMEM;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, c[0], 0);
    if (o->keep_stdout)
        posix_spawn_file_actions_adddup2(&fa, c[1], 1);
    else
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, c[2], 2);
    int rc = posix_spawnp(pid, o->argv[0], &fa, NULL, (char *const *)o->argv, env);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    return rc;
}

/* Reads what FD has into B; 1 at its end (or on error), 0 otherwise. */
static int drain(int fd, rg_buf *b, int keep_tail)
{
    char chunk[65536];
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (n <= 0)
        return 1;
    rg_buf_add(b, chunk, (size_t)n);
    if (keep_tail && b->len > 2 * ERR_KEEP) {
        memmove(b->data, b->data + b->len - ERR_KEEP, ERR_KEEP);
        b->len = ERR_KEEP;
        b->data[b->len] = '\0';
    }
    return 0;
}

typedef struct pump {
    int fd[3];
    size_t sent;
    rg_buf out, errb;
    int over; /* output past max_out */
} pump;

/* One round of feeding and draining, waiting at most WAIT_MS. */
static void pump_once(pump *p, const rg_spawn_opts *o, size_t max_out, int wait_ms)
{
    struct pollfd pf[3];
    for (int i = 0; i < 3; i++)
        pf[i] = (struct pollfd){p->fd[i], i == 0 ? POLLOUT : POLLIN, 0};
    if (poll(pf, 3, wait_ms) <= 0)
        return;
    if (p->fd[0] >= 0 && (pf[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
        ssize_t n = p->sent < o->inlen ? send(p->fd[0], o->in + p->sent, o->inlen - p->sent,
                                              MSG_NOSIGNAL | MSG_DONTWAIT)
                                       : 0;
        if (n > 0)
            p->sent += (size_t)n;
        if ((n < 0 && errno != EAGAIN && errno != EINTR) || p->sent >= o->inlen) {
            close(p->fd[0]); /* end of input (or the child stopped reading) */
            p->fd[0] = -1;
        }
    }
    for (int i = 1; i < 3; i++)
        if (p->fd[i] >= 0 && (pf[i].revents & (POLLIN | POLLERR | POLLHUP)) &&
            drain(p->fd[i], i == 1 ? &p->out : &p->errb, i == 2)) {
            close(p->fd[i]);
            p->fd[i] = -1;
        }
    if (p->out.len > max_out)
        p->over = 1;
}

static void close_all(pump *p)
{
    for (int i = 0; i < 3; i++)
        if (p->fd[i] >= 0)
            close(p->fd[i]);
}

/* Feeds and drains the child until it exits, its time is up or it writes
 * too much.  *WSTATUS set when it exited (returns 1). */
static int run_child(pump *p, const rg_spawn_opts *o, pid_t pid, int *wstatus)
{
    long long deadline = now_ms() + (o->timeout_ms > 0 ? o->timeout_ms : 60000);
    size_t max_out = o->max_out ? o->max_out : (size_t)64 << 20;
    int exited = 0;
    while (!p->over) {
        long long left = deadline - now_ms();
        if (left <= 0)
            break;
        int open_fds = p->fd[0] >= 0 || p->fd[1] >= 0 || p->fd[2] >= 0;
        pump_once(p, o, max_out, open_fds ? (int)(left < 100 ? left : 100) : 0);
        if (!open_fds) {
            /* Output closed: wait for the exit itself, a little at a time
             * (it comes right after: a millisecond, not ten, a chart) */
            struct timespec ts = {0, 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        pid_t w = waitpid(pid, wstatus, WNOHANG);
        if (w == pid) {
            exited = 1;
            break;
        }
    }
    if (exited) /* what it wrote just before exiting */
        for (int i = 1; i < 3; i++)
            while (p->fd[i] >= 0 && !p->over) {
                struct pollfd pf = {p->fd[i], POLLIN, 0};
                if (poll(&pf, 1, 0) <= 0 || drain(p->fd[i], i == 1 ? &p->out : &p->errb, i == 2)) {
                    close(p->fd[i]);
                    p->fd[i] = -1;
                }
            }
    return exited;
}

rg_status rg_spawn(const rg_spawn_opts *o, rg_spawn_result *r, rg_error *err)
{
    memset(r, 0, sizeof *r);
    pump p;
    memset(&p, 0, sizeof p);
    rg_buf_init(&p.out);
    rg_buf_init(&p.errb);
    int c[3];
    if (make_pipes(p.fd, c) != 0)
        return rg_error_set(err, RG_EIO, NULL, 0, 0, "unable to start '%s': %s", o->argv[0],
                            strerror(errno));
    pid_t pid;
    int rc = start(o, c, &pid);
    for (int i = 0; i < 3; i++)
        close(c[i]);
    if (rc != 0) {
        close_all(&p);
        rg_buf_destroy(&p.out);
        rg_buf_destroy(&p.errb);
        if (rc == ENOENT)
            return rg_error_set(err, RG_ENOTFOUND, NULL, 0, 0, "'%s' not found", o->argv[0]);
        return rg_error_set(err, RG_EIO, NULL, 0, 0, "unable to start '%s': %s", o->argv[0],
                            strerror(rc));
    }
    int wstatus = 0;
    int exited = run_child(&p, o, pid, &wstatus);
    close_all(&p);
    rg_status st = RG_OK;
    if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &wstatus, 0);
        int secs = (o->timeout_ms > 0 ? o->timeout_ms : 60000) / 1000;
        st = p.over ? rg_error_set(err, RG_ELIMIT, NULL, 0, 0, "'%s' wrote more than %zu bytes",
                                   o->argv[0], o->max_out ? o->max_out : (size_t)64 << 20)
                    : rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                                   "'%s' did not finish within %d s and was stopped", o->argv[0],
                                   secs);
    }
    r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    if (p.out.oom || p.errb.oom) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        rg_buf_destroy(&p.out);
        rg_buf_destroy(&p.errb);
        return st;
    }
    r->outlen = p.out.len;
    r->out = o->keep_stdout ? rg_buf_detach(&p.out) : NULL;
    rg_buf_destroy(&p.out);
    r->errtext = rg_buf_detach(&p.errb);
    return st;
}

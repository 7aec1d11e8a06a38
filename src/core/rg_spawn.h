/* rg_spawn.h: running a helper program (gnuplot for the charts, a browser
 * for the report's PDF) as a child process, without a shell.
 *
 * The child is started with posix_spawnp (PATH lookup, no shell, so no
 * quoting of user text is ever needed), fed its input on standard input,
 * and its standard output and error are collected.  It gets a bounded time:
 * past it, the child is killed and the call fails.  A program that is not
 * installed is told apart from one that fails, so that the caller can say
 * which package to install. */
#ifndef RG_SPAWN_H
#define RG_SPAWN_H

#include <stddef.h>

#include "rg_error.h"

typedef struct rg_spawn_opts {
    const char *const *argv; /* argv[0] is looked up in PATH unless it holds a '/' */
    const char *const *env;  /* "NAME=VALUE" set on top of the environment, NULL-ended; or NULL */
    const char *in;          /* fed on standard input (NULL: an empty input) */
    size_t inlen;
    int timeout_ms;  /* killed past this (0: 60 s) */
    size_t max_out;  /* standard output kept, bytes (0: 64 MiB); more is an error */
    int keep_stdout; /* 0: standard output is discarded */
} rg_spawn_opts;

typedef struct rg_spawn_result {
    char *out; /* standard output (malloc'd, NUL-terminated), or NULL */
    size_t outlen;
    char *errtext; /* the last 4 KiB of standard error (malloc'd, NUL-terminated) */
    int status;    /* the exit status, or 128 + the signal that ended it */
} rg_spawn_result;

/* Runs O->argv and waits for it.  RG_OK once it has exited (whatever its
 * status: see R->status); RG_ENOTFOUND when the program is not found,
 * RG_ELIMIT when it ran out of time or wrote more than O->max_out, RG_EIO
 * when it could not be started.  R is filled in every case; free it with
 * rg_spawn_result_destroy. */
rg_status rg_spawn(const rg_spawn_opts *o, rg_spawn_result *r, rg_error *err);
void rg_spawn_result_destroy(rg_spawn_result *r);

/* The last non-empty line of TEXT (a child's standard error), copied into
 * BUF of size N; "" when there is none. */
void rg_spawn_last_line(const char *text, char *buf, size_t n);

/* Whether PROG (a bare name) is an executable file in a folder of PATH, or
 * (holding a '/') an executable file. */
int rg_spawn_found(const char *prog);

#endif

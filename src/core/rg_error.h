/* rg_error.h: status codes, the error struct, and positioned diagnostics.
 *
 * Every library function that can fail returns an rg_status and takes a
 * nullable rg_error * as its last argument.  The library never prints and
 * never exits: it fills the error and lets the caller decide what to say.
 * Checking a file collects many diagnostics (rg_diags), not only the first. */
#ifndef RG_ERROR_H
#define RG_ERROR_H

#include <stddef.h>

typedef enum rg_status {
    RG_OK = 0,
    RG_ENOMEM,     /* out of memory */
    RG_EIO,        /* a file could not be read or written */
    RG_ESYNTAX,    /* malformed input (JSON, query, date) */
    RG_EINVALID,   /* well-formed input that breaks the schema or the rules */
    RG_ENOTFOUND,  /* a name that matches nothing */
    RG_EAMBIGUOUS, /* a name that matches more than one thing */
    RG_ELIMIT,     /* a limit was reached (paths, depth, size) */
    RG_EIGRAPH,    /* igraph reported an error */
    RG_EUSAGE      /* a caller passed arguments that do not fit */
} rg_status;

#define RG_ERROR_TEXT 4096

typedef struct rg_error {
    rg_status code;
    char file[512]; /* empty when the error has no file */
    int line;       /* 1-based; 0 when unknown */
    int column;     /* 1-based, in characters; 0 when unknown */
    char text[RG_ERROR_TEXT];
} rg_error;

/* Fills ERR (when not NULL) and returns CODE, so callers can write
 * `return rg_error_set(err, RG_EINVALID, NULL, 0, 0, "...")`. */
rg_status rg_error_set(rg_error *err, rg_status code, const char *file, int line, int column,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A short lower-case phrase for a status ("out of memory"). */
const char *rg_status_string(rg_status code);

/* One positioned message of a checked file. */
typedef struct rg_diag {
    const char *file; /* owned by the rg_diags */
    int line, column;
    char *text; /* owned */
    size_t seq; /* order of arrival, to keep sorting stable */
} rg_diag;

/* A bounded list of diagnostics.  Adding past LIMIT sets `truncated` and
 * drops the message: a file with ten thousand errors does not need ten
 * thousand lines to tell its author what is wrong. */
typedef struct rg_diags {
    rg_diag *items;
    size_t count, cap, limit;
    int truncated;
    int oom;      /* an allocation failed while recording */
    char **files; /* interned file names */
    size_t nfiles;
} rg_diags;

void rg_diags_init(rg_diags *d, size_t limit);
void rg_diags_destroy(rg_diags *d);
void rg_diags_add(rg_diags *d, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Sorts by file, line, column, then arrival. */
void rg_diags_sort(rg_diags *d);
/* Copies the first diagnostic (or a summary) into ERR with CODE. */
rg_status rg_diags_to_error(const rg_diags *d, rg_status code, rg_error *err);

#endif

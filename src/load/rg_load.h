/* rg_load.h: reading a catalogue (JSON) and its schema into an rg_graph.
 *
 * This is the only module that sees jansson.  Loading validates everything
 * the schema and the format promise (docs/format.md) and collects every
 * error, with its position, into an rg_diags; on any error nothing is
 * returned, so no command ever works on a partly loaded catalogue. */
#ifndef RG_LOAD_H
#define RG_LOAD_H

#include <stddef.h>

#include "../core/rg_error.h"
#include "../graph/rg_graph.h"

/* Limits of the bounded reader (docs/format.md, "Limits"): a file past its
 * limit is refused with RG_ELIMIT before it is parsed, so that /dev/zero or a
 * runaway file cannot exhaust memory. */
#define RG_READ_MAX_CATALOGUE ((size_t)2 << 30) /* 2 GiB */
#define RG_READ_MAX_SCHEMA ((size_t)16 << 20)   /* 16 MiB */
#define RG_READ_MAX_QUERY ((size_t)1 << 20)     /* 1 MiB, docs/query.md */

/* What a load found out about the catalogue's schema, for `compile`
 * (rg_rgc.h): its text and, for a schema file, its resolved path. */
typedef struct rg_load_info {
    char *schema_text; /* malloc'd, NUL-terminated; free with rg_load_info_destroy */
    size_t schema_len;
    char *schema_name; /* as messages name it ("graphs/schema.json", or the catalogue) */
    char *schema_real; /* the schema file's real path; NULL for an inline schema */
} rg_load_info;

void rg_load_info_destroy(rg_load_info *info);

/* How to load; a zeroed struct (or NULL) means the defaults. */
typedef struct rg_load_opts {
    size_t max_bytes; /* the largest catalogue read; 0: RG_READ_MAX_CATALOGUE */
    /* Folders, separated by ':', where a schema named by path may lie
     * besides the catalogue's own folder tree (docs/format.md, "Schema"). */
    const char *schema_roots;
    rg_load_info *info;    /* filled when not NULL (zero it first) */
    rg_progress *progress; /* reports bytes read; NULL: none */
    /* A compiled catalogue (rg_load_any): check every part as it loads
     * (`check`), none left for its first use (rg_graph_need). */
    int check_all;
} rg_load_opts;

/* The allocation functions jansson uses, for the whole process (jansson's
 * setting is global: call it once, at start-up, before any load).  jansson
 * 2.14's lexer corrupts its heap after one of its own allocations fails
 * (rg_jalloc.c), so a program should pass a MALLOC_FN that does not return
 * NULL; the CLI's reports out of memory and exits.  Without a call,
 * jansson uses malloc and free. */
void rg_load_json_alloc(void *(*malloc_fn)(size_t), void (*free_fn)(void *));

/* Reads a schema from TEXT (a whole schema document; NAME in messages),
 * as a catalogue's schema is read.  On success *OUT is the schema (free
 * with rg_schema_destroy and free). */
rg_status rg_load_schema_text(const char *name, const char *text, size_t len, rg_schema **out,
                              rg_error *err);

/* Loads PATH.  On success *OUT is a finished graph (free it with
 * rg_graph_free).  On failure *OUT is NULL, DIAGS (when not NULL) holds every
 * error found up to its limit, sorted by position, and ERR the first. */
rg_status rg_load_file(const char *path, rg_graph **out, rg_diags *diags, rg_error *err);
rg_status rg_load_file_opts(const char *path, const rg_load_opts *opts, rg_graph **out,
                            rg_diags *diags, rg_error *err);

/* The same from memory: NAME is used in messages, BASEDIR resolves a schema
 * path and is the folder tree it must stay in (NULL: the current folder).
 * A leading UTF-8 byte-order mark is skipped. */
rg_status rg_load_buffer(const char *name, const char *text, size_t len, const char *basedir,
                         rg_graph **out, rg_diags *diags, rg_error *err);
rg_status rg_load_buffer_opts(const char *name, const char *text, size_t len, const char *basedir,
                              const rg_load_opts *opts, rg_graph **out, rg_diags *diags,
                              rg_error *err);

void rg_graph_free(rg_graph *g);

/* Reads a whole file into a NUL-terminated malloc'd buffer, at most MAX
 * bytes (RG_ELIMIT past it, naming the limit; RG_ENOMEM when memory runs
 * out). */
rg_status rg_read_file_max(const char *path, size_t max, char **text, size_t *len, rg_error *err);
/* The same with the catalogue's limit, RG_READ_MAX_CATALOGUE. */
rg_status rg_read_file(const char *path, char **text, size_t *len, rg_error *err);

#endif

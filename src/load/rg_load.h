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

/* Loads PATH.  On success *OUT is a finished graph (free it with
 * rg_graph_free).  On failure *OUT is NULL, DIAGS (when not NULL) holds every
 * error found up to its limit, sorted by position, and ERR the first. */
rg_status rg_load_file(const char *path, rg_graph **out, rg_diags *diags, rg_error *err);

/* The same from memory: NAME is used in messages, BASEDIR resolves a schema
 * path (NULL: the current folder). */
rg_status rg_load_buffer(const char *name, const char *text, size_t len, const char *basedir,
                         rg_graph **out, rg_diags *diags, rg_error *err);

void rg_graph_free(rg_graph *g);

/* Reads a whole file into a NUL-terminated malloc'd buffer. */
rg_status rg_read_file(const char *path, char **text, size_t *len, rg_error *err);

#endif

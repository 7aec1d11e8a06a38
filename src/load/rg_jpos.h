/* rg_jpos.h: where each value of a parsed JSON document stands in its text.
 *
 * jansson parses and validates; it keeps no positions for values.  After a
 * successful parse, rg_jpos walks the same text once alongside the jansson
 * tree and records, for every object member and array element, the line and
 * column of its key and its value, so that schema errors can say
 * FILE:LINE:COLUMN.  Lookups go by container and key or index (not by value
 * pointer: jansson shares true/false/null between documents). */
#ifndef RG_JPOS_H
#define RG_JPOS_H

#include <jansson.h>
#include <stddef.h>

typedef struct rg_jpos rg_jpos;

typedef struct rg_pos {
    int line, column;
} rg_pos;

/* Builds the map for ROOT, parsed from TEXT.  Returns NULL when out of memory
 * or when TEXT does not match ROOT (which a successful parse excludes). */
rg_jpos *rg_jpos_build(const char *text, size_t len, const json_t *root);
void rg_jpos_free(rg_jpos *m);

/* Position of an object or array itself (its opening bracket). */
rg_pos rg_jpos_of(const rg_jpos *m, const json_t *container);
/* Position of the member KEY of OBJ: its key and its value. */
rg_pos rg_jpos_key(const rg_jpos *m, const json_t *obj, const char *key);
rg_pos rg_jpos_value(const rg_jpos *m, const json_t *obj, const char *key);
/* Position of element I of ARR. */
rg_pos rg_jpos_index(const rg_jpos *m, const json_t *arr, size_t i);

#endif

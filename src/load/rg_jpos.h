/* rg_jpos.h: where each value of a parsed JSON text stands in its file.
 *
 * jansson parses and validates; it keeps no positions for values.  After a
 * successful parse, rg_jpos walks the same text once alongside the jansson
 * tree and records, for every object member and array element, the line and
 * column of its key and its value, so that schema errors can say
 * FILE:LINE:COLUMN.  Lookups go by container and key or index (not by value
 * pointer: jansson shares true/false/null between documents).
 *
 * The loader parses a catalogue one node or edge at a time, so one map is
 * reused for every element: rg_jpos_scan clears it and starts again at the
 * element's line and column in the file.  Positions are wanted only for
 * messages, so an element's map is made when first asked for
 * (rg_jpos_defer): a valid catalogue is read once, by the parser. */
#ifndef RG_JPOS_H
#define RG_JPOS_H

#include <jansson.h>
#include <stddef.h>

typedef struct rg_jpos rg_jpos;

typedef struct rg_pos {
    int line, column;
} rg_pos;

rg_jpos *rg_jpos_new(void);
void rg_jpos_free(rg_jpos *m);
/* Maps ROOT, parsed from TEXT (LEN bytes), whose first byte stands at
 * LINE:COLUMN of the file.  Returns 0, -1 when out of memory, or -2 when the
 * text does not match ROOT (which a successful parse of text the strict
 * cursor accepts excludes). */
int rg_jpos_scan(rg_jpos *m, const char *text, size_t len, const json_t *root, int line,
                 int column);

/* The same, done when a position is first asked for.  TEXT and ROOT must
 * stay alive until the next rg_jpos_scan or rg_jpos_defer. */
void rg_jpos_defer(rg_jpos *m, const char *text, size_t len, const json_t *root, int line,
                   int column);

/* Position of an object or array itself (its opening bracket). */
rg_pos rg_jpos_of(rg_jpos *m, const json_t *container);
/* Position of the member KEY of OBJ: its key and its value. */
rg_pos rg_jpos_key(rg_jpos *m, const json_t *obj, const char *key);
rg_pos rg_jpos_value(rg_jpos *m, const json_t *obj, const char *key);
/* Position of element I of ARR. */
rg_pos rg_jpos_index(rg_jpos *m, const json_t *arr, size_t i);

/* A cursor over JSON text that tracks lines and columns (in characters),
 * for walking a document's outer structure without building it. */
typedef struct rg_jcur {
    const char *s;
    size_t len, i;
    int line, column; /* of s[i] */
} rg_jcur;

/* jansson's JSON_PARSER_MAX_DEPTH: a value nested deeper (the root value
 * at depth 1) is refused. */
#define RG_JSON_MAX_DEPTH 2048

void rg_jcur_init(rg_jcur *c, const char *s, size_t len);
void rg_jcur_ws(rg_jcur *c);
/* Skips one value, which stands at DEPTH in its document (the root at 1).
 * Returns 0, or -1 on text jansson would refuse (the caller asks jansson for
 * the exact message). */
int rg_jcur_skip(rg_jcur *c, int depth);
/* Reads a string token (the cursor on its opening quote), decoded into a
 * malloc'd string.  NULL on malformed text or out of memory. */
char *rg_jcur_string(rg_jcur *c);

/* The length of the UTF-8 character at S (N bytes available) as jansson
 * checks it (no overlong forms, surrogates or code points past U+10FFFF),
 * or 0 when it is not one. */
size_t rg_utf8_len(const unsigned char *s, size_t n);

#endif

/* rg_fmt.h: the one canonical layout of a catalogue file (`relgraph fmt`).
 *
 * So that a change to a catalogue reviews well in git, every element sits
 * on a line of its own and every key has one place:
 *
 *   {
 *     "relgraph": 1,
 *     "title": "...",
 *     "schema": "schema.json",
 *     "nodes": [
 *       {"id": ..., "kind": ..., "name": ..., "aliases": [...], ATTRIBUTES, "cite": [...],
 * "disputes": [...]},
 *       ...
 *     ],
 *     "edges": [
 *       {"from": ..., "to": ..., "kind": ..., ATTRIBUTES, "cite": [...], "disputes": [...]},
 *       ...
 *     ]
 *   }
 *
 * Top-level keys in the order docs/format.md lists them, other keys after
 * them sorted; two spaces of indentation; each node and edge on one line,
 * written as Python's json.dumps writes it (", " and ": ", no escape but
 * for '"', '\\' and control characters; UTF-8 as it is).  ATTRIBUTES come
 * in the order the schema declares them for the element's kind (sorted by
 * name when there is no schema or the kind is unknown), then any other key
 * sorted; a citation is source, at, quote; a dispute attribute, value, note,
 * cite.  Other objects (an inline schema) keep their order.  Values are kept
 * exactly: strings by their characters, numbers as written. */
#ifndef RG_FMT_H
#define RG_FMT_H

#include <stddef.h>

#include "../core/rg_buf.h"
#include "../core/rg_error.h"
#include "../graph/rg_schema.h"

/* Appends the canonical form of catalogue TEXT (LEN bytes; a leading UTF-8
 * byte-order mark is dropped) to OUT.  S orders the attributes (NULL:
 * sorted by name).  Malformed JSON gives RG_ESYNTAX with ERR's file NAME,
 * line and column.  O(n log n) in the size of the text. */
rg_status rg_fmt(const char *name, const char *text, size_t len, const rg_schema *s, rg_buf *out,
                 rg_error *err);

#endif

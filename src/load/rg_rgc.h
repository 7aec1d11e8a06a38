/* rg_rgc.h: the compiled catalogue (FILE.rgc), written by `relgraph compile`.
 *
 * A catalogue checked once is written in a binary form that loads by mapping
 * the file: ids, names, kinds, attributes, citations and disputes as the
 * graph's own records over one pool of strings, the id and name indexes as
 * their hash tables, and igraph's own edge arrays (from, to and their two
 * sort orders), so that building the graph is a copy, not a parse or a sort;
 * and the entity map under the schema's alias edges (rg_entities), so that
 * merging aliases is a look-up.
 * The layout is docs/format.md, "Compiled catalogues".
 *
 * A snapshot records the JSON it was compiled from (size, modification time
 * in nanoseconds and inode, as git's index keys its entries, and its
 * SHA-256) and the schema file's; rg_rgc_fresh tells whether it still
 * stands for that JSON.  Every offset, length, count and index read from a
 * snapshot is checked before use, and checksums cover the whole file (one
 * for each section, computed as its records are checked): a damaged or
 * hostile file is refused with a message, never followed.  The parts only
 * some commands use (the name index, the entity map, the quotient
 * adjacency) are checked so, checksum and all, when first used
 * (rg_graph_need; docs/format.md, "Checked when first used"). */
#ifndef RG_RGC_H
#define RG_RGC_H

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "../core/rg_error.h"
#include "../graph/rg_graph.h"
#include "rg_load.h"

#define RG_RGC_VERSION 6

/* What a snapshot says about its source, read from the header alone. */
typedef struct rg_rgc_key {
    uint32_t version;
    uint64_t json_size;
    int64_t json_mtime_sec, json_mtime_nsec;
    uint64_t json_ino, json_dev;
    char sha256[65];
} rg_rgc_key;

/* Writes G (loaded from JSON_PATH, whose schema INFO describes; JSON_ST is
 * the JSON's stat as it was read) as a snapshot to F, a new, seekable file
 * opened for writing.  The caller writes to a temporary file and renames it
 * (nothing half written is ever seen under the final name). */
rg_status rg_rgc_write(const rg_graph *g, const rg_load_info *info, const char *json_path,
                       const struct stat *json_st, FILE *f, rg_error *err);

/* Reads the header of PATH into KEY.  RG_ESYNTAX when it is not a snapshot
 * or one of another version or byte order (ERR says which). */
rg_status rg_rgc_read_key(const char *path, rg_rgc_key *key, rg_error *err);

/* Does KEY describe the file JSON_PATH as it is now (size, modification
 * time, inode)?  1 yes, 0 no (WHY, when not NULL, gets a phrase). */
int rg_rgc_fresh(const rg_rgc_key *key, const char *json_path, const char **why);

/* Loads the snapshot at PATH by mapping it.  NAME is how the graph names
 * its file (rg_graph.file).  When CHECK_SOURCE, a snapshot whose recorded
 * JSON or schema file exists and has changed is refused (RG_EINVALID,
 * "stale").  RG_ESYNTAX for a damaged file. */
rg_status rg_rgc_load(const char *path, const char *name, int check_source, rg_progress *progress,
                      rg_graph **out, rg_error *err);
/* The same from memory (the bytes are copied): the fuzz harness's way in. */
rg_status rg_rgc_load_buffer(const char *name, const void *data, size_t len, rg_graph **out,
                             rg_error *err);

/* For the fuzz harness (tests/fuzz/fuzz_rgc.c): makes the recorded length
 * and the checksum of the snapshot in DATA (LEN bytes) right, so that what
 * lies behind the checksum gets fuzzed.  0, or -1 when DATA is shorter than
 * a header or not a multiple of 8 bytes. */
int rg_rgc_fix_checksum(void *data, size_t len);

/* Is the file at PATH a snapshot (by its first bytes)? */
int rg_rgc_is_snapshot(const char *path);

/* The snapshot path beside a JSON catalogue: PATH with ".json" replaced by
 * ".rgc" (or ".rgc" appended).  Into BUF (N bytes); NULL when too long. */
char *rg_rgc_beside(const char *path, char *buf, size_t n);

/* Loads PATH as a command should: a snapshot when PATH is one (refused
 * when stale or damaged); else the JSON, or the snapshot beside it when that
 * was compiled from PATH as it is now (size, modification time and inode
 * unchanged, schema too).  A snapshot beside that is stale, of another
 * version or damaged is never used: the JSON is.  NOTE (N bytes) gets a
 * sentence on which file was used, or why the snapshot beside was not, for
 * --verbose ("" when there is none). */
rg_status rg_load_any(const char *path, const rg_load_opts *opts, rg_graph **out, rg_diags *diags,
                      rg_error *err, char *note, size_t n);

#endif

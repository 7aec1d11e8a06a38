/* rg_query.h: relgraph's query language (grammar and meaning: docs/query.md).
 *
 *   nodes organization | where counterparty = true and date >= 2014 | gaps
 *
 * A query is one or more statements separated by ';'.  A statement is a
 * pipeline: a source (a node selection, or an analysis) and stages that
 * filter, follow edges, run an analysis on the selection, sort, cut, choose
 * columns and the output.  Each statement answers with one rg_result.
 *
 * The commands are fronts for this engine: `relgraph gaps --hub X` builds
 * the query of one call (rg_query_from_call) and runs it here, so a command
 * and the query `gaps(hub: "X")` take the same path.
 *
 * Errors carry the line and column of the fault; rg_query_excerpt renders
 * the source line with a caret under it.  Limits (length, depth, counts)
 * and the work budget are errors, never crashes or hangs. */
#ifndef RG_QUERY_H
#define RG_QUERY_H

#include <stddef.h>

#include "../analysis/rg_result.h"
#include "../core/rg_buf.h"
#include "../graph/rg_graph.h"
#include "rg_call.h"

#define RG_QUERY_MAX_LEN (1 << 20) /* bytes of query text */
#define RG_QUERY_MAX_DEPTH 64      /* nesting of parentheses and `not` */
#define RG_QUERY_MAX_STAGES 64     /* stages of one pipeline */
#define RG_QUERY_MAX_STATEMENTS 256
#define RG_QUERY_MAX_ITEMS 256 /* kinds, fields, list values in one place */
/* The evaluator's work budget: tests of a condition (one term of a `where`
 * on one node or row) in one run of a query; past it, RG_ELIMIT.  About 3 s. */
#define RG_QUERY_MAX_STEPS 20000000

typedef struct rg_query rg_query;

typedef enum rg_output {
    RG_OUT_DEFAULT = 0, /* whatever the caller asked for (text) */
    RG_OUT_TABLE,
    RG_OUT_JSON,
    RG_OUT_SUBGRAPH
} rg_output;

/* Parses TEXT (LEN bytes; NAME is used in messages).  On error ERR has the
 * line, column and what was expected. */
rg_status rg_query_parse(const char *name, const char *text, size_t len, rg_query **out,
                         rg_error *err);
/* The query of one analysis call, as a command builds it. */
rg_status rg_query_from_call(const char *analysis, const rg_arg *args, size_t nargs, rg_query **out,
                             rg_error *err);
void rg_query_free(rg_query *q);
/* Sets the evaluator's budget (RG_QUERY_MAX_STEPS) for later runs of Q;
 * 0 restores the default.  Analyses have their own (paths: max_steps). */
void rg_query_set_max_steps(rg_query *q, size_t n);
/* Says that the EMIT of later runs of Q only writes each result (with
 * rg_result_text, rg_result_json_write or rg_result_subgraph): an analysis
 * whose statement has no stage after it but `output` then hands EMIT its
 * row sources as they are (rg_table_source), and its rows are written as
 * they are made rather than kept as cells first. */
void rg_query_write_rows(rg_query *q);

/* Runs every statement on G; EMIT receives each result (valid during the
 * call only) and the output the statement chose.  Stops at the first error
 * (of the query or of EMIT). */
typedef rg_status (*rg_query_emit)(void *ctx, const rg_result *r, rg_output out, rg_error *err);
rg_status rg_query_run(const rg_query *q, const rg_graph *g, rg_query_emit emit, void *ctx,
                       rg_error *err);

/* The source line LINE of TEXT and a caret under COLUMN, each ended by '\n'. */
void rg_query_excerpt(const char *text, size_t len, int line, int column, rg_buf *out);

#endif

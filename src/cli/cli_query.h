/* cli_query.h: what `relgraph query` and the analysis commands share:
 * printing each result of a query, and printing a query's error with its
 * source line and a caret. */
#ifndef RG_CLI_QUERY_H
#define RG_CLI_QUERY_H

#include "../query/rg_query.h"
#include "cli_json.h"

typedef struct cli_run {
    int json;            /* --format json */
    int count;           /* results printed so far */
    const char *command; /* for the JSON envelope */
    int single;          /* one analysis: "result" is its result, not a list */
    int begun;           /* the envelope is open */
    cli_env env;
} cli_run;

/* Closes the JSON envelope of RUN (opening it first when no result came),
 * and prints it.  0, or 1 on a write error.  Nothing in text mode. */
int cli_run_finish(cli_run *run, const rg_graph *g);

/* An rg_query_emit: renders R as the statement or --format asks. */
rg_status cli_print_results(void *ctx, const rg_result *r, rg_output out, rg_error *err);
/* "FILE:LINE:COL: message", then the line of TEXT and a caret. */
void cli_query_error(const rg_error *err, const char *text, size_t len);

#endif

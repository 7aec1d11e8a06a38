/* cli_query.h: what `relgraph query` and the analysis commands share:
 * printing each result of a query, and printing a query's error with its
 * source line and a caret. */
#ifndef RG_CLI_QUERY_H
#define RG_CLI_QUERY_H

#include "../query/rg_query.h"

typedef struct cli_run {
    int json;  /* --format json */
    int count; /* results printed so far */
} cli_run;

/* An rg_query_emit: renders R as the statement or --format asks. */
rg_status cli_print_results(void *ctx, const rg_result *r, rg_output out, rg_error *err);
/* "FILE:LINE:COL: message", then the line of TEXT and a caret. */
void cli_query_error(const rg_error *err, const char *text, size_t len);

#endif

/* rg_call.h: the one way to run an analysis by name.
 *
 * A command (`relgraph gaps --hub ICANN`) and a query (`gaps(hub: "ICANN")`)
 * both end here: the analysis is looked up in the registry
 * (src/analysis/rg_registry.h), its arguments (text, as given) are bound to
 * its options struct, every name is checked against the catalogue's schema,
 * and the analysis runs.  Defaults come from the schema's "roles" section:
 * this file names no kind of any catalogue. */
#ifndef RG_CALL_H
#define RG_CALL_H

#include <stddef.h>

#include "../analysis/rg_registry.h"
#include "../analysis/rg_result.h"
#include "../graph/rg_graph.h"

/* One argument as given: NAME = VALUE, with where it was written (line 0
 * when from a command line: messages then spell NAME as --NAME). */
typedef struct rg_arg {
    const char *name;
    const char *value;
    int line, column;
} rg_arg;

/* Runs analysis NAME with ARGS on G (SUBSET: NULL or one flag per node).
 * Before it runs, every argument and every role default is checked: an
 * unknown parameter, a value that does not parse, a kind or attribute the
 * schema lacks (with the nearest name), a role the schema leaves unbound;
 * all of them are reported in one RG_EUSAGE error, placed at the first
 * faulty argument.  The options in force are recorded in R (r->options). */
rg_status rg_call(const rg_graph *g, const char *name, const rg_arg *args, size_t nargs,
                  const unsigned char *subset, rg_result *r, rg_error *err);
/* The same; ROWS: tables the analysis makes from row sources stay so
 * (rg_table_source), for a caller that only writes R; else they are filled
 * into cells, as rg_call does. */
rg_status rg_call_rows(const rg_graph *g, const char *name, const rg_arg *args, size_t nargs,
                       const unsigned char *subset, int rows, rg_result *r, rg_error *err);

#endif

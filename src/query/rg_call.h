/* rg_call.h: the table of analyses, and the one way to run one.
 *
 * A command (`relgraph gaps --hub ICANN`) and a query (`gaps(hub: "ICANN")`)
 * both end here: the analysis is looked up by name, its arguments (text, as
 * given) are checked against its parameters and converted, the defaults for
 * the bundled schema fill the rest, and the analysis runs.  This table is
 * the one place where the bundled schema's kind names appear as defaults. */
#ifndef RG_CALL_H
#define RG_CALL_H

#include <stddef.h>

#include "../analysis/rg_result.h"
#include "../graph/rg_graph.h"

typedef enum rg_param_type {
    RG_P_TEXT = 0, /* a name, a kind, an attribute */
    RG_P_KINDS,    /* a comma list of kinds; names the catalogue lacks are
                      dropped from a default (so defaults suit any schema),
                      but are errors when given */
    RG_P_INT,
    RG_P_REAL,
    RG_P_DATE,
    RG_P_FLAG /* on or off: a bare flag on a command line (--no-merge), true or false in a
                 query; default "false" */
} rg_param_type;

typedef struct rg_param {
    const char *name; /* "as_of"; the command line spells it --as-of */
    rg_param_type type;
    const char *def; /* default, as text; NULL: none ("today" for dates) */
    const char *help;
} rg_param;

#define RG_MAX_PARAMS 20

typedef struct rg_analysis_def {
    const char *name;
    const char *summary;
    const char *description;        /* paragraphs for --help */
    rg_param params[RG_MAX_PARAMS]; /* ended by a NULL name */
} rg_analysis_def;

/* One argument as given: NAME = VALUE, with where it was written (0 when
 * from a command line). */
typedef struct rg_arg {
    const char *name;
    const char *value;
    int line, column;
} rg_arg;

extern const rg_analysis_def rg_analyses[];
extern const size_t rg_nanalyses;

const rg_analysis_def *rg_analysis_find(const char *name);
/* The same for the N bytes at NAME. */
const rg_analysis_def *rg_analysis_find_n(const char *name, size_t n);

/* Runs analysis NAME with ARGS on G (SUBSET: NULL or one flag per node).
 * Unknown parameters and values that do not parse are RG_EUSAGE (or
 * RG_ESYNTAX) errors with the argument's position. */
rg_status rg_call(const rg_graph *g, const char *name, const rg_arg *args, size_t nargs,
                  const unsigned char *subset, rg_result *r, rg_error *err);

/* Today's date (UTC), the default of every as_of. */
rg_date rg_today(void);

#endif

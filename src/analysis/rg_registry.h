/* rg_registry.h: the one table of analyses.
 *
 * Each analysis is declared once, in its own file, as an rg_analysis_def:
 * its name and help, its parameters (typed, each mapped by offsetof to a
 * field of its options struct, each with the schema role that gives its
 * default), its run function and the columns of its main table.  The CLI
 * commands and their --help, the query functions and the report sections
 * are all built from this table (rg_registry.c lists the definitions), so
 * adding an analysis is one new file and one row there.
 *
 * Binding (src/query/rg_call.c) turns arguments given as text into an
 * options struct: a value given wins, else the schema's role, else the
 * literal default; every name is checked against the schema before the
 * analysis runs, and all faults are reported at once. */
#ifndef RG_REGISTRY_H
#define RG_REGISTRY_H

#include <stddef.h>

#include "../graph/rg_graph.h"
#include "rg_result.h"

typedef enum rg_param_type {
    RG_P_NODE = 0,    /* a node name, resolved by the analysis: const char * */
    RG_P_NODE_KIND,   /* const char *, checked against the schema */
    RG_P_NODE_KINDS,  /* comma list, const char * */
    RG_P_EDGE_KIND,   /* const char * */
    RG_P_EDGE_KINDS,  /* comma list, const char * */
    RG_P_NODE_ATTR,   /* attribute of the node kinds named by parameter OF (any when NULL) */
    RG_P_TARGET_ATTR, /* attribute of the kinds that edge-kind parameter OF points to */
    RG_P_EDGE_ATTR,   /* attribute of the edge kinds named by parameter OF (any when NULL) */
    RG_P_CHOICE,      /* one of CHOICES (comma list): const char * */
    RG_P_WORDS,       /* a comma list of values (of the attribute parameter OF): const char * */
    RG_P_INT,         /* int, in [LO, HI] */
    RG_P_REAL,        /* double, in (LO, HI] */
    RG_P_DATE,        /* rg_date; year 0 when not given */
    RG_P_FLAG         /* int, 0 or 1; a command-line flag without a value */
} rg_param_type;

enum {
    RG_PF_REQUIRED = 1, /* the analysis cannot run without it */
    RG_PF_AS_OF = 2,    /* a date defaulting to the catalogue's date (rg_graph.as_of) */
    RG_PF_LONG = 4      /* an RG_P_INT stored as long long */
};

typedef struct rg_param {
    const char *name; /* "located_attr"; the command line spells it --located-attr */
    rg_param_type type;
    int role;        /* the schema role (RG_ROLE_*) that gives the default, or -1 */
    const char *def; /* literal default when no role binds it, as text; NULL: none */
    size_t offset;   /* where the value goes in the options struct */
    const char *of;  /* for attributes: the parameter naming their kinds */
    double lo, hi;   /* range of numbers */
    const char *choices;
    unsigned flags;
    const char *help;
} rg_param;

#define RG_MAX_PARAMS 32

typedef struct rg_analysis_def {
    const char *name;
    const char *summary;
    const char *description; /* paragraphs for --help */
    const rg_param *params;  /* ended by a NULL name */
    size_t opts_size;
    size_t subset_offset; /* where the selection (const unsigned char *) goes */
    rg_status (*run)(const rg_graph *g, const void *opts, rg_result *r, rg_error *err);
    const char *columns; /* the main table's columns, for --help and docs */
    int report;          /* its place among the report's sections; 0: not in the report */
} rg_analysis_def;

/* The definitions, one in each analysis' file. */
extern const rg_analysis_def rg_gaps_def, rg_risks_def, rg_central_def, rg_interlocks_def,
    rg_clusters_def, rg_audit_def, rg_paths_def;

/* Helpers for writing a parameter table: a parameter whose default is a
 * schema role, a number with its range, and the end of the table. */
#define NOROLE (-1)
/* A parameter whose default is a role. */
#define ROLE(NAME, TYPE, ROLE_, OPTS, FIELD, OF, FLAGS, HELP)                                      \
    {                                                                                              \
        NAME, TYPE, ROLE_, NULL, offsetof(OPTS, FIELD), OF, 0, 0, NULL, FLAGS, HELP                \
    }
/* A number with its range and literal default. */
#define NUM(NAME, TYPE, DEF, OPTS, FIELD, LO, HI, HELP)                                            \
    {                                                                                              \
        NAME, TYPE, NOROLE, DEF, offsetof(OPTS, FIELD), NULL, LO, HI, NULL, 0, HELP                \
    }
#define END                                                                                        \
    {                                                                                              \
        NULL, 0, 0, NULL, 0, NULL, 0, 0, NULL, 0, NULL                                             \
    }
#define REQ RG_PF_REQUIRED

#define HUB_HELP "the hub (default: the schema's hub, else the node party to the most agreements)"
#define SEL_HELP "boolean attribute that marks counterparties"
#define SKIP_HELP "weak edge kinds left out of the graph"
#define ALIAS_HELP "edge kinds: may be the same (one entity; never a link)"
#define MERGE_HELP "keep nodes joined by alias edges apart (default: one entity)"

/* The analyses, in the order the CLI and the report list them. */
extern const rg_analysis_def *const rg_analyses[];
extern const size_t rg_nanalyses;

const rg_analysis_def *rg_analysis_find(const char *name);
/* The same for the N bytes at NAME. */
const rg_analysis_def *rg_analysis_find_n(const char *name, size_t n);
/* The parameter NAME of D, or NULL. */
const rg_param *rg_param_find(const rg_analysis_def *d, const char *name);

#endif

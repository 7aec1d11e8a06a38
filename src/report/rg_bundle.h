/* rg_bundle.h: the review report, assembled once, between the query engine
 * and the CLI.
 *
 * One call makes every file of a report: it applies the audience policy
 * (a public report is computed from the public view of the catalogue,
 * rg_audience.h), runs the analyses the registry marks for the report in
 * its order, answers the saved queries, draws the diagrams and assembles
 * the HTML page and the Markdown (src/render/rg_report.c).  Nothing is
 * written here: the caller gets the files and writes them as a unit. */
#ifndef RG_BUNDLE_H
#define RG_BUNDLE_H

#include <stddef.h>

#include "../graph/rg_graph.h"
#include "../render/rg_report.h"

typedef struct rg_bundle_opts {
    int public_audience;
    rg_date as_of;                /* year 0: the catalogue's date */
    const char *queries_dir;      /* saved queries (*.rgq), or NULL */
    int queries_required;         /* an unreadable QUERIES_DIR is an error */
    const rg_render_opts *render; /* the visual grammar */
    const char *version;          /* relgraph's */
    const char *catalogue;        /* the catalogue's name as shown */
    const char *options;          /* the options as given, for the record */
    const rg_chart_opts *chart;   /* how to run gnuplot (NULL: the defaults) */
} rg_bundle_opts;

typedef struct rg_bundle {
    rg_report_file *files; /* report.html, report.md, then the diagrams */
    size_t nfiles;
    char **warnings; /* what could not be produced, and why (also in the report) */
    size_t nwarnings;
    char *doc; /* the document model report.pdf is typeset from (rg_report_doc) */
    size_t doclen;
} rg_bundle;

/* Builds the report of G.  File names are unique by construction
 * ("regions/ID.svg": ids are unique and safe path components).  RG_OK with
 * warnings when a section could not be made; an error when the report as a
 * whole cannot be. */
rg_status rg_bundle_build(const rg_graph *g, const rg_bundle_opts *o, rg_bundle *b, rg_error *err);
void rg_bundle_destroy(rg_bundle *b);

#endif

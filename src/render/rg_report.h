/* rg_report.h: the review report: one self-contained HTML page (inline SVG,
 * a Content-Security-Policy, no external fetches) and the same content as
 * Markdown with the SVG files beside it.
 *
 * The report is built section by section; each section is one function
 * that takes what its analysis produced (the catalogue for the summary, a
 * view for a diagram, an rg_result for an analysis), so a new analysis
 * needs no new report code: rg_report_result renders any result.  Nothing
 * is written to disk here: the caller gets the page, the Markdown and the
 * SVG files as buffers. */
#ifndef RG_REPORT_H
#define RG_REPORT_H

#include <stddef.h>

#include "../analysis/rg_result.h"
#include "../core/rg_buf.h"
#include "../core/rg_error.h"
#include "../graph/rg_audience.h"
#include "../graph/rg_graph.h"
#include "rg_chart.h"
#include "rg_render.h"

/* What produced the report, recorded in it so that a reader can make it again. */
typedef struct rg_report_meta {
    const char *version;   /* relgraph's version */
    const char *catalogue; /* the catalogue's file name as given */
    const char *checksum;  /* SHA-256 of the catalogue file, hex */
    const char *options;   /* the command line's options, as given */
    const char *as_of;     /* the --as-of date, ISO */
    const char *seed;      /* the clustering's random seed, or NULL when not run */
    const char *audience;  /* "public" or "internal" */
} rg_report_meta;

/* A file written beside report.md and report.html (the SVG of a diagram). */
typedef struct rg_report_file {
    char *name; /* "overview.svg", owned */
    char *data; /* owned */
    size_t len;
} rg_report_file;

typedef struct rg_report {
    const rg_graph *g;
    const rg_render_opts *o;
    rg_buf html, md; /* section bodies */
    rg_buf nav;      /* the HTML table of contents */
    rg_buf mdnav;    /* the Markdown table of contents */
    rg_buf doc;      /* the document model for report.pdf (rg_doc_kind records) */
    rg_report_file *files;
    size_t nfiles, capfiles;
    size_t nsections;
    char **titles; /* the sections' titles so far, so that none repeats */
    size_t ntitles;
    int in_query; /* a saved query's section is open: its answers go in it */
    int oom;
} rg_report;

/* The document model: the report's content as records, written by the same
 * calls that write the HTML and the Markdown, in the same order, so that
 * report.pdf (src/report/rg_pdf.c) carries what the page carries.  A flat
 * byte string, so that it can be handed to another process as it is.  Each
 * record: its kind (one byte), its number of fields (uint32), then each
 * field as a uint32 length and its bytes (host byte order).  Status fields
 * hold one byte per column: '-' for none, 'a' + I for status I. */
typedef enum rg_doc_kind {
    RG_DOC_TITLE = 'D',   /* title, version, as-of date, catalogue */
    RG_DOC_SECTION = 'S', /* title (a level-2 heading, listed in the contents) */
    RG_DOC_HEADING = 'H', /* level ("3" or "4"), text */
    RG_DOC_PARA = 'P',    /* note ("0" or "1"), text */
    RG_DOC_THEAD = 'T',   /* statuses, then one field per column */
    RG_DOC_ROW = 'R',     /* statuses, then one field per cell */
    RG_DOC_TEND = 'E',    /* no field */
    RG_DOC_FIGURE = 'F',  /* caption, file name, SVG, a note for the caption */
    RG_DOC_PRE = 'Q',     /* preformatted text (a saved query) */
    RG_DOC_ITEM = 'L'     /* a list item */
} rg_doc_kind;

void rg_report_init(rg_report *r, const rg_graph *g, const rg_render_opts *o);
void rg_report_destroy(rg_report *r);

/* Sections, in the order they are called. */
/* W: what was withheld for a public audience, or NULL for an internal one. */
void rg_report_provenance(rg_report *r, const rg_report_meta *m, const rg_withheld *w);
void rg_report_summary(rg_report *r);
/* Renders VIEW as SVG into FILE_NAME ("overview.svg") and inlines it. */
rg_status rg_report_diagram(rg_report *r, const rg_view *v, const char *file_name, rg_error *err);
/* Chart KIND of RES (a gaps result), drawn by gnuplot beforehand
 * (rg_chart's SVG, LEN bytes, which the report takes and frees, also on
 * error; drawn apart so that the charts may be drawn at the same time):
 * written as FILE_NAME ("timeline.svg") and inlined.  An error leaves the
 * report as it was. */
rg_status rg_report_chart_svg(rg_report *r, const rg_result *res, rg_chart_kind kind,
                              const char *file_name, char *svg, size_t len, rg_error *err);
/* An analysis's result: its title, notes and every table.  Inside a saved
 * query's section (after rg_report_query) it is one of the query's
 * answers, a subsection, not a section of its own.  For a public
 * audience, the result comes from the public view (rg_audience.h). */
void rg_report_result(rg_report *r, const char *id, const rg_result *res);
/* A saved query: its file name and text; its answers follow as results. */
void rg_report_query(rg_report *r, const char *name, const char *text);
/* A saved query that could not be answered, and why. */
void rg_report_query_error(rg_report *r, const char *message);
/* A section that says which parts could not be produced, and why. */
void rg_report_missing(rg_report *r, const char *const *what, size_t n);

/* Assembles the page and the Markdown (malloc'd, NUL-terminated). */
rg_status rg_report_finish(rg_report *r, const rg_report_meta *m, char **html, char **md,
                           rg_error *err);

/* The document model (above), after rg_report_finish: a title record, then
 * the sections (malloc'd into *DOC, *LEN bytes). */
rg_status rg_report_doc(rg_report *r, const rg_report_meta *m, char **doc, size_t *len,
                        rg_error *err);

#endif

/* rg_chart.h: charts of the coverage analysis, drawn by gnuplot.
 *
 * Two charts, both of numbers the gaps analysis computed (rg_gaps.c); the
 * chart only draws them:
 *   - coverage by group (region): one horizontal bar per group, stacked by
 *     coverage status, from the analysis's "by_<group>" table;
 *   - the timeline: one bar per year of signature, stacked by the state of
 *     the agreements' text (clause, no clause, not located), from its
 *     "by_year" table.
 *
 * Chart geometry is gnuplot's (Debian's gnuplot-nox): relgraph writes a
 * script with the data inline, runs gnuplot as a child process (no shell,
 * bounded time) with its svg, pngcairo or pdfcairo terminal, and reads the
 * chart from its standard output.  Every text of the catalogue reaches the
 * script as a single-quoted gnuplot string with control characters
 * removed, and gnuplot's enhanced text mode is off, so no name can run
 * gnuplot commands or format text.
 *
 * Sizes are for a printed page: 170 mm wide (A4 less 2 cm margins), text
 * 9 pt (the title 10 pt), so nothing shrinks when the figure is fitted.
 * The output is deterministic: the SVG loses gnuplot's version and its ids
 * (two charts in one page must not share ids), the PDF's creation date is
 * fixed. */
#ifndef RG_CHART_H
#define RG_CHART_H

#include <stddef.h>

#include "../analysis/rg_result.h"
#include "../core/rg_buf.h"
#include "../core/rg_error.h"
#include "rg_render.h"

typedef enum rg_chart_kind { RG_CHART_COVERAGE = 0, RG_CHART_TIMELINE } rg_chart_kind;

/* The fill of status I, I in the order of severity (the gaps analysis's
 * five statuses: covered first, unknown last), as "#rrggbb".  Okabe and
 * Ito's colours, safe for colour-blind readers, whose grey levels
 * (0.299 R + 0.587 G + 0.114 B) are 87, 119, 151, 213 and 255: at least 32
 * apart, so they stay apart in greyscale print.  Past the fifth: a grey.
 * The one place the charts and the report's tables take status colours
 * from. */
const char *rg_status_colour(size_t i);
/* How many distinct status colours there are. */
size_t rg_status_ncolours(void);

typedef struct rg_chart_opts {
    const char *gnuplot; /* the program (default "gnuplot", found in PATH) */
    int timeout_ms;      /* default 30 s */
} rg_chart_opts;

/* The chart's size in points (1/72 in) at which its text has the sizes
 * above, and its title. */
typedef struct rg_chart_info {
    double width_pt, height_pt;
    double font_pt; /* the smallest text */
    size_t bars;    /* bars drawn */
} rg_chart_info;

/* The gnuplot script of chart KIND of RES (a gaps result) for format F
 * (SVG, PNG or PDF), into SCRIPT (may be NULL); its title into TITLE (may
 * be NULL), its
 * size into INFO (may be NULL).  RG_EINVALID when RES is not a gaps result
 * or has nothing to chart (no counterparty, no agreement). */
rg_status rg_chart_script(const rg_result *res, rg_chart_kind kind, rg_format f, rg_buf *script,
                          rg_buf *title, rg_chart_info *info, rg_error *err);

/* Draws chart KIND of RES as F: *OUT (malloc'd; NUL-terminated for SVG)
 * and *LEN.  RG_ENOTFOUND with "gnuplot not found: install gnuplot-nox"
 * when gnuplot is missing, RG_EINVALID when gnuplot fails (its message),
 * RG_ELIMIT when it runs out of time; RG_EUSAGE for DOT. */
rg_status rg_chart(const rg_result *res, rg_chart_kind kind, rg_format f, const rg_chart_opts *o,
                   char **out, size_t *len, rg_error *err);

#endif

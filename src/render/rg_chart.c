/* rg_chart.c: the coverage charts, as gnuplot scripts run by gnuplot (see
 * rg_chart.h). */
#include "rg_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_analysis.h"
#include "../core/rg_spawn.h"
#include "../core/rg_utf8.h"
#include "rg_markup.h"
#include "rg_render.h"

/* ---- status colours -------------------------------------------------- */

/* The diagrams' status fills (rg_render.c: Okabe-Ito tints, at least 15
 * grey levels apart), so that a status has one colour in the diagrams, the
 * charts and the report's tables. */
#define NCOLOURS rg_render_status_nfills()
#define OTHER_COLOUR "#BBBBBB"

const char *rg_status_colour(size_t i)
{
    return i < NCOLOURS ? rg_render_status_fill(i) : OTHER_COLOUR;
}

size_t rg_status_ncolours(void)
{
    return NCOLOURS;
}

/* Grey level 0-255 of "#rrggbb" (ITU-R BT.601 luma, as greyscale print). */
static double grey_of(const char *hex)
{
    unsigned r = 0, g = 0, b = 0;
    if (sscanf(hex, "#%2x%2x%2x", &r, &g, &b) != 3)
        return 255;
    return 0.299 * r + 0.587 * g + 0.114 * b;
}

/* ---- the numbers, from the gaps result -------------------------------- */

#define MAX_ROWS 400   /* years on a timeline */
#define MAX_GROUPS 40  /* bars of the coverage chart: more are folded into one */
#define MAX_SERIES 8   /* statuses */
#define WIDTH_PT 482.0 /* 170 mm */
#define FONT_PT 9.0
#define TITLE_PT 10.0
#define CHAR_EM 0.78 /* a generous average glyph width (DejaVu Sans), in ems */

typedef struct chart {
    rg_chart_kind kind;
    size_t nbars, nser;
    const char *label[MAX_ROWS + 1];
    double pos[MAX_ROWS + 1];
    long cnt[MAX_ROWS + 1][MAX_SERIES];
    long total[MAX_ROWS + 1];
    const char *ser[MAX_SERIES];
    size_t colour[MAX_SERIES];
    long max_total;
    char other[128];
    const rg_graph *g;
    const rg_table *by_group, *by_year;
    rg_buf title;
    const char *xlabel, *ylabel;
    double height, left; /* points; the left margin as a fraction */
    double xspan;        /* the timeline's years across */
} chart;

static long cell_int(const rg_table *t, size_t row, size_t col)
{
    const rg_cell *c = rg_table_cell(t, row, col);
    return c->type == RG_CELL_INT && c->u.i > 0 ? (long)c->u.i : 0;
}

static const char *cell_text(const rg_table *t, size_t row, size_t col)
{
    const rg_cell *c = rg_table_cell(t, row, col);
    return c->type == RG_CELL_TEXT && c->u.s ? c->u.s : "";
}

/* The colour of status word W: its place among the by-group table's
 * status columns, which are in the order of severity. */
static size_t colour_of(const chart *c, const char *w, size_t fallback)
{
    const rg_table *t = c->by_group;
    for (size_t k = 1; t && k + 1 < t->ncols; k++)
        if (strcmp(t->cols[k], w) == 0)
            return k - 1;
    return fallback;
}

static rg_status find_tables(const rg_result *res, chart *c, rg_error *err)
{
    if (res->analysis == NULL || strcmp(res->analysis, "gaps") != 0 || res->g == NULL)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "a chart is drawn from the gaps analysis's result");
    rg_buf name;
    rg_buf_init(&name);
    rg_buf_printf(&name, "by_%s", rg_word(res->g, RG_ROLE_WORD_GROUP));
    for (size_t i = 0; i < res->ntables; i++) {
        if (strcmp(res->tables[i].name, rg_buf_str(&name)) == 0)
            c->by_group = &res->tables[i];
        if (strcmp(res->tables[i].name, "by_year") == 0)
            c->by_year = &res->tables[i];
    }
    rg_buf_destroy(&name);
    const rg_table *t = c->kind == RG_CHART_COVERAGE ? c->by_group : c->by_year;
    size_t first = c->kind == RG_CHART_COVERAGE ? 1 : 2; /* the first status column */
    if (t == NULL || t->ncols < first + 1 || t->ncols - first > MAX_SERIES + 1)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "the gaps result has no %s table to chart",
                            c->kind == RG_CHART_COVERAGE ? "by-group" : "by-year");
    return RG_OK;
}

/* The rows of the coverage chart: every group, or, past MAX_GROUPS, the
 * largest and one bar for the rest. */
static void coverage_rows(chart *c)
{
    const rg_table *t = c->by_group;
    size_t nser = t->ncols - 2, keep = t->nrows;
    unsigned char *kept = calloc(t->nrows + 1, 1);
    if (kept == NULL)
        return;
    if (t->nrows > MAX_GROUPS) {
        keep = MAX_GROUPS - 1;
        for (size_t n = 0; n < keep; n++) { /* the largest first; ties in table order */
            size_t best = t->nrows;
            for (size_t r = 0; r < t->nrows; r++)
                if (!kept[r] && (best == t->nrows ||
                                 cell_int(t, r, t->ncols - 1) > cell_int(t, best, t->ncols - 1)))
                    best = r;
            kept[best] = 1;
        }
    } else {
        memset(kept, 1, t->nrows);
    }
    size_t folded = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        size_t b = kept[r] ? c->nbars++ : keep;
        if (!kept[r])
            folded++;
        c->label[b] = cell_text(t, r, 0);
        for (size_t s = 0; s < nser; s++)
            c->cnt[b][s] += cell_int(t, r, 1 + s);
    }
    if (folded) {
        snprintf(c->other, sizeof c->other, "(%zu other %ss)", folded,
                 rg_word(c->g, RG_ROLE_WORD_GROUP));
        c->label[c->nbars++] = c->other;
    }
    free(kept);
    c->nser = nser;
    for (size_t s = 0; s < nser; s++) {
        c->ser[s] = t->cols[1 + s];
        c->colour[s] = s;
    }
    /* top to bottom in the table's order */
    for (size_t b = 0; b < c->nbars; b++)
        c->pos[b] = (double)(c->nbars - b);
}

static rg_status timeline_rows(chart *c, rg_error *err)
{
    const rg_table *t = c->by_year;
    if (t->nrows > MAX_ROWS)
        return rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                            "agreements in %zu different years: too many to chart (at most %d)",
                            t->nrows, MAX_ROWS);
    c->nser = t->ncols - 2;
    for (size_t s = 0; s < c->nser; s++) {
        c->ser[s] = t->cols[2 + s];
        c->colour[s] = colour_of(c, c->ser[s], s);
    }
    long last = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *y = cell_text(t, r, 0);
        char *end;
        long year = strtol(y, &end, 10);
        int dated = y[0] && *end == '\0';
        c->label[c->nbars] = y;
        c->pos[c->nbars] = dated ? (double)year : (double)(last + 2);
        if (dated)
            last = year;
        for (size_t s = 0; s < c->nser; s++)
            c->cnt[c->nbars][s] = cell_int(t, r, 2 + s);
        c->nbars++;
    }
    return RG_OK;
}

static rg_status gather(const rg_result *res, chart *c, rg_error *err)
{
    rg_status st = find_tables(res, c, err);
    if (st != RG_OK)
        return st;
    const rg_graph *g = c->g = res->g;
    rg_buf_init(&c->title);
    if (c->kind == RG_CHART_COVERAGE) {
        coverage_rows(c);
        rg_buf_printf(&c->title, "%s, by %s", res->title ? res->title : "Coverage",
                      rg_word(g, RG_ROLE_WORD_GROUP));
        c->ylabel = NULL;
    } else {
        if ((st = timeline_rows(c, err)) != RG_OK)
            return st;
        rg_buf_printf(&c->title, "%s, by what their text holds", c->by_year->title);
    }
    if (c->title.len && c->title.data[0] >= 'a' && c->title.data[0] <= 'z')
        c->title.data[0] = (char)(c->title.data[0] - 'a' + 'A'); /* a title, not a phrase */
    for (size_t b = 0; b < c->nbars; b++) {
        for (size_t s = 0; s < c->nser; s++)
            c->total[b] += c->cnt[b][s];
        if (c->total[b] > c->max_total)
            c->max_total = c->total[b];
    }
    if (c->nbars == 0 || c->max_total == 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "nothing to chart: the gaps analysis found no %s",
                            c->kind == RG_CHART_COVERAGE ? rg_word(g, RG_ROLE_WORD_COUNTERPARTY)
                                                         : "dated or undated agreement");
    return c->title.oom ? rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory") : RG_OK;
}

/* ---- the script ------------------------------------------------------- */

/* S as a gnuplot single-quoted string: a quote doubled (the only escape
 * such strings have), control characters, noncharacters and malformed
 * bytes as spaces or U+FFFD, cut after MAX code points with an ellipsis. */
static void gp_str(rg_buf *out, const char *s, size_t max)
{
    rg_buf_putc(out, '\'');
    size_t n = strlen(s), ncp = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = rg_utf8_decode(s + i, n - i, &cp);
        if (ncp++ == max) {
            rg_buf_puts(out, "\xe2\x80\xa6");
            break;
        }
        if (cp == '\'')
            rg_buf_puts(out, "''");
        else if (cp == RG_UTF8_BAD || rg_utf8_nonchar(cp))
            rg_buf_puts(out, "\xef\xbf\xbd");
        else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            rg_buf_putc(out, ' ');
        else
            rg_buf_add(out, s + i, len);
        i += len;
    }
    rg_buf_putc(out, '\'');
}

#define LABEL_MAX 40 /* code points of a bar's label */

static size_t cps(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n > LABEL_MAX ? LABEL_MAX + 1 : n;
}

/* The smallest of 1, 2, 5, 10, 20, 50 ... that is at least MIN. */
static long nice_step(double min)
{
    long step = 1;
    for (int i = 0; (double)step < min && step < 1000000000L; i++)
        step = i % 3 == 1 ? step / 2 * 5 : step * 2;
    return step;
}

/* A step for an axis of counts up to MAX with at most TICKS ticks. */
static long count_step(long max, long ticks)
{
    return nice_step((double)max / (double)ticks);
}

static void terminal(rg_buf *s, rg_format f, double h)
{
    switch (f) {
    case RG_FMT_PNG: /* twice the points in pixels: 144 dpi */
        rg_buf_printf(s,
                      "set terminal pngcairo size %d,%d font 'Helvetica,%g' fontscale 2 "
                      "linewidth 2 noenhanced\n",
                      (int)(WIDTH_PT * 2), (int)(h * 2), FONT_PT);
        break;
    case RG_FMT_PDF:
        rg_buf_printf(s,
                      "set terminal pdfcairo size %.4fin,%.4fin font 'Helvetica,%g' fontscale 1 "
                      "linewidth 1 noenhanced\n",
                      WIDTH_PT / 72, h / 72, FONT_PT);
        break;
    default: /* one unit is one point: rg_chart marks the size in pt */
        rg_buf_printf(s, "set terminal svg size %d,%d font 'Helvetica,%g' noenhanced\n",
                      (int)WIDTH_PT, (int)h, FONT_PT);
    }
    rg_buf_puts(s, "set output\nset encoding utf8\nset termoption noenhanced\n");
}

/* A segment's count inside it when it has room: in black, or in white on
 * a dark fill. */
static void segment_label(rg_buf *dark, rg_buf *light, const chart *c, size_t s, double x, double y,
                          long n, int fits)
{
    if (!fits)
        return;
    rg_buf *to = grey_of(rg_status_colour(c->colour[s])) < 100 ? light : dark;
    rg_buf_printf(to, "%g %g %ld\n", x, y, n);
}

/* The data: one block per series of boxes (x y xlow xhigh ylow yhigh),
 * the counts that fit inside their boxes, the totals. */
static void data_blocks(rg_buf *s, const chart *c, double plot_w, double plot_h, double range)
{
    rg_buf dark, light;
    rg_buf_init(&dark);
    rg_buf_init(&light);
    int horiz = c->kind == RG_CHART_COVERAGE;
    for (size_t k = 0; k < c->nser; k++) {
        rg_buf_printf(s, "$s%zu << EOD\n", k);
        for (size_t b = 0; b < c->nbars; b++) {
            long from = 0;
            for (size_t j = 0; j < k; j++)
                from += c->cnt[b][j];
            long n = c->cnt[b][k];
            if (n == 0)
                continue;
            double lo = (double)from, hi = (double)(from + n), mid = (lo + hi) / 2;
            double p = c->pos[b], half = horiz ? 0.32 : 0.36;
            double len_pt = (double)n / range * (horiz ? plot_w : plot_h);
            double digits = n >= 100 ? 3 : n >= 10 ? 2 : 1;
            if (horiz) {
                rg_buf_printf(s, "%g %g %g %g %g %g\n", mid, p, lo, hi, p - half, p + half);
                segment_label(&dark, &light, c, k, mid, p, n,
                              len_pt >= digits * FONT_PT * CHAR_EM + 4);
            } else {
                rg_buf_printf(s, "%g %g %g %g %g %g\n", p, mid, p - half, p + half, lo, hi);
                double bar_pt = plot_w * 2 * half / c->xspan;
                segment_label(&dark, &light, c, k, p, mid, n,
                              len_pt >= FONT_PT + 2 && digits * FONT_PT * CHAR_EM + 2 <= bar_pt);
            }
        }
        rg_buf_puts(s, "EOD\n");
    }
    rg_buf_printf(s, "$dark << EOD\n%sEOD\n$light << EOD\n%sEOD\n$totals << EOD\n",
                  rg_buf_str(&dark), rg_buf_str(&light));
    for (size_t b = 0; b < c->nbars; b++)
        if (horiz)
            rg_buf_printf(s, "%ld %g %ld\n", c->total[b], c->pos[b], c->total[b]);
        else
            rg_buf_printf(s, "%g %ld %ld\n", c->pos[b], c->total[b], c->total[b]);
    rg_buf_puts(s, "EOD\n");
    rg_buf_destroy(&dark);
    rg_buf_destroy(&light);
}

static void plot_command(rg_buf *s, const chart *c)
{
    int horiz = c->kind == RG_CHART_COVERAGE;
    rg_buf_puts(s, "plot ");
    for (size_t k = 0; k < c->nser; k++) {
        int empty = 1;
        for (size_t b = 0; b < c->nbars; b++)
            empty &= c->cnt[b][k] == 0;
        if (empty) /* the legend lists what the chart shows */
            continue;
        rg_buf_printf(s, "$s%zu using 1:2:3:4:5:6 with boxxyerror lc rgb '%s' notitle, \\\n  ", k,
                      rg_status_colour(c->colour[k]));
    }
    rg_buf_puts(s, "$dark using 1:2:3 with labels tc rgb '#000000' notitle, \\\n"
                   "  $light using 1:2:3 with labels tc rgb '#FFFFFF' notitle, \\\n");
    rg_buf_printf(s, "  $totals using 1:2:3 with labels %s notitle\n",
                  horiz ? "left offset character 0.6,0" : "center offset character 0,0.7");
}

/* The axes, labels and margins of the coverage chart: bars across, one
 * per group, the groups' names on the left. */
static void coverage_axes(rg_buf *s, chart *c, double *plot_w, double *range)
{
    size_t longest = 8;
    for (size_t b = 0; b < c->nbars; b++)
        if (cps(c->label[b]) > longest)
            longest = cps(c->label[b]);
    c->left = (longest * FONT_PT * CHAR_EM + 14) / WIDTH_PT;
    double right = 1 - 10 / WIDTH_PT;
    *plot_w = (right - c->left) * WIDTH_PT;
    /* room past the longest bar for its total */
    *range = (double)c->max_total * *plot_w / (*plot_w - 4 * FONT_PT * CHAR_EM - 8);
    long step = count_step(c->max_total, 8);
    rg_buf_printf(s,
                  "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                  "set xrange [0:%g]\nset yrange [0.4:%g]\nset xtics %ld nomirror out\n"
                  "set mxtics 1\nset grid xtics lc rgb '#BBBBBB' dt 3\nset ytics scale 0 (",
                  c->left, right, *range, (double)c->nbars + 0.6, step);
    for (size_t b = 0; b < c->nbars; b++) {
        gp_str(s, c->label[b], LABEL_MAX);
        rg_buf_printf(s, " %g%s", c->pos[b], b + 1 < c->nbars ? ", " : ")\n");
    }
    rg_buf_puts(s, "set border 3\nset xlabel ");
    rg_buf cpw;
    rg_buf_init(&cpw);
    rg_plural(&cpw, rg_word(c->g, RG_ROLE_WORD_COUNTERPARTY));
    gp_str(s, rg_buf_str(&cpw), LABEL_MAX);
    rg_buf_destroy(&cpw);
    rg_buf_putc(s, '\n');
}

/* The timeline's axes: years across, with the undated after a gap. */
static void timeline_axes(rg_buf *s, chart *c, double *plot_w, double *range)
{
    double lo = c->pos[0], hi = c->pos[c->nbars - 1];
    c->left = 46 / WIDTH_PT;
    double right = 1 - 10 / WIDTH_PT;
    *plot_w = (right - c->left) * WIDTH_PT;
    double slots = hi - lo + 1.6;
    /* a year's label is four digits: label every STEP years so they fit */
    long step = nice_step((4 * FONT_PT * CHAR_EM + 6) * slots / *plot_w);
    c->xspan = slots;
    long ystep = count_step(c->max_total, 6);
    *range = (double)c->max_total * 1.15 + 0.5;
    rg_buf_printf(s,
                  "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                  "set xrange [%g:%g]\nset yrange [0:%g]\nset ytics %ld nomirror out\n"
                  "set grid ytics lc rgb '#BBBBBB' dt 3\nset xtics nomirror out (",
                  c->left, right, lo - 0.8, hi + 0.8, *range, ystep);
    int first = 1;
    for (size_t b = 0; b < c->nbars; b++) {
        long year = (long)c->pos[b];
        int dated = strcmp(c->label[b], "undated") != 0 || b + 1 < c->nbars;
        if (dated && year % step != 0 && b != 0)
            continue;
        rg_buf_puts(s, first ? "" : ", ");
        first = 0;
        gp_str(s, c->label[b], LABEL_MAX);
        rg_buf_printf(s, " %g", c->pos[b]);
    }
    /* the years between dated bars, at the step */
    for (long y = (long)lo + step - (long)lo % step; y < hi; y += step) {
        int has = 0;
        for (size_t b = 0; b < c->nbars; b++)
            has |= (long)c->pos[b] == y;
        if (!has)
            rg_buf_printf(s, ", '%ld' %ld", y, y);
    }
    rg_buf_puts(s, ")\nset border 3\nset ylabel ");
    gp_str(s, c->by_year->cols[1], LABEL_MAX);
    rg_buf_puts(s, "\n");
}

/* Whether series K has a bar in the chart: the legend lists only those. */
static int shown(const chart *c, size_t k)
{
    for (size_t b = 0; b < c->nbars; b++)
        if (c->cnt[b][k] != 0)
            return 1;
    return 0;
}

/* The legend's entry width in points, and how many entries go in a row. */
static double key_entry(const chart *c, size_t *per_row, size_t *nshown)
{
    size_t n = 0, longest = 0;
    for (size_t k = 0; k < c->nser; k++)
        if (shown(c, k)) {
            n++;
            if (cps(c->ser[k]) > longest)
                longest = cps(c->ser[k]);
        }
    double entry = (double)longest * FONT_PT * CHAR_EM + 30;
    *per_row = (size_t)((WIDTH_PT - 20) / entry);
    *per_row = *per_row == 0 ? 1 : *per_row > n ? (n ? n : 1) : *per_row;
    *nshown = n;
    return entry;
}

static double key_height(const chart *c)
{
    size_t per_row, n;
    key_entry(c, &per_row, &n);
    return (double)((n + per_row - 1) / per_row) * FONT_PT * 1.6;
}

/* The legend, centred below the axis: a swatch and the status word per
 * entry, in rows.  Drawn as gnuplot objects and labels rather than with
 * gnuplot's key, which will not span more than the plot's width. */
static void legend(rg_buf *s, const chart *c)
{
    size_t per_row, n, i = 0;
    double entry = key_entry(c, &per_row, &n), h = c->height;
    double x0 = (WIDTH_PT - entry * (double)per_row + 16) / 2;
    double row_h = FONT_PT * 1.6, top = key_height(c) + 2;
    for (size_t k = 0; k < c->nser; k++) {
        if (!shown(c, k))
            continue;
        double x = x0 + entry * (double)(i % per_row);
        double y = top - row_h * (double)(i / per_row) - row_h / 2; /* the row's middle */
        rg_buf_printf(s,
                      "set object %zu rect from screen %.4f, screen %.4f to screen %.4f, screen "
                      "%.4f fc rgb '%s' fs solid 1.0 border lc rgb '#000000' front\n",
                      k + 1, x / WIDTH_PT, (y - 4) / h, (x + 14) / WIDTH_PT, (y + 4) / h,
                      rg_status_colour(c->colour[k]));
        rg_buf_printf(s, "set label %zu ", k + 2);
        gp_str(s, c->ser[k], LABEL_MAX);
        rg_buf_printf(s, " at screen %.4f, screen %.4f left front\n", (x + 18) / WIDTH_PT, y / h);
        i++;
    }
}

/* The title at the top, the plot, the axis's labels, the legend at the
 * bottom: each band's height set here, so that the text is never crowded
 * whatever gnuplot's own estimates. */
static void script(rg_buf *s, chart *c, rg_format f)
{
    int horiz = c->kind == RG_CHART_COVERAGE;
    double key_h = key_height(c);
    double per_bar = c->nbars > 20 ? 15 : 20;
    double top = 2.6 * TITLE_PT, plot_h = horiz ? per_bar * (double)c->nbars + 8 : 170;
    double bottom = 6 * FONT_PT + key_h; /* tick labels, the axis label, the legend */
    c->height = top + plot_h + bottom;
    terminal(s, f, c->height);
    rg_buf_puts(s, "set label 1 ");
    gp_str(s, rg_buf_str(&c->title), 100);
    rg_buf_printf(s,
                  " at screen 0.5, screen %.4f center front font ',%g'\n"
                  "set tmargin at screen %.4f\nset bmargin at screen %.4f\nunset key\n"
                  "set style fill solid 1.0 border lc rgb '#000000'\nset tics nomirror\n",
                  1 - 1.5 * TITLE_PT / c->height, TITLE_PT, 1 - top / c->height,
                  bottom / c->height);
    legend(s, c);
    double plot_w = 0, range = 1;
    if (horiz)
        coverage_axes(s, c, &plot_w, &range);
    else
        timeline_axes(s, c, &plot_w, &range);
    data_blocks(s, c, plot_w, plot_h, range);
    plot_command(s, c);
}

rg_status rg_chart_script(const rg_result *res, rg_chart_kind kind, rg_format f, rg_buf *out,
                          rg_buf *title, rg_chart_info *info, rg_error *err)
{
    if (f == RG_FMT_DOT)
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                            "a chart is drawn as .svg, .png or .pdf, not as DOT");
    chart *c = calloc(1, sizeof *c);
    if (c == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    c->kind = kind;
    rg_status st = gather(res, c, err);
    rg_buf scratch;
    rg_buf_init(&scratch);
    if (out == NULL) /* only the title and the size are wanted */
        out = &scratch;
    if (st == RG_OK) {
        script(out, c, f);
        if (title)
            rg_buf_puts(title, rg_buf_str(&c->title));
        if (info)
            *info = (rg_chart_info){WIDTH_PT, c->height, FONT_PT, c->nbars};
        if (out->oom || (title && title->oom))
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rg_buf_destroy(&c->title);
    rg_buf_destroy(&scratch);
    free(c);
    return st;
}

/* ---- running gnuplot, and making its output deterministic ------------- */

/* Copies the attribute-free text of LINE, less every id attribute (id="x"
 * or id='x'). */
static void without_ids(rg_buf *out, const char *line, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (i + 5 <= n && memcmp(line + i, " id=", 4) == 0 &&
            (line[i + 4] == '"' || line[i + 4] == '\'')) {
            const char *close = memchr(line + i + 5, line[i + 4], n - i - 5);
            if (close) {
                i = (size_t)(close - line) + 1;
                continue;
            }
        }
        rg_buf_putc(out, line[i++]);
    }
}

/* gnuplot's SVG made fit for a report, line by line: the size in points
 * (one unit is one point, so the text keeps its size when printed), the
 * chart's title, no version (it would differ between machines), no ids and
 * no <defs> (the point symbols and text filters, unused here; two charts
 * in one page must not define the same ids), fonts with a fallback. */
static char *tidy_svg(const char *svg, size_t len, const char *title, size_t *outlen)
{
    rg_buf o;
    rg_buf_init(&o);
    int in_defs = 0, in_svg_tag = 0;
    for (const char *p = svg; p < svg + len;) {
        const char *nl = memchr(p, '\n', (size_t)(svg + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(svg + len - p);
        const char *next = nl ? nl + 1 : svg + len;
        if (strncmp(p, "<svg", 4) == 0)
            in_svg_tag = 1;
        if (strncmp(p, "<defs>", 6) == 0)
            in_defs = 1;
        if (in_defs) {
            in_defs = strncmp(p, "</defs>", 7) != 0;
            p = next;
            continue;
        }
        if (strncmp(p, "<desc>", 6) == 0) {
            p = next;
            continue;
        }
        rg_buf line;
        rg_buf_init(&line);
        if (strncmp(p, "<title>Gnuplot</title>", 22) == 0) {
            rg_buf_puts(&line, "<title>");
            rg_esc_xml(&line, title);
            rg_buf_puts(&line, "</title>");
        } else {
            without_ids(&line, p, n);
        }
        const char *l = rg_buf_str(&line);
        const char *t = strstr(l, "<title>gnuplot_plot_");
        int w = 0, h = 0;
        if (in_svg_tag && sscanf(l, " width=\"%d\" height=\"%d\"", &w, &h) == 2) {
            rg_buf_printf(&o, " width=\"%dpt\" height=\"%dpt\"", w, h);
        } else if (t) {
            rg_buf_add(&o, l, (size_t)(t - l));
            const char *e = strstr(t, "</title>");
            rg_buf_puts(&o, e ? e + 8 : "");
        } else {
            for (const char *f; (f = strstr(l, "font-family=\"Helvetica\"")) != NULL; l = f + 23) {
                rg_buf_add(&o, l, (size_t)(f - l));
                rg_buf_puts(&o, "font-family=\"Helvetica,sans-serif\"");
            }
            rg_buf_puts(&o, l);
        }
        rg_buf_destroy(&line);
        if (in_svg_tag && memchr(p, '>', n))
            in_svg_tag = 0;
        rg_buf_putc(&o, '\n');
        p = next;
    }
    *outlen = o.len;
    return rg_buf_detach(&o);
}

/* cairo stamps each PDF with the time it was made: fixed to the epoch,
 * same length, so that the cross-reference offsets stay right. */
static void fix_pdf_date(char *pdf, size_t len)
{
    static const char key[] = "/CreationDate (D:";
    size_t k = sizeof key - 1;
    for (size_t i = 0; i + k + 14 <= len; i++)
        if (memcmp(pdf + i, key, k) == 0) {
            memcpy(pdf + i + k, "19700101000000", 14);
            return;
        }
}

rg_status rg_chart(const rg_result *res, rg_chart_kind kind, rg_format f, const rg_chart_opts *o,
                   char **out, size_t *len, rg_error *err)
{
    *out = NULL;
    *len = 0;
    rg_buf s, title;
    rg_buf_init(&s);
    rg_buf_init(&title);
    rg_status st = rg_chart_script(res, kind, f, &s, &title, NULL, err);
    const char *prog = o && o->gnuplot ? o->gnuplot : "gnuplot";
    /* the C locale's decimal point in the numbers gnuplot reads and writes */
    const char *const argv[] = {prog, NULL}, *const env[] = {"LC_ALL=C.UTF-8", NULL};
    rg_spawn_opts so = {
        argv, env, rg_buf_str(&s), s.len, o && o->timeout_ms ? o->timeout_ms : 30000, 0, 1};
    rg_spawn_result r;
    memset(&r, 0, sizeof r);
    if (st == RG_OK && (st = rg_spawn(&so, &r, err)) == RG_ENOTFOUND)
        st = rg_error_set(err, RG_ENOTFOUND, NULL, 0, 0,
                          "%s not found: install gnuplot-nox (or gnuplot)", prog);
    if (st == RG_OK && (r.status != 0 || r.outlen == 0)) {
        char last[512];
        rg_spawn_last_line(r.errtext, last, sizeof last);
        st = rg_error_set(err, RG_EINVALID, NULL, 0, 0, "%s failed to draw the chart%s%s", prog,
                          last[0] ? ": " : "", last);
    }
    if (st == RG_OK && f == RG_FMT_SVG) {
        *out = tidy_svg(r.out, r.outlen, rg_buf_str(&title), len);
        if (*out == NULL)
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    } else if (st == RG_OK) {
        if (f == RG_FMT_PDF)
            fix_pdf_date(r.out, r.outlen);
        *out = r.out;
        *len = r.outlen;
        r.out = NULL;
    }
    rg_spawn_result_destroy(&r);
    rg_buf_destroy(&s);
    rg_buf_destroy(&title);
    return st;
}

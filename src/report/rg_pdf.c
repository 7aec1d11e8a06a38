/* rg_pdf.c: report.pdf from the report's document model (see rg_pdf.h).
 *
 * The document is flowed twice by the same code: the first pass (no cairo
 * context) only measures, and learns each section's page and the number
 * of pages; the second draws, with the contents' page numbers and the
 * footer's "n / N" known.  Both passes measure with one pango context at
 * 72 dpi with hinted metrics off, so that a point of text is a point of
 * the page and the two passes break lines and pages alike. */
#include "rg_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_buf.h"
#include "../core/rg_utf8.h"
#include "../render/rg_chart.h"
#include "../render/rg_report.h"

/* A4 in points, 2 cm margins. */
#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 56.693
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN)
#define PAD 2.5     /* inside a table cell */
#define SWATCH 10.0 /* a status swatch and its gap */

typedef struct field {
    char *s; /* NUL-terminated: text made safe for pango (clean_text); raw for SVG */
    size_t n;
} field;

/* A table cell on one line: a line of its column's layout (natural_widths). */
typedef struct cline {
    PangoLayoutLine *line; /* NULL: the cell has a layout of its own */
    double w, h, base;     /* its width, height, baseline from its top */
} cline;

typedef struct block {
    rg_doc_kind kind;
    field *f;
    size_t nf;
    RsvgHandle *svg;     /* a figure's drawing */
    double sw, sh;       /* its size in points */
    double *colw;        /* a table's column widths (THEAD), from the first pass */
    PangoLayout **cells; /* a table row's cells (THEAD, ROW), laid out in the first pass */
    size_t ncells;
    PangoLayout **cols; /* a table's columns, a line per cell (THEAD) */
    cline *cl;          /* a row's cells as lines of those (ROW) */
    double rowh;        /* the row's height */
    int planned, land;  /* a figure's page: planned (plan_figure), landscape */
    double scale;       /* and its scale */
    size_t section;     /* a SECTION's number, from 0 */
} block;

typedef struct lay {
    cairo_t *cr; /* NULL: measuring */
    cairo_surface_t *surf;
    PangoContext *pc;
    PangoFontDescription *font[6];
    block *b;
    size_t nb;
    int *sec_page; /* each section's page (first pass) */
    double *sec_y;
    size_t nsec;
    int page, npages;
    int land; /* this page is landscape (a wide figure's) */
    double y;
    int oom;
} lay;

enum { F_BODY, F_BOLD, F_SMALL, F_SMALLBOLD, F_MONO, F_TITLE };

/* ---- the model ------------------------------------------------------- */

/* Text as pango may take it: malformed UTF-8 and noncharacters become
 * U+FFFD, control characters and the line and paragraph separators spaces
 * (a newline too, unless KEEP_NL): a table cell is one paragraph. */
static char *clean_text(const char *s, size_t n, int keep_nl)
{
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = rg_utf8_decode(s + i, n - i, &cp);
        if (cp == RG_UTF8_BAD || rg_utf8_nonchar(cp))
            rg_buf_puts(&b, "\xEF\xBF\xBD");
        else if (cp == '\n' && keep_nl)
            rg_buf_putc(&b, '\n');
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
            rg_buf_putc(&b, ' ');
        else
            rg_buf_add(&b, s + i, k);
        i += k;
    }
    rg_buf_putc(&b, '\0');
    return rg_buf_detach(&b);
}

static void free_blocks(block *b, size_t nb)
{
    for (size_t i = 0; i < nb; i++) {
        for (size_t k = 0; k < b[i].nf; k++)
            free(b[i].f[k].s);
        free(b[i].f);
        free(b[i].colw);
        for (size_t c = 0; c < b[i].ncells; c++)
            if (b[i].cells[c])
                g_object_unref(b[i].cells[c]);
        free(b[i].cells);
        for (size_t c = 0; b[i].cols && c + 1 < b[i].nf; c++)
            if (b[i].cols[c])
                g_object_unref(b[i].cols[c]);
        free(b[i].cols);
        free(b[i].cl);
        if (b[i].svg)
            g_object_unref(b[i].svg);
    }
    free(b);
}

static rg_status bad_model(rg_error *err)
{
    return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                        "the report's document model is malformed (a record is cut short)");
}

/* The fields of the record at *AT into B. */
static rg_status parse_fields(const char *d, size_t len, size_t *at, block *b, rg_error *err)
{
    uint32_t n;
    if (len - *at < sizeof n)
        return bad_model(err);
    memcpy(&n, d + *at, sizeof n);
    *at += sizeof n;
    if (n > (len - *at) / sizeof n)
        return bad_model(err);
    b->f = calloc(n ? n : 1, sizeof *b->f);
    if (b->f == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint32_t k = 0; k < n; k++, b->nf++) {
        uint32_t m;
        if (len - *at < sizeof m)
            return bad_model(err);
        memcpy(&m, d + *at, sizeof m);
        *at += sizeof m;
        if (m > len - *at)
            return bad_model(err);
        int raw = b->kind == RG_DOC_FIGURE && k == 2;
        b->f[k].s = raw ? malloc((size_t)m + 1) : clean_text(d + *at, m, b->kind == RG_DOC_PRE);
        if (b->f[k].s == NULL)
            return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        if (raw) {
            memcpy(b->f[k].s, d + *at, m);
            b->f[k].s[m] = '\0';
        }
        b->f[k].n = raw ? m : strlen(b->f[k].s);
        *at += m;
    }
    return RG_OK;
}

/* The fields a record of each kind has at least. */
static size_t min_fields(rg_doc_kind k)
{
    switch (k) {
    case RG_DOC_TITLE: return 4;
    case RG_DOC_FIGURE: return 3;
    case RG_DOC_HEADING:
    case RG_DOC_PARA: return 2;
    case RG_DOC_SECTION:
    case RG_DOC_THEAD:
    case RG_DOC_ROW:
    case RG_DOC_PRE:
    case RG_DOC_ITEM: return 1;
    default: return 0;
    }
}

/* A figure's SVG read by librsvg, its size in points. */
static rg_status load_figure(block *b, rg_error *err)
{
    GError *ge = NULL;
    b->svg = rsvg_handle_new_from_data((const guint8 *)b->f[2].s, b->f[2].n, &ge);
    if (b->svg == NULL) {
        rg_status st =
            rg_error_set(err, RG_EINVALID, NULL, 0, 0, "figure '%s' (%s) could not be read: %s",
                         b->f[1].s, b->f[0].s, ge ? ge->message : "librsvg failed");
        if (ge)
            g_error_free(ge);
        return st;
    }
    rsvg_handle_set_dpi(b->svg, 72.0); /* the SVG's "pt" are the page's points */
    gdouble w = 0, h = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(b->svg, &w, &h) || w <= 0 || h <= 0) {
        RsvgRectangle ink, logical;
        if (rsvg_handle_get_geometry_for_layer(b->svg, NULL, &(RsvgRectangle){0, 0, 1, 1}, &ink,
                                               &logical, NULL)) {
            w = logical.width;
            h = logical.height;
        }
    }
    b->sw = w > 0 ? w : TEXT_W;
    b->sh = h > 0 ? h : TEXT_W;
    return RG_OK;
}

static rg_status parse_doc(const char *d, size_t len, block **out, size_t *nout, rg_error *err)
{
    size_t cap = 64, nb = 0, at = 0;
    block *b = calloc(cap, sizeof *b);
    rg_status st = b ? RG_OK : rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    size_t nsec = 0;
    while (st == RG_OK && at < len) {
        if (nb == cap) {
            block *nbk = realloc(b, 2 * cap * sizeof *b);
            if (nbk == NULL) {
                st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            memset(nbk + cap, 0, cap * sizeof *b);
            b = nbk;
            cap *= 2;
        }
        block *k = &b[nb++];
        k->kind = (rg_doc_kind)(unsigned char)d[at++];
        st = parse_fields(d, len, &at, k, err);
        if (st == RG_OK && (min_fields(k->kind) == 0 && k->kind != RG_DOC_TEND))
            st = rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                              "the report's document model has a record of unknown kind %d",
                              (int)k->kind);
        else if (st == RG_OK && k->nf < min_fields(k->kind))
            st = bad_model(err);
        if (st == RG_OK && k->kind == RG_DOC_SECTION)
            k->section = nsec++;
        if (st == RG_OK && k->kind == RG_DOC_FIGURE)
            st = load_figure(k, err);
    }
    if (st == RG_OK && (nb == 0 || b[0].kind != RG_DOC_TITLE))
        st = rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                          "the report's document model does not start with its title");
    if (st != RG_OK) {
        free_blocks(b, nb);
        return st;
    }
    *out = b;
    *nout = nb;
    return RG_OK;
}

/* ---- text ------------------------------------------------------------ */

/* A layout of TEXT in font F, wrapped at WIDTH points (<= 0: one line per
 * paragraph). */
static PangoLayout *text_layout(lay *L, const char *text, int f, double width)
{
    PangoLayout *pl = pango_layout_new(L->pc);
    pango_layout_set_font_description(pl, L->font[f]);
    if (width > 0) {
        pango_layout_set_width(pl, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(pl, text, -1);
    return pl;
}

static double layout_h(PangoLayout *pl)
{
    int w, h;
    pango_layout_get_size(pl, &w, &h);
    return (double)h / PANGO_SCALE;
}

static double layout_w(PangoLayout *pl)
{
    int w, h;
    pango_layout_get_size(pl, &w, &h);
    return (double)w / PANGO_SCALE;
}

static void set_rgb(cairo_t *cr, unsigned rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

static void show_at(lay *L, PangoLayout *pl, double x, double y, unsigned rgb)
{
    if (L->cr == NULL)
        return;
    set_rgb(L->cr, rgb);
    cairo_move_to(L->cr, x, y);
    pango_cairo_show_layout(L->cr, pl);
}

/* The page's width and height, its text box's width and bottom. */
static double page_w(const lay *L)
{
    return L->land ? PAGE_H : PAGE_W;
}

static double page_h(const lay *L)
{
    return L->land ? PAGE_W : PAGE_H;
}

static double text_w(const lay *L)
{
    return page_w(L) - 2 * MARGIN;
}

static double bottom(const lay *L)
{
    return page_h(L) - MARGIN;
}

static void footer(lay *L)
{
    if (L->cr == NULL)
        return;
    char text[64];
    snprintf(text, sizeof text, "%d / %d", L->page, L->npages);
    PangoLayout *pl = text_layout(L, text, F_SMALL, 0);
    show_at(L, pl, (page_w(L) - layout_w(pl)) / 2, bottom(L) + 18, 0x555555);
    g_object_unref(pl);
}

/* The next page, landscape when LAND. */
static void new_page(lay *L, int land)
{
    footer(L);
    if (L->cr)
        cairo_show_page(L->cr);
    L->page++;
    L->y = MARGIN;
    if (land != L->land && L->cr) /* cairo: before anything is drawn on the page */
        cairo_pdf_surface_set_size(L->surf, land ? PAGE_H : PAGE_W, land ? PAGE_W : PAGE_H);
    L->land = land;
}

static int page_empty(const lay *L)
{
    return L->y <= MARGIN + 0.01;
}

/* Room for H more points on this page; else a new page (unless this one is
 * still empty: what is taller than a page starts at its top). */
static void need(lay *L, double h)
{
    if (L->y + h > bottom(L) && !page_empty(L))
        new_page(L, L->land);
}

/* A page of orientation LAND: this one if it has it or is still empty. */
static void orient(lay *L, int land)
{
    if (land == L->land)
        return;
    if (!page_empty(L)) {
        new_page(L, land);
        return;
    }
    if (L->cr)
        cairo_pdf_surface_set_size(L->surf, land ? PAGE_H : PAGE_W, land ? PAGE_W : PAGE_H);
    L->land = land;
}

/* Draws PL at X line by line from L->y, onto the next page where a line
 * would cross the bottom margin. */
static void flow_layout(lay *L, PangoLayout *pl, double x, unsigned rgb)
{
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    double origin = L->y;
    do {
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        double top = (double)lr.y / PANGO_SCALE, h = (double)lr.height / PANGO_SCALE;
        if (origin + top + h > bottom(L) && origin + top > MARGIN + 0.01) {
            new_page(L, L->land);
            origin = L->y - top;
        }
        if (L->cr) {
            set_rgb(L->cr, rgb);
            cairo_move_to(L->cr, x + (double)lr.x / PANGO_SCALE,
                          origin + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
            pango_cairo_show_layout_line(L->cr, pango_layout_iter_get_line_readonly(it));
        }
        L->y = origin + top + h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void flow_text(lay *L, const char *text, int f, double x, double gap, unsigned rgb)
{
    PangoLayout *pl = text_layout(L, text, f, page_w(L) - MARGIN - x);
    flow_layout(L, pl, x, rgb);
    g_object_unref(pl);
    L->y += gap;
}

/* ---- tables ---------------------------------------------------------- */

static int status_at(const field *st, size_t c)
{
    return c < st->n && st->s[c] >= 'a' && st->s[c] <= 'z' ? st->s[c] - 'a' : -1;
}

static int cell_font(const block *b)
{
    return b->kind == RG_DOC_THEAD ? F_SMALLBOLD : F_SMALL;
}

/* The widest a column's cells would be on one line, padding included:
 * measured as one layout per column, a line per cell (pango lays out a
 * few long texts much faster than many short ones). */
/* The widest line of TEXT in font F. */
static double widest(lay *L, const rg_buf *text, int f)
{
    PangoLayout *pl = text_layout(L, text->oom ? "" : rg_buf_str(text), f, 0);
    double w = layout_w(pl);
    g_object_unref(pl);
    return w;
}

/* The words of S (split at spaces) that are longest in bytes, at most
 * three, into TOP (as lines): the ones that may be the widest, measured
 * rather than every word. */
static void longest_words(const char *s, const char **top, size_t *len)
{
    while (*s) {
        size_t n = strcspn(s, " ");
        int seen = n == 0; /* two spaces: no word between */
        for (int k = 0; k < 3 && !seen; k++)
            seen |= top[k] && len[k] == n && memcmp(top[k], s, n) == 0;
        for (int k = 0; k < 3 && !seen; k++)
            if (n > len[k]) {
                for (int j = 2; j > k; j--) {
                    top[j] = top[j - 1];
                    len[j] = len[j - 1];
                }
                top[k] = s;
                len[k] = n;
                break;
            }
        s += n;
        s += *s == ' ';
    }
}

/* The widest a column's cells would be on one line (NAT) and its widest
 * word (LEAST), padding included: measured as one layout per column, a
 * line per cell (pango lays out a few long texts faster than many short
 * ones). */
/* Keeps PL, the layout of column C (a line per row), so that a row's cell
 * that fits on one line is drawn as that line rather than laid out again
 * (most cells: ids, numbers, statuses).  Left out when the lines do not
 * match the rows one to one. */
static void keep_column(lay *L, block *b, size_t nrows, size_t c, PangoLayout *pl)
{
    if (pango_layout_get_line_count(pl) != (int)nrows) /* a line per row, and the last, empty */
        return;
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    for (size_t r = 1; r < nrows; r++, pango_layout_iter_next_line(it)) {
        size_t ncols = b[0].nf - 1;
        if (b[r].cl == NULL && (b[r].cl = calloc(ncols, sizeof *b[r].cl)) == NULL) {
            L->oom = 1;
            break;
        }
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        cline *k = &b[r].cl[c];
        k->line = pango_layout_iter_get_line_readonly(it);
        k->w = (double)lr.width / PANGO_SCALE;
        k->h = (double)lr.height / PANGO_SCALE;
        k->base = (double)(pango_layout_iter_get_baseline(it) - lr.y) / PANGO_SCALE;
    }
    pango_layout_iter_free(it);
    b[0].cols[c] = g_object_ref(pl);
}

static void natural_widths(lay *L, block *b, size_t nrows, size_t ncols, double *nat, double *least)
{
    b[0].cols = calloc(ncols, sizeof *b[0].cols);
    L->oom |= b[0].cols == NULL;
    rg_buf col;
    rg_buf_init(&col);
    for (size_t c = 0; c < ncols; c++) {
        int swatch = status_at(&b[0].f[0], c) >= 0;
        const char *top[3] = {NULL, NULL, NULL};
        size_t len[3] = {0, 0, 0};
        rg_buf_clear(&col);
        for (size_t r = 1; r < nrows; r++) {
            const char *cell = c + 1 < b[r].nf ? b[r].f[c + 1].s : "";
            rg_buf_puts(&col, cell);
            rg_buf_putc(&col, '\n');
            longest_words(cell, top, len);
            swatch |= status_at(&b[r].f[0], c) >= 0;
        }
        double extra = (swatch ? SWATCH : 0) + 2 * PAD + 1;
        PangoLayout *pl = text_layout(L, col.oom ? "" : rg_buf_str(&col), F_SMALL, 0);
        nat[c] = layout_w(pl);
        if (b[0].cols && !col.oom)
            keep_column(L, b, nrows, c, pl);
        g_object_unref(pl);
        rg_buf_clear(&col);
        for (int k = 0; k < 3 && top[k]; k++) {
            rg_buf_add(&col, top[k], len[k]);
            rg_buf_putc(&col, '\n');
        }
        least[c] = widest(L, &col, F_SMALL);
        rg_buf_clear(&col);
        rg_buf_puts(&col, b[0].f[c + 1].s);
        double hn = widest(L, &col, F_SMALLBOLD);
        const char *htop[3] = {NULL, NULL, NULL};
        size_t hlen[3] = {0, 0, 0};
        longest_words(b[0].f[c + 1].s, htop, hlen);
        rg_buf_clear(&col);
        rg_buf_add(&col, htop[0] ? htop[0] : "", hlen[0]);
        double hl = widest(L, &col, F_SMALLBOLD);
        nat[c] = (hn > nat[c] ? hn : nat[c]) + extra;
        /* a long word in a head (over a column of numbers) may wrap before
         * the body's words do */
        hl = hl < 40 ? hl : 40;
        least[c] = (hl > least[c] ? hl : least[c]) + extra;
        if (least[c] > TEXT_W * 0.2) /* a long token (a checksum, a path) wraps instead */
            least[c] = TEXT_W * 0.2;
        L->oom |= col.oom;
    }
    rg_buf_destroy(&col);
}

/* Column widths, as a browser lays out a table: each column its natural
 * width when the table fits the text box; else each its widest word
 * (LEAST) and the room left shared in proportion to what each would still
 * take; else in proportion to LEAST. */
static void column_widths(const double *nat, const double *least, size_t n, double *w)
{
    double sum = 0, sumleast = 0;
    for (size_t c = 0; c < n; c++) {
        sum += nat[c];
        sumleast += least[c] < nat[c] ? least[c] : nat[c];
    }
    for (size_t c = 0; c < n; c++) {
        double lc = least[c] < nat[c] ? least[c] : nat[c];
        if (sum <= TEXT_W)
            w[c] = nat[c];
        else if (sumleast < TEXT_W)
            w[c] = lc + (TEXT_W - sumleast) * (nat[c] - lc) / (sum - sumleast);
        else
            w[c] = TEXT_W * lc / sumleast;
    }
}

/* The height of row B (a head or a row), with its cells laid out into
 * B->cells (NCOLS of them) in the first pass and kept for the second, at
 * most MAXH (a taller cell is cut with an ellipsis). */
static double row_layouts(lay *L, block *b, const double *w, size_t ncols, double maxh)
{
    if (b->cells)
        return b->rowh;
    PangoLayout **pl = b->cells = calloc(ncols, sizeof *pl);
    if (pl == NULL) {
        L->oom = 1;
        return 0;
    }
    b->ncells = ncols;
    double h = 0;
    for (size_t c = 0; c < ncols; c++) {
        const char *text = c + 1 < b->nf ? b->f[c + 1].s : "";
        double sw = status_at(&b->f[0], c) >= 0 ? SWATCH : 0;
        if (b->cl && b->cl[c].line && b->cl[c].w <= w[c] - 2 * PAD - sw) {
            if (b->cl[c].h + 2 * PAD > h) /* one line: its column's */
                h = b->cl[c].h + 2 * PAD;
            continue;
        }
        pl[c] = text_layout(L, text, cell_font(b), w[c] - 2 * PAD - sw);
        if (layout_h(pl[c]) + 2 * PAD > maxh) {
            pango_layout_set_height(pl[c], (int)((maxh - 2 * PAD) * PANGO_SCALE));
            pango_layout_set_ellipsize(pl[c], PANGO_ELLIPSIZE_END);
        }
        double ch = layout_h(pl[c]) + 2 * PAD;
        if (ch > h)
            h = ch;
    }
    return b->rowh = h;
}

static void draw_row(lay *L, const block *b, const double *w, double h)
{
    double x = MARGIN;
    PangoLayout **pl = b->cells;
    for (size_t c = 0; c < b->ncells; c++) {
        int st = status_at(&b->f[0], c);
        if (L->cr) {
            cairo_t *cr = L->cr;
            cairo_rectangle(cr, x, L->y, w[c], h);
            if (b->kind == RG_DOC_THEAD) {
                set_rgb(cr, 0xeeeeee);
                cairo_fill_preserve(cr);
            }
            set_rgb(cr, 0xbbbbbb);
            cairo_set_line_width(cr, 0.5);
            cairo_stroke(cr);
            if (st >= 0) { /* the status's colour, beside its word */
                unsigned rgb = (unsigned)strtoul(rg_status_colour((size_t)st) + 1, NULL, 16);
                cairo_rectangle(cr, x + PAD, L->y + PAD + 1.5, 7, 7);
                set_rgb(cr, rgb);
                cairo_fill_preserve(cr);
                set_rgb(cr, 0);
                cairo_stroke(cr);
            }
        }
        double tx = x + PAD + (st >= 0 ? SWATCH : 0);
        if (pl[c])
            show_at(L, pl[c], tx, L->y + PAD, 0x222222);
        else if (L->cr && b->cl && b->cl[c].line) {
            set_rgb(L->cr, 0x222222);
            cairo_move_to(L->cr, tx, L->y + PAD + b->cl[c].base);
            pango_cairo_show_layout_line(L->cr, b->cl[c].line);
        }
        x += w[c];
    }
    L->y += h;
}

/* The table from B[0] (its head) to its end; returns the blocks used. */
/* The rows of the table whose head is B[0]. */
static size_t table_rows(const block *b, size_t avail)
{
    size_t nrows = 1;
    while (nrows < avail && b[nrows].kind == RG_DOC_ROW)
        nrows++;
    return nrows;
}

/* The table's column widths (once, in the first pass); 0 or -1. */
static int table_widths(lay *L, block *b, size_t nrows, size_t ncols)
{
    if (b[0].colw)
        return 0;
    double *nat = calloc(2 * ncols, sizeof *nat);
    b[0].colw = calloc(ncols, sizeof *b[0].colw);
    if (nat == NULL || b[0].colw == NULL) {
        free(nat);
        L->oom = 1;
        return -1;
    }
    natural_widths(L, b, nrows, ncols, nat, nat + ncols);
    column_widths(nat, nat + ncols, ncols, b[0].colw);
    free(nat);
    return 0;
}

/* The height of the table's head and first row (what its heading is kept
 * with). */
static double table_start(lay *L, block *b, size_t avail)
{
    size_t ncols = b[0].nf - 1, nrows = table_rows(b, avail);
    if (ncols == 0 || table_widths(L, b, nrows, ncols) != 0)
        return 0;
    double hh = row_layouts(L, &b[0], b[0].colw, ncols, (BOTTOM - MARGIN) / 4);
    return hh + (nrows > 1 ? row_layouts(L, &b[1], b[0].colw, ncols, BOTTOM - MARGIN - hh) : 0);
}

static size_t flow_table(lay *L, block *b, size_t avail)
{
    size_t ncols = b[0].nf - 1, nrows = table_rows(b, avail);
    size_t used = nrows + (nrows < avail && b[nrows].kind == RG_DOC_TEND);
    if (ncols == 0 || table_widths(L, b, nrows, ncols) != 0)
        return used;
    double hh = row_layouts(L, &b[0], b[0].colw, ncols, (BOTTOM - MARGIN) / 4);
    for (size_t r = 1; r < nrows && !L->oom; r++) {
        double h = row_layouts(L, &b[r], b[0].colw, ncols, BOTTOM - MARGIN - hh);
        if (r == 1 || L->y + h > BOTTOM) { /* the head, again on each page */
            need(L, hh + h);
            draw_row(L, &b[0], b[0].colw, hh);
        }
        draw_row(L, &b[r], b[0].colw, h);
    }
    if (nrows == 1) {
        need(L, hh);
        draw_row(L, &b[0], b[0].colw, hh);
    }
    L->y += 6;
    return used;
}

/* ---- figures, headings ------------------------------------------------ */

static PangoLayout *caption_layout(lay *L, const block *b, double width)
{
    rg_buf c;
    rg_buf_init(&c);
    const char *note = b->nf > 3 ? b->f[3].s : "";
    rg_buf_printf(&c, "%s (SVG file: %s%s%s)", b->f[0].s, b->f[1].s, note[0] ? "; " : "", note);
    PangoLayout *pl = text_layout(L, c.oom ? b->f[0].s : rg_buf_str(&c), F_SMALL, width);
    rg_buf_destroy(&c);
    return pl;
}

/* Between a figure and its caption. */
#define CAPTION_GAP 3.0

static int heading_level(const block *b);
static double headings_height(lay *L, const block *b, size_t n);

/* Where figure B goes: portrait, or landscape when that draws it larger (a
 * figure made for a landscape page keeps its text at 7 pt or more), at the
 * scale that fits it, its caption and the headings before it (HEADS
 * points) in the text box; never enlarged. */
static void plan_figure(lay *L, block *b, double heads)
{
    if (b->planned)
        return;
    double best = -1;
    for (int land = 0; land < 2; land++) {
        double w = (land ? PAGE_H : PAGE_W) - 2 * MARGIN, h = (land ? PAGE_W : PAGE_H) - 2 * MARGIN;
        PangoLayout *cap = caption_layout(L, b, w);
        double room = h - heads - layout_h(cap) - CAPTION_GAP - 1;
        g_object_unref(cap);
        double s = w / b->sw;
        if (room / b->sh < s)
            s = room / b->sh;
        if (s > 1)
            s = 1;
        if (s > best + 0.01) {
            best = s;
            b->land = land;
        }
    }
    b->scale = best > 0 ? best : 0.01;
    b->planned = 1;
}

/* The headings right before block I (their height: what shares a page with
 * the figure I). */
static double heads_before(lay *L, size_t i)
{
    size_t k = i;
    while (k > 1 && heading_level(&L->b[k - 1]))
        k--;
    return headings_height(L, &L->b[k], i - k);
}

static double figure_height(lay *L, block *b)
{
    PangoLayout *cap = caption_layout(L, b, text_w(L));
    double ch = layout_h(cap);
    g_object_unref(cap);
    return b->sh * b->scale + CAPTION_GAP + ch;
}

static void flow_figure(lay *L, block *b)
{
    PangoLayout *cap = caption_layout(L, b, text_w(L));
    double ch = layout_h(cap), s = b->scale;
    need(L, b->sh * s + CAPTION_GAP + ch);
    if (L->cr) {
        RsvgRectangle vp = {MARGIN + (text_w(L) - b->sw * s) / 2, L->y, b->sw * s, b->sh * s};
        GError *ge = NULL;
        cairo_save(L->cr);
        if (!rsvg_handle_render_document(b->svg, L->cr, &vp, &ge))
            L->oom = 1; /* librsvg's reason is the caller's to give: rendering failed */
        if (ge)
            g_error_free(ge);
        cairo_restore(L->cr);
    }
    L->y += b->sh * s + CAPTION_GAP;
    if (L->cr) {
        char uri[600];
        snprintf(uri, sizeof uri, "uri='%s'", b->f[1].s);
        int quoted = strchr(b->f[1].s, '\'') == NULL && strchr(b->f[1].s, '\\') == NULL;
        if (quoted) /* file names are made by relgraph: letters, digits, '-', '.', '/' */
            cairo_tag_begin(L->cr, CAIRO_TAG_LINK, uri);
        show_at(L, cap, MARGIN, L->y, 0x444444);
        if (quoted)
            cairo_tag_end(L->cr, CAIRO_TAG_LINK);
    }
    L->y += ch + 12;
    g_object_unref(cap);
}

/* The heading before a block: its height (what keeps it with the block). */
static double heading_size(int level)
{
    return level == 2 ? 14 : level == 3 ? 11 : 10;
}

static int heading_level(const block *b)
{
    if (b->kind == RG_DOC_SECTION)
        return 2;
    return b->kind == RG_DOC_HEADING ? (b->f[0].s[0] == '4' ? 4 : 3) : 0;
}

static PangoLayout *heading_layout(lay *L, const block *b)
{
    int level = heading_level(b);
    PangoLayout *pl = text_layout(L, level == 2 ? b->f[0].s : b->f[1].s, F_BOLD, text_w(L));
    PangoFontDescription *fd = pango_font_description_copy(L->font[F_BOLD]);
    pango_font_description_set_size(fd, (int)(heading_size(level) * PANGO_SCALE));
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    return pl;
}

/* The space after a heading. */
static double heading_after(int level)
{
    return level == 2 ? 5 : 3;
}

/* The height of N headings from B[0] on, the space after each included. */
static double headings_height(lay *L, const block *b, size_t n)
{
    double h = 0;
    for (size_t i = 0; i < n; i++) {
        PangoLayout *pl = heading_layout(L, &b[i]);
        h += layout_h(pl) + heading_after(heading_level(&b[i]));
        g_object_unref(pl);
    }
    return h;
}

/* The block after the headings from index I on (NULL: none). */
static block *after_headings(lay *L, size_t i)
{
    while (i < L->nb && heading_level(&L->b[i]))
        i++;
    return i < L->nb ? &L->b[i] : NULL;
}

/* Whether block I (a figure, after its headings) goes on a landscape page. */
static int wants_landscape(lay *L, size_t i)
{
    block *b = &L->b[i];
    if (b->kind != RG_DOC_FIGURE)
        return 0;
    plan_figure(L, b, heads_before(L, i));
    return b->land;
}

/* What must share a page with the headings from index I on: the headings,
 * and the start of what follows them (a figure whole, a table's head and
 * first row, two lines of text). */
static double keep_height(lay *L, size_t i)
{
    size_t k = i;
    while (k < L->nb && heading_level(&L->b[k]))
        k++;
    double h = headings_height(L, &L->b[i], k - i);
    if (k == L->nb)
        return h;
    if (L->b[k].kind == RG_DOC_FIGURE) {
        plan_figure(L, &L->b[k], heads_before(L, k));
        return h + figure_height(L, &L->b[k]);
    }
    if (L->b[k].kind == RG_DOC_THEAD)
        return h + table_start(L, &L->b[k], L->nb - k);
    return h + 26;
}

static void flow_heading(lay *L, size_t i)
{
    block *b = &L->b[i], *next = after_headings(L, i);
    int level = heading_level(b);
    orient(L, next ? wants_landscape(L, (size_t)(next - L->b)) : 0);
    if (!page_empty(L))
        L->y += level == 2 ? 10 : 4;
    need(L, keep_height(L, i));
    if (level == 2) {
        L->sec_page[b->section] = L->page;
        L->sec_y[b->section] = L->y;
        char dest[96];
        snprintf(dest, sizeof dest, "page=%d pos=[%.1f %.1f]", L->page, MARGIN, L->y);
        if (L->cr)
            cairo_pdf_surface_add_outline(L->surf, CAIRO_PDF_OUTLINE_ROOT, b->f[0].s, dest, 0);
    }
    PangoLayout *pl = heading_layout(L, b);
    flow_layout(L, pl, MARGIN, level == 2 ? 0x111111 : 0x222222);
    g_object_unref(pl);
    L->y += heading_after(level);
}

/* ---- the document ------------------------------------------------------ */

/* The title block and the table of contents, each entry a link to its
 * section. */
static void flow_front(lay *L)
{
    const block *t = &L->b[0];
    PangoLayout *pl = text_layout(L, t->f[0].s, F_TITLE, TEXT_W);
    flow_layout(L, pl, MARGIN, 0x111111);
    g_object_unref(pl);
    rg_buf sub;
    rg_buf_init(&sub);
    rg_buf_printf(&sub, "A review report, made by relgraph %s from the catalogue %s as of %s.",
                  t->f[1].s, t->f[3].s, t->f[2].s[0] ? t->f[2].s : "(no date)");
    L->y += 6;
    flow_text(L, sub.oom ? "" : rg_buf_str(&sub), F_BODY, MARGIN, 18, 0x333333);
    rg_buf_destroy(&sub);
    flow_text(L, "Contents", F_BOLD, MARGIN, 6, 0x111111);
    for (size_t i = 0; i < L->nb; i++) {
        if (L->b[i].kind != RG_DOC_SECTION)
            continue;
        size_t s = L->b[i].section;
        char num[32];
        snprintf(num, sizeof num, "%d", L->sec_page[s]);
        PangoLayout *e = text_layout(L, L->b[i].f[0].s, F_BODY, TEXT_W - 40);
        PangoLayout *n = text_layout(L, num, F_BODY, 0);
        need(L, layout_h(e) + 3);
        if (L->cr) {
            char dest[96];
            snprintf(dest, sizeof dest, "page=%d pos=[%.1f %.1f]", L->sec_page[s], MARGIN,
                     L->sec_y[s]);
            cairo_tag_begin(L->cr, CAIRO_TAG_LINK, dest);
            show_at(L, e, MARGIN, L->y, 0x222222);
            show_at(L, n, PAGE_W - MARGIN - layout_w(n), L->y, 0x222222);
            cairo_tag_end(L->cr, CAIRO_TAG_LINK);
        }
        L->y += layout_h(e) + 3;
        g_object_unref(e);
        g_object_unref(n);
    }
    new_page(L, 0);
}

static void flow_doc(lay *L)
{
    L->page = 1;
    L->y = MARGIN;
    L->land = 0;
    flow_front(L);
    for (size_t i = 1; i < L->nb;) {
        block *b = &L->b[i];
        size_t avail = L->nb - i;
        if (heading_level(b)) {
            flow_heading(L, i++);
            continue;
        }
        orient(L, wants_landscape(L, i));
        if (b->kind == RG_DOC_FIGURE)
            flow_figure(L, b);
        else if (b->kind == RG_DOC_THEAD)
            i += flow_table(L, b, avail) - 1;
        else if (b->kind == RG_DOC_PARA)
            flow_text(L, b->f[1].s, b->f[0].s[0] == '1' ? F_SMALL : F_BODY, MARGIN, 6,
                      b->f[0].s[0] == '1' ? 0x555555 : 0x222222);
        else if (b->kind == RG_DOC_PRE)
            flow_text(L, b->f[0].s, F_MONO, MARGIN + 6, 8, 0x222222);
        else if (b->kind == RG_DOC_ITEM) {
            if (L->cr) {
                PangoLayout *dot = text_layout(L, "\xE2\x80\xA2", F_BODY, 0);
                show_at(L, dot, MARGIN + 2, L->y, 0x222222);
                g_object_unref(dot);
            }
            flow_text(L, b->f[0].s, F_BODY, MARGIN + 12, 3, 0x222222);
        }
        i++;
    }
    footer(L);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    rg_buf *b = closure;
    rg_buf_add(b, (const char *)data, length);
    return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* The fonts: DejaVu (Debian's default sans and mono) by family name, so
 * that fontconfig picks what is installed. */
static void make_fonts(lay *L)
{
    static const struct {
        const char *desc;
    } fonts[] = {{"Sans 9.5"},      {"Sans Bold 9.5"}, {"Sans 8.5"},
                 {"Sans Bold 8.5"}, {"Monospace 8"},   {"Sans Bold 20"}};
    for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++)
        L->font[i] = pango_font_description_from_string(fonts[i].desc);
}

/* The PDF's metadata: the creation date is the report's as-of date (not
 * the time it was made), so that two runs give the same bytes. */
static void set_metadata(lay *L)
{
    const block *t = &L->b[0];
    char creator[128], date[40];
    snprintf(creator, sizeof creator, "relgraph %.100s", t->f[1].s);
    cairo_pdf_surface_set_metadata(L->surf, CAIRO_PDF_METADATA_TITLE, t->f[0].s);
    cairo_pdf_surface_set_metadata(L->surf, CAIRO_PDF_METADATA_CREATOR, creator);
    const char *d = t->f[2].s;
    int y, m, day;
    if (sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3)
        y = 1970, m = 1, day = 1;
    snprintf(date, sizeof date, "%04d-%02d-%02dT00:00:00Z", y, m, day);
    cairo_pdf_surface_set_metadata(L->surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
}

/* The pango context both passes measure with: 72 dpi, hinted metrics off. */
static PangoContext *make_context(void)
{
    PangoContext *pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
    pango_cairo_context_set_resolution(pc, 72.0); /* a point of text, a point of page */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    return pc;
}

void rg_pdf_warm(void)
{
    lay L;
    memset(&L, 0, sizeof L);
    make_fonts(&L);
    L.pc = make_context();
    /* each font found and opened (fontconfig's match, the face, harfbuzz's
     * tables), with the bullet and the figures' fallback family */
    for (int f = 0; f < (int)(sizeof L.font / sizeof *L.font); f++) {
        PangoLayout *pl = text_layout(&L, "Ag 0123 \xE2\x80\xA2", f, 0);
        layout_w(pl);
        g_object_unref(pl);
    }
    /* librsvg's first drawing: its text in the families Graphviz and
     * gnuplot name, drawn where it costs nothing */
    static const char svg[] =
        "<svg xmlns='http://www.w3.org/2000/svg' width='40pt' height='40pt'>"
        "<text x='1' y='9' font-family='Helvetica,sans-Serif' font-size='8'>Ag</text>"
        "<text x='1' y='18' font-family='Helvetica,sans-Serif' font-size='8' "
        "font-style='italic'>Ag</text>"
        "<text x='1' y='27' font-family='Helvetica,sans-Serif' font-size='10' "
        "font-weight='bold'>Ag</text>"
        "<text x='1' y='36' font-family='Helvetica,sans-serif' font-size='9'>Ag</text></svg>";
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, sizeof svg - 1, NULL);
    cairo_surface_t *rs = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(rs);
    if (h) {
        RsvgRectangle vp = {0, 0, 40, 30};
        rsvg_handle_render_document(h, cr, &vp, NULL);
        g_object_unref(h);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(rs);
    g_object_unref(L.pc);
    for (size_t i = 0; i < sizeof L.font / sizeof *L.font; i++)
        pango_font_description_free(L.font[i]);
}

/* The first pass: where each section falls, how many pages. */
static void measure(lay *L)
{
    L->cr = NULL;
    flow_doc(L);
    L->npages = L->page;
}

static rg_status draw(lay *L, rg_buf *out, rg_error *err)
{
    L->surf = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
    cairo_pdf_surface_restrict_to_version(L->surf, CAIRO_PDF_VERSION_1_5);
    set_metadata(L);
    L->cr = cairo_create(L->surf);
    flow_doc(L);
    cairo_status_t cs = cairo_status(L->cr);
    cairo_destroy(L->cr);
    L->cr = NULL;
    cairo_surface_finish(L->surf);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(L->surf);
    cairo_surface_destroy(L->surf);
    if (out->oom || L->oom || cs == CAIRO_STATUS_NO_MEMORY)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    if (cs != CAIRO_STATUS_SUCCESS)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0, "cairo failed to write the PDF: %s",
                            cairo_status_to_string(cs));
    if (L->page != L->npages)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "the PDF's pages came out %d, not the %d laid out", L->page, L->npages);
    return RG_OK;
}

rg_status rg_pdf_typeset(const char *doc, size_t len, char **pdf, size_t *pdf_len, rg_error *err)
{
    *pdf = NULL;
    *pdf_len = 0;
    lay L;
    memset(&L, 0, sizeof L);
    rg_status st = parse_doc(doc, len, &L.b, &L.nb, err);
    if (st != RG_OK)
        return st;
    for (size_t i = 0; i < L.nb; i++)
        L.nsec += L.b[i].kind == RG_DOC_SECTION;
    L.sec_page = calloc(L.nsec + 1, sizeof *L.sec_page);
    L.sec_y = calloc(L.nsec + 1, sizeof *L.sec_y);
    if (L.sec_page == NULL || L.sec_y == NULL) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    make_fonts(&L);
    L.pc = make_context();
    measure(&L);
    rg_buf out;
    rg_buf_init(&out);
    st = L.oom ? rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory") : draw(&L, &out, err);
    if (st == RG_OK) {
        *pdf_len = out.len;
        *pdf = rg_buf_detach(&out);
        if (*pdf == NULL)
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    } else {
        rg_buf_destroy(&out);
    }
    g_object_unref(L.pc);
    for (size_t i = 0; i < sizeof L.font / sizeof *L.font; i++)
        pango_font_description_free(L.font[i]);
done:
    free(L.sec_page);
    free(L.sec_y);
    free_blocks(L.b, L.nb);
    return st;
}

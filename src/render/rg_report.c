/* rg_report.c: the review report as HTML and Markdown, built in parallel so
 * that the two always hold the same content (see rg_report.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_analysis.h"
#include "../analysis/rg_links.h"
#include "../core/rg_sha256.h"
#include "rg_markup.h"
#include "rg_report.h"

/* The page's only style sheet (with the status colours, added by
 * rg_report_finish).  The Content-Security-Policy allows exactly this text
 * (by its SHA-256), so the page runs no script and fetches nothing.
 *
 * For print (A4, 2 cm margins): figures, rows and code kept whole, a
 * heading kept with what follows it, a figure no taller than the page,
 * what only makes sense on screen (hovering, links) left out, and the
 * status swatches printed even where a browser leaves backgrounds out. */
static const char STYLE[] =
    "body{font-family:sans-serif;max-width:72em;margin:1em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #bbb;padding:.2em .4em;vertical-align:top;font-size:90%;"
    "text-align:left}"
    "th{background:#eee}"
    "figure{margin:1em 0}figure svg{max-width:100%;height:auto}"
    "p.note{color:#555;font-size:90%}"
    ".st::before{content:\"\";display:inline-block;width:.8em;height:.8em;margin-right:.3em;"
    "border:1px solid #000;vertical-align:-.1em;-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}"
    "@page{size:A4;margin:2cm}"
    "@media print{"
    "body{max-width:none;margin:0;padding:0;font-size:9.5pt}"
    "h1,h2,h3,h4{break-after:avoid;page-break-after:avoid;break-inside:avoid}"
    "figure,pre,tr,thead{break-inside:avoid;page-break-inside:avoid}"
    "table{break-inside:avoid}table.long{break-inside:auto}"
    "thead{display:table-header-group}"
    "figure svg{max-height:23cm;width:auto;max-width:100%}"
    "td,th{font-size:8.5pt;padding:.1em .3em}"
    "td{overflow-wrap:break-word}td.st{white-space:nowrap}"
    ".screen{display:none}"
    "a{color:inherit;text-decoration:none}"
    "}";

void rg_report_init(rg_report *r, const rg_graph *g, const rg_render_opts *o)
{
    memset(r, 0, sizeof *r);
    r->g = g;
    r->o = o;
    rg_buf_init(&r->html);
    rg_buf_init(&r->md);
    rg_buf_init(&r->nav);
    rg_buf_init(&r->mdnav);
    rg_buf_init(&r->doc);
}

void rg_report_destroy(rg_report *r)
{
    for (size_t i = 0; i < r->ntitles; i++)
        free(r->titles[i]);
    free(r->titles);
    rg_buf_destroy(&r->html);
    rg_buf_destroy(&r->md);
    rg_buf_destroy(&r->nav);
    rg_buf_destroy(&r->mdnav);
    rg_buf_destroy(&r->doc);
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].name);
        free(r->files[i].data);
    }
    free(r->files);
    memset(r, 0, sizeof *r);
}

/* ---- the parallel writer ------------------------------------------- */

/* The document model's records (rg_report.h): a record's head, then its
 * fields. */
static void doc_rec(rg_report *r, rg_doc_kind kind, size_t nfields)
{
    uint32_t n = (uint32_t)nfields;
    rg_buf_putc(&r->doc, (char)kind);
    rg_buf_add(&r->doc, (const char *)&n, sizeof n);
}

static void doc_field(rg_report *r, const char *s, size_t len)
{
    uint32_t n = (uint32_t)len;
    rg_buf_add(&r->doc, (const char *)&n, sizeof n);
    rg_buf_add(&r->doc, s, len);
}

static void doc_str(rg_report *r, const char *s)
{
    doc_field(r, s ? s : "", s ? strlen(s) : 0);
}

static void section_end(rg_report *r)
{
    rg_buf_puts(&r->html, "</section>\n");
}

/* TITLE, or TITLE (2), (3) ... when a section already has it: the table of
 * contents never lists one title twice.  Remembered in r->titles. */
static const char *unique_title(rg_report *r, const char *title, rg_buf *b)
{
    rg_buf_puts(b, title);
    for (int n = 2;; n++) {
        size_t i = 0;
        while (i < r->ntitles && strcmp(r->titles[i], rg_buf_str(b)) != 0)
            i++;
        if (i == r->ntitles)
            break;
        rg_buf_clear(b);
        rg_buf_printf(b, "%s (%d)", title, n);
    }
    char **t = realloc(r->titles, (r->ntitles + 1) * sizeof *t);
    if (t)
        r->titles = t;
    if (t == NULL || (t[r->ntitles] = strdup(rg_buf_str(b))) == NULL)
        r->oom = 1;
    else
        r->ntitles++;
    return rg_buf_str(b);
}

static void section(rg_report *r, const char *heading)
{
    if (r->in_query) { /* a saved query's answers end where the next section starts */
        section_end(r);
        r->in_query = 0;
    }
    r->nsections++;
    rg_buf b;
    rg_buf_init(&b);
    size_t id = r->nsections;
    const char *title = unique_title(r, heading, &b);
    rg_buf_printf(&r->html, "<section id=\"sec%zu\">\n<h2>", id);
    rg_esc_xml(&r->html, title);
    rg_buf_puts(&r->html, "</h2>\n");
    rg_buf_printf(&r->nav, "<li><a href=\"#sec%zu\">", id);
    rg_esc_xml(&r->nav, title);
    rg_buf_puts(&r->nav, "</a></li>\n");
    rg_buf_puts(&r->md, "\n## ");
    rg_esc_md(&r->md, title);
    rg_buf_puts(&r->md, "\n\n");
    rg_buf_puts(&r->mdnav, "- ");
    rg_esc_md(&r->mdnav, title);
    rg_buf_puts(&r->mdnav, "\n");
    doc_rec(r, RG_DOC_SECTION, 1);
    doc_str(r, title);
    rg_buf_destroy(&b);
}

/* A heading inside a section: level 3, or 4 inside a saved query's answer. */
static void heading(rg_report *r, const char *title, int level)
{
    rg_buf_printf(&r->html, "<h%d>", level);
    rg_esc_xml(&r->html, title);
    rg_buf_printf(&r->html, "</h%d>\n", level);
    for (int i = 0; i < level; i++)
        rg_buf_putc(&r->md, '#');
    rg_buf_putc(&r->md, ' ');
    rg_esc_md(&r->md, title);
    rg_buf_puts(&r->md, "\n\n");
    doc_rec(r, RG_DOC_HEADING, 2);
    doc_str(r, level >= 4 ? "4" : "3");
    doc_str(r, title);
}

static void heading3(rg_report *r, const char *title)
{
    heading(r, title, 3);
}

static void para(rg_report *r, const char *text, int note)
{
    rg_buf_puts(&r->html, note ? "<p class=\"note\">" : "<p>");
    rg_esc_xml(&r->html, text);
    rg_buf_puts(&r->html, "</p>\n");
    rg_esc_md(&r->md, text);
    rg_buf_puts(&r->md, "\n\n");
    doc_rec(r, RG_DOC_PARA, 2);
    doc_str(r, note ? "1" : "0");
    doc_str(r, text);
}

/* The class that shows status I by colour as well as by word. */
static void status_class(rg_buf *html, int i)
{
    if (i >= 0)
        rg_buf_printf(html, " class=\"st st%d\"", i);
}

/* The coverage status WORD is (0 covered ... 4 unknown), or -1. */
static int status_of(const rg_graph *g, const char *word)
{
    for (int i = 0; word && i <= RG_ROLE_WORD_UNKNOWN - RG_ROLE_WORD_CLAUSE; i++)
        if (strcmp(word, rg_word(g, (rg_role)(RG_ROLE_WORD_CLAUSE + i))) == 0)
            return i;
    return -1;
}

/* The document model's status field: one byte per column, 'a' + the
 * status of the column's word, or '-'.  WORDS NULL: none. */
static void doc_statuses(rg_report *r, const char *const *words, size_t n, int only)
{
    uint32_t len = (uint32_t)n;
    rg_buf_add(&r->doc, (const char *)&len, sizeof len);
    for (size_t i = 0; i < n; i++) {
        int st = only < -1 || (int)i == only ? status_of(r->g, words[i]) : -1;
        rg_buf_putc(&r->doc, st >= 0 && st < 26 ? (char)('a' + st) : '-');
    }
}

/* A table's head.  A table of more than LONG_ROWS rows cannot be kept on
 * one page anyway: class "long" lets it start where it is in print rather
 * than leave most of a page blank. */
#define LONG_ROWS 30
static void table_head_n(rg_report *r, const char *const *cols, size_t n, size_t nrows)
{
    rg_buf_puts(&r->html,
                nrows > LONG_ROWS ? "<table class=\"long\">\n<thead><tr>" : "<table>\n<thead><tr>");
    for (size_t i = 0; i < n; i++) {
        rg_buf_puts(&r->html, "<th");
        status_class(&r->html, status_of(r->g, cols[i])); /* a column per status */
        rg_buf_puts(&r->html, ">");
        rg_esc_xml(&r->html, cols[i]);
        rg_buf_puts(&r->html, "</th>");
        rg_buf_puts(&r->md, "| ");
        rg_esc_md(&r->md, cols[i]);
        rg_buf_putc(&r->md, ' ');
    }
    rg_buf_puts(&r->html, "</tr></thead>\n<tbody>\n");
    doc_rec(r, RG_DOC_THEAD, n + 1);
    doc_statuses(r, cols, n, -2); /* a column per status */
    for (size_t i = 0; i < n; i++)
        doc_str(r, cols[i]);
    rg_buf_puts(&r->md, "|\n");
    for (size_t i = 0; i < n; i++)
        rg_buf_puts(&r->md, "| --- ");
    rg_buf_puts(&r->md, "|\n");
}

static void table_head(rg_report *r, const char *const *cols, size_t n)
{
    table_head_n(r, cols, n, 0);
}

/* A row; STATUS_COL (or -1) is the column whose words are statuses. */
static void table_row_st(rg_report *r, const char *const *cells, size_t n, int status_col)
{
    rg_buf_puts(&r->html, "<tr>");
    for (size_t i = 0; i < n; i++) {
        rg_buf_puts(&r->html, "<td");
        if ((int)i == status_col)
            status_class(&r->html, status_of(r->g, cells[i]));
        rg_buf_puts(&r->html, ">");
        rg_esc_xml(&r->html, cells[i] ? cells[i] : "");
        rg_buf_puts(&r->html, "</td>");
        rg_buf_puts(&r->md, "| ");
        rg_esc_md(&r->md, cells[i] ? cells[i] : "");
        rg_buf_putc(&r->md, ' ');
    }
    rg_buf_puts(&r->html, "</tr>\n");
    rg_buf_puts(&r->md, "|\n");
    doc_rec(r, RG_DOC_ROW, n + 1);
    doc_statuses(r, cells, n, status_col);
    for (size_t i = 0; i < n; i++)
        doc_str(r, cells[i]);
}

static void table_row(rg_report *r, const char *const *cells, size_t n)
{
    table_row_st(r, cells, n, -1);
}

static void table_end(rg_report *r)
{
    rg_buf_puts(&r->html, "</tbody></table>\n");
    rg_buf_puts(&r->md, "\n");
    doc_rec(r, RG_DOC_TEND, 0);
}

/* ---- sections ------------------------------------------------------ */

void rg_report_provenance(rg_report *r, const rg_report_meta *m, const rg_withheld *w)
{
    section(r, "How this report was made");
    static const char *const cols[] = {"item", "value"};
    table_head(r, cols, 2);
    const char *rows[][2] = {
        {"relgraph version", m->version},
        {"catalogue", m->catalogue},
        {"catalogue SHA-256", m->checksum},
        {"options", m->options && m->options[0] ? m->options : "(none)"},
        {"as of", m->as_of},
        {"clustering seed", m->seed ? m->seed : "(clustering not run in this build)"},
        {"audience", m->audience},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        table_row(r, rows[i], 2);
    table_end(r);
    if (w) {
        char text[512];
        snprintf(text, sizeof text,
                 "This report was made for a public audience from the public part of the "
                 "catalogue: %zu node%s, %zu edge%s and %zu citation%s whose %s is not %s are "
                 "withheld, and every analysis, table and diagram was computed without them.",
                 w->nodes, w->nodes == 1 ? "" : "s", w->edges, w->edges == 1 ? "" : "s", w->cites,
                 w->cites == 1 ? "" : "s", w->attr ? w->attr : "confidentiality attribute",
                 w->values ? w->values : "public");
        para(r, text, 0);
    }
    para(r,
         "To make it again: run relgraph of this version with these options on a catalogue "
         "with this checksum.",
         1);
    section_end(r);
}

void rg_report_summary(rg_report *r)
{
    const rg_graph *g = r->g;
    const rg_schema *s = g->schema;
    size_t *nk = calloc(s->n_node_kinds + 1, sizeof *nk);
    size_t *ek = calloc(s->n_edge_kinds + 1, sizeof *ek);
    if (!nk || !ek) {
        free(nk);
        free(ek);
        r->oom = 1;
        return;
    }
    size_t nodes = 0, edges = 0, cites = 0, disputes = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *n = &g->nodes[i];
        nodes++;
        nk[n->kind]++;
        cites += n->p.ncites;
        disputes += n->p.ndisputes;
    }
    for (size_t j = 0; j < g->nedges; j++) {
        const rg_edge *e = &g->edges[j];
        edges++;
        ek[e->kind]++;
        cites += e->p.ncites;
        disputes += e->p.ndisputes;
    }
    section(r, "Summary figures");
    char a[64], b[64];
    static const char *const cols[] = {"figure", "count"};
    table_head(r, cols, 2);
    const char *row[2];
    struct {
        const char *name;
        size_t v;
    } totals[] = {{"nodes", nodes}, {"edges", edges}, {"citations", cites}, {"disputes", disputes}};
    for (size_t i = 0; i < 4; i++) {
        snprintf(a, sizeof a, "%zu", totals[i].v);
        row[0] = totals[i].name;
        row[1] = a;
        table_row(r, row, 2);
    }
    table_end(r);
    static const char *const kcols[] = {"node kind", "nodes"};
    table_head(r, kcols, 2);
    for (size_t k = 0; k < s->n_node_kinds; k++) {
        snprintf(a, sizeof a, "%zu", nk[k]);
        row[0] = s->node_kinds[k].name;
        row[1] = a;
        table_row(r, row, 2);
    }
    table_end(r);
    static const char *const ecols[] = {"edge kind", "edges"};
    table_head(r, ecols, 2);
    for (size_t k = 0; k < s->n_edge_kinds; k++) {
        snprintf(b, sizeof b, "%zu", ek[k]);
        row[0] = s->edge_kinds[k].base.name;
        row[1] = b;
        table_row(r, row, 2);
    }
    table_end(r);
    /* The documents every fact cites. */
    heading3(r, "Sources");
    static const char *const scols[] = {"source", "document", "title"};
    table_head(r, scols, 3);
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *n = &g->nodes[i];
        if (!s->exempt || !rg_bit_get(s->exempt, (size_t)n->kind))
            continue;
        const char *srow[3] = {n->id, rg_source_label(g, (int64_t)i), n->name};
        table_row(r, srow, 3);
    }
    table_end(r);
    section_end(r);
    free(nk);
    free(ek);
}

static int add_file(rg_report *r, const char *name, char *data, size_t len)
{
    if (r->nfiles == r->capfiles) {
        size_t cap = r->capfiles ? r->capfiles * 2 : 8;
        rg_report_file *f = realloc(r->files, cap * sizeof *f);
        if (f == NULL)
            return -1;
        r->files = f;
        r->capfiles = cap;
    }
    char *n = strdup(name);
    if (n == NULL)
        return -1;
    r->files[r->nfiles].name = n;
    r->files[r->nfiles].data = data;
    r->files[r->nfiles].len = len;
    r->nfiles++;
    return 0;
}

static void doc_figure(rg_report *r, const char *caption, const char *file, const char *svg,
                       size_t len, const char *note)
{
    doc_rec(r, RG_DOC_FIGURE, 4);
    doc_str(r, caption);
    doc_str(r, file);
    doc_field(r, svg, len);
    doc_str(r, note);
}

/* Copies Graphviz's SVG into the page: from the <svg element on (the XML
 * prolog and DOCTYPE are not allowed inside HTML), with every id made
 * unique to this figure so that two diagrams never share an anchor. */
static void inline_svg(rg_buf *out, const char *svg, size_t fig)
{
    const char *p = strstr(svg, "<svg");
    if (p == NULL)
        return;
    /* Attribute values are escaped by Graphviz (a quote in text is &quot;),
     * so ' id="' only ever starts an attribute. */
    for (;;) {
        const char *id = strstr(p, " id=\"");
        if (id == NULL)
            break;
        rg_buf_add(out, p, (size_t)(id - p));
        rg_buf_printf(out, " id=\"fig%zu-", fig);
        p = id + 5;
    }
    rg_buf_puts(out, p);
}

rg_status rg_report_diagram(rg_report *r, const rg_view *v, const char *file_name, rg_error *err)
{
    char *svg = NULL;
    size_t len = 0;
    rg_status st = rg_render(v, r->o, RG_FMT_SVG, &svg, &len, err);
    if (st != RG_OK)
        return st;
    rg_buf heading;
    rg_buf_init(&heading);
    rg_buf_printf(&heading, "Diagram: %s", v->title);
    section(r, rg_buf_str(&heading));
    rg_buf_destroy(&heading);
    rg_buf_printf(&r->html, "<figure id=\"fig%zu\">\n", r->nsections);
    inline_svg(&r->html, svg, r->nsections);
    rg_buf_puts(&r->html, "\n<figcaption>");
    rg_esc_xml(&r->html, v->title);
    rg_buf_puts(&r->html, " (<a href=\"");
    rg_esc_xml(&r->html, file_name);
    rg_buf_puts(&r->html, "\">SVG file</a><span class=\"screen\">; hover over a node for its "
                          "attributes and clauses</span>)</figcaption>\n</figure>\n");
    doc_figure(r, v->title, file_name, svg, len, "");
    rg_buf_puts(&r->md, "![");
    rg_esc_md(&r->md, v->title);
    rg_buf_puts(&r->md, "](");
    rg_buf_puts(&r->md, file_name); /* generated by the caller: letters, digits, '-', '.' */
    rg_buf_puts(&r->md, ")\n\n");
    section_end(r);
    if (add_file(r, file_name, svg, len) != 0) {
        free(svg);
        r->oom = 1;
    }
    return RG_OK;
}

/* A chart's caption says where its numbers come from. */
#define CHART_NOTE "the numbers are those of the tables of the coverage analysis"

rg_status rg_report_chart_svg(rg_report *r, const rg_result *res, rg_chart_kind kind,
                              const char *file_name, char *svg, size_t len, rg_error *err)
{
    rg_buf title;
    rg_buf_init(&title);
    rg_status st = rg_chart_script(res, kind, RG_FMT_SVG, NULL, &title, NULL, err);
    if (st != RG_OK) {
        rg_buf_destroy(&title);
        free(svg);
        return st;
    }
    rg_buf heading_text;
    rg_buf_init(&heading_text);
    rg_buf_printf(&heading_text, "Chart: %s", rg_buf_str(&title));
    section(r, rg_buf_str(&heading_text));
    rg_buf_destroy(&heading_text);
    rg_buf_printf(&r->html, "<figure id=\"fig%zu\">\n", r->nsections);
    inline_svg(&r->html, svg, r->nsections);
    rg_buf_puts(&r->html, "\n<figcaption>");
    rg_esc_xml(&r->html, rg_buf_str(&title));
    rg_buf_puts(&r->html, " (<a href=\"");
    rg_esc_xml(&r->html, file_name);
    rg_buf_puts(&r->html, "\">SVG file</a>; " CHART_NOTE ")</figcaption>\n</figure>\n");
    doc_figure(r, rg_buf_str(&title), file_name, svg, len, CHART_NOTE);
    rg_buf_puts(&r->md, "![");
    rg_esc_md(&r->md, rg_buf_str(&title));
    rg_buf_puts(&r->md, "](");
    rg_buf_puts(&r->md, file_name); /* generated by the caller: letters, digits, '-', '.' */
    rg_buf_puts(&r->md, ")\n\n");
    section_end(r);
    rg_buf_destroy(&title);
    if (add_file(r, file_name, svg, len) != 0) {
        free(svg);
        r->oom = 1;
    }
    return RG_OK;
}

void rg_report_result(rg_report *r, const char *id, const rg_result *res)
{
    const rg_graph *g = r->g;
    rg_buf cell;
    rg_buf_init(&cell);
    /* a saved query's answer is part of the query's section: the table of
     * contents lists the query, not each of its answers (which repeat the
     * analyses' titles) */
    int nested = r->in_query;
    if (nested)
        heading(r, res->title ? res->title : id, 3);
    else
        section(r, res->title ? res->title : id);
    for (size_t i = 0; i < res->nnotes; i++)
        para(r, res->notes[i], 1);
    char **texts = NULL;
    for (size_t t = 0; t < res->ntables; t++) {
        const rg_table *tb = &res->tables[t];
        heading(r, tb->title ? tb->title : tb->name, nested ? 4 : 3);
        if (tb->nrows == 0) {
            para(r, "(none)", 1);
            continue;
        }
        texts = calloc(tb->ncols + 1, sizeof *texts);
        if (texts == NULL) {
            r->oom = 1;
            break;
        }
        table_head_n(r, tb->cols, tb->ncols, tb->nrows);
        int status_col = rg_table_col(tb, "status");
        for (size_t row = 0; row < tb->nrows; row++) {
            for (size_t c = 0; c < tb->ncols; c++) {
                rg_buf_clear(&cell);
                rg_cell_format(g, rg_table_cell(tb, row, c), &cell);
                texts[c] = strdup(rg_buf_str(&cell));
                if (texts[c] == NULL)
                    r->oom = 1;
            }
            table_row_st(r, (const char *const *)texts, tb->ncols, status_col);
            for (size_t c = 0; c < tb->ncols; c++) {
                free(texts[c]);
                texts[c] = NULL;
            }
        }
        table_end(r);
        free(texts);
        texts = NULL;
    }
    if (!nested)
        section_end(r);
    rg_buf_destroy(&cell);
}

void rg_report_query(rg_report *r, const char *name, const char *text)
{
    rg_buf title;
    rg_buf_init(&title);
    rg_buf_printf(&title, "Saved query: %s", name);
    section(r, rg_buf_str(&title));
    rg_buf_destroy(&title);
    rg_buf_puts(&r->html, "<pre>");
    rg_esc_xml(&r->html, text);
    rg_buf_puts(&r->html, "</pre>\n");
    doc_rec(r, RG_DOC_PRE, 1);
    doc_str(r, text);
    /* A fence longer than any run of backticks in the text. */
    size_t run = 0, longest = 0;
    for (const char *p = text; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t fence = longest < 3 ? 3 : longest + 1;
    for (size_t i = 0; i < fence; i++)
        rg_buf_putc(&r->md, '`');
    rg_buf_putc(&r->md, '\n');
    rg_buf_puts(&r->md, text);
    if (text[0] && text[strlen(text) - 1] != '\n')
        rg_buf_putc(&r->md, '\n');
    for (size_t i = 0; i < fence; i++)
        rg_buf_putc(&r->md, '`');
    rg_buf_puts(&r->md, "\n\n");
    r->in_query = 1; /* its answers follow, in this section */
}

void rg_report_query_error(rg_report *r, const char *message)
{
    para(r, message, 1);
}

void rg_report_missing(rg_report *r, const char *const *what, size_t n)
{
    if (n == 0)
        return;
    section(r, "Not in this report");
    para(r, "These parts could not be made (the warnings of the run say why):", 0);
    rg_buf_puts(&r->html, "<ul>\n");
    for (size_t i = 0; i < n; i++) {
        rg_buf_puts(&r->html, "<li>");
        rg_esc_xml(&r->html, what[i]);
        rg_buf_puts(&r->html, "</li>\n");
        rg_buf_puts(&r->md, "- ");
        rg_esc_md(&r->md, what[i]);
        rg_buf_puts(&r->md, "\n");
        doc_rec(r, RG_DOC_ITEM, 1);
        doc_str(r, what[i]);
    }
    rg_buf_puts(&r->html, "</ul>\n");
    rg_buf_puts(&r->md, "\n");
    section_end(r);
}

rg_status rg_report_finish(rg_report *r, const rg_report_meta *m, char **html, char **md,
                           rg_error *err)
{
    *html = *md = NULL;
    if (r->in_query) {
        section_end(r);
        r->in_query = 0;
    }
    const char *title = r->g->title ? r->g->title : "relgraph report";
    rg_buf css;
    rg_buf_init(&css);
    rg_buf_puts(&css, STYLE);
    /* the status swatches: the colours of the charts, from one place */
    for (size_t i = 0; i < rg_status_ncolours(); i++)
        rg_buf_printf(&css, ".st%zu::before{background:%s}", i, rg_status_colour(i));
    char hash[45];
    rg_sha256_base64(rg_buf_str(&css), css.len, hash);
    rg_buf h, d;
    rg_buf_init(&h);
    rg_buf_init(&d);
    rg_buf_puts(&h, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
                    "<head>\n<meta charset=\"utf-8\"/>\n");
    /* Nothing may be fetched or run: no default source, the one style
     * sheet by hash, SVG links only by navigation. */
    rg_buf_printf(&h,
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'sha256-%s'; img-src 'self'; base-uri 'none'; form-action "
                  "'none'\"/>\n",
                  hash);
    rg_buf_puts(&h, "<meta name=\"generator\" content=\"relgraph ");
    rg_esc_xml(&h, m->version);
    rg_buf_puts(&h, "\"/>\n<title>");
    rg_esc_xml(&h, title);
    rg_buf_puts(&h, ": review report</title>\n<style>");
    rg_buf_puts(&h, rg_buf_str(&css));
    rg_buf_puts(&h, "</style>\n</head>\n<body>\n<h1>");
    rg_esc_xml(&h, title);
    rg_buf_puts(&h, ": review report</h1>\n<nav>\n<ul>\n");
    rg_buf_add(&h, r->nav.data ? r->nav.data : "", r->nav.len);
    rg_buf_puts(&h, "</ul>\n</nav>\n");
    rg_buf_add(&h, r->html.data ? r->html.data : "", r->html.len);
    rg_buf_puts(&h, "</body>\n</html>\n");

    rg_buf_puts(&d, "# ");
    rg_esc_md(&d, title);
    rg_buf_puts(&d, ": review report\n\n");
    rg_buf_add(&d, r->mdnav.data ? r->mdnav.data : "", r->mdnav.len);
    rg_buf_add(&d, r->md.data ? r->md.data : "", r->md.len);
    int oom = css.oom;
    rg_buf_destroy(&css);
    if (oom || h.oom || d.oom || r->oom || r->html.oom || r->md.oom || r->nav.oom || r->mdnav.oom) {
        rg_buf_destroy(&h);
        rg_buf_destroy(&d);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *html = rg_buf_detach(&h);
    *md = rg_buf_detach(&d);
    return RG_OK;
}

rg_status rg_report_doc(rg_report *r, const rg_report_meta *m, char **doc, size_t *len,
                        rg_error *err)
{
    *doc = NULL;
    *len = 0;
    rg_report head;
    memset(&head, 0, sizeof head);
    rg_buf_init(&head.doc);
    doc_rec(&head, RG_DOC_TITLE, 4);
    doc_str(&head, r->g->title ? r->g->title : "relgraph report");
    doc_str(&head, m->version);
    doc_str(&head, m->as_of);
    doc_str(&head, m->catalogue);
    rg_buf_add(&head.doc, r->doc.data ? r->doc.data : "", r->doc.len);
    if (head.doc.oom || r->doc.oom) {
        rg_buf_destroy(&head.doc);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *len = head.doc.len;
    *doc = rg_buf_detach(&head.doc);
    return RG_OK;
}

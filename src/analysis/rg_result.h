/* rg_result.h: the one shape every analysis and query answers in.
 *
 * A result is a few named tables of typed cells (text, integers, reals,
 * booleans, citation lists), plus notes that say how the answer was reached.
 * Analyses fill results; the text and JSON renderings are shared (below), so
 * `relgraph gaps` and `relgraph query -e 'gaps'` print the same bytes.
 *
 * The first table is the main one (one row per answer: a counterparty, a
 * cut vertex, a cluster).  A table marked `keyed` holds details of the main
 * table's rows: its first column is the main table's first column (an id),
 * so filtering the main table (a query's `where`) filters it too.
 *
 * Strings in cells are either borrowed from the graph (they live as long as
 * it) or copied into the result's arena. */
#ifndef RG_RESULT_H
#define RG_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/rg_arena.h"
#include "../core/rg_buf.h"
#include "../core/rg_jsonw.h"
#include "../graph/rg_graph.h"
#include "../graph/rg_words.h"

typedef enum rg_cell_type {
    RG_CELL_NULL = 0,
    RG_CELL_TEXT,
    RG_CELL_INT,
    RG_CELL_REAL,
    RG_CELL_BOOL,
    RG_CELL_CITES, /* citations of a node or an edge of the graph */
    RG_CELL_LIST,  /* a list of strings (ids, names): a JSON array, joined by ", " in text */
    /* N strings (items) read as one text: only from a row source (rg_table
     * ROWS) while it is written, never in a table's cells (rg_result_fill
     * joins them into a TEXT cell) */
    RG_CELL_PARTS
} rg_cell_type;

/* 16 bytes: a large answer has millions of cells (gaps at 1M nodes fills
 * 2.5 million), and first writing them costs more than the rest of the
 * answer's memory; the count of citations or items shares the type's word. */
typedef struct rg_cell {
    rg_cell_type type;
    uint32_t n; /* RG_CELL_CITES, RG_CELL_LIST: how many */
    union {
        const char *s;
        long long i;
        double r;
        int b;
        const rg_cite *cites;
        /* N items, then at items[N] the text that joins them (", ") */
        const char **items;
    } u;
} rg_cell;

typedef enum rg_table_style {
    RG_STYLE_COLUMNS = 0, /* aligned columns under a header */
    RG_STYLE_LINES        /* one line per row, grouped under its first cell */
} rg_table_style;

typedef struct rg_table {
    const char *name;  /* JSON key: "counterparties" */
    const char *title; /* text heading */
    const char **cols;
    size_t ncols;
    rg_cell *cells; /* nrows * ncols, row-major */
    size_t nrows, caprows;
    rg_table_style style;
    int keyed;                    /* column 0 refers to the main table's column 0 */
    unsigned long long json_only; /* bit c: column c is for programs, left out of text */
    /* A row source (rg_table_source): the rows are made one at a time as
     * they are read, and CELLS is NULL. */
    void (*rows)(void *ctx, size_t i, rg_cell *row);
    void *rows_ctx;
    const char *scratch; /* where ROWS writes texts it makes: [scratch, + nscratch) */
    size_t nscratch;
} rg_table;

/* Most columns a table with a row source may have. */
#define RG_SOURCE_COLS 16

#define RG_RESULT_TABLES 8

typedef struct rg_result {
    const rg_graph *g;
    const char *analysis; /* "gaps", "nodes", ... */
    const char *title;
    rg_table tables[RG_RESULT_TABLES]; /* fixed, so table pointers stay valid */
    size_t ntables;
    const char **notes;
    size_t nnotes;
    /* Counts a program may want without reading notes: {name, value}. */
    struct rg_total {
        const char *name;
        long long value;
    } * totals;
    size_t ntotals;
    /* The options in force (rg_call records them): {name, value or NULL}. */
    struct rg_option {
        const char *name, *value;
        int type; /* RG_OPT_TEXT, RG_OPT_NUMBER or RG_OPT_BOOL: how JSON writes it */
    } * options;
    size_t noptions;
    /* A selection the result stands for, for `output subgraph`: node
     * indices (sorted), or NULL. */
    int64_t *nodes;
    size_t nnodes;
    /* The edges it stands for (sorted; a path's steps), or NULL: then a
     * diagram of it draws every edge between its nodes. */
    int64_t *edges;
    size_t nedges;
    int oom;
    rg_arena arena;
    /* What row sources read, released with the result by SRC_FREE. */
    void *src;
    void (*src_free)(void *src);
} rg_result;

void rg_result_init(rg_result *r, const rg_graph *g, const char *analysis);
void rg_result_destroy(rg_result *r);
/* RG_OK, or RG_ENOMEM (filling ERR) when any allocation failed while filling R. */
/* A copy of B's text in R's arena; NULL, and R marked out of memory, when
 * B ran out of memory (its text is cut) or the copy cannot be made. */
char *rg_result_buf(rg_result *r, const rg_buf *b);
rg_status rg_result_check(const rg_result *r, rg_error *err);

void rg_result_title(rg_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rg_result_note(rg_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Records a total (a count) under NAME; JSON "totals": {NAME: VALUE}. */
void rg_result_total(rg_result *r, const char *name, long long value);
enum { RG_OPT_TEXT = 0, RG_OPT_NUMBER, RG_OPT_BOOL };
/* Records an option in force (VALUE NULL: unset). NAME and VALUE are copied. */
void rg_result_option(rg_result *r, const char *name, const char *value, int type);
/* Writes R's options as a JSON object, typed. */
void rg_result_options_json(const rg_result *r, rg_jsonw *w);
/* Adds a table with the column names given, ended by NULL.  Returns NULL
 * when out of memory or past RG_RESULT_TABLES (R remembers it). */
rg_table *rg_result_table(rg_result *r, const char *name, const char *title, rg_table_style style,
                          ...);
rg_table *rg_result_find(rg_result *r, const char *name);
/* Makes room for N more rows at once, for a table whose size is known or
 * bounded: growing by doubling copies the cells again and again.  Room
 * never filled costs address space, not memory.  NULL-safe; on failure
 * nothing changes (rg_table_row grows as usual). */
void rg_table_reserve(rg_table *t, size_t n);
/* Makes T a table of NROWS rows made by ROWS as they are read, not kept
 * as cells: a large answer (gaps at a million nodes has 460,000 rows) is
 * then written from the analysis's own records, without 60 MB of cells and
 * copied text first written and then read back.  ROWS fills row I's cells
 * (zeroed; at most RG_SOURCE_COLS), valid until its next call: texts it
 * makes lie in [SCRATCH, SCRATCH + NSCRATCH) in CTX; column 0 must outlive
 * the call (the key of a keyed table: graph strings).  It may use CTX as
 * scratch but must not allocate or fail: the rows are written as they are
 * made, after the first bytes went out.  The renderings below read such
 * tables; everything else reads cells, so rg_call fills them
 * (rg_result_fill) unless its caller only writes the result.  0, and R
 * marked out of memory, when T has too many columns. */
int rg_table_source(rg_result *r, rg_table *t, size_t nrows,
                    void (*rows)(void *ctx, size_t i, rg_cell *row), void *ctx, const char *scratch,
                    size_t nscratch);
/* Turns every row source of R into cells (texts copied into R), so the
 * result reads like any other; RG_ENOMEM (filling ERR) when out of memory. */
rg_status rg_result_fill(rg_result *r, rg_error *err);
/* Appends a row of null cells; returns its first cell, or NULL on oom. */
rg_cell *rg_table_row(rg_result *r, rg_table *t);
static inline rg_cell *rg_table_cell(const rg_table *t, size_t row, size_t col)
{
    return &t->cells[row * t->ncols + col];
}
int rg_table_col(const rg_table *t, const char *name); /* -1 when absent */

/* Cell setters.  _str borrows S (graph strings, literals); _text copies a
 * formatted string into the result. */
void rg_cell_str(rg_cell *c, const char *s);
void rg_cell_text(rg_result *r, rg_cell *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rg_cell_int(rg_cell *c, long long v);
void rg_cell_real(rg_cell *c, double v);
void rg_cell_bool(rg_cell *c, int v);
void rg_cell_cites(rg_cell *c, const rg_cite *cites, size_t n);
/* A list cell: the N strings are borrowed (graph strings); the array is
 * copied into the result. */
void rg_cell_list(rg_result *r, rg_cell *c, const char *const *items, size_t n);
/* A list cell from TEXT whose items are joined by SEP ("a, b (= c, d)"):
 * split at SEP outside parentheses, items copied into the result.  Text
 * output joins them with SEP again, so it reads as before; JSON gets an
 * array.  For lists of ids and names that do not contain SEP. */
void rg_cell_split(rg_result *r, rg_cell *c, const char *text, const char *sep);
char *rg_result_strdup(rg_result *r, const char *s);
/* Sets C to the N strings of PARTS joined, copied into the result once
 * (no format to parse: for cells written once per row of a large table). */
void rg_cell_concat(rg_result *r, rg_cell *c, const char *const *parts, size_t n);

/* Sorts a table's rows by a comparator over rows (stable). */
void rg_table_sort(rg_table *t, int (*cmp)(const rg_cell *a, const rg_cell *b, void *ctx),
                   void *ctx);
/* Keeps the main table's rows whose KEEP flag is set; keyed tables follow
 * it, and the other tables (summaries of all rows) are dropped. */
void rg_result_keep_rows(rg_result *r, const unsigned char *keep);
/* Keeps only the table NAME, which becomes the main one; RG_ENOTFOUND. */
rg_status rg_result_only_table(rg_result *r, const char *name);

/* Renderings, appended to OUT. */
void rg_result_text(const rg_result *r, rg_buf *out);
void rg_result_json(const rg_result *r, rg_buf *out);
/* The same as one value of a larger document (the JSON envelope). */
void rg_result_json_write(const rg_result *r, rg_jsonw *w);
/* Writes citations as a JSON array of {"source", "document", "at", "quote"}
 * (the one form every command's JSON uses). */
void rg_cites_json(rg_jsonw *w, const rg_graph *g, const rg_cite *c, size_t n);
/* The selection (or the nodes named in the main table's "id" column) and
 * the edges between them, as JSON: {"graph": FILE, "nodes": [...], "edges": [...]}. */
void rg_result_subgraph(const rg_result *r, rg_buf *out);

/* A cell as text ("2015", "yes", "[002_….txt, row 3]"). */
void rg_cell_format(const rg_graph *g, const rg_cell *c, rg_buf *out);

#endif

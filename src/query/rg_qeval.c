/* rg_qeval.c: the evaluator of the query language: runs each statement of
 * a parsed query (rg_qast.h) on a graph, stage by stage, and hands each
 * answer to the caller.
 *
 * A value flowing down a pipeline is either a node selection (indices, in
 * reader order) or the result of an analysis (tables).  Fields, kinds and
 * columns are checked before a stage runs, so a typo is an error even on an
 * empty selection, with the position of the word in the query. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../analysis/rg_analysis.h"
#include "../analysis/rg_links.h"
#include "../core/rg_near.h"
#include "../core/rg_sort.h"
#include "rg_qast.h"

typedef struct value {
    int is_nodes;
    int64_t *nodes; /* the selection, in order */
    size_t n;
    rg_result res; /* when !is_nodes */
    const stage *show;
    rg_output out;
} value;

typedef struct evalc {
    const rg_query *q;
    const rg_graph *g;
    rg_error *err;
    size_t steps, max_steps; /* tests of a condition so far, and the budget */
    const stmt *st;          /* the statement running */
} evalc;

static rg_status eval_fail(evalc *c, int line, int col, rg_status code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static rg_status eval_fail(evalc *c, int line, int col, rg_status code, const char *fmt, ...)
{
    if (c->err) {
        char text[RG_ERROR_TEXT];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(text, sizeof text, fmt, ap);
        va_end(ap);
        rg_error_set(c->err, code, c->q->name, line, col, "%s", text);
    }
    return code;
}

/* A field of a node: id, name, kind, label, or an attribute. */
typedef struct fval {
    int present;
    const char *s;     /* text form (strings, ids) */
    const rg_value *v; /* an attribute, or NULL */
    const rg_cell *cell;
} fval;

static int field_known(const rg_graph *g, const char *f)
{
    if (!strcmp(f, "id") || !strcmp(f, "name") || !strcmp(f, "kind") || !strcmp(f, "label"))
        return 1;
    for (size_t k = 0; k < g->schema->n_node_kinds; k++)
        if (rg_kind_attr(&g->schema->node_kinds[k], f) >= 0)
            return 1;
    return 0;
}

static fval node_field(const rg_graph *g, int64_t v, const char *f)
{
    fval x = {0, NULL, NULL, NULL};
    const rg_node *n = &g->nodes[v];
    if (!strcmp(f, "id"))
        x.s = n->id;
    else if (!strcmp(f, "name"))
        x.s = n->name;
    else if (!strcmp(f, "kind"))
        x.s = g->schema->node_kinds[n->kind].name;
    else if (!strcmp(f, "label"))
        x.s = rg_node_label(g, n);
    else
        x.v = rg_node_attr(g, n, f);
    x.present = x.s || x.v;
    return x;
}

static int ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return n == 0;
}

static int cmp_result(int c, cmp_op op)
{
    switch (op) {
    case OP_EQ: return c == 0;
    case OP_NE: return c != 0;
    case OP_LT: return c < 0;
    case OP_LE: return c <= 0;
    case OP_GT: return c > 0;
    case OP_GE: return c >= 0;
    case OP_MATCH: return 0;
    }
    return 0;
}

/* Compares text S with literal L.  Returns 1/0, or -1 after an error. */
static int cmp_text(evalc *c, const char *s, cmp_op op, const lit *l)
{
    if (op == OP_MATCH)
        return ci_contains(s, l->s);
    if (l->t == L_DATE || (l->t == L_NUM && op != OP_EQ && op != OP_NE)) {
        /* a date held as text (a result cell) */
        rg_date d, ld = l->d;
        if (rg_date_parse(s, &d) != 0)
            return 0;
        if (l->t == L_NUM) {
            ld.year = (int)l->n;
            ld.month = ld.day = 0;
        }
        return cmp_result(rg_date_cmp(d, ld), op);
    }
    if (l->t == L_BOOL)
        return eval_fail(c, l->line, l->col, RG_EINVALID,
                         "this field holds text, not true or false"),
               -1;
    return cmp_result(strcmp(s, l->s), op);
}

static int cmp_value(evalc *c, const rg_value *v, cmp_op op, const lit *l)
{
    switch (v->type) {
    case RG_T_STRING: return cmp_text(c, v->u.s, op, l);
    case RG_T_DATE: {
        rg_date ld;
        if (op == OP_MATCH)
            return ci_contains(v->text ? v->text : "", l->s);
        if (l->t == L_DATE)
            ld = l->d;
        else if (l->t == L_NUM && l->n == floor(l->n) && l->n >= 0 && l->n <= 9999) {
            ld.year = (int)l->n;
            ld.month = ld.day = 0;
        } else if (l->t == L_STR && rg_date_parse(l->s, &ld) == 0) {
        } else {
            eval_fail(c, l->line, l->col, RG_EINVALID,
                      "this field holds dates: compare it with a date (2015, 2015-06, "
                      "2015-06-30), not '%s'",
                      l->s);
            return -1;
        }
        return cmp_result(rg_date_cmp(v->u.d, ld), op);
    }
    case RG_T_BOOL:
        if (l->t != L_BOOL || (op != OP_EQ && op != OP_NE)) {
            eval_fail(c, l->line, l->col, RG_EINVALID,
                      "this field is true or false: use = true, = false or != ...");
            return -1;
        }
        return cmp_result(v->u.b != l->b, op);
    case RG_T_NUMBER:
        if (l->t != L_NUM) {
            eval_fail(c, l->line, l->col, RG_EINVALID,
                      "this field holds numbers: compare it with a number, not '%s'", l->s);
            return -1;
        }
        return cmp_result((v->u.n > l->n) - (v->u.n < l->n), op);
    case RG_T_LIST:
        for (size_t i = 0; i < v->u.list.n; i++) {
            int r = cmp_text(c, v->u.list.items[i], op == OP_NE ? OP_EQ : op, l);
            if (r < 0)
                return -1;
            if (r)
                return op != OP_NE;
        }
        return op == OP_NE;
    }
    return 0;
}

static int cmp_cell(evalc *c, const rg_graph *g, const rg_cell *cell, cmp_op op, const lit *l)
{
    switch (cell->type) {
    case RG_CELL_NULL: return 0;
    case RG_CELL_TEXT: return cmp_text(c, cell->u.s, op, l);
    case RG_CELL_INT:
    case RG_CELL_REAL: {
        double x = cell->type == RG_CELL_INT ? (double)cell->u.i : cell->u.r;
        if (l->t != L_NUM) {
            eval_fail(c, l->line, l->col, RG_EINVALID,
                      "this column holds numbers: compare it with a number, not '%s'", l->s);
            return -1;
        }
        if (op == OP_MATCH)
            return 0;
        return cmp_result((x > l->n) - (x < l->n), op);
    }
    case RG_CELL_BOOL:
        if (l->t != L_BOOL) {
            eval_fail(c, l->line, l->col, RG_EINVALID, "this column is true or false");
            return -1;
        }
        return cmp_result(cell->u.b != l->b, op);
    case RG_CELL_CITES:
    case RG_CELL_LIST:
    case RG_CELL_PARTS: {
        rg_buf b;
        rg_buf_init(&b);
        rg_cell_format(g, cell, &b);
        int r = cmp_text(c, rg_buf_str(&b), op, l);
        rg_buf_destroy(&b);
        return r;
    }
    }
    return 0;
}

/* Evaluates E on node V (ROW < 0) or on row ROW of table T. 1/0, -1 on error.
 * An `or` returns the first operand that is not false, an `and` the first
 * that is not true: short-circuit, left to right, in a loop (the operands of
 * a long chain are siblings, not a tree as deep as the chain). */
static int eval_expr(evalc *c, const expr *e, int64_t v, const rg_table *t, size_t row)
{
    switch (e->k) {
    case E_OR:
    case E_AND: {
        int stop = e->k == E_OR ? 0 : 1; /* the result that lets the loop go on */
        for (size_t i = 0; i < e->nkids; i++) {
            int a = eval_expr(c, e->kids[i], v, t, row);
            if (a != stop)
                return a;
        }
        return stop;
    }
    case E_NOT: {
        int a = eval_expr(c, e->kids[0], v, t, row);
        return a < 0 ? a : !a;
    }
    default: break;
    }
    /* The budget: a condition of 80,000 terms on a catalogue of thousands
     * of nodes would otherwise run for minutes. */
    if (++c->steps > c->max_steps) {
        eval_fail(
            c, e->line, e->col, RG_ELIMIT,
            "the query needed more than %zu steps (tests of a condition on a node or a "
            "row), its budget: narrow the selection or raise it (relgraph query --max-steps N)",
            c->max_steps);
        return -1;
    }
    if (t) {
        int col = rg_table_col(t, e->field);
        const rg_cell *cell = rg_table_cell(t, row, (size_t)col);
        if (e->k == E_HAS)
            return cell->type != RG_CELL_NULL;
        for (size_t i = 0; i < e->nlits; i++) {
            int r = cmp_cell(c, c->g, cell, e->k == E_IN ? OP_EQ : e->op, &e->lits[i]);
            if (r != 0)
                return r;
        }
        return 0;
    }
    fval f = node_field(c->g, v, e->field);
    if (e->k == E_HAS)
        return f.present;
    if (!f.present)
        return 0;
    for (size_t i = 0; i < e->nlits; i++) {
        int r = f.s ? cmp_text(c, f.s, e->k == E_IN ? OP_EQ : e->op, &e->lits[i])
                    : cmp_value(c, f.v, e->k == E_IN ? OP_EQ : e->op, &e->lits[i]);
        if (r != 0)
            return r;
    }
    return 0;
}

/* "the table 'counterparties' has no column 'stauts' (did you mean 'status'?
 * it has: ...)": the one message for an unknown column. */
static rg_status no_column(evalc *c, int line, int col, const rg_table *t, const char *name)
{
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; i < t->ncols; i++)
        rg_buf_printf(&b, "%s%s", i ? ", " : "", t->cols[i]);
    const char *near = rg_nearest(name, t->cols, t->ncols);
    rg_status st = eval_fail(
        c, line, col, RG_EINVALID, "the table '%s' has no column '%s' (%s%s%sit has: %s)", t->name,
        name, near ? "did you mean '" : "", near ? near : "", near ? "'? " : "", rg_buf_str(&b));
    rg_buf_destroy(&b);
    return st;
}

/* The one message for an unknown field of nodes, with the nearest field. */
static rg_status no_field(evalc *c, int line, int col, const char *name)
{
    const rg_schema *sc = c->g->schema;
    size_t cap = 4;
    for (size_t k = 0; k < sc->n_node_kinds; k++)
        cap += sc->node_kinds[k].nattrs;
    const char **names = malloc(cap * sizeof *names);
    const char *near = NULL;
    if (names) {
        size_t n = 0;
        names[n++] = "id";
        names[n++] = "name";
        names[n++] = "kind";
        names[n++] = "label";
        for (size_t k = 0; k < sc->n_node_kinds; k++)
            for (size_t a = 0; a < sc->node_kinds[k].nattrs; a++)
                names[n++] = sc->node_kinds[k].attrs[a].name;
        near = rg_nearest(name, names, n);
        free(names);
    }
    return eval_fail(c, line, col, RG_EINVALID,
                     "'%s' is not a field of any node kind (%s%s%sfields: id, name, kind, label, "
                     "or an attribute of the schema)",
                     name, near ? "did you mean '" : "", near ? near : "", near ? "'? " : "");
}

/* Checks every field of E before running it, so a typo is an error even on
 * an empty selection. */
static rg_status check_fields(evalc *c, const expr *e, const rg_table *t)
{
    if (e == NULL)
        return RG_OK;
    if (e->k == E_OR || e->k == E_AND || e->k == E_NOT) {
        for (size_t i = 0; i < e->nkids; i++) {
            rg_status st = check_fields(c, e->kids[i], t);
            if (st)
                return st;
        }
        return RG_OK;
    }
    if (t && rg_table_col(t, e->field) < 0)
        return no_column(c, e->line, e->col, t, e->field);
    if (!t && !field_known(c->g, e->field))
        return no_field(c, e->line, e->col, e->field);
    return RG_OK;
}

static int fval_cmp(const fval *x, const fval *y)
{
    if (!x->present || !y->present)
        return x->present == y->present ? 0 : x->present ? -2 : 2; /* missing last */
    if (x->s && y->s)
        return strcmp(x->s, y->s);
    if (x->v && y->v && x->v->type == y->v->type) {
        switch (x->v->type) {
        case RG_T_DATE: return rg_date_cmp(x->v->u.d, y->v->u.d);
        case RG_T_NUMBER: return (x->v->u.n > y->v->u.n) - (x->v->u.n < y->v->u.n);
        case RG_T_BOOL: return x->v->u.b - y->v->u.b;
        case RG_T_STRING: return strcmp(x->v->u.s, y->v->u.s);
        case RG_T_LIST: return 0;
        }
    }
    return 0;
}

/* What `sort` compares by, handed to the comparators (no file-scope state:
 * two queries may run at once on two threads). */
typedef struct sort_ctx {
    const rg_graph *g;
    const char *field;
    size_t col; /* of a table */
    int desc;
} sort_ctx;

static int node_sort_cmp(const void *a, const void *b, void *ctx)
{
    const sort_ctx *sc = ctx;
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    fval fx = node_field(sc->g, x, sc->field), fy = node_field(sc->g, y, sc->field);
    int c = fval_cmp(&fx, &fy);
    if (c == 2 || c == -2)
        return c / 2;
    if (c)
        return sc->desc ? -c : c;
    return strcmp(sc->g->nodes[x].id, sc->g->nodes[y].id);
}

static int row_sort_cmp(const rg_cell *a, const rg_cell *b, void *ctx)
{
    const sort_ctx *sc = ctx;
    size_t col = sc->col;
    const rg_cell *x = &a[col], *y = &b[col];
    if (x->type == RG_CELL_NULL || y->type == RG_CELL_NULL)
        return (x->type == RG_CELL_NULL) - (y->type == RG_CELL_NULL);
    int c = 0;
    if ((x->type == RG_CELL_INT || x->type == RG_CELL_REAL) &&
        (y->type == RG_CELL_INT || y->type == RG_CELL_REAL)) {
        double p = x->type == RG_CELL_INT ? (double)x->u.i : x->u.r;
        double q = y->type == RG_CELL_INT ? (double)y->u.i : y->u.r;
        c = (p > q) - (p < q);
    } else if (x->type == RG_CELL_TEXT && y->type == RG_CELL_TEXT) {
        c = strcmp(x->u.s, y->u.s);
    } else if (x->type == RG_CELL_BOOL && y->type == RG_CELL_BOOL) {
        c = x->u.b - y->u.b;
    }
    return sc->desc ? -c : c;
}

static rg_status kind_set(evalc *c, const stage *s, int nodes, unsigned char **out)
{
    size_t nk = nodes ? c->g->schema->n_node_kinds : c->g->schema->n_edge_kinds;
    unsigned char *f = calloc(nk ? nk : 1, 1);
    if (f == NULL)
        return eval_fail(c, s->line, s->col, RG_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->nnames; i++) {
        int k = nodes ? rg_schema_node_kind(c->g->schema, s->names[i].s)
                      : rg_schema_edge_kind(c->g->schema, s->names[i].s);
        if (k < 0) {
            /* the one message of every unknown name: what exists, the nearest */
            rg_buf b;
            rg_buf_init(&b);
            rg_name_check(c->g->schema, nodes ? RG_RT_NODE_KIND : RG_RT_EDGE_KIND, NULL,
                          s->names[i].s, &b);
            rg_status st =
                eval_fail(c, s->names[i].line, s->names[i].col, RG_EINVALID, "%s", rg_buf_str(&b));
            rg_buf_destroy(&b);
            free(f);
            return st;
        }
        f[k] = 1;
    }
    *out = f;
    return RG_OK;
}

/* Turns a node selection into a result: the table "nodes". */
static rg_status nodes_result(evalc *c, value *val)
{
    const rg_graph *g = c->g;
    rg_result *r = &val->res;
    rg_result_init(r, g, "nodes");
    rg_result_title(r, "Nodes");
    rg_result_note(r, "%zu node%s", val->n, val->n == 1 ? "" : "s");
    const char *defcols[3] = {"id", "kind", "name"};
    size_t nc = val->show ? val->show->nnames : 3;
    rg_table *t = rg_result_table(r, "nodes", "Nodes", RG_STYLE_COLUMNS, NULL);
    if (t == NULL)
        return rg_result_check(r, c->err);
    t->cols = rg_arena_alloc(&r->arena, nc * sizeof *t->cols);
    if (t->cols == NULL)
        return eval_fail(c, 0, 0, RG_ENOMEM, "out of memory");
    for (size_t i = 0; i < nc; i++) {
        const char *f = val->show ? val->show->names[i].s : defcols[i];
        if (val->show && !field_known(g, f))
            return no_field(c, val->show->names[i].line, val->show->names[i].col, f);
        t->cols[i] = f;
    }
    t->ncols = nc;
    rg_buf b;
    rg_buf_init(&b);
    for (size_t k = 0; k < val->n; k++) {
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        for (size_t i = 0; i < nc; i++) {
            fval f = node_field(g, val->nodes[k], t->cols[i]);
            if (f.s)
                rg_cell_str(&row[i], f.s);
            else if (f.v && f.v->type == RG_T_NUMBER)
                rg_cell_real(&row[i], f.v->u.n);
            else if (f.v && f.v->type == RG_T_BOOL)
                rg_cell_bool(&row[i], f.v->u.b);
            else if (f.v) {
                rg_buf_clear(&b);
                rg_value_format(f.v, &b);
                rg_cell_str(&row[i], rg_result_buf(r, &b));
            }
        }
    }
    rg_buf_destroy(&b);
    r->nodes = malloc((val->n ? val->n : 1) * sizeof *r->nodes);
    if (r->nodes) {
        memcpy(r->nodes, val->nodes, val->n * sizeof *r->nodes);
        r->nnodes = val->n;
        rg_sort_nodes(g, r->nodes, r->nnodes);
    } else {
        r->oom = 1;
    }
    val->is_nodes = 0;
    return rg_result_check(r, c->err);
}

static rg_status show_columns(evalc *c, const stage *s, rg_result *r)
{
    rg_table *t = &r->tables[0];
    size_t *idx = malloc(s->nnames * sizeof *idx);
    rg_cell *cells = malloc((t->nrows ? t->nrows : 1) * s->nnames * sizeof *cells);
    const char **cols = rg_arena_alloc(&r->arena, s->nnames * sizeof *cols);
    if (!idx || !cells || !cols) {
        free(idx);
        free(cells);
        return eval_fail(c, s->line, s->col, RG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < s->nnames; i++) {
        int k = rg_table_col(t, s->names[i].s);
        if (k < 0) {
            rg_status st = no_column(c, s->names[i].line, s->names[i].col, t, s->names[i].s);
            free(idx);
            free(cells);
            return st;
        }
        idx[i] = (size_t)k;
        cols[i] = t->cols[k];
    }
    for (size_t row = 0; row < t->nrows; row++)
        for (size_t i = 0; i < s->nnames; i++)
            cells[row * s->nnames + i] = *rg_table_cell(t, row, idx[i]);
    free(t->cells);
    t->cells = cells;
    t->caprows = t->nrows ? t->nrows : 1;
    t->cols = cols;
    t->ncols = s->nnames;
    free(idx);
    return RG_OK;
}

static rg_status run_nodes(evalc *c, const stage *s, value *val)
{
    const rg_graph *g = c->g;
    unsigned char *k = NULL;
    rg_status st;
    if (s->nnames && (st = kind_set(c, s, 1, &k)))
        return st;
    val->is_nodes = 1;
    val->nodes = malloc((g->nnodes ? g->nnodes : 1) * sizeof *val->nodes);
    if (val->nodes == NULL) {
        free(k);
        return eval_fail(c, s->line, s->col, RG_ENOMEM, "out of memory");
    }
    for (size_t v = 0; v < g->nnodes; v++)
        if (k == NULL || k[g->nodes[v].kind])
            val->nodes[val->n++] = (int64_t)v;
    free(k);
    rg_sort_nodes(g, val->nodes, val->n);
    return RG_OK;
}

static rg_status run_call(evalc *c, const stage *s, value *val)
{
    const rg_graph *g = c->g;
    unsigned char *subset = NULL;
    if (val->is_nodes) {
        subset = calloc(g->nnodes ? g->nnodes : 1, 1);
        if (subset == NULL)
            return eval_fail(c, s->line, s->col, RG_ENOMEM, "out of memory");
        for (size_t i = 0; i < val->n; i++)
            subset[val->nodes[i]] = 1;
    } else if (val->res.g) {
        return eval_fail(c, s->line, s->col, RG_EINVALID,
                         "'%s' runs on a selection of nodes, not on the table of an analysis",
                         s->call);
    }
    free(val->nodes);
    val->nodes = NULL;
    val->n = 0;
    val->is_nodes = 0;
    /* row sources stay when nothing but the output reads the table */
    int rows = c->q->rows_made && c->st;
    for (const stage *t = s + 1; rows && t < c->st->stages + c->st->nstages; t++)
        rows = t->k == S_OUTPUT;
    rg_status st = rg_call_rows(g, s->call, s->args, s->nargs, subset, rows, &val->res, c->err);
    free(subset);
    if (st != RG_OK && c->err) {
        if (c->err->line == 0) {
            c->err->line = s->line;
            c->err->column = s->col;
        }
        snprintf(c->err->file, sizeof c->err->file, "%s", c->q->name);
    }
    return st;
}

static rg_status run_where(evalc *c, const stage *s, value *val)
{
    rg_status st;
    if ((st = check_fields(c, s->where, val->is_nodes ? NULL : &val->res.tables[0])))
        return st;
    if (val->is_nodes) {
        size_t w = 0;
        for (size_t i = 0; i < val->n; i++) {
            int r = eval_expr(c, s->where, val->nodes[i], NULL, 0);
            if (r < 0)
                return c->err ? c->err->code : RG_EINVALID;
            if (r)
                val->nodes[w++] = val->nodes[i];
        }
        val->n = w;
        return RG_OK;
    }
    rg_table *t = &val->res.tables[0];
    unsigned char *keep = calloc(t->nrows ? t->nrows : 1, 1);
    if (keep == NULL)
        return eval_fail(c, s->line, s->col, RG_ENOMEM, "out of memory");
    for (size_t i = 0; i < t->nrows; i++) {
        int r = eval_expr(c, s->where, -1, t, i);
        if (r < 0) {
            free(keep);
            return c->err ? c->err->code : RG_EINVALID;
        }
        keep[i] = (unsigned char)r;
    }
    rg_result_keep_rows(&val->res, keep);
    free(keep);
    rg_result_note(&val->res, "filtered: %zu row%s", t->nrows, t->nrows == 1 ? "" : "s");
    return RG_OK;
}

static rg_status run_follow(evalc *c, const stage *s, value *val)
{
    const rg_graph *g = c->g;
    if (!val->is_nodes)
        return eval_fail(c, s->line, s->col, RG_EINVALID,
                         "'follow' runs on a selection of nodes, not on a table");
    unsigned char *k = NULL;
    rg_status st;
    if ((st = kind_set(c, s, 0, &k)))
        return st;
    unsigned char *in = calloc(g->nnodes ? g->nnodes : 1, 1);
    unsigned char *reach = calloc(g->nnodes ? g->nnodes : 1, 1);
    if (!in || !reach) {
        free(k);
        free(in);
        free(reach);
        return eval_fail(c, s->line, s->col, RG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < val->n; i++)
        in[val->nodes[i]] = 1;
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        if (!k[ed->kind])
            continue;
        if (s->dir != 2 && in[ed->from])
            reach[ed->to] = 1;
        if (s->dir != 1 && in[ed->to])
            reach[ed->from] = 1;
    }
    val->n = 0;
    for (size_t v = 0; v < g->nnodes; v++)
        if (reach[v])
            val->nodes[val->n++] = (int64_t)v;
    rg_sort_nodes(g, val->nodes, val->n);
    free(k);
    free(in);
    free(reach);
    return RG_OK;
}

static rg_status run_sort(evalc *c, const stage *s, value *val)
{
    sort_ctx sc = {c->g, s->names[0].s, 0, s->dir};
    if (val->is_nodes) {
        if (!field_known(c->g, s->names[0].s))
            return no_field(c, s->names[0].line, s->names[0].col, s->names[0].s);
        if (rg_sort(val->nodes, val->n, sizeof *val->nodes, node_sort_cmp, &sc) != 0)
            return eval_fail(c, s->line, s->col, RG_ENOMEM, "out of memory");
        return RG_OK;
    }
    rg_table *t = &val->res.tables[0];
    int col = rg_table_col(t, s->names[0].s);
    if (col < 0)
        return no_column(c, s->names[0].line, s->names[0].col, t, s->names[0].s);
    sc.col = (size_t)col;
    rg_table_sort(t, row_sort_cmp, &sc);
    return RG_OK;
}

static rg_status run_limit(evalc *c, const stage *s, value *val)
{
    if (val->is_nodes) {
        if ((size_t)s->limit < val->n)
            val->n = (size_t)s->limit;
    } else if ((size_t)s->limit < val->res.tables[0].nrows) {
        rg_table *t = &val->res.tables[0];
        unsigned char *keep = calloc(t->nrows, 1);
        if (keep == NULL)
            return eval_fail(c, s->line, s->col, RG_ENOMEM, "out of memory");
        memset(keep, 1, (size_t)s->limit);
        rg_result_keep_rows(&val->res, keep);
        free(keep);
    }
    return RG_OK;
}

static rg_status run_table(evalc *c, const stage *s, value *val)
{
    if (val->is_nodes)
        return eval_fail(c, s->line, s->col, RG_EINVALID,
                         "'table' chooses a table of an analysis, not of a node selection");
    if (rg_result_only_table(&val->res, s->names[0].s) == RG_OK)
        return RG_OK;
    rg_buf b;
    rg_buf_init(&b);
    const char *names[RG_RESULT_TABLES];
    for (size_t i = 0; i < val->res.ntables; i++) {
        rg_buf_printf(&b, "%s%s", i ? ", " : "", val->res.tables[i].name);
        names[i] = val->res.tables[i].name;
    }
    const char *near = rg_nearest(s->names[0].s, names, val->res.ntables);
    rg_status st = eval_fail(c, s->names[0].line, s->names[0].col, RG_EINVALID,
                             "the result of '%s' has no table '%s' (%s%s%sit has: %s)",
                             val->res.analysis, s->names[0].s, near ? "did you mean '" : "",
                             near ? near : "", near ? "'? " : "", rg_buf_str(&b));
    rg_buf_destroy(&b);
    return st;
}

static rg_status run_stage(evalc *c, const stage *s, value *val)
{
    switch (s->k) {
    case S_NODES: return run_nodes(c, s, val);
    case S_CALL: return run_call(c, s, val);
    case S_WHERE: return run_where(c, s, val);
    case S_FOLLOW: return run_follow(c, s, val);
    case S_SORT: return run_sort(c, s, val);
    case S_LIMIT: return run_limit(c, s, val);
    case S_SHOW:
        if (val->is_nodes) {
            val->show = s;
            return RG_OK;
        }
        return show_columns(c, s, &val->res);
    case S_TABLE: return run_table(c, s, val);
    case S_OUTPUT: val->out = s->out; return RG_OK;
    }
    return RG_OK;
}

rg_status rg_query_run(const rg_query *q, const rg_graph *g, rg_query_emit emit, void *ctx,
                       rg_error *err)
{
    evalc c = {q, g, err, 0, q->max_steps ? q->max_steps : RG_QUERY_MAX_STEPS, NULL};
    for (size_t i = 0; i < q->nstmts; i++) {
        const stmt *s = &q->stmts[i];
        c.st = s;
        value val;
        memset(&val, 0, sizeof val);
        rg_status st = RG_OK;
        for (size_t k = 0; k < s->nstages && st == RG_OK; k++)
            st = run_stage(&c, &s->stages[k], &val);
        if (st == RG_OK && val.is_nodes)
            st = nodes_result(&c, &val);
        if (st == RG_OK)
            st = emit(ctx, &val.res, val.out, err);
        free(val.nodes);
        rg_result_destroy(&val.res);
        if (st != RG_OK)
            return st;
    }
    return RG_OK;
}

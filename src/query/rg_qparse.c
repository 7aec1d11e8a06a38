/* rg_qparse.c: the parser of the query language: tokens into the syntax
 * tree of rg_qast.h (grammar: docs/query.md).
 *
 * Recursive descent.  A chain of `or` or of `and` is read by a loop into one
 * node with many operands, so the stack grows only with parentheses and
 * `not`, which are counted and refused past RG_QUERY_MAX_DEPTH; every list
 * is bounded by RG_QUERY_MAX_ITEMS, a pipeline by RG_QUERY_MAX_STAGES. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_near.h"
#include "rg_qast.h"

static void *alloc(qlex *lx, size_t n)
{
    void *p = rg_arena_alloc(&lx->q->arena, n ? n : 1);
    if (p == NULL)
        qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ENOMEM, "out of memory");
    return p;
}

static const char *const keywords[] = {"nodes", "where",  "follow", "sort", "limit", "show",
                                       "table", "output", "and",    "or",   "not",   "has",
                                       "in",    "true",   "false",  NULL};

static int parse_literal(qlex *lx, lit *l)
{
    memset(l, 0, sizeof *l);
    l->line = lx->tok.line;
    l->col = lx->tok.col;
    switch (lx->tok.t) {
    case T_STRING:
        l->t = L_STR;
        l->s = lx->tok.value;
        break;
    case T_NUMBER:
        l->t = L_NUM;
        if ((l->s = qlex_str(lx)) == NULL)
            return -1;
        l->n = strtod(l->s, NULL);
        break;
    case T_DATE:
        l->t = L_DATE;
        if ((l->s = qlex_str(lx)) == NULL)
            return -1;
        if (rg_date_parse(l->s, &l->d) != 0)
            return qlex_fail(lx, l->line, l->col, RG_ESYNTAX,
                             "'%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", l->s);
        break;
    case T_IDENT:
        if ((l->s = qlex_str(lx)) == NULL)
            return -1;
        if (strcmp(l->s, "true") == 0 || strcmp(l->s, "false") == 0) {
            l->t = L_BOOL;
            l->b = l->s[0] == 't';
        } else {
            l->t = L_WORD;
        }
        break;
    default: return qlex_expected(lx, "a value (a string, a number, a date, true or false)");
    }
    return qlex_next(lx);
}

static expr *parse_or(qlex *lx);
static expr *parse_unary(qlex *lx);

static expr *new_expr(qlex *lx, expr_kind k, int line, int col)
{
    expr *e = alloc(lx, sizeof *e);
    if (e) {
        e->k = k;
        e->line = line;
        e->col = col;
    }
    return e;
}

/* The values of `FIELD in [v, ...]` (the current token is '['). */
static int parse_in_list(qlex *lx, expr *e)
{
    lit tmp[RG_QUERY_MAX_ITEMS];
    size_t n = 0;
    if (qlex_next(lx) < 0)
        return -1;
    while (lx->tok.t != T_RBRACK) {
        if (n == RG_QUERY_MAX_ITEMS)
            return qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ELIMIT,
                             "too many values in a list (at most %d)", RG_QUERY_MAX_ITEMS);
        if (parse_literal(lx, &tmp[n++]) < 0)
            return -1;
        if (lx->tok.t == T_COMMA) {
            if (qlex_next(lx) < 0)
                return -1;
        } else if (lx->tok.t != T_RBRACK) {
            return qlex_expected(lx, "',' or ']'");
        }
    }
    if ((e->lits = alloc(lx, n * sizeof *e->lits)) == NULL)
        return -1;
    memcpy(e->lits, tmp, n * sizeof *tmp);
    e->nlits = n;
    return qlex_next(lx);
}

/* FIELD op VALUE, or FIELD in [...] (the current token is the field). */
static expr *parse_comparison(qlex *lx)
{
    for (const char *const *k = keywords; *k; k++)
        if (qlex_is_word(lx, *k)) {
            qlex_expected(lx, "a field name, 'not', 'has' or '('");
            return NULL;
        }
    expr *e = new_expr(lx, E_CMP, lx->tok.line, lx->tok.col);
    if (e == NULL || (e->field = qlex_str(lx)) == NULL || qlex_next(lx) < 0)
        return NULL;
    if (qlex_is_word(lx, "in")) {
        e->k = E_IN;
        if (qlex_next(lx) < 0)
            return NULL;
        if (lx->tok.t != T_LBRACK) {
            qlex_expected(lx, "'[' after 'in'");
            return NULL;
        }
        return parse_in_list(lx, e) < 0 ? NULL : e;
    }
    if (lx->tok.t == T_OP) {
        e->op = lx->tok.op;
        e->lits = alloc(lx, sizeof *e->lits);
        e->nlits = 1;
        if (e->lits == NULL || qlex_next(lx) < 0 || parse_literal(lx, e->lits) < 0)
            return NULL;
        return e;
    }
    qlex_expected(lx, "an operator (=, !=, <, <=, >, >=, ~) or 'in' after a field name");
    return NULL;
}

/* `not X` or `( X )`: the only places where the parser recurses, so the only
 * ones that count towards the depth limit. */
static expr *parse_nested(qlex *lx)
{
    int line = lx->tok.line, col = lx->tok.col;
    if (lx->depth >= RG_QUERY_MAX_DEPTH) {
        qlex_fail(lx, line, col, RG_ELIMIT,
                  "the condition is nested too deeply (at most %d levels)", RG_QUERY_MAX_DEPTH);
        return NULL;
    }
    lx->depth++;
    expr *e = NULL;
    if (lx->tok.t != T_LPAREN) {
        expr **kid;
        if (qlex_next(lx) < 0 || (e = new_expr(lx, E_NOT, line, col)) == NULL ||
            (kid = alloc(lx, sizeof *kid)) == NULL || (*kid = parse_unary(lx)) == NULL)
            e = NULL;
        else {
            e->kids = kid;
            e->nkids = 1;
        }
    } else if (qlex_next(lx) < 0 || (e = parse_or(lx)) == NULL) {
        e = NULL;
    } else if (lx->tok.t != T_RPAREN) {
        qlex_expected(lx, "')'");
        e = NULL;
    } else if (qlex_next(lx) < 0) {
        e = NULL;
    }
    lx->depth--;
    return e;
}

static expr *parse_unary(qlex *lx)
{
    if (qlex_is_word(lx, "not") || lx->tok.t == T_LPAREN)
        return parse_nested(lx);
    if (qlex_is_word(lx, "has")) {
        if (qlex_next(lx) < 0)
            return NULL;
        if (lx->tok.t != T_IDENT) {
            qlex_expected(lx, "a field name after 'has'");
            return NULL;
        }
        expr *e = new_expr(lx, E_HAS, lx->tok.line, lx->tok.col);
        if (e == NULL || (e->field = qlex_str(lx)) == NULL || qlex_next(lx) < 0)
            return NULL;
        return e;
    }
    if (lx->tok.t == T_IDENT)
        return parse_comparison(lx);
    qlex_expected(lx, "a condition (a field name, 'not', 'has' or '(')");
    return NULL;
}

/* OPERAND { WORD OPERAND }, WORD being "or" (operands: and-chains) or "and"
 * (operands: unary conditions), into one node of kind K with every operand
 * in order.  A single operand is returned as it is. */
static expr *parse_chain(qlex *lx, expr_kind k)
{
    const char *word = k == E_OR ? "or" : "and";
    expr *first = k == E_OR ? parse_chain(lx, E_AND) : parse_unary(lx);
    if (first == NULL || !qlex_is_word(lx, word))
        return first;
    expr *e = new_expr(lx, k, lx->tok.line, lx->tok.col);
    size_t n = 1, cap = 8;
    expr **kids = malloc(cap * sizeof *kids);
    if (e == NULL || kids == NULL) {
        free(kids);
        qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ENOMEM, "out of memory");
        return NULL;
    }
    kids[0] = first;
    while (qlex_is_word(lx, word)) {
        if (n == cap) {
            expr **nk = realloc(kids, 2 * cap * sizeof *kids);
            if (nk == NULL) {
                qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ENOMEM, "out of memory");
                break;
            }
            kids = nk;
            cap *= 2;
        }
        if (qlex_next(lx) < 0 ||
            (kids[n++] = k == E_OR ? parse_chain(lx, E_AND) : parse_unary(lx)) == NULL)
            break;
    }
    if (!lx->failed && (e->kids = alloc(lx, n * sizeof *kids)) != NULL) {
        memcpy(e->kids, kids, n * sizeof *kids);
        e->nkids = n;
    }
    free(kids);
    return lx->failed ? NULL : e;
}

static expr *parse_or(qlex *lx)
{
    return parse_chain(lx, E_OR);
}

/* IDENT { "," IDENT } into S->names. */
static int parse_names(qlex *lx, stage *s, const char *what)
{
    name_at tmp[RG_QUERY_MAX_ITEMS];
    size_t n = 0;
    for (;;) {
        if (lx->tok.t != T_IDENT)
            return qlex_expected(lx, what);
        if (n == RG_QUERY_MAX_ITEMS)
            return qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ELIMIT,
                             "too many names in a list (at most %d)", RG_QUERY_MAX_ITEMS);
        tmp[n].line = lx->tok.line;
        tmp[n].col = lx->tok.col;
        if ((tmp[n].s = qlex_str(lx)) == NULL || qlex_next(lx) < 0)
            return -1;
        n++;
        if (lx->tok.t != T_COMMA)
            break;
        if (qlex_next(lx) < 0)
            return -1;
    }
    if ((s->names = alloc(lx, n * sizeof *s->names)) == NULL)
        return -1;
    memcpy(s->names, tmp, n * sizeof *tmp);
    s->nnames = n;
    return 0;
}

static int parse_call(qlex *lx, stage *s)
{
    s->k = S_CALL;
    if ((s->call = qlex_str(lx)) == NULL || qlex_next(lx) < 0)
        return -1;
    if (lx->tok.t != T_LPAREN)
        return 0;
    if (qlex_next(lx) < 0)
        return -1;
    rg_arg tmp[RG_MAX_PARAMS];
    size_t n = 0;
    while (lx->tok.t != T_RPAREN) {
        if (n == RG_MAX_PARAMS)
            return qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ELIMIT,
                             "too many arguments (at most %d)", RG_MAX_PARAMS);
        if (lx->tok.t != T_IDENT)
            return qlex_expected(lx, "a parameter name (name: value) or ')'");
        tmp[n].line = lx->tok.line;
        tmp[n].column = lx->tok.col;
        if ((tmp[n].name = qlex_str(lx)) == NULL || qlex_next(lx) < 0)
            return -1;
        if (lx->tok.t != T_COLON)
            return qlex_expected(lx, "':' after the parameter name");
        if (qlex_next(lx) < 0)
            return -1;
        lit l;
        if (parse_literal(lx, &l) < 0)
            return -1;
        tmp[n].value = l.s ? l.s : "";
        n++;
        if (lx->tok.t == T_COMMA) {
            if (qlex_next(lx) < 0)
                return -1;
        } else if (lx->tok.t != T_RPAREN) {
            return qlex_expected(lx, "',' or ')'");
        }
    }
    if ((s->args = alloc(lx, n * sizeof *s->args)) == NULL)
        return -1;
    memcpy(s->args, tmp, n * sizeof *tmp);
    s->nargs = n;
    return qlex_next(lx);
}

/* The first stage: `nodes [KIND, ...]` (an analysis is read by the caller). */
static int parse_source(qlex *lx, stage *s)
{
    if (!qlex_is_word(lx, "nodes")) {
        /* a misspelt analysis: say which one was meant */
        const char *names[RG_MAX_PARAMS + 1];
        size_t n = 0;
        names[n++] = "nodes";
        for (size_t i = 0; i < rg_nanalyses && n < RG_MAX_PARAMS; i++)
            names[n++] = rg_analyses[i]->name;
        char word[64] = "";
        if (lx->tok.t == T_IDENT && lx->tok.len < sizeof word) {
            memcpy(word, lx->tok.start, lx->tok.len);
            word[lx->tok.len] = '\0';
        }
        const char *near = word[0] ? rg_nearest(word, names, n) : NULL;
        if (near) {
            char what[160];
            snprintf(what, sizeof what, "'nodes' or an analysis (did you mean '%s'?)", near);
            return qlex_expected(lx, what);
        }
        return qlex_expected(lx, "'nodes' or an analysis (gaps, risks, central, interlocks, "
                                 "clusters, audit, paths)");
    }
    s->k = S_NODES;
    if (qlex_next(lx) < 0)
        return -1;
    if (lx->tok.t == T_IDENT && !qlex_is_word(lx, "where"))
        return parse_names(lx, s, "a node kind");
    return 0;
}

static int parse_follow(qlex *lx, stage *s)
{
    s->k = S_FOLLOW;
    if (qlex_next(lx) < 0 || parse_names(lx, s, "an edge kind after 'follow'") < 0)
        return -1;
    if (qlex_is_word(lx, "out") || qlex_is_word(lx, "in") || qlex_is_word(lx, "both")) {
        s->dir = qlex_is_word(lx, "out") ? 1 : qlex_is_word(lx, "in") ? 2 : 0;
        return qlex_next(lx);
    }
    return 0;
}

static int parse_sort(qlex *lx, stage *s)
{
    s->k = S_SORT;
    if (qlex_next(lx) < 0)
        return -1;
    if (lx->tok.t != T_IDENT)
        return qlex_expected(lx, "a field name after 'sort'");
    if (parse_names(lx, s, "a field name") < 0)
        return -1;
    if (s->nnames != 1)
        return qlex_fail(lx, s->names[1].line, s->names[1].col, RG_ESYNTAX, "sort takes one field");
    if (qlex_is_word(lx, "desc") || qlex_is_word(lx, "asc")) {
        s->dir = qlex_is_word(lx, "desc");
        return qlex_next(lx);
    }
    return 0;
}

static int parse_limit(qlex *lx, stage *s)
{
    s->k = S_LIMIT;
    if (qlex_next(lx) < 0)
        return -1;
    if (lx->tok.t != T_NUMBER)
        return qlex_expected(lx, "a whole number after 'limit'");
    char buf[32];
    snprintf(buf, sizeof buf, "%.*s", (int)(lx->tok.len < 31 ? lx->tok.len : 31), lx->tok.start);
    char *end;
    errno = 0;
    s->limit = strtol(buf, &end, 10);
    if (*end || errno || s->limit < 0 || s->limit > 100000000)
        return qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ESYNTAX,
                         "limit takes a whole number from 0 to 100000000");
    return qlex_next(lx);
}

static int parse_table(qlex *lx, stage *s)
{
    s->k = S_TABLE;
    if (qlex_next(lx) < 0)
        return -1;
    if (parse_names(lx, s, "a table name after 'table'") < 0)
        return -1;
    if (s->nnames != 1)
        return qlex_fail(lx, s->names[1].line, s->names[1].col, RG_ESYNTAX, "table takes one name");
    return 0;
}

static int parse_output(qlex *lx, stage *s)
{
    s->k = S_OUTPUT;
    if (qlex_next(lx) < 0)
        return -1;
    if (qlex_is_word(lx, "table"))
        s->out = RG_OUT_TABLE;
    else if (qlex_is_word(lx, "json"))
        s->out = RG_OUT_JSON;
    else if (qlex_is_word(lx, "subgraph"))
        s->out = RG_OUT_SUBGRAPH;
    else
        return qlex_expected(lx, "'table', 'json' or 'subgraph' after 'output'");
    return qlex_next(lx);
}

static int parse_stage(qlex *lx, stage *s, int first)
{
    memset(s, 0, sizeof *s);
    s->line = lx->tok.line;
    s->col = lx->tok.col;
    if (lx->tok.t == T_IDENT && rg_analysis_find_n(lx->tok.start, lx->tok.len))
        return parse_call(lx, s);
    if (first)
        return parse_source(lx, s);
    if (qlex_is_word(lx, "where")) {
        s->k = S_WHERE;
        if (qlex_next(lx) < 0)
            return -1;
        lx->depth = 0;
        return (s->where = parse_or(lx)) ? 0 : -1;
    }
    if (qlex_is_word(lx, "follow"))
        return parse_follow(lx, s);
    if (qlex_is_word(lx, "sort"))
        return parse_sort(lx, s);
    if (qlex_is_word(lx, "limit"))
        return parse_limit(lx, s);
    if (qlex_is_word(lx, "show")) {
        s->k = S_SHOW;
        if (qlex_next(lx) < 0)
            return -1;
        return parse_names(lx, s, "a field name after 'show'");
    }
    if (qlex_is_word(lx, "table"))
        return parse_table(lx, s);
    if (qlex_is_word(lx, "output"))
        return parse_output(lx, s);
    return qlex_expected(
        lx, "a stage (where, follow, sort, limit, show, table, output, or an analysis)");
}

static int parse_statement(qlex *lx, stmt *st)
{
    stage tmp[RG_QUERY_MAX_STAGES];
    size_t n = 0;
    if (parse_stage(lx, &tmp[n++], 1) < 0)
        return -1;
    while (lx->tok.t == T_PIPE) {
        if (qlex_next(lx) < 0)
            return -1;
        if (n == RG_QUERY_MAX_STAGES)
            return qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ELIMIT,
                             "too many stages in one statement (at most %d)", RG_QUERY_MAX_STAGES);
        if (parse_stage(lx, &tmp[n++], 0) < 0)
            return -1;
    }
    if (lx->tok.t != T_SEMI && lx->tok.t != T_EOF)
        return qlex_expected(lx, "'|' or ';'");
    if ((st->stages = alloc(lx, n * sizeof *st->stages)) == NULL)
        return -1;
    memcpy(st->stages, tmp, n * sizeof *tmp);
    st->nstages = n;
    return 0;
}

void rg_query_write_rows(rg_query *q)
{
    q->rows_made = 1;
}

void rg_query_set_max_steps(rg_query *q, size_t n)
{
    q->max_steps = n;
}

void rg_query_free(rg_query *q)
{
    if (q == NULL)
        return;
    free(q->name);
    free(q->text);
    free(q->stmts);
    rg_arena_destroy(&q->arena);
    free(q);
}

static rg_query *query_new(const char *name, const char *text, size_t len)
{
    rg_query *q = calloc(1, sizeof *q);
    if (q == NULL)
        return NULL;
    rg_arena_init(&q->arena);
    q->name = strdup(name ? name : "query");
    q->text = malloc(len + 1);
    if (q->name == NULL || q->text == NULL) {
        rg_query_free(q);
        return NULL;
    }
    memcpy(q->text, text, len);
    q->text[len] = '\0';
    q->len = len;
    return q;
}

/* Statements separated by ';' (empty ones skipped) up to the end. */
static int parse_statements(qlex *lx, rg_query *q)
{
    while (lx->tok.t != T_EOF) {
        if (lx->tok.t == T_SEMI) {
            if (qlex_next(lx) < 0)
                return -1;
            continue;
        }
        if (q->nstmts == RG_QUERY_MAX_STATEMENTS)
            return qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ELIMIT,
                             "too many statements (at most %d)", RG_QUERY_MAX_STATEMENTS);
        stmt *s = realloc(q->stmts, (q->nstmts + 1) * sizeof *s);
        if (s == NULL)
            return qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ENOMEM, "out of memory");
        q->stmts = s;
        if (parse_statement(lx, &q->stmts[q->nstmts]) < 0)
            return -1;
        q->nstmts++;
    }
    if (q->nstmts == 0)
        return qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ESYNTAX,
                         "the query is empty: expected 'nodes' or an analysis");
    return 0;
}

rg_status rg_query_parse(const char *name, const char *text, size_t len, rg_query **out,
                         rg_error *err)
{
    *out = NULL;
    if (len > RG_QUERY_MAX_LEN)
        return rg_error_set(err, RG_ELIMIT, name, 0, 0,
                            "the query is too long (%zu bytes; at most %d)", len, RG_QUERY_MAX_LEN);
    if (memchr(text, '\0', len))
        return rg_error_set(err, RG_ESYNTAX, name, 0, 0, "the query contains a NUL byte");
    rg_query *q = query_new(name, text, len);
    if (q == NULL)
        return rg_error_set(err, RG_ENOMEM, name, 0, 0, "out of memory");
    qlex lx;
    if (qlex_start(&lx, q, err) < 0 || parse_statements(&lx, q) < 0) {
        rg_query_free(q);
        return err ? err->code : RG_ESYNTAX;
    }
    *out = q;
    return RG_OK;
}

rg_status rg_query_from_call(const char *analysis, const rg_arg *args, size_t nargs, rg_query **out,
                             rg_error *err)
{
    *out = NULL;
    rg_query *q = query_new(analysis, "", 0);
    stmt *s = q ? calloc(1, sizeof *s) : NULL;
    if (s == NULL) {
        rg_query_free(q);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    q->stmts = s;
    q->nstmts = 1;
    s->stages = rg_arena_alloc(&q->arena, sizeof *s->stages);
    rg_arg *a = rg_arena_alloc(&q->arena, (nargs ? nargs : 1) * sizeof *a);
    char *name = rg_arena_strdup(&q->arena, analysis);
    if (s->stages == NULL || a == NULL || name == NULL) {
        rg_query_free(q);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    memcpy(a, args, nargs * sizeof *a);
    s->nstages = 1;
    s->stages[0].k = S_CALL;
    s->stages[0].call = name;
    s->stages[0].args = a;
    s->stages[0].nargs = nargs;
    *out = q;
    return RG_OK;
}

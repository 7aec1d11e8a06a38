/* rg_query.c: the lexer, parser and evaluator of the query language.
 *
 * Positions flow from the lexer into every AST node, so an error found while
 * parsing or while running (an unknown kind, a value that is not a date)
 * points at the token that caused it.  Recursion is bounded by
 * RG_QUERY_MAX_DEPTH; every list by RG_QUERY_MAX_ITEMS. */
#include "rg_query.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../analysis/rg_analysis.h"
#include "../analysis/rg_links.h"

/* ---- AST ------------------------------------------------------------------ */

typedef enum { L_STR, L_NUM, L_DATE, L_BOOL, L_WORD } lit_type;

typedef struct lit {
    lit_type t;
    const char *s; /* the text as written (unquoted for strings) */
    double n;
    rg_date d;
    int b;
    int line, col;
} lit;

typedef enum { E_OR, E_AND, E_NOT, E_CMP, E_HAS, E_IN } expr_kind;
typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_MATCH } cmp_op;

typedef struct expr {
    expr_kind k;
    struct expr *a, *b;
    const char *field;
    int line, col; /* of the field, or of the operator for and/or/not */
    cmp_op op;
    lit *lits;
    size_t nlits;
} expr;

typedef enum {
    S_NODES,
    S_CALL,
    S_WHERE,
    S_FOLLOW,
    S_SORT,
    S_LIMIT,
    S_SHOW,
    S_TABLE,
    S_OUTPUT
} stage_kind;

typedef struct name_at {
    const char *s;
    int line, col;
} name_at;

typedef struct stage {
    stage_kind k;
    int line, col;
    name_at *names; /* kinds, fields */
    size_t nnames;
    int dir; /* follow: 0 both, 1 out, 2 in; sort: 1 descending */
    long limit;
    expr *where;
    const char *call;
    rg_arg *args;
    size_t nargs;
    rg_output out;
} stage;

typedef struct stmt {
    stage *stages;
    size_t nstages;
} stmt;

struct rg_query {
    char *name;
    char *text;
    size_t len;
    stmt *stmts;
    size_t nstmts;
    rg_arena arena;
};

/* ---- lexer ------------------------------------------------------------------ */

typedef enum {
    T_EOF,
    T_IDENT,
    T_STRING,
    T_NUMBER,
    T_DATE,
    T_PIPE,
    T_SEMI,
    T_LPAREN,
    T_RPAREN,
    T_LBRACK,
    T_RBRACK,
    T_COMMA,
    T_COLON,
    T_OP
} tok_type;

typedef struct token {
    tok_type t;
    const char *start;
    size_t len;
    int line, col;
    char *value; /* strings: unescaped, in the arena */
    cmp_op op;
} token;

typedef struct parser {
    rg_query *q;
    const char *p, *end;
    int line, col;
    token tok; /* the current token */
    rg_error *err;
    int failed;
    int depth;
} parser;

static int fail_at(parser *ps, int line, int col, rg_status code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail_at(parser *ps, int line, int col, rg_status code, const char *fmt, ...)
{
    if (ps->failed)
        return -1;
    ps->failed = 1;
    if (ps->err) {
        char text[RG_ERROR_TEXT];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(text, sizeof text, fmt, ap);
        va_end(ap);
        rg_error_set(ps->err, code, ps->q->name, line, col, "%s", text);
    }
    return -1;
}

/* What the current token is, for "expected X, found Y". */
static void tok_desc(const token *t, char *buf, size_t n)
{
    if (t->t == T_EOF)
        snprintf(buf, n, "the end of the query");
    else
        snprintf(buf, n, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->start);
}

static int expected(parser *ps, const char *what)
{
    char found[64];
    tok_desc(&ps->tok, found, sizeof found);
    return fail_at(ps, ps->tok.line, ps->tok.col, RG_ESYNTAX, "expected %s, found %s", what, found);
}

static void advance_char(parser *ps)
{
    if (*ps->p == '\n') {
        ps->line++;
        ps->col = 1;
    } else if (((unsigned char)*ps->p & 0xC0) != 0x80) {
        ps->col++;
    }
    ps->p++;
}

static int next(parser *ps)
{
    /* where the previous token ended: the end of the query is reported
     * there, not on an empty line after the last newline or comment */
    int end_line = ps->line, end_col = ps->col;
    for (;;) {
        while (ps->p < ps->end && isspace((unsigned char)*ps->p))
            advance_char(ps);
        if (ps->p < ps->end && *ps->p == '#') {
            while (ps->p < ps->end && *ps->p != '\n')
                advance_char(ps);
            continue;
        }
        break;
    }
    token *t = &ps->tok;
    memset(t, 0, sizeof *t);
    t->start = ps->p;
    t->line = ps->line;
    t->col = ps->col;
    if (ps->p >= ps->end) {
        t->t = T_EOF;
        t->line = end_line;
        t->col = end_col;
        return 0;
    }
    unsigned char c = (unsigned char)*ps->p;
    if (isalpha(c) || c == '_') {
        while (ps->p < ps->end && (isalnum((unsigned char)*ps->p) || *ps->p == '_'))
            advance_char(ps);
        t->t = T_IDENT;
    } else if (isdigit(c)) {
        /* a date (YYYY-MM or YYYY-MM-DD) or a number */
        const char *s = ps->p;
        size_t n = 0;
        while (s + n < ps->end && isdigit((unsigned char)s[n]))
            n++;
        if (n == 4 && s + 7 <= ps->end && s[4] == '-' && isdigit((unsigned char)s[5]) &&
            isdigit((unsigned char)s[6])) {
            size_t dl = 7;
            if (s + 10 <= ps->end && s[7] == '-' && isdigit((unsigned char)s[8]) &&
                isdigit((unsigned char)s[9]))
                dl = 10;
            for (size_t i = 0; i < dl; i++)
                advance_char(ps);
            t->t = T_DATE;
        } else {
            for (size_t i = 0; i < n; i++)
                advance_char(ps);
            if (ps->p + 1 < ps->end && *ps->p == '.' && isdigit((unsigned char)ps->p[1])) {
                advance_char(ps);
                while (ps->p < ps->end && isdigit((unsigned char)*ps->p))
                    advance_char(ps);
            }
            t->t = T_NUMBER;
        }
        if (ps->p < ps->end && (isalpha((unsigned char)*ps->p) || *ps->p == '_'))
            return fail_at(ps, t->line, t->col, RG_ESYNTAX,
                           "a number runs into a word: put a space between them or quote it");
    } else if (c == '"' || c == '\'') {
        char quote = (char)c;
        rg_buf b;
        rg_buf_init(&b);
        advance_char(ps);
        for (;;) {
            if (ps->p >= ps->end || *ps->p == '\n') {
                rg_buf_destroy(&b);
                return fail_at(ps, t->line, t->col, RG_ESYNTAX,
                               "unterminated string: it needs a closing %c on the same line",
                               quote);
            }
            if (*ps->p == quote) {
                advance_char(ps);
                break;
            }
            if (*ps->p == '\\') {
                int el = ps->line, ec = ps->col;
                advance_char(ps);
                char e = ps->p < ps->end ? *ps->p : '\0';
                if (e == 'n')
                    rg_buf_putc(&b, '\n');
                else if (e == 't')
                    rg_buf_putc(&b, '\t');
                else if (e == '\\' || e == '"' || e == '\'')
                    rg_buf_putc(&b, e);
                else {
                    rg_buf_destroy(&b);
                    return fail_at(ps, el, ec, RG_ESYNTAX,
                                   "unknown escape in a string: use \\\\, \\\", \\', \\n or \\t");
                }
                advance_char(ps);
                continue;
            }
            rg_buf_putc(&b, *ps->p);
            advance_char(ps);
        }
        t->value = rg_arena_strdup(&ps->q->arena, rg_buf_str(&b));
        rg_buf_destroy(&b);
        if (t->value == NULL)
            return fail_at(ps, t->line, t->col, RG_ENOMEM, "out of memory");
        t->t = T_STRING;
    } else {
        advance_char(ps);
        char d = ps->p < ps->end ? *ps->p : '\0';
        switch (c) {
        case '|': t->t = T_PIPE; break;
        case ';': t->t = T_SEMI; break;
        case '(': t->t = T_LPAREN; break;
        case ')': t->t = T_RPAREN; break;
        case '[': t->t = T_LBRACK; break;
        case ']': t->t = T_RBRACK; break;
        case ',': t->t = T_COMMA; break;
        case ':': t->t = T_COLON; break;
        case '=':
            t->t = T_OP;
            t->op = OP_EQ;
            if (d == '=')
                advance_char(ps);
            break;
        case '~':
            t->t = T_OP;
            t->op = OP_MATCH;
            break;
        case '!':
            if (d != '=')
                return fail_at(ps, t->line, t->col, RG_ESYNTAX,
                               "unexpected '!': did you mean '!=' (or 'not')?");
            advance_char(ps);
            t->t = T_OP;
            t->op = OP_NE;
            break;
        case '<':
        case '>':
            t->t = T_OP;
            t->op = c == '<' ? OP_LT : OP_GT;
            if (d == '=') {
                advance_char(ps);
                t->op = c == '<' ? OP_LE : OP_GE;
            }
            break;
        default: {
            int n = 1; /* the whole UTF-8 character */
            while (ps->p < ps->end && ((unsigned char)*ps->p & 0xC0) == 0x80 && n < 4) {
                advance_char(ps);
                n++;
            }
            return fail_at(ps, t->line, t->col, RG_ESYNTAX, "unexpected character '%.*s'", n,
                           t->start);
        }
        }
    }
    t->len = (size_t)(ps->p - t->start);
    return 0;
}

static int is_word(const parser *ps, const char *w)
{
    return ps->tok.t == T_IDENT && ps->tok.len == strlen(w) &&
           strncmp(ps->tok.start, w, ps->tok.len) == 0;
}

static char *tok_str(parser *ps)
{
    char *s = rg_arena_strndup(&ps->q->arena, ps->tok.start, ps->tok.len);
    if (s == NULL)
        fail_at(ps, ps->tok.line, ps->tok.col, RG_ENOMEM, "out of memory");
    return s;
}

static void *alloc(parser *ps, size_t n)
{
    void *p = rg_arena_alloc(&ps->q->arena, n ? n : 1);
    if (p == NULL)
        fail_at(ps, ps->tok.line, ps->tok.col, RG_ENOMEM, "out of memory");
    return p;
}

/* ---- parser ------------------------------------------------------------------ */

static const char *const keywords[] = {"nodes", "where",  "follow", "sort", "limit", "show",
                                       "table", "output", "and",    "or",   "not",   "has",
                                       "in",    "true",   "false",  NULL};

static int parse_literal(parser *ps, lit *l)
{
    memset(l, 0, sizeof *l);
    l->line = ps->tok.line;
    l->col = ps->tok.col;
    switch (ps->tok.t) {
    case T_STRING:
        l->t = L_STR;
        l->s = ps->tok.value;
        break;
    case T_NUMBER:
        l->t = L_NUM;
        if ((l->s = tok_str(ps)) == NULL)
            return -1;
        l->n = strtod(l->s, NULL);
        break;
    case T_DATE:
        l->t = L_DATE;
        if ((l->s = tok_str(ps)) == NULL)
            return -1;
        if (rg_date_parse(l->s, &l->d) != 0)
            return fail_at(ps, l->line, l->col, RG_ESYNTAX,
                           "'%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", l->s);
        break;
    case T_IDENT:
        if ((l->s = tok_str(ps)) == NULL)
            return -1;
        if (strcmp(l->s, "true") == 0 || strcmp(l->s, "false") == 0) {
            l->t = L_BOOL;
            l->b = l->s[0] == 't';
        } else {
            l->t = L_WORD;
        }
        break;
    default: return expected(ps, "a value (a string, a number, a date, true or false)");
    }
    return next(ps);
}

static expr *parse_or(parser *ps);

static expr *new_expr(parser *ps, expr_kind k, int line, int col)
{
    expr *e = alloc(ps, sizeof *e);
    if (e) {
        e->k = k;
        e->line = line;
        e->col = col;
    }
    return e;
}

static expr *parse_unary(parser *ps)
{
    if (++ps->depth > RG_QUERY_MAX_DEPTH) {
        fail_at(ps, ps->tok.line, ps->tok.col, RG_ELIMIT,
                "the condition is nested too deeply (at most %d levels)", RG_QUERY_MAX_DEPTH);
        return NULL;
    }
    expr *e = NULL;
    int line = ps->tok.line, col = ps->tok.col;
    if (is_word(ps, "not")) {
        if (next(ps) < 0 || (e = new_expr(ps, E_NOT, line, col)) == NULL ||
            (e->a = parse_unary(ps)) == NULL)
            e = NULL;
    } else if (ps->tok.t == T_LPAREN) {
        if (next(ps) < 0 || (e = parse_or(ps)) == NULL)
            e = NULL;
        else if (ps->tok.t != T_RPAREN) {
            expected(ps, "')'");
            e = NULL;
        } else if (next(ps) < 0)
            e = NULL;
    } else if (is_word(ps, "has")) {
        if (next(ps) < 0)
            e = NULL;
        else if (ps->tok.t != T_IDENT) {
            expected(ps, "a field name after 'has'");
        } else if ((e = new_expr(ps, E_HAS, ps->tok.line, ps->tok.col)) != NULL &&
                   ((e->field = tok_str(ps)) == NULL || next(ps) < 0))
            e = NULL;
    } else if (ps->tok.t == T_IDENT) {
        int kw = 0;
        for (const char *const *k = keywords; *k; k++)
            kw |= is_word(ps, *k);
        if (kw) {
            expected(ps, "a field name, 'not', 'has' or '('");
            ps->depth--;
            return NULL;
        }
        e = new_expr(ps, E_CMP, line, col);
        if (e == NULL || (e->field = tok_str(ps)) == NULL || next(ps) < 0) {
            ps->depth--;
            return NULL;
        }
        if (is_word(ps, "in")) {
            e->k = E_IN;
            if (next(ps) < 0)
                e = NULL;
            else if (ps->tok.t != T_LBRACK) {
                expected(ps, "'[' after 'in'");
                e = NULL;
            } else {
                lit tmp[RG_QUERY_MAX_ITEMS];
                size_t n = 0;
                if (next(ps) < 0)
                    e = NULL;
                while (e && ps->tok.t != T_RBRACK) {
                    if (n == RG_QUERY_MAX_ITEMS) {
                        fail_at(ps, ps->tok.line, ps->tok.col, RG_ELIMIT,
                                "too many values in a list (at most %d)", RG_QUERY_MAX_ITEMS);
                        e = NULL;
                        break;
                    }
                    if (parse_literal(ps, &tmp[n++]) < 0) {
                        e = NULL;
                        break;
                    }
                    if (ps->tok.t == T_COMMA) {
                        if (next(ps) < 0)
                            e = NULL;
                    } else if (ps->tok.t != T_RBRACK) {
                        expected(ps, "',' or ']'");
                        e = NULL;
                    }
                }
                if (e && (e->lits = alloc(ps, n * sizeof *e->lits)) != NULL) {
                    memcpy(e->lits, tmp, n * sizeof *tmp);
                    e->nlits = n;
                    if (next(ps) < 0)
                        e = NULL;
                } else {
                    e = NULL;
                }
            }
        } else if (ps->tok.t == T_OP) {
            e->op = ps->tok.op;
            e->lits = alloc(ps, sizeof *e->lits);
            e->nlits = 1;
            if (e->lits == NULL || next(ps) < 0 || parse_literal(ps, e->lits) < 0)
                e = NULL;
        } else {
            expected(ps, "an operator (=, !=, <, <=, >, >=, ~) or 'in' after a field name");
            e = NULL;
        }
    } else {
        expected(ps, "a condition (a field name, 'not', 'has' or '(')");
    }
    ps->depth--;
    return e;
}

static expr *parse_and(parser *ps)
{
    expr *a = parse_unary(ps);
    while (a && is_word(ps, "and")) {
        expr *e = new_expr(ps, E_AND, ps->tok.line, ps->tok.col);
        if (e == NULL || next(ps) < 0)
            return NULL;
        e->a = a;
        if ((e->b = parse_unary(ps)) == NULL)
            return NULL;
        a = e;
    }
    return a;
}

static expr *parse_or(parser *ps)
{
    expr *a = parse_and(ps);
    while (a && is_word(ps, "or")) {
        expr *e = new_expr(ps, E_OR, ps->tok.line, ps->tok.col);
        if (e == NULL || next(ps) < 0)
            return NULL;
        e->a = a;
        if ((e->b = parse_and(ps)) == NULL)
            return NULL;
        a = e;
    }
    return a;
}

/* IDENT { "," IDENT } into S->names. */
static int parse_names(parser *ps, stage *s, const char *what)
{
    name_at tmp[RG_QUERY_MAX_ITEMS];
    size_t n = 0;
    for (;;) {
        if (ps->tok.t != T_IDENT)
            return expected(ps, what);
        if (n == RG_QUERY_MAX_ITEMS)
            return fail_at(ps, ps->tok.line, ps->tok.col, RG_ELIMIT,
                           "too many names in a list (at most %d)", RG_QUERY_MAX_ITEMS);
        tmp[n].line = ps->tok.line;
        tmp[n].col = ps->tok.col;
        if ((tmp[n].s = tok_str(ps)) == NULL || next(ps) < 0)
            return -1;
        n++;
        if (ps->tok.t != T_COMMA)
            break;
        if (next(ps) < 0)
            return -1;
    }
    if ((s->names = alloc(ps, n * sizeof *s->names)) == NULL)
        return -1;
    memcpy(s->names, tmp, n * sizeof *tmp);
    s->nnames = n;
    return 0;
}

static int parse_call(parser *ps, stage *s)
{
    s->k = S_CALL;
    if ((s->call = tok_str(ps)) == NULL || next(ps) < 0)
        return -1;
    if (ps->tok.t != T_LPAREN)
        return 0;
    if (next(ps) < 0)
        return -1;
    rg_arg tmp[RG_MAX_PARAMS];
    size_t n = 0;
    while (ps->tok.t != T_RPAREN) {
        if (n == RG_MAX_PARAMS)
            return fail_at(ps, ps->tok.line, ps->tok.col, RG_ELIMIT,
                           "too many arguments (at most %d)", RG_MAX_PARAMS);
        if (ps->tok.t != T_IDENT)
            return expected(ps, "a parameter name (name: value) or ')'");
        tmp[n].line = ps->tok.line;
        tmp[n].column = ps->tok.col;
        if ((tmp[n].name = tok_str(ps)) == NULL || next(ps) < 0)
            return -1;
        if (ps->tok.t != T_COLON)
            return expected(ps, "':' after the parameter name");
        if (next(ps) < 0)
            return -1;
        lit l;
        if (parse_literal(ps, &l) < 0)
            return -1;
        tmp[n].value = l.s ? l.s : "";
        n++;
        if (ps->tok.t == T_COMMA) {
            if (next(ps) < 0)
                return -1;
        } else if (ps->tok.t != T_RPAREN) {
            return expected(ps, "',' or ')'");
        }
    }
    if ((s->args = alloc(ps, n * sizeof *s->args)) == NULL)
        return -1;
    memcpy(s->args, tmp, n * sizeof *tmp);
    s->nargs = n;
    return next(ps);
}

static int parse_stage(parser *ps, stage *s, int first)
{
    memset(s, 0, sizeof *s);
    s->line = ps->tok.line;
    s->col = ps->tok.col;
    if (ps->tok.t == T_IDENT && rg_analysis_find_n(ps->tok.start, ps->tok.len))
        return parse_call(ps, s);
    if (first) {
        if (!is_word(ps, "nodes"))
            return expected(ps, "'nodes' or an analysis (gaps, risks, central, interlocks, "
                                "clusters, audit, paths)");
        s->k = S_NODES;
        if (next(ps) < 0)
            return -1;
        if (ps->tok.t == T_IDENT && !is_word(ps, "where"))
            return parse_names(ps, s, "a node kind");
        return 0;
    }
    if (is_word(ps, "where")) {
        s->k = S_WHERE;
        if (next(ps) < 0)
            return -1;
        ps->depth = 0;
        return (s->where = parse_or(ps)) ? 0 : -1;
    }
    if (is_word(ps, "follow")) {
        s->k = S_FOLLOW;
        if (next(ps) < 0 || parse_names(ps, s, "an edge kind after 'follow'") < 0)
            return -1;
        if (is_word(ps, "out") || is_word(ps, "in") || is_word(ps, "both")) {
            s->dir = is_word(ps, "out") ? 1 : is_word(ps, "in") ? 2 : 0;
            return next(ps);
        }
        return 0;
    }
    if (is_word(ps, "sort")) {
        s->k = S_SORT;
        if (next(ps) < 0)
            return -1;
        if (ps->tok.t != T_IDENT)
            return expected(ps, "a field name after 'sort'");
        if (parse_names(ps, s, "a field name") < 0)
            return -1;
        if (s->nnames != 1)
            return fail_at(ps, s->names[1].line, s->names[1].col, RG_ESYNTAX,
                           "sort takes one field");
        if (is_word(ps, "desc") || is_word(ps, "asc")) {
            s->dir = is_word(ps, "desc");
            return next(ps);
        }
        return 0;
    }
    if (is_word(ps, "limit")) {
        s->k = S_LIMIT;
        if (next(ps) < 0)
            return -1;
        if (ps->tok.t != T_NUMBER)
            return expected(ps, "a whole number after 'limit'");
        char buf[32];
        snprintf(buf, sizeof buf, "%.*s", (int)(ps->tok.len < 31 ? ps->tok.len : 31),
                 ps->tok.start);
        char *end;
        errno = 0;
        s->limit = strtol(buf, &end, 10);
        if (*end || errno || s->limit < 0 || s->limit > 100000000)
            return fail_at(ps, ps->tok.line, ps->tok.col, RG_ESYNTAX,
                           "limit takes a whole number from 0 to 100000000");
        return next(ps);
    }
    if (is_word(ps, "show")) {
        s->k = S_SHOW;
        if (next(ps) < 0)
            return -1;
        return parse_names(ps, s, "a field name after 'show'");
    }
    if (is_word(ps, "table")) {
        s->k = S_TABLE;
        if (next(ps) < 0)
            return -1;
        if (parse_names(ps, s, "a table name after 'table'") < 0)
            return -1;
        if (s->nnames != 1)
            return fail_at(ps, s->names[1].line, s->names[1].col, RG_ESYNTAX,
                           "table takes one name");
        return 0;
    }
    if (is_word(ps, "output")) {
        s->k = S_OUTPUT;
        if (next(ps) < 0)
            return -1;
        if (is_word(ps, "table"))
            s->out = RG_OUT_TABLE;
        else if (is_word(ps, "json"))
            s->out = RG_OUT_JSON;
        else if (is_word(ps, "subgraph"))
            s->out = RG_OUT_SUBGRAPH;
        else
            return expected(ps, "'table', 'json' or 'subgraph' after 'output'");
        return next(ps);
    }
    return expected(ps,
                    "a stage (where, follow, sort, limit, show, table, output, or an analysis)");
}

static int parse_statement(parser *ps, stmt *st)
{
    stage tmp[RG_QUERY_MAX_STAGES];
    size_t n = 0;
    if (parse_stage(ps, &tmp[n++], 1) < 0)
        return -1;
    while (ps->tok.t == T_PIPE) {
        if (next(ps) < 0)
            return -1;
        if (n == RG_QUERY_MAX_STAGES)
            return fail_at(ps, ps->tok.line, ps->tok.col, RG_ELIMIT,
                           "too many stages in one statement (at most %d)", RG_QUERY_MAX_STAGES);
        if (parse_stage(ps, &tmp[n++], 0) < 0)
            return -1;
    }
    if (ps->tok.t != T_SEMI && ps->tok.t != T_EOF)
        return expected(ps, "'|' or ';'");
    if ((st->stages = alloc(ps, n * sizeof *st->stages)) == NULL)
        return -1;
    memcpy(st->stages, tmp, n * sizeof *tmp);
    st->nstages = n;
    return 0;
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
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.q = q;
    ps.p = q->text;
    ps.end = q->text + len;
    ps.line = ps.col = 1;
    ps.err = err;
    if (next(&ps) < 0)
        goto fail;
    while (ps.tok.t != T_EOF) {
        if (ps.tok.t == T_SEMI) {
            if (next(&ps) < 0)
                goto fail;
            continue;
        }
        if (q->nstmts == RG_QUERY_MAX_STATEMENTS) {
            fail_at(&ps, ps.tok.line, ps.tok.col, RG_ELIMIT, "too many statements (at most %d)",
                    RG_QUERY_MAX_STATEMENTS);
            goto fail;
        }
        stmt *s = realloc(q->stmts, (q->nstmts + 1) * sizeof *s);
        if (s == NULL) {
            fail_at(&ps, ps.tok.line, ps.tok.col, RG_ENOMEM, "out of memory");
            goto fail;
        }
        q->stmts = s;
        if (parse_statement(&ps, &q->stmts[q->nstmts]) < 0)
            goto fail;
        q->nstmts++;
    }
    if (q->nstmts == 0) {
        fail_at(&ps, ps.tok.line, ps.tok.col, RG_ESYNTAX,
                "the query is empty: expected 'nodes' or an analysis");
        goto fail;
    }
    *out = q;
    return RG_OK;
fail:
    rg_query_free(q);
    return err ? err->code : RG_ESYNTAX;
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

/* ---- evaluation -------------------------------------------------------------- */

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
    case RG_CELL_LIST: {
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

/* Evaluates E on node V (ROW < 0) or on row ROW of table T. 1/0, -1 on error. */
static int eval_expr(evalc *c, const expr *e, int64_t v, const rg_table *t, size_t row)
{
    switch (e->k) {
    case E_OR: {
        int a = eval_expr(c, e->a, v, t, row);
        return a != 0 ? a : eval_expr(c, e->b, v, t, row);
    }
    case E_AND: {
        int a = eval_expr(c, e->a, v, t, row);
        return a != 1 ? a : eval_expr(c, e->b, v, t, row);
    }
    case E_NOT: {
        int a = eval_expr(c, e->a, v, t, row);
        return a < 0 ? a : !a;
    }
    default: break;
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

/* Checks every field of E before running it, so a typo is an error even on
 * an empty selection. */
static rg_status check_fields(evalc *c, const expr *e, const rg_table *t)
{
    if (e == NULL)
        return RG_OK;
    if (e->k == E_OR || e->k == E_AND || e->k == E_NOT) {
        rg_status st = check_fields(c, e->a, t);
        return st ? st : check_fields(c, e->b, t);
    }
    if (t && rg_table_col(t, e->field) < 0) {
        rg_buf b;
        rg_buf_init(&b);
        for (size_t i = 0; i < t->ncols; i++)
            rg_buf_printf(&b, "%s%s", i ? ", " : "", t->cols[i]);
        rg_status st = eval_fail(c, e->line, e->col, RG_EINVALID,
                                 "the table '%s' has no column '%s' (it has: %s)", t->name,
                                 e->field, rg_buf_str(&b));
        rg_buf_destroy(&b);
        return st;
    }
    if (!t && !field_known(c->g, e->field))
        return eval_fail(c, e->line, e->col, RG_EINVALID,
                         "'%s' is not a field of any node kind (fields: id, name, kind, label, "
                         "or an attribute of the schema)",
                         e->field);
    return RG_OK;
}

static const rg_graph *sort_g;
static const char *sort_field;
static int sort_desc;

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

static int node_sort_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    fval fx = node_field(sort_g, x, sort_field), fy = node_field(sort_g, y, sort_field);
    int c = fval_cmp(&fx, &fy);
    if (c == 2 || c == -2)
        return c / 2;
    if (c)
        return sort_desc ? -c : c;
    return strcmp(sort_g->nodes[x].id, sort_g->nodes[y].id);
}

static int row_sort_cmp(const rg_cell *a, const rg_cell *b, void *ctx)
{
    size_t col = *(const size_t *)ctx;
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
    return sort_desc ? -c : c;
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
            rg_buf b;
            rg_buf_init(&b);
            for (size_t j = 0; j < nk; j++)
                rg_buf_printf(&b, "%s%s", j ? ", " : "",
                              nodes ? c->g->schema->node_kinds[j].name
                                    : c->g->schema->edge_kinds[j].base.name);
            rg_status st = eval_fail(c, s->names[i].line, s->names[i].col, RG_EINVALID,
                                     "'%s' is not %s kind of this catalogue (it has: %s)",
                                     s->names[i].s, nodes ? "a node" : "an edge", rg_buf_str(&b));
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
            return eval_fail(c, val->show->names[i].line, val->show->names[i].col, RG_EINVALID,
                             "'%s' is not a field of any node kind (fields: id, name, kind, "
                             "label, or an attribute of the schema)",
                             f);
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
                rg_cell_str(&row[i], rg_result_strdup(r, rg_buf_str(&b)));
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
            rg_buf b;
            rg_buf_init(&b);
            for (size_t j = 0; j < t->ncols; j++)
                rg_buf_printf(&b, "%s%s", j ? ", " : "", t->cols[j]);
            rg_status st = eval_fail(c, s->names[i].line, s->names[i].col, RG_EINVALID,
                                     "the table '%s' has no column '%s' (it has: %s)", t->name,
                                     s->names[i].s, rg_buf_str(&b));
            rg_buf_destroy(&b);
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

static rg_status run_stage(evalc *c, const stage *s, value *val)
{
    const rg_graph *g = c->g;
    rg_status st;
    switch (s->k) {
    case S_NODES: {
        unsigned char *k = NULL;
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
    case S_CALL: {
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
        st = rg_call(g, s->call, s->args, s->nargs, subset, &val->res, c->err);
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
    case S_WHERE:
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
        } else {
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
        }
        return RG_OK;
    case S_FOLLOW: {
        if (!val->is_nodes)
            return eval_fail(c, s->line, s->col, RG_EINVALID,
                             "'follow' runs on a selection of nodes, not on a table");
        unsigned char *k = NULL;
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
    case S_SORT:
        sort_desc = s->dir;
        if (val->is_nodes) {
            if (!field_known(g, s->names[0].s))
                return eval_fail(c, s->names[0].line, s->names[0].col, RG_EINVALID,
                                 "'%s' is not a field of any node kind", s->names[0].s);
            sort_g = g;
            sort_field = s->names[0].s;
            if (val->n > 1)
                qsort(val->nodes, val->n, sizeof *val->nodes, node_sort_cmp);
        } else {
            rg_table *t = &val->res.tables[0];
            int col = rg_table_col(t, s->names[0].s);
            if (col < 0)
                return eval_fail(c, s->names[0].line, s->names[0].col, RG_EINVALID,
                                 "the table '%s' has no column '%s'", t->name, s->names[0].s);
            size_t cc = (size_t)col;
            rg_table_sort(t, row_sort_cmp, &cc);
        }
        return RG_OK;
    case S_LIMIT:
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
    case S_SHOW:
        if (val->is_nodes) {
            val->show = s;
            return RG_OK;
        }
        return show_columns(c, s, &val->res);
    case S_TABLE:
        if (val->is_nodes)
            return eval_fail(c, s->line, s->col, RG_EINVALID,
                             "'table' chooses a table of an analysis, not of a node selection");
        if (rg_result_only_table(&val->res, s->names[0].s) != RG_OK) {
            rg_buf b;
            rg_buf_init(&b);
            for (size_t i = 0; i < val->res.ntables; i++)
                rg_buf_printf(&b, "%s%s", i ? ", " : "", val->res.tables[i].name);
            rg_status st2 = eval_fail(c, s->names[0].line, s->names[0].col, RG_EINVALID,
                                      "the result of '%s' has no table '%s' (it has: %s)",
                                      val->res.analysis, s->names[0].s, rg_buf_str(&b));
            rg_buf_destroy(&b);
            return st2;
        }
        return RG_OK;
    case S_OUTPUT: val->out = s->out; return RG_OK;
    }
    return RG_OK;
}

rg_status rg_query_run(const rg_query *q, const rg_graph *g, rg_query_emit emit, void *ctx,
                       rg_error *err)
{
    evalc c = {q, g, err};
    for (size_t i = 0; i < q->nstmts; i++) {
        const stmt *s = &q->stmts[i];
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

void rg_query_excerpt(const char *text, size_t len, int line, int column, rg_buf *out)
{
    if (line <= 0)
        return;
    const char *p = text, *end = text + len;
    for (int l = 1; l < line && p < end; p++)
        if (*p == '\n')
            l++;
    const char *e = p;
    while (e < end && *e != '\n')
        e++;
    rg_buf_puts(out, "  ");
    rg_buf_add(out, p, (size_t)(e - p));
    rg_buf_puts(out, "\n  ");
    /* the caret under the column: tabs kept so it lines up */
    int col = 1;
    for (const char *s = p; s < e && col < column; s++) {
        if (((unsigned char)*s & 0xC0) == 0x80)
            continue;
        rg_buf_putc(out, *s == '\t' ? '\t' : ' ');
        col++;
    }
    rg_buf_puts(out, "^\n");
}

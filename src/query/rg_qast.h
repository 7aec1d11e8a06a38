/* rg_qast.h: the private half of the query language, shared by its three
 * parts and by nothing else: the tokens the lexer (rg_qlex.c) hands to the
 * parser (rg_qparse.c), and the syntax tree the parser hands to the
 * evaluator (rg_qeval.c).  Callers see only rg_query.h.
 *
 * Every node of the tree keeps the line and column of the token it came
 * from, so that an error found while running still points at the text.
 * Chains of `and` and of `or` are one node with many operands, not a tree
 * one level deeper per operand: a query of 80,000 terms must neither
 * overflow the stack of the parser nor that of the evaluator.  The only
 * recursion left is one level per parenthesis or `not`, which the parser
 * bounds by RG_QUERY_MAX_DEPTH. */
#ifndef RG_QAST_H
#define RG_QAST_H

#include <stddef.h>

#include "../core/rg_arena.h"
#include "../core/rg_error.h"
#include "rg_query.h"

/* ---- syntax tree ---------------------------------------------------------- */

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
    struct expr **kids; /* E_OR, E_AND: two or more operands, in order; E_NOT: one */
    size_t nkids;
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
    size_t max_steps; /* the evaluator's budget; 0: RG_QUERY_MAX_STEPS */
    int rows_made;    /* rg_query_write_rows */
    rg_arena arena;   /* every node, name and string of the tree */
};

/* ---- tokens ---------------------------------------------------------------- */

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

/* The lexer's state, which the parser reads through: the current token and
 * where the text stands.  FAILED keeps the first error, the one the user
 * needs, from being overwritten by the unwinding. */
typedef struct qlex {
    rg_query *q;
    const char *p, *end;
    int line, col;
    token tok; /* the current token */
    rg_error *err;
    int failed;
    int depth; /* parentheses and `not` open around the current token */
} qlex;

/* Starts reading Q's text (at its first token).  -1 after an error. */
int qlex_start(qlex *lx, rg_query *q, rg_error *err);
/* Moves to the next token.  0, or -1 after an error (ERR filled). */
int qlex_next(qlex *lx);
/* Records an error at LINE:COL (the first one only).  Returns -1. */
int qlex_fail(qlex *lx, int line, int col, rg_status code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* "expected WHAT, found <the current token>" at the current token.  -1. */
int qlex_expected(qlex *lx, const char *what);
/* Whether the current token is the word W. */
int qlex_is_word(const qlex *lx, const char *w);
/* The current token's text, copied into the query's arena (NULL: no memory,
 * error recorded). */
char *qlex_str(qlex *lx);

#endif

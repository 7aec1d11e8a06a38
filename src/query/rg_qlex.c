/* rg_qlex.c: the lexer of the query language: text into tokens, each with
 * the line and column where it starts (columns count characters, not
 * bytes, so a caret lines up under UTF-8 text).  Also the excerpt of a
 * source line under which an error's caret is drawn. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rg_qast.h"

/* Characters (not bytes) in [P, E). */
static size_t chars_in(const char *p, const char *e)
{
    size_t n = 0;
    for (; p < e; p++)
        n += ((unsigned char)*p & 0xC0) != 0x80;
    return n;
}

int qlex_fail(qlex *lx, int line, int col, rg_status code, const char *fmt, ...)
{
    if (lx->failed)
        return -1;
    lx->failed = 1;
    if (lx->err) {
        char text[RG_ERROR_TEXT];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(text, sizeof text, fmt, ap);
        va_end(ap);
        rg_error_set(lx->err, code, lx->q->name, line, col, "%s", text);
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

int qlex_expected(qlex *lx, const char *what)
{
    char found[64];
    tok_desc(&lx->tok, found, sizeof found);
    return qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ESYNTAX, "expected %s, found %s", what,
                     found);
}

static void advance_char(qlex *lx)
{
    if (*lx->p == '\n') {
        lx->line++;
        lx->col = 1;
    } else if (((unsigned char)*lx->p & 0xC0) != 0x80) {
        lx->col++;
    }
    lx->p++;
}

/* A date (YYYY-MM or YYYY-MM-DD) or a number. */
static int lex_number(qlex *lx, token *t)
{
    const char *s = lx->p;
    size_t n = 0;
    while (s + n < lx->end && isdigit((unsigned char)s[n]))
        n++;
    if (n == 4 && s + 7 <= lx->end && s[4] == '-' && isdigit((unsigned char)s[5]) &&
        isdigit((unsigned char)s[6])) {
        size_t dl = 7;
        if (s + 10 <= lx->end && s[7] == '-' && isdigit((unsigned char)s[8]) &&
            isdigit((unsigned char)s[9]))
            dl = 10;
        for (size_t i = 0; i < dl; i++)
            advance_char(lx);
        t->t = T_DATE;
    } else {
        for (size_t i = 0; i < n; i++)
            advance_char(lx);
        if (lx->p + 1 < lx->end && *lx->p == '.' && isdigit((unsigned char)lx->p[1])) {
            advance_char(lx);
            while (lx->p < lx->end && isdigit((unsigned char)*lx->p))
                advance_char(lx);
        }
        t->t = T_NUMBER;
    }
    if (lx->p < lx->end && (isalpha((unsigned char)*lx->p) || *lx->p == '_'))
        return qlex_fail(lx, t->line, t->col, RG_ESYNTAX,
                         "a number runs into a word: put a space between them or quote it");
    return 0;
}

/* A string in single or double quotes, on one line; its unescaped text goes
 * to the arena. */
static int lex_string(qlex *lx, token *t)
{
    char quote = *lx->p;
    rg_buf b;
    rg_buf_init(&b);
    advance_char(lx);
    for (;;) {
        if (lx->p >= lx->end || *lx->p == '\n') {
            rg_buf_destroy(&b);
            return qlex_fail(lx, t->line, t->col, RG_ESYNTAX,
                             "unterminated string: it needs a closing %c on the same line", quote);
        }
        if (*lx->p == quote) {
            advance_char(lx);
            break;
        }
        if (*lx->p == '\\') {
            int el = lx->line, ec = lx->col;
            advance_char(lx);
            char e = lx->p < lx->end ? *lx->p : '\0';
            if (e == 'n')
                rg_buf_putc(&b, '\n');
            else if (e == 't')
                rg_buf_putc(&b, '\t');
            else if (e == '\\' || e == '"' || e == '\'')
                rg_buf_putc(&b, e);
            else {
                rg_buf_destroy(&b);
                return qlex_fail(lx, el, ec, RG_ESYNTAX,
                                 "unknown escape in a string: use \\\\, \\\", \\', \\n or \\t");
            }
            advance_char(lx);
            continue;
        }
        rg_buf_putc(&b, *lx->p);
        advance_char(lx);
    }
    /* a buffer that ran out of memory holds a cut string: never a value */
    t->value = b.oom ? NULL : rg_arena_strdup(&lx->q->arena, rg_buf_str(&b));
    rg_buf_destroy(&b);
    if (t->value == NULL)
        return qlex_fail(lx, t->line, t->col, RG_ENOMEM, "out of memory");
    t->t = T_STRING;
    return 0;
}

/* Punctuation and operators; anything else is an unexpected character. */
static int lex_punct(qlex *lx, token *t)
{
    unsigned char c = (unsigned char)*lx->p;
    advance_char(lx);
    char d = lx->p < lx->end ? *lx->p : '\0';
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
            advance_char(lx);
        break;
    case '~':
        t->t = T_OP;
        t->op = OP_MATCH;
        break;
    case '!':
        if (d != '=')
            return qlex_fail(lx, t->line, t->col, RG_ESYNTAX,
                             "unexpected '!': did you mean '!=' (or 'not')?");
        advance_char(lx);
        t->t = T_OP;
        t->op = OP_NE;
        break;
    case '<':
    case '>':
        t->t = T_OP;
        t->op = c == '<' ? OP_LT : OP_GT;
        if (d == '=') {
            advance_char(lx);
            t->op = c == '<' ? OP_LE : OP_GE;
        }
        break;
    default: {
        int n = 1; /* the whole UTF-8 character */
        while (lx->p < lx->end && ((unsigned char)*lx->p & 0xC0) == 0x80 && n < 4) {
            advance_char(lx);
            n++;
        }
        return qlex_fail(lx, t->line, t->col, RG_ESYNTAX, "unexpected character '%.*s'", n,
                         t->start);
    }
    }
    return 0;
}

int qlex_next(qlex *lx)
{
    /* where the previous token ended: the end of the query is reported
     * there, not on an empty line after the last newline or comment */
    int end_line = lx->line, end_col = lx->col;
    for (;;) {
        while (lx->p < lx->end && isspace((unsigned char)*lx->p))
            advance_char(lx);
        if (lx->p < lx->end && *lx->p == '#') {
            while (lx->p < lx->end && *lx->p != '\n')
                advance_char(lx);
            continue;
        }
        break;
    }
    token *t = &lx->tok;
    memset(t, 0, sizeof *t);
    t->start = lx->p;
    t->line = lx->line;
    t->col = lx->col;
    if (lx->p >= lx->end) {
        t->t = T_EOF;
        t->line = end_line;
        t->col = end_col;
        return 0;
    }
    unsigned char c = (unsigned char)*lx->p;
    int rc;
    if (isalpha(c) || c == '_') {
        while (lx->p < lx->end && (isalnum((unsigned char)*lx->p) || *lx->p == '_'))
            advance_char(lx);
        t->t = T_IDENT;
        rc = 0;
    } else if (isdigit(c)) {
        rc = lex_number(lx, t);
    } else if (c == '"' || c == '\'') {
        rc = lex_string(lx, t);
    } else {
        rc = lex_punct(lx, t);
    }
    if (rc < 0)
        return rc;
    t->len = (size_t)(lx->p - t->start);
    return 0;
}

int qlex_start(qlex *lx, rg_query *q, rg_error *err)
{
    memset(lx, 0, sizeof *lx);
    lx->q = q;
    lx->p = q->text;
    lx->end = q->text + q->len;
    lx->line = lx->col = 1;
    lx->err = err;
    return qlex_next(lx);
}

int qlex_is_word(const qlex *lx, const char *w)
{
    return lx->tok.t == T_IDENT && lx->tok.len == strlen(w) &&
           strncmp(lx->tok.start, w, lx->tok.len) == 0;
}

char *qlex_str(qlex *lx)
{
    char *s = rg_arena_strndup(&lx->q->arena, lx->tok.start, lx->tok.len);
    if (s == NULL)
        qlex_fail(lx, lx->tok.line, lx->tok.col, RG_ENOMEM, "out of memory");
    return s;
}

/* Lines longer than this many characters are shown as a window around the
 * column, so that an error in a one-line query of a megabyte prints one
 * screenful, not the megabyte. */
#define EXCERPT_MAX 1000
#define EXCERPT_SIDE 80

/* The byte where character number N (1-based) of [P, E) starts, or E. */
static const char *char_at(const char *p, const char *e, long n)
{
    for (long c = 1; p < e; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && c++ == n)
            return p;
    return e;
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
    const char *from = p, *to = e;
    int first = 1; /* the character number of FROM */
    if ((long)chars_in(p, e) > EXCERPT_MAX) {
        first = column > EXCERPT_SIDE ? column - EXCERPT_SIDE : 1;
        from = char_at(p, e, first);
        to = char_at(from, e, 2 * EXCERPT_SIDE + 1);
    }
    rg_buf_puts(out, "  ");
    if (from > p)
        rg_buf_puts(out, "...");
    rg_buf_add(out, from, (size_t)(to - from));
    if (to < e)
        rg_buf_puts(out, "...");
    rg_buf_puts(out, "\n  ");
    if (from > p)
        rg_buf_puts(out, "   ");
    /* the caret under the column: tabs kept so it lines up */
    int col = first;
    for (const char *s = from; s < to && col < column; s++) {
        if (((unsigned char)*s & 0xC0) == 0x80)
            continue;
        rg_buf_putc(out, *s == '\t' ? '\t' : ' ');
        col++;
    }
    rg_buf_puts(out, "^\n");
}

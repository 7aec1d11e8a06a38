/* rg_call.c: binding arguments to an analysis' options, and running it.
 *
 * Each parameter's value is, in order: the argument given, the schema's
 * role binding, the literal default.  Then every value is converted and
 * checked, and every fault is collected, so that a user who misspelt two
 * names hears of both at once. */
#include "rg_call.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_list.h"
#include "../core/rg_near.h"

/* What binding found wrong: the messages, and where the first one is. */
typedef struct faults {
    rg_buf msg;
    int n;
    const rg_arg *first;
    rg_buf missing; /* roles the schema leaves unbound */
} faults;

/* How the user spelt parameter P: "--located-attr" on a command line,
 * "located_attr" in a query or when it came from the schema. */
static void spell(const rg_param *p, const rg_arg *from, rg_buf *b)
{
    if (from && from->line == 0) {
        rg_buf_puts(b, "--");
        for (const char *c = p->name; *c; c++)
            rg_buf_putc(b, *c == '_' ? '-' : *c);
    } else {
        rg_buf_puts(b, p->name);
    }
}

static void fault(faults *f, const rg_param *p, const rg_arg *from, const rg_schema *s,
                  const char *fmt, const char *what)
{
    if (f->n++)
        rg_buf_puts(&f->msg, "\n  ");
    if (f->first == NULL && from)
        f->first = from;
    if (p)
        spell(p, from, &f->msg);
    if (p && from == NULL && p->role >= 0 && s->roles[p->role])
        rg_buf_printf(&f->msg, " (the schema's role %s, line %d)", rg_role_defs[p->role].name,
                      s->role_line[p->role]);
    /* "--select: 'wach' is not ..." but "--as-of takes a date ..." */
    rg_buf_puts(&f->msg, !p ? "" : fmt[0] == '%' || fmt[0] == '\'' ? ": " : " ");
    rg_buf_printf(&f->msg, fmt, what);
}

static rg_role_type role_type(rg_param_type t)
{
    switch (t) {
    case RG_P_NODE_KIND: return RG_RT_NODE_KIND;
    case RG_P_NODE_KINDS: return RG_RT_NODE_KINDS;
    case RG_P_EDGE_KIND: return RG_RT_EDGE_KIND;
    case RG_P_EDGE_KINDS: return RG_RT_EDGE_KINDS;
    case RG_P_NODE_ATTR: return RG_RT_NODE_ATTR;
    case RG_P_TARGET_ATTR: return RG_RT_TARGET_ATTR;
    case RG_P_EDGE_ATTR: return RG_RT_EDGE_ATTR;
    default: return RG_RT_WORD;
    }
}

static int is_name(rg_param_type t)
{
    return t >= RG_P_NODE_KIND && t <= RG_P_EDGE_ATTR;
}

typedef struct binding {
    const rg_analysis_def *d;
    const rg_graph *g;
    const char *text[RG_MAX_PARAMS];
    const rg_arg *from[RG_MAX_PARAMS];
    void *opts;
    faults f;
} binding;

static int pidx(const rg_analysis_def *d, const char *name)
{
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++)
        if (strcmp(d->params[i].name, name) == 0)
            return i;
    return -1;
}

/* A single-kind parameter must name one kind, not a list. */
static int one_name(const char *s)
{
    return strchr(s, ',') == NULL;
}

static void bind_name(binding *b, int i)
{
    const rg_param *p = &b->d->params[i];
    const char *s = b->text[i];
    const char *of = NULL;
    if (p->of) {
        int k = pidx(b->d, p->of);
        of = k >= 0 ? b->text[k] : NULL;
    }
    if ((p->type == RG_P_NODE_KIND || p->type == RG_P_EDGE_KIND || p->type >= RG_P_NODE_ATTR) &&
        !one_name(s)) {
        fault(&b->f, p, b->from[i], b->g->schema, "takes one name, not the list '%s'", s);
        return;
    }
    rg_buf msg;
    rg_buf_init(&msg);
    if (rg_name_check(b->g->schema, role_type(p->type), of, s, &msg) != 0)
        fault(&b->f, p, b->from[i], b->g->schema, "%s", rg_buf_str(&msg));
    else
        *(const char **)((char *)b->opts + p->offset) = s;
    rg_buf_destroy(&msg);
}

static void bind_int(binding *b, int i)
{
    const rg_param *p = &b->d->params[i];
    const char *s = b->text[i];
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    int digits = *s && strspn(s + (*s == '-'), "0123456789") == strlen(s + (*s == '-'));
    if (!digits || *end || errno || x < (long)p->lo || x > (long)p->hi) {
        char m[160];
        snprintf(m, sizeof m, "takes a whole number from %ld to %ld, not '%%s'", (long)p->lo,
                 (long)p->hi);
        fault(&b->f, p, b->from[i], b->g->schema, m, s);
        return;
    }
    if (p->flags & RG_PF_LONG)
        *(long long *)((char *)b->opts + p->offset) = x;
    else
        *(int *)((char *)b->opts + p->offset) = (int)x;
}

static void bind_real(binding *b, int i)
{
    const rg_param *p = &b->d->params[i];
    const char *s = b->text[i];
    /* plain decimals only: strtod would take "0x10", "inf" and "nan" */
    int plain =
        *s != '\0' && strspn(s, "0123456789.") == strlen(s) && strchr(s, '.') == strrchr(s, '.');
    char *end;
    double x = plain ? strtod(s, &end) : 0;
    if (!plain || *end || !isfinite(x) || !(x > p->lo) || x > p->hi) {
        char m[160];
        snprintf(m, sizeof m, "takes a plain decimal number above %g and at most %g, not '%%s'",
                 p->lo, p->hi);
        fault(&b->f, p, b->from[i], b->g->schema, m, s);
        return;
    }
    *(double *)((char *)b->opts + p->offset) = x;
}

static void bind_one(binding *b, int i)
{
    const rg_param *p = &b->d->params[i];
    const char *s = b->text[i];
    if (s == NULL || (*s == '\0' && p->type != RG_P_DATE)) {
        if (p->flags & RG_PF_REQUIRED) {
            if (p->role >= 0)
                rg_buf_printf(&b->f.missing, "%s%s (%s)", b->f.missing.len ? ", " : "",
                              rg_role_defs[p->role].name, rg_role_defs[p->role].help);
            else
                fault(&b->f, p, b->from[i], b->g->schema, "%s", "needs a value");
        }
        return;
    }
    switch (p->type) {
    case RG_P_NODE:
    case RG_P_WORDS: *(const char **)((char *)b->opts + p->offset) = s; break;
    case RG_P_CHOICE: {
        if (!rg_list_has(p->choices, s)) {
            /* "is 'leiden' or 'louvain', not 'kmeans'" */
            rg_buf m;
            rg_buf_init(&m);
            rg_buf_puts(&m, "is ");
            for (const char *q = p->choices; *q;) {
                size_t len = strcspn(q, ",");
                const char *next = q + len + (q[len] == ',');
                rg_buf_printf(&m, "%s'%.*s'",
                              q == p->choices ? ""
                              : *next         ? ", "
                                              : " or ",
                              (int)len, q);
                q = next;
            }
            rg_buf_puts(&m, ", not '%s'");
            fault(&b->f, p, b->from[i], b->g->schema, rg_buf_str(&m), s);
            rg_buf_destroy(&m);
        } else {
            *(const char **)((char *)b->opts + p->offset) = s;
        }
        break;
    }
    case RG_P_INT: bind_int(b, i); break;
    case RG_P_REAL: bind_real(b, i); break;
    case RG_P_DATE: {
        rg_date d = {0, 0, 0};
        if (*s && rg_date_parse(s, &d) != 0)
            fault(&b->f, p, b->from[i], b->g->schema,
                  "takes a date (YYYY, YYYY-MM or YYYY-MM-DD), not '%s'", s);
        else
            *(rg_date *)((char *)b->opts + p->offset) = d;
        break;
    }
    case RG_P_FLAG:
        if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
            fault(&b->f, p, b->from[i], b->g->schema, "is true or false, not '%s'", s);
        else
            *(int *)((char *)b->opts + p->offset) = strcmp(s, "true") == 0;
        break;
    default:
        if (is_name(p->type))
            bind_name(b, i);
        break;
    }
}

/* The arguments given: unknown names and repeats are faults. */
static void take_args(binding *b, const rg_arg *args, size_t nargs)
{
    const rg_analysis_def *d = b->d;
    for (size_t i = 0; i < nargs; i++) {
        int k = pidx(d, args[i].name);
        if (k < 0) {
            const char *names[RG_MAX_PARAMS];
            size_t n = 0;
            rg_buf all;
            rg_buf_init(&all);
            for (; n < RG_MAX_PARAMS && d->params[n].name; n++) {
                names[n] = d->params[n].name;
                rg_buf_printf(&all, "%s%s", n ? ", " : "", names[n]);
            }
            const char *near = rg_nearest(args[i].name, names, n);
            char m[RG_ERROR_TEXT];
            snprintf(m, sizeof m, "%s has no parameter '%%s'%s%s%s (it has: %s)", d->name,
                     near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "",
                     rg_buf_str(&all));
            rg_buf_destroy(&all);
            if (b->f.first == NULL)
                b->f.first = &args[i];
            fault(&b->f, NULL, &args[i], b->g->schema, m, args[i].name);
            continue;
        }
        if (b->from[k]) {
            fault(&b->f, &d->params[k], &args[i], b->g->schema, "is given twice%s", "");
            continue;
        }
        b->text[k] = args[i].value;
        b->from[k] = &args[i];
    }
}

/* Records the options in force in R, as text, for the JSON envelope and
 * the report's list of what was run. */
static void record(rg_result *r, const binding *b)
{
    const rg_analysis_def *d = b->d;
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++) {
        const rg_param *p = &d->params[i];
        const char *v = b->text[i];
        char date[16];
        if (p->type == RG_P_DATE) {
            const rg_date *dt = (const rg_date *)((const char *)b->opts + p->offset);
            if (dt->year) {
                rg_date_format(*dt, date, sizeof date);
                v = date;
            }
        }
        int type = p->type == RG_P_INT || p->type == RG_P_REAL ? RG_OPT_NUMBER
                   : p->type == RG_P_FLAG                      ? RG_OPT_BOOL
                                                               : RG_OPT_TEXT;
        rg_result_option(r, p->name, v && *v ? v : NULL, type);
    }
}

rg_status rg_call(const rg_graph *g, const char *name, const rg_arg *args, size_t nargs,
                  const unsigned char *subset, rg_result *r, rg_error *err)
{
    return rg_call_rows(g, name, args, nargs, subset, 0, r, err);
}

rg_status rg_call_rows(const rg_graph *g, const char *name, const rg_arg *args, size_t nargs,
                       const unsigned char *subset, int rows, rg_result *r, rg_error *err)
{
    memset(r, 0, sizeof *r);
    const rg_analysis_def *d = rg_analysis_find(name);
    if (d == NULL) {
        const char *names[64];
        size_t n = 0;
        for (; n < rg_nanalyses && n < 64; n++)
            names[n] = rg_analyses[n]->name;
        const char *near = rg_nearest(name, names, n);
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0, "'%s' is not an analysis%s%s%s", name,
                            near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    }
    binding b;
    memset(&b, 0, sizeof b);
    b.d = d;
    b.g = g;
    rg_buf_init(&b.f.msg);
    rg_buf_init(&b.f.missing);
    b.opts = calloc(1, d->opts_size);
    if (b.opts == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++) {
        const rg_param *p = &d->params[i];
        b.text[i] = p->role >= 0 && g->schema->roles[p->role] ? g->schema->roles[p->role] : p->def;
    }
    take_args(&b, args, nargs);
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++) {
        const rg_param *p = &d->params[i];
        if ((p->flags & RG_PF_AS_OF) && (b.text[i] == NULL || *b.text[i] == '\0') &&
            g->as_of.year) {
            *(rg_date *)((char *)b.opts + p->offset) = g->as_of;
            continue;
        }
        bind_one(&b, i);
    }
    if (b.f.missing.len) {
        if (b.f.n++)
            rg_buf_puts(&b.f.msg, "\n  ");
        rg_buf_printf(&b.f.msg,
                      "%s needs roles the schema does not bind: %s; bind them in the schema's "
                      "\"roles\" (docs/format.md, \"Roles\") or give them as options",
                      d->name, rg_buf_str(&b.f.missing));
    }
    rg_status st = RG_OK;
    if (b.f.n) {
        const rg_arg *a = b.f.first;
        char head[64] = "";
        if (b.f.n > 1)
            snprintf(head, sizeof head, "%d problems:\n  ", b.f.n);
        st = rg_error_set(err, RG_EUSAGE, NULL, a ? a->line : 0, a ? a->column : 0, "%s%s", head,
                          rg_buf_str(&b.f.msg));
    } else {
        *(const unsigned char **)((char *)b.opts + d->subset_offset) = subset;
        rg_igraph_lock(); /* igraph's state is global (rg_graph.h) */
        st = d->run(g, b.opts, r, err);
        rg_igraph_unlock();
        if (st == RG_OK) {
            record(r, &b);
            st = rg_result_check(r, err); /* an option not recorded is no answer */
        }
        if (st == RG_OK && !rows)
            st = rg_result_fill(r, err);
        if (st != RG_OK)
            rg_result_destroy(r);
        /* an error about an argument (a name that resolves to nothing, a
         * budget run out) is placed at the argument that gave it */
        for (size_t i = 0; st != RG_OK && err && err->line == 0 && i < nargs; i++) {
            const rg_param *p = rg_param_find(d, args[i].name);
            int about = (st == RG_ENOTFOUND || st == RG_EAMBIGUOUS) && p && p->type == RG_P_NODE;
            char named[80]; /* a budget names itself in parentheses: "(max_steps)" */
            snprintf(named, sizeof named, "(%s)", args[i].name);
            about |= st == RG_ELIMIT && p && strstr(err->text, named) != NULL;
            if (about && args[i].line) {
                err->line = args[i].line;
                err->column = args[i].column;
            }
        }
    }
    rg_buf_destroy(&b.f.msg);
    rg_buf_destroy(&b.f.missing);
    free(b.opts);
    return st;
}

/* cmd_analyses.c: `relgraph gaps|risks|central|interlocks|clusters|audit`.
 *
 * The six commands are one front over the query engine: each option
 * (--as-of 2020-01-01) becomes an argument of the analysis call
 * (as_of: 2020-01-01), the call becomes a one-statement query
 * (rg_query_from_call), and the query runs as `relgraph query` runs it.
 * The options and the --help text come from the analysis table
 * (src/query/rg_call.c), so a command and its query cannot drift apart.
 * They share this file because they differ only in that table's row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../load/rg_load.h"
#include "../query/rg_query.h"
#include "cli.h"
#include "cli_query.h"

static const char *metavar(rg_param_type t)
{
    switch (t) {
    case RG_P_NODE: return "NAME";
    case RG_P_NODE_KIND: return "KIND";
    case RG_P_NODE_KINDS:
    case RG_P_EDGE_KINDS: return "K,...";
    case RG_P_EDGE_KIND: return "EDGE";
    case RG_P_NODE_ATTR:
    case RG_P_TARGET_ATTR:
    case RG_P_EDGE_ATTR: return "ATTR";
    case RG_P_CHOICE: return "WORD";
    case RG_P_WORDS: return "W,...";
    case RG_P_INT: return "N";
    case RG_P_REAL: return "X";
    case RG_P_DATE: return "DATE";
    case RG_P_FLAG: return "";
    }
    return "";
}

/* "--located-attr" for parameter "located_attr". */
static void option_name(const rg_param *p, char *buf, size_t n)
{
    snprintf(buf, n, "--%s", p->name);
    for (char *q = buf; *q; q++)
        if (*q == '_')
            *q = '-';
}

static void help(const rg_analysis_def *d)
{
    printf("usage: relgraph [--graph FILE] %s [options]\n\n%s.\n\n%s\n\nmain table: %s\n\n"
           "options (defaults come from the schema's \"roles\", see docs/format.md):\n",
           d->name, d->summary, d->description, d->columns);
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++) {
        const rg_param *p = &d->params[i];
        char flag[96], name[80];
        option_name(p, name, sizeof name);
        snprintf(flag, sizeof flag, "%s %s", name, metavar(p->type));
        printf("  %-24s %s", flag, p->help);
        if (p->role >= 0)
            printf(" (role %s)", rg_role_defs[p->role].name);
        else if (p->def && p->def[0] && p->type != RG_P_FLAG)
            printf(" (default: %s)", p->def);
        printf("\n");
    }
    printf("  %-24s text for people (default) or JSON for programs\n", "--format text|json");
    printf("\nThe same analysis as a query: relgraph query -e '%s(NAME: VALUE, ...)'\n"
           "(see docs/query.md).  Exit status: 0 on success, 1 on an error in the\n"
           "catalogue or the analysis, 2 for a wrong command line (a misspelt name\n"
           "included: every name is checked against the schema before anything runs).\n",
           d->name);
}

/* The date the analysis ran for: its as_of option ("" when it has one but
 * it is unset: all dates, written null), else NULL (the catalogue's). */
static const char *result_as_of(const rg_result *r)
{
    for (size_t i = 0; r && i < r->noptions; i++)
        if (strcmp(r->options[i].name, "as_of") == 0)
            return r->options[i].value ? r->options[i].value : "";
    return NULL;
}

static void begin_env(cli_run *run, const rg_graph *g, const rg_result *r)
{
    cli_env_begin(&run->env, run->command, g, run->single ? result_as_of(r) : NULL);
    rg_jsonw_key(&run->env.w, "options");
    rg_result_options_json(run->single ? r : NULL, &run->env.w);
    cli_env_result(&run->env);
    if (!run->single) {
        rg_jsonw_object(&run->env.w);
        rg_jsonw_key(&run->env.w, "results");
        rg_jsonw_array(&run->env.w);
    }
    run->begun = 1;
}

rg_status cli_print_results(void *ctx, const rg_result *r, rg_output out, rg_error *err)
{
    cli_run *run = ctx;
    rg_status st = rg_result_check(r, err); /* a part missing is no answer */
    if (st != RG_OK)
        return st;
    if (run->json && out != RG_OUT_SUBGRAPH) {
        if (!run->begun) {
            begin_env(run, r->g, r);
            /* One result, complete and checked: written as it is formatted
             * (a large answer is hundreds of megabytes), through a buffer
             * sized here, so that nothing after the first byte can fail for
             * want of memory (rg_buf_stream). */
            if (run->single)
                cli_env_stream(&run->env);
        } else if (run->single) {
            return rg_error_set(err, RG_EUSAGE, NULL, 0, 0, "one result expected");
        }
        rg_result_json_write(r, &run->env.w);
        run->count++;
        if (run->env.buf.sink_err)
            return rg_error_set(err, RG_EIO, NULL, 0, 0, "unable to write the output");
        return RG_OK;
    }
    rg_buf b;
    rg_buf_init(&b);
    if (run->count++ > 0 && out != RG_OUT_JSON && out != RG_OUT_SUBGRAPH)
        rg_buf_putc(&b, '\n');
    if (out == RG_OUT_SUBGRAPH)
        rg_result_subgraph(r, &b);
    else if (out == RG_OUT_JSON)
        rg_result_json(r, &b);
    else
        rg_result_text(r, &b);
    int rc = cli_emit(&b);
    rg_buf_destroy(&b);
    if (rc)
        return rg_error_set(err, RG_EIO, NULL, 0, 0, "unable to write the output");
    return RG_OK;
}

int cli_run_finish(cli_run *run, const rg_graph *g)
{
    if (!run->json)
        return 0;
    if (!run->begun) {
        run->single = 0;
        begin_env(run, g, NULL);
    }
    if (!run->single) {
        rg_jsonw_end(&run->env.w);
        rg_jsonw_end(&run->env.w);
    }
    run->begun = 0;
    return cli_env_end(&run->env);
}

void cli_query_error(const rg_error *err, const char *text, size_t len)
{
    if (err->code == RG_EIO && err->text[0] == 'u')
        return; /* already said by cli_emit */
    if (err->line > 0 || err->file[0])
        cli_json_diag(err->file[0] ? err->file : "query", err->line, err->column, err->text);
    if (err->line > 0) {
        fprintf(stderr, "%s:%d:%d: %s\n", err->file[0] ? err->file : "query", err->line,
                err->column, err->text);
        if (text) {
            rg_buf b;
            rg_buf_init(&b);
            rg_query_excerpt(text, len, err->line, err->column, &b);
            fputs(rg_buf_str(&b), stderr);
            rg_buf_destroy(&b);
        }
    } else if (err->file[0]) {
        fprintf(stderr, "%s: %s\n", err->file, err->text);
    } else {
        cli_error("%s", err->text);
    }
}

/* A message from the analysis about parameter "hub" speaks of the option
 * the user typed, "--hub", when it starts with the parameter's name. */
static void option_words(const rg_analysis_def *d, const char *text, rg_buf *out)
{
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++) {
        size_t n = strlen(d->params[i].name);
        if (strncmp(text, d->params[i].name, n) != 0 || (text[n] != ' ' && text[n] != ':'))
            continue;
        char name[80];
        option_name(&d->params[i], name, sizeof name);
        rg_buf_printf(out, "%s%s", name, text + n);
        return;
    }
    rg_buf_puts(out, text);
}

int cli_run_analysis(cli *c, const char *name, int argc, char **argv)
{
    const rg_analysis_def *d = rg_analysis_find(name);
    if (d == NULL) {
        cli_error("'%s' is not an analysis", name);
        return EXIT_USAGE;
    }
    const char *format = NULL;
    const char *values[RG_MAX_PARAMS];
    int flags[RG_MAX_PARAMS];
    char names[RG_MAX_PARAMS][64];
    opt opts[RG_MAX_PARAMS + 2];
    size_t np = 0;
    for (; np < RG_MAX_PARAMS && d->params[np].name; np++) {
        option_name(&d->params[np], names[np], sizeof names[np]);
        values[np] = NULL;
        flags[np] = 0;
        int is_flag = d->params[np].type == RG_P_FLAG;
        opts[np] = (opt){names[np] + 2, !is_flag, &values[np], &flags[np], 0};
    }
    opts[np] = (opt){"format", 1, &format, NULL, 0};
    opts[np + 1] = (opt){NULL, 0, NULL, NULL, 0};
    const char *pos[1];
    size_t npos;
    int want_help;
    if (cli_parse(name, argc, argv, opts, pos, 0, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        help(d);
        return 0;
    }
    int json = cli_format(name, format);
    if (json < 0)
        return EXIT_USAGE;
    rg_arg args[RG_MAX_PARAMS];
    size_t nargs = 0;
    for (size_t i = 0; i < np; i++)
        if (values[i] || flags[i])
            args[nargs++] = (rg_arg){d->params[i].name, flags[i] ? "true" : values[i], 0, 0};
    rg_error err;
    memset(&err, 0, sizeof err);
    rg_query *q;
    if (rg_query_from_call(name, args, nargs, &q, &err) != RG_OK) {
        cli_error("%s: %s", name, err.text);
        return EXIT_INVALID;
    }
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL) {
        rg_query_free(q);
        return EXIT_INVALID;
    }
    cli_run run;
    memset(&run, 0, sizeof run);
    run.json = json;
    run.command = name;
    run.single = 1;
    rg_query_write_rows(q); /* cli_print_results writes each result, and only that */
    rg_status st = rg_query_run(q, g, cli_print_results, &run, &err);
    int rc = 0;
    if (st != RG_OK) {
        rg_buf msg;
        rg_buf_init(&msg);
        option_words(d, err.text, &msg);
        if (!(st == RG_EIO && err.text[0] == 'u'))
            cli_error("%s: %s", name, rg_buf_str(&msg));
        rg_buf_destroy(&msg);
        rc = st == RG_EUSAGE ? EXIT_USAGE : EXIT_INVALID;
        if (run.begun)
            rg_buf_destroy(&run.env.buf);
    } else if (cli_run_finish(&run, g) != 0) {
        rc = EXIT_INVALID;
    }
    rg_query_free(q);
    rg_graph_free(g);
    return rc;
}

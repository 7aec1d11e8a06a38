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

static void help(const rg_analysis_def *d)
{
    printf("usage: relgraph [--graph FILE] %s [options]\n\n%s.\n\n%s\n\noptions:\n", d->name,
           d->summary, d->description);
    static const char *const metavar[] = {"NAME", "K,...", "N", "X", "DATE", ""};
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++) {
        const rg_param *p = &d->params[i];
        char flag[96];
        snprintf(flag, sizeof flag, "--%s %s", p->name, metavar[p->type]);
        for (char *q = flag; *q && *q != ' '; q++)
            if (*q == '_')
                *q = '-';
        printf("  %-24s %s", flag, p->help);
        if (p->def && p->def[0] && p->type != RG_P_DATE && p->type != RG_P_FLAG)
            printf(" (default: %s)", p->def);
        printf("\n");
    }
    printf("  %-24s text for people (default) or JSON for programs\n", "--format text|json");
    printf("\nThe same analysis as a query: relgraph query -e '%s(NAME: VALUE, ...)'\n"
           "(see docs/query.md).  Exit status: 0 on success, 1 on an error in the\n"
           "catalogue or the analysis, 2 for a wrong command line.\n",
           d->name);
}

rg_status cli_print_results(void *ctx, const rg_result *r, rg_output out, rg_error *err)
{
    cli_run *run = ctx;
    rg_buf b;
    rg_buf_init(&b);
    if (run->count++ > 0 && !run->json && out != RG_OUT_JSON && out != RG_OUT_SUBGRAPH)
        rg_buf_putc(&b, '\n');
    if (out == RG_OUT_SUBGRAPH)
        rg_result_subgraph(r, &b);
    else if (out == RG_OUT_JSON || (out == RG_OUT_DEFAULT && run->json))
        rg_result_json(r, &b);
    else
        rg_result_text(r, &b);
    int rc = cli_emit(&b);
    rg_buf_destroy(&b);
    if (rc)
        return rg_error_set(err, RG_EIO, NULL, 0, 0, "unable to write the output");
    return RG_OK;
}

void cli_query_error(const rg_error *err, const char *text, size_t len)
{
    if (err->code == RG_EIO && err->text[0] == 'u')
        return; /* already said by cli_emit */
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

/* A message about parameter "as_of" speaks of the option the user typed,
 * "--as-of", when it starts with the parameter's name. */
static const char *option_words(const rg_analysis_def *d, const char *text)
{
    static char buf[RG_ERROR_TEXT + 64];
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++) {
        size_t n = strlen(d->params[i].name);
        if (strncmp(text, d->params[i].name, n) != 0 || (text[n] != ' ' && text[n] != ':'))
            continue;
        snprintf(buf, sizeof buf, "--%s", d->params[i].name);
        for (char *p = buf; *p; p++)
            if (*p == '_')
                *p = '-';
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof buf - l, "%s", text + n);
        return buf;
    }
    return text;
}

static int run_analysis(cli *c, const char *name, int argc, char **argv)
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
        snprintf(names[np], sizeof names[np], "%s", d->params[np].name);
        for (char *p = names[np]; *p; p++)
            if (*p == '_')
                *p = '-';
        values[np] = NULL;
        flags[np] = 0;
        opts[np] = d->params[np].type == RG_P_FLAG ? (opt){names[np], 0, NULL, &flags[np], 0}
                                                   : (opt){names[np], 1, &values[np], NULL, 0};
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
    cli_run run = {json, 0};
    rg_status st = rg_query_run(q, g, cli_print_results, &run, &err);
    int rc = 0;
    if (st != RG_OK) {
        if (!(st == RG_EIO && err.text[0] == 'u'))
            cli_error("%s: %s", name, option_words(d, err.text));
        rc = st == RG_EUSAGE ? EXIT_USAGE : EXIT_INVALID;
    }
    rg_query_free(q);
    rg_graph_free(g);
    return rc;
}

int cmd_gaps(cli *c, int argc, char **argv)
{
    return run_analysis(c, "gaps", argc, argv);
}
int cmd_risks(cli *c, int argc, char **argv)
{
    return run_analysis(c, "risks", argc, argv);
}
int cmd_central(cli *c, int argc, char **argv)
{
    return run_analysis(c, "central", argc, argv);
}
int cmd_interlocks(cli *c, int argc, char **argv)
{
    return run_analysis(c, "interlocks", argc, argv);
}
int cmd_clusters(cli *c, int argc, char **argv)
{
    return run_analysis(c, "clusters", argc, argv);
}
int cmd_audit(cli *c, int argc, char **argv)
{
    return run_analysis(c, "audit", argc, argv);
}

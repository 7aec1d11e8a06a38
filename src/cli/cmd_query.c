/* cmd_query.c: `relgraph query FILE` and `relgraph query -e 'TEXT'`. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../load/rg_load.h"
#include "../query/rg_query.h"
#include "cli.h"
#include "cli_query.h"
#include "cmd_render.h"

static const char help[] =
    "usage: relgraph [--graph FILE] query FILE [--format text|json] [--render OUT]\n"
    "                [--audience public|internal]\n"
    "       relgraph [--graph FILE] query -e 'TEXT' [same options]\n"
    "\n"
    "Runs a query of relgraph's query language: select nodes by kind and\n"
    "attributes, follow edges, run an analysis on a selection, filter and sort\n"
    "its table, choose the output.  For example:\n"
    "\n"
    "  relgraph query -e 'gaps | where status = \"no-ssr-clause\"'\n"
    "  relgraph query -e 'nodes agreement | where text_located = false and date >= 2015'\n"
    "  relgraph query queries/key-person-risk.rgq\n"
    "\n"
    "--render OUT also draws the nodes of the last result (its selection, or\n"
    "the nodes its rows name by id) and the edges between them, as DOT, SVG,\n"
    "PNG or PDF by OUT's extension (see 'relgraph render --help').\n"
    "\n"
    "--audience public runs the query on the public part of the catalogue:\n"
    "every element whose confidentiality (the schema's role\n"
    "confidentiality_attr) is not one of its public_values is withheld.\n"
    "--max-steps N sets the query's work budget: at most N tests of a condition\n"
    "(one term of a 'where' on one node or row) in all; default 20000000.\n"
    "Past it the query stops with an error.  (paths has its own: max_steps.)\n"
    "\n"
    "The grammar and every construct: docs/query.md.  Errors give the line and\n"
    "column, the line, and a caret under the fault.  Exit status: 0 on success,\n"
    "1 on an error in the query or the catalogue, 2 for a wrong command line.\n";

/* Prints each result, and keeps the nodes of the last one for --render. */
typedef struct query_run {
    cli_run print;
    int64_t *nodes;
    size_t nnodes;
    char *title;
    int oom;
} query_run;

static rg_status collect(void *ctx, const rg_result *r, rg_output out, rg_error *err)
{
    query_run *q = ctx;
    rg_status st = cli_print_results(&q->print, r, out, err);
    if (st != RG_OK)
        return st;
    free(q->nodes);
    free(q->title);
    q->nodes = NULL;
    q->nnodes = 0;
    q->title = strdup(r->title ? r->title : "query");
    if (r->nodes) {
        q->nodes = malloc((r->nnodes ? r->nnodes : 1) * sizeof *q->nodes);
        if (q->nodes)
            memcpy(q->nodes, r->nodes, r->nnodes * sizeof *q->nodes);
        q->nnodes = r->nnodes;
    } else if (r->ntables) {
        /* rows that name nodes by id: a table's "id" column */
        const rg_table *t = &r->tables[0];
        int col = rg_table_col(t, "id");
        q->nodes = malloc((t->nrows ? t->nrows : 1) * sizeof *q->nodes);
        for (size_t i = 0; q->nodes && col >= 0 && i < t->nrows; i++) {
            const rg_cell *cell = rg_table_cell(t, i, (size_t)col);
            int64_t v = cell->type == RG_CELL_TEXT ? rg_graph_find_id(r->g, cell->u.s) : -1;
            if (v >= 0)
                q->nodes[q->nnodes++] = v;
        }
    }
    if (q->nodes == NULL || q->title == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    return RG_OK;
}

/* Draws the nodes the query left in RUN into PATH. */
static int render_selection(const rg_graph *g, const query_run *run, const char *path)
{
    render_args ra;
    memset(&ra, 0, sizeof ra);
    rg_render_opts o;
    uint64_t *fold = NULL;
    int rc = render_opts_from_args("query", g, &ra, &o, &fold);
    if (rc != 0)
        return rc;
    rg_format fmt;
    rg_error err;
    rg_view v;
    memset(&v, 0, sizeof v);
    char *data = NULL;
    size_t len = 0;
    rc = EXIT_INVALID;
    if (run->nnodes == 0)
        cli_error("query: --render: the query's last result names no node to draw");
    else if (rg_format_from_path(path, &fmt, &err) != RG_OK ||
             rg_view_nodes(g, &o, run->nodes, run->nnodes, run->title, &v, &err) != RG_OK ||
             rg_render(&v, &o, fmt, &data, &len, &err) != RG_OK)
        cli_error("query: --render: %s", err.text);
    else
        rc = render_write("query", path, g->file, data, len);
    free(data);
    rg_view_destroy(&v);
    free(fold);
    return rc;
}

int cmd_query(cli *c, int argc, char **argv)
{
    const char *format = NULL, *inline_text = NULL, *render_to = NULL, *audience = NULL;
    const char *steps = NULL;
    const char *file = NULL;
    const opt opts[] = {{"format", 1, &format, NULL, 0},    {"expr", 1, &inline_text, NULL, 'e'},
                        {"render", 1, &render_to, NULL, 0}, {"audience", 1, &audience, NULL, 0},
                        {"max-steps", 1, &steps, NULL, 0},  {NULL, 0, NULL, NULL, 0}};
    const char *pos[1];
    size_t npos;
    int want_help;
    int prc = cli_parse("query", argc, argv, opts, pos, 1, &npos, &want_help);
    if (prc != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    if ((npos == 1) == (inline_text != NULL)) {
        cli_error("query: give a query file or -e 'TEXT' (one of them); see 'relgraph query "
                  "--help'");
        return EXIT_USAGE;
    }
    int json = cli_format("query", format);
    if (json < 0)
        return EXIT_USAGE;
    if (render_to) {
        rg_format fmt;
        rg_error ferr;
        if (rg_format_from_path(render_to, &fmt, &ferr) != RG_OK) {
            cli_error("query: --render: %s", ferr.text);
            return EXIT_USAGE;
        }
    }
    unsigned long long max_steps = 0;
    if (steps) {
        char *end;
        errno = 0;
        max_steps = strtoull(steps, &end, 10);
        if (!isdigit((unsigned char)*steps) || *end || errno || max_steps == 0) {
            cli_error("query: --max-steps takes a whole number from 1, not '%s'", steps);
            return EXIT_USAGE;
        }
    }
    char *text = NULL;
    size_t len = 0;
    rg_error err;
    memset(&err, 0, sizeof err);
    if (npos == 1) {
        file = pos[0];
        if (rg_read_file_max(file, RG_READ_MAX_QUERY, &text, &len, &err) != RG_OK) {
            cli_error("query: %s", err.text);
            return EXIT_INVALID;
        }
    } else {
        file = "query";
        len = strlen(inline_text);
        text = malloc(len + 1);
        if (text == NULL) {
            cli_error("out of memory");
            return EXIT_INVALID;
        }
        memcpy(text, inline_text, len + 1);
    }
    int rc = EXIT_INVALID;
    rg_query *q = NULL;
    rg_graph *g = NULL;
    if (rg_query_parse(file, text, len, &q, &err) != RG_OK) {
        cli_query_error(&err, text, len);
        goto out;
    }
    rg_graph *base = NULL;
    rg_withheld withheld;
    rg_query_set_max_steps(q, (size_t)max_steps);
    if ((g = cli_load(c, NULL)) == NULL)
        goto out;
    int arc = cli_audience("query", audience, &g, &base, &withheld);
    if (arc != 0) {
        rc = arc;
        rg_graph_free(base);
        goto out;
    }
    query_run run;
    memset(&run, 0, sizeof run);
    run.print.json = json;
    run.print.command = "query";
    if (rg_query_run(q, g, collect, &run, &err) != RG_OK) {
        cli_query_error(&err, text, len);
        if (run.print.begun)
            rg_buf_destroy(&run.print.env.buf);
        goto out_run;
    }
    if (cli_run_finish(&run.print, g) != 0)
        goto out_run;
    rc = render_to ? render_selection(g, &run, render_to) : 0;
out_run:
    free(run.nodes);
    free(run.title);
    rg_graph_free(g);
    g = base;
out:
    rg_query_free(q);
    rg_graph_free(g);
    free(text);
    return rc;
}

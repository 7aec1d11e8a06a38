/* cmd_query.c: `relgraph query FILE` and `relgraph query -e 'TEXT'`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../load/rg_load.h"
#include "../query/rg_query.h"
#include "cli.h"
#include "cli_query.h"

static const char help[] =
    "usage: relgraph [--graph FILE] query FILE [--format text|json]\n"
    "       relgraph [--graph FILE] query -e 'TEXT' [--format text|json]\n"
    "\n"
    "Runs a query of relgraph's query language: select nodes by kind and\n"
    "attributes, follow edges, run an analysis on a selection, filter and sort\n"
    "its table, choose the output.  For example:\n"
    "\n"
    "  relgraph query -e 'gaps | where status = \"no-ssr-clause\"'\n"
    "  relgraph query -e 'nodes agreement | where text_located = false and date >= 2015'\n"
    "  relgraph query queries/key-person-risk.rgq\n"
    "\n"
    "The grammar and every construct: docs/query.md.  Errors give the line and\n"
    "column, the line, and a caret under the fault.  Exit status: 0 on success,\n"
    "1 on an error in the query or the catalogue, 2 for a wrong command line.\n";

int cmd_query(cli *c, int argc, char **argv)
{
    const char *format = NULL, *inline_text = NULL;
    const char *file = NULL;
    const opt opts[] = {{"format", 1, &format, NULL, 0},
                        {"expr", 1, &inline_text, NULL, 'e'},
                        {NULL, 0, NULL, NULL, 0}};
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
    char *text = NULL;
    size_t len = 0;
    rg_error err;
    memset(&err, 0, sizeof err);
    if (npos == 1) {
        file = pos[0];
        if (rg_read_file(file, &text, &len, &err) != RG_OK) {
            cli_error("query: unable to read '%s': %s", file, err.text);
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
    if ((g = cli_load(c, NULL)) == NULL)
        goto out;
    cli_run run = {json, 0};
    if (rg_query_run(q, g, cli_print_results, &run, &err) != RG_OK) {
        cli_query_error(&err, text, len);
        goto out;
    }
    rc = 0;
out:
    rg_query_free(q);
    rg_graph_free(g);
    free(text);
    return rc;
}

/* cmd_check.c: `relgraph check [FILE]`: validate a catalogue. */
#include <stdio.h>

#include "../load/rg_load.h"
#include "cli.h"

static const char help[] =
    "usage: relgraph [--graph FILE] check [FILE]\n"
    "\n"
    "Validates a catalogue (default: the --graph file, else the default catalogue)\n"
    "against its schema: JSON syntax, duplicate keys, duplicate ids, unknown kinds,\n"
    "required and typed attributes, dates, edge endpoints and the kinds each edge\n"
    "kind may join, and citations.  Prints every error (up to 50) as\n"
    "FILE:LINE:COLUMN: message on standard error and exits 1; prints\n"
    "'FILE: ok (N nodes, M edges)' and exits 0 when the file is valid.\n"
    "The format is described in docs/format.md.\n";

int cmd_check(cli *c, int argc, char **argv)
{
    const char *pos[1];
    size_t npos;
    int want_help;
    if (cli_parse("check", argc, argv, NULL, pos, 1, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    rg_graph *g = cli_load(c, npos ? pos[0] : NULL);
    if (g == NULL)
        return EXIT_INVALID;
    rg_buf b;
    rg_buf_init(&b);
    rg_buf_printf(&b, "%s: ok (%zu nodes, %zu edges)\n", g->file, g->nnodes, g->nedges);
    int rc = cli_emit(&b);
    rg_buf_destroy(&b);
    rg_graph_free(g);
    return rc;
}

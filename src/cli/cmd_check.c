/* cmd_check.c: `relgraph check [FILE]`: validate a catalogue. */
#include <stdio.h>

#include "../load/rg_load.h"
#include "cli.h"
#include "cli_json.h"

static const char help[] =
    "usage: relgraph [--graph FILE] check [FILE]\n"
    "\n"
    "Validates a catalogue (default: the --graph file, else the default catalogue)\n"
    "against its schema: JSON syntax, duplicate keys, duplicate ids, unknown kinds,\n"
    "required and typed attributes, dates, edge endpoints and the kinds each edge\n"
    "kind may join, and citations.  Prints every error (up to 50) as\n"
    "FILE:LINE:COLUMN: message on standard error and exits 1; prints\n"
    "'FILE: ok (N nodes, M edges)' and exits 0 when the file is valid.\n"
    "The format is described in docs/format.md.\n"
    "\n"
    "options:\n"
    "  --format text|json  text for people (default) or JSON for programs: the\n"
    "                      envelope of docs/output.md, its errors with file, line\n"
    "                      and column\n";

int cmd_check(cli *c, int argc, char **argv)
{
    const char *pos[1], *format = NULL;
    size_t npos;
    int want_help;
    const opt opts[] = {{"format", 1, &format, NULL, 0}, {NULL, 0, NULL, NULL, 0}};
    if (cli_parse("check", argc, argv, opts, pos, 1, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    int json = cli_format("check", format);
    if (json < 0)
        return EXIT_USAGE;
    c->check_all = 1; /* a compiled catalogue: every part, not only what a command reads */
    rg_graph *g = cli_load(c, npos ? pos[0] : NULL);
    if (g == NULL)
        return EXIT_INVALID;
    int rc;
    if (json) {
        cli_env e;
        cli_env_begin(&e, "check", g, NULL);
        cli_env_options(&e, NULL, NULL, 0);
        cli_env_result(&e);
        rg_jsonw_object(&e.w);
        rg_jsonw_key(&e.w, "valid");
        rg_jsonw_bool(&e.w, 1);
        rg_jsonw_key(&e.w, "nodes");
        rg_jsonw_int(&e.w, (long long)g->nnodes);
        rg_jsonw_key(&e.w, "edges");
        rg_jsonw_int(&e.w, (long long)g->nedges);
        rg_jsonw_end(&e.w);
        rc = cli_env_end(&e);
    } else {
        rg_buf b;
        rg_buf_init(&b);
        rg_buf_printf(&b, "%s: ok (%zu nodes, %zu edges)\n", g->file, g->nnodes, g->nedges);
        rc = cli_emit(&b);
        rg_buf_destroy(&b);
    }
    rg_graph_free(g);
    return rc;
}

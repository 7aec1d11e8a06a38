/* cmd_links.c: `relgraph links FROM TO`: who links them, with sources.
 *
 * A front over the paths analysis (src/analysis/rg_paths.c), run through
 * the registry like every analysis; this file only words its result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_links.h"
#include "../analysis/rg_result.h"
#include "../load/rg_load.h"
#include "../query/rg_call.h"
#include "cli.h"
#include "cli_json.h"

static const char help[] =
    "usage: relgraph [--graph FILE] links FROM TO [options]\n"
    "\n"
    "Lists the shortest connections between two nodes, each explained as\n"
    "sentences that cite their sources.  FROM and TO are ids, names, short names\n"
    "or aliases, matched case-insensitively ('ICANN', 'apwg',\n"
    "'Anti-Phishing Working Group').  Edges are followed in either direction.\n"
    "\n"
    "options:\n"
    "  --max-hops N        every simple path of at most N hops, shortest first\n"
    "                      (default: the shortest connections only)\n"
    "  --limit N           at most N connections (default 20); the output says\n"
    "                      when there were more\n"
    "  --only-nodes K,...  pass only through nodes of these kinds ('person')\n"
    "  --not-nodes K,...   never pass through nodes of these kinds ('agreement')\n"
    "  --only-edges K,...  follow only edges of these kinds\n"
    "  --not-edges K,...   never follow edges of these kinds\n"
    "  --no-merge          count connections through nodes that may be the same\n"
    "                      (alias edges, the schema's role alias_edges) apart\n"
    "  --format text|json  text for people (default) or JSON for programs\n"
    "\n"
    "Edge kinds the schema marks \"in_paths\": false (regions) are followed only\n"
    "when --only-edges names them.  Two connections that differ only by nodes\n"
    "joined by an alias edge (one relationship stated by two sources) count once;\n"
    "the second is shown as another statement of the first.  This is the query\n"
    "function paths(from: ..., to: ...) (docs/query.md).\n"
    "Exit status: 0 when connected, 1 when not\n"
    "(or on an error), 2 for a wrong command line.  The JSON format is described\n"
    "in docs/output.md.\n";

static long long total(const rg_result *r, const char *name)
{
    for (size_t i = 0; i < r->ntotals; i++)
        if (strcmp(r->totals[i].name, name) == 0)
            return r->totals[i].value;
    return 0;
}

/* The nodes of the connection whose steps are rows [I, J): each step's
 * "from", then the last "to". */
static void path_head(const rg_result *r, const rg_table *t, size_t i, size_t j, rg_buf *b)
{
    const rg_graph *g = r->g;
    int fc = rg_table_col(t, "from"), tc = rg_table_col(t, "to");
    for (size_t k = i; k < j; k++) {
        int64_t v = rg_graph_find_id(g, rg_table_cell(t, k, (size_t)fc)->u.s);
        rg_buf_printf(b, "%s%s", k > i ? " -- " : "", rg_node_label(g, &g->nodes[v]));
    }
    int64_t z = rg_graph_find_id(g, rg_table_cell(t, j - 1, (size_t)tc)->u.s);
    rg_buf_printf(b, " -- %s", rg_node_label(g, &g->nodes[z]));
}

static void steps_text(const rg_result *r, rg_buf *b)
{
    const rg_table *t = &r->tables[0];
    int nc = rg_table_col(t, "connection"), ac = rg_table_col(t, "alternative");
    int xc = rg_table_col(t, "text"), cc = rg_table_col(t, "cites");
    for (size_t i = 0; i < t->nrows;) {
        const rg_cell *n = rg_table_cell(t, i, (size_t)nc), *a = rg_table_cell(t, i, (size_t)ac);
        size_t j = i + 1;
        while (j < t->nrows && rg_table_cell(t, j, (size_t)nc)->u.i == n->u.i &&
               rg_table_cell(t, j, (size_t)ac)->type == a->type &&
               (a->type == RG_CELL_NULL || rg_table_cell(t, j, (size_t)ac)->u.i == a->u.i))
            j++;
        if (a->type == RG_CELL_NULL) {
            rg_buf_printf(b, "\n%lld. ", n->u.i);
        } else {
            rg_buf_puts(b, "   The same connection, also stated as ");
        }
        path_head(r, t, i, j, b);
        rg_buf_puts(b, a->type == RG_CELL_NULL ? "\n" : ":\n");
        for (size_t k = i; k < j; k++) {
            rg_buf_puts(b, "   ");
            rg_cell_format(r->g, rg_table_cell(t, k, (size_t)xc), b);
            rg_buf_putc(b, ' ');
            rg_cell_format(r->g, rg_table_cell(t, k, (size_t)cc), b);
            rg_buf_puts(b, ".\n");
        }
        i = j;
    }
}

static void links_text(const rg_graph *g, const rg_result *r, const int64_t *ends, int max_hops,
                       int filtered, rg_buf *b)
{
    rg_node_display(g, ends[0], b);
    rg_buf_puts(b, " -> ");
    rg_node_display(g, ends[1], b);
    rg_buf_puts(b, ": ");
    if (ends[0] == ends[1]) {
        rg_buf_puts(b, "the same node.\n");
        return;
    }
    long long n = total(r, "connections"), d = total(r, "shortest_hops");
    const char *more = total(r, "truncated") ? "; more exist, raise --limit" : "";
    if (d < 0) {
        rg_buf_printf(b, "no connection%s.\n", filtered ? " through the kinds allowed" : "");
        return;
    }
    if (max_hops)
        rg_buf_printf(b, "%lld connection%s of at most %d hops (the shortest has %lld)%s.\n", n,
                      n == 1 ? "" : "s", max_hops, d, more);
    else
        rg_buf_printf(b, "%lld shortest connection%s of %lld hop%s%s.\n", n, n == 1 ? "" : "s", d,
                      d == 1 ? "" : "s", more);
    if (max_hops && n == 0)
        rg_buf_printf(b, "(none within %d hops: use --max-hops %lld or more)\n", max_hops, d);
    if (total(r, "statements") > n)
        rg_buf_printf(b,
                      "(%lld statements: connections through nodes that may be the same count "
                      "once; --no-merge counts them apart)\n",
                      total(r, "statements"));
    steps_text(r, b);
}

int cmd_links(cli *c, int argc, char **argv)
{
    static const char *const names[] = {"max-hops",   "limit",     "only-nodes", "not-nodes",
                                        "only-edges", "not-edges", "no-merge"};
    const char *vals[7] = {NULL};
    const char *format = NULL;
    int no_merge = 0;
    opt opts[10];
    for (int i = 0; i < 6; i++)
        opts[i] = (opt){names[i], 1, &vals[i], NULL, 0};
    opts[6] = (opt){"no-merge", 0, NULL, &no_merge, 0};
    opts[7] = (opt){"format", 1, &format, NULL, 0};
    opts[8] = (opt){NULL, 0, NULL, NULL, 0};
    const char *pos[2];
    size_t npos;
    int want_help;
    if (cli_parse("links", argc, argv, opts, pos, 2, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    int json = cli_format("links", format);
    if (json < 0)
        return EXIT_USAGE;
    if (npos != 2) {
        cli_error("links: give two nodes, FROM and TO; see 'relgraph links --help'");
        return EXIT_USAGE;
    }
    rg_arg args[10];
    size_t nargs = 0;
    args[nargs++] = (rg_arg){"from", pos[0], 0, 0};
    args[nargs++] = (rg_arg){"to", pos[1], 0, 0};
    static const char *const params[] = {"max_hops",  "limit",      "only_nodes",
                                         "not_nodes", "only_edges", "not_edges"};
    for (int i = 0; i < 6; i++)
        if (vals[i])
            args[nargs++] = (rg_arg){params[i], vals[i], 0, 0};
    if (no_merge)
        args[nargs++] = (rg_arg){"no_merge", "true", 0, 0};
    int max_hops = vals[0] ? atoi(vals[0]) : 0;
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    int rc = EXIT_INVALID;
    int64_t ends[2];
    rg_error err;
    memset(&err, 0, sizeof err);
    for (int i = 0; i < 2; i++)
        if (rg_graph_resolve(g, pos[i], &ends[i], &err) != RG_OK) {
            cli_error("links: %s", err.text);
            goto out;
        }
    rg_result r;
    rg_status st = rg_call(g, "paths", args, nargs, NULL, &r, &err);
    if (st != RG_OK) {
        cli_error("links: %s", err.text);
        rc = st == RG_EUSAGE ? EXIT_USAGE : EXIT_INVALID;
        goto out;
    }
    rg_buf b;
    rg_buf_init(&b);
    if (json) {
        cli_env e;
        cli_env_begin(&e, "links", g, NULL);
        rg_jsonw_key(&e.w, "options");
        rg_result_options_json(&r, &e.w);
        cli_env_result(&e);
        rg_result_json_write(&r, &e.w);
        rc = cli_env_end(&e);
    } else {
        links_text(g, &r, ends, max_hops, vals[2] || vals[3] || vals[4] || vals[5], &b);
        rc = cli_emit(&b);
    }
    if (rc == 0 && total(&r, "shortest_hops") < 0 && ends[0] != ends[1])
        rc = EXIT_INVALID;
    rg_buf_destroy(&b);
    rg_result_destroy(&r);
out:
    rg_graph_free(g);
    return rc;
}

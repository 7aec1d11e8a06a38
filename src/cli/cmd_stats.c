/* cmd_stats.c: `relgraph stats`: counts by node and edge kind. */
#include <stdio.h>
#include <stdlib.h>

#include "../core/rg_jsonw.h"
#include "../load/rg_load.h"
#include "cli.h"

static const char help[] =
    "usage: relgraph [--graph FILE] stats [--format text|json]\n"
    "\n"
    "Counts the catalogue's nodes and edges by kind, in the schema's order\n"
    "(kinds with no element are listed with 0), and the citations.\n";

int cmd_stats(cli *c, int argc, char **argv)
{
    const char *format = NULL;
    const opt opts[] = {{"format", 1, &format, NULL}, {NULL, 0, NULL, NULL}};
    const char *pos[1];
    size_t npos;
    int want_help;
    if (cli_parse("stats", argc, argv, opts, pos, 0, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    int json = cli_format("stats", format);
    if (json < 0)
        return EXIT_USAGE;
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    const rg_schema *s = g->schema;
    size_t *nk = calloc(s->n_node_kinds + 1, sizeof *nk);
    size_t *ek = calloc(s->n_edge_kinds + 1, sizeof *ek);
    if (nk == NULL || ek == NULL) {
        free(nk);
        free(ek);
        rg_graph_free(g);
        cli_error("out of memory");
        return EXIT_INVALID;
    }
    size_t cites = 0, disputes = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        nk[g->nodes[i].kind]++;
        cites += g->nodes[i].p.ncites;
        disputes += g->nodes[i].p.ndisputes;
    }
    for (size_t i = 0; i < g->nedges; i++) {
        ek[g->edges[i].kind]++;
        cites += g->edges[i].p.ncites;
        disputes += g->edges[i].p.ndisputes;
    }
    rg_buf b;
    rg_buf_init(&b);
    if (json) {
        rg_jsonw w;
        rg_jsonw_init(&w, &b);
        rg_jsonw_object(&w);
        rg_jsonw_key(&w, "graph");
        rg_jsonw_string(&w, g->file);
        rg_jsonw_key(&w, "nodes");
        rg_jsonw_int(&w, (long long)g->nnodes);
        rg_jsonw_key(&w, "edges");
        rg_jsonw_int(&w, (long long)g->nedges);
        rg_jsonw_key(&w, "citations");
        rg_jsonw_int(&w, (long long)cites);
        rg_jsonw_key(&w, "disputes");
        rg_jsonw_int(&w, (long long)disputes);
        rg_jsonw_key(&w, "node_kinds");
        rg_jsonw_object(&w);
        for (size_t i = 0; i < s->n_node_kinds; i++) {
            rg_jsonw_key(&w, s->node_kinds[i].name);
            rg_jsonw_int(&w, (long long)nk[i]);
        }
        rg_jsonw_end(&w);
        rg_jsonw_key(&w, "edge_kinds");
        rg_jsonw_object(&w);
        for (size_t i = 0; i < s->n_edge_kinds; i++) {
            rg_jsonw_key(&w, s->edge_kinds[i].base.name);
            rg_jsonw_int(&w, (long long)ek[i]);
        }
        rg_jsonw_end(&w);
        rg_jsonw_end(&w);
        rg_buf_putc(&b, '\n');
    } else {
        rg_buf_printf(&b, "%s\n", g->title ? g->title : g->file);
        rg_buf_printf(&b, "nodes: %zu\n", g->nnodes);
        for (size_t i = 0; i < s->n_node_kinds; i++)
            rg_buf_printf(&b, "  %-20s %zu\n", s->node_kinds[i].name, nk[i]);
        rg_buf_printf(&b, "edges: %zu\n", g->nedges);
        for (size_t i = 0; i < s->n_edge_kinds; i++)
            rg_buf_printf(&b, "  %-20s %zu\n", s->edge_kinds[i].base.name, ek[i]);
        rg_buf_printf(&b, "citations: %zu\n", cites);
        rg_buf_printf(&b, "disputes: %zu\n", disputes);
    }
    int rc = cli_emit(&b);
    rg_buf_destroy(&b);
    free(nk);
    free(ek);
    rg_graph_free(g);
    return rc;
}
